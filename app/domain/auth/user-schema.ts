import { z } from 'zod'
import { newPasswordField, withPasswordRules } from './password-policy'

/**
 * One schema for the "create user" form (react-hook-form on the client) and the
 * action and CLI (server). Messages are i18n keys, translated where shown.
 */
export const newUserSchema = withPasswordRules(
	z.object({
		username: z
			.string()
			.trim()
			.min(3, 'validation.usernameLength')
			.max(32, 'validation.usernameLength')
			.regex(/^[a-z0-9_.-]+$/, 'validation.invalidUsername'),
		name: z.string().trim().min(1, 'validation.nameLength').max(64, 'validation.nameLength'),
		role: z.enum(['staff', 'manager', 'admin'], 'validation.invalidChoice'),
		password: newPasswordField,
		unitId: z
			.string()
			.optional()
			.transform((v) => (v ? v : undefined)),
	}),
)
export type NewUser = z.input<typeof newUserSchema>
