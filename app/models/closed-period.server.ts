// Periods closed by an issued report (ADR 0011): which issued reports a change
// would alter, the correction a manager records, and the corrections a
// report lists under 更正.
import { type Db } from '~/db.server'
import { type CountedCompanyFacts } from '~/domain/auth/record-access'
import { type CountedFactChange, countedFactChanges, countedFactsOf, type CountedProjectFacts } from '~/domain/project/counted-facts'
import { STAGE_DATE_SELECT } from '~/domain/project/stages'
import { regionReach } from '~/domain/region/reach'
import { type RegionScope } from '~/domain/region/scope'
import {
	type ClosedReportWindow,
	type IssuedReportRef,
	type ReportCorrection,
	reportsCountingFirmsOf,
	reportsHoldingRecordsOf,
	reportsReadingDate,
	touchedCompanyReports,
	touchedReports,
	WHOLE_INSTALLATION_REACH,
} from '~/domain/report/closed-periods'
import { reportKindSchema, type ReportPeriod } from '~/domain/report/period'
import { type Prisma } from '~/generated/prisma/client'
import { formatDateTime } from '~/utils/format'
import { todayInChina } from '~/utils/today'
import { loadRegionTree, regionWhere } from './region.server'

type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0]
type Client = Db | Tx

/**
 * Corrections a scope reads (ADR 0029): those of its projects, and those of
 * companies (the register is shared); a correction of a project since deleted
 * (its title kept, its region gone) only the whole installation's.
 */
function correctionRegionWhere(scope: RegionScope): Prisma.PeriodAdjustmentWhereInput {
	if (scope.kind === 'all') return {}
	return { OR: [{ project: regionWhere(scope) }, { projectId: null, projectTitle: null }] }
}

/** An issued report as the closed-period rules need it. */
export type ClosedReport = ClosedReportWindow & { id: string }

/** A project's counted facts, as a select, with its region: which issued reports hold it (ADR 0033). */
export const COUNTED_FACTS_SELECT = {
	regionId: true,
	stage: true,
	type: true,
	investmentCNY: true,
	incrementCNY: true,
	isClusterLeading: true,
	responsibleUnitId: true,
	...STAGE_DATE_SELECT,
	links: { select: { linkId: true } },
} as const satisfies Prisma.ProjectSelect

type CountedFactsRow = Prisma.ProjectGetPayload<{ select: typeof COUNTED_FACTS_SELECT }>

/** A row read with COUNTED_FACTS_SELECT as countedFactsOf reads it. */
export function countedFactsSourceOf({ links, ...row }: CountedFactsRow) {
	return { ...row, linkIds: links.map((l) => l.linkId) }
}

export const countedFactsOfRow = (row: CountedFactsRow) => countedFactsOf(countedFactsSourceOf(row))

const ISSUED_SELECT = {
	id: true,
	kind: true,
	year: true,
	month: true,
	quarter: true,
	periodEnd: true,
	issuedAt: true,
	regionId: true,
	region: { select: { name: true, nameEn: true } },
} as const

type IssuedRow = Prisma.IssuedReportGetPayload<{ select: typeof ISSUED_SELECT }>
type RegionTree = Awaited<ReturnType<typeof loadRegionTree>>

/**
 * An issued report with its reach (ADR 0033); named by its region when that is
 * not the installation's home region (a 市's or a neighbouring county's report).
 */
function closedReport(row: IssuedRow, tree: RegionTree): ClosedReport {
	return {
		id: row.id,
		kind: reportKindSchema.parse(row.kind),
		year: row.year,
		month: row.month,
		quarter: row.quarter,
		end: row.periodEnd,
		issuedOn: todayInChina(row.issuedAt),
		region: row.regionId === tree.home ? null : row.region,
		reach: row.regionId === null ? WHOLE_INSTALLATION_REACH : regionReach(tree.regions, row.regionId, tree.home),
	}
}

/** Every issued report with what its figures hold (ADR 0033), oldest period first. */
export async function listClosedReports(db: Client): Promise<ClosedReport[]> {
	const rows = await db.issuedReport.findMany({ orderBy: [{ periodStart: 'asc' }, { periodEnd: 'asc' }], select: ISSUED_SELECT })
	if (rows.length === 0) return []
	const tree = await loadRegionTree(db)
	return rows.map((row) => closedReport(row, tree))
}

/** The issued reports whose figures a change of a project of `regionId` from `before` to `after` would alter. */
export async function closedReportsTouched(db: Client, regionId: string | null, before: CountedProjectFacts | null, after: CountedProjectFacts | null) {
	return touchedReports(before, after, reportsHoldingRecordsOf(await listClosedReports(db), regionId))
}

/** The issued reports that hold a stage date of a project of `regionId` (whether that stage counts is part of their figures). */
export async function closedReportsReadingDate(db: Client, regionId: string | null, date: string) {
	return reportsReadingDate(date, reportsHoldingRecordsOf(await listClosedReports(db), regionId))
}

