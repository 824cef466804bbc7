import { type Db } from '~/db.server'
import { type AccessProblem, type Actor, projectAccessProblem, projectAdvanceProblem, projectStageProblem } from '~/domain/auth/record-access'
import { type Conflict, VersionConflict } from '~/domain/concurrency/conflict'
import { nameSortKey } from '~/domain/names/sort-key'
import { COMMITMENT_WARN_DAYS, type CommitmentFilter, commitmentWarnings, commitmentWindow } from '~/domain/project/commitments'
import { countedFactsOf, type CountedFactsSource } from '~/domain/project/counted-facts'
import { parseProjectListQuery, type ProjectListQuery, stageDateRange } from '~/domain/project/list-query'
import {
	type AdvanceStageData,
	nextStage,
	type ProjectFormData,
	projectFormSchema,
	type ProjectFormValues,
	projectFormValues,
} from '~/domain/project/project-schema'
import { DATE_FIELD, PROJECT_STAGES, type ProjectStage, STAGE_DATE_SELECT } from '~/domain/project/stages'
import { regionForNewRecord, type RegionScope } from '~/domain/region/scope'
import { closedPeriodProblem, type IssuedReportRef } from '~/domain/report/closed-periods'
import { type Prisma } from '~/generated/prisma/client'
import { formatDate } from '~/utils/format'
import { type ActionResult, type FieldErrors, fieldErrors, refusal } from '~/utils/forms'
import { todayInChina } from '~/utils/today'
import { type RefusalStatus, UserError, type UserErrorOptions } from '~/utils/user-error'
import { recordAudit } from './audit.server'
import { closedReportsTouched, factChanges, issuedRef, recordPeriodAdjustment } from './closed-period.server'
import { BUMP_VERSION, compareAndSet } from './concurrency.server'
import { funnelProjectWhere } from './funnel-records.server'
import { plannedLinkAllowed, plannedLinkOptions } from './planned-capacity.server'
import { listScopeRegions, regionWhere } from './region.server'
import { type CommitmentWindows, loadCommitmentWindows } from './service-level.server'
import { listUnits } from './unit.server'

type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0]

export const PROJECT_PAGE_SIZE = 50

/**
 * A write refused by the data (unknown company, stage moved on meanwhile, project
 * incomplete for the next stage). Nothing is written. Besides its message it
 * carries the problem of each form field it found (`errors`, several at once)
 * and the issued reports the change would have altered (`closed`, ADR 0011).
 */
export class ProjectError extends UserError {
	readonly errors: FieldErrors
	readonly closed: IssuedReportRef[]

	constructor(messageKey: string, { errors = {}, closed = [], ...options }: UserErrorOptions & { errors?: FieldErrors; closed?: IssuedReportRef[] } = {}) {
		super(messageKey, options)
		this.errors = errors
		this.closed = closed
	}
}

function refuse(problem: AccessProblem | null, errors: FieldErrors = {}) {
	if (problem) throw new ProjectError(problem, { errors, status: 403 })
}

// ---------- list ----------

/** The 履约 columns (ADR 0039). */
export const COMMITMENT_SELECT = {
	commitStartBy: true,
	commitProduceBy: true,
	commitLandMu: true,
	commitOutputCNY: true,
	commitTaxCNY: true,
} as const satisfies Prisma.ProjectSelect

/**
 * The projects with a 履约 warning on `day`, as commitmentWarnings finds them (the
 * integration test holds the two together): signed, not producing, not terminated,
 * and a deadline passed (`broken`), or passed or within the warning window (`warn`)
 * — 开工 while not started, 投产 while not producing.
 */
