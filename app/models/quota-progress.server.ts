import { type Db } from '~/db.server'
import { countedFactsOf, type CountedFactsSource } from '~/domain/project/counted-facts'
import { type StoredEvidence, VERIFIED_STAGES, type VerificationState, verificationState, type VerifiedStage } from '~/domain/project/verification'
import { countManual, type ManualEntryFacts } from '~/domain/quota/count-manual'
import { countProjects, type ProjectFacts } from '~/domain/quota/count-projects'
import { unitProgress } from '~/domain/quota/count-units'
import { type CountResult, type CountWindow, windowBounds } from '~/domain/quota/count-window'
import { memberStanding } from '~/domain/quota/members'
import { cumulativeSeries, forecastOf, paceOn, quotaStatus, valueInYear, yearTarget } from '~/domain/quota/pace'
import { type QuotaItem, type QuotaListName, type QuotaProgress } from '~/domain/quota/progress'
import { type CountStage, parseQuotaRules, type QuotaKind } from '~/domain/quota/rules'
import { readSources } from '~/domain/quota/target-review'
import { type CountedInRegion, type RegionReach, regionReach, reaches, regionBreakdown, sumByRegion, unionOfReaches } from '~/domain/region/reach'
import { type RegionScope } from '~/domain/region/scope'
import { Prisma } from '~/generated/prisma/client'
import { formatDate } from '~/utils/format'
import { countCompaniesSql, countSumSql, type LinkRef, type SqlCount } from './quota-count-sql.server'
import { QUOTA_TARGET_SELECT, QUOTA_UNITS_SELECT } from './quota.server'
import { loadRegionTree, regionWhere } from './region.server'
import { jsonArray, jsonArrayAgg, jsonArrayText, jsonStrings, utcDayText } from './sql-dialect.server'

/** The quotas the viewer sees: those of a region in their scope (ADR 0029); `regionId`: only that region's own. */
function loadQuotas(db: Db, scope: RegionScope, quotaIds?: string[], regionId?: string) {
	return db.quota.findMany({
		where: { AND: [quotaIds ? { id: { in: quotaIds } } : {}, regionWhere(scope), regionId === undefined ? {} : { regionId }] },
		orderBy: [{ documentId: { sort: 'asc', nulls: 'first' } }, { createdAt: 'asc' }],
		select: {
			id: true,
			...QUOTA_TARGET_SELECT,
			createdAt: true,
			units: QUOTA_UNITS_SELECT,
			region: { select: { id: true, name: true, nameEn: true } },
		},
	})
}

/** Every unit by id (a small table). */
async function loadUnits(db: Db) {
	const rows = await db.unit.findMany({ select: { id: true, name: true, nameEn: true } })
	return new Map(rows.map((u) => [u.id, u]))
}

/** Every chain link by id (a small table): the big queries below select link ids only and are joined here. */
async function loadLinks(db: Db) {
	const rows = await db.chainLink.findMany({ select: { id: true, key: true, name: true, nameEn: true, unit: true, chain: { select: { slug: true } } } })
	return new Map<string, LinkRef>(
		rows.map((l) => [l.id, { chainSlug: l.chain.slug, linkKey: l.key, linkName: l.name, linkNameEn: l.nameEn, linkUnit: l.unit }]),
	)
}

const linkRefs = (links: Map<string, LinkRef>, ids: string[]) =>
	ids.flatMap((id) => {
		const link = links.get(id)
		return link ? [{ chainSlug: link.chainSlug, linkKey: link.linkKey, linkName: link.linkName, linkNameEn: link.linkNameEn }] : []
	})

