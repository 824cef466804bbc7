import { type Db } from '~/db.server'
import { type AccessProblem, type Actor, isManager, leadAccessProblem, leadAssignmentProblem } from '~/domain/auth/record-access'
import { type Role } from '~/domain/auth/roles'
import { type Conflict, VersionConflict } from '~/domain/concurrency/conflict'
import { type BulkLeadAction, type BulkRefusal } from '~/domain/lead/bulk'
import { BOARD_COLUMN_LIMIT, LEAD_PAGE_SIZE, type LeadFilters, type LeadSort, OWNER_ME, parseLeadFilters } from '~/domain/lead/filters'
import {
	type ActivityData,
	defaultProjectTitle,
	LEAD_CONFLICT_FIELDS,
	type LeadData,
	type LeadEditData,
	leadEditFormValues,
	type LeadEditValues,
} from '~/domain/lead/schemas'
import { FOLLOW_UP_MEASURES, type FollowUpMeasure } from '~/domain/lead/service-levels'
import { canConvertLead, canMoveLead, isOpenStage, LEAD_STAGES, OPEN_LEAD_STAGES, stageAfterActivity } from '~/domain/lead/stages'
import { dueSoonEnd, followUpCutoffs, isFirstContactBreached, isOverdue, isStalled, startOfDay } from '~/domain/lead/status'
import { nameSortKey } from '~/domain/names/sort-key'
import { countedFactsOf } from '~/domain/project/counted-facts'
import { inScope, regionForNewRecord, type RegionScope, regionScope } from '~/domain/region/scope'
import { type Prisma } from '~/generated/prisma/client'
import { todayInChina } from '~/utils/today'
import { UserError, type UserErrorOptions } from '~/utils/user-error'
import { recordAudit } from './audit.server'
import { closedReportsTouched } from './closed-period.server'
import { companyNameContains } from './company-search.server'
import { BUMP_VERSION, compareAndSet } from './concurrency.server'
import { funnelLeadWhere } from './funnel-records.server'
import { plannedLinkAllowed, plannedLinkOptions } from './planned-capacity.server'
import { listScopeRegions, loadRegionNodes, regionWhere } from './region.server'
import { type FollowUpPolicy, loadFollowUpPolicy } from './service-level.server'
import { listUnits } from './unit.server'
import { listUserNames } from './user.server'

type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0]

const OPEN_STAGES: string[] = [...OPEN_LEAD_STAGES]

function refuse(problem: AccessProblem | null, field: string | null = null) {
	if (problem) throw new UserError(problem, { field, status: 403 })
}

/**
 * "Now" and the follow-up rules (service levels of each region over China's working days, ADR 0037),
 * which decide the overdue and stalled markers; the rules are read from the database when not given.
 */
export type LeadClock = { now: Date; policy?: FollowUpPolicy }
type ReadyClock = { now: Date; policy: FollowUpPolicy }

async function readyClock(db: Db, clock: LeadClock, scope: RegionScope): Promise<ReadyClock> {
	return { now: clock.now, policy: clock.policy ?? (await loadFollowUpPolicy(db, scope)) }
}

/** Who is looking: "mine" filters by the id, and only leads of the scope's regions are seen (ADR 0026). */
export type LeadViewer = { id: string; scope: RegionScope }

const leadSelect = {
	id: true,
	stage: true,
	priority: true,
	source: true,
	nextActionDate: true,
	isSample: true,
	createdAt: true,
	regionId: true,
	company: { select: { id: true, name: true, isSample: true } },
	owner: { select: { id: true, name: true } },
	unitId: true,
	unit: { select: { name: true, nameEn: true } },
	activities: { orderBy: { date: 'desc' }, take: 1, select: { date: true } },
	// The list's bulk actions send it back: a lead changed since the list was shown is not changed blind.
	version: true,
} as const satisfies Prisma.LeadSelect

/** The table's order (the board's too); id breaks ties, so pages never overlap. Company names in 拼音 order (ADR 0027). */
const LEAD_ORDER = {
	next_action: [{ nextActionDate: { sort: 'asc', nulls: 'last' } }, { createdAt: 'desc' }, { id: 'asc' }],
	company_asc: [{ company: { nameSortKey: 'asc' } }, { nextActionDate: { sort: 'asc', nulls: 'last' } }, { id: 'asc' }],
	company_desc: [{ company: { nameSortKey: 'desc' } }, { nextActionDate: { sort: 'asc', nulls: 'last' } }, { id: 'asc' }],
} as const satisfies Record<LeadSort, Prisma.LeadOrderByWithRelationInput[]>

const leadOrder = (sort: LeadSort) => [...LEAD_ORDER[sort]]

type LeadRow = Prisma.LeadGetPayload<{ select: typeof leadSelect }>

type MarkerFacts = { stage: string; nextActionDate: Date | null; createdAt: Date; lastActivityDate: Date | null; regionId: string | null }

