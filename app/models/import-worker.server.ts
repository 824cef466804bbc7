import { Worker } from 'node:worker_threads'
import { ImportFileError } from '~/domain/import/file-error'
import { ImportError } from './import-commit.server'

/**
 * Import work on a worker thread (ADR 0017). Reading a 50,000-row upload,
 * checking its rows against 100,000 companies for the preview, and writing them
 * are seconds of JavaScript; on the server's one thread every other user waited
 * behind them, and their garbage collections paused them all. On a worker they
 * run beside the requests, with their own heap and their own database
 * connections (the write lock between them is SQLite's, as between processes,
 * ADR 0014). A worker that runs out of its heap ends alone: its tasks fail, the
 * server stays.
 */

/** What the main thread asks: run task `task` (import-session.server.ts says which) as `taskId`. */
export type TaskRequest = { type: 'task'; taskId: string; task: unknown }
/** What the worker answers, for one task: progress any number of times, then a result or an error. */
export type TaskMessage =
	| { type: 'progress'; taskId: string; done: number; total: number }
	| { type: 'result'; taskId: string; result: unknown }
	| { type: 'error'; taskId: string; error: SerializedError }

type UserErrorFields = { messageKey: string; params: Record<string, string | number> }
export type SerializedError = { importError: UserErrorFields & Pick<ImportError, 'status' | 'records'> } | { fileError: UserErrorFields } | { message: string }

/** An error as it can cross to the main thread: the errors users read keep their message key and parameters. */
export function serializeError(error: unknown): SerializedError {
	if (error instanceof ImportError) return { importError: { messageKey: error.messageKey, params: error.params, status: error.status, records: error.records } }
	if (error instanceof ImportFileError) return { fileError: { messageKey: error.messageKey, params: error.params } }
	return { message: error instanceof Error ? (error.stack ?? error.message) : String(error) }
}

function deserializeError(error: SerializedError) {
	if ('importError' in error) {
		const { messageKey, params, status, records } = error.importError
		return new ImportError(messageKey, params, status, records)
	}
	if ('fileError' in error) return new ImportFileError(error.fileError.messageKey, error.fileError.params)
	return new Error(`import worker: ${error.message}`)
}

type Pending = { resolve: (result: unknown) => void; reject: (error: Error) => void; onProgress?: (done: number, total: number) => void }

export type ImportWorkerOptions = {
	/** The worker's script (server/import-worker.mjs), which loads `buildFile` and answers TaskRequests. */
	workerFile: string
	buildFile: string
	/** Old-generation heap of the worker in MB: an import that needs more fails instead of exhausting the server. */
	heapMb: number
}

/**
 * One worker, started at the first task and again after it dies; tasks of
 * several users (uploads, previews, commits) run in it at once.
 */
export function createImportWorker({ workerFile, buildFile, heapMb }: ImportWorkerOptions) {
	let worker: Worker | null = null
	const pending = new Map<string, Pending>()
	let nextTaskId = 1

	function start() {
		const started = new Worker(workerFile, { workerData: { buildFile }, resourceLimits: { maxOldGenerationSizeMb: heapMb } })
		started.on('message', (message: TaskMessage) => {
			const task = pending.get(message.taskId)
			if (!task) return
			if (message.type === 'progress') return task.onProgress?.(message.done, message.total)
			pending.delete(message.taskId)
			if (message.type === 'result') task.resolve(message.result)
			else task.reject(deserializeError(message.error))
			if (pending.size === 0) started.unref()
		})
		const fail = (error: Error) => {
			if (worker === started) worker = null
			// A worker that died took its open transactions with it: nothing of these tasks was written.
			for (const [taskId, task] of pending) {
				pending.delete(taskId)
				task.reject(error)
			}
		}
		started.on('error', (error: Error & { code?: string }) =>
			fail(error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? new ImportError('importer.commit.outOfMemory', { heapMb }) : error),
		)
		started.on('exit', (code) => fail(new Error(`import worker exited with code ${code}`)))
		return started
	}

	return {
		run: (task: unknown, onProgress?: Pending['onProgress']) => {
			worker ??= start()
			// A task in flight keeps the process alive; an idle worker does not.
			worker.ref()
			const taskId = String(nextTaskId++)
			const promise = new Promise<unknown>((resolve, reject) => pending.set(taskId, { resolve, reject, onProgress }))
			worker.postMessage({ type: 'task', taskId, task } satisfies TaskRequest)
			return promise
		},
		async stop() {
			const stopping = worker
			worker = null
			await stopping?.terminate()
		},
	}
}
