import { type ActionFunctionArgs, data, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { ExportForm } from '~/components/export-form'
import { FilterDisclosure } from '~/components/filter-disclosure'
import { FunnelFilterNote } from '~/components/funnel/funnel-filter-note'
import { BulkLeadBar, useLeadSelection } from '~/components/lead/bulk-lead-actions'
import { CalendarGapNote } from '~/components/lead/calendar-gap-note'
import { LeadBoard } from '~/components/lead/lead-board'
import { LeadMarkers } from '~/components/lead/lead-markers'
import { SampleBadge } from '~/components/sample-badge'
import { prisma } from '~/db.server'
import { actorOf, leadAccessProblem } from '~/domain/auth/record-access'
import { funnelFilterParams } from '~/domain/funnel/query'
import { LEAD_PAGE_SIZE, LEAD_SORTS, LEAD_VIEWS, leadFiltersSearch, OWNER_ME, parseLeadFilters } from '~/domain/lead/filters'
import { LEAD_PRIORITIES, LEAD_SOURCES, type LeadMoveResult, stageMoveSchema } from '~/domain/lead/schemas'
import { LEAD_STAGES } from '~/domain/lead/stages'
import { DUE_SOON_DAYS } from '~/domain/lead/status'
import { getLocale } from '~/i18n/locale.server'
import { useLocalizedName } from '~/i18n/use-localized'
import { exportColumnChoices } from '~/models/export.server'
import { describeFunnelFilter } from '~/models/funnel-records.server'
import { leadFormOptions, listLeadBoard, listLeadsPage, moveLeadStage } from '~/models/lead.server'
import { followUpClock } from '~/models/service-level.server'
import { requirePermission } from '~/utils/auth.server'
import { formatDate } from '~/utils/format'
import { fieldErrors, refusal, refusalOf } from '~/utils/forms'
import { pageTitle } from '~/utils/page-title'
import { UserError } from '~/utils/user-error'

export async function loader({ request }: LoaderFunctionArgs) {
	const user = await requirePermission(request, 'read:any')
	const filters = parseLeadFilters(new URL(request.url).searchParams)
	const { clock, calendarGaps } = await followUpClock(prisma, user.scope)
	const [options, board, table, funnel] = await Promise.all([
		leadFormOptions(prisma, user),
		filters.view === 'board' ? listLeadBoard(prisma, filters, user, clock) : null,
		filters.view === 'table' ? listLeadsPage(prisma, filters, user, clock) : null,
		filters.funnel ? describeFunnelFilter(prisma, filters.funnel) : null,
	])
	const total = table?.total ?? 0
	const actor = actorOf(user)
	return {
		filters,
		funnel,
		exportColumns: exportColumnChoices('leads', await getLocale(request)),
		owners: options.owners,
		units: options.units,
		canReassign: !options.assignmentLocked,
		calendarGaps,
		// Only what the user may move gets the move controls; the action checks again.
		board:
			board?.map((column) => ({
				...column,
				cards: column.cards.map((card) => ({ ...card, canChange: leadAccessProblem(actor, { ownerId: card.owner.id, unitId: card.unitId }) === null })),
			})) ?? null,
		leads: table?.rows ?? [],
		total,
		pageCount: Math.max(1, Math.ceil(total / LEAD_PAGE_SIZE)),
	}
}

/** Stage moves from the board (drag and drop or "Move to…") and the lead page. */
export async function action({ request }: ActionFunctionArgs) {
	const user = await requirePermission(request, 'write:crm')
	const form = Object.fromEntries(await request.formData())
	const leadId = typeof form.leadId === 'string' ? form.leadId : ''
	const parsed = stageMoveSchema.safeParse(form)
	if (!parsed.success) {
		// The stage is the form's one field; a bad lead id is no mistake of the user's.
		const { toStage } = fieldErrors(parsed.error)
		return data<LeadMoveResult>({ ...(toStage ? refusal({ toStage }) : refusal({}, 'errors.badRequest')), leadId }, { status: 400 })
	}
	try {
		const moved = await moveLeadStage(prisma, { ...parsed.data, actor: actorOf(user) })
		return data<LeadMoveResult>({ ok: true, leadId: moved.id, stage: moved.toStage })
	} catch (error) {
		if (!(error instanceof UserError)) throw error
		return data<LeadMoveResult>({ ...refusalOf(error), leadId }, { status: error.status })
	}
}

export const handle = pageTitle('leads.title')

export default function LeadsPage() {
	const { filters, funnel, owners, units, canReassign, calendarGaps, board, leads, total, pageCount, exportColumns } = useLoaderData<typeof loader>()
	const { t } = useTranslation()
	// A new page or filter is a new list: what was ticked on the old one is let go.
	const selection = useLeadSelection(leadFiltersSearch(filters, {}))
	const localized = useLocalizedName()
	const href = (patch: Parameters<typeof leadFiltersSearch>[1]) => `/leads${leadFiltersSearch(filters, { page: 1, ...patch })}`

	return (
		<>
			<div className="toolbar">
				<h1>{t('leads.title')}</h1>
				<nav className="view-switch" aria-label={t('leads.views.label')}>
					{LEAD_VIEWS.map((view) => (
						<Link key={view} to={href({ view })} aria-current={filters.view === view ? 'page' : undefined}>
							{t(`leads.views.${view}`)}
						</Link>
					))}
				</nav>
				<Link to="/leads/follow-up" data-testid="follow-up-link">
					{t('leads.followUpLink')}
				</Link>
				<Link to="/leads/new" className="button-primary">
					{t('leads.newLead')}
				</Link>
			</div>
			<ExportForm list="leads" query={new URLSearchParams(leadFiltersSearch(filters, {}))} columns={exportColumns} />
			{funnel ? <FunnelFilterNote description={funnel} clearHref={href({ funnel: null })} /> : null}

			<FilterDisclosure
				active={
					[
						filters.q,
						filters.owner,
						filters.unit,
						filters.stage,
						filters.priority,
						filters.source,
						filters.overdue,
						filters.due,
						filters.stalled,
						filters.firstContact,
					].filter(Boolean).length
				}
			>
				<Form method="get" className="lead-filters no-print" role="search" aria-label={t('leads.filters.label')}>
					{/* The funnel drill-down stays while other filters change. */}
					{filters.funnel ? [...funnelFilterParams(filters.funnel)].map(([name, value]) => <input key={name} type="hidden" name={name} value={value} />) : null}
					{filters.view === 'board' ? <input type="hidden" name="view" value="board" /> : null}
					<input type="search" name="q" defaultValue={filters.q} placeholder={t('leads.filters.search')} aria-label={t('leads.filters.search')} />
					<select name="owner" defaultValue={filters.owner} aria-label={t('leads.owner')}>
						<option value="">{t('leads.filters.allOwners')}</option>
						<option value={OWNER_ME}>{t('leads.filters.mine')}</option>
						{owners.map((o) => (
							<option key={o.id} value={o.id}>
								{o.name}
							</option>
						))}
					</select>
					<select name="unit" defaultValue={filters.unit} aria-label={t('leads.unit')}>
						<option value="">{t('leads.filters.allUnits')}</option>
						{units.map((u) => (
							<option key={u.id} value={u.id}>
								{localized(u)}
							</option>
						))}
					</select>
					<select name="stage" defaultValue={filters.stage ?? ''} aria-label={t('leads.stage')}>
						<option value="">{t('leads.filters.allStages')}</option>
						{LEAD_STAGES.map((s) => (
							<option key={s} value={s}>
								{t(`leads.stages.${s}`)}
							</option>
						))}
					</select>
					<select name="priority" defaultValue={filters.priority ?? ''} aria-label={t('leads.priority')}>
						<option value="">{t('leads.filters.allPriorities')}</option>
						{LEAD_PRIORITIES.map((p) => (
							<option key={p} value={p}>
								{t(`leads.priorities.${p}`)}
							</option>
						))}
					</select>
					<select name="source" defaultValue={filters.source ?? ''} aria-label={t('leads.source')}>
						<option value="">{t('leads.filters.allSources')}</option>
						{LEAD_SOURCES.map((s) => (
							<option key={s} value={s}>
								{t(`leads.sources.${s}`)}
							</option>
						))}
					</select>
					<select name="sort" defaultValue={filters.sort} aria-label={t('leads.sort.label')}>
						{LEAD_SORTS.map((sort) => (
							<option key={sort} value={sort}>
								{t(`leads.sort.${sort}`)}
							</option>
						))}
					</select>
					<label>
						<input type="checkbox" name="overdue" value="1" defaultChecked={filters.overdue} /> {t('leads.filters.overdueOnly')}
					</label>
					<label>
						<input type="checkbox" name="due" value="1" defaultChecked={filters.due} /> {t('leads.filters.dueSoon', { days: DUE_SOON_DAYS })}
					</label>
					<label title={t('leads.stalledHint')}>
						<input type="checkbox" name="stalled" value="1" defaultChecked={filters.stalled} /> {t('leads.filters.stalledOnly')}
					</label>
					<label>
						<input type="checkbox" name="firstContact" value="1" defaultChecked={filters.firstContact} /> {t('leads.filters.firstContactOnly')}
					</label>
					<button type="submit">{t('leads.filters.apply')}</button>
					<Link to={href({ owner: OWNER_ME })}>{t('leads.filters.mine')}</Link>
					<Link to={filters.view === 'board' ? '/leads?view=board' : '/leads'}>{t('leads.filters.clear')}</Link>
				</Form>
			</FilterDisclosure>
			<CalendarGapNote years={calendarGaps} />

			{board ? (
				<LeadBoard columns={board} moreHref={(stage) => href({ view: 'table', stage })} />
			) : (
				<>
					<p className="muted" data-testid="lead-count">
						{t('leads.count', { count: total })}
					</p>
					{/* Kept on an emptied list: the answer of the action that emptied it stays readable. */}
					<BulkLeadBar selection={selection} owners={owners} units={units} canReassign={canReassign} empty={leads.length === 0} />
					{leads.length === 0 ? (
						<p>{t('leads.empty')}</p>
					) : (
						<>
							<table className="data-table stack-table">
								<thead>
									<tr>
										<th>
											<input
												type="checkbox"
												className="row-select"
												aria-label={t('leads.bulk.selectAll')}
												checked={leads.every((lead) => selection.isTicked(lead.id))}
												onChange={(event) => selection.setAll(leads, event.currentTarget.checked)}
											/>
											{t('leads.company')}
										</th>
										<th>{t('leads.owner')}</th>
										<th>{t('leads.unit')}</th>
										<th>{t('leads.stage')}</th>
										<th>{t('leads.priority')}</th>
										<th>{t('leads.source')}</th>
										<th>{t('leads.nextAction')}</th>
										<th>{t('leads.lastActivity')}</th>
									</tr>
								</thead>
								<tbody>
									{leads.map((lead) => (
										<tr key={lead.id} className={lead.overdue ? 'overdue' : undefined}>
											<td>
												<input
													type="checkbox"
													className="row-select"
													aria-label={t('leads.bulk.selectLead', { company: lead.company.name })}
													checked={selection.isTicked(lead.id)}
													onChange={(event) => selection.toggle(lead, event.currentTarget.checked)}
												/>
												<Link to={`/leads/${lead.id}`}>{lead.company.name}</Link> <SampleBadge show={lead.isSample || lead.company.isSample} />
											</td>
											<td data-label={t('leads.owner')}>{lead.owner.name}</td>
											<td data-label={t('leads.unit')}>{localized(lead.unit)}</td>
											<td data-label={t('leads.stage')}>{t(`leads.stages.${lead.stage}`, { defaultValue: lead.stage })}</td>
											<td data-label={t('leads.priority')}>{t(`leads.priorities.${lead.priority}`, { defaultValue: lead.priority })}</td>
											<td data-label={t('leads.source')}>{t(`leads.sources.${lead.source}`, { defaultValue: lead.source })}</td>
											<td data-label={t('leads.nextAction')}>
												{formatDate(lead.nextActionDate)} <LeadMarkers overdue={lead.overdue} stalled={lead.stalled} />
											</td>
											<td data-label={t('leads.lastActivity')}>{formatDate(lead.lastActivityDate)}</td>
										</tr>
									))}
								</tbody>
							</table>
						</>
					)}
					{pageCount > 1 ? (
						<nav className="pager" aria-label={t('leads.pager.label')}>
							{filters.page > 1 ? (
								<Link to={href({ page: filters.page - 1 })} rel="prev">
									{t('leads.pager.previous')}
								</Link>
							) : null}
							<span>{t('leads.pager.page', { page: filters.page, pages: pageCount })}</span>
							{filters.page < pageCount ? (
								<Link to={href({ page: filters.page + 1 })} rel="next">
									{t('leads.pager.next')}
								</Link>
							) : null}
						</nav>
					) : null}
				</>
			)}
		</>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
