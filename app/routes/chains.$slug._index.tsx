import { type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useLoaderData, useSearchParams } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { ChainMap } from '~/components/chain/chain-map'
import { FactorSource, formatFactor } from '~/components/chain/factor-source'
import { GapSettingsTable } from '~/components/chain/gap-settings-table'
import { LinkPanel } from '~/components/chain/link-panel'
import { SankeyView } from '~/components/chain/sankey-view'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { prisma } from '~/db.server'
import { formatQuantity } from '~/domain/chain/describe-flag'
import { linkSeverity } from '~/domain/chain/severity'
import { useLocale, useLocalizedName } from '~/i18n/use-localized'
import { loadChainPage } from '~/models/chain-page.server'
import { requirePermission } from '~/utils/auth.server'
import { pageTitle } from '~/utils/page-title'
import { readUrlYear } from '~/utils/url-period'

export async function loader({ request, params }: LoaderFunctionArgs) {
	const user = await requirePermission(request, 'read:any')
	const url = new URL(request.url)
	const page = await loadChainPage(prisma, user, {
		slug: params.slug ?? '',
		year: readUrlYear(url.searchParams, new Date().getUTCFullYear()),
		linkKey: url.searchParams.get('link'),
		withFunnel: url.searchParams.get('view') === 'funnel',
	})
	if (!page) throw new Response('Chain not found', { status: 404 })
	return page
}

type HandleData = Awaited<ReturnType<typeof loader>>
export const handle = pageTitle<HandleData>(({ chain }, { localized }) => localized(chain))

