import { formatDate } from '~/utils/format'

/**
 * 履约 (ADR 0039): what an investor committed to when the project was signed — the
 * 开工 and 投产 deadlines, the land (亩) and so the investment intensity, the
 * expected annual output (产值) and tax — and the warnings a bureau follows:
 * a deadline coming up, and a deadline passed (签约未开工, 开工未投产).
 *
 * Everything is worked out from the stage dates, not the stage name, so the same
 * rules answer "today" (the project page, the list, the 工作台) and "at the end
 * of a quarter" (the 季通报): a project is signed on a day when its 签约 date is
 * on or before it, started when its 开工 date is, and out of the picture once
 * terminated (终止) on or before it.
 */

/** Days before a deadline from which it is shown as coming up. */
export const COMMITMENT_WARN_DAYS = 30

export const COMMITMENT_DEADLINES = ['start', 'produce'] as const
export type CommitmentDeadline = (typeof COMMITMENT_DEADLINES)[number]

/**
 * - startDue / startOverdue (签约未开工): signed, not started, the 开工 deadline near / passed;
 * - produceDue / produceOverdue (开工未投产): started, not producing, the 投产 deadline near / passed;
 * - produceOverdueUnstarted: not even started when the 投产 deadline passed (its 开工 one usually passed too).
 */
export const COMMITMENT_WARNINGS = ['startDue', 'startOverdue', 'produceDue', 'produceOverdue', 'produceOverdueUnstarted'] as const
export type CommitmentWarningKind = (typeof COMMITMENT_WARNINGS)[number]

type Day = Date | string | null

/** What the warnings read of a project. */
export type CommitmentSource = {
	stage: string
	signedDate: Day
	startedDate: Day
	producingDate: Day
	terminatedDate: Day
	commitStartBy: Day
	commitProduceBy: Day
}

export type CommitmentWarning = {
	kind: CommitmentWarningKind
	deadline: CommitmentDeadline
	/** The deadline, YYYY-MM-DD. */
	date: string
	/** Passed (broken), or still ahead within the warning window. */
	overdue: boolean
	/** Days from `day` to the deadline: ≥ 0 when coming up (0: the deadline is today), < 0 when passed. */
	days: number
}

const DAY_MS = 24 * 60 * 60 * 1000

const dayText = (value: Day) => (value ? formatDate(value) : null)

/** Whole days from `from` to `to` (YYYY-MM-DD each). */
export function daysBetween(from: string, to: string) {
	return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS)
}

/** A stage date reached on or before `day`. */
const reachedBy = (date: Day, day: string) => {
	const text = dayText(date)
	return text !== null && text <= day
}

/**
 * The 履约 warnings of a project on `day` (YYYY-MM-DD), 开工 first. None before
 * signing, after 投产, or for a terminated project (终止: the agreement is off).
 */
export function commitmentWarnings(project: CommitmentSource, day: string, warnDays = COMMITMENT_WARN_DAYS): CommitmentWarning[] {
	if (project.stage === 'terminated' || reachedBy(project.terminatedDate, day)) return []
	if (!reachedBy(project.signedDate, day) || reachedBy(project.producingDate, day)) return []
	const started = reachedBy(project.startedDate, day)
	const warnings: CommitmentWarning[] = []
	const check = (deadline: CommitmentDeadline, value: Day, overdueKind: CommitmentWarningKind, dueKind: CommitmentWarningKind) => {
		const date = dayText(value)
		if (date === null) return
		const days = daysBetween(day, date)
		if (days < 0) warnings.push({ kind: overdueKind, deadline, date, overdue: true, days })
		else if (days <= warnDays) warnings.push({ kind: dueKind, deadline, date, overdue: false, days })
	}
	if (!started) check('start', project.commitStartBy, 'startOverdue', 'startDue')
	check('produce', project.commitProduceBy, started ? 'produceOverdue' : 'produceOverdueUnstarted', 'produceDue')
	return warnings
}

/** The passed deadlines only: the broken commitments the 季通报 lists. */
export function brokenCommitments(project: CommitmentSource, day: string): CommitmentWarning[] {
	return commitmentWarnings(project, day).filter((w) => w.overdue)
}

/** The list filter 履约预警: `broken` — a deadline passed; `warn` — passed or coming up. */
export const COMMITMENT_FILTERS = ['warn', 'broken'] as const
export type CommitmentFilter = (typeof COMMITMENT_FILTERS)[number]

/**
 * The days a filter compares deadlines with, as UTC midnights (how dates are
 * stored): a deadline before `today` has passed; one on or before `horizon` is
 * within the warning window.
 */
export function commitmentWindow(day: string, warnDays = COMMITMENT_WARN_DAYS) {
	const today = new Date(`${day}T00:00:00Z`)
	return { today, horizon: new Date(today.getTime() + warnDays * DAY_MS) }
}

/**
 * 投资强度 in 万元/亩: the investment over the land, 2 decimals; null without land.
 * The investment is the project's own (ADR 0039): the amount signed is the amount committed.
 */
export function investmentIntensity(investmentCNY: number | bigint, landMu: number | null): number | null {
	if (landMu === null || !(landMu > 0)) return null
	const wan = Number(investmentCNY) / 10_000
	return Math.round((wan / landMu) * 100) / 100
}

/** Land as typed (亩, up to 2 decimals, full-width digits accepted): a number, null when blank, or why not. */
export function parseLandMu(
	raw: string | null | undefined,
): { ok: true; mu: number | null } | { ok: false; error: 'notANumber' | 'tooManyDecimals' | 'notPositive' | 'tooLarge' } {
	const text = (raw ?? '').replace(/[０-９．]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).trim()
	if (text === '') return { ok: true, mu: null }
	const match = /^(\d+)(?:\.(\d*))?$/.exec(text) ?? /^()\.(\d+)$/.exec(text)
	if (!match) return { ok: false, error: text.startsWith('-') ? 'notPositive' : 'notANumber' }
	if ((match[2] ?? '').length > 2) return { ok: false, error: 'tooManyDecimals' }
	const mu = Number(`${match[1] || '0'}.${match[2] || '0'}`)
	if (!(mu > 0)) return { ok: false, error: 'notPositive' }
	// 100 km² is 150,000 亩: more is a typing error.
	if (mu > 1_000_000) return { ok: false, error: 'tooLarge' }
	return { ok: true, mu }
}
