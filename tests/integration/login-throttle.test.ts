import { afterEach, expect, test, vi } from 'vitest'
import { prisma } from '~/db.server'
import { loader as adminUsersLoader, action as adminUsersAction } from '~/routes/admin.users'
import { sweepAuthRows } from '~/utils/auth.server'
import { argsFrom, later, loginRefusal, newStaff, OFFICE, setClock, signInAs } from '../helpers/accounts'
import { formRequest, getRequest, loginAs, unwrap } from '../helpers/requests'

afterEach(() => {
	vi.useRealTimers()
})

const T0 = '2026-12-01T01:00:00.000Z'
const SECOND = 1000
const MINUTE = 60 * SECOND

type LoginResult = Awaited<ReturnType<typeof signInAs>>['result']
const noticeOf = (result: LoginResult) => (result instanceof Response ? null : result.notice)

test('ten wrong passwords lock the username; the right one is refused until the lock ends, then it signs in and clears the count', async () => {
	const staff = await newStaff()
	setClock(T0)
	// Failures 1–3 are free; the third already starts a 5-second wait.
	expect((await signInAs(staff.username, 'wrong-password-1')).result).toEqual(loginRefusal('auth.invalidCredentials'))
	expect((await signInAs(staff.username, 'wrong-password-2')).result).toEqual(loginRefusal('auth.invalidCredentials'))
	const third = (await signInAs(staff.username, 'wrong-password-3')).result
	expect(third).toEqual(loginRefusal('auth.invalidCredentials', { lock: 'wait', retryAt: later(T0, 5 * SECOND).toISOString(), waitSeconds: 5 }))

	// Too soon: refused before the password is looked at, even the right one.
	vi.setSystemTime(later(T0, 4 * SECOND))
	const tooSoon = await signInAs(staff.username, staff.password)
	expect(tooSoon.status).toBe(429)
	expect(tooSoon.result).toEqual(loginRefusal(null, { lock: 'wait', retryAt: later(T0, 5 * SECOND).toISOString(), waitSeconds: 1 }))

	// Each further failure, tried as soon as allowed, doubles the wait (10, 20, 40 s, then 1 min) up to the 10th.
	let now = later(T0, 5 * SECOND)
	const waits: number[] = []
	let last: LoginResult | null = null
	for (let failure = 4; failure <= 10; failure++) {
		vi.setSystemTime(now)
		last = (await signInAs(staff.username, `wrong-password-${failure}`)).result
		const notice = noticeOf(last)!
		waits.push(notice.waitSeconds)
		now = new Date(notice.retryAt)
	}
	expect(waits).toEqual([10, 20, 40, 60, 60, 60, 15 * 60])
	const lockedAt = later(now, -15 * MINUTE)
	expect(noticeOf(last!)).toEqual({ lock: 'locked', retryAt: later(lockedAt, 15 * MINUTE).toISOString(), waitSeconds: 900 })

	for (const during of [1 * SECOND, 5 * MINUTE, 15 * MINUTE - SECOND]) {
		vi.setSystemTime(later(lockedAt, during))
		const refused = await signInAs(staff.username, staff.password)
		expect(refused.cookie).toBeNull()
		expect(refused).toMatchObject({ status: 429, result: { formError: null, notice: { lock: 'locked', retryAt: later(lockedAt, 15 * MINUTE).toISOString() } } })
	}

	vi.setSystemTime(later(lockedAt, 15 * MINUTE))
	const signedIn = await signInAs(staff.username, staff.password)
	expect(signedIn.location).toBe('/')
	expect(await prisma.loginThrottle.findUnique({ where: { key: `user:${staff.username}` } })).toBeNull()
	// The address keeps its count: a success with one account must not wipe another's guesses.
	expect(await prisma.loginThrottle.findUniqueOrThrow({ where: { key: `ip:${OFFICE}` }, select: { failures: true } })).toEqual({ failures: 10 })

	const audit = await prisma.auditLog.findMany({
		where: { entity: 'User', entityId: staff.id, action: { in: ['login', 'login_failed'] } },
		orderBy: { at: 'asc' },
		select: { action: true, ip: true, at: true, after: true },
	})
	const failed = audit.filter((a) => a.action === 'login_failed')
	expect(failed).toHaveLength(10)
	expect(failed.map((a) => JSON.parse(a.after!).lockedUntil)).toEqual([...Array(9).fill(null), later(lockedAt, 15 * MINUTE).toISOString()])
	expect(audit.at(-1)).toMatchObject({ action: 'login', at: later(lockedAt, 15 * MINUTE) })
	expect(audit.every((a) => a.ip === OFFICE)).toBe(true)
	for (const row of audit) expect(row.after ?? '').not.toContain(staff.password)
})

