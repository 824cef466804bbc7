/**
 * Login throttling, pure: a key's stored state and the clock in, a decision out.
 * Persistence (the LoginThrottle table) lives in app/models/login-throttle.server.ts.
 *
 * Each key (one username, one client address) allows a few failures, then makes
 * every further attempt wait a growing delay after the last failure, then locks
 * for a while. Attempts refused by a wait or a lock never check the password, so
 * even the right password is refused until the wait is over.
 */

export type ThrottleState = { failures: number; lastFailureAt: Date; lockedUntil: Date | null }

export type ThrottlePolicy = {
	/** Failures allowed before any wait. */
	freeFailures: number
	/** The wait after the first failure past the free ones; it doubles with each further failure. */
	firstDelayMs: number
	maxDelayMs: number
	/** The failure that reaches this count locks the key. */
	lockAfterFailures: number
	lockMs: number
	/** A key with no failure for this long (and no lock in force) starts again from zero. */
	forgetAfterMs: number
}

const MINUTE = 60_000

/**
 * Per username. After a lock ends the count stays until an hour passes without
 * a failure, so each further wrong password locks again at once: a guesser gets
 * about four tries an hour; the owner can ask an admin to clear the lock.
 */
export const USERNAME_POLICY: ThrottlePolicy = {
	freeFailures: 3,
	firstDelayMs: 5_000,
	maxDelayMs: MINUTE,
	lockAfterFailures: 10,
	lockMs: 15 * MINUTE,
	forgetAfterMs: 60 * MINUTE,
}

/**
 * Per client address, looser: a bureau's office often reaches the server from
 * one NAT address, so colleagues' typos add up there. It stops one machine from
 * trying many usernames; it is forgotten when its lock ends.
 */
export const ADDRESS_POLICY: ThrottlePolicy = {
	freeFailures: 10,
	firstDelayMs: 2_000,
	maxDelayMs: 30_000,
	lockAfterFailures: 30,
	lockMs: 15 * MINUTE,
	forgetAfterMs: 15 * MINUTE,
}

export type ThrottleKind = 'user' | 'address'
export type ThrottleKey = { kind: ThrottleKind; key: string }

export const POLICIES: Record<ThrottleKind, ThrottlePolicy> = { user: USERNAME_POLICY, address: ADDRESS_POLICY }

/** LoginThrottle.key is "user:<username>" or "ip:<address>". */
export const KEY_PREFIXES: Record<ThrottleKind, string> = { user: 'user:', address: 'ip:' }

/** Usernames are stored lowercase; the key folds case so "Admin" and "admin" share a counter. */
export function usernameKey(username: string): ThrottleKey {
	return { kind: 'user', key: `${KEY_PREFIXES.user}${username.trim().toLowerCase()}` }
}

export function addressKey(address: string): ThrottleKey {
	return { kind: 'address', key: `${KEY_PREFIXES.address}${address}` }
}

/** What a stored key is for: its kind and the username or address; null for anything else. */
export function parseThrottleKey(key: string): { kind: ThrottleKind; subject: string } | null {
	const kind = (Object.keys(KEY_PREFIXES) as ThrottleKind[]).find((k) => key.startsWith(KEY_PREFIXES[k]))
	return kind ? { kind, subject: key.slice(KEY_PREFIXES[kind].length) } : null
}

/** The state that still counts at `now`: null once forgotten. */
export function currentState(state: ThrottleState | null, now: Date, policy: ThrottlePolicy): ThrottleState | null {
	if (!state) return null
	if (state.lockedUntil && state.lockedUntil > now) return state
	return now.getTime() - state.lastFailureAt.getTime() >= policy.forgetAfterMs ? null : state
}

/** The wait after the last failure before the next attempt, for a count of failures. */
export function delayAfter(failures: number, policy: ThrottlePolicy) {
	if (failures < policy.freeFailures) return 0
	return Math.min(policy.firstDelayMs * 2 ** (failures - policy.freeFailures), policy.maxDelayMs)
}

export type Verdict = { allowed: true } | { allowed: false; reason: 'wait' | 'locked'; retryAt: Date }

export function verdict(state: ThrottleState | null, now: Date, policy: ThrottlePolicy): Verdict {
	const current = currentState(state, now, policy)
	if (!current) return { allowed: true }
	if (current.lockedUntil && current.lockedUntil > now) return { allowed: false, reason: 'locked', retryAt: current.lockedUntil }
	const delay = delayAfter(current.failures, policy)
	// No wait is no wait, even when the clock has been set back past the last failure.
	if (delay === 0) return { allowed: true }
	const retryAt = new Date(current.lastFailureAt.getTime() + delay)
	return retryAt > now ? { allowed: false, reason: 'wait', retryAt } : { allowed: true }
}

/** Refused when any key refuses; a lock outranks a wait, then the later time wins. */
export function combineVerdicts(verdicts: readonly Verdict[]): Verdict {
	let worst: Verdict = { allowed: true }
	for (const v of verdicts) {
		if (v.allowed) continue
		if (worst.allowed) worst = v
		else if (v.reason !== worst.reason) worst = v.reason === 'locked' ? v : worst
		else if (v.retryAt > worst.retryAt) worst = v
	}
	return worst
}

/** The state after one more failure at `now`. */
export function afterFailure(state: ThrottleState | null, now: Date, policy: ThrottlePolicy): ThrottleState {
	const failures = (currentState(state, now, policy)?.failures ?? 0) + 1
	const lockedUntil = failures >= policy.lockAfterFailures ? new Date(now.getTime() + policy.lockMs) : null
	return { failures, lastFailureAt: now, lockedUntil }
}

/** What the admin pages show for a key at `now`, or null when nothing holds it back. */
export function describeThrottle(state: ThrottleState | null, now: Date, policy: ThrottlePolicy) {
	const current = currentState(state, now, policy)
	if (!current) return null
	const v = verdict(current, now, policy)
	return {
		failures: current.failures,
		lastFailureAt: current.lastFailureAt,
		locked: !v.allowed && v.reason === 'locked',
		retryAt: v.allowed ? null : v.retryAt,
	}
}