export function commitmentWhere(filter: CommitmentFilter, day: string, windows?: Pick<CommitmentWindows, 'groups'>): Prisma.ProjectWhereInput {
	const { today } = commitmentWindow(day)
	const deadlines = (before: Prisma.DateTimeNullableFilter): Prisma.ProjectWhereInput[] => [
		{ startedDate: null, commitStartBy: before },
		{ producingDate: null, commitProduceBy: before },
	]
	const signed = { stage: { in: ['signed', 'started'] }, signedDate: { lte: today } }
	if (filter === 'broken') return { ...signed, OR: deadlines({ lt: today }) }
	// Coming up: each region's own window (the service levels' setting), the default one without.
	const groups = windows?.groups ?? [{ regionIds: null, days: COMMITMENT_WARN_DAYS }]
	return {
		...signed,
		OR: groups.map(({ regionIds, days }) => {
			const within = { OR: deadlines({ lte: commitmentWindow(day, days).horizon }) }
			if (regionIds === null) return within
			const ids = regionIds.filter((id) => id !== null)
			const inRegions: Prisma.ProjectWhereInput[] = [
				...(ids.length > 0 ? [{ regionId: { in: ids } }] : []),
				...(regionIds.includes(null) ? [{ regionId: null }] : []),
			]
			return { AND: [{ OR: inRegions }, within] }
		}),
	}
}

/** The Prisma filter of a list query (everything but sort and page). */
export function projectWhere(
	query: Omit<ProjectListQuery, 'sort' | 'page'>,
	scope: RegionScope,
	today = todayInChina(),
	windows?: Pick<CommitmentWindows, 'groups'>,
): Prisma.ProjectWhereInput {
	const and: Prisma.ProjectWhereInput[] = [regionWhere(scope)]
	if (query.q) {
		const term = { contains: query.q }
		and.push({ OR: [{ title: term }, { company: { name: term } }, { company: { aliases: { some: { name: term } } } }] })
	}
	if (query.stage) and.push({ stage: query.stage })
	if (query.type) and.push({ type: query.type })
	if (query.unit) and.push({ responsibleUnitId: query.unit })
	if (query.link) and.push({ links: { some: { linkId: query.link } } })
	if (query.leading) and.push({ isClusterLeading: true })
	if (query.year !== null) {
		and.push({ [DATE_FIELD[query.yearStage]]: stageDateRange({ year: query.year, month: query.month }) })
	}
	if (query.minInvestmentCNY !== null) and.push({ investmentCNY: { gte: BigInt(query.minInvestmentCNY) } })
	if (query.commit) and.push(commitmentWhere(query.commit, today, windows))
	return { AND: and }
}

/** The list's filter with its funnel drill-down: one funnel number's projects, exactly as the funnel counts them. */
export async function projectListWhere(
	db: Db,
	query: Omit<ProjectListQuery, 'sort' | 'page'>,
	scope: RegionScope,
	today = todayInChina(),
): Promise<Prisma.ProjectWhereInput> {
	const where = projectWhere(query, scope, today, query.commit === 'warn' ? await loadCommitmentWindows(db, scope) : undefined)
	if (!query.funnel) return where
	return { AND: [where, await funnelProjectWhere(db, query.funnel, scope, today)] }
}

/** The filter of the list page's query string, for other readers of the same list (export). */
export function projectWhereFromQuery(db: Db, params: URLSearchParams, scope: RegionScope) {
	return projectListWhere(db, parseProjectListQuery(params), scope)
}

const ORDER_BY = {
	signed_desc: [{ signedDate: { sort: 'desc', nulls: 'last' } }],
	signed_asc: [{ signedDate: { sort: 'asc', nulls: 'last' } }],
	investment_desc: [{ investmentCNY: 'desc' }],
	investment_asc: [{ investmentCNY: 'asc' }],
	// Titles in 拼音 order (ADR 0027).
	title_asc: [{ titleSortKey: 'asc' }],
	title_desc: [{ titleSortKey: 'desc' }],
} as const satisfies Record<ProjectListQuery['sort'], Prisma.ProjectOrderByWithRelationInput[]>

/** The list's order: the chosen sort, then titles in 拼音 order, then id, so pages never overlap. */
function projectOrder(sort: ProjectListQuery['sort']): Prisma.ProjectOrderByWithRelationInput[] {
	return [...ORDER_BY[sort], { titleSortKey: 'asc' }, { id: 'asc' }]
}

/** The list page's order for its query string, for its export. */
export function projectOrderFromQuery(params: URLSearchParams) {
	return projectOrder(parseProjectListQuery(params).sort)
}

