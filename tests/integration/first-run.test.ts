import fs from 'node:fs'
import path from 'node:path'
import bcrypt from 'bcryptjs'
import { afterEach, describe, expect, test } from 'vitest'
import { dataDirectory, prisma } from '~/db.server'
import { DEMO_PASSWORDS } from '~/domain/auth/password-policy'
import { setupSchema } from '~/domain/setup/first-run'
import { completeFirstRunSetup, findDemoPasswordAccounts, isSetupPending, prepareToServe } from '~/models/first-run.server'
import { setupTokenMatches } from '~/models/setup-token.server'
import { loader as rootLoader } from '~/root'
import { loader as setupLoader } from '~/routes/setup'
import { createEmptyDatabase } from '../helpers/empty-db'
import { getRequest, thrown } from '../helpers/requests'

const tokenFile = () => path.join(dataDirectory(), '.setup-token')
const setup = (token: string, change: Record<string, string> = {}) =>
	setupSchema.parse({
		token,
		username: 'chen.admin',
		name: '陈主任',
		password: 'bureau-own-passphrase',
		passwordConfirm: 'bureau-own-passphrase',
		data: 'empty',
		...change,
	})

let cleanup: (() => Promise<void>) | undefined
afterEach(async () => {
	await cleanup?.()
	cleanup = undefined
})
async function emptyDatabase() {
	const empty = await createEmptyDatabase()
	cleanup = empty.remove
	return empty.db
}

describe('on the seeded demo database', () => {
	test('demo mode serves and lists the demo logins that still work; a real install refuses them', async () => {
		const demo = await prepareToServe(prisma, 'demo')
		expect(demo.status).toBe('ready')
		const logins = demo.status === 'ready' ? demo.demoLogins : []
		expect(logins.map((l) => [l.username, l.password])).toEqual([
			['admin', 'chainlead-admin'],
			['leader', 'demo-pass-2026'],
			['lina', 'demo-pass-2026'],
			['zhang', 'demo-pass-2026'],
		])
		const install = await prepareToServe(prisma, 'install')
		expect(install).toMatchObject({ status: 'refused' })
		expect(install.status === 'refused' && install.accounts.map((a) => a.username).sort()).toEqual(['admin', 'leader', 'lina', 'zhang'])
		expect(fs.existsSync(tokenFile())).toBe(false)
	})

	test('/setup is not found once an account exists, and pages are not sent there', async () => {
		const notFound = await thrown(() => setupLoader({ request: getRequest('/setup'), params: {}, context: {} }))
		expect((notFound as Response).status).toBe(404)
		await expect(rootLoader({ request: getRequest('/companies'), params: {}, context: {} })).resolves.toMatchObject({ user: null })
	})
})

describe('a real install on an empty database', () => {
	test('every page leads to /setup, which opens with a one-time token stored only as its hash', async () => {
		const db = await emptyDatabase()
		expect(await isSetupPending(db)).toBe(true)
		const ready = await prepareToServe(db, 'install')
		expect(ready.status).toBe('setup')
		const token = ready.status === 'setup' ? ready.token : ''
		expect(token).toMatch(/^[0-9a-f]{32}$/)
		const stored = fs.readFileSync(tokenFile(), 'utf8')
		expect(stored).not.toContain(token)
		expect(stored.trim()).toMatch(/^[0-9a-f]{64}$/)
		expect((fs.statSync(tokenFile()).mode & 0o777).toString(8)).toBe('600')
		expect(setupTokenMatches(token)).toBe(true)
		expect(setupTokenMatches(` ${token}\n`)).toBe(true)
		expect(setupTokenMatches(token.replace(/.$/, (c) => (c === '0' ? '1' : '0')))).toBe(false)
		expect(setupTokenMatches('')).toBe(false)
		// A restart issues a new token; the old one stops working.
		const again = await prepareToServe(db, 'install')
		expect(again.status === 'setup' && setupTokenMatches(token)).toBe(false)
	})

	test('a wrong token creates nothing; the right one creates the admin, starts empty and retires the token', async () => {
		const db = await emptyDatabase()
		const ready = await prepareToServe(db, 'install')
		const token = ready.status === 'setup' ? ready.token : ''
		expect(await completeFirstRunSetup(db, setup('0'.repeat(32)), '192.0.2.10')).toEqual({
			ok: false,
			errors: { token: 'setup.errors.wrongToken' },
			formError: null,
		})
		expect(await db.user.count()).toBe(0)

		expect(await completeFirstRunSetup(db, setup(token), '192.0.2.10')).toEqual({ ok: true })
		const users = await db.user.findMany({
			select: { username: true, role: true, disabledAt: true, mustChangePassword: true, password: { select: { hash: true } } },
		})
		expect(users).toHaveLength(1)
		expect(users[0]).toMatchObject({ username: 'chen.admin', role: 'admin', disabledAt: null, mustChangePassword: false })
		expect(await bcrypt.compare('bureau-own-passphrase', users[0]!.password!.hash)).toBe(true)
		expect(await db.chain.count()).toBe(0)
		expect(await db.company.count()).toBe(0)
		const audit = await db.auditLog.findFirstOrThrow({ select: { action: true, entity: true, ip: true, after: true } })
		expect(audit).toMatchObject({ action: 'create', entity: 'User', ip: '192.0.2.10' })
		expect(audit.after).not.toContain('passphrase')

		expect(fs.existsSync(tokenFile())).toBe(false)
		expect(await isSetupPending(db)).toBe(false)
		// The token is single-use: setup is over.
		expect(await completeFirstRunSetup(db, setup(token, { username: 'second.admin' }), null)).toMatchObject({ ok: false })
		expect(await db.user.count()).toBe(1)
		expect(await prepareToServe(db, 'install')).toEqual({ status: 'ready', demoLogins: [] })
	})

	test('with the sample data, the sample owners exist only disabled, with no known password', async () => {
		const db = await emptyDatabase()
		const ready = await prepareToServe(db, 'install')
		const token = ready.status === 'setup' ? ready.token : ''
		expect(await completeFirstRunSetup(db, setup(token, { username: 'zhang', data: 'sample' }), null)).toEqual({
			ok: false,
			errors: { username: 'setup.errors.usernameInSample' },
			formError: null,
		})
		expect(await completeFirstRunSetup(db, setup(token, { username: 'admin', data: 'sample' }), null)).toEqual({ ok: true })

		expect(await db.chain.count()).toBeGreaterThan(0)
		expect(await db.lead.count()).toBeGreaterThan(0)
		const users = await db.user.findMany({
			orderBy: { username: 'asc' },
			select: { username: true, role: true, disabledAt: true, password: { select: { hash: true } } },
		})
		expect(users.map((u) => [u.username, u.role, u.disabledAt !== null])).toEqual([
			['admin', 'admin', false],
			['lina', 'staff', true],
			['zhang', 'staff', true],
		])
		for (const owner of users.filter((u) => u.disabledAt)) {
			for (const password of DEMO_PASSWORDS) expect(await bcrypt.compare(password, owner.password!.hash)).toBe(false)
		}
		expect(await findDemoPasswordAccounts(db)).toEqual([])
		expect(await prepareToServe(db, 'install')).toEqual({ status: 'ready', demoLogins: [] })
	})
})
