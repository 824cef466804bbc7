import { type Db } from '~/db.server'
import { leavesNoEnabledAdmin } from '~/domain/auth/admin-guard'
import { usernameKey } from '~/domain/auth/login-throttle'
import { roleSchema } from '~/domain/auth/roles'
import { type EditUser, type NewUser, newUserSchema } from '~/domain/auth/user-schema'
import { type RegionScope } from '~/domain/region/scope'
import { hashPassword, verifyPassword } from '~/utils/password-hash.server'
import { UserError } from '~/utils/user-error'
import { type Actor, recordAudit } from './audit.server'
import { clearThrottle } from './login-throttle.server'
import { regionWhere } from './region.server'
import { deleteUserSessions } from './session.server'

/**
 * The refusals of account changes the admin reads (UserErrors, ADR 0045): under the field they
 * are about, or about the whole form; an account that is not there is a 404.
 */
const usernameTaken = () => new UserError('users.taken', { field: 'username', status: 409 })
const unknownUnit = () => new UserError('users.errors.unknownUnit', { field: 'unitId' })
const unknownRegion = () => new UserError('validation.invalidChoice', { field: 'regionId' })
const accountNotFound = () => new UserError('users.errors.notFound', { status: 404 })
const lastAdmin = () => new UserError('users.errors.lastAdmin', { status: 409 })

/** Creates a user with a hashed password; its unit and region are checked and the audit row written in its transaction. */
export async function createUser(db: Db, input: NewUser, actorId: string | null) {
	const data = newUserSchema.parse(input)
	const hash = await hashPassword(data.password)
	return db.$transaction(async (tx) => {
		const existing = await tx.user.findUnique({ where: { username: data.username }, select: { id: true } })
		if (existing) throw usernameTaken()
		if (data.regionId && !(await tx.region.findUnique({ where: { id: data.regionId }, select: { id: true } }))) throw unknownRegion()
		if (data.unitId && !(await tx.unit.findUnique({ where: { id: data.unitId }, select: { id: true } }))) throw unknownUnit()
		const user = await tx.user.create({
			data: {
				username: data.username,
				name: data.name,
				role: data.role,
				unitId: data.unitId ?? null,
				regionId: data.regionId ?? null,
				password: { create: { hash } },
			},
			select: { id: true, username: true, name: true, role: true, unitId: true, regionId: true },
		})
		await recordAudit(tx, { userId: actorId, entity: 'User', entityId: user.id, action: 'create', after: user })
		return user
	})
}

let dummyHash: Promise<string> | undefined

/**
 * Checks a sign-in. Usernames are lowercase (newUserSchema), so the typed one is
 * folded. An unknown username costs a bcrypt check too, so the response time
 * does not tell which usernames exist.
 */
export async function checkPassword(db: Db, username: string, password: string) {
	const user = await db.user.findUnique({
		where: { username: username.trim().toLowerCase() },
		select: { id: true, username: true, disabledAt: true, mustChangePassword: true, password: { select: { hash: true } } },
	})
	if (!user?.password) {
		dummyHash ??= hashPassword('not-a-real-password')
		await verifyPassword(password, await dummyHash)
		return { status: 'unknown' } as const
	}
	const { password: stored, ...account } = user
	const ok = await verifyPassword(password, stored.hash)
	return ok ? ({ status: 'ok', user: account } as const) : ({ status: 'wrong', user: account } as const)
}

/** Whether `password` is the user's current one (the change-password form asks for it). */
export async function passwordMatches(db: Db, userId: string, password: string) {
	const stored = await db.password.findUnique({ where: { userId }, select: { hash: true } })
	return stored ? verifyPassword(password, stored.hash) : false
}

/**
 * The id and name of every account in the scope's regions, for owner choices (a
 * disabled account may still own records); the whole installation for an admin.
 */
export function listUserNames(db: Db, scope: RegionScope) {
	return db.user.findMany({ where: regionWhere(scope), orderBy: [{ role: 'asc' }, { username: 'asc' }], select: { id: true, name: true } })
}

/** Every account with what the admin list shows: state, unit, sessions in force and the last request. */
export async function listUsers(db: Db, now: Date) {
	const users = await db.user.findMany({
		orderBy: [{ role: 'asc' }, { username: 'asc' }],
		select: {
			id: true,
			username: true,
			name: true,
			role: true,
			disabledAt: true,
			mustChangePassword: true,
			unit: { select: { name: true, nameEn: true } },
			region: { select: { name: true, nameEn: true } },
			sessions: { where: { expiresAt: { gt: now } }, select: { lastSeenAt: true } },
		},
	})
	return users.map(({ sessions, ...user }) => ({
		...user,
		activeSessions: sessions.length,
		lastSeenAt: sessions.reduce<Date | null>((latest, s) => (!latest || s.lastSeenAt > latest ? s.lastSeenAt : latest), null),
	}))
}

/** One account for /admin/users/:id and /account, or null. */
export function getAccount(db: Db, userId: string) {
	return db.user.findUnique({
		where: { id: userId },
		select: {
			id: true,
			username: true,
			name: true,
			role: true,
			unitId: true,
			unit: { select: { name: true, nameEn: true } },
			regionId: true,
			region: { select: { name: true, nameEn: true } },
			disabledAt: true,
			mustChangePassword: true,
			createdAt: true,
			password: { select: { changedAt: true } },
		},
	})
}

type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0]