function markers(lead: MarkerFacts, clock: ReadyClock) {
	const rules = clock.policy.rulesFor(lead.regionId)
	return {
		overdue: isOverdue(lead, clock.now, rules),
		stalled: isStalled(lead, clock.now, rules),
		firstContactLate: isFirstContactBreached(lead, clock.now, rules),
	}
}

/** A list row with its last activity date and overdue/stalled markers worked out. */
function toRow({ activities, ...lead }: LeadRow, clock: ReadyClock) {
	const row = { ...lead, lastActivityDate: activities[0]?.date ?? null }
	return { ...row, ...markers(row, clock) }
}

/** The leads of a group of regions with the same levels (null: leads without a region). */
function regionsIn(regionIds: readonly (string | null)[]): Prisma.LeadWhereInput {
	const ids = regionIds.filter((id): id is string => id !== null)
	const parts: Prisma.LeadWhereInput[] = []
	if (ids.length > 0) parts.push({ regionId: { in: ids } })
	if (ids.length < regionIds.length) parts.push({ regionId: null })
	return parts.length === 1 ? parts[0]! : { OR: parts }
}

/** One branch per group of regions with equal levels and open stage: the query form of the domain rules. */
function perStage(clock: ReadyClock, branch: (cut: ReturnType<typeof followUpCutoffs>, stage: (typeof OPEN_LEAD_STAGES)[number]) => Prisma.LeadWhereInput) {
	const or: Prisma.LeadWhereInput[] = []
	for (const group of clock.policy.groups) {
		const cut = followUpCutoffs(clock.now, group.rules)
		for (const stage of OPEN_LEAD_STAGES) or.push({ AND: [regionsIn(group.regionIds), { stage }, branch(cut, stage)] })
	}
	return or
}

/** Never contacted past the first-contact level (isFirstContactBreached). */
function firstContactWhere(clock: ReadyClock): Prisma.LeadWhereInput {
	return { OR: perStage(clock, (cut) => ({ activities: { none: {} }, createdAt: { lt: cut.firstContact } })) }
}

/** Same rule as isOverdue: the agreed next action date has passed, or the service level's deadline has. */
function overdueWhere(clock: ReadyClock): Prisma.LeadWhereInput {
	const byLevels = perStage(clock, (cut, stage) => ({
		OR: [
			{ activities: { none: {} }, createdAt: { lt: cut.firstContact } },
			{
				AND: [{ activities: { some: {} } }, { activities: { none: { date: { gte: cut.stages[stage].followUp } } } }],
				createdAt: { lt: cut.stages[stage].followUp },
			},
		],
	}))
	return { OR: [{ stage: { in: OPEN_STAGES }, nextActionDate: { lt: startOfDay(clock.now) } }, ...byLevels] }
}

/** Open leads whose next action is today or in the days up to dueSoonEnd: the follow-ups of the coming week. */
function dueSoonWhere(now: Date) {
	return { stage: { in: OPEN_STAGES }, nextActionDate: { gte: startOfDay(now), lt: dueSoonEnd(now) } } satisfies Prisma.LeadWhereInput
}

/** Same rule as isStalled: neither created nor active since the stage's stall cutoff. */
function stalledWhere(clock: ReadyClock): Prisma.LeadWhereInput {
	return {
		OR: perStage(clock, (cut, stage) => ({
			createdAt: { lt: cut.stages[stage].stall },
			activities: { none: { date: { gte: cut.stages[stage].stall } } },
		})),
	}
}

/** Every filter but the stage, which the table and the board apply differently. */
async function leadWhere(db: Db, filters: LeadFilters, viewer: LeadViewer, clock: ReadyClock): Promise<Prisma.LeadWhereInput> {
	const and: Prisma.LeadWhereInput[] = [regionWhere(viewer.scope)]
	if (filters.owner) and.push({ ownerId: filters.owner === OWNER_ME ? viewer.id : filters.owner })
	if (filters.unit) and.push({ unitId: filters.unit })
	if (filters.priority) and.push({ priority: filters.priority })
	if (filters.source) and.push({ source: filters.source })
	if (filters.overdue) and.push(overdueWhere(clock))
	if (filters.due) and.push(dueSoonWhere(clock.now))
	if (filters.stalled) and.push(stalledWhere(clock))
	if (filters.firstContact) and.push(firstContactWhere(clock))
	if (filters.q) and.push({ company: await companyNameContains(db, filters.q, { aliases: false }) })
	// One funnel number's leads, exactly as the funnel counts them (none when the drill-down names nothing that exists).
	if (filters.funnel) and.push(await funnelLeadWhere(db, filters.funnel, viewer.scope, todayInChina(clock.now)))
	return { AND: and }
}

