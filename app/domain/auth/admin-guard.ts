import { type Role } from './roles'

type AccountState = { role: Role; disabled: boolean }

const isEnabledAdmin = (s: AccountState) => s.role === 'admin' && !s.disabled

/**
 * Whether changing one account from `before` to `after` would leave the bureau
 * without an enabled admin, and so nobody able to manage accounts.
 * `otherEnabledAdmins` counts enabled admins besides this account.
 */
export function leavesNoEnabledAdmin(before: AccountState, after: AccountState, otherEnabledAdmins: number) {
	return isEnabledAdmin(before) && !isEnabledAdmin(after) && otherEnabledAdmins === 0
}
