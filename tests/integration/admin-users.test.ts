import { expect, test } from 'vitest'
import { prisma } from '~/db.server'
import { loader as rootLoader } from '~/root'
import { loader as accountLoader } from '~/routes/account'
import { loader as passwordLoader, action as passwordAction } from '~/routes/account_.password'
import { loader as adminUsersLoader, action as adminUsersAction } from '~/routes/admin.users'
import { loader as adminUserLoader, action as adminUserAction } from '~/routes/admin.users_.$id'
import { loader as companiesLoader } from '~/routes/companies._index'
import { loader as leadsNewLoader, action as leadsNewAction } from '~/routes/leads.new'
import { loader as loginLoader } from '~/routes/login'
import { action as logoutAction } from '~/routes/logout'
import { argsFrom, loginRefusal, newStaff, signInAs } from '../helpers/accounts'
import { demoUser } from '../helpers/demo-users'
import { formRequest, getRequest, loginAs, thrown } from '../helpers/requests'

const ADMIN_ADDRESS = '10.0.9.9'
const post = (userId: string, fields: Record<string, string>, cookie: string) =>
	adminUserAction(argsFrom(formRequest(`/admin/users/${userId}`, fields, { Cookie: cookie }), ADMIN_ADDRESS, { id: userId }))
/** What an action sent back with Remix `data()`. */
const body = (result: unknown) => (result as { data: Record<string, unknown> }).data
const statusOf = (result: unknown) => (result as { init: { status: number } | null }).init?.status ?? 200

async function redirectOf(call: () => Promise<unknown>) {
	const error = await thrown(call)
	expect(error).toBeInstanceOf(Response)
	return (error as Response).headers.get('Location')
}

test('staff and managers get 403 on every admin page and action, and nothing changes', async () => {
	const target = await newStaff()
	const intents: Record<string, string>[] = [
		{ intent: 'profile', name: '改名', role: 'admin', unitId: '' },
		{ intent: 'disable' },
		{ intent: 'enable' },
		{ intent: 'resetTyped', password: 'sneaky-password-1' },
		{ intent: 'resetGenerated' },
		{ intent: 'revoke', sessionId: 'x' },
		{ intent: 'revokeAll' },
		{ intent: 'unlock' },
	]
	for (const role of ['staff', 'manager'] as const) {
		const cookie = await loginAs(role)
		const forbidden = async (call: () => Promise<unknown>) => expect(((await thrown(call)) as Response).status).toBe(403)
		await forbidden(() => adminUserLoader(argsFrom(getRequest(`/admin/users/${target.id}`, cookie), ADMIN_ADDRESS, { id: target.id })))
		for (const fields of intents) await forbidden(() => post(target.id, fields, cookie))
		await forbidden(() => adminUsersAction(argsFrom(formRequest('/admin/users', { intent: 'unlock', key: `user:${target.username}` }, { Cookie: cookie }))))
	}
	const unchanged = await prisma.user.findUniqueOrThrow({
		where: { id: target.id },
		select: { name: true, role: true, disabledAt: true, mustChangePassword: true },
	})
	expect(unchanged).toEqual({ name: target.name, role: 'staff', disabledAt: null, mustChangePassword: false })
	expect((await signInAs(target.username, target.password)).location).toBe('/')
})

