import { Worker } from 'node:worker_threads'
import { type ImportOutcome, ImportError } from './import.server'

/**
 * Import commits on a worker thread (ADR 0017). Checking and writing 50,000
 * rows is seconds of JavaScript; on the server's one thread every other user
 * waited behind it, and its garbage collections paused them all. On a worker it
 * runs beside the requests, with its own heap and its own database connections
 * (the write lock between them is SQLite's, as between processes, ADR 0014).
 * A worker that runs out of its heap ends alone: the job fails, the server stays.
 */

/** What the main thread asks: commit the session `state` of import job `jobId`. */
export type CommitRequest = { type: 'commit'; jobId: string; state: unknown }
/** What the worker answers, for one job: progress any number of times, then an outcome or an error. */
export type CommitMessage =
	| { type: 'progress'; jobId: string; done: number; total: number }
	| { type: 'outcome'; jobId: string; outcome: ImportOutcome }
	| { type: 'error'; jobId: string; error: SerializedError }

export type SerializedError = { importError: { messageKey: string; params: Record<string, string | number> } } | { message: string }

/** An error as it can cross to the main thread: an ImportError keeps its message key and parameters. */
export function serializeError(error: unknown): SerializedError {
	if (error instanceof ImportError) return { importError: { messageKey: error.messageKey, params: error.params } }
	return { message: error instanceof Error ? (error.stack ?? error.message) : String(error) }
}

function deserializeError(error: SerializedError) {
	return 'importError' in error ? new ImportError(error.importError.messageKey, error.importError.params) : new Error(`import worker: ${error.message}`)
}

type Pending = { resolve: (outcome: ImportOutcome) => void; reject: (error: Error) => void; onProgress: (done: number, total: number) => void }

export type ImportWorkerOptions = {
	/** The worker's script (server/import-worker.mjs), which loads `buildFile` and answers CommitRequests. */
	workerFile: string
	buildFile: string
	/** Old-generation heap of the worker in MB: an import that needs more fails instead of exhausting the server. */
	heapMb: number
}

/**
 * One worker, started at the first commit and again after it dies; commits of
 * several users run in it at once, as they did on the main thread.
 */
export function createImportWorker({ workerFile, buildFile, heapMb }: ImportWorkerOptions) {
	let worker: Worker | null = null
	const pending = new Map<string, Pending>()

	function start() {
		const started = new Worker(workerFile, { workerData: { buildFile }, resourceLimits: { maxOldGenerationSizeMb: heapMb } })
		started.on('message', (message: CommitMessage) => {
			const job = pending.get(message.jobId)
			if (!job) return
			if (message.type === 'progress') return job.onProgress(message.done, message.total)
			pending.delete(message.jobId)
			if (message.type === 'outcome') job.resolve(message.outcome)
			else job.reject(deserializeError(message.error))
			if (pending.size === 0) started.unref()
		})
		const fail = (error: Error) => {
			if (worker === started) worker = null
			// A worker that died took its open transactions with it: nothing of these jobs was written.
			for (const [jobId, job] of pending) {
				pending.delete(jobId)
				job.reject(error)
			}
		}
		started.on('error', (error: Error & { code?: string }) =>
			fail(error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? new ImportError('importer.commit.outOfMemory', { heapMb }) : error),
		)
		started.on('exit', (code) => fail(new Error(`import worker exited with code ${code}`)))
		return started
	}

	return {
		commit(jobId: string, state: unknown, onProgress: Pending['onProgress']) {
			worker ??= start()
			// A job in flight keeps the process alive; an idle worker does not.
			worker.ref()
			const promise = new Promise<ImportOutcome>((resolve, reject) => pending.set(jobId, { resolve, reject, onProgress }))
			worker.postMessage({ type: 'commit', jobId, state } satisfies CommitRequest)
			return promise
		},
		async stop() {
			const stopping = worker
			worker = null
			await stopping?.terminate()
		},
	}
}
