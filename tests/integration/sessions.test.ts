import { afterEach, expect, test, vi } from 'vitest'
import { prisma } from '~/db.server'
import { attemptLogin } from '~/models/login.server'
import { action as adminUserAction } from '~/routes/admin.users_.$id'
import { loader as companiesLoader } from '~/routes/companies._index'
import { sessionStorage, sweepAuthRows } from '~/utils/auth.server'
import { sessionPolicy } from '~/utils/env.server'
import { argsFrom, later, loginRefusal, newStaff, OFFICE, setClock, signInAs } from '../helpers/accounts'
import { formRequest, getRequest, loginAs } from '../helpers/requests'

afterEach(() => {
	vi.useRealTimers()
})

const T0 = '2026-12-01T00:30:00.000Z'
const MINUTE = 60_000
const HOUR = 60 * MINUTE

const sessionOf = (userId: string) =>
	prisma.session.findFirstOrThrow({ where: { userId }, select: { lastSeenAt: true, expiresAt: true, ipAddress: true, userAgent: true } })
/** A page request as the signed-in user: true when it was served, false when sent to /login. */
async function served(cookie: string) {
	try {
		await companiesLoader(argsFrom(getRequest('/companies', cookie)))
		return true
	} catch (error) {
		if (error instanceof Response && error.status === 302 && error.headers.get('Location')?.startsWith('/login')) return false
		throw error
	}
}

test('a session slides 8 idle hours ahead, writing at most once a minute, and ends when left idle', async () => {
	const staff = await newStaff()
	setClock(T0)
	const { cookie } = await signInAs(staff.username, staff.password)
	expect(await sessionOf(staff.id)).toMatchObject({ lastSeenAt: new Date(T0), expiresAt: later(T0, 8 * HOUR), ipAddress: '10.0.0.5' })
	expect((await sessionOf(staff.id)).userAgent).toContain('Chrome/156')

	vi.setSystemTime(later(T0, 59_000))
	expect(await served(cookie!)).toBe(true)
	expect(await sessionOf(staff.id)).toMatchObject({ lastSeenAt: new Date(T0), expiresAt: later(T0, 8 * HOUR) })

	vi.setSystemTime(later(T0, 2 * MINUTE))
	expect(await served(cookie!)).toBe(true)
	expect(await sessionOf(staff.id)).toMatchObject({ lastSeenAt: later(T0, 2 * MINUTE), expiresAt: later(T0, 2 * MINUTE + 8 * HOUR) })

	vi.setSystemTime(later(T0, 2 * MINUTE + 8 * HOUR - 1000))
	expect(await served(cookie!)).toBe(true)
	vi.setSystemTime(later(T0, 2 * MINUTE + 16 * HOUR))
	expect(await served(cookie!)).toBe(false)
})

test('a session used all along still ends 7 days after sign-in', async () => {
	const staff = await newStaff()
	setClock(T0)
	const { cookie } = await signInAs(staff.username, staff.password)
	for (let hours = 7; hours < 7 * 24; hours += 7) {
		vi.setSystemTime(later(T0, hours * HOUR))
		expect(await served(cookie!), `after ${hours} h`).toBe(true)
	}
	expect((await sessionOf(staff.id)).expiresAt).toEqual(later(T0, 7 * 24 * HOUR))
	vi.setSystemTime(later(T0, 7 * 24 * HOUR))
	expect(await served(cookie!)).toBe(false)
})

test('expired sessions are deleted at the next sign-in and by the sweep', async () => {
	const staff = await newStaff()
	const other = await newStaff()
	setClock(T0)
	await signInAs(staff.username, staff.password)
	vi.setSystemTime(later(T0, 9 * HOUR))
	expect(await prisma.session.count({ where: { userId: staff.id } })).toBe(1)
	await signInAs(other.username, other.password)
	expect(await prisma.session.count({ where: { userId: staff.id } })).toBe(0)

	await signInAs(staff.username, staff.password)
	vi.setSystemTime(later(T0, 18 * HOUR))
	expect((await sweepAuthRows(prisma)).sessions).toBeGreaterThanOrEqual(2)
	expect(await prisma.session.count({ where: { expiresAt: { lte: later(T0, 18 * HOUR) } } })).toBe(0)
})

test('the sweep timer is started by the first request, once, and never keeps the process alive', async () => {
	const cookie = await loginAs('staff')
	await served(cookie)
	const timer = (globalThis as { __chainleadAuthSweeper?: NodeJS.Timeout }).__chainleadAuthSweeper
	expect(timer?.hasRef()).toBe(false)
	await served(cookie)
	expect((globalThis as { __chainleadAuthSweeper?: NodeJS.Timeout }).__chainleadAuthSweeper).toBe(timer)
})