/** The leads the /leads table lists for these filters (see parseLeadFilters); exports use it too. */
export async function leadListWhere(db: Db, filters: LeadFilters, viewer: LeadViewer, clock: LeadClock): Promise<Prisma.LeadWhereInput> {
	const ready = await readyClock(db, clock, viewer.scope)
	return { AND: [await leadWhere(db, filters, viewer, ready), filters.stage ? { stage: filters.stage } : {}] }
}

/** One page of the lead table (LEAD_PAGE_SIZE rows; the 工作台 asks for fewer) and how many match in all. */
export async function listLeadsPage(db: Db, filters: LeadFilters, viewer: LeadViewer, given: LeadClock, pageSize = LEAD_PAGE_SIZE) {
	const clock = await readyClock(db, given, viewer.scope)
	const where = await leadListWhere(db, filters, viewer, clock)
	const [total, rows] = await Promise.all([
		db.lead.count({ where }),
		db.lead.findMany({
			where,
			orderBy: leadOrder(filters.sort),
			skip: (filters.page - 1) * pageSize,
			take: pageSize,
			select: leadSelect,
		}),
	])
	return { total, rows: rows.map((row) => toRow(row, clock)) }
}

/**
 * The board: one column per stage with its total and its first
 * BOARD_COLUMN_LIMIT cards. A stage filter leaves the other columns empty.
 */
export async function listLeadBoard(db: Db, filters: LeadFilters, viewer: LeadViewer, given: LeadClock) {
	const clock = await readyClock(db, given, viewer.scope)
	const where = await leadWhere(db, filters, viewer, clock)
	const shown = LEAD_STAGES.filter((stage) => !filters.stage || filters.stage === stage)
	const [counts, ...cards] = await Promise.all([
		db.lead.groupBy({ by: ['stage'], where: { AND: [where, { stage: { in: shown } }] }, _count: { _all: true } }),
		...shown.map((stage) =>
			db.lead.findMany({ where: { AND: [where, { stage }] }, orderBy: leadOrder(filters.sort), take: BOARD_COLUMN_LIMIT, select: leadSelect }),
		),
	])
	const totals = new Map(counts.map((c) => [c.stage, c._count._all]))
	const cardsOf = new Map(shown.map((stage, i) => [stage, cards[i] ?? []]))
	return LEAD_STAGES.map((stage) => ({
		stage,
		total: totals.get(stage) ?? 0,
		cards: (cardsOf.get(stage) ?? []).map((row) => toRow(row, clock)),
	}))
}

/** Everything the lead page shows: details, stage history and activities, newest first; null outside the scope. */
export async function getLead(db: Db, id: string, scope: RegionScope, given: LeadClock) {
	const clock = await readyClock(db, given, scope)
	const lead = await db.lead.findFirst({
		where: { id, ...regionWhere(scope) },
		select: {
			id: true,
			stage: true,
			priority: true,
			source: true,
			nextActionDate: true,
			notes: true,
			isSample: true,
			createdAt: true,
			version: true,
			plannedLinkId: true,
			plannedOutput: true,
			plannedFromYear: true,
			plannedLink: { select: { id: true, key: true, name: true, nameEn: true, unit: true, chain: { select: { slug: true, name: true, nameEn: true } } } },
			regionId: true,
			company: { select: { id: true, name: true, isSample: true } },
			owner: { select: { id: true, name: true } },
			unit: { select: { id: true, name: true, nameEn: true } },
			region: { select: { name: true, nameEn: true } },
			stageChanges: {
				orderBy: [{ at: 'desc' }, { id: 'desc' }],
				select: { id: true, fromStage: true, toStage: true, at: true, user: { select: { name: true } } },
			},
			activities: {
				orderBy: [{ date: 'desc' }, { createdAt: 'desc' }],
				select: { id: true, kind: true, date: true, people: true, notes: true, isSample: true, user: { select: { name: true } } },
			},
		},
	})
	if (!lead) return null
	const detail = { ...lead, lastActivityDate: lead.activities[0]?.date ?? null }
	return { ...detail, ...markers(detail, clock) }
}

/** Companies for the "new lead" form whose name contains `q` (plus the preselected one), with any open lead the viewer sees. */
export async function searchLeadCompanies(db: Db, q: string, selectedId: string | null, scope: RegionScope, take = 50) {
	const select = {
		id: true,
		name: true,
		isSample: true,
		leads: { where: { stage: { in: OPEN_STAGES }, ...regionWhere(scope) }, take: 1, select: { id: true } },
	} as const satisfies Prisma.CompanySelect
	const [matches, selected] = await Promise.all([
		db.company.findMany({
			where: q ? await companyNameContains(db, q, { aliases: false }) : {},
			orderBy: [{ nameSortKey: 'asc' }, { id: 'asc' }],
			take,
			select,
		}),
		selectedId ? db.company.findUnique({ where: { id: selectedId }, select }) : null,
	])
	const rows = selected && !matches.some((c) => c.id === selected.id) ? [selected, ...matches] : matches
	return rows.map(({ leads, ...company }) => ({ ...company, openLeadId: leads[0]?.id ?? null }))
}

