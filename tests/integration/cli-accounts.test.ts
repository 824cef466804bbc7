import { expect, test, vi } from 'vitest'
import { prisma } from '~/db.server'
import { findDemoPasswordAccounts } from '~/models/first-run.server'
import { verifyPassword } from '~/utils/password-hash.server'
import { runCli, runCliInProcess } from '../helpers/cli'
import { loginAs } from '../helpers/requests'

// Each CLI subprocess is a cold tsx start: seconds each, over ten on a loaded two-core machine, and a test here runs
// several. The default 30 s would fail these tests on load alone.
vi.setConfig({ testTimeout: 120_000 })

/** Whether `password` is the account's password now (the stored hash, no sign-in attempt). */
async function passwordIs(username: string, password: string) {
	const row = await prisma.password.findFirstOrThrow({ where: { user: { username } }, select: { hash: true } })
	return verifyPassword(password, row.hash)
}

// The CLI runs as a real subprocess against this test file's database copy; stdin is piped, as a script would.
const cli = (args: string[], stdin = '') => runCli(args, { stdin })

test('users:set-password replaces a demo password, clears a forced change and ends the sessions', async () => {
	await loginAs('admin')
	await prisma.user.update({ where: { username: 'admin' }, data: { mustChangePassword: true } })
	const result = await cli(['users:set-password', '--username', 'admin', '--json'], 'bureau-own-passphrase\n')
	expect(result.code).toBe(0)
	expect(JSON.parse(result.stdout)).toMatchObject({ username: 'admin', sessionsEnded: 1 })

	expect(await passwordIs('admin', 'chainlead-admin')).toBe(false)
	expect(await passwordIs('admin', 'bureau-own-passphrase')).toBe(true)
	const admin = await prisma.user.findUniqueOrThrow({ where: { username: 'admin' }, select: { id: true, mustChangePassword: true } })
	expect(admin.mustChangePassword).toBe(false)
	expect(await prisma.session.count({ where: { userId: admin.id } })).toBe(0)
	const audit = await prisma.auditLog.findFirstOrThrow({ where: { entityId: admin.id }, orderBy: { at: 'desc' }, select: { action: true, after: true } })
	expect(audit.action).toBe('update')
	expect(audit.after).not.toContain('$2')
	expect((await findDemoPasswordAccounts(prisma)).map((a) => a.username)).not.toContain('admin')
})

test('users:set-password applies the password rules and changes nothing when they fail', async () => {
	for (const [password, message] of [
		['short', /10–128 characters/],
		['demo-pass-2026', /public demo password/],
	] as const) {
		const result = await cli(['users:set-password', '--username', 'zhang'], `${password}\n`)
		expect(result.code).toBe(64)
		expect(result.stderr).toMatch(message)
	}
	expect((await cli(['users:set-password', '--username', 'nobody'], 'long-enough-password\n')).stderr).toContain('unknown user: nobody')
	expect((await cli(['users:set-password', '--username', 'zhang'])).stderr).toContain('nothing on stdin')
	expect(await passwordIs('zhang', 'demo-pass-2026')).toBe(true)
})

test('users:disable ends the sessions, and a disabled account no longer counts as a demo login', async () => {
	await loginAs('staff')
	// No stdin here: the command line in this process (the tests above and cli.test.ts run the subprocess).
	const result = await runCliInProcess(['users:disable', '--username', 'zhang', '--json'])
	expect(result.code).toBe(0)
	expect(JSON.parse(result.stdout)).toMatchObject({ username: 'zhang', sessionsEnded: 1 })
	const zhang = await prisma.user.findUniqueOrThrow({ where: { username: 'zhang' }, select: { id: true, disabledAt: true } })
	expect(zhang.disabledAt).not.toBeNull()
	expect(await prisma.session.count({ where: { userId: zhang.id } })).toBe(0)
	expect((await findDemoPasswordAccounts(prisma)).map((a) => a.username)).not.toContain('zhang')
	expect((await runCliInProcess(['users:disable', '--username', 'nobody'])).code).toBe(64)
})
