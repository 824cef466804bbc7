import { type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useLoaderData, useLocation, useSearchParams } from '@remix-run/react'
import { Fragment } from 'react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { FilterDisclosure } from '~/components/filter-disclosure'
import { QuotaCard } from '~/components/quota/dashboard-quota'
import { UnitRanking } from '~/components/quota/dashboard-ranking'
import { StatusSummary } from '~/components/quota/dashboard-status'
import { OverviewTable } from '~/components/quota/overview-table'
import { RegionRankings } from '~/components/quota/region-figures'
import { ImportSavedNotice } from '~/components/quota/target-review-saved'
import { prisma } from '~/db.server'
import { roleHasPermission } from '~/domain/auth/roles'
import { parseDashboardQuery, QUOTA_STATUSES } from '~/domain/quota/dashboard'
import { overviewRow, parseOverviewSort, sortOverview } from '~/domain/quota/overview'
import { QUOTA_KINDS } from '~/domain/quota/rules'
import { SCORE_CAP } from '~/domain/quota/unit-ranking'
import { getLocale } from '~/i18n/locale.server'
import { useLocalizedName } from '~/i18n/use-localized'
import { loadQuotaDashboard } from '~/models/quota-dashboard.server'
import { requirePermission } from '~/utils/auth.server'
import { pageTitle } from '~/utils/page-title'
import { todayInChina } from '~/utils/today'

export async function loader({ request }: LoaderFunctionArgs) {
	const user = await requirePermission(request, 'read:any')
	const today = todayInChina()
	const params = new URL(request.url).searchParams
	const query = parseDashboardQuery(params, Number(today.slice(0, 4)))
	const sort = parseOverviewSort(params)
	const dashboard = await loadQuotaDashboard(prisma, query, today, user.scope)
	return {
		...dashboard,
		// The overview is made of the dashboard's figures, sorted on the server so the order lives in the URL.
		overview: sortOverview(dashboard.quotas.map(overviewRow), sort, await getLocale(request)),
		sort,
		canImport: roleHasPermission(user.role, 'write:quota'),
	}
}

export const handle = pageTitle('quotas.title')

