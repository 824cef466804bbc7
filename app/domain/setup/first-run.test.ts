import { describe, expect, test } from 'vitest'
import { type SeedBundle } from '~/domain/seed/seed-files'
import { sampleRecordOwners, setupSchema } from './first-run'

const valid = {
	token: '  0123456789abcdef  ',
	username: 'chen.admin',
	name: '陈主任',
	password: 'a-long-own-password',
	passwordConfirm: 'a-long-own-password',
	data: 'empty',
}

const firstMessage = (input: Record<string, unknown>) => {
	const result = setupSchema.safeParse(input)
	return result.success ? null : { path: result.error.issues[0]?.path.join('.'), message: result.error.issues[0]?.message }
}

describe('setupSchema', () => {
	test('a complete form parses, the token trimmed', () => {
		expect(setupSchema.parse(valid)).toMatchObject({ token: '0123456789abcdef', username: 'chen.admin', data: 'empty' })
	})

	test.each([
		['no token', { token: ' ' }, 'token', 'setup.errors.tokenRequired'],
		['a short password', { password: 'short', passwordConfirm: 'short' }, 'password', 'validation.passwordLength'],
		['a demo password', { password: 'chainlead-admin', passwordConfirm: 'chainlead-admin' }, 'password', 'validation.passwordIsDemo'],
		[
			'the username as password',
			{ username: 'chen.admin.x', password: 'Chen.Admin.X', passwordConfirm: 'Chen.Admin.X' },
			'password',
			'validation.passwordIsUsername',
		],
		['a mistyped confirmation', { passwordConfirm: 'a-long-own-passw0rd' }, 'passwordConfirm', 'setup.errors.passwordMismatch'],
		['a bad username', { username: 'Chen Admin' }, 'username', 'validation.invalidUsername'],
		['an unknown data choice', { data: 'everything' }, 'data', 'validation.invalidChoice'],
	])('%s is refused on its field', (_name, change, path, message) => {
		expect(firstMessage({ ...valid, ...change })).toEqual({ path, message })
	})
})

test('sampleRecordOwners: only the users that sample leads and activities name', () => {
	const user = (username: string) => ({ username, name: username, role: 'staff' as const, unit: null, password: 'demo-pass-2026' })
	const bundle = {
		users: [user('admin'), user('leader'), user('zhang'), user('lina')],
		crm: {
			leads: [{ owner: 'zhang' }, { owner: 'zhang' }],
			activities: [{ user: 'lina' }],
			projects: [],
		},
	} as unknown as Pick<SeedBundle, 'users' | 'crm'>
	expect(sampleRecordOwners(bundle).map((u) => u.username)).toEqual(['zhang', 'lina'])
})