/** One project as loadProjects reads it: stage dates as YYYY-MM-DD, link ids sorted, evidence as [stage, status, verifiedFacts]. */
type ProjectRow = [
	id: string,
	title: string,
	type: string,
	investmentCNY: number,
	incrementCNY: number | null,
	stage: string,
	negotiatingDate: string | null,
	signedDate: string | null,
	startedDate: string | null,
	producingDate: string | null,
	terminatedDate: string | null,
	isClusterLeading: number,
	isSample: number,
	responsibleUnitId: string | null,
	companyId: string,
	companyName: string,
	linkIds: string[],
	/** Null when no counting stage date lies in the window: then nothing reads it. */
	evidence: [string, string, string | null][] | null,
	regionId: string | null,
]

/** The 核验 of a project none of whose counting stages falls in the window: nothing reads it. */
const UNREAD: Record<VerifiedStage, VerificationState> = { signed: 'missing', started: 'missing', producing: 'missing' }

const STAGE_DATE = { signed: 'signedDate', started: 'startedDate', producing: 'producingDate' } as const satisfies Record<CountStage, string>

const nextDay = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10)
const utcDay = (date: string | null) => (date === null ? null : new Date(`${date}T00:00:00Z`))

/**
 * The projects a project quota can list in `year` as of the day: those whose
 * counting stage (`stages`: those of the quotas asked for) falls in the window,
 * and, while the year is not over, those that have not reached it yet (the
 * pipeline). A project that reached the stage before the year counts nowhere
 * in it (countProjects passes it over), so it is not read; nor is one in
 * production before the year began. One statement returns them all as one JSON
 * array, each project with its company name, link ids and (when a counting stage
 * date lies in the window) its evidence: Prisma on SQLite loads relations by a
 * second query binding every id, and converts every cell of a wide result one by
 * one; both cost several times the reading itself at thousands of projects.
 * Link ids are sorted here, not in SQL: an ordered aggregate per project made
 * SQLite build a temporary B-tree for each (ADR 0041).
 * The JSON forms differ on PostgreSQL (sql-dialect.server.ts); its stage dates
 * are timestamps, which compare with the days' text as SQLite's ISO text does.
 */
