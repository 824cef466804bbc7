import { spawn } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import readline from 'node:readline'
import { describe, expect, it, vi } from 'vitest'
import { prisma } from '~/db.server'
import { resolveMapping } from '~/domain/import/fields'
import { readImportFile } from '~/domain/import/read-file'
import { normalizationFactor } from '~/domain/quota/pace'
import { runImport } from '~/models/import-commit.server'
import { claimImportJob, getImportJob } from '~/models/import-job.server'

// A server killed (SIGKILL) in the middle of its work, then the database checked
// as the restarted server finds it (issue #11). An import commit: the job says
// truthfully "committed" or "interrupted", the rows are all there or none, and
// committing the upload again never writes a second batch. A quota save: the
// unit shares and the audit trail are those of the last whole save.

const ROWS = 6000

// Each test starts a tsx child and waits for it to reach its kill point: seconds on a quiet machine, and past the
// default 30 s on a loaded two-core one (vitest runs a file per core).
vi.setConfig({ testTimeout: 120_000 })

type KillPoint = { label: string; stop: 'planned' | 'writing' | 'committed'; status: 'committed' | 'interrupted' }

/** Runs tests/helpers/crash-child.ts on this test's database and kills it where it stops. */
async function commitAndKill(id: string, prefix: string, point: KillPoint) {
	// `node --import tsx`, not the tsx CLI: the CLI runs the script in a child process of its own, which a kill would miss.
	const child = spawn(process.execPath, ['--import', 'tsx', 'tests/helpers/crash-child.ts', 'import', id, String(ROWS), prefix, point.stop], {
		env: process.env,
		stdio: ['ignore', 'pipe', 'pipe'],
	})
	let stderr = ''
	child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
	const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)))
	for await (const line of readline.createInterface({ input: child.stdout })) {
		if (line === point.stop) {
			child.kill('SIGKILL')
			break
		}
	}
	const signal = await exited
	if (signal !== 'SIGKILL') throw new Error(`the child ended before ${point.stop}: ${stderr}`)
}

const killPoints: KillPoint[] = [
	{ label: 'after checking the rows, before writing', stop: 'planned', status: 'interrupted' },
	{ label: 'half way through writing', stop: 'writing', status: 'interrupted' },
	{ label: 'right after the commit', stop: 'committed', status: 'committed' },
]

describe('an import commit killed with SIGKILL', () => {
	it.each(killPoints)('killed $label: all or nothing, the job tells which, and a retry writes one batch', async (point) => {
		const id = randomUUID()
		const prefix = `断电测试${randomUUID().slice(0, 8)}企业`
		const owner = await prisma.user.findFirstOrThrow({ where: { username: 'zhang' }, select: { id: true } })
		await commitAndKill(id, prefix, point)

		const imported = () => prisma.company.count({ where: { name: { startsWith: prefix } } })
		const batches = () => prisma.importJob.count({ where: { id, batchId: { not: null } } })
		const job = await getImportJob(prisma, id, owner.id)
		const count = await imported()
		expect(job?.status).toBe(point.status)
		if (job?.status === 'committed') {
			expect(count).toBe(ROWS)
			expect(job.result).toMatchObject({ created: ROWS, batchId: expect.any(String) })
		} else {
			expect(count).toBe(0)
			expect(await batches()).toBe(0)
		}

		// The user clicks 确认导入 again on the same upload.
		const retry = await claimImportJob(prisma, { id, kind: 'companies', fileName: 'crash.csv', userId: owner.id })
		expect(retry.claimed).toBe(job?.status === 'interrupted')
		if (retry.claimed) {
			const csv = ['企业名称', ...Array.from({ length: ROWS }, (_, i) => `${prefix}${i}有限公司`)].join('\n')
			const sheet = await readImportFile(new TextEncoder().encode(csv), 'crash.csv')
			const options = {
				mapping: resolveMapping('companies', sheet.headers),
				overrides: {},
				actions: {},
				duplicateAction: 'skip' as const,
				createMissingCompanies: false,
				defaultOwnerId: null,
				importer: null,
			}
			await runImport(prisma, { kind: 'companies', sheet, options, fileName: 'crash.csv', userId: owner.id }, { jobId: id })
		}
		expect(await imported()).toBe(ROWS)
		expect(await batches()).toBe(1)
		expect(await prisma.importBatch.count({ where: { fileName: 'crash.csv', job: { id } } })).toBe(1)
		expect((await getImportJob(prisma, id, owner.id))?.status).toBe('committed')
	})
})

describe('a quota save killed with SIGKILL', () => {
	it.each([150, 400, 900])(
		'killed %i ms into a run of saves: every unit holds the share of the same last save, with one audit entry per save',
		async (afterMs) => {
			const quota = await prisma.quota.findFirstOrThrow({
				where: { units: { some: {} } },
				select: { id: true, value: true, normalizedValue: true, units: { select: { unitId: true } } },
			})
			const unitIds = quota.units.map((u) => u.unitId)
			const auditsBefore = await prisma.auditLog.count({ where: { entity: 'Quota', entityId: quota.id } })
			// Shares no earlier run has stored, so every save changes them (a save that changes nothing writes no audit).
			const base = afterMs * 1000
			const child = spawn(process.execPath, ['--import', 'tsx', 'tests/helpers/crash-child.ts', 'unit-targets', quota.id, unitIds.join(','), String(base)], {
				env: process.env,
				stdio: ['ignore', 'pipe', 'pipe'],
			})
			let stderr = ''
			child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
			const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)))
			let lastSaid = 0
			const lines = readline.createInterface({ input: child.stdout })
			for await (const line of lines) {
				lastSaid = Number(line.split(' ')[1])
				// Counted from the first save: startup time varies.
				if (lastSaid === 1) setTimeout(() => child.kill('SIGKILL'), afterMs)
			}
			expect(await exited, stderr).toBe('SIGKILL')

			const shares = await prisma.quotaUnit.findMany({ where: { quotaId: quota.id }, select: { target: true } })
			// All units from one save, none torn between two.
			expect(new Set(shares.map((s) => s.target))).toEqual(new Set([shares[0]!.target]))
			const saved = Math.round(shares[0]!.target! / normalizationFactor(quota)) - base
			// The save that printed last is stored; one more may have committed before its line was read.
			expect([lastSaid, lastSaid + 1]).toContain(saved)
			expect(await prisma.auditLog.count({ where: { entity: 'Quota', entityId: quota.id } })).toBe(auditsBefore + saved)
		},
	)
})
