// 链上转化 (ADR 0032): the pursuits of a chain's funnel as the database holds them, scoped to the
// viewer's regions like the lead list (ADR 0026), and the records behind one funnel number as filters of
// the lead and project lists (their drill-down). One statement reads the cohort's pursuits with the first day of
// each stage: the activities and stage history (the large tables) are reduced to those days in SQL,
// so JavaScript sees one row per pursuit, never an activity. app/domain/funnel/funnel.ts decides
// everything else.
//
// Standard SQL through Prisma.sql with bound parameters; the dialect differences (JSON arrays,
// timestamps as text) go through sql-dialect.server.ts.
import { type Db } from '~/db.server'
import { cohort, type Day, FUNNEL_STAGES, type FunnelStage, LEAD_ONLY_STAGES, type Pursuit, pursuitLinks, pursuitsOf } from '~/domain/funnel/funnel'
import { type FunnelFilter, periodFromSlug, responsibleFilter } from '~/domain/funnel/query'
import { type RegionScope } from '~/domain/region/scope'
import { Prisma } from '~/generated/prisma/client'
import { todayInChina } from '~/utils/today'
import { regionSql, regionWhere } from './region.server'
import { jsonArrayText, utcTimestampText, utcTimestampTextOf } from './sql-dialect.server'
import { sqlTextOrNull } from './sql-values.server'

/** The days a funnel is taken over: entered from `start` to `end` (YYYY-MM-DD, both included), progress up to `asOf`. */
export type FunnelWindow = { start: Day; end: Day; asOf: Day }

const DAY_MS = 24 * 60 * 60 * 1000