async function loadProjects(
	db: Db,
	window: CountWindow,
	stages: ReadonlySet<CountStage>,
	reach: RegionReach | null,
	links: Map<string, LinkRef>,
	units: Map<string, { name: string; nameEn: string }>,
): Promise<(ProjectFacts & { unitNameEn: string | null; regionId: string | null })[]> {
	const { from, to, yearEnd } = windowBounds(window)
	// Stage dates are stored as UTC ISO text ("2025-06-30T00:00:00.000+00:00"): a day's text sorts before its times, the next day's after them.
	const inWindow = (column: Prisma.Sql) => Prisma.sql`(${column} >= ${from} AND ${column} < ${nextDay(to)})`
	// The day of a stage date, as its UTC ISO text begins.
	const dayOf = (column: string) => utcDayText(`p."${column}"`)
	const counting = [...stages].map((stage) => Prisma.raw(`p."${STAGE_DATE[stage]}"`))
	// In the window, or (the year not over) not reached by the day: what countProjects lists or weighs.
	const notBefore = window.asOf < from ? nextDay(window.asOf) : from
	const candidate =
		window.asOf < yearEnd ? (column: Prisma.Sql) => Prisma.sql`(${column} IS NULL OR ${column} >= ${notBefore})` : (column: Prisma.Sql) => inWindow(column)
	const project = jsonArray([
		Prisma.sql`p."id", p."title", p."type", p."investmentCNY", p."incrementCNY", p."stage"`,
		Prisma.sql`${dayOf('negotiatingDate')}, ${dayOf('signedDate')}, ${dayOf('startedDate')}, ${dayOf('producingDate')}, ${dayOf('terminatedDate')}`,
		Prisma.sql`p."isClusterLeading", p."isSample", p."responsibleUnitId", p."companyId", c."name"`,
		Prisma.sql`(SELECT ${jsonArrayAgg(Prisma.sql`"linkId"`)} FROM "ProjectLink" WHERE "projectId" = p."id")`,
		Prisma.sql`CASE WHEN ${Prisma.join(
			counting.map((column) => inWindow(column)),
			' OR ',
		)}
			THEN (SELECT ${jsonArrayAgg(jsonArray([Prisma.sql`"stage", "status", "verifiedFacts"`]))} FROM "StageEvidence" WHERE "projectId" = p."id")
		END`,
		Prisma.sql`p."regionId"`,
	])
	// Only the regions some quota reaches (the union of the quotas' reaches; none: every project).
	const inReach =
		reach === null
			? Prisma.sql`TRUE`
			: Prisma.sql`((p."regionId" IS NOT NULL AND p."regionId" IN (${jsonStrings(JSON.stringify([...reach.regionIds!]))}))${reach.unplaced ? Prisma.sql` OR p."regionId" IS NULL` : Prisma.empty})`
	// NULLS FIRST: SQLite's order, which PostgreSQL reverses by default.
	const [found] = await db.$queryRaw<{ projects: string }[]>(Prisma.sql`
		SELECT ${jsonArrayText(project, Prisma.sql`p."signedDate" NULLS FIRST, p."title"`)} AS "projects"
		FROM "Project" p JOIN "Company" c ON c."id" = p."companyId"
		WHERE (p."producingDate" IS NULL OR p."producingDate" >= ${from}) AND (${Prisma.join(counting.map(candidate), ' OR ')}) AND ${inReach}`)
	const rows = JSON.parse(found?.projects ?? '[]') as ProjectRow[]
	return rows.map((row) => {
		const [id, title, type, investmentCNY, incrementCNY, stage, negotiatingDate, signedDate, startedDate, producingDate, terminatedDate] = row
		const [isClusterLeading, isSample, responsibleUnitId, companyId, companyName, unorderedLinkIds, evidence, regionId] = row.slice(11) as [
			number,
			number,
			string | null,
			string,
			string,
			string[],
			ProjectRow[17],
			string | null,
		]
		// Ids are ASCII: JavaScript's order is SQLite's and PostgreSQL's C collation's.
		const linkIds = [...unorderedLinkIds].sort()
		const unit = responsibleUnitId === null ? undefined : units.get(responsibleUnitId)
		return {
			id,
			title,
			companyId,
			companyName,
			type,
			investmentCNY,
			incrementCNY,
			stage,
			negotiatingDate,
			signedDate,
			startedDate,
			producingDate,
			terminatedDate,
			unitId: unit ? responsibleUnitId : null,
			unitName: unit?.name ?? null,
			unitNameEn: unit?.nameEn ?? null,
			regionId,
			isClusterLeading: Boolean(isClusterLeading),
			isSample: Boolean(isSample),
			links: linkRefs(links, linkIds),
			// countProjects reads the 核验 of the counted stage only when its date lies in the window.
			verification:
				evidence === null
					? UNREAD
					: stageVerification({
							stage,
							type,
							investmentCNY,
							incrementCNY,
							isClusterLeading: Boolean(isClusterLeading),
							responsibleUnitId,
							negotiatingDate: utcDay(negotiatingDate),
							signedDate: utcDay(signedDate),
							startedDate: utcDay(startedDate),
							producingDate: utcDay(producingDate),
							terminatedDate: utcDay(terminatedDate),
							links: linkIds.map((linkId) => ({ linkId })),
							evidence: evidence.map(([stage, status, verifiedFacts]) => ({ stage, status, verifiedFacts })),
						}),
		}
	})
}

/** 核验 of each counted stage, from the evidence rows and the project's counted facts as they stand. */
function stageVerification(
	project: Omit<CountedFactsSource, 'linkIds'> & { links: { linkId: string }[]; evidence: (StoredEvidence & { stage: string })[] },
): Record<VerifiedStage, VerificationState> {
	const facts = countedFactsOf({ ...project, linkIds: project.links.map((l) => l.linkId) })
	const evidence = new Map(project.evidence.map((e) => [e.stage, e]))
	return Object.fromEntries(VERIFIED_STAGES.map((stage) => [stage, verificationState(stage, evidence.get(stage) ?? null, facts).state])) as Record<
		VerifiedStage,
		VerificationState
	>
}

