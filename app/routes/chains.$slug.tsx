import { type LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { SampleBadge } from '~/components/sample-badge'
import { prisma } from '~/db.server'
import { useLocale, useLocalizedName } from '~/i18n/use-localized'
import { getChainDetail } from '~/models/chain.server'
import { requirePermission } from '~/utils/auth.server'
import { formatNumber } from '~/utils/format'

export async function loader({ request, params }: LoaderFunctionArgs) {
	await requirePermission(request, 'read:any')
	const chain = await getChainDetail(prisma, params.slug ?? '')
	if (!chain) throw new Response('Chain not found', { status: 404 })
	const edges = [...chain.edges].sort(
		(a, b) => a.fromLink.sortOrder - b.fromLink.sortOrder || a.toLink.sortOrder - b.toLink.sortOrder,
	)
	return { chain: { ...chain, edges } }
}

export default function ChainPage() {
	const { chain } = useLoaderData<typeof loader>()
	const locale = useLocale()
	const { t } = useTranslation()
	const localized = useLocalizedName()
	return (
		<>
			<p>
				<Link to="/chains">← {t('chains.title')}</Link>
			</p>
			<h1>{localized(chain)}</h1>
			{chain.description ? <p className="intro">{chain.description}</p> : null}
			{chain.source ? (
				<p className="source">
					{t('app.source')}: {chain.source}
				</p>
			) : null}

			<h2>{t('chains.linkList')}</h2>
			<table className="data-table" data-testid="chain-links">
				<thead>
					<tr>
						<th>{t('chains.linkList')}</th>
						<th>{t('chains.stage')}</th>
						<th>{t('chains.unit')}</th>
						<th>{t('chains.companiesAtLink')}</th>
					</tr>
				</thead>
				<tbody>
					{chain.links.map((link) => (
						<tr key={link.id}>
							<td>{localized(link)}</td>
							<td>{t(`stages.${link.stage}`, { defaultValue: link.stage })}</td>
							<td>{link.unit}</td>
							<td>
								{link.companies.length === 0 ? (
									<span className="muted">{t('app.none')}</span>
								) : (
									<ul className="plain-list">
										{link.companies.map((cl) => (
											<li key={`${cl.company.id}-${cl.year ?? ''}`}>
												{cl.company.name}{' '}
												<span className="muted">
													({cl.company.isLocal ? t('companies.isLocal') : t('companies.isExternal')}
													{cl.year ? ` · ${cl.year}` : ''}
													{cl.capacity !== null ? ` · ${t('chains.capacity')} ${formatNumber(cl.capacity, locale)} ${link.unit}` : ''}
													{cl.output !== null ? ` · ${t('chains.output')} ${formatNumber(cl.output, locale)} ${link.unit}` : ''})
												</span>{' '}
												<SampleBadge show={cl.isSample || cl.company.isSample} />
											</li>
										))}
									</ul>
								)}
							</td>
						</tr>
					))}
				</tbody>
			</table>

			<h2>{t('chains.edgeList')}</h2>
			<table className="data-table" data-testid="chain-edges">
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
							<td>{localized(edge.fromLink)}</td>
							<td>{localized(edge.toLink)}</td>
							<td>
								{edge.factor === null ? (
									<span className="factor-unknown">{t('chains.factorUnknown')}</span>
								) : (
									<>
										{formatNumber(edge.factor, locale)} {edge.factorUnit}
										{edge.factorLow !== null || edge.factorHigh !== null ? (
											<span className="muted">
												{' '}
												({t('chains.factorRange')} {formatNumber(edge.factorLow, locale) || '?'}–
												{formatNumber(edge.factorHigh, locale) || '?'})
											</span>
										) : null}
									</>
								)}
							</td>
							<td>{edge.confidence}</td>
							<td className="source">
								{edge.referenceId ? `${edge.referenceId}: ` : ''}
								{edge.source}
							</td>
						</tr>
					))}
				</tbody>
			</table>
		</>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
