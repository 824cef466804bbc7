// The facts behind the 月调度表 / 季通报 / 年考核: quota progress exactly as the
// dashboard counts it on the report's asOf, and the projects whose stage dates
// fall in the period.
import { type Db } from '~/db.server'
import { DATE_FIELD, PROJECT_STAGES, type ProjectStage, STAGE_DATE_SELECT } from '~/domain/project/stages'
import { buildReport, type Report, type ReportInputs } from '~/domain/report/build-report'
import { layoutReport, type ReportDocument } from '~/domain/report/layout'
import { parseReportQuery, type ReportPeriod } from '~/domain/report/period'
import { formatDateTime } from '~/utils/format'
import { type ReportProject } from '~/domain/report/project-activity'
import { type Prisma } from '~/generated/prisma/client'
import { i18nFor, type Locale } from '~/i18n/i18n'
import { formatDate } from '~/utils/format'
import { todayInChina } from '~/utils/today'
import { loadCorrections } from './closed-period.server'
import { loadQuotaProgress } from './quota-progress.server'
import { loadUnitFunnels } from './funnel.server'

const DAY_MS = 24 * 60 * 60 * 1000
const NO_LISTS = { items: 0, awaiting: 0, excluded: 0, pipeline: 0 }
const NO_LISTS_BUT_ITEMS = { awaiting: 0, excluded: 0, pipeline: 0 }

/** Stage dates are stored as UTC midnight of the calendar day. */
function dayRange(period: Pick<ReportPeriod, 'start' | 'end'>) {
	const start = new Date(`${period.start}T00:00:00Z`)
	return { gte: start, lt: new Date(new Date(`${period.end}T00:00:00Z`).getTime() + DAY_MS) }
}

/** Projects with any stage date (洽谈…终止) in the period. */
async function loadPeriodProjects(db: Db, period: ReportPeriod): Promise<ReportProject[]> {
	const range = dayRange(period)
	const where: Prisma.ProjectWhereInput = { OR: PROJECT_STAGES.map((stage) => ({ [DATE_FIELD[stage]]: range })) }
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

/** Units that answer for at least one project: the rows of 项目调度, idle ones included. */
function loadProjectUnits(db: Db) {
	return db.unit.findMany({
		where: { projects: { some: {} } },
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

/** What a report is built from, read from the database: quota progress at the period's asOf, the period's projects, units and corrections. */
export async function loadReportInputs(db: Db, period: ReportPeriod, now = new Date()): Promise<ReportInputs> {
	const [progress, projects, units, corrections, funnels] = await Promise.all([
		// Only 年考核 lists the counted items (计入明细); every report reads the figures and totals.
		loadQuotaProgress(db, { year: period.year, asOf: period.asOf, limits: period.kind === 'annual' ? NO_LISTS_BUT_ITEMS : NO_LISTS }),
		loadPeriodProjects(db, period),
		loadProjectUnits(db),
		loadCorrections(db, period),
		// Like the rest of the reports, the whole installation (ADR 0026 slice 2).
		period.kind === 'quarterly' ? loadUnitFunnels(db, period) : [],
	])
	return { period, generatedAt: formatDateTime(now), progress, projects, units, corrections, funnels }
}

export async function loadReport(db: Db, period: ReportPeriod, now = new Date()): Promise<Report> {
	return buildReport(await loadReportInputs(db, period, now))
}

/** The report laid out in `locale`, as the print page and the XLSX file show it. */
export async function loadReportDocument(db: Db, period: ReportPeriod, locale: Locale, now = new Date()): Promise<ReportDocument> {
	return layoutReport(await loadReport(db, period, now), i18nFor(locale).t, locale)
}
