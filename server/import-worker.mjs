// The import worker (app/models/import-worker.server.ts, ADR 0017): a worker
// thread of the HTTP server that loads the same server build and reads, checks
// and commits imports with the app's own code, off the thread that answers
// requests. Plain Node ESM, like server/index.mjs.
import url from 'node:url'
import { parentPort, workerData } from 'node:worker_threads'

const build = await import(url.pathToFileURL(workerData.buildFile).href)
const hooks = build.entry.module.serverHooks

parentPort.on('message', async ({ type, taskId, task }) => {
	if (type !== 'task') return
	try {
		const result = await hooks.runImportTaskHere(task, (done, total) => parentPort.postMessage({ type: 'progress', taskId, done, total }))
		parentPort.postMessage({ type: 'result', taskId, result })
	} catch (error) {
		parentPort.postMessage({ type: 'error', taskId, error: hooks.serializeImportError(error) })
	}
})
