import bcrypt from 'bcryptjs'
import { type NewUser, newUserSchema } from '~/domain/auth/user-schema'
import { type Role, roleSchema } from '~/domain/auth/roles'
import { type Db } from '~/db.server'
import { recordAudit } from './audit.server'

// Cost 10 keeps a login check around 60–80 ms on the 2-core machines we run on.
export const BCRYPT_COST = 10

export class UsernameTakenError extends Error {
	constructor(username: string) {
		super(`Username already exists: ${username}`)
	}
}

/** Creates a user with a hashed password; the audit row commits with it. */
export async function createUser(db: Db, input: NewUser, actorId: string | null) {
	const data = newUserSchema.parse(input)
	const hash = await bcrypt.hash(data.password, BCRYPT_COST)
	return db.$transaction(async (tx) => {
		const existing = await tx.user.findUnique({ where: { username: data.username }, select: { id: true } })
		if (existing) throw new UsernameTakenError(data.username)
		const user = await tx.user.create({
			data: {
				username: data.username,
				name: data.name,
				role: data.role,
				unitId: data.unitId ?? null,
				password: { create: { hash } },
			},
			select: { id: true, username: true, name: true, role: true, unitId: true },
		})
		await recordAudit(tx, { userId: actorId, entity: 'User', entityId: user.id, action: 'create', after: user })
		return user
	})
}

/** Returns the user when the password matches, null otherwise (same for unknown users). */
export async function verifyLogin(db: Db, username: string, password: string) {
	const user = await db.user.findUnique({
		where: { username: username.trim() },
		select: { id: true, role: true, password: { select: { hash: true } } },
	})
	if (!user?.password) {
		// Spend the time of a real check so response time does not reveal usernames.
		dummyHash ??= await bcrypt.hash('not-a-real-password', BCRYPT_COST)
		await bcrypt.compare(password, dummyHash)
		return null
	}
	const ok = await bcrypt.compare(password, user.password.hash)
	return ok ? { id: user.id, role: roleSchema.parse(user.role) as Role } : null
}

let dummyHash: string | undefined

export function listUsers(db: Db) {
	return db.user.findMany({
		orderBy: [{ role: 'asc' }, { username: 'asc' }],
		select: {
			id: true,
			username: true,
			name: true,
			role: true,
			unit: { select: { name: true, nameEn: true } },
		},
	})
}
