import { randomUUID } from 'node:crypto'
import { z } from 'zod'
import { type Db } from '~/db.server'
import { Prisma } from '~/generated/prisma/client'
import { type UserMessage, userMessage } from '~/utils/user-error'

/**
 * Import commits as rows (ADR 0014). A job's id is its upload's, so a retried
 * or doubled commit of one upload finds the job instead of writing twice. The
 * job turns "committed" in the transaction that writes the batch; a job still
 * "running" under a process that is gone was cut off before that commit, so it
 * wrote nothing, and the page says so and lets the user commit again.
 */

type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0]
export type ImportJobStatus = 'running' | 'committed' | 'failed' | 'interrupted'
export type ImportJobResult = { batchId: string | null; created: number; updated: number; skipped: number }
export type ImportJobView = {
	id: string
	status: ImportJobStatus
	/** ISO time of this run (a retry of the same upload starts a new one). */
	startedAt: string
	done: number
	total: number
	error: UserMessage | null
	result: ImportJobResult | null
}

// Progress changes many times a second while the transaction holds the write
// lock, so it stays in this process; the state that must survive a crash is in the row.
const globalForJobs = globalThis as unknown as { __chainleadProcessId?: string; __chainleadImportProgress?: Map<string, { done: number; total: number }> }
const PROCESS_ID = (globalForJobs.__chainleadProcessId ??= randomUUID())
const progress = (globalForJobs.__chainleadImportProgress ??= new Map<string, { done: number; total: number }>())

const JOB_SELECT = {
	id: true,
	status: true,
	processId: true,
	errorKey: true,
	errorParams: true,
	batchId: true,
	created: true,
	updated: true,
	skipped: true,
	startedAt: true,
} as const
type JobRow = Prisma.ImportJobGetPayload<{ select: typeof JOB_SELECT }>

const paramsSchema = z.record(z.string(), z.union([z.string(), z.number()]))

function statusOf(row: JobRow): ImportJobStatus {
	if (row.status === 'running' && row.processId !== PROCESS_ID) return 'interrupted'
	return z.enum(['running', 'committed', 'failed', 'interrupted']).parse(row.status)
}

function viewOf(row: JobRow): ImportJobView {
	const status = statusOf(row)
	const written = (row.created ?? 0) + (row.updated ?? 0)
	const { done, total } = (status === 'running' && progress.get(row.id)) || (status === 'committed' ? { done: written, total: written } : { done: 0, total: 0 })
	return {
		id: row.id,
		status,
		startedAt: row.startedAt.toISOString(),
		done,
		total,
		error: status === 'failed' && row.errorKey ? userMessage(row.errorKey, paramsSchema.catch({}).parse(JSON.parse(row.errorParams ?? '{}'))) : null,
		result: status === 'committed' ? { batchId: row.batchId, created: row.created ?? 0, updated: row.updated ?? 0, skipped: row.skipped ?? 0 } : null,
	}
}

/** The job of upload `id`, for its owner only. */
export async function getImportJob(db: Db, id: string, userId: string) {
	const row = await db.importJob.findFirst({ where: { id, userId }, select: JOB_SELECT })
	return row ? viewOf(row) : null
}

type JobStart = { id: string; kind: string; fileName: string; userId: string }

const running = (processId: string) => ({ status: 'running', processId, errorKey: null, errorParams: null, startedAt: new Date(), finishedAt: null })

/**
 * Claims the commit of upload `id` for this process: a new job, or a failed or
 * interrupted one tried again. `claimed` is false when the upload is committed
 * or being committed already; the caller must not write it then.
 */
export async function claimImportJob(db: Db, start: JobStart): Promise<{ job: ImportJobView; claimed: boolean }> {
	const existing = await db.importJob.findUnique({ where: { id: start.id }, select: JOB_SELECT })
	if (existing) {
		const status = statusOf(existing)
		if (status === 'committed' || status === 'running') return { job: viewOf(existing), claimed: false }
		// Compare-and-set on what was read: of two retries at once, one claims it.
		const { count } = await db.importJob.updateMany({
			where: { id: start.id, status: existing.status, processId: existing.processId },
			data: running(PROCESS_ID),
		})
		return count === 1 ? { job: await claimedView(db, start.id), claimed: true } : { job: await currentView(db, start.id), claimed: false }
	}
	try {
		await db.importJob.create({ data: { ...start, ...running(PROCESS_ID) }, select: { id: true } })
	} catch (error) {
		// The same upload committed twice at once: the first one runs it.
		if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') return { job: await currentView(db, start.id), claimed: false }
		throw error
	}
	return { job: await claimedView(db, start.id), claimed: true }
}

async function currentView(db: Db, id: string) {
	return viewOf(await db.importJob.findUniqueOrThrow({ where: { id }, select: JOB_SELECT }))
}

async function claimedView(db: Db, id: string) {
	progress.set(id, { done: 0, total: 0 })
	return currentView(db, id)
}

export function reportImportProgress(id: string, done: number, total: number) {
	progress.set(id, { done, total })
}

/** Written in the transaction that writes the batch: committed and written are one fact. */
export async function markImportJobCommitted(tx: Tx, id: string, result: ImportJobResult) {
	await tx.importJob.update({ where: { id }, data: { status: 'committed', ...result, finishedAt: new Date() }, select: { id: true } })
}

/** A job that ended without a batch: nothing to write, or a refusal (the transaction wrote nothing). */
export async function finishImportJob(db: Db, id: string, outcome: { result: ImportJobResult } | { error: UserMessage }) {
	progress.delete(id)
	const data =
		'result' in outcome
			? { status: 'committed', ...outcome.result }
			: { status: 'failed', errorKey: outcome.error.key, errorParams: JSON.stringify(outcome.error.params) }
	// Only this process's running job: a committed one stays committed.
	await db.importJob.updateMany({ where: { id, status: 'running', processId: PROCESS_ID }, data: { ...data, finishedAt: new Date() } })
}

/** Drops a failed or cut-off job of upload `id` once the user changes the upload: its message no longer applies. */
export async function dismissEndedImportJob(db: Db, id: string) {
	await db.importJob.deleteMany({ where: { id, OR: [{ status: 'failed' }, { status: 'running', processId: { not: PROCESS_ID } }] } })
}
