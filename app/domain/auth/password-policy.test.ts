import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { DEMO_PASSWORDS, newPasswordField, passwordProblem, withPasswordRules } from './password-policy'

describe('passwordProblem', () => {
	it('wants at least 10 characters', () => {
		expect(passwordProblem('short-pw1', 'zhang')).toBe('validation.passwordLength')
		expect(passwordProblem('long-enough-1', 'zhang')).toBeNull()
	})

	it('refuses the username as password, whatever the case', () => {
		expect(passwordProblem('Wang.Xiaoming', 'wang.xiaoming')).toBe('validation.passwordIsUsername')
	})

	it('refuses every demo password from seeds/users.json', () => {
		expect(DEMO_PASSWORDS.size).toBeGreaterThan(0)
		for (const demo of DEMO_PASSWORDS) expect(passwordProblem(demo, 'someone')).toBe('validation.passwordIsDemo')
	})

	it('puts the problem on the password field of a form schema', () => {
		const schema = withPasswordRules(z.object({ username: z.string().min(3), password: newPasswordField }))
		const short = schema.safeParse({ username: 'x', password: 'short' })
		// Once, although the username rule runs too (zod refines the object even when a field failed).
		expect(short.error?.issues.filter((i) => i.path[0] === 'password').map((i) => i.message)).toEqual(['validation.passwordLength'])
		const same = schema.safeParse({ username: 'lina.wang.1', password: 'lina.wang.1' })
		expect(same.error?.issues).toEqual([expect.objectContaining({ path: ['password'], message: 'validation.passwordIsUsername' })])
	})
})