/** One page of the filtered projects, with count, total investment and count per stage of the whole filtered set. */
export async function listProjects(db: Db, query: ProjectListQuery, scope: RegionScope, today = todayInChina()) {
	const [where, windows] = await Promise.all([projectListWhere(db, query, scope, today), loadCommitmentWindows(db, scope)])
	const [totals, byStage, rows] = await Promise.all([
		db.project.aggregate({ where, _count: { _all: true }, _sum: { investmentCNY: true } }),
		db.project.groupBy({ by: ['stage'], where, _count: { _all: true } }),
		db.project.findMany({
			where,
			orderBy: projectOrder(query.sort),
			skip: (query.page - 1) * PROJECT_PAGE_SIZE,
			take: PROJECT_PAGE_SIZE,
			select: {
				id: true,
				title: true,
				type: true,
				investmentCNY: true,
				incrementCNY: true,
				stage: true,
				...STAGE_DATE_SELECT,
				commitStartBy: true,
				commitProduceBy: true,
				regionId: true,
				isClusterLeading: true,
				isSample: true,
				company: { select: { id: true, name: true } },
				responsibleUnit: { select: { name: true, nameEn: true } },
				links: { select: { link: { select: { id: true, name: true, nameEn: true } } } },
			},
		}),
	])
	const stageCounts = Object.fromEntries(PROJECT_STAGES.map((stage) => [stage, 0])) as Record<ProjectStage, number>
	for (const row of byStage) if (row.stage in stageCounts) stageCounts[row.stage as ProjectStage] = row._count._all
	return {
		total: totals._count._all,
		totalInvestmentCNY: Number(totals._sum.investmentCNY ?? 0n),
		stageCounts,
		rows: rows.map((p) => ({
			...p,
			investmentCNY: Number(p.investmentCNY),
			incrementCNY: p.incrementCNY === null ? null : Number(p.incrementCNY),
			links: p.links.map((l) => l.link),
			commitmentWarnings: commitmentWarnings(p, today, windows.daysFor(p.regionId)),
		})),
	}
}

/** Chain links to pick from, in chain order, with their chain's name. */
function listLinkOptions(db: Db) {
	return db.chainLink.findMany({
		orderBy: [{ chain: { createdAt: 'asc' } }, { sortOrder: 'asc' }],
		select: { id: true, name: true, nameEn: true, chain: { select: { id: true, name: true, nameEn: true } } },
	})
}

/** Choices of the list filters. */
export async function projectFilterOptions(db: Db) {
	const [units, links] = await Promise.all([listUnits(db), listLinkOptions(db)])
	return { units, links }
}

/**
 * Choices of the project form: the filter choices, the companies, and for a user
 * over several regions (a 市) the region of a new project, their own by default (ADR 0026).
 */
export async function projectFormOptions(db: Db, user: { regionId: string | null; scope: RegionScope }) {
	const [options, companies, regions, plannedLinks] = await Promise.all([
		projectFilterOptions(db),
		db.company.findMany({ orderBy: [{ isLocal: 'desc' }, { nameSortKey: 'asc' }, { id: 'asc' }], select: { id: true, name: true, isSample: true } }),
		listScopeRegions(db, user.scope),
		plannedLinkOptions(db, user.scope, user.regionId),
	])
	return { ...options, companies, regions: regions.length > 1 ? regions : [], defaultRegionId: user.regionId, plannedLinks }
}

// ---------- one project ----------

// What the audit log keeps of a project: its stored fields and its link ids.
const SNAPSHOT_SELECT = {
	id: true,
	title: true,
	companyId: true,
	type: true,
	investmentCNY: true,
	incrementCNY: true,
	stage: true,
	...STAGE_DATE_SELECT,
	responsibleUnitId: true,
	ownerId: true,
	isClusterLeading: true,
	notes: true,
	source: true,
	...COMMITMENT_SELECT,
	isSample: true,
	version: true,
	links: { orderBy: { linkId: 'asc' }, select: { linkId: true } },
	// Planned capacity (ADR 0040).
	plannedLinkId: true,
	plannedOutput: true,
	plannedFromYear: true,
} as const satisfies Prisma.ProjectSelect

async function snapshot(tx: Pick<Db, 'project'>, id: string, scope: RegionScope) {
	const row = await tx.project.findFirst({ where: { id, ...regionWhere(scope) }, select: SNAPSHOT_SELECT })
	if (!row) return null
	const { links, ...fields } = row
	return { ...fields, linkIds: links.map((l) => l.linkId) }
}

