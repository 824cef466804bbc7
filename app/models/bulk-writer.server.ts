// Bulk writes outside Prisma for generated data (demo:generate, tests, benches), on
// either engine: on SQLite better-sqlite3 prepared inserts (sqlite-bulk.server.ts),
// on PostgreSQL multi-row INSERTs of up to 1,000 rows (ADR 0023). Prisma's createMany
// is many times slower for 100,000 rows. All in one transaction, taken as the app
// takes its write lock on that engine, so a failure leaves nothing behind.
import Database from 'better-sqlite3'
import pg from 'pg'
import { engineOf } from '~/db.server'
import { WRITE_LOCK_KEY } from '~/postgres-adapter.server'
import { prepareInsert, sqliteFile, type SqlValue, sqliteValue, suspendQuotaRevisionTriggers } from './sqlite-bulk.server'

export type BulkWriter = {
	/** The rows of a query; `?` placeholders, bound values. */
	all<T>(sql: string, params?: readonly SqlValue[]): Promise<T[]>
	/** An insert of these columns: each call writes (or on PostgreSQL buffers) one row. Table and column names are code constants. */
	insert<C extends string>(table: string, columns: readonly C[]): (row: Readonly<Record<C, SqlValue>>) => void
	/** Writes buffered rows once a statement's worth has gathered; call it between rows. */
	drain(): Promise<void>
	/** Runs `work` in one write transaction; buffered rows are written before it commits. */
	transaction<T>(work: () => Promise<T>): Promise<T>
	close(): Promise<void>
}

/** A bulk writer on the database at `url` (`file:` or `postgresql://`). */
export async function openBulkWriter(url: string): Promise<BulkWriter> {
	return engineOf(url) === 'postgresql' ? postgresWriter(url) : sqliteWriter(url)
}

function sqliteWriter(url: string): BulkWriter {
	// Waits, like the app's connections, while another writer (an import) holds the lock.
	const db = new Database(sqliteFile(url), { fileMustExist: true, timeout: 60_000 })
	return {
		async all<T>(sql: string, params: readonly SqlValue[] = []) {
			return db.prepare(sql).all(...params.map(sqliteValue)) as T[]
		},
		insert: (table, columns) => prepareInsert(db, table, columns),
		async drain() {},
		async transaction(work) {
			db.exec('BEGIN IMMEDIATE')
			try {
				// One bump of the quota figures' revision for the whole write, not one per row (ADR 0041).
				const triggers = suspendQuotaRevisionTriggers(db)
				const result = await work()
				triggers.restore()
				db.exec('COMMIT')
				return result
			} catch (error) {
				db.exec('ROLLBACK')
				throw error
			}
		},
		async close() {
			db.close()
		},
	}
}

/** At most this many rows per INSERT, and never more than PostgreSQL's 65,535 parameters. */
const POSTGRES_ROWS_PER_INSERT = 1000

/** As Prisma stores them: DateTime as UTC in a `timestamp(3)`, BigInt as text PostgreSQL casts. */
function postgresValue(value: SqlValue) {
	if (value instanceof Date) return value.toISOString().replace('Z', '')
	if (typeof value === 'bigint') return value.toString()
	return value
}

async function postgresWriter(url: string): Promise<BulkWriter> {
	const client = new pg.Client({ connectionString: url })
	await client.connect()
	// In the order the inserts were made: parents first, so foreign keys hold at every statement.
	const buffers: { full: () => boolean; flush: () => Promise<void> }[] = []
	const flushAll = async () => {
		for (const buffer of buffers) await buffer.flush()
	}
	return {
		async all<T>(sql: string, params: readonly SqlValue[] = []) {
			let n = 0
			const result = await client.query(
				sql.replace(/\?/g, () => `$${++n}`),
				params.map(postgresValue),
			)
			return result.rows as T[]
		},
		insert(table, columns) {
			const limit = Math.min(POSTGRES_ROWS_PER_INSERT, Math.floor(65_535 / columns.length))
			const head = `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES `
			const pending: unknown[][] = []
			buffers.push({
				full: () => pending.length >= limit,
				async flush() {
					while (pending.length > 0) {
						const rows = pending.splice(0, limit)
						const tuples = rows.map((_, r) => `(${columns.map((_, c) => `$${r * columns.length + c + 1}`).join(', ')})`)
						await client.query(head + tuples.join(', '), rows.flat())
					}
				},
			})
			return (row) => {
				pending.push(columns.map((c) => postgresValue(row[c])))
			}
		},
		async drain() {
			if (buffers.some((buffer) => buffer.full())) await flushAll()
		},
		async transaction(work) {
			await client.query('BEGIN')
			try {
				// The app's write lock (postgres-adapter.server.ts): one writer at a time, as on SQLite.
				await client.query(`SET LOCAL lock_timeout = '60s'; SELECT pg_advisory_xact_lock(${WRITE_LOCK_KEY})`)
				const result = await work()
				await flushAll()
				await client.query('COMMIT')
				return result
			} catch (error) {
				await client.query('ROLLBACK')
				throw error
			}
		},
		async close() {
			await client.end()
		},
	}
}
