import { expect, test } from 'vitest'
import { prisma } from '~/db.server'
import { loader as adminUsersLoader, action as adminUsersAction } from '~/routes/admin.users'
import { loader as auditLoader } from '~/routes/audit'
import { loader as companiesLoader } from '~/routes/companies._index'
import { action as loginAction } from '~/routes/login'
import { action as logoutAction } from '~/routes/logout'
import { demoUser } from '../helpers/demo-users'
import { answerOf, formRequest, getRequest, loginAs, thrown, unwrap } from '../helpers/requests'

const args = (request: Request) => ({ request, params: {}, context: {} })

test('a correct password signs in with an httpOnly SameSite session cookie backed by a DB row', async () => {
	const { username, password } = demoUser('staff')
	const response = await answerOf(loginAction(args(formRequest('/login', { username, password, redirectTo: '/leads' }))))
	expect(response).toBeInstanceOf(Response)
	const res = response as Response
	expect(res.status).toBe(302)
	expect(res.headers.get('Location')).toBe('/leads')
	const cookie = res.headers.get('Set-Cookie') ?? ''
	expect(cookie).toMatch(/^__session=/)
	expect(cookie).toMatch(/HttpOnly/i)
	expect(cookie).toMatch(/SameSite=Lax/i)
	const user = await prisma.user.findUniqueOrThrow({ where: { username }, select: { id: true } })
	expect(await prisma.session.count({ where: { userId: user.id } })).toBeGreaterThan(0)
})

test('a wrong password is refused with a message key and no cookie', async () => {
	const { username } = demoUser('staff')
	const refused = (key: string) => ({ status: 400, body: { ok: false, errors: {}, formError: { key, params: {} }, notice: null } })
	const result = await loginAction(args(formRequest('/login', { username, password: 'wrong-password' })))
	expect(unwrap(result)).toEqual(refused('auth.invalidCredentials'))
	const unknown = await loginAction(args(formRequest('/login', { username: 'nobody', password: 'whatever-123' })))
	expect(unwrap(unknown)).toEqual(refused('auth.invalidCredentials'))
	const empty = await loginAction(args(formRequest('/login', { username: '', password: '' })))
	expect(unwrap(empty)).toEqual(refused('auth.required'))
})

test('an open redirect after login is refused', async () => {
	const { username, password } = demoUser('staff')
	const res = (await answerOf(loginAction(args(formRequest('/login', { username, password, redirectTo: '//evil.example/x' }))))) as Response
	expect(res.headers.get('Location')).toBe('/')
})

test('passwords are stored as bcrypt hashes only', async () => {
	const { username, password } = demoUser('admin')
	const row = await prisma.password.findFirstOrThrow({ where: { user: { username } }, select: { hash: true } })
	expect(row.hash).toMatch(/^\$2[aby]\$10\$/)
	expect(row.hash).not.toContain(password)
})

test('signed-out requests are sent to login with a way back', async () => {
	const error = await thrown(() => companiesLoader(args(getRequest('/companies?q=稀土'))))
	expect(error).toBeInstanceOf(Response)
	const res = error as Response
	expect(res.status).toBe(302)
	// The way back is the request's own (percent-encoded) path and query.
	expect(res.headers.get('Location')).toBe(`/login?${new URLSearchParams({ redirectTo: `/companies?q=${encodeURIComponent('稀土')}` })}`)
})

test('roles are checked on the server: staff and managers get 403 on user management', async () => {
	for (const role of ['staff', 'manager'] as const) {
		const cookie = await loginAs(role)
		const error = await thrown(() => adminUsersLoader(args(getRequest('/admin/users', cookie))))
		expect((error as Response).status).toBe(403)
		const post = await thrown(() =>
			adminUsersAction(args(formRequest('/admin/users', { username: 'sneaky', name: 'x', role: 'admin', password: 'password-123' }, { Cookie: cookie }))),
		)
		expect((post as Response).status).toBe(403)
	}
	expect(await prisma.user.count({ where: { username: 'sneaky' } })).toBe(0)
	const staff = await loginAs('staff')
	expect(((await thrown(() => auditLoader(args(getRequest('/audit', staff))))) as Response).status).toBe(403)
	const manager = await loginAs('manager')
	await expect(auditLoader(args(getRequest('/audit', manager)))).resolves.toHaveProperty('rows')
})

test('an admin creates a user; the change is audited; bad input creates nothing', async () => {
	const cookie = await loginAs('admin')
	const bad = unwrap(
		await adminUsersAction(args(formRequest('/admin/users', { username: 'A!', name: '', role: 'emperor', password: 'short' }, { Cookie: cookie }))),
	)
	expect(bad).toEqual({
		status: 400,
		body: {
			ok: false,
			intent: 'create',
			errors: {
				username: 'validation.usernameLength',
				name: 'validation.nameLength',
				role: 'validation.invalidChoice',
				password: 'validation.passwordLength',
			},
			formError: null,
		},
	})
	const ok = await adminUsersAction(
		args(formRequest('/admin/users', { username: 'wang.wu', name: '王五', role: 'staff', password: 'long-enough-1' }, { Cookie: cookie })),
	)
	expect(unwrap(ok)).toEqual({ status: 200, body: { ok: true, intent: 'create', username: 'wang.wu' } })
	const created = await prisma.user.findUniqueOrThrow({ where: { username: 'wang.wu' }, select: { id: true, role: true } })
	expect(created.role).toBe('staff')
	const audit = await prisma.auditLog.findFirstOrThrow({
		where: { entity: 'User', entityId: created.id },
		select: { action: true, after: true, user: { select: { username: true } } },
	})
	expect(audit.action).toBe('create')
	expect(audit.user?.username).toBe(demoUser('admin').username)
	expect(audit.after).not.toContain('long-enough-1')
	const dup = await adminUsersAction(
		args(formRequest('/admin/users', { username: 'wang.wu', name: '王五', role: 'staff', password: 'long-enough-1' }, { Cookie: cookie })),
	)
	expect(unwrap(dup)).toEqual({ status: 409, body: { ok: false, intent: 'create', errors: { username: 'users.taken' }, formError: null } })
})

test('a cross-site form post is refused even with a valid session', async () => {
	const cookie = await loginAs('admin')
	const error = await thrown(() =>
		adminUsersAction(
			args(
				formRequest(
					'/admin/users',
					{ username: 'csrf.victim', name: 'x', role: 'admin', password: 'password-123' },
					{ Cookie: cookie, Origin: 'https://evil.example', Host: 'localhost:3000' },
				),
			),
		),
	)
	expect((error as Response).status).toBe(403)
	expect(await prisma.user.count({ where: { username: 'csrf.victim' } })).toBe(0)
})

test('logout deletes the session row, and an expired session no longer works', async () => {
	const cookie = await loginAs('staff')
	await expect(companiesLoader(args(getRequest('/companies', cookie)))).resolves.toHaveProperty('companies')
	const res = (await logoutAction(args(formRequest('/logout', {}, { Cookie: cookie })))) as Response
	expect(res.headers.get('Location')).toBe('/login')
	expect(((await thrown(() => companiesLoader(args(getRequest('/companies', cookie))))) as Response).status).toBe(302)

	const again = await loginAs('staff')
	await prisma.session.updateMany({ where: { user: { username: demoUser('staff').username } }, data: { expiresAt: new Date(Date.now() - 1000) } })
	expect(((await thrown(() => companiesLoader(args(getRequest('/companies', again))))) as Response).status).toBe(302)
})
