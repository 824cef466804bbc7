// Run by tests/integration/import-crash.test.ts as its own process: claims
// upload <id>'s job and commits <rows> new companies into DATABASE_URL, and at
// <stop> (planned | writing | committed) says so and freezes, to be killed there.
import { resolveMapping } from '~/domain/import/fields'
import { readImportFile } from '~/domain/import/read-file'

/** Blocks the whole process (the event loop too), so the kill lands exactly here. */
function freeze(label: string) {
	process.stdout.write(`${label}\n`)
	Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60_000)
}

async function main() {
	const [id, rows, prefix, stop] = process.argv.slice(2) as [string, string, string, string]
	const { prisma } = await import('~/db.server')
	const { claimImportJob } = await import('~/models/import-job.server')
	const { planImport, publishImport } = await import('~/models/import.server')
	const user = await prisma.user.findFirstOrThrow({ where: { username: 'zhang' }, select: { id: true } })
	const csv = ['企业名称', ...Array.from({ length: Number(rows) }, (_, i) => `${prefix}${i}有限公司`)].join('\n')
	const sheet = await readImportFile(new TextEncoder().encode(csv), 'crash.csv')
	const { claimed } = await claimImportJob(prisma, { id, kind: 'companies', fileName: 'crash.csv', userId: user.id })
	if (!claimed) throw new Error('the job was not claimed')
	const options = { mapping: resolveMapping('companies', sheet.headers), overrides: {}, actions: {}, duplicateAction: 'skip' as const, createMissingCompanies: false, defaultOwnerId: null, importer: null }
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

void main()
