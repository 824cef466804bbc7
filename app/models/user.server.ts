import bcrypt from 'bcryptjs'
import { z } from 'zod'
import { type Role, roleSchema } from '~/domain/auth/roles'
import { type Db } from '~/db.server'

// Cost 10 keeps login under ~100 ms on the 2-core machines we run on.
const BCRYPT_COST = 10

export const newUserSchema = z.object({
	username: z
		.string()
		.trim()
		.min(3)
		.max(32)
		.regex(/^[a-z0-9_.-]+$/),
	name: z.string().trim().min(1).max(64),
	role: roleSchema,
	password: z.string().min(8).max(128),
	unitName: z.string().trim().min(1).optional(),
})
export type NewUser = z.infer<typeof newUserSchema>

export async function createUser(db: Db, input: NewUser) {
	const data = newUserSchema.parse(input)
	const unit = data.unitName
		? await db.unit.findUnique({ where: { name: data.unitName }, select: { id: true } })
		: null
	if (data.unitName && !unit) throw new Error(`Unknown unit: ${data.unitName}`)
	const hash = await bcrypt.hash(data.password, BCRYPT_COST)
	return db.user.create({
		data: {
			username: data.username,
			name: data.name,
			role: data.role,
			unitId: unit?.id ?? null,
			password: { create: { hash } },
		},
		select: { id: true, username: true, name: true, role: true },
	})
}

/** Returns the user when the password matches, null otherwise (same for unknown users). */
export async function verifyLogin(db: Db, username: string, password: string) {
	const user = await db.user.findUnique({
		where: { username },
		select: { id: true, role: true, password: { select: { hash: true } } },
	})
	if (!user?.password) {
		// Spend the same time as a real check so timing does not reveal usernames.
		await bcrypt.compare(password, '$2b$10$CwTycUXWue0Thq9StjUM0uJ8.JH2l3Bk2p4J8zYy6mDCj1w9aZ0G2')
		return null
	}
	const ok = await bcrypt.compare(password, user.password.hash)
	return ok ? { id: user.id, role: roleSchema.parse(user.role) as Role } : null
}

export async function getUserById(db: Db, id: string) {
	const user = await db.user.findUnique({
		where: { id },
		select: { id: true, username: true, name: true, role: true, unit: { select: { id: true, name: true, nameEn: true } } },
	})
	return user ? { ...user, role: roleSchema.parse(user.role) } : null
}
