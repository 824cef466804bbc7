import { type Db } from '~/db.server'
import { addressKey, type ThrottleKey, usernameKey, type Verdict } from '~/domain/auth/login-throttle'
import { type SessionPolicy } from '~/domain/auth/session-expiry'
import { createKeyedLock } from '~/utils/keyed-lock'
import { UNKNOWN_ADDRESS } from '~/utils/request-context.server'
import { recordAudit } from './audit.server'
import { clearThrottle, recordLoginFailure, throttleVerdict } from './login-throttle.server'
import { createSession, deleteExpiredSessions } from './session.server'
import { checkPassword, passwordMatches } from './user.server'

/** Refused before the password was checked: the wait or lock in force and when it ends. */
export type Throttled = { ok: false; reason: 'throttled'; lock: 'wait' | 'locked'; retryAt: Date }
/** A wrong password; `retryAt` when this failure started a wait or lock. */
export type WrongPassword = { ok: false; reason: 'invalid'; lock: 'wait' | 'locked' | null; retryAt: Date | null }

export type LoginOutcome =
	{ ok: true; userId: string; sessionId: string; mustChangePassword: boolean } | Throttled | WrongPassword | { ok: false; reason: 'disabled' }

/**
 * The keys an attempt counts against. Without a known client address (no HTTP
 * server in front, as in loader tests) there is no address key: one shared
 * "unknown" key would let one person lock everybody out.
 */
function throttleKeysFor(username: string, address: string): [ThrottleKey, ...ThrottleKey[]] {
	const user = usernameKey(username)
	return address === UNKNOWN_ADDRESS ? [user] : [user, addressKey(address)]
}

// Attempts for one username run one after another, so parallel guesses cannot
// all pass the throttle before the first failure is counted.
const withAttemptLock = createKeyedLock()

/**
 * Runs one password check for a username under the throttle: refused without
 * checking while a key waits or is locked; `failed` counts a wrong password
 * against every key and says what is in force now.
 */
async function throttled<T>(
	db: Db,
	keys: [ThrottleKey, ...ThrottleKey[]],
	attempt: (now: Date, failed: () => Promise<WrongPassword>) => Promise<T>,
): Promise<T | Throttled> {
	return withAttemptLock(keys[0].key, async () => {
		const now = new Date()
		const gate = await throttleVerdict(db, keys, now)
		if (!gate.allowed) return { ok: false, reason: 'throttled', lock: gate.reason, retryAt: gate.retryAt } satisfies Throttled
		return attempt(now, async () => {
			await recordLoginFailure(db, keys, now)
			return wrongPassword(await throttleVerdict(db, keys, now))
		})
	})
}

function wrongPassword(after: Verdict): WrongPassword {
	return after.allowed
		? { ok: false, reason: 'invalid', lock: null, retryAt: null }
		: { ok: false, reason: 'invalid', lock: after.reason, retryAt: after.retryAt }
}

/**
 * One sign-in: throttle, password, account state, session. Every attempt that
 * reaches the password check is audited with the address: `login` on the user,
 * `login_failed` on the user or, for a username that does not exist, on
 * 'Login' with the name typed. What the login page says is the same either way.
 */
export async function attemptLogin(
	db: Db,
	input: { username: string; password: string; address: string; userAgent: string | null; policy: SessionPolicy },
): Promise<LoginOutcome> {
	const username = input.username.trim().toLowerCase()
	const keys = throttleKeysFor(username, input.address)
	return throttled(db, keys, async (now, failed): Promise<LoginOutcome> => {
		const checked = await checkPassword(db, username, input.password)
		if (checked.status !== 'ok') {
			const outcome = await failed()
			await recordAudit(db, {
				userId: null,
				entity: checked.status === 'unknown' ? 'Login' : 'User',
				entityId: checked.status === 'unknown' ? username : checked.user.id,
				action: 'login_failed',
				after: {
					username,
					reason: checked.status === 'unknown' ? 'unknown_user' : 'wrong_password',
					lockedUntil: outcome.lock === 'locked' ? outcome.retryAt : null,
				},
				ip: input.address,
			})
			return outcome
		}
		const { user } = checked
		if (user.disabledAt) {
			await recordAudit(db, {
				userId: null,
				entity: 'User',
				entityId: user.id,
				action: 'login_failed',
				after: { username, reason: 'disabled' },
				ip: input.address,
			})
			return { ok: false, reason: 'disabled' }
		}
		const ipAddress = input.address === UNKNOWN_ADDRESS ? null : input.address
		// One write transaction, not four: writers take turns (ADR 0014, 0023), and fifty colleagues signing
		// in at nine o'clock each waited four turns in the queue (issue #12 §5). The session and its audit
		// row now also stand or fall together.
		const session = await db.$transaction(async (tx) => {
			await clearThrottle(tx, keys[0].key)
			const created = await createSession(tx, { userId: user.id, now, policy: input.policy, ipAddress, userAgent: input.userAgent })
			await recordAudit(tx, {
				userId: user.id,
				entity: 'User',
				entityId: user.id,
				action: 'login',
				after: { username, userAgent: input.userAgent },
				ip: input.address,
			})
			await deleteExpiredSessions(tx, now)
			return created
		})
		return { ok: true, userId: user.id, sessionId: session.id, mustChangePassword: user.mustChangePassword }
	})
}

/**
 * The "current password" of the change-password form, under the same throttle
 * as sign-in: a stolen session cannot be used to guess the password either.
 */
export async function verifyCurrentPassword(
	db: Db,
	input: { userId: string; username: string; password: string; address: string },
): Promise<{ ok: true } | Throttled | WrongPassword> {
	const keys = throttleKeysFor(input.username, input.address)
	return throttled(db, keys, async (_now, failed) => {
		if (await passwordMatches(db, input.userId, input.password)) {
			await clearThrottle(db, keys[0].key)
			return { ok: true } as const
		}
		const outcome = await failed()
		await recordAudit(db, {
			userId: input.userId,
			entity: 'User',
			entityId: input.userId,
			action: 'login_failed',
			after: { username: input.username, reason: 'wrong_current_password', lockedUntil: outcome.lock === 'locked' ? outcome.retryAt : null },
			ip: input.address,
		})
		return outcome
	})
}