async function loadManualEntries(db: Db, quotaIds: string[], year: number) {
	const rows = await db.quotaManualEntry.findMany({
		where: { quotaId: { in: quotaIds }, year },
		orderBy: [{ date: 'asc' }, { createdAt: 'asc' }],
		select: { id: true, quotaId: true, year: true, value: true, evidence: true, date: true, createdAt: true, user: { select: { name: true } } },
	})
	const byQuota = new Map<string, ManualEntryFacts[]>()
	for (const e of rows) {
		const facts = {
			id: e.id,
			year: e.year,
			value: e.value,
			evidence: e.evidence,
			date: formatDate(e.date),
			createdAt: e.createdAt.toISOString(),
			userName: e.user.name,
		}
		byQuota.set(e.quotaId, [...(byQuota.get(e.quotaId) ?? []), facts])
	}
	return byQuota
}

/** How many rows of each list to return (the first ones; missing = all). Figures and `counts` always cover every item. */
export type QuotaListLimits = Partial<Record<QuotaListName, number>>

/**
 * Progress of every quota the viewer's `scope` holds (or the given ones among
 * them) in `year` as of `asOf`: the one source of quota figures for the
 * dashboard, the quota page and the reports. A quota of a region counts that
 * region's records and those under it, split over the regions under it
 * (ADR 0029), whoever looks: a city's quota shows a county user nothing, as
 * it is not in their scope.
 * Companies-with-tag and sum quotas are counted and summed in SQL, one
 * classifying statement per quota (quota-count-sql.server.ts), and only the
 * first `limits` rows of their lists are read. Projects introduced are counted
 * in app/domain/quota from one load of the year's candidate projects — their
 * 核验 compares stored facts, a domain rule — and manual quotas from their
 * entries; their lists are cut to `limits` after counting.
 */
export type QuotaProgressQuery = {
	year: number
	asOf: string
	scope: RegionScope
	quotaIds?: string[]
	/** Only the quotas of this region itself, not those of the regions under it (a region's report). */
	quotaRegionId?: string
	limits?: QuotaListLimits
}

/**
 * loadQuotaProgress's answers by client, kept while the counted tables have not
 * changed (ADR 0036): the database's triggers bump QuotaInputRevision on every
 * write to them, from any process, and an answer is reused only at the revision
 * read before it was counted. Each answer is a copy: callers may change it.
 */
type CachedAnswer = { revision: bigint; progress: Promise<QuotaProgress[]> }
const cachedProgress = new WeakMap<object, Map<string, CachedAnswer>>()
/** Answers kept per client: the pages' own queries (each scope's dashboard and home page, each report period) are few. */
const CACHED_ANSWERS = 64

/**
 * The revision rows (ADR 0043): row 1 moves on every counted write; the others
 * on writes to what one kind of quota is counted from (the tables every quota
 * reads move them all). The triggers of migration 20261207200500_quota_input_kinds
 * say which table moves which row.
 */
const EVERY_INPUT = 1
export const INPUT_KINDS = { projects: 2, companies_with_tag: 3, sum: 3, manual: 4 } as const satisfies Record<QuotaKind, number>

/**
 * One quota's figures by client, kept while the revision row of its kind has not
 * moved (ADR 0043): after a write, only the quotas counted from what was written
 * are counted again. Keyed by quota, year, day and list limits (a quota's figures
 * do not depend on who asks: the scope only chooses which quotas).
 */
type CachedQuota = { revision: bigint; progress: QuotaProgress }
const cachedQuotas = new WeakMap<object, Map<string, CachedQuota>>()
/** Quota figures kept per client: a few hundred quotas (each region's 17–30) at the few queries of CACHED_ANSWERS. */
const CACHED_QUOTAS = 512

