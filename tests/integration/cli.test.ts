import { expect, test, vi } from 'vitest'
import { runCli } from '../helpers/cli'

// Each CLI subprocess is a cold tsx start: seconds each, over ten on a loaded two-core machine, and a test here runs
// several. The default 30 s would fail these tests on load alone.
vi.setConfig({ testTimeout: 120_000 })

// The CLI runs as a real subprocess against this test file's database copy.
const cli = (...args: string[]) => runCli(args)

test('seed on a database that has data changes nothing and says so in JSON', async () => {
	const { code, stdout } = await cli('seed', '--json')
	expect(code).toBe(0)
	expect(JSON.parse(stdout)).toMatchObject({ seeded: false })
})

test('users:create adds a user that can be found, and refuses bad input with a usage error', async () => {
	const ok = await cli(
		'users:create',
		'--username',
		'cli.user',
		'--name',
		'命令行用户',
		'--role',
		'manager',
		'--password',
		'cli-password-1',
		'--unit',
		'区商务局',
		'--json',
	)
	expect(ok.code).toBe(0)
	expect(JSON.parse(ok.stdout)).toMatchObject({ username: 'cli.user', role: 'manager' })

	const bad = await cli('users:create', '--username', 'x', '--name', 'n', '--role', 'king', '--password', 'short', '--json')
	expect(bad.code).toBe(64)
	expect(JSON.parse(bad.stdout).error).toMatch(/validation\.usernameLength/)

	const unknownUnit = await cli(
		'users:create',
		'--username',
		'cli.two',
		'--name',
		'n',
		'--role',
		'staff',
		'--password',
		'long-enough-9',
		'--unit',
		'不存在的单位',
	)
	expect(unknownUnit.code).toBe(64)
	expect(unknownUnit.stderr).toContain('unknown unit')
})

test('an unknown command is a usage error', async () => {
	const { code, stderr } = await cli('frobnicate')
	expect(code).toBe(64)
	expect(stderr).toContain('unknown command')
	// Spawned, not execFileSync: a worker blocked that long misses vitest's own calls (tests/helpers/cli.ts).
	const help = await cli('help')
	expect(help.code).toBe(0)
	expect(help.stdout).toContain('restore <folder>')
})
