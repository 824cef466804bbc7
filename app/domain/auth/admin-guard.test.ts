import { expect, it } from 'vitest'
import { leavesNoEnabledAdmin } from './admin-guard'

const admin = { role: 'admin', disabled: false } as const

it('refuses to disable or demote the last enabled admin', () => {
	expect(leavesNoEnabledAdmin(admin, { role: 'admin', disabled: true }, 0)).toBe(true)
	expect(leavesNoEnabledAdmin(admin, { role: 'manager', disabled: false }, 0)).toBe(true)
})

it('allows it while another enabled admin remains, and any change to other accounts', () => {
	expect(leavesNoEnabledAdmin(admin, { role: 'staff', disabled: true }, 1)).toBe(false)
	expect(leavesNoEnabledAdmin(admin, { role: 'admin', disabled: false }, 0)).toBe(false)
	expect(leavesNoEnabledAdmin({ role: 'staff', disabled: false }, { role: 'staff', disabled: true }, 0)).toBe(false)
	expect(leavesNoEnabledAdmin({ role: 'admin', disabled: true }, { role: 'staff', disabled: true }, 0)).toBe(false)
})
