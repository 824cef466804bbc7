// The facts behind the 月调度表 / 季通报 / 年考核: quota progress exactly as the
// dashboard counts it on the report's asOf, and the projects whose stage dates
// fall in the period. A report is a region's (ADR 0029): that region's own
// quotas, and the projects of the region and everything under it.
import { type Db } from '~/db.server'
import { brokenCommitments } from '~/domain/project/commitments'
import { DATE_FIELD, PROJECT_STAGES, type ProjectStage, STAGE_DATE_SELECT } from '~/domain/project/stages'
import { inScope, type RegionScope, subtreeIds } from '~/domain/region/scope'
import { type BrokenCommitmentRow, buildReport, type Report, type ReportInputs } from '~/domain/report/build-report'
import { layoutReport, type ReportDocument } from '~/domain/report/layout'
import { parseReportQuery, type ReportPeriod } from '~/domain/report/period'
import { type ReportProject } from '~/domain/report/project-activity'
import { type Prisma } from '~/generated/prisma/client'
import { i18nFor, type Locale } from '~/i18n/i18n'
import { formatDateTime, formatDate } from '~/utils/format'
import { todayInChina } from '~/utils/today'
import { loadCorrections } from './closed-period.server'
import { loadUnitFunnels } from './funnel.server'
import { loadQuotaProgress } from './quota-progress.server'
import { loadRegionTree, regionWhere } from './region.server'

const DAY_MS = 24 * 60 * 60 * 1000
const NO_LISTS = { items: 0, awaiting: 0, excluded: 0, pipeline: 0 }
const NO_LISTS_BUT_ITEMS = { awaiting: 0, excluded: 0, pipeline: 0 }

/** Stage dates are stored as UTC midnight of the calendar day. */
function dayRange(period: Pick<ReportPeriod, 'start' | 'end'>) {
	const start = new Date(`${period.start}T00:00:00Z`)
	return { gte: start, lt: new Date(new Date(`${period.end}T00:00:00Z`).getTime() + DAY_MS) }
}

/** Projects of the scope with any stage date (洽谈…终止) in the period. */
async function loadPeriodProjects(db: Db, period: ReportPeriod, scope: RegionScope): Promise<ReportProject[]> {
	const range = dayRange(period)
	const where: Prisma.ProjectWhereInput = { OR: PROJECT_STAGES.map((stage) => ({ [DATE_FIELD[stage]]: range })), ...regionWhere(scope) }
	const rows = await db.project.findMany({
		where,
		orderBy: { title: 'asc' },
		select: {
			id: true,
			title: true,
			type: true,
			investmentCNY: true,
			incrementCNY: true,
			isSample: true,
			...STAGE_DATE_SELECT,
			company: { select: { name: true } },
			responsibleUnit: { select: { id: true, name: true, nameEn: true } },
		},
	})
	return rows.map((p) => ({
		id: p.id,
		title: p.title,
		type: p.type,
		companyName: p.company.name,
		investmentCNY: Number(p.investmentCNY),
		incrementCNY: p.incrementCNY === null ? null : Number(p.incrementCNY),
		unit: p.responsibleUnit,
		isSample: p.isSample,
		dates: Object.fromEntries(
			PROJECT_STAGES.map((stage) => {
				const date = p[DATE_FIELD[stage]]
				return [stage, date ? formatDate(date) : null]
			}),
		) as Record<ProjectStage, string | null>,
	}))
}

/**
 * 履约预警 at the period's asOf (ADR 0039): projects of the scope signed by then with a
 * commitment deadline before it, kept when brokenCommitments finds the deadline broken
 * on that day (started or producing later, or terminated by then, is no longer broken).
 */
async function loadBrokenCommitments(db: Db, period: ReportPeriod, scope: RegionScope): Promise<BrokenCommitmentRow[]> {
	const asOf = new Date(`${period.asOf}T00:00:00Z`)
	const rows = await db.project.findMany({
		where: { ...regionWhere(scope), signedDate: { lte: asOf }, OR: [{ commitStartBy: { lt: asOf } }, { commitProduceBy: { lt: asOf } }] },
		orderBy: { id: 'asc' },
		select: {
			id: true,
			title: true,
			stage: true,
			investmentCNY: true,
			isSample: true,
			...STAGE_DATE_SELECT,
			commitStartBy: true,
			commitProduceBy: true,
			commitLandMu: true,
			company: { select: { name: true } },
			responsibleUnit: { select: { id: true, name: true, nameEn: true } },
		},
	})
	return rows.flatMap((p) =>
		// As of a past day the stage name is today's; the dates say where the project stood then.
		brokenCommitments({ ...p, stage: p.terminatedDate && formatDate(p.terminatedDate) <= period.asOf ? 'terminated' : 'signed' }, period.asOf).map((w) => ({
			projectId: p.id,
			title: p.title,
			companyName: p.company.name,
			unit: p.responsibleUnit,
			signedDate: formatDate(p.signedDate),
			investmentCNY: Number(p.investmentCNY),
			landMu: p.commitLandMu,
			kind: w.kind,
			deadline: w.date,
			daysOverdue: -w.days,
			isSample: p.isSample,
		})),
	)
}

