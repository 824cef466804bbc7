import { randomUUID } from 'node:crypto'

/**
 * In-process background jobs with progress, for work that outlasts a request
 * (committing a large import). A job lives in this process only: a restart
 * forgets it, and its transaction, never committed, leaves nothing behind.
 */

export type JobError = { messageKey: string; params: Record<string, string | number> }

export type Job<R> = {
	id: string
	ownerId: string
	status: 'running' | 'done' | 'failed'
	done: number
	total: number
	result: R | null
	error: JobError | null
}

/** How long a finished job stays readable for the page that polls it. */
const KEEP_FINISHED_MS = 60 * 60 * 1000

const globalForJobs = globalThis as unknown as { __chainleadJobs?: Map<string, Job<unknown>> }
const jobs = (globalForJobs.__chainleadJobs ??= new Map())

type Work<R> = (progress: (done: number, total: number) => void) => Promise<R>

/** An id for the next job, so a caller can record it before the job can finish. */
export function newJobId() {
	return randomUUID()
}

/** Starts `work` without waiting for it; `toError` turns a failure into a message for the user. */
export function startJob<R>(id: string, ownerId: string, work: Work<R>, toError: (error: unknown) => JobError) {
	const job: Job<R> = { id, ownerId, status: 'running', done: 0, total: 0, result: null, error: null }
	jobs.set(job.id, job)
	const finish = () => setTimeout(() => jobs.delete(job.id), KEEP_FINISHED_MS).unref()
	work((done, total) => {
		job.done = done
		job.total = total
	}).then(
		(result) => {
			job.result = result
			job.status = 'done'
			finish()
		},
		(error: unknown) => {
			job.error = toError(error)
			job.status = 'failed'
			finish()
		},
	)
	return job
}

/** The job, for its owner only. */
export function getJob<R>(id: string, ownerId: string) {
	const job = jobs.get(id) as Job<R> | undefined
	return job && job.ownerId === ownerId ? job : null
}
