import { isOpenStage } from './stages'

/** Days without activity after which an open lead counts as stalled (default of the setting). */
export const DEFAULT_STALLED_DAYS = 30

const DAY_MS = 24 * 60 * 60 * 1000

/** Midnight UTC of `now`'s calendar day: dates are stored as UTC midnights (see formatDate). */
export function startOfDay(now: Date) {
	return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()))
}

/** An open lead whose next action date lies before today. */
export function isOverdue(lead: { stage: string; nextActionDate: Date | null }, now: Date) {
	return isOpenStage(lead.stage) && lead.nextActionDate !== null && lead.nextActionDate < startOfDay(now)
}

/** Days ahead, today included, whose next actions count as due soon (工作台 and the `due` filter of /leads). */
export const DUE_SOON_DAYS = 7

/** The first day after the due-soon window. */
export function dueSoonEnd(now: Date) {
	return new Date(startOfDay(now).getTime() + DUE_SOON_DAYS * DAY_MS)
}

/** Leads whose last activity (or, without one since, creation) is before this instant are stalled. */
export function stalledCutoff(now: Date, days = DEFAULT_STALLED_DAYS) {
	return new Date(startOfDay(now).getTime() - days * DAY_MS)
}

/**
 * An open lead with no activity in the last `days` days, counting from its
 * latest activity or, when it has none since, from its creation.
 */
export function isStalled(
	lead: { stage: string; createdAt: Date; lastActivityDate: Date | null },
	now: Date,
	days = DEFAULT_STALLED_DAYS,
) {
	if (!isOpenStage(lead.stage)) return false
	const last = lead.lastActivityDate && lead.lastActivityDate > lead.createdAt ? lead.lastActivityDate : lead.createdAt
	return last < stalledCutoff(now, days)
}
