// 情景推演 (ADR 0035): saved scenarios of a chain, shared in the author's region, and their run:
// the chain's per-link inputs as the gap analysis reads them (loadLinkSummaries), the firm rows of
// the links a company change touches, the engine in app/domain/scenario, and the quotas that sum
// the chain's figures. Every read and write is scoped to the viewer's regions (ADR 0026).
import { type Db } from '~/db.server'
import { type Actor } from '~/domain/auth/record-access'
import { VersionConflict } from '~/domain/concurrency/conflict'
import { parseQuotaRules } from '~/domain/quota/rules'
import { regionForNewRecord } from '~/domain/region/scope'
import { type RegionScope } from '~/domain/region/scope'
import { canCreateScenario, canSeeScenario, scenarioAccessProblem } from '~/domain/scenario/access'
import { NEW_CAPACITY_ID, plannedProducerOf, quotaEffects, runScenario, type ScenarioQuotaInput } from '~/domain/scenario/scenario'
import { parseStoredChanges, SCENARIO_CHANGES_MAX, type ScenarioChange, type ScenarioHeader } from '~/domain/scenario/scenario-schema'
import { UserError } from '~/utils/user-error'
import { auditJson, recordAudit } from './audit.server'
import { type ChainFirm, loadChain, loadChainFirms, loadLinkSummaries, type LoadedChain } from './chain-analysis.server'
import { BUMP_VERSION, compareAndSet } from './concurrency.server'
import { loadPlannedRecords } from './planned-capacity.server'
import { loadQuotaProgress } from './quota-progress.server'
import { regionWhere } from './region.server'

const SCENARIO_SELECT = {
	id: true,
	chainId: true,
	name: true,
	note: true,
	year: true,
	changes: true,
	regionId: true,
	authorId: true,
	author: { select: { name: true } },
	createdAt: true,
	updatedAt: true,
	version: true,
} as const

/** A chain's scenarios the viewer's regions hold, newest change first. */
export async function listScenarios(db: Db, chainId: string, actor: Pick<Actor, 'id' | 'role' | 'scope'>) {
	const rows = await db.scenario.findMany({
		where: { chainId, ...regionWhere(actor.scope) },
		orderBy: [{ updatedAt: 'desc' }, { id: 'asc' }],
		select: SCENARIO_SELECT,
	})
	return rows.map((r) => ({ ...scenarioView(r), canEdit: scenarioAccessProblem(actor, r) === null }))
}

function scenarioView(row: {
	id: string
	chainId: string
	name: string
	note: string
	year: number
	changes: string
	regionId: string | null
	authorId: string
	author: { name: string }
	createdAt: Date
	updatedAt: Date
	version: number
}) {
	const { changes, broken } = parseStoredChanges(row.changes)
	return {
		id: row.id,
		chainId: row.chainId,
		name: row.name,
		note: row.note,
		year: row.year,
		changes,
		changesBroken: broken,
		regionId: row.regionId,
		authorId: row.authorId,
		authorName: row.author.name,
		createdAt: row.createdAt.toISOString(),
		updatedAt: row.updatedAt.toISOString(),
		version: row.version,
	}
}

export type ScenarioView = ReturnType<typeof scenarioView>

/** One scenario of the chain, if the viewer's regions hold it (else null, as if it did not exist). */
export async function getScenario(db: Db, chainId: string, id: string, actor: Pick<Actor, 'scope'>) {
	const row = await db.scenario.findFirst({ where: { id, chainId }, select: SCENARIO_SELECT })
	if (!row || !canSeeScenario(actor, row)) return null
	return scenarioView(row)
}

/** A new, empty scenario in the author's region (or one of their scope they picked). */
export async function createScenario(
	db: Db,
	input: { chainId: string; header: ScenarioHeader; actor: Actor; address?: string | null; changes?: ScenarioChange[] },
) {
	const { actor } = input
	if (!canCreateScenario(actor)) throw new UserError('access.notYours', { status: 403 })
	const regionId = regionForNewRecord(actor.scope, actor.regionId, null)
	if (regionId === undefined) throw new UserError('access.notYours', { status: 403 })
	return db.$transaction(async (tx) => {
		const created = await tx.scenario.create({
			data: {
				chainId: input.chainId,
				name: input.header.name,
				note: input.header.note,
				year: input.header.year,
				changes: JSON.stringify(input.changes ?? []),
				regionId,
				authorId: actor.id,
			},
			select: { id: true, name: true, note: true, year: true, changes: true, regionId: true, chainId: true },
		})
		await recordAudit(tx, {
			userId: actor.id,
			entity: 'Scenario',
			entityId: created.id,
			action: 'create',
			after: { ...created, changes: JSON.parse(created.changes) as unknown },
			ip: input.address,
		})
		return created
	})
}

type Edit = { header: ScenarioHeader } | { add: ScenarioChange } | { remove: number }

