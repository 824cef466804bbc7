import { z } from 'zod'
import { newPasswordField, withPasswordRules } from '~/domain/auth/password-policy'
import { newUserSchema } from '~/domain/auth/user-schema'
import { type SeedBundle } from '~/domain/seed/seed-files'
import { userText } from '~/domain/text/text-field'

/** The first-run page, open only while no account exists. */
export const SETUP_PATH = '/setup'

/** What a new install starts with: the sample data (as in the demo) or nothing. */
export const SETUP_DATA_CHOICES = ['sample', 'empty'] as const

/**
 * The first-run form, checked by react-hook-form in the browser and by the
 * action. The first account is always an admin; its password follows the
 * rules of every password form. Messages are i18n keys.
 */
export const setupSchema = withPasswordRules(
	z.object({
		token: userText().trim().min(1, 'setup.errors.tokenRequired'),
		username: newUserSchema.shape.username,
		name: newUserSchema.shape.name,
		password: newPasswordField,
		passwordConfirm: userText(),
		data: z.enum(SETUP_DATA_CHOICES, 'validation.invalidChoice'),
	}),
).refine((form) => form.password === form.passwordConfirm, { path: ['passwordConfirm'], message: 'setup.errors.passwordMismatch' })

export type SetupFormValues = z.input<typeof setupSchema>
export type SetupData = z.output<typeof setupSchema>
export type SetupField = keyof SetupFormValues

/**
 * The seed users that sample records name as owner or author. A real install
 * that loads the sample data creates only these, disabled, so the sample
 * leads keep an owner and nobody can sign in as them.
 */
export function sampleRecordOwners(bundle: Pick<SeedBundle, 'users' | 'crm'>) {
	const named = new Set([...bundle.crm.leads.map((lead) => lead.owner), ...bundle.crm.activities.map((activity) => activity.user)])
	return bundle.users.filter((user) => named.has(user.username))
}