type Snapshot = NonNullable<Awaited<ReturnType<typeof snapshot>>>

const sameSnapshot = (a: Snapshot, b: Snapshot) => {
	const json = (s: Snapshot) => JSON.stringify(s, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value))
	return json(a) === json(b)
}

/** Everything the project page shows; null outside the scope (ADR 0026). */
export async function getProject(db: Db, id: string, scope: RegionScope) {
	const row = await db.project.findFirst({
		where: { id, ...regionWhere(scope) },
		select: {
			...SNAPSHOT_SELECT,
			createdAt: true,
			updatedAt: true,
			regionId: true,
			region: { select: { name: true, nameEn: true } },
			company: { select: { id: true, name: true, isSample: true } },
			responsibleUnit: { select: { id: true, name: true, nameEn: true } },
			plannedLink: { select: { id: true, key: true, name: true, nameEn: true, unit: true, chain: { select: { slug: true, name: true, nameEn: true } } } },
			links: {
				orderBy: { link: { sortOrder: 'asc' } },
				select: { link: { select: { id: true, name: true, nameEn: true, chain: { select: { slug: true, name: true, nameEn: true } } } } },
			},
			activities: {
				orderBy: [{ date: 'desc' }, { createdAt: 'desc' }],
				select: { id: true, kind: true, date: true, people: true, notes: true, isSample: true, user: { select: { name: true } } },
			},
		},
	})
	if (!row) return null
	return {
		...row,
		investmentCNY: Number(row.investmentCNY),
		incrementCNY: row.incrementCNY === null ? null : Number(row.incrementCNY),
		commitOutputCNY: row.commitOutputCNY === null ? null : Number(row.commitOutputCNY),
		commitTaxCNY: row.commitTaxCNY === null ? null : Number(row.commitTaxCNY),
		links: row.links.map((l) => l.link),
	}
}

// ---------- writes (each in one transaction with its audit row) ----------

/** The references of the form exist: company, responsible unit, every chain link. */
async function checkReferences(tx: Tx, data: ProjectFormData, scope: RegionScope, regionId: string | null) {
	const errors: Record<string, string> = {}
	// Planned capacity (ADR 0040): a material link of a chain in reach of the user's scope and the project's region.
	if (data.plannedLinkId && !(await plannedLinkAllowed(tx, data.plannedLinkId, scope, regionId))) errors.plannedLinkId = 'planned.validation.linkOutOfReach'
	const company = await tx.company.findUnique({ where: { id: data.companyId }, select: { id: true } })
	if (!company) errors.companyId = 'projects.errors.companyNotFound'
	if (data.responsibleUnitId) {
		const unit = await tx.unit.findUnique({ where: { id: data.responsibleUnitId }, select: { id: true } })
		if (!unit) errors.responsibleUnitId = 'validation.invalidChoice'
	}
	if (data.linkIds.length > 0) {
		const found = await tx.chainLink.count({ where: { id: { in: data.linkIds } } })
		if (found !== data.linkIds.length) errors.linkIds = 'validation.invalidChoice'
	}
	if (Object.keys(errors).length > 0) throw new ProjectError('projects.errors.fixFields', { errors })
}

function storedFields(data: ProjectFormData) {
	const { linkIds: _linkIds, closedReason: _closedReason, version: _version, investmentCNY, incrementCNY, commitOutputCNY, commitTaxCNY, ...fields } = data
	const big = (cny: number | null) => (cny === null ? null : BigInt(cny))
	return {
		...fields,
		investmentCNY: BigInt(investmentCNY),
		incrementCNY: big(incrementCNY),
		commitOutputCNY: big(commitOutputCNY),
		commitTaxCNY: big(commitTaxCNY),
	}
}

/**
 * A change of a project's counted facts that alters issued reports (ADR 0011):
 * refused to staff, and a manager must give the reason. Returns what to record
 * once the change is written (recordCorrection), null when nothing issued is altered.
 */