/**
 * Reads the revisions in the same client the figures are read with: counted after
 * them, they are at least as new as they are, so an answer is never kept under a
 * newer revision than the data it saw. No row 1 turns the cache off.
 */
async function quotaInputRevisions(db: Db) {
	const rows = await db.quotaInputRevision.findMany({ select: { id: true, value: true } })
	return new Map(rows.map((r) => [r.id, r.value]))
}

export async function loadQuotaProgress(db: Db, opts: QuotaProgressQuery): Promise<QuotaProgress[]> {
	// A transaction's client sees its own uncommitted writes: never cached, never served from the cache.
	if (!('$transaction' in db)) return countQuotaProgress(db, opts)
	const revisions = await quotaInputRevisions(db)
	const revision = revisions.get(EVERY_INPUT)
	if (revision === undefined) return countQuotaProgress(db, opts)
	const answers = cachedProgress.get(db) ?? new Map<string, CachedAnswer>()
	cachedProgress.set(db, answers)
	const key = JSON.stringify([opts.year, opts.asOf, opts.scope, opts.quotaIds ?? null, opts.quotaRegionId ?? null, opts.limits ?? null])
	let answer = answers.get(key)
	// Least recently used first: the oldest answers go when the map is full.
	answers.delete(key)
	if (answer === undefined || answer.revision !== revision) {
		const kept = cachedQuotas.get(db) ?? new Map<string, CachedQuota>()
		cachedQuotas.set(db, kept)
		const progress = countQuotaProgress(db, opts, { revisions, kept })
		answer = { revision, progress }
		// A failed count is not kept: the next call counts again.
		progress.catch(() => {
			if (answers.get(key)?.progress === progress) answers.delete(key)
		})
	}
	answers.set(key, answer)
	if (answers.size > CACHED_ANSWERS) answers.delete(answers.keys().next().value!)
	return structuredClone(await answer.progress)
}

/** The per-quota figures a count may reuse and keeps (none in a transaction). */
type QuotaCache = { revisions: Map<number, bigint>; kept: Map<string, CachedQuota> }

