import { expect, it } from 'vitest'
import { changePasswordSchema, resetPasswordSchema } from './account-schemas'

const problems = (result: { error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
	result.error?.issues.map((i) => [i.path.join('.'), i.message]) ?? []

it('a new own password needs the current one, the rules, a difference from the current one and a matching repeat', () => {
	const valid = { username: 'zhang', currentPassword: 'Kp7m-x3Qa-9zTe', password: 'new-and-long-1', confirmPassword: 'new-and-long-1' }
	expect(changePasswordSchema.safeParse(valid).success).toBe(true)
	expect(problems(changePasswordSchema.safeParse({ ...valid, currentPassword: '' }))).toEqual([['currentPassword', 'account.validation.currentRequired']])
	expect(problems(changePasswordSchema.safeParse({ ...valid, password: 'short', confirmPassword: 'short' }))).toEqual([
		['password', 'validation.passwordLength'],
	])
	expect(problems(changePasswordSchema.safeParse({ ...valid, password: 'zhang', confirmPassword: 'zhang' }))).toEqual([
		['password', 'validation.passwordLength'],
	])
	expect(problems(changePasswordSchema.safeParse({ ...valid, username: 'zhang.wei.01', password: 'zhang.wei.01', confirmPassword: 'zhang.wei.01' }))).toEqual([
		['password', 'validation.passwordIsUsername'],
	])
	expect(problems(changePasswordSchema.safeParse({ ...valid, password: 'demo-pass-2026', confirmPassword: 'demo-pass-2026' }))).toEqual([
		['password', 'validation.passwordIsDemo'],
	])
	expect(problems(changePasswordSchema.safeParse({ ...valid, password: valid.currentPassword, confirmPassword: valid.currentPassword }))).toEqual([
		['password', 'account.validation.passwordUnchanged'],
	])
	expect(problems(changePasswordSchema.safeParse({ ...valid, confirmPassword: 'new-and-long-2' }))).toEqual([
		['confirmPassword', 'account.validation.passwordMismatch'],
	])
})

it('a typed temporary password follows the same rules', () => {
	expect(resetPasswordSchema.safeParse({ username: 'lina', password: 'Kp7m-x3Qa-9zTe' }).success).toBe(true)
	expect(problems(resetPasswordSchema.safeParse({ username: 'lina', password: 'chainlead-admin' }))).toEqual([['password', 'validation.passwordIsDemo']])
})