// ---------- changes: every stage change writes a LeadStageChange and an audit row in one transaction ----------

const auditSelect = {
	id: true,
	companyId: true,
	ownerId: true,
	unitId: true,
	regionId: true,
	stage: true,
	priority: true,
	source: true,
	nextActionDate: true,
	notes: true,
	plannedLinkId: true,
	plannedOutput: true,
	plannedFromYear: true,
} as const satisfies Prisma.LeadSelect

/**
 * Records a lead just created inside `tx`: its audit row and its first stage
 * change (none → its stage). Anything that creates leads calls this.
 */
export async function recordLeadCreated(tx: Tx, lead: Prisma.LeadGetPayload<{ select: typeof auditSelect }>, userId: string | null) {
	await recordAudit(tx, { userId, entity: 'Lead', entityId: lead.id, action: 'create', after: lead })
	await tx.leadStageChange.create({ data: { leadId: lead.id, fromStage: null, toStage: lead.stage, userId }, select: { id: true } })
}

async function changeStage(tx: Tx, lead: { id: string; stage: string }, toStage: string, userId: string) {
	// A move is a change like any other: an edit form opened before it is stale (ADR 0015).
	await tx.lead.update({ where: { id: lead.id }, data: { stage: toStage, ...BUMP_VERSION }, select: { id: true } })
	await tx.leadStageChange.create({ data: { leadId: lead.id, fromStage: lead.stage, toStage, userId }, select: { id: true } })
	await recordAudit(tx, { userId, entity: 'Lead', entityId: lead.id, action: 'update', before: { stage: lead.stage }, after: { stage: toStage } })
}

const notFound = () => new UserError('leads.errors.notFound', { status: 404 })

/** The lead to change, refused unless the actor may change it (ADR 0010); outside the actor's regions it does not exist (ADR 0026). */
async function findLeadForChange(tx: Tx, id: string, actor: Actor) {
	const lead = await tx.lead.findFirst({
		where: { id, ...regionWhere(actor.scope) },
		select: {
			id: true,
			stage: true,
			companyId: true,
			ownerId: true,
			unitId: true,
			regionId: true,
			plannedLinkId: true,
			plannedOutput: true,
			plannedFromYear: true,
			company: { select: { name: true } },
		},
	})
	if (!lead) throw notFound()
	refuse(leadAccessProblem(actor, lead))
	return lead
}

/**
 * Owner and unit must exist, and the owner must see the leads' regions (a lead is
 * never handed to someone of another county); a problem is reported on its form field.
 */
async function checkAssignment(tx: Tx, data: { ownerId: string; unitId?: string | null }, regionIds: readonly (string | null)[]) {
	const [owner, unit] = await Promise.all([
		tx.user.findUnique({ where: { id: data.ownerId }, select: { id: true, role: true, regionId: true } }),
		data.unitId ? tx.unit.findUnique({ where: { id: data.unitId }, select: { id: true } }) : null,
	])
	if (!owner) throw new UserError('validation.invalidChoice', { field: 'ownerId' })
	if (data.unitId && !unit) throw new UserError('validation.invalidChoice', { field: 'unitId' })
	const ownerScope = regionScope(await loadRegionNodes(tx), owner)
	if (!regionIds.every((regionId) => inScope(ownerScope, regionId))) throw new UserError('leads.errors.ownerOutsideRegion', { field: 'ownerId' })
}

/** Company, owner and unit must exist; a missing one is reported on its form field. */
async function checkReferences(
	tx: Tx,
	data: Pick<LeadData, 'companyId' | 'ownerId' | 'unitId' | 'plannedLinkId'>,
	regionId: string | null,
	scope: RegionScope,
) {
	const company = await tx.company.findUnique({ where: { id: data.companyId }, select: { id: true } })
	if (!company) throw new UserError('validation.invalidChoice', { field: 'companyId' })
	await checkAssignment(tx, data, [regionId])
	// Planned capacity (ADR 0040): a link of a chain in reach of the user's scope and the lead's region.
	if (data.plannedLinkId && !(await plannedLinkAllowed(tx, data.plannedLinkId, scope, regionId)))
		throw new UserError('planned.validation.linkOutOfReach', { field: 'plannedLinkId' })
}

/** The region a new lead gets: the one picked on the form if it lies in the actor's scope, else the actor's own. */
function newLeadRegion(actor: Actor, picked: string | null | undefined) {
	const regionId = regionForNewRecord(actor.scope, actor.regionId, picked ?? null)
	if (regionId === undefined) throw new UserError('validation.invalidChoice', { field: 'regionId' })
	return regionId
}

/**
 * A new lead in stage 'new', in the actor's region or one they picked inside
 * their scope; a company with an open lead in that region gets no second one
 * (another county courting the same firm is not told, ADR 0026).
 */
