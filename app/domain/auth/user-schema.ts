import { z } from 'zod'
import { userText } from '~/domain/text/text-field'
import { newPasswordField, withPasswordRules } from './password-policy'
import { ROLES } from './roles'

const nameField = userText().trim().min(1, 'validation.nameLength').max(64, 'validation.nameLength')
const roleField = z.enum(ROLES, 'validation.invalidChoice')
const unitIdField = userText()
	.optional()
	.transform((v) => (v ? v : undefined))

/**
 * One schema for the "create user" form (react-hook-form on the client) and the
 * action and CLI (server). Messages are i18n keys, translated where shown.
 */
export const newUserSchema = withPasswordRules(
	z.object({
		username: userText()
			.trim()
			.min(3, 'validation.usernameLength')
			.max(32, 'validation.usernameLength')
			.regex(/^[a-z0-9_.-]+$/, 'validation.invalidUsername'),
		name: nameField,
		role: roleField,
		password: newPasswordField,
		unitId: unitIdField,
		regionId: unitIdField,
	}),
)
export type NewUser = z.input<typeof newUserSchema>

/** The admin's "name, role, unit and region" form on /admin/users/:id. A blank region: the account sees only records without one (ADR 0026). */
export const editUserSchema = z.object({ name: nameField, role: roleField, unitId: unitIdField, regionId: unitIdField })
export type EditUserInput = z.input<typeof editUserSchema>
export type EditUser = z.output<typeof editUserSchema>