async function countQuotaProgress(db: Db, opts: QuotaProgressQuery, cache?: QuotaCache): Promise<QuotaProgress[]> {
	const window: CountWindow = { year: opts.year, asOf: opts.asOf }
	const limitOf = (list: QuotaListName) => opts.limits?.[list] ?? null
	const [stored, tree] = await Promise.all([loadQuotas(db, opts.scope, opts.quotaIds, opts.quotaRegionId), loadRegionTree(db)])
	const all = stored.map((q) => {
		const parsed = parseQuotaRules(q.kind, q.filters)
		const kind = parsed.rules.kind
		const key = JSON.stringify([q.id, opts.year, opts.asOf, opts.limits ?? null])
		const revision = cache?.revisions.get(INPUT_KINDS[kind])
		const entry = cache?.kept.get(key)
		const kept = entry !== undefined && revision !== undefined && entry.revision === revision ? entry.progress : null
		return { ...q, parsed, reach: regionReach(tree.regions, q.region?.id ?? null, tree.home), key, revision, kept }
	})
	// Only the quotas whose inputs moved since they were counted (all of them without a cache) are counted here.
	const quotas = all.filter((q) => q.kept === null)
	const kinds = new Set(quotas.map((q) => q.parsed.rules.kind))
	const manualIds = quotas.filter((q) => q.parsed.rules.kind === 'manual').map((q) => q.id)
	const links = [...kinds].some((kind) => kind !== 'manual') ? await loadLinks(db) : new Map<string, LinkRef>()
	const projectQuotas = quotas.flatMap((q) => (q.parsed.rules.kind === 'projects' ? [{ ...q, rules: q.parsed.rules.rules }] : []))
	const projectReach = unionOfReaches(projectQuotas.map((q) => q.reach))
	const projectStages = new Set(projectQuotas.map((q) => q.rules.countStage))
	const [projects, manualEntries] = await Promise.all([
		projectQuotas.length > 0 ? loadProjects(db, window, projectStages, projectReach, links, await loadUnits(db)) : [],
		manualIds.length > 0 ? loadManualEntries(db, manualIds, opts.year) : new Map<string, ManualEntryFacts[]>(),
	])
	const unitNames = new Map(
		projects.filter((p) => p.unitId !== null).map((p) => [p.unitId!, { unitId: p.unitId!, unitName: p.unitName!, unitNameEn: p.unitNameEn ?? p.unitName! }]),
	)
	const { to, yearEnd } = windowBounds(window)

	const fresh = await Promise.all(
		quotas.map(async (q): Promise<QuotaProgress> => {
			const normalizedUnit = q.normalizedUnit ?? q.unit
			const rules = q.parsed.rules
			const sqlLimits = { items: limitOf('items'), excluded: limitOf('excluded') }
			const reached = rules.kind === 'projects' ? projects.filter((p) => reaches(q.reach, p.regionId)) : []
			const counted =
				rules.kind === 'companies_with_tag' || rules.kind === 'sum'
					? fromSql(
							rules.kind === 'sum'
								? await countSumSql(db, rules.rules, opts.year, normalizedUnit, links, q.reach, sqlLimits)
								: await countCompaniesSql(db, rules.rules, opts.year, q.reach, sqlLimits),
							to,
						)
					: fromMemory(rules.kind === 'projects' ? countProjects(rules.rules, reached, window) : countManual(manualEntries.get(q.id) ?? [], window), {
							to,
							level: rules.kind === 'manual',
							limitOf,
							regionOf: new Map(reached.map((p) => [p.id, p.regionId])),
						})
			const targetFacts = { ...q, createdYear: q.createdAt.getUTCFullYear() }
			const due = yearTarget(targetFacts, opts.year)
			const target = due?.target ?? q.normalizedValue ?? q.value
			const { actual, awaitingActual } = counted
			const pace = due ? paceOn(targetFacts, target, opts.year, opts.asOf) : 0
			// A manual figure is reported for the quota's region as a whole.
			const regions = rules.kind === 'manual' ? [] : regionBreakdown(tree.regions, q.region?.id ?? null, counted.byRegion)
			const members = memberStanding(q.members, q.op, target, regions)
			const statusOf = (figure: number) => quotaStatus(q.op, { actual: figure, target, pace, due: due !== null, yearOver: opts.asOf >= yearEnd })
			return {
				quotaId: q.id,
				section: q.section,
				metric: q.metric,
				excerpt: q.excerpt,
				kind: q.kind,
				op: q.op,
				// A staged target's value for the year (ADR 0042).
				...valueInYear(targetFacts, opts.year),
				unit: q.unit,
				normalizedUnit,
				period: q.period,
				startYear: q.startYear,
				endYear: q.endYear,
				year: opts.year,
				asOf: opts.asOf,
				target,
				targetMax: due?.targetMax ?? null,
				actual,
				pace,
				// Per member: met when every member meets it, otherwise as the weakest member stands.
				status:
					members.weakest === null
						? statusOf(actual)
						: members.memberProgress.every((m) => m.met) && due !== null
							? statusOf(target)
							: statusOf(members.weakest),
				awaitingActual,
				forecast: counted.forecast,
				items: counted.items,
				awaiting: counted.awaiting,
				excluded: counted.excluded,
				pipeline: counted.pipeline,
				counts: counted.counts,
				hasSample: counted.hasSample,
				cumulative: counted.cumulative,
				units: unitProgress(
					q.units.map((u) => ({ unitId: u.unit.id, unitName: u.unit.name, unitNameEn: u.unit.nameEn, position: u.position, target: u.target })),
					counted.unitItems,
					unitNames,
				),
				region: q.region,
				regions,
				problems: [q.parsed.problem, ...counted.problems].filter((p) => p !== null),
				yearValues: q.yearValues,
				sources: readSources(q.sources),
				members: q.members,
				memberProgress: members.memberProgress,
				membersMet: members.membersMet,
			}
		}),
	)
	const byId = new Map(quotas.map((q, i) => [q.id, fresh[i]!]))
	if (cache) {
		for (const q of quotas) {
			if (q.revision === undefined) continue
			// Least recently used first out, as the answers.
			cache.kept.delete(q.key)
			cache.kept.set(q.key, { revision: q.revision, progress: byId.get(q.id)! })
			if (cache.kept.size > CACHED_QUOTAS) cache.kept.delete(cache.kept.keys().next().value!)
		}
		for (const q of all) {
			if (q.kept === null) continue
			cache.kept.delete(q.key)
			cache.kept.set(q.key, { revision: q.revision!, progress: q.kept })
		}
	}
	return all.map((q) => q.kept ?? byId.get(q.id)!)
}