export async function createLead(db: Db, data: LeadData, actor: Actor) {
	const userId = actor.id
	const { regionId: picked, ...fields } = data
	return db.$transaction(async (tx) => {
		refuse(leadAssignmentProblem(actor, { ownerId: fields.ownerId, unitId: fields.unitId ?? null }, null), 'ownerId')
		const regionId = newLeadRegion(actor, picked)
		await checkReferences(tx, fields, regionId, actor.scope)
		const open = await tx.lead.findFirst({ where: { companyId: fields.companyId, regionId, stage: { in: OPEN_STAGES } }, select: { id: true } })
		if (open) throw new UserError('leads.errors.openLeadExists', { field: 'companyId', status: 409 })
		const lead = await tx.lead.create({ data: { ...fields, regionId, stage: 'new' }, select: auditSelect })
		await recordLeadCreated(tx, lead, userId)
		return lead
	})
}

/** The lead as its edit form shows it, and as the audit log records an edit. */
const editSelect = { ...auditSelect, version: true } as const satisfies Prisma.LeadSelect

type LeadEditFields = Omit<LeadEditData, 'version'>

/** What a save may change: staff keep the owner and unit as they are (ADR 0010), whatever the form carried. */
function ownLeadChanges(actor: Actor, stored: { ownerId: string; unitId: string | null }, fields: LeadEditFields): LeadEditFields {
	return isManager(actor) ? fields : { ...fields, ownerId: stored.ownerId, unitId: stored.unitId }
}

type EditedLead = Pick<LeadEditFields, 'ownerId' | 'unitId' | 'nextActionDate' | 'notes' | 'plannedLinkId' | 'plannedOutput' | 'plannedFromYear'> & {
	priority: string
	source: string
}

const editKey = (lead: EditedLead) => {
	const values = leadEditFormValues({
		...lead,
		unitId: lead.unitId ?? null,
		nextActionDate: lead.nextActionDate ?? null,
		notes: lead.notes ?? null,
		version: 0,
	})
	return JSON.stringify(LEAD_CONFLICT_FIELDS.map((field) => values[field]))
}

/**
 * Saves the edit form. The company stays; the stage changes only by moves,
 * visits and conversion. A form opened before the lead's last change (an edit,
 * a move, an import) may only save what changes nothing; otherwise it is
 * refused with a VersionConflict (ADR 0015).
 */
export async function updateLead(db: Db, id: string, data: LeadEditData, actor: Actor) {
	const userId = actor.id
	const { version, ...fields } = data
	return db.$transaction(async (tx) => {
		const before = await tx.lead.findFirst({ where: { id, ...regionWhere(actor.scope) }, select: editSelect })
		if (!before) throw notFound()
		refuse(leadAccessProblem(actor, before))
		if (version !== before.version) {
			if (editKey(before) === editKey(ownLeadChanges(actor, before, fields))) return before
			throw new VersionConflict()
		}
		refuse(leadAssignmentProblem(actor, { ownerId: fields.ownerId, unitId: fields.unitId ?? null }, before), 'ownerId')
		await checkReferences(tx, { ...fields, companyId: before.companyId }, before.regionId, actor.scope)
		await compareAndSet(tx.lead.updateMany({ where: { id, version }, data: { ...fields, ...BUMP_VERSION } }))
		const after = await tx.lead.findUniqueOrThrow({ where: { id }, select: editSelect })
		await recordAudit(tx, { userId, entity: 'Lead', entityId: id, action: 'update', before, after })
		return after
	})
}

/** A stale edit refused (ADR 0015): the lead as stored now and the submitted values, both as form values at its version. */
export async function leadEditConflict(db: Db, id: string, data: LeadEditData, actor: Actor): Promise<Conflict<LeadEditValues>> {
	const stored = await db.lead.findFirst({ where: { id, ...regionWhere(actor.scope) }, select: editSelect })
	if (!stored) throw notFound()
	const { version: _version, ...fields } = data
	const mine = ownLeadChanges(actor, stored, fields)
	return {
		current: leadEditFormValues(stored),
		submitted: leadEditFormValues({ ...mine, unitId: mine.unitId ?? null, version: stored.version }),
	}
}

/** A move on the board or the lead page, refused unless canMoveLead allows it. */
export async function moveLeadStage(db: Db, input: { leadId: string; toStage: string; actor: Actor }) {
	return db.$transaction(async (tx) => {
		const lead = await findLeadForChange(tx, input.leadId, input.actor)
		if (!canMoveLead(lead.stage, input.toStage)) throw new UserError('leads.validation.moveNotAllowed', { field: 'toStage', status: 409 })
		await changeStage(tx, lead, input.toStage, input.actor.id)
		return { id: lead.id, fromStage: lead.stage, toStage: input.toStage }
	})
}

