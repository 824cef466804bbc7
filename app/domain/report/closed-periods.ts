import { z } from 'zod'
import { type Actor, type CountedCompanyFacts, isManager } from '~/domain/auth/record-access'
import { type CountedFactChange, type CountedProjectFacts } from '~/domain/project/counted-facts'
import { PROJECT_STAGES } from '~/domain/project/stages'
import { localTo, reaches, type RegionReach } from '~/domain/region/reach'
import { userText } from '~/domain/text/text-field'
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
	/** The region whose report it is, named when it is not the installation's home region (ADR 0033). */
	region?: { name: string; nameEn: string } | null
}

/** What the rules read of an issued report: its year and its period's last day. */
type ClosedWindow = Pick<ReportPeriod, 'year' | 'end'>

/**
 * An issued report with the last day of its period and what its figures hold
 * (ADR 0033): the reach of the region it was issued for (ADR 0029), or the
 * whole installation's (WHOLE_INSTALLATION_REACH).
 */
export type ClosedReportWindow = IssuedReportRef & { end: string; reach: RegionReach }

/** A report of the whole installation (issued by an admin, or before regions): it holds every record. */
export const WHOLE_INSTALLATION_REACH: RegionReach = { regionIds: null, above: new Set(), unplaced: true }

/**
 * The issued reports whose figures hold the leads and projects of `regionId`:
 * a county's report closes its period for that county's records only, a 市's
 * for every county under it, the whole installation's for all.
 */
export function reportsHoldingRecordsOf<T extends Pick<ClosedReportWindow, 'reach'>>(issued: readonly T[], regionId: string | null): T[] {
	return issued.filter((report) => reaches(report.reach, regionId))
}

/**
 * The issued reports that may count a firm registered in any of `regionIds`
 * (before and after a change of its region): those whose quotas take it for a
 * local firm (localTo), as the counting does.
 */
export function reportsCountingFirmsOf<T extends Pick<ClosedReportWindow, 'reach'>>(issued: readonly T[], regionIds: readonly (string | null)[]): T[] {
	return issued.filter((report) => regionIds.some((regionId) => localTo(report.reach, regionId)))
}

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

/** A tag's value in a company correction when it is held but its 认定 year is unknown (a year is written as such, null is not held). */
export const TAG_HELD = 'held'

function tagValue(facts: CountedCompanyFacts, tag: string) {
	const held = facts.tags.find((t) => t.tag === tag)
	return held ? (held.grantedYear === null ? TAG_HELD : String(held.grantedYear)) : null
}

/**
 * The counted facts of a company that differ (`tags.<tag>`: 认定 year, TAG_HELD
 * or null when not held; `revenueCNY`: integer CNY), tags in name order, revenue last.
 */
export function companyFactChanges(before: CountedCompanyFacts, after: CountedCompanyFacts): CountedFactChange[] {
	const tags = [...new Set([...before.tags, ...after.tags].map((t) => t.tag))].sort()
	const changes: CountedFactChange[] = tags.flatMap((tag) => {
		const [a, b] = [tagValue(before, tag), tagValue(after, tag)]
		return a === b ? [] : [{ field: `tags.${tag}`, before: a, after: b }]
	})
	const revenue = (facts: CountedCompanyFacts) => (facts.revenueCNY === null ? null : String(facts.revenueCNY))
	if (revenue(before) !== revenue(after)) changes.push({ field: 'revenueCNY', before: revenue(before), after: revenue(after) })
	return changes
}

/**
 * The issued reports whose figures a change of an existing company's counted
 * facts would alter; cautious, since a company carries no dates:
 * - revenue is the latest recorded figure, and every count reads it whatever
 *   the year (the register keeps no revenue history): a change touches every issued report;
 * - a tag counts as 新增 in its 认定 year and as held in every year from then
 *   on: a change touches the issued reports of the earliest year before or
 *   after and every later one; a tag held with its year unknown counts in
 *   every year, so it touches them all.
 */
export function touchedCompanyReports<T extends ClosedWindow>(before: CountedCompanyFacts, after: CountedCompanyFacts, issued: readonly T[]): T[] {
	const changes = companyFactChanges(before, after)
	if (changes.length === 0) return []
	if (changes.some((c) => c.field === 'revenueCNY')) return [...issued]
	const values = changes.flatMap((c) => [c.before, c.after]).filter((v) => v !== null)
	if (values.includes(TAG_HELD)) return [...issued]
	const from = Math.min(...values.map(Number))
	return issued.filter((report) => report.year >= from)
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

/** 更正原因 on the project and company forms: optional text, required by the server only when the change is a correction. */
export const correctionReasonField = userText()
	.trim()
	.max(CORRECTION_REASON_MAX, 'closedPeriods.reasonTooLong')
	.optional()
	.transform((value) => value || null)

/** A correction as the reports list it under 更正. */
export type ReportCorrection = {
	/** "YYYY-MM-DD HH:mm", China time. */
	at: string
	/** The project's title or the company's name when changed. */
	subject: string
	changes: CountedFactChange[]
	reason: string
	userName: string
	/** The issued reports it changed. */
	reports: IssuedReportRef[]
	/** Names of the units and chain links the changes mention, by id. */
	names: Record<string, { name: string; nameEn: string }>
}
