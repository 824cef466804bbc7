import { z } from 'zod'
import { type Actor, isManager } from '~/domain/auth/record-access'
import { type CountedFactChange, type CountedProjectFacts } from '~/domain/project/counted-facts'
import { PROJECT_STAGES } from '~/domain/project/stages'
import { periodSlug, type ReportKind, type ReportPeriod } from './period'

/**
 * Issued reports and the periods they close (ADR 0011). Once a 月调度表, 季通报
 * or 年考核 is issued its figures are frozen; a later change that would alter
 * them is a correction: refused to staff, made by a manager with a reason, and
 * listed under 更正 by the reports of the period in which it was made.
 */

/** An issued report as the rules and the pages name it; `issuedOn` is the China calendar day, YYYY-MM-DD. */
export type IssuedReportRef = {
	kind: ReportKind
	year: number
	month: number | null
	quarter: number | null
	issuedOn: string
}

/** What the rules read of an issued report: its year and its period's last day. */
type ClosedWindow = Pick<ReportPeriod, 'year' | 'end'>

/** An issued report with the last day of its period. */
export type ClosedReportWindow = IssuedReportRef & { end: string }

/**
 * Issued periods named without a translation at hand (import rows, undo):
 * "2025-06, 2025-Q2, 2025" reads as a month, a quarter and a year in either language.
 */
export function closedPeriodList(reports: readonly Pick<ReportPeriod, 'year' | 'month' | 'quarter'>[]) {
	return reports.map((r) => periodSlug(r)).join(', ')
}

/** Only a period that has ended by `today` (YYYY-MM-DD, China) can be issued: its figures are final. */
export function periodEnded(period: Pick<ReportPeriod, 'end'>, today: string) {
	return period.end < today
}

/**
 * What an issued report read of a project, as a comparable key; null when it
 * read nothing of it. Quota progress counts stage dates from Jan 1 to the
 * period's last day and the period's tables list the stage dates inside it, so
 * a report reads the project's stage dates in that window and, when there is
 * one, the facts that weigh them (type, amounts, unit, links, 集群引领性). The
 * current stage is left out: counting goes by the dates.
 */
export function factsSeenBy(facts: CountedProjectFacts | null, report: ClosedWindow): string | null {
	if (!facts) return null
	const dates = PROJECT_STAGES.map((stage) => {
		const date = facts.dates[stage]
		return date !== null && readsDate(report, date) ? date : null
	})
	if (dates.every((date) => date === null)) return null
	const { stage: _stage, dates: _dates, ...weights } = facts
	return JSON.stringify({ ...weights, dates })
}

/** An issued report reads the stage dates from 1 January of its year to its last day. */
function readsDate(report: ClosedWindow, date: string) {
	return date >= `${report.year}-01-01` && date <= report.end
}

/** The issued reports that read a stage date: whether that stage counts (its 核验) is part of their figures. */
export function reportsReadingDate<T extends ClosedWindow>(date: string, issued: readonly T[]): T[] {
	return issued.filter((report) => readsDate(report, date))
}

/**
 * The issued reports whose figures a change of a project would alter: those
 * that read it differently before and after. `before` is null for a new
 * project, `after` null for a deleted one.
 */
export function touchedReports<T extends ClosedWindow>(before: CountedProjectFacts | null, after: CountedProjectFacts | null, issued: readonly T[]): T[] {
	return issued.filter((report) => factsSeenBy(before, report) !== factsSeenBy(after, report))
}

export type ClosedPeriodProblem = 'closedPeriods.staffRefused' | 'closedPeriods.reasonRequired'

/** A change that alters issued figures is a manager's correction, and needs its reason. */
export function closedPeriodProblem(actor: Pick<Actor, 'role'>, touched: number, reason: string | null): ClosedPeriodProblem | null {
	if (touched === 0) return null
	if (!isManager(actor)) return 'closedPeriods.staffRefused'
	return reason ? null : 'closedPeriods.reasonRequired'
}

/** The issue button on a report page (签发). */
export const issueReportFormSchema = z.object({ intent: z.literal('issue') })

export const CORRECTION_REASON_MAX = 500

/** 更正原因 on the project forms: optional text, required by the server only when the change is a correction. */
export const correctionReasonField = z
	.string()
	.trim()
	.max(CORRECTION_REASON_MAX, 'closedPeriods.reasonTooLong')
	.optional()
	.transform((value) => value || null)

/** A correction as the reports list it under 更正. */
export type ReportCorrection = {
	/** "YYYY-MM-DD HH:mm", China time. */
	at: string
	projectTitle: string
	changes: CountedFactChange[]
	reason: string
	userName: string
	/** The issued reports it changed. */
	reports: IssuedReportRef[]
	/** Names of the units and chain links the changes mention, by id. */
	names: Record<string, { name: string; nameEn: string }>
}
