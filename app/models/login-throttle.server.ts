import { type Db } from '~/db.server'
import {
	afterFailure,
	combineVerdicts,
	describeThrottle,
	KEY_PREFIXES,
	parseThrottleKey,
	POLICIES,
	type ThrottleKey,
	type ThrottleKind,
	type ThrottleState,
	verdict,
} from '~/domain/auth/login-throttle'
import { createKeyedLock } from '~/utils/keyed-lock'
import { type Actor, recordAudit } from './audit.server'

const STATE_SELECT = { key: true, failures: true, lastFailureAt: true, lockedUntil: true } as const

// A row's read-change-write must not interleave with another request's.
const withRowLock = createKeyedLock()

async function readStates(db: Db, keys: readonly ThrottleKey[]) {
	const rows = await db.loginThrottle.findMany({ where: { key: { in: keys.map((k) => k.key) } }, select: STATE_SELECT })
	return new Map<string, ThrottleState>(rows.map((r) => [r.key, r]))
}

/** Whether an attempt may check its password now, given every key it falls under. */
export async function throttleVerdict(db: Db, keys: readonly ThrottleKey[], now: Date) {
	const states = await readStates(db, keys)
	return combineVerdicts(keys.map((k) => verdict(states.get(k.key) ?? null, now, POLICIES[k.kind])))
}

/** Counts one failed password against every key; returns the lock each key is now under, if any. */
export async function recordLoginFailure(db: Db, keys: readonly ThrottleKey[], now: Date) {
	return Promise.all(
		keys.map((k) =>
			withRowLock(k.key, async () => {
				const stored = await db.loginThrottle.findUnique({ where: { key: k.key }, select: STATE_SELECT })
				const next = afterFailure(stored, now, POLICIES[k.kind])
				await db.loginThrottle.upsert({ where: { key: k.key }, create: { key: k.key, ...next }, update: next, select: { key: true } })
				return { kind: k.kind, failures: next.failures, lockedUntil: next.lockedUntil }
			}),
		),
	)
}

/** Forgets a key (a successful login clears its username; an admin clears a lock). True when there was a row. */
export async function clearThrottle(db: Pick<Db, 'loginThrottle'>, key: string) {
	const { count } = await db.loginThrottle.deleteMany({ where: { key } })
	return count > 0
}

/** An admin lifts a wait or lock, audited as 'unlock'. False when the key held nothing back any more. */
export async function unlockThrottle(db: Db, key: string, actor: Actor, now = new Date()) {
	const before = await getThrottle(db, key, now)
	if (!(await clearThrottle(db, key)) || !before) return false
	await recordAudit(db, { userId: actor.id, entity: 'LoginThrottle', entityId: key, action: 'unlock', before, ip: actor.address })
	return true
}

type ThrottleView = {
	key: string
	kind: ThrottleKind
	/** The username or address the key is for. */
	subject: string
	failures: number
	lastFailureAt: Date
	locked: boolean
	retryAt: Date | null
}

function view(row: ThrottleState & { key: string }, now: Date): ThrottleView | null {
	const parsed = parseThrottleKey(row.key)
	const described = parsed ? describeThrottle(row, now, POLICIES[parsed.kind]) : null
	return parsed && described ? { key: row.key, ...parsed, ...described } : null
}

/** Keys with failures that still count, locked ones first: what the admin pages show. */
export async function listThrottles(db: Db, now: Date) {
	const rows = await db.loginThrottle.findMany({ orderBy: { lastFailureAt: 'desc' }, select: STATE_SELECT })
	const views = rows.map((r) => view(r, now)).filter((v): v is ThrottleView => v !== null)
	return views.sort((a, b) => Number(b.locked) - Number(a.locked))
}

export async function getThrottle(db: Db, key: string, now: Date) {
	const row = await db.loginThrottle.findUnique({ where: { key }, select: STATE_SELECT })
	return row ? view(row, now) : null
}

/**
 * Deletes rows that no longer count (run with the expired-session sweep): the
 * condition of `currentState` in SQL, so a flood of made-up usernames is not
 * read into memory to be deleted.
 */
export async function deleteForgottenThrottles(db: Db, now: Date) {
	let deleted = 0
	for (const kind of Object.keys(KEY_PREFIXES) as ThrottleKind[]) {
		const { count } = await db.loginThrottle.deleteMany({
			where: {
				key: { startsWith: KEY_PREFIXES[kind] },
				lastFailureAt: { lte: new Date(now.getTime() - POLICIES[kind].forgetAfterMs) },
				OR: [{ lockedUntil: null }, { lockedUntil: { lte: now } }],
			},
		})
		deleted += count
	}
	return deleted
}