/**
 * A bulk action refused: each ticked lead that may not take it, and why; nothing was written.
 * Forbidden when every lead refuses only because it is not the user's to change; not found when
 * none exists for the user (deleted, or another county's, ADR 0026); otherwise a conflict with their state.
 */
export class BulkLeadRefused extends UserError {
	readonly refused: BulkRefusal[]

	constructor(messageKey: string, { refused, ...options }: UserErrorOptions & { refused: BulkRefusal[] }) {
		super(messageKey, options)
		this.refused = refused
	}
}

function bulkRefusedStatus(refused: readonly BulkRefusal[]) {
	if (refused.every((r) => r.reason.startsWith('access.'))) return 403
	if (refused.every((r) => r.reason === 'leads.errors.notFound')) return 404
	return 409
}

type BulkTicked = { stage: string; ownerId: string; unitId: string | null; regionId: string | null; version: number }

/** The lead is already where the action would put it. */
function untouchedBy(action: BulkLeadAction, lead: BulkTicked) {
	return action.intent === 'move' ? lead.stage === action.toStage : lead.ownerId === action.ownerId && lead.unitId === action.unitId
}

/**
 * Why one ticked lead may not take the bulk action (an i18n key), or null. Who may change it comes
 * first; a lead the action leaves as it is passes even if it changed since the list was shown.
 */
function bulkRefusal(action: BulkLeadAction, actor: Actor, lead: BulkTicked, version: number) {
	const access = leadAccessProblem(actor, lead)
	if (access) return access
	if (untouchedBy(action, lead)) return null
	if (lead.version !== version) return 'leads.bulk.refusals.changedSince'
	if (!isOpenStage(lead.stage)) return 'leads.bulk.refusals.closed'
	if (action.intent === 'move') return canMoveLead(lead.stage, action.toStage) ? null : 'leads.bulk.refusals.cannotMove'
	return leadAssignmentProblem(actor, { ownerId: action.ownerId, unitId: action.unitId }, lead)
}

/**
 * The lead list's bulk action (#13 §7) in one transaction: each ticked lead as the list showed it
 * (its version), one the actor may change, open, and able to take the change; otherwise nothing
 * is written and BulkLeadRefused names every lead that refuses. A lead already where the action
 * would put it is left as it is. Each change is a stage change or hand-over like a single one
 * (stage history, audit, version).
 */
export async function bulkChangeLeads(db: Db, action: BulkLeadAction, actor: Actor) {
	return db.$transaction(async (tx) => {
		const ticked = [...new Map(action.leads.map((l) => [l.id, l.version])).entries()]
		// A lead outside the actor's regions is "not found", like one that was deleted (ADR 0026).
		const stored = await tx.lead.findMany({
			where: { id: { in: ticked.map(([id]) => id) }, ...regionWhere(actor.scope) },
			select: { id: true, stage: true, ownerId: true, unitId: true, regionId: true, version: true, company: { select: { name: true } } },
		})
		const byId = new Map(stored.map((lead) => [lead.id, lead]))
		if (action.intent === 'reassign')
			await checkAssignment(
				tx,
				action,
				stored.map((lead) => lead.regionId),
			)
		const refused: BulkRefusal[] = ticked.flatMap(([id, version]) => {
			const lead = byId.get(id)
			const reason = lead ? bulkRefusal(action, actor, lead, version) : 'leads.errors.notFound'
			return reason ? [{ leadId: id, company: lead?.company.name ?? '', reason }] : []
		})
		if (refused.length > 0) throw new BulkLeadRefused('leads.bulk.refused', { refused, status: bulkRefusedStatus(refused) })
		let changed = 0
		for (const [id] of ticked) {
			const lead = byId.get(id)!
			if (untouchedBy(action, lead)) continue
			if (action.intent === 'move') await changeStage(tx, lead, action.toStage, actor.id)
			else {
				await tx.lead.update({ where: { id }, data: { ownerId: action.ownerId, unitId: action.unitId, ...BUMP_VERSION }, select: { id: true } })
				await recordAudit(tx, {
					userId: actor.id,
					entity: 'Lead',
					entityId: id,
					action: 'update',
					before: { ownerId: lead.ownerId, unitId: lead.unitId },
					after: { ownerId: action.ownerId, unitId: action.unitId },
				})
			}
			changed++
		}
		return { changed, unchanged: ticked.length - changed }
	})
}

/** Logs an activity with the lead's company; a visit moves a new or contacted lead to 'visited'. */
export async function logLeadActivity(db: Db, input: { leadId: string; activity: ActivityData; actor: Actor }) {
	const userId = input.actor.id
	return db.$transaction(async (tx) => {
		const lead = await findLeadForChange(tx, input.leadId, input.actor)
		const activity = await tx.activity.create({
			data: { ...input.activity, companyId: lead.companyId, leadId: lead.id, userId },
			select: { id: true, kind: true, date: true, people: true, notes: true, companyId: true, leadId: true },
		})
		await recordAudit(tx, { userId, entity: 'Activity', entityId: activity.id, action: 'create', after: activity })
		const movedTo = stageAfterActivity(lead.stage, activity.kind)
		if (movedTo) await changeStage(tx, lead, movedTo, userId)
		return { activityId: activity.id, movedTo }
	})
}

