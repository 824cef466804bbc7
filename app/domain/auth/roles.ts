import { z } from 'zod'

export const ROLES = ['staff', 'manager', 'admin'] as const
export const roleSchema = z.enum(ROLES)
export type Role = z.infer<typeof roleSchema>

/**
 * What each role may do. Checked on the server in every loader and action
 * (requirePermission) and used by the UI only to hide what would be refused.
 */
export const PERMISSIONS = {
	'read:any': ['staff', 'manager', 'admin'],
	'write:crm': ['staff', 'manager', 'admin'],
	/** Merge and delete companies (#13 §6). */
	'manage:companies': ['manager', 'admin'],
	'write:chain': ['manager', 'admin'],
	'write:quota': ['manager', 'admin'],
	'issue:report': ['manager', 'admin'],
	'read:audit': ['manager', 'admin'],
	/** Follow-up service levels of a region (ADR 0037). */
	'manage:service-levels': ['manager', 'admin'],
	'manage:users': ['admin'],
	/** Units' chat robots and their delivery log (ADR 0038): their webhooks are credentials. */
	'manage:notify': ['admin'],
} as const satisfies Record<string, readonly Role[]>

export type Permission = keyof typeof PERMISSIONS

export function roleHasPermission(role: Role, permission: Permission) {
	return (PERMISSIONS[permission] as readonly Role[]).includes(role)
}