/** The reference the pages name an issued report by (without its id and end). */
export const issuedRef = ({ kind, year, month, quarter, issuedOn, region }: ClosedReport): IssuedReportRef => ({ kind, year, month, quarter, issuedOn, region })

/** A project that does not exist (before its creation): every fact it gets is a change. */
const NO_FACTS: CountedProjectFacts = {
	stage: '',
	type: '',
	investmentCNY: '',
	incrementCNY: null,
	isClusterLeading: false,
	responsibleUnitId: null,
	linkIds: [],
	dates: { negotiating: null, signed: null, started: null, producing: null, terminated: null },
}

/** The counted facts that differ; null stands for no project (before its creation). */
export const factChanges = (before: CountedProjectFacts | null, after: CountedProjectFacts | null) => countedFactChanges(before ?? NO_FACTS, after ?? NO_FACTS)

/** What a correction is of: a project or a company, with its title or name as it was then. */
type CorrectionSubject = { projectId: string; projectTitle: string } | { companyId: string; companyName: string }

/**
 * The issued reports whose figures a change of an existing company's counted
 * facts would alter; `regionIds`: where the company is registered, before and
 * after the change.
 */
export async function closedReportsTouchedByCompany(
	db: Client,
	regionIds: readonly (string | null)[],
	before: CountedCompanyFacts,
	after: CountedCompanyFacts,
) {
	return touchedCompanyReports(before, after, reportsCountingFirmsOf(await listClosedReports(db), regionIds))
}

/**
 * Records a manager's correction of issued figures; call it in the change's
 * transaction, so both are written or neither.
 */
export async function recordPeriodAdjustment(
	tx: Tx,
	input: CorrectionSubject & { changes: CountedFactChange[]; reason: string; userId: string; reports: readonly ClosedReport[] },
) {
	const subject =
		'companyId' in input ? { companyId: input.companyId, companyName: input.companyName } : { projectId: input.projectId, projectTitle: input.projectTitle }
	await tx.periodAdjustment.create({
		data: {
			...subject,
			changes: JSON.stringify(input.changes),
			reason: input.reason,
			userId: input.userId,
			issuedReports: { connect: input.reports.map((r) => ({ id: r.id })) },
		},
		select: { id: true },
	})
}

const DAY_MS = 24 * 60 * 60 * 1000
const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000

/** The instants of the period's China calendar days. */
function chinaDays(period: Pick<ReportPeriod, 'start' | 'end'>) {
	const start = new Date(`${period.start}T00:00:00Z`).getTime() - CHINA_OFFSET_MS
	const end = new Date(`${period.end}T00:00:00Z`).getTime() - CHINA_OFFSET_MS + DAY_MS
	return { gte: new Date(start), lt: new Date(end) }
}

/** The corrections made during the period (China days), oldest first, as the report lists them under 更正. */
export async function loadCorrections(db: Client, period: Pick<ReportPeriod, 'start' | 'end'>, scope: RegionScope): Promise<ReportCorrection[]> {
	const rows = await db.periodAdjustment.findMany({
		where: { at: chinaDays(period), ...correctionRegionWhere(scope) },
		orderBy: [{ at: 'asc' }, { id: 'asc' }],
		select: {
			at: true,
			projectTitle: true,
			companyName: true,
			changes: true,
			reason: true,
			user: { select: { name: true } },
			issuedReports: { orderBy: [{ periodStart: 'asc' }, { periodEnd: 'asc' }], select: ISSUED_SELECT },
		},
	})
	const corrections = rows.map((row) => ({ row, changes: JSON.parse(row.changes) as CountedFactChange[] }))
	const tree = await loadRegionTree(db)
	// Units and chain links are stored by id: their names, for the changes that mention them.
	const ids = (field: string) =>
		corrections.flatMap(({ changes }) => changes.filter((c) => c.field === field).flatMap((c) => [c.before, c.after].flatMap((v) => (v ? v.split(',') : []))))
	const [units, links] = await Promise.all([
		db.unit.findMany({ where: { id: { in: ids('responsibleUnitId') } }, select: { id: true, name: true, nameEn: true } }),
		db.chainLink.findMany({ where: { id: { in: ids('linkIds') } }, select: { id: true, name: true, nameEn: true } }),
	])
	const names = Object.fromEntries([...units, ...links].map(({ id, name, nameEn }) => [id, { name, nameEn }]))
	return corrections.map(({ row, changes }) => ({
		at: formatDateTime(row.at),
		subject: row.projectTitle ?? row.companyName ?? '',
		changes,
		reason: row.reason,
		userName: row.user.name,
		reports: row.issuedReports.map((r) => issuedRef(closedReport(r, tree))),
		names,
	}))
}
