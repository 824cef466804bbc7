// 链上转化 (ADR 0032): the pursuits of a chain's funnel as the database holds them, scoped to the
// viewer's regions like the lead list (ADR 0026), and the records behind one funnel number (the lead
// and project lists' drill-down). One statement reads the cohort's pursuits with the first day of
// each stage: the activities and stage history (the large tables) are reduced to those days in SQL,
// so JavaScript sees one row per pursuit, never an activity. app/domain/funnel/funnel.ts decides
// everything else.
//
// Standard SQL through Prisma.sql with bound parameters; the dialect differences (JSON arrays,
// timestamps as text) go through sql-dialect.server.ts.
import { type Db } from '~/db.server'
import { cohort, type Day, funnelRecords, type Pursuit, pursuitLinks, pursuitsOf } from '~/domain/funnel/funnel'
import { type FunnelFilter, periodFromSlug, responsibleFilter } from '~/domain/funnel/query'
import { type RegionScope } from '~/domain/region/scope'
import { Prisma } from '~/generated/prisma/client'
import { todayInChina } from '~/utils/today'
import { regionSql } from './region.server'
import { jsonArrayText, utcTimestampText, utcTimestampTextOf } from './sql-dialect.server'

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

/** A stage date (UTC midnight of its calendar day) as its day. */
const utcDay = (value: unknown) => (value === null || value === undefined ? null : new Date(String(value)).toISOString().slice(0, 10))
/** An instant (a lead's creation, a stage move) as the China calendar day it happened on. */
const chinaDay = (value: unknown) => (value === null || value === undefined ? null : todayInChina(new Date(String(value))))
const earliest = (...days: (Day | null)[]) => days.reduce<Day | null>((min, d) => (d !== null && (min === null || d < min) ? d : min), null)
const text = (value: unknown) => (value === null || value === undefined ? null : String(value))
const ids = (json: unknown): string[] => (typeof json === 'string' ? JSON.parse(json) : Array.isArray(json) ? json : []).map(String)

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
	const leadId = text(r.leadId)
	const projectId = text(r.projectId)
	const negotiatingDate = utcDay(r.negotiatingDate)
	const movedToNegotiating = chinaDay(r.movedToNegotiating)
	return {
		id: leadId ?? projectId!,
		leadId,
		projectId,
		linkIds: pursuitLinks({ projectNamesLinks: Number(r.projectNamesLinks) === 1, projectLinkIds: ids(r.projectLinks), companyLinkIds: ids(r.companyLinks) }),
		unitId: projectId !== null ? text(r.projectUnitId) : text(r.leadUnitId),
		ownerId: projectId !== null ? (text(r.projectOwnerId) ?? text(r.leadOwnerId)) : text(r.leadOwnerId),
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
export function cohortAt(pursuits: readonly Pursuit[], window: FunnelWindow, filter: { linkId?: string | null; unitId?: string | null; ownerId?: string | null }) {
	return pursuitsOf(cohort(pursuits, window, window.asOf), filter)
}

/**
 * The records behind one funnel number (a list's drill-down, parseFunnelFilter): the lead and
 * project ids, as of `today` like the funnel page; null when the drill-down names no chain, link or
 * begun period (the list then shows nothing rather than everything).
 */
export async function loadFunnelRecords(db: Db, filter: FunnelFilter, scope: RegionScope, today = todayInChina()) {
	const period = periodFromSlug(filter.funnelPeriod, today)
	if (!period) return null
	const chain = await db.chain.findUnique({ where: { slug: filter.funnel }, select: { id: true, links: { select: { id: true, key: true } } } })
	if (!chain) return null
	const linkId = filter.funnelLink ? chain.links.find((l) => l.key === filter.funnelLink)?.id : null
	if (linkId === undefined) return null
	const window = { start: period.start, end: period.end, asOf: today }
	const pursuits = cohortAt(await loadPursuits(db, { chainId: chain.id, window, scope }), window, {
		linkId,
		unitId: responsibleFilter(filter.funnelUnit),
		ownerId: responsibleFilter(filter.funnelOwner),
	}).filter((p) => p.linkIds.length > 0)
	return funnelRecords(pursuits, filter.funnelStage, filter.funnelOutcome, today)
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
