import { type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useLoaderData, useLocation, useSearchParams } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { CommitmentBadge } from '~/components/commitments'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { ExportForm } from '~/components/export-form'
import { FilterDisclosure } from '~/components/filter-disclosure'
import { FunnelFilterNote } from '~/components/funnel/funnel-filter-note'
import { ChainLinkOptions } from '~/components/project-form'
import { SampleBadge } from '~/components/sample-badge'
import { prisma } from '~/db.server'
import { roleHasPermission } from '~/domain/auth/roles'
import { funnelFilterParams } from '~/domain/funnel/query'
import { formatMoneyInput } from '~/domain/money'
import { parseProjectListQuery, PROJECT_SORTS } from '~/domain/project/list-query'
import { currentStageDate, PROJECT_STAGES, PROJECT_TYPES } from '~/domain/project/stages'
import { getLocale } from '~/i18n/locale.server'
import { useLocale, useLocalizedName } from '~/i18n/use-localized'
import { exportColumnChoices } from '~/models/export.server'
import { describeFunnelFilter } from '~/models/funnel-records.server'
import { listProjects, PROJECT_PAGE_SIZE, projectFilterOptions } from '~/models/project.server'
import { requirePermission } from '~/utils/auth.server'
import { formatCNY, formatDate } from '~/utils/format'
import { pageTitle } from '~/utils/page-title'

export async function loader({ request }: LoaderFunctionArgs) {
	const user = await requirePermission(request, 'read:any')
	const query = parseProjectListQuery(new URL(request.url).searchParams)
	const [list, options, funnel] = await Promise.all([
		listProjects(prisma, query, user.scope),
		projectFilterOptions(prisma),
		query.funnel ? describeFunnelFilter(prisma, query.funnel) : null,
	])
	return {
		query,
		funnel,
		exportColumns: exportColumnChoices('projects', await getLocale(request)),
		/** This page of the filtered projects. */
		projects: list.rows,
		/** Count, investment sum (integer CNY) and count per stage of all filtered projects, not just this page. */
		total: list.total,
		totalInvestmentCNY: list.totalInvestmentCNY,
		stageCounts: list.stageCounts,
		pageCount: Math.max(1, Math.ceil(list.total / PROJECT_PAGE_SIZE)),
		options,
		canWrite: roleHasPermission(user.role, 'write:crm'),
	}
}

export const handle = pageTitle('projects.title')

