// The app's write discipline on PostgreSQL (ADR 0023, after ADR 0014). On SQLite one
// process-wide gate and BEGIN IMMEDIATE make every write, and every transaction, the
// only writer of the file while it runs, and the models rely on it: a transaction that
// reads, checks and then writes (no second open lead for a company, the import's
// dependency mark, closed periods) sees nothing change underneath it. PostgreSQL gives
// each transaction its own pooled connection and runs them side by side, so here every
// transaction, and every single statement that writes, first takes one
// transaction-scoped advisory lock: writers still go one at a time, across every process
// on the database (server, import worker, CLI), and PostgreSQL releases the lock at
// COMMIT or ROLLBACK, also when a connection dies. Within a process, writers queue for
// their turn before they take a connection (WriterQueue), so writers waiting for the
// lock never hold every connection of the pool: plain reads never wait (MVCC), also while
// an import holds the lock. The writer whose turn it is takes its connection from a pool
// of its own (one connection: one writer at a time per process), never from the readers'
// pool, so under many users it does not wait behind every queued read for a connection
// while the writers behind it wait for it (issue #12 §5). The timer retries of the
// SQLite adapter are not needed.
import { PrismaPg } from '@prisma/adapter-pg'

type PgAdapter = Awaited<ReturnType<PrismaPg['connect']>>
type SqlQuery = Parameters<PgAdapter['queryRaw']>[0]

/** A statement that only reads: a SELECT, or a WITH that writes nothing (Prisma's own writes start INSERT, UPDATE or DELETE). */
const onlyReads = (sql: string) => /^\s*SELECT\b/i.test(sql) || (/^\s*WITH\b/i.test(sql) && !/\b(INSERT|UPDATE|DELETE)\b/i.test(sql))

/** The advisory lock every ChainLead transaction holds: one number, the same in every process. */
export const WRITE_LOCK_KEY = 7_243_110_012

/** How long a transaction waits for the lock (another's import, say) before it fails, as on SQLite. */
const LOCK_WAIT_MS = 60_000

/** The lock wait ran out, in this process's queue or on the server's lock. */
export class WriteLockTimeout extends Error {
	constructor() {
		super(`waited ${LOCK_WAIT_MS / 1000} s for the write lock`)
	}
}

/**
 * This process's writers, one at a time and in order, each waiting without a connection.
 * acquire() resolves to the release of the turn (safe to call twice).
 */
export class WriterQueue {
	#tail: Promise<void> = Promise.resolve()

	async acquire(timeoutMs = LOCK_WAIT_MS) {
		let release!: () => void
		const turn = new Promise<void>((resolve) => (release = resolve))
		const before = this.#tail
		this.#tail = before.then(() => turn)
		let timer: ReturnType<typeof setTimeout> | undefined
		const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)))
		const outcome = await Promise.race([before.then(() => 'ready' as const), timedOut])
		clearTimeout(timer)
		// Given up: the writers after this one go on as soon as the one before is done.
		if (outcome === 'timeout') {
			release()
			throw new WriteLockTimeout()
		}
		let released = false
		return () => {
			if (released) return
			released = true
			release()
		}
	}
}

/** Connections for reads outside transactions (node-postgres's default). */
export const READ_POOL_SIZE = 10
/** Connections for transactions and writes: one, since this process's writers go one at a time. */
export const WRITE_POOL_SIZE = 1

/** A Prisma driver adapter factory for the PostgreSQL database at `url` (`postgresql://…`), with the discipline above. */
export class LockedPostgres {
	readonly provider = 'postgres' as const
	readonly adapterName = '@prisma/adapter-pg'
	readonly #reads: PrismaPg
	readonly #writes: PrismaPg

	constructor(url: string) {
		this.#reads = new PrismaPg({ connectionString: url, max: READ_POOL_SIZE })
		this.#writes = new PrismaPg({ connectionString: url, max: WRITE_POOL_SIZE })
	}

	async connect(): Promise<PgAdapter> {
		const adapter = await this.#reads.connect()
		const writing = await this.#writes.connect()
		const dispose = adapter.dispose.bind(adapter)
		adapter.dispose = async () => {
			await Promise.all([dispose(), writing.dispose()])
		}
		const writers = new WriterQueue()
		// Transactions (and with them every write, below) run on the writers' own connection.
		const start = writing.startTransaction.bind(writing)
		adapter.startTransaction = async (isolationLevel) => {
			// The lock is taken by the transaction's first statement. Under REPEATABLE READ or SERIALIZABLE
			// that statement also fixes the snapshot, before the lock is granted: the transaction would read
			// what stood before the writer it waited for, and undo its work on save. READ COMMITTED takes a
			// snapshot per statement, so everything after the lock sees every commit before it.
			if (isolationLevel && isolationLevel !== 'READ COMMITTED')
				throw new Error(`ChainLead's PostgreSQL transactions run READ COMMITTED under the write lock (ADR 0023); ${isolationLevel} was asked for`)
			const release = await writers.acquire()
			let tx: Awaited<ReturnType<typeof start>>
			try {
				tx = await start(isolationLevel)
			} catch (error) {
				release()
				throw error
			}
			try {
				await tx.executeRaw({ sql: `SET LOCAL lock_timeout = '${LOCK_WAIT_MS}ms'; SELECT pg_advisory_xact_lock(${WRITE_LOCK_KEY})`, args: [], argTypes: [] })
			} catch (error) {
				await tx.executeRaw({ sql: 'ROLLBACK', args: [], argTypes: [] }).catch(() => {})
				await tx.rollback().finally(release)
				throw error
			}
			// The turn ends with the transaction, whichever way it ends.
			const commit = tx.commit.bind(tx)
			const rollback = tx.rollback.bind(tx)
			tx.commit = () => commit().finally(release)
			tx.rollback = () => rollback().finally(release)
			return tx
		}
		// A single writing statement runs in a transaction of its own, under the lock.
		const alone = async <T>(query: SqlQuery, run: (tx: Awaited<ReturnType<PgAdapter['startTransaction']>>) => Promise<T>) => {
			const tx = await adapter.startTransaction()
			try {
				const result = await run(tx)
				await tx.executeRaw({ sql: 'COMMIT', args: [], argTypes: [] })
				await tx.commit()
				return result
			} catch (error) {
				await tx.executeRaw({ sql: 'ROLLBACK', args: [], argTypes: [] }).catch(() => {})
				await tx.rollback()
				throw error
			}
		}
		const queryRaw = adapter.queryRaw.bind(adapter)
		const executeRaw = adapter.executeRaw.bind(adapter)
		adapter.queryRaw = (query) => (onlyReads(query.sql) ? queryRaw(query) : alone(query, (tx) => tx.queryRaw(query)))
		adapter.executeRaw = (query) => (onlyReads(query.sql) ? executeRaw(query) : alone(query, (tx) => tx.executeRaw(query)))
		return adapter
	}
}
