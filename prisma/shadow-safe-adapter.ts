import { randomUUID } from 'node:crypto'
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3'
import { PrismaPg } from '@prisma/adapter-pg'

type Factory = PrismaBetterSQLite3
type Adapter = Awaited<ReturnType<Factory['connect']>>

/**
 * The schema engine replays whole migration files into the shadow database with
 * `executeRaw`, which the stock adapter runs through better-sqlite3 `prepare()`
 * and which rejects multi-statement SQL. This wrapper falls back to `exec` for
 * exactly that case. Used by the Prisma CLI only (prisma.config.ts); the app has its own (ADR 0014).
 */
export class ShadowSafeBetterSQLite3 {
	readonly provider = 'sqlite' as const
	readonly adapterName = '@prisma/adapter-better-sqlite3'
	readonly #inner: Factory

	constructor(config: ConstructorParameters<typeof PrismaBetterSQLite3>[0]) {
		this.#inner = new PrismaBetterSQLite3(config)
	}

	async connect() {
		return patch(await this.#inner.connect())
	}

	async connectToShadowDb() {
		return patch(await this.#inner.connectToShadowDb())
	}
}

function patch(adapter: Adapter): Adapter {
	const original = adapter.executeRaw.bind(adapter)
	adapter.executeRaw = async (query) => {
		try {
			return await original(query)
		} catch (error) {
			const multiStatement = error instanceof RangeError && /more than one statement/.test(error.message)
			if (!multiStatement || query.args.length > 0) throw error
			await adapter.executeScript(query.sql)
			return 0
		}
	}
	return adapter
}

/** node-postgres settings for a postgresql:// URL (a `host` parameter may name a socket folder). */
function poolConfig(url: string) {
	const u = new URL(url)
	const decode = decodeURIComponent
	return {
		host: u.searchParams.get('host') ?? (decode(u.hostname) || 'localhost'),
		port: Number(u.port || 5432),
		user: decode(u.username) || undefined,
		password: decode(u.password) || undefined,
		database: decode(u.pathname.slice(1)) || undefined,
	}
}

type PgAdapter = Awaited<ReturnType<PrismaPg['connect']>>
type PgResult = { fields?: { dataTypeID: number }[] }
/** One result, or one per statement of a multi-statement script. */
type PgQueryable = { performIO(query: unknown): Promise<PgResult | PgResult[]> }

/** PostgreSQL's catalog string types `"char"` and `name`, which the schema engine reads as text. */
const CATALOG_STRING_TYPES = new Set([18, 19])
const TEXT_OID = 25

/**
 * The stock adapter refuses result columns of type `name` ("Column type 'name' could not be
 * deserialized", prisma/prisma#27403), and the schema engine reads the catalog, where most
 * columns are of that type: every migrate command that describes a database fails. They are
 * plain strings, so they are reported as text. (`performIO` is the adapter's own method.)
 */
function readCatalogStrings<T extends object>(queryable: T): T {
	const io = queryable as unknown as PgQueryable
	const perform = io.performIO.bind(io)
	io.performIO = async (query) => {
		const result = await perform(query)
		for (const field of [result].flat().flatMap((r) => r.fields ?? [])) if (CATALOG_STRING_TYPES.has(field.dataTypeID)) field.dataTypeID = TEXT_OID
		return result
	}
	return queryable
}

/**
 * The stock adapter runs a migration script by splitting it at every semicolon, inside a
 * dollar-quoted function body too (the trigger function of ADR 0036). A script with such a body
 * goes to the server whole, as one simple query (statements in one implicit transaction).
 */
function runDollarQuotedWhole(adapter: PgAdapter) {
	const runSplit = adapter.executeScript.bind(adapter)
	const pool = (adapter as unknown as { client: { query(sql: string): Promise<unknown> } }).client
	adapter.executeScript = async (script) => {
		if (!script.includes('$$')) return runSplit(script)
		await pool.query(script)
	}
}

function patchPg(adapter: PgAdapter): PgAdapter {
	readCatalogStrings(adapter)
	runDollarQuotedWhole(adapter)
	const start = adapter.startTransaction.bind(adapter)
	adapter.startTransaction = async (isolationLevel) => readCatalogStrings(await start(isolationLevel))
	return adapter
}

/**
 * The PostgreSQL adapter for the Prisma CLI (prisma.postgresql.config.ts): the stock one with
 * catalog strings read as text (above), and a working shadow database (a temporary database for
 * `migrate diff --from-migrations`, the drift check): the stock factory points it at
 * `{ ...config, database }`, which a connection string overrides, and drops it while its own pool
 * still holds a connection. This one connects to it by name and drops it (WITH (FORCE)) after
 * its pool has closed.
 */
export class ShadowSafePg {
	readonly provider = 'postgres' as const
	readonly adapterName = '@prisma/adapter-pg'
	readonly #config: ReturnType<typeof poolConfig>

	constructor(url: string) {
		this.#config = poolConfig(url)
	}

	async connect() {
		return patchPg(await new PrismaPg(this.#config).connect())
	}

	async connectToShadowDb() {
		const main = await this.connect()
		const database = `prisma_migrate_shadow_db_${randomUUID()}`
		await main.executeScript(`CREATE DATABASE "${database}"`)
		const shadow = patchPg(await new PrismaPg({ ...this.#config, database }).connect())
		const dispose = shadow.dispose.bind(shadow)
		shadow.dispose = async () => {
			try {
				await dispose()
			} finally {
				await main.executeScript(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`)
				await main.dispose()
			}
		}
		return shadow
	}
}
