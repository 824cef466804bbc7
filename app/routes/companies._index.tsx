import { type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { ExportForm } from '~/components/export-form'
import { FilterDisclosure } from '~/components/filter-disclosure'
import { SampleBadge } from '~/components/sample-badge'
import { SavedViews } from '~/components/saved-views'
import { TagBadges } from '~/components/tag-badges'
import { prisma } from '~/db.server'
import { roleHasPermission } from '~/domain/auth/roles'
import {
	COMPANY_SORTS,
	companyListPageHref,
	companyListSearch,
	parseCompanyListQuery,
	REVENUE_BANDS,
	SORT_DIRECTIONS,
	withKnownFilters,
} from '~/domain/company/list-query'
import { COMPANY_TAGS } from '~/domain/seed/seed-files'
import { getLocale } from '~/i18n/locale.server'
import { useLocale, useLocalizedName } from '~/i18n/use-localized'
import { companyFilterOptions, listCompanies } from '~/models/company.server'
import { exportColumnChoices } from '~/models/export.server'
import { listSavedViews } from '~/models/saved-view.server'
import { requirePermission } from '~/utils/auth.server'
import { formatCNY, formatDate } from '~/utils/format'
import { pageTitle } from '~/utils/page-title'

export async function loader({ request }: LoaderFunctionArgs) {
	const user = await requirePermission(request, 'read:any')
	const options = await companyFilterOptions(prisma)
	const query = withKnownFilters(parseCompanyListQuery(new URL(request.url).searchParams), {
		linkIds: new Set(options.chains.flatMap((chain) => chain.links.map((link) => link.id))),
		regionCodes: new Set(options.regions.map((region) => region.code)),
	})
	const [list, views] = await Promise.all([listCompanies(prisma, query), listSavedViews(prisma, user.id, 'companies')])
	return {
		query,
		exportColumns: exportColumnChoices('companies', await getLocale(request)),
		search: companyListSearch(query),
		total: list.total,
		page: list.page,
		pageCount: list.pageCount,
		companies: list.rows,
		options,
		views,
		canWrite: roleHasPermission(user.role, 'write:crm'),
	}
}

export const handle = pageTitle('companies.title')

export default function CompaniesPage() {
	const { query, search, total, page, pageCount, companies, options, views, canWrite, exportColumns } = useLoaderData<typeof loader>()
	const { t } = useTranslation()
	const locale = useLocale()
	const localized = useLocalizedName()
	return (
		<>
			<div className="company-head">
				<h1>{t('companies.title')}</h1>
				{canWrite ? (
					<Link to="/companies/new" className="button-primary">
						{t('companyDb.newCompany')}
					</Link>
				) : null}
			</div>
			<ExportForm list="companies" query={new URLSearchParams(search)} columns={exportColumns} />
			<FilterDisclosure active={[query.q, query.link, query.local, query.region, query.revenue, query.tag.length > 0].filter(Boolean).length}>
				<SavedViews page="companies" query={search} views={views} />
				{/* Keyed by the query so the inputs follow the URL when a saved view or link changes it. */}
				<Form method="get" className="company-filters" role="search" key={search}>
					<label className="company-filter-search">
						{t('app.search')}
						<input type="search" name="q" defaultValue={query.q} placeholder={t('companies.searchPlaceholder')} />
					</label>
					<label>
						{t('companyDb.filters.link')}
						<select name="link" defaultValue={query.link}>
							<option value="">{t('companyDb.filters.allLinks')}</option>
							{options.chains.map((chain) => (
								<optgroup key={chain.id} label={localized(chain)}>
									{chain.links.map((link) => (
										<option key={link.id} value={link.id}>
											{localized(link)}
										</option>
									))}
								</optgroup>
							))}
						</select>
					</label>
					<label>
						{t('companies.local')}
						<select name="local" defaultValue={query.local}>
							<option value="">{t('companyDb.filters.all')}</option>
							<option value="1">{t('companies.isLocal')}</option>
							<option value="0">{t('companies.isExternal')}</option>
						</select>
					</label>
					<label>
						{t('companies.region')}
						<select name="region" defaultValue={query.region}>
							<option value="">{t('companyDb.filters.allRegions')}</option>
							{options.regions.map((region) => (
								<option key={region.id} value={region.code}>
									{`${'\u3000'.repeat(region.depth)}${localized(region)}`}
								</option>
							))}
						</select>
					</label>
					<label>
						{t('companyDb.filters.revenue')}
						<select name="revenue" defaultValue={query.revenue}>
							<option value="">{t('companyDb.filters.all')}</option>
							{REVENUE_BANDS.map((band) => (
								<option key={band} value={band}>
									{t(`companyDb.revenueBands.${band}`)}
								</option>
							))}
						</select>
					</label>
					<label>
						{t('companyDb.sort.label')}
						<select name="sort" defaultValue={query.sort}>
							{COMPANY_SORTS.map((sort) => (
								<option key={sort} value={sort}>
									{t(`companyDb.sort.${sort}`)}
								</option>
							))}
						</select>
					</label>
					<label>
						{t('companyDb.sort.direction')}
						<select name="dir" defaultValue={query.dir}>
							{SORT_DIRECTIONS.map((dir) => (
								<option key={dir} value={dir}>
									{t(`companyDb.sort.${dir}`)}
								</option>
							))}
						</select>
					</label>
					<fieldset className="company-filter-tags">
						<legend>{t('companyDb.filters.tags')}</legend>
						{COMPANY_TAGS.map((tag) => (
							<label key={tag} className="checkbox">
								<input type="checkbox" name="tag" value={tag} defaultChecked={query.tag.includes(tag)} />
								{t(`tags.${tag}`)}
							</label>
						))}
					</fieldset>
					<div className="company-filter-actions">
						<button type="submit" className="button-primary">
							{t('companyDb.filters.apply')}
						</button>
						{search ? <Link to="/companies">{t('companyDb.filters.clear')}</Link> : null}
					</div>
				</Form>
			</FilterDisclosure>
			<p className="muted" data-testid="company-count">
				{t('companies.count', { count: total })}
			</p>
			{companies.length === 0 ? (
				<p>{t('companies.empty')}</p>
			) : (
				<div className="table-scroll">
					<table className="data-table stack-table">
						<thead>
							<tr>
								<th>{t('companies.name')}</th>
								<th>{t('companies.kind')}</th>
								<th>{t('companies.local')}</th>
								<th>{t('companies.region')}</th>
								<th>{t('companies.tags')}</th>
								<th>{t('companies.links')}</th>
								<th className="num">{t('companies.revenue')}</th>
								<th>{t('companyDb.fields.updatedAt')}</th>
							</tr>
						</thead>
						<tbody>
							{companies.map((c) => {
								const shortName = c.aliases.find((a) => a.kind === 'short')?.name
								return (
									<tr key={c.id}>
										<td>
											<Link to={`/companies/${c.id}`}>{c.name}</Link>
											{shortName ? <span className="muted">（{shortName}）</span> : null} <SampleBadge show={c.isSample} />
											{c.uscc ? <div className="muted mono">{c.uscc}</div> : null}
										</td>
										<td data-label={t('companies.kind')}>{t(`companies.kinds.${c.kind}`, { defaultValue: c.kind })}</td>
										<td data-label={t('companies.local')}>{c.isLocal ? t('companies.isLocal') : t('companies.isExternal')}</td>
										<td data-label={t('companies.region')}>{localized(c.region)}</td>
										<td data-label={t('companies.tags')}>
											<TagBadges tags={c.tags} />
										</td>
										<td data-label={t('companies.links')}>{c.links.map((l) => localized(l)).join('、')}</td>
										<td className="num" data-label={t('companies.revenue')}>
											{c.revenueCNY === null ? '' : formatCNY(c.revenueCNY, locale)}
										</td>
										<td className="nowrap" data-label={t('companyDb.fields.updatedAt')}>
											{formatDate(c.updatedAt)}
										</td>
									</tr>
								)
							})}
						</tbody>
					</table>
				</div>
			)}
			{pageCount > 1 ? (
				<nav className="pager" aria-label={t('companyDb.pager.label')}>
					{page > 1 ? (
						<Link to={companyListPageHref(search, page - 1)} rel="prev">
							‹ {t('companyDb.pager.previous')}
						</Link>
					) : null}
					<span>{t('companyDb.pager.page', { page, pageCount })}</span>
					{page < pageCount ? (
						<Link to={companyListPageHref(search, page + 1)} rel="next">
							{t('companyDb.pager.next')} ›
						</Link>
					) : null}
				</nav>
			) : null}
		</>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