async function checkClosedPeriods(
	tx: Tx,
	actor: Actor,
	regionId: string | null,
	before: CountedFactsSource | null,
	after: CountedFactsSource,
	reason: string | null,
) {
	const beforeFacts = before ? countedFactsOf(before) : null
	const afterFacts = countedFactsOf(after)
	const touched = await closedReportsTouched(tx, regionId, beforeFacts, afterFacts)
	const problem = closedPeriodProblem(actor, touched.length, reason)
	if (problem === 'closedPeriods.staffRefused') throw new ProjectError(problem, { status: 403, closed: touched.map(issuedRef) })
	if (problem === 'closedPeriods.reasonRequired') throw new ProjectError(problem, { errors: { closedReason: problem }, closed: touched.map(issuedRef) })
	return touched.length === 0 ? null : { changes: factChanges(beforeFacts, afterFacts), reason: reason!, reports: touched }
}

type Correction = Awaited<ReturnType<typeof checkClosedPeriods>>

/** A stored project's region: which issued reports hold it (ADR 0033). */
async function regionOfProject(tx: Tx, id: string) {
	return (await tx.project.findUniqueOrThrow({ where: { id }, select: { regionId: true } })).regionId
}

async function recordCorrection(tx: Tx, correction: Correction, project: { id: string; title: string }, userId: string) {
	if (correction) await recordPeriodAdjustment(tx, { ...correction, projectId: project.id, projectTitle: project.title, userId })
}

/** A new project, in the actor's region or one they picked inside their scope (ADR 0026). */
function createProject(db: Db, actor: Actor, data: ProjectFormData, picked: string | null) {
	const userId = actor.id
	return db.$transaction(async (tx) => {
		refuse(projectStageProblem(actor, data.stage), { stage: 'access.countedStageIsManagers' })
		const regionId = regionForNewRecord(actor.scope, actor.regionId, picked)
		if (regionId === undefined) throw new ProjectError('projects.errors.fixFields', { errors: { regionId: 'validation.invalidChoice' } })
		await checkReferences(tx, data, actor.scope, regionId)
		const fields = storedFields(data)
		const correction = await checkClosedPeriods(tx, actor, regionId, null, { ...fields, linkIds: data.linkIds }, data.closedReason)
		const { id } = await tx.project.create({
			data: { ...fields, titleSortKey: nameSortKey(fields.title), regionId, ownerId: actor.id, links: { create: data.linkIds.map((linkId) => ({ linkId })) } },
			select: { id: true },
		})
		await recordCorrection(tx, correction, { id, title: data.title }, userId)
		await recordAudit(tx, { userId, entity: 'Project', entityId: id, action: 'create', after: await snapshot(tx, id, actor.scope) })
		return { id }
	})
}

async function existing(tx: Tx, id: string, scope: RegionScope) {
	const before = await snapshot(tx, id, scope)
	if (!before) throw new ProjectError('projects.errors.notFound', { status: 404 })
	return before
}

function updateProject(db: Db, actor: Actor, id: string, data: ProjectFormData) {
	const userId = actor.id
	return db.$transaction(async (tx) => {
		const before = await existing(tx, id, actor.scope)
		refuse(projectAccessProblem(actor, before))
		const fields = storedFields(data)
		// Links compare in the snapshot's order (by id).
		const after = { ...before, ...fields, linkIds: [...data.linkIds].sort() }
		if (sameSnapshot(before, after)) return { id, changed: false }
		// A form opened before the project's last change (an edit, a stage move, evidence, an import) is stale (ADR 0015).
		if (data.version !== before.version) throw new VersionConflict()
		refuse(projectStageProblem(actor, data.stage), { stage: 'access.countedStageIsManagers' })
		const regionId = await regionOfProject(tx, id)
		await checkReferences(tx, data, actor.scope, regionId)
		const correction = await checkClosedPeriods(tx, actor, regionId, before, after, data.closedReason)
		// Compare-and-set first: when another save came in between, nothing below is written.
		await compareAndSet(
			tx.project.updateMany({ where: { id, version: before.version }, data: { ...fields, titleSortKey: nameSortKey(fields.title), ...BUMP_VERSION } }),
		)
		await tx.projectLink.deleteMany({ where: { projectId: id } })
		await tx.projectLink.createMany({ data: data.linkIds.map((linkId) => ({ projectId: id, linkId })) })
		await recordCorrection(tx, correction, { id, title: fields.title }, userId)
		await recordAudit(tx, { userId, entity: 'Project', entityId: id, action: 'update', before, after: await snapshot(tx, id, actor.scope) })
		return { id, changed: true }
	})
}