test('an admin changes name, role, unit and region; bad input and unknown units change nothing; the change is audited with who and where', async () => {
	const target = await newStaff()
	const admin = await loginAs('admin')
	const unit = await prisma.unit.findFirstOrThrow({ select: { id: true } })
	const city = await prisma.region.findUniqueOrThrow({ where: { code: 'jx-gz' }, select: { id: true } })
	const bad = await post(target.id, { intent: 'profile', name: ' ', role: 'emperor', unitId: '' }, admin)
	expect(statusOf(bad)).toBe(400)
	expect(body(bad)).toMatchObject({ ok: false, errors: { name: 'validation.nameLength', role: 'validation.invalidChoice' } })
	const unknownUnit = await post(target.id, { intent: 'profile', name: '王五', role: 'manager', unitId: 'no-such-unit' }, admin)
	expect([statusOf(unknownUnit), body(unknownUnit)]).toEqual([
		400,
		{ ok: false, intent: 'profile', errors: { unitId: 'users.errors.unknownUnit' }, formError: { key: 'users.errors.fixFields', params: {} } },
	])
	expect(await prisma.user.findUniqueOrThrow({ where: { id: target.id }, select: { role: true } })).toEqual({ role: 'staff' })

	const unknownRegion = await post(target.id, { intent: 'profile', name: '王五', role: 'manager', unitId: unit.id, regionId: 'no-such-region' }, admin)
	expect(body(unknownRegion)).toMatchObject({ ok: false, errors: { regionId: 'validation.invalidChoice' } })

	const stored = await prisma.user.findUniqueOrThrow({ where: { id: target.id }, select: { regionId: true } })
	const profile = { intent: 'profile', name: '王五', role: 'manager', unitId: unit.id, regionId: city.id }
	expect(body(await post(target.id, profile, admin))).toEqual({ ok: true, intent: 'profile', changed: true })
	expect(body(await post(target.id, profile, admin))).toEqual({ ok: true, intent: 'profile', changed: false })
	const audit = await prisma.auditLog.findFirstOrThrow({
		where: { entityId: target.id, action: 'update' },
		select: { before: true, after: true, ip: true, user: { select: { username: true } } },
	})
	expect(audit.ip).toBe(ADMIN_ADDRESS)
	expect(audit.user?.username).toBe(demoUser('admin').username)
	expect(JSON.parse(audit.before!)).toEqual({ name: target.name, role: 'staff', unitId: null, regionId: stored.regionId })
	expect(JSON.parse(audit.after!)).toEqual({ name: '王五', role: 'manager', unitId: unit.id, regionId: city.id })
})

test('a reset password is shown once; the user signs in with it, can reach only the change-password page and sign-out, then sets their own', async () => {
	const target = await newStaff()
	const admin = await loginAs('admin')
	const before = (await signInAs(target.username, target.password)).cookie!

	const reset = body(await post(target.id, { intent: 'resetGenerated' }, admin))
	expect(reset).toMatchObject({ ok: true, intent: 'resetGenerated', count: 1 })
	const temporary = reset.temporaryPassword as string
	expect(temporary).toMatch(/^[A-Za-z2-9]{4}-[A-Za-z2-9]{4}-[A-Za-z2-9]{4}$/)
	expect(await redirectOf(() => companiesLoader(argsFrom(getRequest('/companies', before))))).toMatch(/^\/login/)
	expect(await signInAs(target.username, target.password)).toMatchObject({ status: 400, result: loginRefusal('auth.invalidCredentials') })
	const auditRow = await prisma.auditLog.findFirstOrThrow({ where: { entityId: target.id, action: 'password_reset' }, select: { after: true, ip: true } })
	expect(auditRow.ip).toBe(ADMIN_ADDRESS)
	expect(JSON.parse(auditRow.after!)).toEqual({ generated: true, mustChangePassword: true, sessionsEnded: 1, lockCleared: false })
	expect(JSON.stringify(await prisma.auditLog.findMany({ where: { entityId: target.id } }))).not.toContain(temporary)

	const signedIn = await signInAs(target.username, temporary)
	expect(signedIn.location).toBe('/account/password')
	const cookie = signedIn.cookie!
	// Every other page sends them to the change-password page, loaders and actions alike.
	for (const call of [
		() => rootLoader(argsFrom(getRequest('/companies', cookie))),
		() => companiesLoader(argsFrom(getRequest('/companies', cookie))),
		() => accountLoader(argsFrom(getRequest('/account', cookie))),
		() => leadsNewLoader(argsFrom(getRequest('/leads/new', cookie))),
		() => leadsNewAction(argsFrom(formRequest('/leads/new', { companyId: 'x' }, { Cookie: cookie }))),
		() => loginLoader(argsFrom(getRequest('/login', cookie))),
	]) {
		expect(await redirectOf(call)).toBe('/account/password')
	}
	await expect(rootLoader(argsFrom(getRequest('/account/password', cookie)))).resolves.toMatchObject({ user: { mustChangePassword: true } })
	expect(await passwordLoader(argsFrom(getRequest('/account/password', cookie)))).toEqual({ username: target.username, forced: true })

	const weak = body(
		await passwordAction(
			argsFrom(formRequest('/account/password', { currentPassword: temporary, password: 'short', confirmPassword: 'short' }, { Cookie: cookie })),
		),
	)
	expect(weak.errors).toEqual({ password: 'validation.passwordLength' })
	const done = (await passwordAction(
		argsFrom(
			formRequest('/account/password', { currentPassword: temporary, password: 'my-own-password-1', confirmPassword: 'my-own-password-1' }, { Cookie: cookie }),
		),
	)) as Response
	expect(done.headers.get('Location')).toBe('/')
	await expect(companiesLoader(argsFrom(getRequest('/companies', cookie)))).resolves.toHaveProperty('companies')
	expect(await prisma.user.findUniqueOrThrow({ where: { id: target.id }, select: { mustChangePassword: true } })).toEqual({ mustChangePassword: false })
	expect(
		JSON.parse((await prisma.auditLog.findFirstOrThrow({ where: { entityId: target.id, action: 'password_change' }, select: { after: true } })).after!),
	).toEqual({
		wasRequired: true,
		sessionsEnded: 0,
	})
})

