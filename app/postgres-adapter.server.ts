// The app's write discipline on PostgreSQL (ADR 0023, after ADR 0014). On SQLite one
// process-wide gate and BEGIN IMMEDIATE make every write, and every transaction, the
// only writer of the file while it runs, and the models rely on it: a transaction that
// reads, checks and then writes (no second open lead for a company, the import's
// dependency mark, closed periods) sees nothing change underneath it. PostgreSQL gives
// each transaction its own pooled connection and runs them side by side, so here every
// transaction, and every single statement that writes, first takes one
// transaction-scoped advisory lock: writers still go one at a time, across every process
// on the database (server, import worker, CLI), and PostgreSQL releases the lock at
// COMMIT or ROLLBACK, also when a connection dies. Plain reads never wait (MVCC): the
// reader/writer split and the timer retries of the SQLite adapter are not needed.
import { PrismaPg } from '@prisma/adapter-pg'

type PgAdapter = Awaited<ReturnType<PrismaPg['connect']>>
type SqlQuery = Parameters<PgAdapter['queryRaw']>[0]

/** A statement that only reads: a SELECT, or a WITH that writes nothing (Prisma's own writes start INSERT, UPDATE or DELETE). */
const onlyReads = (sql: string) => /^\s*SELECT\b/i.test(sql) || (/^\s*WITH\b/i.test(sql) && !/\b(INSERT|UPDATE|DELETE)\b/i.test(sql))

/** The advisory lock every ChainLead transaction holds: one number, the same in every process. */
export const WRITE_LOCK_KEY = 7_243_110_012

/** How long a transaction waits for the lock (another's import, say) before it fails, as on SQLite. */
const LOCK_WAIT = '60s'

/** A Prisma driver adapter factory for the PostgreSQL database at `url` (`postgresql://…`), with the discipline above. */
export class LockedPostgres {
	readonly provider = 'postgres' as const
	readonly adapterName = '@prisma/adapter-pg'
	readonly #inner: PrismaPg

	constructor(url: string) {
		this.#inner = new PrismaPg({ connectionString: url })
	}

	async connect(): Promise<PgAdapter> {
		const adapter = await this.#inner.connect()
		const start = adapter.startTransaction.bind(adapter)
		adapter.startTransaction = async (isolationLevel) => {
			const tx = await start(isolationLevel)
			try {
				await tx.executeRaw({ sql: `SET LOCAL lock_timeout = '${LOCK_WAIT}'; SELECT pg_advisory_xact_lock(${WRITE_LOCK_KEY})`, args: [], argTypes: [] })
			} catch (error) {
				await tx.executeRaw({ sql: 'ROLLBACK', args: [], argTypes: [] }).catch(() => {})
				await tx.rollback()
				throw error
			}
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