export default function ProjectsPage() {
	const { query, funnel, projects, total, totalInvestmentCNY, stageCounts, pageCount, options, canWrite, exportColumns } = useLoaderData<typeof loader>()
	const [searchParams] = useSearchParams()
	const location = useLocation()
	const { t } = useTranslation()
	const locale = useLocale()
	const localized = useLocalizedName()
	/** This list with some parameters changed; any filter change goes back to page 1. */
	const hrefWith = (changes: Record<string, string | null>) => {
		const next = new URLSearchParams(searchParams)
		if (!('page' in changes)) next.delete('page')
		for (const [name, value] of Object.entries(changes)) {
			if (value === null) next.delete(name)
			else next.set(name, value)
		}
		return `?${next}`
	}

	return (
		<>
			<div className="page-head">
				<h1>{t('projects.title')}</h1>
				{canWrite ? (
					<Link to="/projects/new" className="button-primary">
						{t('projects.create')}
					</Link>
				) : null}
			</div>
			<ExportForm list="projects" query={searchParams} columns={exportColumns} />
			{funnel ? (
				<FunnelFilterNote
					description={funnel}
					clearHref={hrefWith(Object.fromEntries([...funnelFilterParams(funnel.filter).keys()].map((name) => [name, null])))}
				/>
			) : null}

			<FilterDisclosure
				active={
					[
						query.q,
						query.stage,
						query.type,
						query.unit,
						query.link,
						query.leading,
						query.year !== null,
						query.month !== null,
						query.minInvestmentCNY !== null,
						query.commit,
					].filter(Boolean).length
				}
			>
				{/* key: following a link to other filters shows them in the form too. */}
				<Form method="get" className="filter-bar" role="search" aria-label={t('projects.filters.label')} key={location.search}>
					{/* The funnel drill-down stays while other filters change. */}
					{query.funnel ? [...funnelFilterParams(query.funnel)].map(([name, value]) => <input key={name} type="hidden" name={name} value={value} />) : null}
					<input type="search" name="q" defaultValue={query.q} placeholder={t('projects.filters.q')} aria-label={t('projects.filters.q')} />
					<select name="stage" defaultValue={query.stage ?? ''} aria-label={t('projects.stage')}>
						<option value="">{t('projects.filters.allStages')}</option>
						{PROJECT_STAGES.map((stage) => (
							<option key={stage} value={stage}>
								{t(`projects.stages.${stage}`)}
							</option>
						))}
					</select>
					<select name="type" defaultValue={query.type ?? ''} aria-label={t('projects.type')}>
						<option value="">{t('projects.filters.allTypes')}</option>
						{PROJECT_TYPES.map((type) => (
							<option key={type} value={type}>
								{t(`projects.types.${type}`)}
							</option>
						))}
					</select>
					<select name="unit" defaultValue={query.unit ?? ''} aria-label={t('projects.unit')}>
						<option value="">{t('projects.filters.allUnits')}</option>
						{options.units.map((unit) => (
							<option key={unit.id} value={unit.id}>
								{localized(unit)}
							</option>
						))}
					</select>
					<select name="link" defaultValue={query.link ?? ''} aria-label={t('projects.links')}>
						<option value="">{t('projects.filters.allLinks')}</option>
						<ChainLinkOptions links={options.links} />
					</select>
					<select name="commit" defaultValue={query.commit ?? ''} aria-label={t('projects.filters.commit')} data-testid="commit-filter">
						<option value="">{t('projects.filters.commitAll')}</option>
						<option value="warn">{t('projects.filters.commitWarn')}</option>
						<option value="broken">{t('projects.filters.commitBroken')}</option>
					</select>
					<label className="checkbox-label">
						<input type="checkbox" name="leading" value="1" defaultChecked={query.leading} />
						{t('projects.filters.leadingOnly')}
					</label>
					<span className="filter-group">
						<select name="yearStage" defaultValue={query.yearStage} aria-label={t('projects.filters.yearStage')}>
							{PROJECT_STAGES.map((stage) => (
								<option key={stage} value={stage}>
									{t(`projects.fields.${stage}Date`)}
								</option>
							))}
						</select>
						<input
							type="number"
							name="year"
							min={1990}
							max={2100}
							defaultValue={query.year ?? ''}
							placeholder={t('projects.filters.year')}
							aria-label={t('projects.filters.year')}
							className="input-year"
						/>
						<select name="month" defaultValue={query.month ?? ''} aria-label={t('projects.filters.month')}>
							<option value="">{t('projects.filters.allMonths')}</option>
							{Array.from({ length: 12 }, (_, i) => (
								<option key={i + 1} value={i + 1}>
									{t('projects.filters.monthOption', { month: i + 1 })}
								</option>
							))}
						</select>
					</span>
					<label>
						{t('projects.filters.minInvestment')}{' '}
						<input
							name="minYi"
							inputMode="decimal"
							className="input-year"
							defaultValue={query.minInvestmentCNY === null ? '' : formatMoneyInput(query.minInvestmentCNY, 'yi')}
						/>
					</label>
					<label>
						{t('projects.sort.label')}{' '}
						<select name="sort" defaultValue={query.sort}>
							{PROJECT_SORTS.map((sort) => (
								<option key={sort} value={sort}>
									{t(`projects.sort.${sort}`)}
								</option>
							))}
						</select>
					</label>
					<button type="submit">{t('projects.filters.apply')}</button>
					<Link to="/projects">{t('projects.filters.reset')}</Link>
				</Form>
			</FilterDisclosure>

			<p className="project-summary">
				<span data-testid="project-count">{t('projects.count', { count: total })}</span>
				{' · '}
				{t('projects.totalInvestment')} <strong data-testid="project-total">{formatCNY(totalInvestmentCNY, locale)}</strong>
			</p>
			<ul className="stage-counts" aria-label={t('projects.byStage')}>
				{PROJECT_STAGES.map((stage) => (
					<li key={stage}>
						<Link to={hrefWith({ stage: query.stage === stage ? null : stage })} aria-current={query.stage === stage ? 'true' : undefined}>
							{t(`projects.stages.${stage}`)} <strong data-testid={`stage-count-${stage}`}>{stageCounts[stage]}</strong>
						</Link>
					</li>
				))}
				<li>
					<Link
						to={hrefWith({ commit: query.commit === 'broken' ? null : 'broken' })}
						aria-current={query.commit === 'broken' ? 'true' : undefined}
						data-testid="broken-commitments-link"
					>
						{t('projects.filters.commitBroken')}
					</Link>
				</li>
			</ul>

			{projects.length === 0 ? (
				<p>{t('projects.empty')}</p>
			) : (
				<div className="table-scroll">
					<table className="data-table stack-table">
						<thead>
							<tr>
								<th>{t('projects.name')}</th>
								<th>{t('projects.company')}</th>
								<th>{t('projects.type')}</th>
								<th className="num">{t('projects.investment')}</th>
								<th>{t('projects.stage')}</th>
								<th>{t('projects.stageDate')}</th>
								<th>{t('projects.unit')}</th>
								<th>{t('projects.clusterLeading')}</th>
								<th>{t('projects.links')}</th>
							</tr>
						</thead>
						<tbody>
							{projects.map((p) => (
								<tr key={p.id}>
									<td>
										<Link to={`/projects/${p.id}`}>{p.title}</Link> <SampleBadge show={p.isSample} />
									</td>
									<td data-label={t('projects.company')}>
										<Link to={`/companies/${p.company.id}`}>{p.company.name}</Link>
									</td>
									<td data-label={t('projects.type')}>{t(`projects.types.${p.type}`, { defaultValue: p.type })}</td>
									<td className="num" data-label={t('projects.investment')}>
										{p.investmentCNY === 0 ? <span className="badge badge-warn">{t('projects.investmentPending')}</span> : formatCNY(p.investmentCNY, locale)}
										{p.incrementCNY !== null && p.incrementCNY > 0 ? (
											<div className="muted">
												{t('projects.increment')} {formatCNY(p.incrementCNY, locale)}
											</div>
										) : null}
									</td>
									<td data-label={t('projects.stage')}>
										{t(`projects.stages.${p.stage}`, { defaultValue: p.stage })}
										{p.commitmentWarnings.map((w) => (
											<div key={w.kind}>
												<CommitmentBadge warning={w} />
											</div>
										))}
									</td>
									<td className="nowrap" data-label={t('projects.stageDate')}>
										{formatDate(currentStageDate(p))}
									</td>
									<td data-label={t('projects.unit')}>{localized(p.responsibleUnit)}</td>
									<td data-label={t('projects.clusterLeading')}>{p.isClusterLeading ? t('app.yes') : ''}</td>
									<td data-label={t('projects.links')}>{p.links.map((l) => localized(l)).join('、')}</td>
								</tr>
							))}
						</tbody>
					</table>
				</div>
			)}
			{pageCount > 1 ? (
				<nav className="pager" aria-label="pagination">
					{query.page > 1 ? <Link to={hrefWith({ page: String(query.page - 1) })}>‹</Link> : null}
					<span>{t('projects.pageOf', { page: query.page, pageCount })}</span>
					{query.page < pageCount ? <Link to={hrefWith({ page: String(query.page + 1) })}>›</Link> : null}
				</nav>
			) : null}
		</>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
