// Run by tests/integration/crash.test.ts as its own process, on DATABASE_URL, to be killed with SIGKILL:
// - `import <id> <rows> <prefix> <stop>` claims upload <id>'s job and commits <rows> new
//   companies; at <stop> (planned | writing | committed) it says so and freezes;
// - `unit-targets <quotaId> <unitIds,…> <base>` saves the units' shares of a quota as base + 1,
//   base + 2…, all units the same number in each save, printing the count of saves so far.
import { resolveMapping } from '~/domain/import/fields'
import { readImportFile } from '~/domain/import/read-file'

/** Blocks the whole process (the event loop too), so the kill lands exactly here. */
function freeze(label: string) {
	process.stdout.write(`${label}\n`)
	Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60_000)
}

async function saveUnitTargetsForever(quotaId: string, unitIds: string[], base: number) {
	const { prisma } = await import('~/db.server')
	const { saveUnitTargets } = await import('~/models/quota.server')
	const user = await prisma.user.findFirstOrThrow({ where: { username: 'leader' }, select: { id: true } })
	for (let n = 1; ; n++) {
		// Each save as a form opened just before it: the shares' current versions.
		const versions = await prisma.quotaUnit.findMany({ where: { quotaId, unitId: { in: unitIds } }, select: { unitId: true, version: true } })
		const saved = await saveUnitTargets(prisma, user.id, quotaId, Object.fromEntries(versions.map((u) => [u.unitId, { target: base + n, version: u.version }])))
		if (!saved.ok) throw new Error(`save ${n} refused: ${JSON.stringify(saved)}`)
		process.stdout.write(`saved ${n}\n`)
	}
}

async function commitImport(id: string, rows: string, prefix: string, stop: string) {
	const { prisma } = await import('~/db.server')
	const { claimImportJob } = await import('~/models/import-job.server')
	const { planImport, publishImport } = await import('~/models/import-commit.server')
	const user = await prisma.user.findFirstOrThrow({ where: { username: 'zhang' }, select: { id: true } })
	const csv = ['企业名称', ...Array.from({ length: Number(rows) }, (_, i) => `${prefix}${i}有限公司`)].join('\n')
	const sheet = await readImportFile(new TextEncoder().encode(csv), 'crash.csv')
	const { claimed } = await claimImportJob(prisma, { id, kind: 'companies', fileName: 'crash.csv', userId: user.id })
	if (!claimed) throw new Error('the job was not claimed')
	const options = {
		mapping: resolveMapping('companies', sheet.headers),
		overrides: {},
		actions: {},
		duplicateAction: 'skip' as const,
		createMissingCompanies: false,
		defaultOwnerId: null,
		importer: null,
	}
	const plan = await planImport(prisma, { kind: 'companies', sheet, options, fileName: 'crash.csv', userId: user.id })
	if (stop === 'planned') freeze(stop)
	await publishImport(prisma, plan, {
		jobId: id,
		onProgress(done, total) {
			// Inside the open write transaction, half of the rows written.
			if (stop === 'writing' && done >= total / 2) freeze(stop)
		},
	})
	freeze('committed')
}

const [mode, ...args] = process.argv.slice(2)
if (mode === 'import') void commitImport(args[0]!, args[1]!, args[2]!, args[3]!)
else if (mode === 'unit-targets') void saveUnitTargetsForever(args[0]!, args[1]!.split(','), Number(args[2]))
else throw new Error(`unknown mode ${mode}`)
