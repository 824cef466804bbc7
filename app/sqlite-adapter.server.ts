// The app's one write discipline for SQLite (ADR 0014). Prisma's stock
// better-sqlite3 adapter runs everything on one connection: a transaction opens
// with a deferred BEGIN, so it fails with "database is locked" when another
// connection commits first; plain queries of other requests run inside whatever
// transaction is open, and are rolled back with it; and a write that meets a
// lock waits in SQLite's busy handler, synchronously, stalling every request.
// This adapter wraps two stock adapters on the same file:
// - a reader connection for statements that only read (WAL lets them go on
//   while a write transaction is open elsewhere, seeing committed data only);
// - a writer connection for transactions and single writing statements, taken
//   in turn through one process-wide queue per database file (the write gate),
//   with BEGIN IMMEDIATE so a transaction owns the write lock from its start.
// Neither connection has a busy timeout: a lock held by another process (the
// CLI importing while the server runs) is waited for by retrying on a timer,
// so the event loop stays free.
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3'
import Database from 'better-sqlite3'

type SqlDriverAdapter = Awaited<ReturnType<PrismaBetterSQLite3['connect']>>
type Transaction = Awaited<ReturnType<SqlDriverAdapter['startTransaction']>>
type SqlQuery = Parameters<SqlDriverAdapter['queryRaw']>[0]

/** How long a write waits for another process's lock before it fails. */
const BUSY_WAIT_MS = 60_000
/** Retry delays while another process holds the lock: short first, then steady. */
const BUSY_RETRY_MS = [2, 5, 10, 20, 50, 100] as const

/** A FIFO queue of one: whoever holds it is the only writer of the file in this process. */
export class WriteGate {
	#held = false
	#waiting: (() => void)[] = []

	/** Resolves with the release function once every earlier holder has released. */
	acquire(): Promise<() => void> {
		return new Promise((resolve) => {
			const grant = () => {
				this.#held = true
				let released = false
				resolve(() => {
					if (released) return
					released = true
					const next = this.#waiting.shift()
					if (next) next()
					else this.#held = false
				})
			}
			if (this.#held) this.#waiting.push(grant)
			else grant()
		})
	}

	async run<T>(work: () => Promise<T> | T): Promise<T> {
		const release = await this.acquire()
		try {
			return await work()
		} finally {
			release()
		}
	}

	/** Writers queued behind the current holder (for tests and diagnostics). */
	get queued() {
		return this.#waiting.length
	}
}

// Keyed by the file's absolute path: every Prisma client of the process on the
// same file (the app's, a CLI command's, a test's) shares one gate.
const gates = new Map<string, WriteGate>()
export function writeGateFor(file: string) {
	const key = path.resolve(file)
	let gate = gates.get(key)
	if (!gate) gates.set(key, (gate = new WriteGate()))
	return gate
}

const isBusy = (error: unknown) => {
	const e = error as { code?: unknown; cause?: { originalCode?: unknown } } | null
	return e?.code === 'SQLITE_BUSY' || e?.cause?.originalCode === 'SQLITE_BUSY'
}

/**
 * Runs `work` again, on a timer, while another process holds the lock. Only
 * for statements that did nothing when they failed busy: BEGIN IMMEDIATE and
 * single statements outside a transaction.
 */
async function retryWhileBusy<T>(work: () => Promise<T> | T): Promise<T> {
	const deadline = Date.now() + BUSY_WAIT_MS
	for (let attempt = 0; ; attempt++) {
		try {
			return await work()
		} catch (error) {
			if (!isBusy(error) || Date.now() >= deadline) throw error
			await sleep(BUSY_RETRY_MS[Math.min(attempt, BUSY_RETRY_MS.length - 1)])
		}
	}
}

/** The better-sqlite3 handle behind a stock adapter (the adapter keeps it as `client`). */
function handleOf(adapter: SqlDriverAdapter) {
	const client = (adapter as unknown as { client?: unknown }).client
	if (!(client instanceof Database)) throw new Error('The better-sqlite3 adapter no longer exposes its connection')
	return client
}

/** Whether a statement only reads, as SQLite itself says; remembered per SQL text. */
class ReadOnlyStatements {
	#known = new Map<string, boolean>()
	constructor(private readonly handle: Database.Database) {}

