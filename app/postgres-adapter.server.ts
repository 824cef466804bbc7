// The app's write discipline on PostgreSQL (ADR 0019, after ADR 0014). On SQLite one
// process-wide gate and BEGIN IMMEDIATE make every transaction the only writer of the
// file while it runs, and the models rely on it: a transaction that reads, checks and
// then writes (no second open lead for a company, the import's dependency mark, closed
// periods) sees nothing change underneath it. PostgreSQL gives each transaction its own
// pooled connection and runs them side by side, so here every transaction first takes
// one transaction-scoped advisory lock: transactions still run one at a time, across
// every process on the database (server, import worker, CLI), and PostgreSQL releases
// the lock at COMMIT or ROLLBACK, also when a connection dies. Single statements outside
// a transaction take no lock (PostgreSQL's row locks suffice), and reads never wait
// (MVCC): the reader/writer split and the timer retries of the SQLite adapter are not needed.
import { PrismaPg } from '@prisma/adapter-pg'

type PgAdapter = Awaited<ReturnType<PrismaPg['connect']>>

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
		return adapter
	}
}
