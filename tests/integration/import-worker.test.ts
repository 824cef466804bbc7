import path from 'node:path'
import { expect, test } from 'vitest'
import { ImportFileError } from '~/domain/import/file-error'
import { ImportError } from '~/models/import-commit.server'
import { createImportWorker } from '~/models/import-worker.server'

// The main thread's side of the import worker (ADR 0017), with a stand-in
// worker script: results and progress reach the task that asked, refusals keep
// their class and message, and a worker that runs out of heap fails every task
// it held (a commit among them wrote nothing: its transaction died with the
// thread) with the reason users read, and the next task gets a fresh worker.

const workerFile = path.resolve('tests/fixtures/import-worker/hungry-worker.mjs')

test('results, progress and refusals reach the task that asked; out of heap fails every task in flight, and the next task gets a new worker', async () => {
	const worker = createImportWorker({ workerFile, buildFile: '', heapMb: 16 })
	try {
		const progress: [number, number][] = []
		expect(await worker.run({ echo: 'first' }, (done, total) => progress.push([done, total]))).toEqual({ echo: 'first' })
		expect(progress).toEqual([[1, 2]])

		const refused = await worker.run({ fileError: 'importer.file.tooManyRows' }).catch((error: unknown) => error)
		expect(refused).toBeInstanceOf(ImportFileError)
		expect(refused).toMatchObject({ messageKey: 'importer.file.tooManyRows', params: { rows: 7 } })

		// The hungry task and one queued behind it on the same thread both end with the reason.
		const [hungry, queued] = await Promise.all([
			worker.run({ grow: true }).catch((error: unknown) => error),
			worker.run({ echo: 'behind' }).catch((error: unknown) => error),
		])
		for (const error of [hungry, queued]) {
			expect(error).toBeInstanceOf(ImportError)
			expect(error).toMatchObject({ messageKey: 'importer.commit.outOfMemory', params: { heapMb: 16 } })
		}

		expect(await worker.run({ echo: 'after' })).toEqual({ echo: 'after' })
	} finally {
		await worker.stop()
	}
})
