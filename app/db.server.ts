import path from 'node:path'
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3'
import { PrismaClient } from '~/generated/prisma/client'

export type Db = PrismaClient

/** Resolves DATABASE_URL the same way prisma.config.ts does. */
export function databaseUrl() {
	return process.env.DATABASE_URL ?? 'file:./data/chainlead.db'
}

/** The folder of the SQLite file: uploads being imported and install state live beside it. */
export function dataDirectory() {
	return path.dirname(path.resolve(databaseUrl().replace(/^file:/, '')))
}

export function createPrisma(url = databaseUrl()) {
	// A writer waits (up to a minute) for another connection's write transaction,
	// such as a long import, instead of failing with "database is locked".
	return new PrismaClient({ adapter: new PrismaBetterSQLite3({ url, timeout: 60_000 }) })
}

/**
 * Runs a long all-or-nothing write on a connection of its own. The shared
 * client has one connection, so an interactive transaction held open on it
 * would take in every other request's queries (and roll them back with it).
 */
export async function withOwnConnection<T>(work: (db: Db) => Promise<T>) {
	const db = createPrisma()
	try {
		return await work(db)
	} finally {
		await db.$disconnect()
	}
}

// One client per process; the global keeps it across dev-server reloads.
const globalForPrisma = globalThis as unknown as { __chainleadPrisma?: PrismaClient }
export const prisma = (globalForPrisma.__chainleadPrisma ??= createPrisma())