type Counted = Pick<
	QuotaProgress,
	'actual' | 'awaitingActual' | 'forecast' | 'items' | 'awaiting' | 'excluded' | 'pipeline' | 'counts' | 'hasSample' | 'cumulative' | 'problems'
> & {
	/** The counted items that credit a 责任单位 (projects only), for the per-unit figures. */
	unitItems: Pick<QuotaItem, 'unitId' | 'amount'>[]
	/** The counted figure by the region of its record, for the breakdown over the regions under the quota's. */
	byRegion: CountedInRegion[]
}

/** Figures of a kind counted in JavaScript (projects, manual) from its full result; the lists then cut to their limits. */
function fromMemory(
	counted: CountResult & { actual?: number },
	{
		to,
		level,
		limitOf,
		regionOf,
	}: { to: string; level: boolean; limitOf: (list: QuotaListName) => number | null; regionOf: ReadonlyMap<string, string | null> },
): Counted {
	const actual = counted.actual ?? counted.items.reduce((sum, item) => sum + item.amount, 0)
	const awaitingActual = counted.awaiting.reduce((sum, item) => sum + item.amount, 0)
	const cut = <T>(list: QuotaListName, rows: T[]) => {
		const limit = limitOf(list)
		return limit === null ? rows : rows.slice(0, limit)
	}
	return {
		actual,
		awaitingActual,
		forecast: forecastOf(actual + awaitingActual, counted.pipeline),
		items: cut('items', counted.items),
		awaiting: cut('awaiting', counted.awaiting),
		excluded: cut('excluded', counted.excluded),
		pipeline: cut('pipeline', counted.pipeline),
		counts: { items: counted.items.length, awaiting: counted.awaiting.length, excluded: counted.excluded.length, pipeline: counted.pipeline.length },
		hasSample: counted.items.some((item) => item.isSample),
		cumulative: cumulativeSeries(counted.items, { asOf: to, level }),
		unitItems: counted.items,
		byRegion: sumByRegion(counted.items, regionOf),
		problems: counted.problems,
	}
}

/** Figures of a kind counted in SQL: stock figures, undated, with no 责任单位, no 核验 and no pipeline. */
function fromSql(counted: SqlCount, to: string): Counted {
	return {
		actual: counted.actual,
		awaitingActual: 0,
		forecast: forecastOf(counted.actual, []),
		items: counted.items,
		awaiting: [],
		excluded: counted.excluded,
		pipeline: [],
		counts: { items: counted.itemCount, awaiting: 0, excluded: counted.excludedCount, pipeline: 0 },
		hasSample: counted.hasSample,
		// As cumulativeSeries gives for undated items: one point at asOf.
		cumulative: counted.itemCount > 0 ? [{ date: to, actual: counted.actual }] : [],
		unitItems: [],
		byRegion: counted.byRegion,
		problems: counted.problems,
	}
}