/** Units that answer for at least one project of the scope: the rows of 项目调度, idle ones included. */
function loadProjectUnits(db: Db, scope: RegionScope) {
	return db.unit.findMany({
		where: { projects: { some: regionWhere(scope) } },
		orderBy: [{ createdAt: 'asc' }, { name: 'asc' }],
		select: { id: true, name: true, nameEn: true },
	})
}

/**
 * The period a report URL asks for (/reports/monthly?year=2025&month=6; the
 * running period when it names none). Throws 404 for an unknown report and 400
 * saying what is wrong, in the reader's language.
 */
export function requireReportPeriod(kindParam: string | undefined, url: URL, locale: Locale, today = todayInChina()): ReportPeriod {
	const query = parseReportQuery(kindParam, url.searchParams, today)
	if (query.ok) return query.period
	if (query.error === null) throw new Response('Not found', { status: 404 })
	throw new Response(i18nFor(locale).t(query.error.key, query.error.values), { status: 400, headers: { 'Content-Type': 'text/plain; charset=utf-8' } })
}

/**
 * Whose report (ADR 0029): a region — its own quotas, and the records of the
 * region and of every region under it — or, with `region` null, the whole
 * installation as the viewer's scope holds it. `key` tells the issued reports
 * of different audiences apart (IssuedReport.regionKey); null when this
 * audience has no issued reports (a user without a region once regions exist:
 * the whole installation's would show them what their scope does not hold).
 */
export type ReportAudience = { region: { id: string; name: string; nameEn: string } | null; scope: RegionScope; key: string | null }

/** The whole installation, as the CLI (the machine's operator) reads it. */
export const WHOLE_INSTALLATION_AUDIENCE: ReportAudience = { region: null, scope: { kind: 'all' }, key: '' }

/**
 * The audience a viewer asks for with ?region= (absent: their own region; empty:
 * the whole installation, for an admin). A region outside their scope, or unknown, is not found.
 */
export async function requireReportAudience(
	db: Db,
	viewer: { role: string; regionId: string | null; scope: RegionScope },
	requested: string | null,
): Promise<ReportAudience> {
	const tree = await loadRegionTree(db)
	const id = requested === null || (requested === '' && viewer.scope.kind !== 'all') ? viewer.regionId : requested || null
	if (id === null) return { region: null, scope: viewer.scope, key: viewer.scope.kind === 'all' || tree.regions.length === 0 ? '' : null }
	const region = tree.regions.find((r) => r.id === id)
	if (!region || !inScope(viewer.scope, id)) throw new Response('Not found', { status: 404 })
	return { region: { id: region.id, name: region.name, nameEn: region.nameEn }, scope: { kind: 'regions', regionIds: subtreeIds(tree.regions, id) }, key: id }
}

/** What a report is built from, read from the database: quota progress at the period's asOf, the period's projects, units and corrections. */
export async function loadReportInputs(db: Db, period: ReportPeriod, audience: ReportAudience, now = new Date()): Promise<ReportInputs> {
	const { scope, region } = audience
	const [progress, projects, units, corrections, funnels, broken] = await Promise.all([
		// Only 年考核 lists the counted items (计入明细); every report reads the figures and totals.
		loadQuotaProgress(db, {
			year: period.year,
			asOf: period.asOf,
			scope,
			quotaRegionId: region?.id,
			limits: period.kind === 'annual' ? NO_LISTS_BUT_ITEMS : NO_LISTS,
		}),
		loadPeriodProjects(db, period, scope),
		loadProjectUnits(db, scope),
		loadCorrections(db, period, scope),
		// The 链上转化 of the region and everything under it, as its project tables.
		period.kind === 'quarterly' ? loadUnitFunnels(db, period, scope) : [],
		period.kind === 'quarterly' ? loadBrokenCommitments(db, period, scope) : [],
	])
	return { period, region, generatedAt: formatDateTime(now), progress, projects, units, corrections, funnels, broken }
}

export async function loadReport(db: Db, period: ReportPeriod, audience: ReportAudience, now = new Date()): Promise<Report> {
	return buildReport(await loadReportInputs(db, period, audience, now))
}

/** The report laid out in `locale`, as the print page and the XLSX file show it. */
export async function loadReportDocument(db: Db, period: ReportPeriod, audience: ReportAudience, locale: Locale, now = new Date()): Promise<ReportDocument> {
	return layoutReport(await loadReport(db, period, audience, now), i18nFor(locale).t, locale)
}
