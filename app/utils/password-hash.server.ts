import { createRequire } from 'node:module'
import os from 'node:os'
import { Worker } from 'node:worker_threads'

// Cost 10 keeps one check around 60–80 ms on the 2-core machines we run on.
export const BCRYPT_COST = 10

/*
 * bcrypt runs on worker threads. bcryptjs's async API is no help on the main
 * thread: it works in slices of up to 100 ms, longer than a whole cost-10 hash,
 * and the slices of parallel logins run back to back, so ten people signing in
 * at 9:00 froze every other request for most of a second (docs/benchmarks.md).
 *
 * The worker is plain CommonJS passed as a string: a separate worker file would
 * not survive the Vite server build. It loads bcryptjs from the path resolved
 * here, so the app, the CLI and the tests use the same copy.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const bcrypt = require(workerData.bcryptPath)
parentPort.on('message', (job) => {
	try {
		const result = job.op === 'hash' ? bcrypt.hashSync(job.password, job.cost) : bcrypt.compareSync(job.password, job.hash)
		parentPort.postMessage({ id: job.id, result })
	} catch (error) {
		parentPort.postMessage({ id: job.id, error: error instanceof Error ? error.message : String(error) })
	}
})
`

type JobInput = { op: 'hash'; password: string; cost: number } | { op: 'compare'; password: string; hash: string }
type Job = JobInput & { id: number }
type Pending = { job: Job; resolve: (value: unknown) => void; reject: (error: Error) => void }
type Slot = { worker: Worker; current: Pending | null }

/**
 * One worker per core, at most four. On 2 cores two workers answer ten parallel
 * logins sooner than one, and the main thread still got the CPU it needed
 * (docs/benchmarks.md): the OS shares the cores, bcrypt no longer blocks the loop.
 */
export function defaultThreadCount() {
	return Math.max(1, Math.min(4, os.availableParallelism()))
}

export function createPasswordHasher({ threads = defaultThreadCount() }: { threads?: number } = {}) {
	const bcryptPath = createRequire(import.meta.url).resolve('bcryptjs')
	const slots: Slot[] = []
	const queue: Pending[] = []
	let nextId = 1

	function spawn(): Slot {
		const slot: Slot = { worker: new Worker(WORKER_SOURCE, { eval: true, workerData: { bcryptPath } }), current: null }
		// Idle workers must not keep a CLI command or a test run alive.
		slot.worker.unref()
		slot.worker.on('message', (message: { id: number; result?: unknown; error?: string }) => {
			const done = slot.current
			if (!done || done.job.id !== message.id) return
			slot.current = null
			slot.worker.unref()
			if (message.error !== undefined) done.reject(new Error(`bcrypt: ${message.error}`))
			else done.resolve(message.result)
			dispatch()
		})
		const replace = (error: Error) => {
			slots.splice(slots.indexOf(slot), 1)
			slot.current?.reject(error)
			slot.current = null
			dispatch()
		}
		slot.worker.on('error', replace)
		slot.worker.on('exit', (code) => {
			if (slots.includes(slot)) replace(new Error(`bcrypt worker exited with code ${code}`))
		})
		slots.push(slot)
		return slot
	}

	function dispatch() {
		while (queue.length > 0) {
			const slot = slots.find((s) => s.current === null) ?? (slots.length < threads ? spawn() : null)
			if (!slot) return
			const pending = queue.shift()!
			slot.current = pending
			// A job in flight keeps the process alive until its answer arrives.
			slot.worker.ref()
			slot.worker.postMessage(pending.job)
		}
	}

	function run<T>(job: JobInput): Promise<T> {
		return new Promise<T>((resolve, reject) => {
			queue.push({ job: { ...job, id: nextId++ }, resolve: resolve as (value: unknown) => void, reject })
			dispatch()
		})
	}

	return {
		hash: (password: string, cost = BCRYPT_COST) => run<string>({ op: 'hash', password, cost }),
		verify: (password: string, hash: string) => run<boolean>({ op: 'compare', password, hash }),
		async close() {
			const all = slots.splice(0)
			await Promise.all(all.map((s) => s.worker.terminate()))
		},
	}
}

type PasswordHasher = ReturnType<typeof createPasswordHasher>

// One pool per process; the global keeps it across dev-server reloads.
const globalForHasher = globalThis as unknown as { __chainleadPasswordHasher?: PasswordHasher }
const sharedHasher = () => (globalForHasher.__chainleadPasswordHasher ??= createPasswordHasher())

export function hashPassword(password: string) {
	return sharedHasher().hash(password)
}

export function verifyPassword(password: string, hash: string) {
	return sharedHasher().verify(password, hash)
}
