import { type Db } from '~/db.server'

export type AuditAction =
	| 'create'
	| 'update'
	| 'delete'
	| 'undo'
	| 'merge'
	| 'verify'
	| 'reject'
	| 'issue'
	| 'login'
	| 'login_failed'
	| 'logout'
	| 'export'
	| 'revoke'
	| 'unlock'
	| 'disable'
	| 'enable'
	| 'password_reset'
	| 'password_change'

/** Who made a change from where: the audit row's user and address. */
export type Actor = { id: string; address: string }

type AuditEntry = {
	userId: string | null
	entity: string
	entityId: string
	action: AuditAction
	before?: unknown
	after?: unknown
	/** The request's client address (clientAddressOf(context)) where there was a request. */
	ip?: string | null
}

/** Pass the transaction client so the audit row commits or rolls back with the change. */
export async function recordAudit(db: Pick<Db, 'auditLog'>, entry: AuditEntry) {
	await db.auditLog.create({
		data: {
			userId: entry.userId,
			entity: entry.entity,
			entityId: entry.entityId,
			action: entry.action,
			ip: entry.ip ?? null,
			before: entry.before === undefined ? null : auditJson(entry.before),
			after: entry.after === undefined ? null : auditJson(entry.after),
		},
		select: { id: true },
	})
}

/** A snapshot as the audit log stores it (BigInt money as decimal strings). */
export function auditJson(value: unknown) {
	return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))
}

/** The newest rows about one account (sign-ins, failed sign-ins, changes), for /admin/users/:id. */
export function listAccountAudit(db: Db, userId: string, take = 15) {
	return db.auditLog.findMany({
		where: { entity: 'User', entityId: userId },
		orderBy: { at: 'desc' },
		take,
		select: { id: true, at: true, action: true, after: true, ip: true, user: { select: { name: true } } },
	})
}