/** The day after `day`. */
export function nextDay(day: Day) {
	return new Date(Date.parse(`${day}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10)
}

/** When a China calendar day begins, as the UTC text both engines compare a timestamp with. */
export function chinaDayStart(day: Day) {
	return new Date(Date.parse(`${day}T00:00:00+08:00`)).toISOString().replace('Z', '')
}

/** A read timestamp: SQLite's adapter gives a column it knows as a Date, an expression's as ISO text. */
const instant = (value: unknown) => (value instanceof Date ? value.getTime() : Date.parse(String(value)))
/** A stage date (UTC midnight of its calendar day) as its day. */
const utcDay = (value: unknown) => (value === null || value === undefined ? null : new Date(instant(value)).toISOString().slice(0, 10))
// China has kept UTC+8 all year since 1991: an offset, not a time-zone lookup per row (todayInChina's
// formatter took 77–95 µs a call on the bench machine, the offset about 1 µs; a pursuit needs up to five).
const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000
/** An instant (a lead's creation, a stage move) as the China calendar day it happened on. */
const chinaDay = (value: unknown) => (value === null || value === undefined ? null : new Date(instant(value) + CHINA_OFFSET_MS).toISOString().slice(0, 10))
const earliest = (...days: (Day | null)[]) => days.reduce<Day | null>((min, d) => (d !== null && (min === null || d < min) ? d : min), null)
const ids = (json: unknown): string[] => {
	const list: unknown = typeof json === 'string' ? JSON.parse(json) : json
	return Array.isArray(list) ? list.map((id) => String(id)) : []
}

/**
 * The pursuits at the chain's links that entered the funnel in the window and that the scope
 * sees: leads opened in it (with the project converted from them), and projects without a lead
 * (or whose lead the scope does not see) whose first stage day lies in it. Each with the days the
 * domain needs; the domain decides the links (pursuitLinks) and the cohort again.
 */
export async function loadPursuits(db: Db, input: { chainId: string; window: FunnelWindow; scope: RegionScope }): Promise<Pursuit[]> {
	const { chainId, window, scope } = input
	const last = window.end < window.asOf ? window.end : window.asOf
	if (last < window.start) return []
	const leadInScope = (alias: string) => regionSql(scope, Prisma.raw(`${alias}."regionId"`))
	const firstStageDay = Prisma.sql`COALESCE(p."negotiatingDate", p."signedDate", p."startedDate", p."producingDate", p."terminatedDate")`
	const firstMove = (stage: string) => Prisma.sql`(SELECT MIN(s."at") FROM "LeadStageChange" s WHERE s."leadId" = x."leadId" AND s."toStage" = ${stage})`
	const rows = await db.$queryRaw<Record<string, unknown>[]>(Prisma.sql`
		WITH "pursuit" AS (
			SELECT l."id" AS "leadId", l."companyId",
				(SELECT MIN(p."id") FROM "Project" p WHERE p."leadId" = l."id" AND ${regionSql(scope, Prisma.sql`p."regionId"`)}) AS "projectId"
			FROM "Lead" l
			WHERE ${leadInScope('l')} AND l."createdAt" >= ${chinaDayStart(window.start)} AND l."createdAt" < ${chinaDayStart(nextDay(last))}
			UNION ALL
			SELECT NULL, p."companyId", p."id" FROM "Project" p
			WHERE ${regionSql(scope, Prisma.sql`p."regionId"`)}
				AND (p."leadId" IS NULL OR NOT EXISTS (SELECT 1 FROM "Lead" l WHERE l."id" = p."leadId" AND ${leadInScope('l')}))
				AND ${firstStageDay} >= ${window.start} AND ${firstStageDay} < ${nextDay(last)}
		),
		"placed" AS (
			SELECT x.*,
				(SELECT ${jsonArrayText(Prisma.sql`f."linkId"`)} FROM "CompanyLink" f JOIN "ChainLink" k ON k."id" = f."linkId"
					WHERE f."companyId" = x."companyId" AND k."chainId" = ${chainId}) AS "companyLinks",
				(SELECT ${jsonArrayText(Prisma.sql`pl."linkId"`)} FROM "ProjectLink" pl JOIN "ChainLink" k ON k."id" = pl."linkId"
					WHERE pl."projectId" = x."projectId" AND k."chainId" = ${chainId}) AS "projectLinks",
				CASE WHEN EXISTS (SELECT 1 FROM "ProjectLink" pl WHERE pl."projectId" = x."projectId") THEN 1 ELSE 0 END AS "projectNamesLinks"
			FROM "pursuit" x
			WHERE EXISTS (SELECT 1 FROM "CompanyLink" f JOIN "ChainLink" k ON k."id" = f."linkId" WHERE f."companyId" = x."companyId" AND k."chainId" = ${chainId})
				OR EXISTS (SELECT 1 FROM "ProjectLink" pl JOIN "ChainLink" k ON k."id" = pl."linkId" WHERE pl."projectId" = x."projectId" AND k."chainId" = ${chainId})
		)
		SELECT x."leadId", x."projectId", x."companyLinks", x."projectLinks", x."projectNamesLinks",
			l."unitId" AS "leadUnitId", l."ownerId" AS "leadOwnerId", l."stage" AS "leadStage",
			p."responsibleUnitId" AS "projectUnitId", p."ownerId" AS "projectOwnerId",
			${utcTimestampText('l."createdAt"')} AS "openedAt",
			${utcTimestampText('p."negotiatingDate"')} AS "negotiatingDate", ${utcTimestampText('p."signedDate"')} AS "signedDate",
			${utcTimestampText('p."startedDate"')} AS "startedDate", ${utcTimestampText('p."producingDate"')} AS "producingDate",
			${utcTimestampText('p."terminatedDate"')} AS "terminatedDate",
			${utcTimestampTextOf(Prisma.sql`(SELECT MIN(a."date") FROM "Activity" a WHERE a."leadId" = x."leadId" AND a."kind" = 'visit')`)} AS "firstVisit",
			${utcTimestampTextOf(firstMove('visited'))} AS "movedToVisited",
			${utcTimestampTextOf(firstMove('negotiating'))} AS "movedToNegotiating",
			${utcTimestampTextOf(firstMove('converted'))} AS "movedToConverted",
			CASE WHEN l."stage" = 'dropped' THEN ${utcTimestampTextOf(Prisma.sql`(SELECT MAX(s."at") FROM "LeadStageChange" s WHERE s."leadId" = x."leadId" AND s."toStage" = 'dropped')`)} END AS "droppedAt"
		FROM "placed" x
		LEFT JOIN "Lead" l ON l."id" = x."leadId"
		LEFT JOIN "Project" p ON p."id" = x."projectId"`)
	return rows.map(toPursuit)
}

function toPursuit(r: Record<string, unknown>): Pursuit {
	const leadId = sqlTextOrNull(r.leadId)
	const projectId = sqlTextOrNull(r.projectId)
	const negotiatingDate = utcDay(r.negotiatingDate)
	const movedToNegotiating = chinaDay(r.movedToNegotiating)
	return {
		id: leadId ?? projectId!,
		leadId,
		projectId,
		linkIds: pursuitLinks({ projectNamesLinks: Number(r.projectNamesLinks) === 1, projectLinkIds: ids(r.projectLinks), companyLinkIds: ids(r.companyLinks) }),
		unitId: projectId !== null ? sqlTextOrNull(r.projectUnitId) : sqlTextOrNull(r.leadUnitId),
		ownerId: projectId !== null ? (sqlTextOrNull(r.projectOwnerId) ?? sqlTextOrNull(r.leadOwnerId)) : sqlTextOrNull(r.leadOwnerId),
		days: {
			opened: leadId !== null ? chinaDay(r.openedAt) : null,
			visited: leadId !== null ? earliest(utcDay(r.firstVisit), chinaDay(r.movedToVisited)) : null,
			// A conversion dates talks on the project (the day they began); without a project, the move into 已转项目 does.
			negotiating: projectId !== null ? earliest(movedToNegotiating, negotiatingDate) : earliest(movedToNegotiating, chinaDay(r.movedToConverted)),
			signed: utcDay(r.signedDate),
			started: utcDay(r.startedDate),
			producing: utcDay(r.producingDate),
		},
		closedDay: projectId !== null ? utcDay(r.terminatedDate) : chinaDay(r.droppedAt),
	}
}

/** A funnel number's pursuits as of the window: at one link (all when null), of one unit or owner when given. */
export function cohortAt(
	pursuits: readonly Pursuit[],
	window: FunnelWindow,
	filter: { linkId?: string | null; unitId?: string | null; ownerId?: string | null },
) {
	return pursuitsOf(cohort(pursuits, window, window.asOf), filter)
}

// ---------- a number's records as list filters ----------
//
// The lists (and their exports) take a funnel number as a Prisma filter written from the same definitions
// (ADR 0032), never as a list of ids: a chain's 立线索 of a year can be tens of thousands of leads, past what
// one statement may bind (999 values on SQLite). tests/integration/funnel.test.ts holds every number of a
// page to its list's count on both engines.

/** What a drill-down names, resolved: null when it names no chain, link or begun period. */
async function resolveFilter(db: Db, filter: FunnelFilter, today: Day) {
	const period = periodFromSlug(filter.funnelPeriod, today)
	if (!period) return null
	const chain = await db.chain.findUnique({ where: { slug: filter.funnel }, select: { links: { select: { id: true, key: true } } } })
	if (!chain) return null
	const link = filter.funnelLink ? chain.links.find((l) => l.key === filter.funnelLink) : null
	if (link === undefined) return null
	const last = period.end < today ? period.end : today
	return {
		stage: filter.funnelStage,
		lost: filter.funnelOutcome === 'lost',
		next: FUNNEL_STAGES[FUNNEL_STAGES.indexOf(filter.funnelStage) + 1] ?? null,
		links: link ? [link.id] : chain.links.map((l) => l.id),
		start: period.start,
		last,
		asOf: today,
		unitId: responsibleFilter(filter.funnelUnit),
		ownerId: responsibleFilter(filter.funnelOwner),
	}
}

const NOTHING = { id: { in: [] } }
/** Dates of the 洽谈→投产 path from `stage` on. */
const PATH_DATES = ['negotiatingDate', 'signedDate', 'startedDate', 'producingDate'] as const
const datesFrom = (stage: FunnelStage) => PATH_DATES.slice(Math.max(PATH_DATES.indexOf(`${stage}Date` as (typeof PATH_DATES)[number]), 0))
const dayBy = (asOf: Day) => ({ lt: new Date(`${nextDay(asOf)}T00:00:00Z`) })
const instantBy = (asOf: Day) => ({ lt: new Date(`${chinaDayStart(nextDay(asOf))}Z`) })

/** A project with a day up to asOf at `stage` or later. */
function projectReached(stage: FunnelStage, asOf: Day): Prisma.ProjectWhereInput {
	return { OR: datesFrom(stage).map((field) => ({ [field]: dayBy(asOf) })) }
}

/** Its opposite, written out: NOT of a comparison with a missing date is not true in SQL. */
function projectNotReached(stage: FunnelStage, asOf: Day): Prisma.ProjectWhereInput {
	return { AND: datesFrom(stage).map((field) => ({ OR: [{ [field]: null }, { [field]: { gte: dayBy(asOf).lt } }] })) }
}

/** The links rule (pursuitLinks) for a record with a project `project` (its own links) and a company. */
const projectNamesLinks = (scope: RegionScope): Prisma.ProjectWhereInput => ({ ...regionWhere(scope), links: { some: {} } })

/** A lead pursuit that reached `stage` by asOf (progress: a day there or at a later stage). */
function leadReached(stage: FunnelStage, asOf: Day, scope: RegionScope): Prisma.LeadWhereInput {
	const inScope = regionWhere(scope)
	switch (stage) {
		case 'opened':
			return {}
		case 'visited':
			return {
				OR: [
					{ activities: { some: { kind: 'visit', date: dayBy(asOf) } } },
					{ stageChanges: { some: { toStage: 'visited', at: instantBy(asOf) } } },
					leadReached('negotiating', asOf, scope),
				],
			}
		case 'negotiating':
			return {
				OR: [
					{ stageChanges: { some: { toStage: 'negotiating', at: instantBy(asOf) } } },
					{ projects: { some: { ...inScope, ...projectReached('negotiating', asOf) } } },
					{ AND: [{ projects: { none: inScope } }, { stageChanges: { some: { toStage: 'converted', at: instantBy(asOf) } } }] },
				],
			}
		default:
			return { projects: { some: { ...inScope, ...projectReached(stage, asOf) } } }
	}
}

/**
 * The drill-down's leads (recordKind: every lead pursuit at 立线索 and 拜访, from 洽谈 on those without a
 * project): opened in the window at the link, reached the stage, or given up there.
 */
export async function funnelLeadWhere(db: Db, filter: FunnelFilter, scope: RegionScope, today = todayInChina()): Promise<Prisma.LeadWhereInput> {
	const f = await resolveFilter(db, filter, today)
	if (!f) return NOTHING
	const inScope = regionWhere(scope)
	const and: Prisma.LeadWhereInput[] = [
		inScope,
		{ createdAt: { gte: new Date(`${chinaDayStart(f.start)}Z`), lt: new Date(`${chinaDayStart(nextDay(f.last))}Z`) } },
		{
			OR: [
				{ projects: { some: { ...projectNamesLinks(scope), links: { some: { linkId: { in: f.links } } } } } },
				{ AND: [{ projects: { none: projectNamesLinks(scope) } }, { company: { links: { some: { linkId: { in: f.links } } } } }] },
			],
		},
		leadReached(f.stage, f.asOf, scope),
	]
	if (!(LEAD_ONLY_STAGES as readonly FunnelStage[]).includes(f.stage)) and.push({ projects: { none: inScope } })
	if (f.lost) {
		and.push({
			OR: [
				{ AND: [{ projects: { none: inScope } }, { stage: 'dropped' }, { stageChanges: { some: { toStage: 'dropped', at: instantBy(f.asOf) } } }] },
				{ projects: { some: { ...inScope, terminatedDate: dayBy(f.asOf) } } },
			],
		})
		if (f.next) and.push({ NOT: leadReached(f.next, f.asOf, scope) })
	}
	// Who answers for it: the project's unit and owner once there is one (its owner, else the lead's).
	if (f.unitId !== undefined)
		and.push({ OR: [{ projects: { some: { ...inScope, responsibleUnitId: f.unitId } } }, { projects: { none: inScope }, unitId: f.unitId }] })
	if (f.ownerId !== undefined) {
		and.push(
			f.ownerId === null
				? NOTHING
				: {
						OR: [
							{ projects: { some: { ...inScope, ownerId: f.ownerId } } },
							{ projects: { some: { ...inScope, ownerId: null } }, ownerId: f.ownerId },
							{ projects: { none: inScope }, ownerId: f.ownerId },
						],
					},
		)
	}
	return { AND: and }
}

/**
 * The drill-down's projects (from 洽谈 on, every pursuit with a project): a converted lead's project whose
 * lead was opened in the window, or a project without a lead the scope sees that entered in it; at the link,
 * reached the stage, or given up there.
 */
export async function funnelProjectWhere(db: Db, filter: FunnelFilter, scope: RegionScope, today = todayInChina()): Promise<Prisma.ProjectWhereInput> {
	const f = await resolveFilter(db, filter, today)
	if (!f || (LEAD_ONLY_STAGES as readonly FunnelStage[]).includes(f.stage)) return NOTHING
	const leadInScope = regionWhere(scope)
	const opened = { gte: new Date(`${chinaDayStart(f.start)}Z`), lt: new Date(`${chinaDayStart(nextDay(f.last))}Z`) }
	const entry = { gte: new Date(`${f.start}T00:00:00Z`), lt: new Date(`${nextDay(f.last)}T00:00:00Z`) }
	const entryFields = [...PATH_DATES, 'terminatedDate'] as const
	// First stage day (COALESCE in the path's order) in the window.
	const entered: Prisma.ProjectWhereInput = {
		OR: entryFields.map((field, i) => ({ ...Object.fromEntries(entryFields.slice(0, i).map((earlier) => [earlier, null])), [field]: entry })),
	}
	const withoutLead: Prisma.ProjectWhereInput = scope.kind === 'all' ? { leadId: null } : { OR: [{ leadId: null }, { lead: { NOT: leadInScope } }] }
	const and: Prisma.ProjectWhereInput[] = [
		regionWhere(scope),
		{ OR: [{ lead: { ...leadInScope, createdAt: opened } }, { AND: [withoutLead, entered] }] },
		{ OR: [{ links: { some: { linkId: { in: f.links } } } }, { links: { none: {} }, company: { links: { some: { linkId: { in: f.links } } } } }] },
	]
	if (f.stage === 'negotiating') {
		// Every project is at 洽谈 once in the funnel: a lead-less one enters there, a converted one is dated there (or its lead moved there).
		and.push({
			OR: [withoutLead, projectReached('negotiating', f.asOf), { lead: { stageChanges: { some: { toStage: 'negotiating', at: instantBy(f.asOf) } } } }],
		})
	} else and.push(projectReached(f.stage, f.asOf))
	if (f.lost) {
		and.push({ terminatedDate: dayBy(f.asOf) })
		if (f.next) and.push(projectNotReached(f.next, f.asOf))
	}
	if (f.unitId !== undefined) and.push({ responsibleUnitId: f.unitId })
	// Its owner, else its lead's: none set only for a project without a lead (in view) and without an owner.
	if (f.ownerId !== undefined)
		and.push(
			f.ownerId === null
				? { AND: [{ ownerId: null }, withoutLead] }
				: { OR: [{ ownerId: f.ownerId }, { ownerId: null, lead: { ...leadInScope, ownerId: f.ownerId } }] },
		)
	return { AND: and }
}

/** What a list's funnel drill-down names, for the note above the list: chain, link, period, stage, unit or owner. */
export async function describeFunnelFilter(db: Db, filter: FunnelFilter, today = todayInChina()) {
	const unitId = responsibleFilter(filter.funnelUnit)
	const ownerId = responsibleFilter(filter.funnelOwner)
	const [chain, unit, owner] = await Promise.all([
		db.chain.findUnique({
			where: { slug: filter.funnel },
			select: { slug: true, name: true, nameEn: true, links: { where: { key: filter.funnelLink ?? '' }, select: { key: true, name: true, nameEn: true } } },
		}),
		unitId ? db.unit.findUnique({ where: { id: unitId }, select: { name: true, nameEn: true } }) : null,
		ownerId ? db.user.findUnique({ where: { id: ownerId }, select: { name: true } }) : null,
	])
	const period = periodFromSlug(filter.funnelPeriod, today)
	const link = chain?.links[0] ?? null
	const broken = !chain || !period || (filter.funnelLink !== undefined && !link)
	return {
		filter,
		broken,
		chain: chain ? { slug: chain.slug, name: chain.name, nameEn: chain.nameEn } : null,
		link,
		period,
		/** undefined: not filtered; null: none set. */
		unit: unitId === undefined || unitId === null ? unitId : (unit ?? { name: unitId, nameEn: unitId }),
		owner: ownerId === undefined || ownerId === null ? ownerId : (owner ?? { name: ownerId }),
	}
}

export type FunnelFilterDescription = Awaited<ReturnType<typeof describeFunnelFilter>>
