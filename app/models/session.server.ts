import { type Db } from '~/db.server'

export const SESSION_TTL_MS = 1000 * 60 * 60 * 24 * 14

export function createSession(db: Db, userId: string) {
	return db.session.create({
		data: { userId, expiresAt: new Date(Date.now() + SESSION_TTL_MS) },
		select: { id: true, expiresAt: true },
	})
}

/** The session's user, or null when the session is unknown or expired. */
export async function getSessionUser(db: Db, sessionId: string) {
	const session = await db.session.findFirst({
		where: { id: sessionId, expiresAt: { gt: new Date() } },
		select: {
			user: {
				select: {
					id: true,
					username: true,
					name: true,
					role: true,
					unit: { select: { id: true, name: true, nameEn: true } },
				},
			},
		},
	})
	return session?.user ?? null
}

export async function deleteSession(db: Db, sessionId: string) {
	await db.session.deleteMany({ where: { id: sessionId } })
}

export async function deleteExpiredSessions(db: Db) {
	const { count } = await db.session.deleteMany({ where: { expiresAt: { lte: new Date() } } })
	return count
}