test("a disabled user's open session stops working at once, sign-in is refused with its own message, and enabling restores access", async () => {
	const staff = await newStaff()
	const { cookie } = await signInAs(staff.username, staff.password)
	const admin = await loginAs('admin')
	expect(await served(cookie!)).toBe(true)

	await adminUserAction(argsFrom(formRequest(`/admin/users/${staff.id}`, { intent: 'disable' }, { Cookie: admin }), '10.0.0.1', { id: staff.id }))
	expect(await served(cookie!)).toBe(false)
	expect(await prisma.session.count({ where: { userId: staff.id } })).toBe(0)
	expect(await signInAs(staff.username, staff.password)).toMatchObject({ status: 403, result: loginRefusal('auth.disabled') })
	// A wrong password still says only "wrong username or password".
	expect(await signInAs(staff.username, 'not-the-password')).toMatchObject({ status: 400, result: loginRefusal('auth.invalidCredentials') })

	// Even a session row that escaped the deletion does not resolve for a disabled user.
	await prisma.session.create({ data: { id: 'escaped-session', userId: staff.id, expiresAt: later(new Date(), HOUR) } })
	const forged = await sessionStorage.getSession()
	forged.set('sessionId', 'escaped-session')
	const escapedCookie = (await sessionStorage.commitSession(forged)).split(';')[0]!
	expect(await served(escapedCookie)).toBe(false)

	await adminUserAction(argsFrom(formRequest(`/admin/users/${staff.id}`, { intent: 'enable' }, { Cookie: admin }), '10.0.0.1', { id: staff.id }))
	expect(await served(escapedCookie)).toBe(true)
	const audit = await prisma.auditLog.findMany({
		where: { entityId: staff.id, action: { in: ['disable', 'enable', 'login_failed'] } },
		select: { action: true, ip: true, after: true },
	})
	expect(audit).toEqual(
		expect.arrayContaining([
			expect.objectContaining({ action: 'disable', ip: '10.0.0.1' }),
			expect.objectContaining({ action: 'enable', ip: '10.0.0.1' }),
			expect.objectContaining({ action: 'login_failed', after: expect.stringContaining('"reason":"disabled"') }),
		]),
	)
	expect(JSON.parse(audit.find((a) => a.action === 'disable')!.after!)).toMatchObject({ sessionsEnded: 1 })
})

test('a sign-in makes its writes in one transaction, one turn of the write lock: throttle cleared, session, audit row, sweep of expired sessions', async () => {
	const staff = await newStaff()
	await prisma.session.create({ data: { userId: staff.id, createdAt: new Date(0), lastSeenAt: new Date(0), expiresAt: new Date(1000) } })
	// The client as attemptLogin sees it, watched: transactions begun, and writes made on it outside any transaction.
	const WRITES = /^(create|createMany|update|updateMany|upsert|delete|deleteMany)$/
	let transactions = 0
	const outside: string[] = []
	const watched = new Proxy(prisma, {
		get(target, prop) {
			const value: unknown = Reflect.get(target, prop)
			if (prop === '$transaction') {
				return (...args: Parameters<typeof prisma.$transaction>) => {
					transactions++
					return target.$transaction(...args)
				}
			}
			if (typeof prop !== 'string' || prop.startsWith('$') || typeof value !== 'object' || value === null)
				return typeof value === 'function' ? value.bind(target) : value
			return new Proxy(value, {
				get(model, method) {
					if (typeof method === 'string' && WRITES.test(method)) outside.push(`${prop}.${method}`)
					const fn: unknown = Reflect.get(model, method)
					return typeof fn === 'function' ? fn.bind(model) : fn
				},
			})
		},
	})
	const outcome = await attemptLogin(watched, {
		username: staff.username,
		password: staff.password,
		address: OFFICE,
		userAgent: 'test',
		policy: sessionPolicy(),
	})
	expect(outcome).toMatchObject({ ok: true })
	expect({ transactions, outside }).toEqual({ transactions: 1, outside: [] })
	// Everything it wrote is there: the new session (the expired one swept) and the audit row.
	expect(await prisma.session.findMany({ where: { userId: staff.id }, select: { id: true } })).toEqual([{ id: outcome.ok ? outcome.sessionId : '' }])
	expect(await prisma.auditLog.count({ where: { entityId: staff.id, action: 'login' } })).toBe(1)
})