/** Written into a converted project's notes: the investment is not known yet. */
export const CONVERTED_PROJECT_NOTE = '投资额待填：由招商线索转入，暂记为 0。'

/**
 * Creates a project in 洽谈 for the lead's company and marks the lead converted,
 * both audited, in one transaction. Returns the new project's id.
 */
/**
 * Converts an open lead into a project in 洽谈, dated `negotiatingDate`. A date
 * inside a period whose report was issued would change issued figures (ADR 0011):
 * refused here, where no correction reason can be given (the project form can).
 */
export async function convertLeadToProject(db: Db, input: { leadId: string; title: string | null; negotiatingDate: Date; actor: Actor }) {
	const userId = input.actor.id
	return db.$transaction(async (tx) => {
		const lead = await findLeadForChange(tx, input.leadId, input.actor)
		if (!canConvertLead(lead.stage)) throw new UserError('leads.errors.cannotConvert', { status: 409 })
		const facts = {
			type: 'new',
			investmentCNY: 0n,
			incrementCNY: null,
			isClusterLeading: false,
			stage: 'negotiating',
			negotiatingDate: input.negotiatingDate,
			signedDate: null,
			startedDate: null,
			producingDate: null,
			terminatedDate: null,
			responsibleUnitId: lead.unitId,
			linkIds: [],
		}
		if ((await closedReportsTouched(tx, lead.regionId, null, countedFactsOf(facts))).length > 0)
			throw new UserError('leads.errors.convertDateClosed', { field: 'negotiatingDate', status: 409 })
		const title = input.title ?? defaultProjectTitle(lead.company.name)
		const project = await tx.project.create({
			data: {
				title,
				titleSortKey: nameSortKey(title),
				companyId: lead.companyId,
				type: facts.type,
				investmentCNY: facts.investmentCNY,
				stage: facts.stage,
				negotiatingDate: facts.negotiatingDate,
				responsibleUnitId: facts.responsibleUnitId,
				regionId: lead.regionId,
				leadId: lead.id,
				ownerId: lead.ownerId,
				// The planned capacity carries over: the project is the same pursuit (ADR 0040).
				plannedLinkId: lead.plannedLinkId,
				plannedOutput: lead.plannedOutput,
				plannedFromYear: lead.plannedFromYear,
				notes: CONVERTED_PROJECT_NOTE,
				isSample: false,
			},
			select: {
				id: true,
				title: true,
				companyId: true,
				type: true,
				investmentCNY: true,
				stage: true,
				negotiatingDate: true,
				responsibleUnitId: true,
				regionId: true,
				ownerId: true,
				notes: true,
			},
		})
		await recordAudit(tx, {
			userId,
			entity: 'Project',
			entityId: project.id,
			action: 'create',
			after: { ...project, fromLeadId: lead.id },
		})
		await changeStage(tx, lead, 'converted', userId)
		return project.id
	})
}

/**
 * Leads for prospects (companies the gap finder proposes), in one transaction: a
 * company that already has an open lead gets no second one.
 */
export async function createGapLeads(db: Db, input: { companyIds: readonly string[]; ownerId: string; unitId: string | null; notes: string; actor: Actor }) {
	const regionId = input.actor.regionId
	return db.$transaction(async (tx) => {
		refuse(leadAssignmentProblem(input.actor, { ownerId: input.ownerId, unitId: input.unitId }, null), 'ownerId')
		await checkAssignment(tx, input, [regionId])
		const existing = await tx.lead.findMany({
			where: { companyId: { in: [...input.companyIds] }, regionId, stage: { in: OPEN_STAGES } },
			select: { companyId: true },
		})
		const skip = new Set(existing.map((l) => l.companyId))
		const created: string[] = []
		for (const companyId of new Set(input.companyIds)) {
			if (skip.has(companyId)) continue
			const lead = await tx.lead.create({
				data: { companyId, ownerId: input.ownerId, unitId: input.unitId, regionId, source: 'chain_gap', priority: 'high', notes: input.notes },
				select: auditSelect,
			})
			await recordLeadCreated(tx, lead, input.actor.id)
			created.push(lead.id)
		}
		return { created, skippedCompanyIds: [...skip] }
	})
}

/** Companies among `companyIds` that have an open lead the viewer sees. */
export async function companiesWithOpenLeads(db: Db, companyIds: readonly string[], scope: RegionScope) {
	const rows = await db.lead.findMany({
		where: { companyId: { in: [...companyIds] }, stage: { in: OPEN_STAGES }, ...regionWhere(scope) },
		select: { companyId: true },
	})
	return new Set(rows.map((r) => r.companyId))
}

