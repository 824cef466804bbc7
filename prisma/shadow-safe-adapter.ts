import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3'

type Factory = PrismaBetterSQLite3
type Adapter = Awaited<ReturnType<Factory['connect']>>

/**
 * The schema engine replays whole migration files into the shadow database with
 * `executeRaw`, which the stock adapter runs through better-sqlite3 `prepare()`
 * and which rejects multi-statement SQL. This wrapper falls back to `exec` for
 * exactly that case. Used by the Prisma CLI only; the app uses the stock adapter.
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
			const multiStatement =
				error instanceof RangeError && /more than one statement/.test(error.message)
			if (!multiStatement || query.args.length > 0) throw error
			await adapter.executeScript(query.sql)
			return 0
		}
	}
	return adapter
}
