import { type Db } from '~/db.server'
import { needsRefresh, type SessionPolicy, slidingExpiry } from '~/domain/auth/session-expiry'
import { type Actor, recordAudit } from './audit.server'

const USER_AGENT_MAX = 512

export function createSession(
	db: Pick<Db, 'session'>,
	input: { userId: string; now: Date; policy: SessionPolicy; ipAddress: string | null; userAgent: string | null },
) {
	return db.session.create({
		data: {
			userId: input.userId,
			createdAt: input.now,
			lastSeenAt: input.now,
			expiresAt: slidingExpiry(input.now, input.now, input.policy),
			ipAddress: input.ipAddress,
			userAgent: input.userAgent?.slice(0, USER_AGENT_MAX) ?? null,
		},
		select: { id: true },
	})
}

/**
 * The session's user, or null when the session is unknown, expired, or its user
 * is disabled. A request more than a minute after the last recorded one moves
 * the expiry on (sliding), so an active session costs one write a minute at most.
 */
export async function resolveSession(db: Db, sessionId: string, now: Date, policy: SessionPolicy) {
	const session = await db.session.findFirst({
		where: { id: sessionId, expiresAt: { gt: now }, user: { disabledAt: null } },
		select: {
			id: true,
			createdAt: true,
			lastSeenAt: true,
			user: {
				select: {
					id: true,
					username: true,
					name: true,
					role: true,
					mustChangePassword: true,
					unit: { select: { id: true, name: true, nameEn: true } },
					regionId: true,
					region: { select: { name: true, nameEn: true } },
				},
			},
		},
	})
	if (!session) return null
	if (needsRefresh(session.lastSeenAt, now)) {
		await db.session.updateMany({
			where: { id: session.id },
			data: { lastSeenAt: now, expiresAt: slidingExpiry(session.createdAt, now, policy) },
		})
	}
	return { sessionId: session.id, user: session.user }
}

/** A user's sessions still in force, most recently used first. */
export function listUserSessions(db: Db, userId: string, now: Date) {
	return db.session.findMany({
		where: { userId, expiresAt: { gt: now } },
		orderBy: { lastSeenAt: 'desc' },
		select: { id: true, createdAt: true, lastSeenAt: true, expiresAt: true, ipAddress: true, userAgent: true },
	})
}

/**
 * Ends one of a user's sessions (the user on /account, or an admin) and audits
 * it with what identifies the session to people: when it began, from where, on
 * what. Returns null when the session is not that user's, or already gone.
 */
export async function revokeUserSession(db: Db, userId: string, sessionId: string, actor: Actor) {
	const session = await db.session.findFirst({
		where: { id: sessionId, userId },
		select: { createdAt: true, ipAddress: true, userAgent: true },
	})
	if (!session) return null
	await db.session.deleteMany({ where: { id: sessionId, userId } })
	await recordAudit(db, { userId: actor.id, entity: 'User', entityId: userId, action: 'revoke', after: { session }, ip: actor.address })
	return session
}

/** Ends every session of a user (admin), audited with the count. */
export async function revokeAllUserSessions(db: Db, userId: string, actor: Actor) {
	const sessionsEnded = await deleteUserSessions(db, userId)
	await recordAudit(db, { userId: actor.id, entity: 'User', entityId: userId, action: 'revoke', after: { sessionsEnded }, ip: actor.address })
	return sessionsEnded
}

/** Ends all of a user's sessions, or all but `except` (the one making the request). */
export async function deleteUserSessions(db: Pick<Db, 'session'>, userId: string, except?: string) {
	const { count } = await db.session.deleteMany({ where: { userId, ...(except ? { id: { not: except } } : {}) } })
	return count
}

/** Ends one session (sign-out); returns whose it was, or null when it was already gone. */
export async function deleteSession(db: Db, sessionId: string) {
	const session = await db.session.findUnique({ where: { id: sessionId }, select: { userId: true } })
	if (!session) return null
	await db.session.deleteMany({ where: { id: sessionId } })
	return session
}

export async function deleteExpiredSessions(db: Pick<Db, 'session'>, now = new Date()) {
	const { count } = await db.session.deleteMany({ where: { expiresAt: { lte: now } } })
	return count
}
