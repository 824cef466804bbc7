import { z } from 'zod'
import { userText } from '~/domain/text/text-field'
import { newPasswordField, PASSWORD_MAX_LENGTH, withPasswordRules } from './password-policy'

/**
 * Change own password (/account/password). `username` is not a form field: the
 * page fills it from the signed-in user (the server overwrites what it gets) so
 * the "not the username" rule can run on both sides.
 */
export const changePasswordSchema = withPasswordRules(
	z.object({
		username: userText(),
		currentPassword: userText().min(1, 'account.validation.currentRequired').max(PASSWORD_MAX_LENGTH, 'account.validation.currentRequired'),
		password: newPasswordField,
		confirmPassword: userText(),
	}),
).superRefine((value, ctx) => {
	if (value.password === value.currentPassword) ctx.addIssue({ code: 'custom', path: ['password'], message: 'account.validation.passwordUnchanged' })
	if (value.confirmPassword !== value.password) ctx.addIssue({ code: 'custom', path: ['confirmPassword'], message: 'account.validation.passwordMismatch' })
})
export type ChangePasswordInput = z.input<typeof changePasswordSchema>

/** Admin resets a password to one they typed (/admin/users/:id); `username` as above, from the account. */
export const resetPasswordSchema = withPasswordRules(z.object({ username: userText(), password: newPasswordField }))
export type ResetPasswordInput = z.input<typeof resetPasswordSchema>
