import { CN_CALENDAR } from '~/domain/calendar/cn-calendar'
import { addWorkingDays, deadlineCutoff, missingYears, type WorkingCalendar } from '~/domain/calendar/working-days'
import { DEFAULT_SERVICE_LEVELS, type ServiceLevels } from './service-levels'
import { isOpenStage, type OpenLeadStage } from './stages'

const DAY_MS = 24 * 60 * 60 * 1000

/** Midnight UTC of `now`'s calendar day: dates are stored as UTC midnights (see formatDate). */
export function startOfDay(now: Date) {
	return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()))
}

/**
 * What decides the overdue and stalled markers (ADR 0037): the service levels of the lead's
 * region and China's working-day calendar. Defaults: DEFAULT_SERVICE_LEVELS over CN_CALENDAR.
 */
export type FollowUpRules = { levels: ServiceLevels; calendar: WorkingCalendar }
export const DEFAULT_RULES: FollowUpRules = { levels: DEFAULT_SERVICE_LEVELS, calendar: CN_CALENDAR }

type LeadClockFacts = { stage: string; nextActionDate: Date | null; createdAt: Date; lastActivityDate: Date | null }

/**
 * The day the lead was last touched: its last activity, or the day it was created when that is
 * later (an activity dated before the lead existed does not restart its clock).
 */
export function lastTouchDay(lead: { createdAt: Date; lastActivityDate: Date | null }) {
	const created = startOfDay(lead.createdAt)
	return lead.lastActivityDate && lead.lastActivityDate > created ? startOfDay(lead.lastActivityDate) : created
}

/** The old rule, still part of overdue: an open lead whose agreed next action date lies before today. */
export function isNextActionOverdue(lead: { stage: string; nextActionDate: Date | null }, now: Date) {
	return isOpenStage(lead.stage) && lead.nextActionDate !== null && lead.nextActionDate < startOfDay(now)
}

/**
 * The day the lead's next follow-up is due by the service levels: first contact so many working days
 * after creation while nothing has been logged, else the stage's interval after the last activity.
 * Null for a closed lead.
 */
export function followUpDueDay(lead: LeadClockFacts, rules: FollowUpRules = DEFAULT_RULES) {
	if (!isOpenStage(lead.stage)) return null
	return lead.lastActivityDate
		? addWorkingDays(rules.calendar, lastTouchDay(lead), rules.levels.stages[lead.stage].followUpDays)
		: addWorkingDays(rules.calendar, startOfDay(lead.createdAt), rules.levels.firstContactDays)
}

/** An open lead never contacted past its first-contact level. */
export function isFirstContactBreached(lead: LeadClockFacts, now: Date, rules: FollowUpRules = DEFAULT_RULES) {
	if (!isOpenStage(lead.stage) || lead.lastActivityDate) return false
	return addWorkingDays(rules.calendar, startOfDay(lead.createdAt), rules.levels.firstContactDays) < startOfDay(now)
}

/**
 * An open lead whose follow-up is late: its agreed next action date has passed, or the service level's
 * deadline counted in working days from its last activity (or, with none, its creation: the first-contact level) has.
 */
export function isOverdue(lead: LeadClockFacts, now: Date, rules: FollowUpRules = DEFAULT_RULES) {
	if (isNextActionOverdue(lead, now)) return true
	const due = followUpDueDay(lead, rules)
	return due !== null && due < startOfDay(now)
}

/** An open lead without an activity for its stage's stall threshold in working days, counted from its last activity or creation. */
export function isStalled(lead: Omit<LeadClockFacts, 'nextActionDate'>, now: Date, rules: FollowUpRules = DEFAULT_RULES) {
	if (!isOpenStage(lead.stage)) return false
	return addWorkingDays(rules.calendar, lastTouchDay(lead), rules.levels.stages[lead.stage].stallDays) < startOfDay(now)
}

/**
 * The same rules as dates a query can compare with (deadlineCutoff): a lead of the stage with an
 * activity whose last touch lies before `followUp` is overdue, before `stall` stalled; one without
 * any activity created before `firstContact` has missed its first contact (and is overdue).
 */
export function followUpCutoffs(now: Date, rules: FollowUpRules = DEFAULT_RULES) {
	const today = startOfDay(now)
	const cut = (n: number) => deadlineCutoff(rules.calendar, today, n)
	const stages = Object.fromEntries(
		Object.entries(rules.levels.stages).map(([stage, s]) => [stage, { followUp: cut(s.followUpDays), stall: cut(s.stallDays) }]),
	) as Record<OpenLeadStage, { followUp: Date; stall: Date }>
	return { firstContact: cut(rules.levels.firstContactDays), stages }
}

/**
 * The years the markers were counted without a notice (Monday–Friday alone): the span from the oldest
 * day a threshold reaches back to today. Pages show a note when it is not empty.
 */
export function calendarGaps(now: Date, rules: FollowUpRules = DEFAULT_RULES) {
	const longest = Math.max(rules.levels.firstContactDays, ...Object.values(rules.levels.stages).map((s) => s.stallDays))
	return missingYears(rules.calendar, deadlineCutoff(rules.calendar, startOfDay(now), longest), startOfDay(now))
}

/** Days ahead, today included, whose next actions count as due soon (工作台 and the `due` filter of /leads). */
export const DUE_SOON_DAYS = 7

/** The first day after the due-soon window. */
export function dueSoonEnd(now: Date) {
	return new Date(startOfDay(now).getTime() + DUE_SOON_DAYS * DAY_MS)
}