/**
 * Owner and unit choices for a lead form, defaulting to the signed-in user and
 * their unit; staff cannot pick others (assignmentLocked, ADR 0010). Owners are
 * the accounts of the user's regions; a user over several regions (a 市) also
 * picks the region of a new lead, their own by default (ADR 0026).
 */
export async function leadFormOptions(db: Db, user: { id: string; role: Role; unit: { id: string } | null; regionId: string | null; scope: RegionScope }) {
	const [owners, units, regions, plannedLinks] = await Promise.all([
		listUserNames(db, user.scope),
		listUnits(db),
		listScopeRegions(db, user.scope),
		plannedLinkOptions(db, user.scope, user.regionId),
	])
	return {
		owners,
		units,
		plannedLinks,
		regions: regions.length > 1 ? regions : [],
		defaultRegionId: user.regionId,
		defaultOwnerId: user.id,
		defaultUnitId: user.unit?.id ?? null,
		assignmentLocked: !isManager(user),
	}
}

/** The /leads page's filters read from a query string, as a where clause (used by the export). */
export function leadWhereFromQuery(db: Db, params: URLSearchParams, viewer: LeadViewer, now = new Date()) {
	return leadListWhere(db, parseLeadFilters(params), viewer, { now })
}

/** The table's order for the list page's query string, for its export. */
export function leadOrderFromQuery(params: URLSearchParams) {
	return leadOrder(parseLeadFilters(params).sort)
}

type FollowUpCounts = Record<FollowUpMeasure, number>

/**
 * The team view of follow-up discipline (ADR 0037): per owner and per unit, the open leads of the
 * viewer's regions that are overdue, stalled or past their first contact, by the same rules as the
 * list's filters (so each number is the count of its drill-down list). `mine` limits it to the
 * viewer's own leads (what staff see).
 */
export async function followUpTeamCounts(db: Db, viewer: LeadViewer, given: LeadClock, mine: boolean) {
	const clock = await readyClock(db, given, viewer.scope)
	const base: Prisma.LeadWhereInput[] = [regionWhere(viewer.scope), { stage: { in: OPEN_STAGES } }, mine ? { ownerId: viewer.id } : {}]
	const measures: Record<FollowUpMeasure, Prisma.LeadWhereInput> = {
		overdue: overdueWhere(clock),
		stalled: stalledWhere(clock),
		firstContact: firstContactWhere(clock),
	}
	const grouped = await Promise.all(
		FOLLOW_UP_MEASURES.flatMap((measure) => [
			db.lead
				.groupBy({ by: ['ownerId'], where: { AND: [...base, measures[measure]] }, _count: { _all: true } })
				.then((rows) => ({ measure, by: 'owner' as const, rows: rows.map((r) => ({ key: r.ownerId, count: r._count._all })) })),
			db.lead
				.groupBy({ by: ['unitId'], where: { AND: [...base, measures[measure]] }, _count: { _all: true } })
				.then((rows) => ({ measure, by: 'unit' as const, rows: rows.map((r) => ({ key: r.unitId, count: r._count._all })) })),
		]),
	)
	const empty = (): FollowUpCounts => ({ overdue: 0, stalled: 0, firstContact: 0 })
	const owners = new Map<string, FollowUpCounts>()
	const units = new Map<string | null, FollowUpCounts>()
	const totals = empty()
	for (const { measure, by, rows } of grouped) {
		for (const { key, count } of rows) {
			if (by === 'owner') {
				const entry = owners.get(key as string) ?? empty()
				entry[measure] = count
				owners.set(key as string, entry)
				totals[measure] += count
			} else {
				const entry = units.get(key) ?? empty()
				entry[measure] = count
				units.set(key, entry)
			}
		}
	}
	const [ownerRows, unitRows] = await Promise.all([
		db.user.findMany({ where: { id: { in: [...owners.keys()] } }, select: { id: true, name: true } }),
		db.unit.findMany({ where: { id: { in: [...units.keys()].filter((k): k is string => k !== null) } }, select: { id: true, name: true, nameEn: true } }),
	])
	const byWorst = (a: FollowUpCounts, b: FollowUpCounts) => b.overdue - a.overdue || b.stalled - a.stalled || b.firstContact - a.firstContact
	return {
		totals,
		owners: ownerRows
			.map((o) => ({ ...o, counts: owners.get(o.id)! }))
			.sort((a, b) => byWorst(a.counts, b.counts) || nameSortKey(a.name).localeCompare(nameSortKey(b.name))),
		units: [
			...unitRows.map((u) => ({ ...u, counts: units.get(u.id)! })),
			...(units.has(null) ? [{ id: null, name: null, nameEn: null, counts: units.get(null)! }] : []),
		].sort((a, b) => byWorst(a.counts, b.counts)),
	}
}