test('an unknown username gets the same answers as a real one, is throttled alike, and is audited as a failed login', async () => {
	const staff = await newStaff()
	setClock(T0)
	const real: LoginResult[] = []
	const unknown: LoginResult[] = []
	for (let i = 0; i < 4; i++) {
		real.push((await signInAs(staff.username, 'not-the-password', { address: '10.0.1.1' })).result)
		unknown.push((await signInAs('no.such.person', 'not-the-password', { address: '10.0.1.2' })).result)
	}
	expect(unknown).toEqual(real)
	// Held back: no message about the password, only the wait.
	expect(unknown.at(-1)).toMatchObject({ formError: null, notice: { lock: 'wait' } })
	const rows = await prisma.auditLog.findMany({
		where: { entity: 'Login', entityId: 'no.such.person' },
		select: { action: true, ip: true, userId: true, after: true },
	})
	expect(rows).toHaveLength(3)
	expect(rows.every((r) => r.action === 'login_failed' && r.ip === '10.0.1.2' && r.userId === null)).toBe(true)
	expect(JSON.parse(rows[0]!.after!)).toMatchObject({ username: 'no.such.person', reason: 'unknown_user' })
})

test('the username count ignores case, and parallel guesses are checked one after another', async () => {
	const staff = await newStaff()
	setClock(T0)
	const results = await Promise.all(
		Array.from({ length: 6 }, (_, i) => signInAs(i % 2 ? staff.username.toUpperCase() : staff.username, `parallel-guess-${i}`, { address: `10.0.2.${i}` })),
	)
	// Three wrong passwords (400), then three held back (429) while the third's wait runs.
	const statuses = results.map((r) => (r.result instanceof Response ? 'signed in' : r.status)).sort()
	expect(statuses).toEqual([400, 400, 400, 429, 429, 429])
	expect(await prisma.loginThrottle.findUniqueOrThrow({ where: { key: `user:${staff.username}` }, select: { failures: true } })).toEqual({ failures: 3 })
})

test('one address trying many usernames is held back, while other addresses sign in', async () => {
	const staff = await newStaff()
	setClock(T0)
	for (let i = 0; i < 10; i++)
		expect((await signInAs(`made.up.${i}`, 'guess-password', { address: '10.0.3.3' })).result).toMatchObject({ formError: { key: 'auth.invalidCredentials' } })
	expect((await signInAs(staff.username, staff.password, { address: '10.0.3.3' })).result).toEqual(
		loginRefusal(null, { lock: 'wait', retryAt: later(T0, 2 * SECOND).toISOString(), waitSeconds: 2 }),
	)
	expect((await signInAs(staff.username, staff.password, { address: '10.0.3.4' })).location).toBe('/')
})

test('admins see locks on the users page and lift them (audited with their address); the user signs in at once', async () => {
	const staff = await newStaff()
	const admin = await loginAs('admin')
	setClock(T0)
	let now = new Date(T0)
	for (let i = 0; i < 10; i++) {
		vi.setSystemTime(now)
		const notice = noticeOf((await signInAs(staff.username, `wrong-${i}`, { address: '10.0.4.4' })).result)
		if (notice) now = new Date(notice.retryAt)
	}
	const page = await adminUsersLoader(argsFrom(getRequest('/admin/users', admin)))
	const row = page.users.find((u) => u.username === staff.username)!
	expect(row.throttle).toMatchObject({ kind: 'user', failures: 10, locked: true, retryAt: now })
	expect(page.throttles.map((t) => [t.key, t.locked])).toEqual(
		expect.arrayContaining([
			[`user:${staff.username}`, true],
			['ip:10.0.4.4', false],
		]),
	)

	const cleared = await adminUsersAction(
		argsFrom(formRequest('/admin/users', { intent: 'unlock', key: `user:${staff.username}` }, { Cookie: admin }), '10.9.9.9'),
	)
	expect(unwrap(cleared)).toEqual({ status: 200, body: { ok: true, intent: 'unlock', unlocked: staff.username } })
	const unlock = await prisma.auditLog.findFirstOrThrow({
		where: { action: 'unlock', entityId: `user:${staff.username}` },
		select: { ip: true, user: { select: { username: true } } },
	})
	expect(unlock).toEqual({ ip: '10.9.9.9', user: { username: 'admin' } })
	expect((await signInAs(staff.username, staff.password, { address: '10.0.4.5' })).location).toBe('/')
})

test('the sweep deletes throttle rows that no longer count and keeps the rest', async () => {
	const staff = await newStaff()
	setClock(T0)
	await signInAs(staff.username, 'wrong-once', { address: '10.0.5.5' })
	vi.setSystemTime(later(T0, 30 * MINUTE))
	await sweepAuthRows(prisma)
	// The address is forgotten after 15 quiet minutes, the username after an hour.
	expect(await prisma.loginThrottle.findMany({ where: { key: { in: [`user:${staff.username}`, 'ip:10.0.5.5'] } }, select: { key: true } })).toEqual([
		{ key: `user:${staff.username}` },
	])
	vi.setSystemTime(later(T0, 60 * MINUTE))
	await sweepAuthRows(prisma)
	expect(await prisma.loginThrottle.count({ where: { key: `user:${staff.username}` } })).toBe(0)
})
