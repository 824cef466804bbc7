import { z } from 'zod'
import demoUsers from '../../../seeds/users.json'

export const PASSWORD_MIN_LENGTH = 10
export const PASSWORD_MAX_LENGTH = 128

/** Passwords printed by `npm start` for the demo accounts: public, so never accepted for a real one. */
export const DEMO_PASSWORDS: ReadonlySet<string> = new Set(demoUsers.map((u) => u.password))

export function isDemoPassword(password: string) {
	return DEMO_PASSWORDS.has(password)
}

/**
 * The first rule a new password breaks, as an i18n key, or null when it is
 * acceptable. Shared by every form that sets a password (setup, create user,
 * change own password, admin reset) on the client and the server.
 */
export function passwordProblem(password: string, username: string | undefined) {
	if (password.length < PASSWORD_MIN_LENGTH || password.length > PASSWORD_MAX_LENGTH) return 'validation.passwordLength'
	if (username && password.trim().toLowerCase() === username.trim().toLowerCase()) return 'validation.passwordIsUsername'
	if (isDemoPassword(password)) return 'validation.passwordIsDemo'
	return null
}

/** The `password` field of any form that sets one: length and the demo list. */
export const newPasswordField = z.string().superRefine((password, ctx) => {
	const problem = passwordProblem(password, undefined)
	if (problem) ctx.addIssue({ code: 'custom', message: problem })
})

/**
 * Adds the rule that needs the username too (not equal to it) to a form
 * schema whose `password` is a newPasswordField; it runs once the fields parse.
 */
export function withPasswordRules<T extends z.ZodType<{ password: string; username?: string }>>(schema: T) {
	return schema.superRefine((value, ctx) => {
		// zod runs this even when the field failed: add only what the field cannot know.
		const problem = passwordProblem(value.password, value.username)
		if (problem === 'validation.passwordIsUsername') ctx.addIssue({ code: 'custom', path: ['password'], message: problem })
	})
}
