import { type Db } from '~/db.server'
import { leadFiltersSearch, parseLeadFilters } from '~/domain/lead/filters'
import { commitmentWarnings } from '~/domain/project/commitments'
import { parseProjectListQuery } from '~/domain/project/list-query'
import { monthlySignings } from '~/domain/project/signings'
import { STAGE_DATE_SELECT } from '~/domain/project/stages'
import { DASHBOARD_LIMITS } from '~/domain/quota/dashboard'
import { overviewRow } from '~/domain/quota/overview'
import { type RegionScope } from '~/domain/region/scope'
import { Prisma } from '~/generated/prisma/client'
import { todayInChina } from '~/utils/today'
import { type LeadClock, type LeadViewer, listLeadsPage } from './lead.server'
import { projectWhere } from './project.server'
import { loadQuotaProgress } from './quota-progress.server'
import { activityRegionWhere, regionSql, regionWhere } from './region.server'
import { loadCommitmentWindows } from './service-level.server'
import { utcDayText } from './sql-dialect.server'

/**
 * What the 工作台 shows. Every figure comes with the link to the list behind
 * it, and is counted by that list's own filter (leadListWhere, projectWhere,
 * the quota statuses), so the list shows the same number.
 */

/** The tiles' counts: the register and chains are shared, leads, projects (ADR 0026) and quotas (ADR 0029) those of the viewer's regions. */
export async function countHomeTiles(db: Db, scope: RegionScope) {
	const [chains, companies, leads, projects, quotas] = await Promise.all([
		db.chain.count(),
		db.company.count(),
		db.lead.count({ where: regionWhere(scope) }),
		db.project.count({ where: regionWhere(scope) }),
		db.quota.count({ where: regionWhere(scope) }),
	])
	return { chains, companies, leads, projects, quotas }
}

/** Rows listed under each figure; the link leads to all of them. */
export const HOME_ROWS = 6

/** A lead figure: how many, the /leads link with its filters, and the first rows in the list's order. */
async function leadFigure(db: Db, query: string, viewer: LeadViewer, clock: LeadClock) {
	const filters = parseLeadFilters(new URLSearchParams(query))
	const { total, rows } = await listLeadsPage(db, filters, viewer, clock, HOME_ROWS)
	return { count: total, href: `/leads${leadFiltersSearch(filters)}`, rows }
}

/**
 * 履约预警 (ADR 0039): the projects of the viewer's regions with a commitment deadline
 * passed or coming up, as the /projects?commit=warn list counts them, the nearest deadlines first.
 */
async function commitmentFigure(db: Db, scope: RegionScope, today: string) {
	const windows = await loadCommitmentWindows(db, scope)
	const where = projectWhere(parseProjectListQuery(new URLSearchParams('commit=warn')), scope, today, windows)
	const [count, rows] = await Promise.all([
		db.project.count({ where }),
		db.project.findMany({
			where,
			orderBy: [{ commitStartBy: { sort: 'asc', nulls: 'last' } }, { commitProduceBy: { sort: 'asc', nulls: 'last' } }, { id: 'asc' }],
			take: HOME_ROWS,
			select: { id: true, title: true, stage: true, isSample: true, regionId: true, ...STAGE_DATE_SELECT, commitStartBy: true, commitProduceBy: true },
		}),
	])
	return {
		count,
		href: '/projects?commit=warn',
		rows: rows.map((p) => ({ id: p.id, title: p.title, isSample: p.isSample, warnings: commitmentWarnings(p, today, windows.daysFor(p.regionId)) })),
	}
}

/** A staff member's day: their overdue leads, the follow-ups of the coming week, their stalled leads and what they logged lately. */
export async function loadStaffHome(db: Db, viewer: LeadViewer, clock: LeadClock, today = todayInChina(clock.now)) {
	const [overdue, due, stalled, activities, commitments] = await Promise.all([
		leadFigure(db, 'owner=me&overdue=1', viewer, clock),
		leadFigure(db, 'owner=me&due=1', viewer, clock),
		leadFigure(db, 'owner=me&stalled=1', viewer, clock),
		db.activity.findMany({
			where: { userId: viewer.id, ...activityRegionWhere(viewer.scope) },
			orderBy: [{ date: 'desc' }, { createdAt: 'desc' }],
			take: HOME_ROWS,
			select: { id: true, kind: true, date: true, notes: true, isSample: true, leadId: true, company: { select: { id: true, name: true } } },
		}),
		commitmentFigure(db, viewer.scope, today),
	])
	return { kind: 'staff' as const, overdue, due, stalled, activities, commitments }
}

/**
 * Projects signed in each month of `year` (any stage now, as the /projects
 * filter "签约日期 in year/month" counts them): one grouped statement. Stage
 * dates are UTC days; the month is the first seven characters of the day's text
 * (both engines compare the stored dates with a day's text alike, ADR 0023).
 */
async function signingsByMonth(db: Db, year: number, scope: RegionScope) {
	const month = Prisma.sql`substr(${utcDayText('"signedDate"')}, 1, 7)`
	const rows = await db.$queryRaw<{ month: string; n: bigint | number }[]>(Prisma.sql`
		SELECT ${month} AS "month", count(*) AS "n" FROM "Project"
		WHERE "signedDate" >= ${`${year}-01-01`} AND "signedDate" < ${`${year + 1}-01-01`} AND ${regionSql(scope, Prisma.sql`"regionId"`)}
		GROUP BY ${month}`)
	return monthlySignings(
		rows.map((r) => ({ month: r.month, count: Number(r.n) })),
		year,
	)
}

/**
 * A leader's view: the team's overdue and stalled leads (everyone's: managers
 * answer for the bureau), the quotas behind pace this year and this month's
 * signings with the year's months for the chart.
 */
export async function loadLeaderHome(db: Db, viewer: LeadViewer, clock: LeadClock, today: string) {
	const year = Number(today.slice(0, 4))
	const month = Number(today.slice(5, 7))
	const signingsQuery = (m: number) => `yearStage=signed&year=${year}&month=${m}`
	const [overdue, stalled, progress, thisMonth, months, commitments] = await Promise.all([
		leadFigure(db, 'overdue=1', viewer, clock),
		leadFigure(db, 'stalled=1', viewer, clock),
		loadQuotaProgress(db, { year, asOf: today, scope: viewer.scope, limits: { ...DASHBOARD_LIMITS, items: 0 } }),
		db.project.count({ where: projectWhere(parseProjectListQuery(new URLSearchParams(signingsQuery(month))), viewer.scope) }),
		signingsByMonth(db, year, viewer.scope),
		commitmentFigure(db, viewer.scope, today),
	])
	const behind = progress
		.filter((q) => q.status === 'behind')
		.map(overviewRow)
		.sort((a, b) => a.paceGap - b.paceGap)
	return {
		kind: 'leader' as const,
		commitments,
		overdue,
		stalled,
		/** Quotas behind pace, furthest behind first; the link is the dashboard filtered by that status. */
		slipping: { count: behind.length, total: progress.length, href: `/quotas?year=${year}&status=behind&sort=pace`, rows: behind.slice(0, HOME_ROWS) },
		signings: {
			year,
			month,
			count: thisMonth,
			href: `/projects?${signingsQuery(month)}`,
			months: months.map((m) => ({ ...m, href: `/projects?${signingsQuery(m.month)}` })),
		},
	}
}
