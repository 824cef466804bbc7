import { afterEach, expect, test, vi } from 'vitest'
import { prisma } from '~/db.server'
import { loader as accountLoader, action as accountAction } from '~/routes/account'
import { loader as passwordLoader, action as passwordAction } from '~/routes/account_.password'
import { loader as companiesLoader } from '~/routes/companies._index'
import { argsFrom, loginRefusal, newStaff, setClock, signInAs } from '../helpers/accounts'
import { formRequest, getRequest, unwrap } from '../helpers/requests'

afterEach(() => {
	vi.useRealTimers()
})

async function served(cookie: string) {
	try {
		await companiesLoader(argsFrom(getRequest('/companies', cookie)))
		return true
	} catch (error) {
		if (error instanceof Response && error.status === 302) return false
		throw error
	}
}

const change = (cookie: string, fields: Record<string, string>, address = '10.0.0.7') =>
	passwordAction(argsFrom(formRequest('/account/password', fields, { Cookie: cookie }), address))

/** What a refused change sent back (Remix `data()` with a status). */
function refusal(result: unknown) {
	const { data, init } = result as { data: { errors: Record<string, string>; formError: { key: string } | null; notice: unknown }; init: { status: number } }
	return { status: init.status, ...data }
}

test('changing one’s password needs the current one and the rules; it ends the other sessions and keeps this one', async () => {
	const staff = await newStaff('first-password-1')
	const here = (await signInAs(staff.username, staff.password, { address: '10.0.0.7' })).cookie!
	const phone = (
		await signInAs(staff.username, staff.password, {
			address: '10.0.0.8',
			userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) Version/17.4 Mobile/15E148 Safari/604.1',
		})
	).cookie!
	expect(await passwordLoader(argsFrom(getRequest('/account/password', here)))).toEqual({ username: staff.username, forced: false })

	const wrongCurrent = refusal(await change(here, { currentPassword: 'not-my-password', password: 'second-password-2', confirmPassword: 'second-password-2' }))
	expect(wrongCurrent).toMatchObject({ status: 400, errors: { currentPassword: 'account.password.wrongCurrent' } })
	const weak = refusal(await change(here, { currentPassword: staff.password, password: 'short', confirmPassword: 'short' }))
	expect(weak).toMatchObject({ status: 400, errors: { password: 'validation.passwordLength' }, formError: { key: 'account.password.fixFields' } })
	// The username rule uses the signed-in user's name, whatever the form says.
	const sameAsName = refusal(
		await change(here, { username: 'someone-else', currentPassword: staff.password, password: staff.username, confirmPassword: staff.username }),
	)
	expect(sameAsName.errors).toEqual({ password: 'validation.passwordIsUsername' })
	const mismatch = refusal(await change(here, { currentPassword: staff.password, password: 'second-password-2', confirmPassword: 'second-password-3' }))
	expect(mismatch.errors).toEqual({ confirmPassword: 'account.validation.passwordMismatch' })
	expect(await served(phone)).toBe(true)

	const done = (await change(here, { currentPassword: staff.password, password: 'second-password-2', confirmPassword: 'second-password-2' })) as Response
	expect(done.status).toBe(302)
	expect(done.headers.get('Location')).toBe('/account?passwordChanged=1')
	expect(await served(here)).toBe(true)
	expect(await served(phone)).toBe(false)
	expect(await signInAs(staff.username, staff.password)).toMatchObject({ status: 400, result: loginRefusal('auth.invalidCredentials') })
	expect((await signInAs(staff.username, 'second-password-2')).location).toBe('/')

	const audit = await prisma.auditLog.findFirstOrThrow({
		where: { entityId: staff.id, action: 'password_change' },
		select: { ip: true, after: true, userId: true },
	})
	expect(audit).toMatchObject({ ip: '10.0.0.7', userId: staff.id })
	expect(JSON.parse(audit.after!)).toEqual({ wasRequired: false, sessionsEnded: 1 })
	const everything = JSON.stringify(await prisma.auditLog.findMany({ where: { entityId: staff.id } }))
	const hash = (await prisma.password.findUniqueOrThrow({ where: { userId: staff.id }, select: { hash: true } })).hash
	for (const secret of ['first-password-1', 'second-password-2', hash]) expect(everything).not.toContain(secret)
})

