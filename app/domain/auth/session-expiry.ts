/**
 * Sliding session expiry, pure. A session ends after `idleMs` without a request,
 * and in any case `maxMs` after sign-in. Refreshing it on every request would be
 * a database write per request, so the expiry moves at most once a minute: a
 * session may end up to a minute earlier than its idle limit, never later.
 */

export type SessionPolicy = { idleMs: number; maxMs: number }

const REFRESH_INTERVAL_MS = 60_000

/** When a session used at `now` expires. */
export function slidingExpiry(createdAt: Date, now: Date, policy: SessionPolicy) {
	return new Date(Math.min(now.getTime() + policy.idleMs, createdAt.getTime() + policy.maxMs))
}

/** Whether a request at `now` should write the session's last-seen time and new expiry. */
export function needsRefresh(lastSeenAt: Date, now: Date) {
	return now.getTime() - lastSeenAt.getTime() >= REFRESH_INTERVAL_MS
}
