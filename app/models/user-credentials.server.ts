import { type Db } from '~/db.server'
import { passwordProblem } from '~/domain/auth/password-policy'
import { hashPassword } from '~/utils/password-hash.server'
import { recordAudit } from './audit.server'
import { deleteUserSessions } from './session.server'
import { storePassword } from './user.server'

/** A password the rules refuse; the message is the rule's i18n key. */
export class PasswordRuleError extends Error {}

export class UnknownUsernameError extends Error {
	constructor(username: string) {
		super(`unknown user: ${username}`)
	}
}

async function userIdOf(db: Pick<Db, 'user'>, username: string) {
	const user = await db.user.findUnique({ where: { username }, select: { id: true } })
	if (!user) throw new UnknownUsernameError(username)
	return user.id
}

/**
 * Gives an account a new password from the server's console: to replace a
 * demo password before a real install, or to recover a locked-out admin.
 * The password rules apply; whoever holds the console chose it, so it need
 * not be changed at next sign-in; the account's sessions end. Audited,
 * without the hash.
 */
export async function setPasswordFromConsole(db: Db, username: string, password: string) {
	const problem = passwordProblem(password, username)
	if (problem) throw new PasswordRuleError(problem)
	const hash = await hashPassword(password)
	return db.$transaction(async (tx) => {
		const userId = await userIdOf(tx, username)
		const sessionsEnded = await storePassword(tx, { userId, hash, mustChangePassword: false })
		await recordAudit(tx, { userId: null, entity: 'User', entityId: userId, action: 'update', after: { password: 'set from the console', sessionsEnded } })
		return { username, sessionsEnded }
	})
}

/** Disables an account from the server's console: no sign-in, and its sessions end now. Audited. */
export async function disableFromConsole(db: Db, username: string) {
	return db.$transaction(async (tx) => {
		const userId = await userIdOf(tx, username)
		const { disabledAt } = await tx.user.update({ where: { id: userId }, data: { disabledAt: new Date() }, select: { disabledAt: true } })
		const sessionsEnded = await deleteUserSessions(tx, userId)
		await recordAudit(tx, { userId: null, entity: 'User', entityId: userId, action: 'update', after: { disabledAt, sessionsEnded } })
		return { username, disabledAt, sessionsEnded }
	})
}
