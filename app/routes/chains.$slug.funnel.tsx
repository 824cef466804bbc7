import { type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useLoaderData, useLocation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { type FunnelScope } from '~/components/funnel/funnel-count'
import { FunnelStageTable } from '~/components/funnel/funnel-stage-table'
import { FunnelLinksTable, FunnelResponsibleTable } from '~/components/funnel/funnel-tables'
import { prisma } from '~/db.server'
import { linkSeverity, rankLinks } from '~/domain/chain/severity'
import { FUNNEL_SPANS, funnelPeriodFromSearch, periodSpan } from '~/domain/funnel/query'
import { periodSlug } from '~/domain/report/period'
import { i18nFor } from '~/i18n/i18n'
import { getLocale } from '~/i18n/locale.server'
import { useLocale, useLocalizedName } from '~/i18n/use-localized'
import { loadChainFunnel } from '~/models/funnel.server'
import { requirePermission } from '~/utils/auth.server'
import { pageTitle } from '~/utils/page-title'
import { todayInChina } from '~/utils/today'

/**
 * /chains/:slug/funnel?year=2026&span=q2[&link=key]: 链上转化 (ADR 0032) — the chain's funnel from
 * the gap finder's prospects to producing projects for a year, quarter or month, per link, unit and
 * owner, as the viewer's regions see it; &link= shows one link's funnel stage by stage.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
	const user = await requirePermission(request, 'read:any')
	const url = new URL(request.url)
	const today = todayInChina()
	const parsed = funnelPeriodFromSearch(url.searchParams, today)
	if (!parsed.ok) {
		const { t } = i18nFor(await getLocale(request))
		throw new Response(t(parsed.error.key, parsed.error.values), { status: 400, headers: { 'Content-Type': 'text/plain; charset=utf-8' } })
	}
	const { period } = parsed
	const funnel = await loadChainFunnel(prisma, {
		chain: params.slug ?? '',
		year: period.year,
		window: { start: period.start, end: period.end, asOf: today },
		scope: user.scope,
	})
	if (!funnel) throw new Response('Chain not found', { status: 404 })
	const { chain, analysis } = funnel.gap
	const linkById = new Map(chain.links.map((l) => [l.id, l]))
	const funnelById = new Map(funnel.links.map((l) => [l.linkId, l]))
	const selected = chain.links.find((l) => l.key === url.searchParams.get('link')) ?? null
	return {
		chain: { slug: chain.slug, name: chain.name, nameEn: chain.nameEn },
		period,
		asOf: today,
		currentYear: Number(today.slice(0, 4)),
		selectedKey: selected?.key ?? null,
		// Weak links first, as the map's legend ranks them.
		links: rankLinks(analysis.links).map((la) => {
			const link = linkById.get(la.linkId)!
			const f = funnelById.get(la.linkId)!
			return {
				key: link.key,
				name: link.name,
				nameEn: link.nameEn,
				severity: linkSeverity(la),
				flags: f.flags,
				level: f.level,
				prospects: f.prospects,
				figures: f.figures,
				units: f.units,
			}
		}),
		total: funnel.total,
		prospects: funnel.prospects,
		byUnit: funnel.byUnit.map((u) => ({ id: u.id, unit: u.unit, figures: u.figures })),
		byOwner: funnel.byOwner.map((o) => ({ id: o.id, owner: o.owner, figures: o.figures })),
		unitNames: funnel.unitNames,
	}
}

export const handle = pageTitle<Awaited<ReturnType<typeof loader>>>(({ chain }, { t, localized }) => t('funnel.pageTitle', { chain: localized(chain) }))

export default function ChainFunnelPage() {
	const data = useLoaderData<typeof loader>()
	const { chain, period, asOf } = data
	const { t } = useTranslation()
	const locale = useLocale()
	const localized = useLocalizedName()
	const location = useLocation()
	const span = periodSpan(period)
	const pageQuery = (link: string | null) => {
		const query = new URLSearchParams({ year: String(period.year) })
		if (span) query.set('span', span)
		if (link) query.set('link', link)
		return `?${query}`
	}
	const scope: FunnelScope = { funnel: chain.slug, funnelPeriod: periodSlug(period) }
	const prospectsHref = (key: string | null) => `/chains/${chain.slug}/targets?year=${period.year}${key ? `&link=${key}` : ''}`
	const selected = data.links.find((l) => l.key === data.selectedKey) ?? null
	const monthName = (month: number) => new Intl.DateTimeFormat(locale, { month: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(period.year, month - 1, 1)))

	return (
		<>
			<p className="no-print">
				<Link to={`/chains/${chain.slug}?year=${period.year}`}>← {localized(chain)}</Link>
			</p>
			<h1>{t('funnel.pageTitle', { chain: localized(chain) })}</h1>
			<p className="intro">{t('funnel.intro', { asOf })}</p>
			<p className="muted">{t('funnel.scope')}</p>
			{/* key: a link to another period shows it in the picker too. */}
			<Form method="get" className="toolbar no-print" aria-label={t('funnel.picker.label')} key={location.search}>
				{data.selectedKey ? <input type="hidden" name="link" value={data.selectedKey} /> : null}
				<label>
					{t('funnel.picker.year')}{' '}
					<input type="number" name="year" min={2000} max={data.currentYear} required defaultValue={period.year} className="input-year" />
				</label>
				<label>
					{t('funnel.picker.span')}{' '}
					<select name="span" defaultValue={span}>
						{FUNNEL_SPANS.map((value) => (
							<option key={value} value={value}>
								{value === ''
									? t('funnel.picker.whole')
									: value.startsWith('q')
										? t('funnel.picker.quarter', { quarter: value.slice(1) })
										: t('funnel.picker.month', { month: value.slice(1), monthName: monthName(Number(value.slice(1))) })}
							</option>
						))}
					</select>
				</label>
				<button type="submit">{t('funnel.picker.show')}</button>
				<Link to={`/chains/${chain.slug}?year=${period.year}&view=funnel`}>{t('funnel.view')}</Link>
			</Form>

			<section aria-labelledby="funnel-summary">
				<h2 id="funnel-summary">
					{selected ? t('funnel.linkFunnel', { link: localized(selected) }) : t('funnel.wholeChain')} ·{' '}
					{t(`reports.periods.${period.kind}`, {
						year: period.year,
						month: period.month,
						quarter: period.quarter,
						monthName: period.month ? monthName(period.month) : '',
					})}
				</h2>
				{selected ? (
					<p className="no-print">
						<Link to={pageQuery(null)} preventScrollReset>
							{t('funnel.showWholeChain')}
						</Link>
					</p>
				) : (
					<p className="muted">{t('funnel.wholeChainNote')}</p>
				)}
				<FunnelStageTable
					figures={selected ? selected.figures : data.total}
					prospects={selected ? selected.prospects : data.prospects}
					prospectsHref={prospectsHref(selected?.key ?? null)}
					scope={selected ? { ...scope, funnelLink: selected.key } : scope}
					caption={selected ? t('funnel.linkFunnel', { link: localized(selected) }) : t('funnel.wholeChain')}
				/>
				{data.total.pursuits === 0 ? <p>{t('funnel.empty')}</p> : null}
			</section>

			<h2>{t('funnel.linksTitle')}</h2>
			<p className="muted">{t('funnel.linksIntro')}</p>
			<FunnelLinksTable rows={data.links} scope={scope} unitNames={data.unitNames} linkHref={(key) => pageQuery(key)} prospectsHref={prospectsHref} />

			<h2>{t('funnel.byUnitTitle')}</h2>
			<p className="muted">{t('funnel.byResponsibleIntro')}</p>
			<FunnelResponsibleTable
				by="unit"
				scope={scope}
				rows={data.byUnit.map((u) => ({ id: u.id, name: u.unit ? localized(u.unit) : t('funnel.noUnit'), figures: u.figures }))}
			/>
			<h2>{t('funnel.byOwnerTitle')}</h2>
			<FunnelResponsibleTable
				by="owner"
				scope={scope}
				rows={data.byOwner.map((o) => ({ id: o.id, name: o.owner?.name ?? t('funnel.noOwner'), figures: o.figures }))}
			/>

			<h2>{t('funnel.definitionsTitle')}</h2>
			<ul className="funnel-definitions">
				<li>{t('funnel.definitions.cohort', { asOf })}</li>
				<li>{t('funnel.definitions.link')}</li>
				<li>{t('funnel.definitions.stages')}</li>
				<li>{t('funnel.definitions.days')}</li>
			</ul>
		</>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