test('guessing the current password on the change form counts against the sign-in throttle', async () => {
	const staff = await newStaff()
	setClock('2026-12-01T02:00:00Z')
	const cookie = (await signInAs(staff.username, staff.password)).cookie!
	for (let i = 0; i < 3; i++)
		await change(cookie, { currentPassword: `guess-${i}-xxxxx`, password: 'another-password-1', confirmPassword: 'another-password-1' })
	const refused = refusal(await change(cookie, { currentPassword: staff.password, password: 'another-password-1', confirmPassword: 'another-password-1' }))
	expect(refused).toMatchObject({ status: 429, errors: {}, notice: { lock: 'wait', waitSeconds: 5 } })
	expect(await prisma.auditLog.count({ where: { entityId: staff.id, action: 'login_failed', after: { contains: 'wrong_current_password' } } })).toBe(3)
})

test('/account lists one’s own sessions with address and browser; any of them can be signed out', async () => {
	const staff = await newStaff()
	const here = (await signInAs(staff.username, staff.password, { address: '10.0.0.7' })).cookie!
	const other = (await signInAs(staff.username, staff.password, { address: '10.0.0.8' })).cookie!
	const someoneElse = await newStaff()
	const theirs = (await signInAs(someoneElse.username, someoneElse.password)).cookie!

	const page = await accountLoader(argsFrom(getRequest('/account', here)))
	expect(page.account).toMatchObject({ username: staff.username, role: 'staff' })
	expect(page.sessions.map((s) => [s.ipAddress, s.current])).toEqual(
		expect.arrayContaining([
			['10.0.0.7', true],
			['10.0.0.8', false],
		]),
	)
	expect(page.expiry).toEqual({ idleMinutes: 480, maxDays: 7 })

	const otherId = page.sessions.find((s) => !s.current)!.id
	expect(unwrap(await accountAction(argsFrom(formRequest('/account', { intent: 'revoke', sessionId: otherId }, { Cookie: here }), '10.0.0.7')))).toEqual({
		status: 200,
		body: { ok: true, intent: 'revoke', notice: 'sessions.revoked' },
	})
	expect(await served(other)).toBe(false)
	const revoke = await prisma.auditLog.findFirstOrThrow({ where: { entityId: staff.id, action: 'revoke' }, select: { ip: true, after: true } })
	expect(revoke.ip).toBe('10.0.0.7')
	expect(JSON.parse(revoke.after!).session).toMatchObject({ ipAddress: '10.0.0.8' })

	// Someone else's session is not one's own to end.
	const theirId = (await prisma.session.findFirstOrThrow({ where: { userId: someoneElse.id }, select: { id: true } })).id
	const refused = unwrap(await accountAction(argsFrom(formRequest('/account', { intent: 'revoke', sessionId: theirId }, { Cookie: here }))))
	expect(refused).toEqual({ status: 404, body: { ok: false, intent: 'revoke', errors: {}, formError: { key: 'sessions.notFound', params: {} } } })
	expect(await served(theirs)).toBe(true)

	const currentId = page.sessions.find((s) => s.current)!.id
	const out = (await accountAction(argsFrom(formRequest('/account', { intent: 'revoke', sessionId: currentId }, { Cookie: here })))) as Response
	expect(out.headers.get('Location')).toBe('/login')
	expect(out.headers.get('Set-Cookie')).toMatch(/__session=;.*Expires=Thu, 01 Jan 1970/)
	expect(await served(here)).toBe(false)
})