export default function QuotaDashboard() {
	const { query, asOf, years, report, units, regions, total, statusCounts, quotas, overview, sort, ranking, regionRankings, hasQuotas, canImport } =
		useLoaderData<typeof loader>()
	const [searchParams] = useSearchParams()
	const location = useLocation()
	const { t } = useTranslation()
	const localized = useLocalizedName()
	const hrefWith = (changes: Record<string, string | null>) => {
		const next = new URLSearchParams(searchParams)
		// The import notice is said once; moving on drops it.
		next.delete('saved')
		next.delete('newUnits')
		for (const [name, value] of Object.entries(changes)) {
			if (value === null) next.delete(name)
			else next.set(name, value)
		}
		return `?${next}`
	}

	return (
		<div className="quota-dashboard">
			<div className="page-head">
				<h1>
					{t('quotas.title')} <span className="quota-year">{query.year}</span>
				</h1>
				{canImport ? (
					<Link to="/quotas/import" className="button-primary no-print">
						{t('quotas.importPolicy')}
					</Link>
				) : null}
			</div>
			<p className="intro">{t('quotas.intro')}</p>
			<ImportSavedNotice />

			<nav className="quota-reports no-print" aria-label={t('quotas.reportsLabel')}>
				<span className="muted">{t('quotas.reportsLabel')}</span>
				<Link to={`/reports/monthly?year=${query.year}&month=${report.month}`}>{t('quotas.reports.monthly', { month: report.month })}</Link>
				<Link to={`/reports/quarterly?year=${query.year}&quarter=${report.quarter}`}>{t('quotas.reports.quarterly', { quarter: report.quarter })}</Link>
				<Link to={`/reports/annual?year=${query.year}`}>{t('quotas.reports.annual', { year: query.year })}</Link>
			</nav>

			<FilterDisclosure active={[query.region, query.unit, query.status, query.kind].filter(Boolean).length}>
				{/* key: following a link to other filters shows them in the form too. */}
				<Form method="get" className="filter-bar quota-filters" role="search" aria-label={t('quotas.filters.label')} key={location.search}>
					<label>
						{t('quotas.filters.year')}{' '}
						<select name="year" defaultValue={query.year}>
							{years.map((year) => (
								<option key={year} value={year}>
									{year}
								</option>
							))}
						</select>
					</label>
					{regions.length > 1 || query.region !== null ? (
						<select name="region" defaultValue={query.region ?? ''} aria-label={t('quotas.filters.region')} data-testid="quota-region-filter">
							<option value="">{t('quotas.filters.allRegions')}</option>
							{regions.map((region) => (
								<option key={region.id} value={region.id}>
									{localized(region)}
								</option>
							))}
						</select>
					) : null}
					<select name="unit" defaultValue={query.unit ?? ''} aria-label={t('quotas.units')}>
						<option value="">{t('quotas.filters.allUnits')}</option>
						{units.map((unit) => (
							<option key={unit.id} value={unit.id}>
								{localized(unit)}
							</option>
						))}
					</select>
					<select name="status" defaultValue={query.status ?? ''} aria-label={t('quotas.filters.allStatuses')}>
						<option value="">{t('quotas.filters.allStatuses')}</option>
						{QUOTA_STATUSES.map((status) => (
							<option key={status} value={status}>
								{t(`quotas.statuses.${status}`)}
							</option>
						))}
					</select>
					<select name="kind" defaultValue={query.kind ?? ''} aria-label={t('quotas.kind')}>
						<option value="">{t('quotas.filters.allKinds')}</option>
						{QUOTA_KINDS.map((kind) => (
							<option key={kind} value={kind}>
								{t(`quotas.kinds.${kind}`)}
							</option>
						))}
					</select>
					{/* The overview's order survives a change of filters. */}
					{searchParams.has('sort') ? <input type="hidden" name="sort" value={sort.sort} /> : null}
					{searchParams.has('sort') ? <input type="hidden" name="dir" value={sort.dir} /> : null}
					<button type="submit">{t('quotas.filters.apply')}</button>
					<Link to={`?year=${query.year}`}>{t('quotas.filters.reset')}</Link>
				</Form>
			</FilterDisclosure>

			<p className="muted">{t('quotas.asOf', { date: asOf })}</p>
			<StatusSummary counts={statusCounts} total={total} current={query.status} hrefFor={(status) => hrefWith({ status })} />

			{!hasQuotas ? (
				<p>{t('quotas.empty')}</p>
			) : quotas.length === 0 ? (
				<p>{t('quotas.noMatch')}</p>
			) : (
				<>
					<OverviewTable
						rows={overview}
						sort={sort}
						sortHref={(next) => hrefWith(next)}
						keep={[...searchParams].filter(([name]) => name !== 'sort' && name !== 'dir' && name !== 'saved' && name !== 'newUnits')}
					/>
					<h2 className="quota-cards-title">{t('quotas.cardsTitle')}</h2>
					<div className="quota-list" data-testid="quota-table">
						{quotas.map((q, i) => (
							<Fragment key={q.quotaId}>
								{i === 0 || quotas[i - 1]!.document?.id !== q.document?.id ? (
									<h2 className="quota-document">
										{q.document ? (
											<>
												{q.document.title} {q.document.docNumber ? <span className="muted">{q.document.docNumber}</span> : null}
											</>
										) : (
											t('quotas.noDocument')
										)}
									</h2>
								) : null}
								<QuotaCard quota={q} />
							</Fragment>
						))}
					</div>
				</>
			)}

			<section className="quota-ranking-section" aria-labelledby="unit-ranking-title">
				<h2 id="unit-ranking-title">{t('quotas.ranking.title')}</h2>
				<p className="intro">{t('quotas.ranking.intro')}</p>
				<UnitRanking ranking={ranking} cap={SCORE_CAP} highlight={query.unit} />
			</section>
			{regionRankings.length > 0 ? (
				<section className="quota-ranking-section" aria-labelledby="region-ranking-title">
					<h2 id="region-ranking-title">{t('quotas.regionRanking.title')}</h2>
					<p className="intro">{t('quotas.regionRanking.intro')}</p>
					<RegionRankings rankings={regionRankings} />
				</section>
			) : null}
		</div>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