/**
 * A stale save refused (ADR 0015): the project as stored now and the submitted
 * values, both as form values at its version; null when it was deleted meanwhile.
 */
async function projectConflict(
	db: Db,
	scope: RegionScope,
	id: string,
	data: ProjectFormData,
	closedReason: string,
): Promise<Conflict<ProjectFormValues> | null> {
	const stored = await snapshot(db, id, scope)
	if (!stored) return null
	const submitted = projectFormValues({ ...storedFields(data), linkIds: [...data.linkIds].sort(), version: stored.version })
	return { current: projectFormValues(stored), submitted: { ...submitted, closedReason } }
}

/**
 * A project save's answer, with the HTTP status of a refusal. On a refusal the route gives the form the posted
 * values again (a conflict's `submitted` ones); `formError` is set only when the whole form is refused (not allowed):
 * otherwise the problems are under their fields.
 */
export type ProjectSaveResult = ActionResult<
	{ id: string; changed: boolean },
	{
		status: RefusalStatus
		/** The issued reports the change would alter, when that is why it was refused. */
		closed: IssuedReportRef[]
		/** Set when the project changed since the form was opened (ADR 0015): its `submitted` values at the new version. */
		conflict: Conflict<ProjectFormValues> | null
	}
>

/**
 * A project form's data (parsed by the route with projectFormSchema, see parseProjectForm) creates the project
 * (projectId null, in `regionId` or the user's own region) or updates it. A refusal says why per field or for
 * the form; nothing is written then.
 */
export async function saveProjectForm(
	db: Db,
	actor: Actor,
	data: ProjectFormData,
	target: { projectId: string | null; regionId?: string | null },
): Promise<ProjectSaveResult> {
	const { projectId } = target
	try {
		if (projectId === null) return { ok: true, ...(await createProject(db, actor, data, target.regionId ?? null)), changed: true }
		return { ok: true, ...(await updateProject(db, actor, projectId, data)) }
	} catch (error) {
		if (error instanceof VersionConflict && projectId !== null) {
			const conflict = await projectConflict(db, actor.scope, projectId, data, data.closedReason ?? '')
			if (conflict) return { ...refusal({}), status: 409, closed: [], conflict }
			return { ...refusal({}), status: 404, closed: [], conflict: null }
		}
		if (!(error instanceof ProjectError)) throw error
		return { ...refusal(error.errors, error.status === 403 ? error.userMessage : null), status: error.status, closed: error.closed, conflict: null }
	}
}

/**
 * Moves a project to the stage after its current one, on `date`. The whole project
 * must pass the project form rules at that stage (e.g. investment known from 签约
 * on, dates in order); otherwise the problems come back per field.
 */
export function advanceProject(db: Db, actor: Actor, id: string, data: AdvanceStageData) {
	const userId = actor.id
	return db.$transaction(async (tx) => {
		const before = await existing(tx, id, actor.scope)
		refuse(projectAdvanceProblem(actor, before, data.toStage))
		if (nextStage(before.stage) !== data.toStage) throw new ProjectError('projects.errors.stageChanged', { status: 409 })
		const dateField = DATE_FIELD[data.toStage]
		const candidate = projectFormSchema.safeParse({
			...projectFormValues(before),
			stage: data.toStage,
			[dateField]: formatDate(data.date),
		})
		if (!candidate.success) throw new ProjectError('projects.errors.incomplete', { errors: fieldErrors(candidate.error) })
		const correction = await checkClosedPeriods(
			tx,
			actor,
			await regionOfProject(tx, id),
			before,
			{ ...before, stage: data.toStage, [dateField]: data.date },
			data.closedReason,
		)
		// A stage move makes edit forms opened before it stale (ADR 0015).
		await tx.project.update({ where: { id }, data: { stage: data.toStage, [dateField]: data.date, ...BUMP_VERSION }, select: { id: true } })
		await recordCorrection(tx, correction, before, userId)
		await recordAudit(tx, { userId, entity: 'Project', entityId: id, action: 'update', before, after: await snapshot(tx, id, actor.scope) })
		return { id, stage: data.toStage }
	})
}
