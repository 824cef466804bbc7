import { expect, test } from 'vitest'
import { prisma } from '~/db.server'
import { runCliInProcess } from '../helpers/cli'

// `cli notify:digest` as cron runs it, against this file's database copy (no chat robot configured: nothing leaves the machine).
// Three cold tsx starts: slow on a loaded machine.
test('notify:digest digests every enabled account once a day: a second run the same day does nothing', { timeout: 180_000 }, async () => {
	const accounts = await prisma.user.count({ where: { disabledAt: null } })
	const first = await runCliInProcess(['notify:digest', '--day', '2026-12-07', '--json'])
	expect(first.code).toBe(0)
	expect(JSON.parse(first.stdout)).toMatchObject({ day: '2026-12-07', users: { digested: accounts, alreadyDone: 0 }, channels: [] })
	const second = await runCliInProcess(['notify:digest', '--day', '2026-12-07', '--json'])
	expect(JSON.parse(second.stdout)).toMatchObject({ users: { digested: 0, alreadyDone: accounts } })
	expect(await prisma.digestRun.count({ where: { day: '2026-12-07' } })).toBe(accounts)

	const bad = await runCliInProcess(['notify:digest', '--day', '2026-13-01'])
	expect(bad.code).toBe(64)
	expect(bad.stderr).toContain('--day must be a day')
})