/**
 * Changes a scenario as its author or a manager (decided here, inside the write), at the version
 * the form was opened at. A change is only added when it applies to the chain as loaded now
 * (the engine's own check: the link, edge, company and factor range exist).
 */
export async function editScenario(db: Db, input: { chain: LoadedChain; id: string; version: number; edit: Edit; actor: Actor; address?: string | null }) {
	const { actor, edit } = input
	const current = await db.scenario.findFirst({ where: { id: input.id, chainId: input.chain.id }, select: SCENARIO_SELECT })
	if (!current || !canSeeScenario(actor, current)) throw new UserError('errors.notFound', { status: 404 })
	if (scenarioAccessProblem(actor, current)) throw new UserError('access.notYours', { status: 403 })
	const view = scenarioView(current)
	let next = { name: view.name, note: view.note, year: view.year, changes: view.changes }
	if ('header' in edit) next = { ...next, ...edit.header }
	else if ('add' in edit) {
		if (view.changes.length >= SCENARIO_CHANGES_MAX) throw new UserError('scenarios.errors.tooMany')
		const problem = await changeProblem(db, input.chain, view.year, edit.add, actor.scope)
		if (problem) throw new UserError(`scenarios.problems.${problem}`, { field: edit.add.kind === 'factor' ? 'value' : null })
		next = { ...next, changes: [...view.changes, edit.add] }
	} else {
		if (edit.remove < 0 || edit.remove >= view.changes.length) throw new UserError('errors.badRequest')
		next = { ...next, changes: view.changes.filter((_, i) => i !== edit.remove) }
	}
	await db.$transaction(async (tx) => {
		await compareAndSet(
			tx.scenario.updateMany({
				where: { id: current.id, version: input.version },
				data: { name: next.name, note: next.note, year: next.year, changes: JSON.stringify(next.changes), ...BUMP_VERSION },
			}),
		)
		await recordAudit(tx, {
			userId: actor.id,
			entity: 'Scenario',
			entityId: current.id,
			action: 'update',
			before: { name: view.name, note: view.note, year: view.year, changes: view.changes },
			after: next,
			ip: input.address,
		})
	})
	return next
}

/** Deletes a scenario as its author or a manager; the audit row keeps what it was. */
export async function deleteScenario(db: Db, input: { chainId: string; id: string; version: number; actor: Actor; address?: string | null }) {
	const { actor } = input
	const current = await db.scenario.findFirst({ where: { id: input.id, chainId: input.chainId }, select: SCENARIO_SELECT })
	if (!current || !canSeeScenario(actor, current)) throw new UserError('errors.notFound', { status: 404 })
	if (scenarioAccessProblem(actor, current)) throw new UserError('access.notYours', { status: 403 })
	await db.$transaction(async (tx) => {
		const { count } = await tx.scenario.deleteMany({ where: { id: current.id, version: input.version } })
		if (count === 0) throw new VersionConflict()
		await recordAudit(tx, {
			userId: actor.id,
			entity: 'Scenario',
			entityId: current.id,
			action: 'delete',
			before: {
				name: current.name,
				note: current.note,
				year: current.year,
				changes: JSON.parse(auditJson(parseStoredChanges(current.changes).changes)) as unknown,
			},
			ip: input.address,
		})
	})
}

/** The scenario's inputs: the chain's per-link summaries and the firm rows of the links its company changes touch. */
async function scenarioInput(db: Db, chain: LoadedChain, year: number, changes: readonly ScenarioChange[], scope: RegionScope) {
	const linked = await loadLinkSummaries(db, chain.id, year)
	// The leads and projects planned changes name, as far as the viewer's regions hold them (ADR 0040).
	const plannedIds = (record: 'lead' | 'project') => [...new Set(changes.flatMap((c) => (c.kind === 'planned' && c.record === record ? [c.recordId] : [])))]
	const planned = changes.some((c) => c.kind === 'planned')
		? await loadPlannedRecords(db, chain, scope, { leads: plannedIds('lead'), projects: plannedIds('project') })
		: []
	const companyIds = [...new Set(changes.flatMap((c) => (c.kind === 'company' ? [c.companyId] : [])))]
	let firms: ChainFirm[] = []
	if (companyIds.length > 0) {
		const atLinks = await db.companyLink.findMany({ where: { companyId: { in: companyIds }, link: { chainId: chain.id } }, select: { linkId: true } })
		const linkIds = [...new Set(atLinks.map((l) => l.linkId))]
		// loadChainFirms reads the figures in force in the analysis' year: the scenario's year.
		firms = await loadChainFirms(db, { chain, analysis: { year, links: [], feedbackEdgeIds: [] } }, { linkIds })
	}
	return {
		links: chain.links,
		edges: chain.edges,
		summaries: linked.map((l) => l.summary),
		firms,
		year,
		planned,
		hasSampleData: linked.some((l) => l.sampleFirmCount > 0),
	}
}

/** Whether a change applies to the chain as loaded now: null, or the engine's reason. */
async function changeProblem(db: Db, chain: LoadedChain, year: number, change: ScenarioChange, scope: RegionScope) {
	const input = await scenarioInput(db, chain, year, [change], scope)
	return runScenario(input, [change]).changes[0]?.problem ?? null
}