test('a forced user can sign out, and a reset to a typed password follows the rules and lifts a sign-in lock', async () => {
	const target = await newStaff()
	const admin = await loginAs('admin')
	for (let i = 0; i < 3; i++) await signInAs(target.username, `wrong-${i}-password`)
	const sameAsName = await post(target.id, { intent: 'resetTyped', password: target.username }, admin)
	expect(body(sameAsName)).toMatchObject({ ok: false, errors: { password: 'validation.passwordIsUsername' } })
	const demo = await post(target.id, { intent: 'resetTyped', password: 'chainlead-admin' }, admin)
	expect(body(demo)).toMatchObject({ ok: false, errors: { password: 'validation.passwordIsDemo' } })
	expect(body(await post(target.id, { intent: 'resetTyped', password: 'Temporary-2026' }, admin))).toEqual({
		ok: true,
		intent: 'resetTyped',
		count: 0,
		temporaryPassword: null,
	})
	expect(
		JSON.parse((await prisma.auditLog.findFirstOrThrow({ where: { entityId: target.id, action: 'password_reset' }, select: { after: true } })).after!),
	).toMatchObject({
		generated: false,
		lockCleared: true,
	})

	const { cookie, location } = await signInAs(target.username, 'Temporary-2026')
	expect(location).toBe('/account/password')
	const out = (await logoutAction(argsFrom(formRequest('/logout', {}, { Cookie: cookie! })))) as Response
	expect(out.headers.get('Location')).toBe('/login')
	expect(await prisma.session.count({ where: { userId: target.id } })).toBe(0)
	expect(await prisma.auditLog.count({ where: { entityId: target.id, action: 'logout', ip: '10.0.0.5' } })).toBe(1)
})