export default function ChainPage() {
	const data = useLoaderData<typeof loader>()
	const { chain, analysis, year } = data
	const { t } = useTranslation()
	const locale = useLocale()
	const localized = useLocalizedName()
	const [searchParams, setSearchParams] = useSearchParams()
	const requested = searchParams.get('view')
	const view = requested === 'sankey' || requested === 'funnel' ? requested : 'map'
	const selectedKey = searchParams.get('link')
	const selected = chain.links.find((l) => l.key === selectedKey) ?? null
	const linkName = (id: string) => localized(chain.links.find((l) => l.id === id))

	function select(linkId: string) {
		const key = chain.links.find((l) => l.id === linkId)?.key
		if (!key) return
		const next = new URLSearchParams(searchParams)
		next.set('link', key)
		setSearchParams(next, { preventScrollReset: true, replace: true })
	}
	const viewHref = (v: 'map' | 'sankey' | 'funnel') => {
		const next = new URLSearchParams(searchParams)
		if (v === 'map') next.delete('view')
		else next.set('view', v)
		return `?${next}`
	}

	return (
		<>
			<p className="no-print">
				<Link to="/chains">← {t('chains.title')}</Link>
			</p>
			<h1>{localized(chain)}</h1>
			{chain.description ? <p className="intro">{chain.description}</p> : null}
			<div className="toolbar no-print">
				<Form method="get" className="inline-form">
					{selectedKey ? <input type="hidden" name="link" value={selectedKey} /> : null}
					{view !== 'map' ? <input type="hidden" name="view" value={view} /> : null}
					<label>
						{t('gaps.year')} <input type="number" name="year" min={2000} max={2100} defaultValue={year} className="input-year" list="figure-years" />
					</label>{' '}
					{/* Years that have figures, offered as suggestions. */}
					<datalist id="figure-years">
						{data.years.map((y) => (
							<option key={y} value={y} />
						))}
					</datalist>
					<button type="submit">{t('gaps.apply')}</button>
				</Form>
				<nav className="view-switch" aria-label={t('gaps.viewMap')}>
					<Link to={viewHref('map')} aria-current={view === 'map' ? 'page' : undefined} preventScrollReset>
						{t('gaps.viewMap')}
					</Link>
					<Link to={viewHref('sankey')} aria-current={view === 'sankey' ? 'page' : undefined} preventScrollReset>
						{t('gaps.viewSankey')}
					</Link>
					<Link to={viewHref('funnel')} aria-current={view === 'funnel' ? 'page' : undefined} preventScrollReset data-testid="view-funnel">
						{t('funnel.view')}
					</Link>
				</nav>
				<Link to={`/chains/${chain.slug}/targets?year=${year}`}>{t('gaps.targets.title')}</Link>
				<Link to={`/chains/${chain.slug}/funnel?year=${year}`} data-testid="open-funnel">
					{t('funnel.open')}
				</Link>
				<Link to={`/chains/${chain.slug}/scenarios?year=${year}`} data-testid="open-scenarios">
					{t('scenarios.open')}
				</Link>
				{data.canEdit ? <Link to={`/chains/${chain.slug}/edit`}>{t('gaps.edit')}</Link> : null}
			</div>
			{data.hasSampleData ? <p className="badge badge-sample sample-note">{t('gaps.sampleNote')}</p> : null}

			<div className="map-layout">
				<div className="map-main">
					{view === 'sankey' ? (
						<SankeyView data={data} onSelect={select} />
					) : (
						<ChainMap data={data} selectedId={selected?.id ?? null} onSelect={select} progress={view === 'funnel' ? data.progress : null} />
					)}
				</div>
				{selected && data.panel?.linkId === selected.id ? <LinkPanel data={data} panel={data.panel} /> : null}
			</div>

			<h2>{t('gaps.table')}</h2>
			<table className="data-table stack-table" data-testid="gap-table">
				<thead>
					<tr>
						<th>{t('gaps.link')}</th>
						<th>{t('chains.stage')}</th>
						<th className="num">{t('gaps.supply')}</th>
						<th className="num">{t('gaps.demand')}</th>
						<th className="num">{t('gaps.coverage')}</th>
						<th className="num">{t('gaps.localFirmCount')}</th>
						<th>{t('gaps.severityColumn')}</th>
						<th>{t('gaps.flagsColumn')}</th>
					</tr>
				</thead>
				<tbody>
					{analysis.links.map((la) => {
						const link = chain.links.find((l) => l.id === la.linkId)!
						return (
							<tr key={la.linkId} className={`severity-row severity-${linkSeverity(la)}`}>
								<td>
									<Link to={`?${new URLSearchParams({ ...Object.fromEntries(searchParams), link: link.key })}`} preventScrollReset>
										{localized(link)}
									</Link>
								</td>
								<td data-label={t('chains.stage')}>{t(`stages.${link.stage}`)}</td>
								<td className="num" data-label={t('gaps.supply')}>
									{la.supply === null ? '—' : formatQuantity(la.supply, link.unit, locale, 2)}
								</td>
								<td className="num" data-label={t('gaps.demand')}>
									{la.demand > 0 ? formatQuantity(la.demand, link.unit, locale, 2) : '—'}
									{la.demandComplete ? null : <span className="factor-unknown"> {t('chains.factorUnknown')}</span>}
								</td>
								<td className="num" data-label={t('gaps.coverage')}>
									{la.coverage === null ? '—' : `${Math.round(la.coverage * 100)}%`}
								</td>
								<td className="num" data-label={t('gaps.localFirmCount')}>
									{la.localFirmCount}
								</td>
								<td data-label={t('gaps.severityColumn')}>{t(`gaps.severity.${linkSeverity(la)}`)}</td>
								<td data-label={t('gaps.flagsColumn')}>
									{la.flags.map((f) => (
										<span key={f.code} className={`badge flag-${f.severity}`}>
											{t(`gaps.flags.${f.code}`)}
										</span>
									))}
								</td>
							</tr>
						)
					})}
				</tbody>
			</table>

			<h2>{t('chains.edgeList')}</h2>
			<table className="data-table stack-table" data-testid="chain-edges">
				<thead>
					<tr>
						<th>{t('chains.upstream')}</th>
						<th>{t('chains.downstream')}</th>
						<th>{t('chains.factor')}</th>
						<th>{t('chains.confidence')}</th>
						<th>{t('app.source')}</th>
					</tr>
				</thead>
				<tbody>
					{chain.edges.map((edge) => (
						<tr key={edge.id}>
							<td data-label={t('chains.upstream')}>{linkName(edge.fromLinkId)}</td>
							<td data-label={t('chains.downstream')}>{linkName(edge.toLinkId)}</td>
							<td data-label={t('chains.factor')}>
								{edge.factor === null ? (
									<span className="factor-unknown">{t('chains.factorUnknown')}</span>
								) : (
									<>
										{formatFactor(edge.factor, locale)} {edge.factorUnit}
										{edge.factorLow !== null || edge.factorHigh !== null ? (
											<span className="muted">
												{' '}
												({t('chains.factorRange')} {edge.factorLow === null ? '?' : formatFactor(edge.factorLow, locale)}–
												{edge.factorHigh === null ? '?' : formatFactor(edge.factorHigh, locale)})
											</span>
										) : null}
									</>
								)}
							</td>
							<td data-label={t('chains.confidence')}>{edge.confidence}</td>
							<td className="source" data-label={t('app.source')}>
								<FactorSource edge={edge} />
							</td>
						</tr>
					))}
				</tbody>
			</table>

			<GapSettingsTable />
			{chain.source ? (
				<p className="source">
					{t('app.source')}: {chain.source}
				</p>
			) : null}
		</>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