/**
 * The scenario run against today's chain: before/after per link, the propagation, and the quotas
 * of the viewer's regions that sum this chain's figures with their before/after figures.
 */
export async function runSavedScenario(
	db: Db,
	chain: LoadedChain,
	scenario: Pick<ScenarioView, 'year' | 'changes'>,
	actor: Pick<Actor, 'scope'>,
	asOf: string,
) {
	const input = await scenarioInput(db, chain, scenario.year, scenario.changes, actor.scope)
	const result = runScenario(input, scenario.changes)
	const quotas = await chainQuotas(db, scenario.year, asOf, actor)
	const companyIds = [
		...new Set([
			...scenario.changes.flatMap((c) => (c.kind === 'company' ? [c.companyId] : [])),
			...[...result.before.links, ...result.after.links].flatMap((l) => l.flags.flatMap((f) => (f.reason.key === 'single_firm' ? [f.reason.companyId] : []))),
		]),
	].filter((id) => id !== NEW_CAPACITY_ID && plannedProducerOf(id) === null)
	const companies = companyIds.length > 0 ? await db.company.findMany({ where: { id: { in: companyIds } }, select: { id: true, name: true } }) : []
	return {
		result,
		quotas: quotaEffects(result, chain, quotas),
		hasSampleData: input.hasSampleData,
		companyNames: Object.fromEntries(companies.map((c) => [c.id, c.name])) as Record<string, string>,
		/** The leads and projects its planned changes name, keyed "lead:id" / "project:id" (ADR 0040). */
		planned: Object.fromEntries(
			input.planned.map((r) => [`${r.record}:${r.id}`, { name: r.name, linkId: r.linkId, output: r.output, fromYear: r.fromYear }]),
		) as Record<string, PlannedName>,
	}
}

export type PlannedName = { name: string; linkId: string | null; output: number | null; fromYear: number | null }

export type ScenarioRun = Awaited<ReturnType<typeof runSavedScenario>>

/** Quotas of the viewer's regions that sum output or capacity figures, with their figure for the year. */
async function chainQuotas(db: Db, year: number, asOf: string, actor: Pick<Actor, 'scope'>): Promise<ScenarioQuotaInput[]> {
	const sums = await db.quota.findMany({ where: { kind: 'sum', ...regionWhere(actor.scope) }, select: { id: true, kind: true, filters: true } })
	const ids = sums.filter((q) => {
		const { rules } = parseQuotaRules(q.kind, q.filters)
		return rules.kind === 'sum' && rules.rules.figure !== 'revenue'
	})
	if (ids.length === 0) return []
	const progress = await loadQuotaProgress(db, {
		year,
		asOf,
		scope: actor.scope,
		quotaIds: ids.map((q) => q.id),
		limits: { items: 0, excluded: 0, awaiting: 0, pipeline: 0 },
	})
	const rulesOf = new Map(ids.map((q) => [q.id, parseQuotaRules(q.kind, q.filters).rules]))
	return progress.flatMap((p) => {
		const rules = rulesOf.get(p.quotaId)
		if (!rules || rules.kind !== 'sum' || rules.rules.figure === 'revenue') return []
		return [
			{
				id: p.quotaId,
				metric: p.metric,
				section: p.section,
				op: p.op,
				target: p.target,
				normalizedUnit: p.normalizedUnit,
				actual: p.actual,
				figure: rules.rules.figure,
				chainSlugs: rules.rules.chainSlugs,
				linkKeys: rules.rules.linkKeys,
			},
		]
	})
}

/** What the add-a-change forms offer: the chain's local companies (by link), links and edges with their ranges. */
export async function scenarioFormOptions(db: Db, chain: LoadedChain, year: number, actor: Pick<Actor, 'scope'>) {
	const firms = await db.companyLink.findMany({
		where: { link: { chainId: chain.id }, company: { isLocal: true }, OR: [{ year: null }, { year: { lte: year } }] },
		select: { companyId: true, linkId: true, company: { select: { name: true } } },
		orderBy: [{ company: { nameSortKey: 'asc' } }, { companyId: 'asc' }],
	})
	const seen = new Set<string>()
	const companies = firms.flatMap((f) => {
		const key = `${f.companyId}\u0000${f.linkId}`
		if (seen.has(key)) return []
		seen.add(key)
		return [{ companyId: f.companyId, linkId: f.linkId, name: f.company.name }]
	})
	// The chain's leads and projects with planned capacity the viewer's regions hold, open ones first (ADR 0040).
	const planned = (await loadPlannedRecords(db, chain, actor.scope)).filter((r) => !r.closed)
	return {
		companies,
		planned: planned.map((r) => ({ record: r.record, id: r.id, name: r.name, linkId: r.linkId!, output: r.output, fromYear: r.fromYear, stage: r.stage })),
	}
}

export { loadChain }