/** The account's role and state, and how many other enabled admins there are: what the last-admin guard needs. */
async function adminGuardFacts(tx: Tx, userId: string) {
	const user = await tx.user.findUnique({
		where: { id: userId },
		select: { username: true, name: true, role: true, unitId: true, regionId: true, disabledAt: true },
	})
	if (!user) throw accountNotFound()
	const otherEnabledAdmins = await tx.user.count({ where: { role: 'admin', disabledAt: null, id: { not: userId } } })
	return { user, state: { role: roleSchema.parse(user.role), disabled: user.disabledAt !== null }, otherEnabledAdmins }
}

/**
 * Name, role, unit and region. Refused when it would demote the last enabled admin.
 * A new region takes effect on the account's next request. Returns whether anything changed.
 */
export async function updateAccountProfile(db: Db, userId: string, input: EditUser, actor: Actor) {
	return db.$transaction(async (tx) => {
		const { user, state, otherEnabledAdmins } = await adminGuardFacts(tx, userId)
		if (leavesNoEnabledAdmin(state, { ...state, role: input.role }, otherEnabledAdmins)) throw lastAdmin()
		if (input.unitId && !(await tx.unit.findUnique({ where: { id: input.unitId }, select: { id: true } }))) throw unknownUnit()
		if (input.regionId && !(await tx.region.findUnique({ where: { id: input.regionId }, select: { id: true } }))) throw unknownRegion()
		const before = { name: user.name, role: user.role, unitId: user.unitId, regionId: user.regionId }
		const after = { name: input.name, role: input.role, unitId: input.unitId ?? null, regionId: input.regionId ?? null }
		if (JSON.stringify(before) === JSON.stringify(after)) return false
		await tx.user.update({ where: { id: userId }, data: after, select: { id: true } })
		await recordAudit(tx, { userId: actor.id, entity: 'User', entityId: userId, action: 'update', before, after, ip: actor.address })
		return true
	})
}

/**
 * Disables (or enables) an account. Disabling ends its sessions at once; the
 * session lookup also ignores disabled users, so nothing slips through between.
 * Refused when it would disable the last enabled admin. Returns the sessions
 * ended, or null when the account already was in that state.
 */
export async function setAccountDisabled(db: Db, userId: string, disabled: boolean, actor: Actor, now = new Date()) {
	return db.$transaction(async (tx) => {
		const { state, otherEnabledAdmins } = await adminGuardFacts(tx, userId)
		if (state.disabled === disabled) return null
		if (leavesNoEnabledAdmin(state, { ...state, disabled }, otherEnabledAdmins)) throw lastAdmin()
		await tx.user.update({ where: { id: userId }, data: { disabledAt: disabled ? now : null }, select: { id: true } })
		const sessionsEnded = disabled ? await deleteUserSessions(tx, userId) : 0
		await recordAudit(tx, {
			userId: actor.id,
			entity: 'User',
			entityId: userId,
			action: disabled ? 'disable' : 'enable',
			after: disabled ? { disabledAt: now, sessionsEnded } : { disabledAt: null },
			ip: actor.address,
		})
		return { sessionsEnded }
	})
}

/**
 * Stores a new password hash and ends the user's sessions (but `keepSessionId`),
 * inside the caller's transaction; every way of setting a password goes through here.
 * Returns how many sessions ended.
 */
export async function storePassword(tx: Tx, input: { userId: string; hash: string; mustChangePassword: boolean; keepSessionId?: string }, now = new Date()) {
	const { userId, hash } = input
	await tx.password.upsert({ where: { userId }, create: { userId, hash, changedAt: now }, update: { hash, changedAt: now }, select: { userId: true } })
	await tx.user.update({ where: { id: userId }, data: { mustChangePassword: input.mustChangePassword }, select: { id: true } })
	return deleteUserSessions(tx, userId, input.keepSessionId)
}

/**
 * Admin reset: the temporary password replaces the old one, the user must set
 * their own at next sign-in, their sessions end and their username's login lock
 * is cleared (so the temporary password works at once). The audit row says that
 * it happened and how, never the password.
 */
export async function resetAccountPassword(db: Db, userId: string, input: { password: string; generated: boolean }, actor: Actor, now = new Date()) {
	const hash = await hashPassword(input.password)
	return db.$transaction(async (tx) => {
		const user = await tx.user.findUnique({ where: { id: userId }, select: { username: true } })
		if (!user) throw accountNotFound()
		const sessionsEnded = await storePassword(tx, { userId, hash, mustChangePassword: true }, now)
		const lockCleared = await clearThrottle(tx, usernameKey(user.username).key)
		await recordAudit(tx, {
			userId: actor.id,
			entity: 'User',
			entityId: userId,
			action: 'password_reset',
			after: { generated: input.generated, mustChangePassword: true, sessionsEnded, lockCleared },
			ip: actor.address,
		})
		return { sessionsEnded }
	})
}

/**
 * The user's own change (current password already checked): new hash, no more
 * forced change, and every other session of theirs ends; `keepSessionId` stays.
 */
export async function changeOwnPassword(db: Db, input: { userId: string; keepSessionId: string; password: string; address: string }, now = new Date()) {
	const hash = await hashPassword(input.password)
	return db.$transaction(async (tx) => {
		const before = await tx.user.findUniqueOrThrow({ where: { id: input.userId }, select: { mustChangePassword: true } })
		const sessionsEnded = await storePassword(tx, { userId: input.userId, hash, mustChangePassword: false, keepSessionId: input.keepSessionId }, now)
		await recordAudit(tx, {
			userId: input.userId,
			entity: 'User',
			entityId: input.userId,
			action: 'password_change',
			after: { wasRequired: before.mustChangePassword, sessionsEnded },
			ip: input.address,
		})
		return { sessionsEnded }
	})
}