	has(sql: string) {
		let readonly = this.#known.get(sql)
		if (readonly === undefined) {
			readonly = this.handle.prepare(sql).readonly
			// Prisma's SQL texts repeat; `in (?, ?, …)` lists of many lengths are the exception.
			if (this.#known.size >= 2000) this.#known.clear()
			this.#known.set(sql, readonly)
		}
		return readonly
	}
}

class GatedTransaction implements Transaction {
	readonly provider = 'sqlite' as const
	readonly adapterName: string
	readonly options = { usePhantomQuery: false }
	constructor(
		private readonly writer: SqlDriverAdapter,
		private readonly release: () => void,
	) {
		this.adapterName = writer.adapterName
	}
	queryRaw(query: SqlQuery) {
		return this.writer.queryRaw(query)
	}
	executeRaw(query: SqlQuery) {
		return this.writer.executeRaw(query)
	}
	// Prisma has already sent COMMIT or ROLLBACK through executeRaw.
	async commit() {
		this.release()
	}
	async rollback() {
		this.release()
	}
}

class GatedSqliteAdapter implements SqlDriverAdapter {
	readonly provider = 'sqlite' as const
	readonly adapterName: string
	readonly #readOnly: ReadOnlyStatements

	constructor(
		private readonly reader: SqlDriverAdapter,
		private readonly writer: SqlDriverAdapter,
		private readonly gate: WriteGate,
	) {
		this.adapterName = writer.adapterName
		this.#readOnly = new ReadOnlyStatements(handleOf(reader))
	}

	queryRaw(query: SqlQuery) {
		if (this.#readOnly.has(query.sql)) return retryWhileBusy(() => this.reader.queryRaw(query))
		return this.gate.run(() => retryWhileBusy(() => this.writer.queryRaw(query)))
	}

	executeRaw(query: SqlQuery) {
		if (this.#readOnly.has(query.sql)) return retryWhileBusy(() => this.reader.executeRaw(query))
		return this.gate.run(() => retryWhileBusy(() => this.writer.executeRaw(query)))
	}

	executeScript(script: string) {
		return this.gate.run(() => this.writer.executeScript(script))
	}

	async startTransaction(isolationLevel?: Parameters<SqlDriverAdapter['startTransaction']>[0]): Promise<Transaction> {
		if (isolationLevel && isolationLevel !== 'SERIALIZABLE') throw new Error(`SQLite transactions are serializable; ${isolationLevel} was asked for`)
		const release = await this.gate.acquire()
		try {
			const begin = handleOf(this.writer).prepare('BEGIN IMMEDIATE')
			await retryWhileBusy(() => begin.run())
		} catch (error) {
			release()
			throw error
		}
		return new GatedTransaction(this.writer, release)
	}

	async dispose() {
		await Promise.all([this.reader.dispose(), this.writer.dispose()])
	}
}

/** A Prisma driver adapter factory for the SQLite file at `url` (`file:…`), with the write discipline above. */
export class GatedSqlite {
	readonly provider = 'sqlite' as const
	readonly adapterName = '@prisma/adapter-better-sqlite3'
	readonly #url: string

	constructor(url: string) {
		this.#url = url
	}

	async connect(): Promise<SqlDriverAdapter> {
		const open = () => new PrismaBetterSQLite3({ url: this.#url, timeout: 0 }).connect()
		const [reader, writer] = await Promise.all([open(), open()])
		// Readers only go on beside a writer in WAL mode; prepare-db sets it, and a
		// file made elsewhere (a test's, a restored copy) gets it here.
		const handle = handleOf(writer)
		if (handle.pragma('journal_mode', { simple: true }) !== 'wal') await retryWhileBusy(() => handle.pragma('journal_mode = WAL'))
		return new GatedSqliteAdapter(reader, writer, writeGateFor(this.#url.replace(/^file:/, '')))
	}
}
