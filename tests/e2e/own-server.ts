import { type Browser } from 'playwright-core'
import { afterAll, beforeAll } from 'vitest'
import { createPrisma, type Db } from '~/db.server'
import { type ServerProcess, startServer } from '../helpers/server-process'
import { launchBrowser } from './browser'
import { copyTestDatabase, type TestDatabase } from './databases'

/** `dataDir`: the server's data folder (uploads, evidence, setup token). */
export type OwnServer = { server: ServerProcess; baseUrl: string; browser: Browser; db: Db; dataDir: string }

/**
 * A production server of the test file's own, on a copy of the seeded data (for
 * tests that change what others read), with a browser and a Prisma client on the
 * same database (a SQLite file, or a PostgreSQL database on the PostgreSQL run):
 * started before the file's tests, stopped and removed after them.
 * `env` adds settings of the server's (e.g. a smaller import worker heap).
 */
export function ownServerWithBrowser(env: Record<string, string> = {}): OwnServer {
	const own = {} as OwnServer
	let database: TestDatabase | undefined
	beforeAll(async () => {
		database = await copyTestDatabase()
		own.dataDir = database.dir
		own.server = await startServer({ ...database.env, ...env })
		own.baseUrl = own.server.baseUrl
		own.browser = await launchBrowser()
		own.db = createPrisma(database.url)
	})
	afterAll(async () => {
		await own.browser?.close()
		await own.db?.$disconnect()
		await own.server?.stop()
		await database?.remove()
	})
	return own
}

/** The seeded county (赣县区): the region the demo's accounts, leads and projects belong to (ADR 0026). */
export async function countyOf(db: Db) {
	return (await db.region.findUniqueOrThrow({ where: { code: 'jx-gz-gx' }, select: { id: true } })).id
}
