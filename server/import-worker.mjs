// The import worker (app/models/import-worker.server.ts, ADR 0017): a worker
// thread of the HTTP server that loads the same server build and commits
// imports with the app's own code, off the thread that answers requests.
// Plain Node ESM, like server/index.mjs.
import url from 'node:url'
import { parentPort, workerData } from 'node:worker_threads'

const build = await import(url.pathToFileURL(workerData.buildFile).href)
const hooks = build.entry.module.serverHooks

parentPort.on('message', async ({ type, jobId, state }) => {
	if (type !== 'commit') return
	try {
		const outcome = await hooks.commitImportHere(state, (done, total) => parentPort.postMessage({ type: 'progress', jobId, done, total }))
		parentPort.postMessage({ type: 'outcome', jobId, outcome })
	} catch (error) {
		parentPort.postMessage({ type: 'error', jobId, error: hooks.serializeImportError(error) })
	}
})