test('an admin sees and ends a user’s sessions, one or all, and sees their recent sign-ins with addresses', async () => {
	const target = await newStaff()
	const admin = await loginAs('admin')
	const first = (await signInAs(target.username, target.password, { address: '10.0.7.1' })).cookie!
	const second = (await signInAs(target.username, target.password, { address: '10.0.7.2' })).cookie!
	await signInAs(target.username, target.password, { address: '10.0.7.3' })
	await signInAs(target.username, 'wrong-password-x', { address: '10.0.7.4' })

	const page = await adminUserLoader(argsFrom(getRequest(`/admin/users/${target.id}`, admin), ADMIN_ADDRESS, { id: target.id }))
	expect(page.sessions.map((s) => s.ipAddress).sort()).toEqual(['10.0.7.1', '10.0.7.2', '10.0.7.3'])
	expect(page.history.slice(0, 4).map((h) => [h.action, h.ip])).toEqual([
		['login_failed', '10.0.7.4'],
		['login', '10.0.7.3'],
		['login', '10.0.7.2'],
		['login', '10.0.7.1'],
	])
	expect(page.throttle).toMatchObject({ failures: 1, locked: false, retryAt: null })

	const firstId = page.sessions.find((s) => s.ipAddress === '10.0.7.1')!.id
	expect(body(await post(target.id, { intent: 'revoke', sessionId: firstId }, admin))).toEqual({ ok: true, intent: 'revoke', count: 1 })
	expect(await redirectOf(() => companiesLoader(argsFrom(getRequest('/companies', first))))).toMatch(/^\/login/)
	await expect(companiesLoader(argsFrom(getRequest('/companies', second)))).resolves.toHaveProperty('companies')
	expect(body(await post(target.id, { intent: 'revokeAll' }, admin))).toEqual({ ok: true, intent: 'revokeAll', count: 2 })
	expect(await redirectOf(() => companiesLoader(argsFrom(getRequest('/companies', second))))).toMatch(/^\/login/)
	const revokes = await prisma.auditLog.findMany({ where: { entityId: target.id, action: 'revoke' }, select: { ip: true, after: true } })
	expect(revokes.map((r) => r.ip)).toEqual([ADMIN_ADDRESS, ADMIN_ADDRESS])
	expect(revokes.map((r) => JSON.parse(r.after!))).toEqual(
		expect.arrayContaining([expect.objectContaining({ session: expect.objectContaining({ ipAddress: '10.0.7.1' }) }), { sessionsEnded: 2 }]),
	)

	const list = await adminUsersLoader(argsFrom(getRequest('/admin/users', admin)))
	expect(list.users.find((u) => u.id === target.id)).toMatchObject({ activeSessions: 0, disabledAt: null, mustChangePassword: false })
})

test('the last enabled admin cannot be disabled or demoted; with a second admin it can', async () => {
	const admin = await loginAs('admin')
	const adminId = (await prisma.user.findUniqueOrThrow({ where: { username: demoUser('admin').username }, select: { id: true } })).id
	const lastAdmin = { ok: false, intent: 'disable', errors: {}, formError: { key: 'users.errors.lastAdmin', params: {} } }
	const refusedDisable = await post(adminId, { intent: 'disable' }, admin)
	expect([statusOf(refusedDisable), body(refusedDisable)]).toEqual([409, lastAdmin])
	const refusedDemote = await post(adminId, { intent: 'profile', name: '系统管理员', role: 'manager', unitId: '' }, admin)
	expect([statusOf(refusedDemote), body(refusedDemote)]).toEqual([409, { ...lastAdmin, intent: 'profile' }])
	expect(await prisma.user.findUniqueOrThrow({ where: { id: adminId }, select: { role: true, disabledAt: true } })).toEqual({ role: 'admin', disabledAt: null })

	const second = await newStaff()
	await post(second.id, { intent: 'profile', name: second.name, role: 'admin', unitId: '' }, admin)
	await post(second.id, { intent: 'disable' }, admin)
	// A disabled admin does not count.
	expect(body(await post(adminId, { intent: 'disable' }, admin))).toMatchObject({ formError: { key: 'users.errors.lastAdmin' } })
	await post(second.id, { intent: 'enable' }, admin)
	expect(body(await post(adminId, { intent: 'profile', name: '系统管理员', role: 'manager', unitId: '' }, admin))).toEqual({
		ok: true,
		intent: 'profile',
		changed: true,
	})
	// The demo admin is an admin again for the tests after this one.
	const secondAdmin = (await signInAs(second.username, second.password)).cookie!
	expect(body(await post(adminId, { intent: 'profile', name: '系统管理员', role: 'admin', unitId: '' }, secondAdmin))).toMatchObject({
		ok: true,
		changed: true,
	})
})

test('an unknown user id is a 404, and an unknown form a 400', async () => {
	const admin = await loginAs('admin')
	expect(((await thrown(() => adminUserLoader(argsFrom(getRequest('/admin/users/nope', admin), ADMIN_ADDRESS, { id: 'nope' })))) as Response).status).toBe(404)
	const target = await newStaff()
	expect(((await thrown(() => post(target.id, { intent: 'explode' }, admin))) as Response).status).toBe(400)
})
