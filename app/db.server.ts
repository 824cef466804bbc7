import path from 'node:path'
import { PrismaClient } from '~/generated/prisma/client'
import { GatedSqlite } from './sqlite-adapter.server'

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
	return new PrismaClient({
		adapter: new GatedSqlite(url),
		// Transactions queue for the write gate (sqlite-adapter.server.ts); behind
		// an import's write they may wait longer than Prisma's default 2 s.
		transactionOptions: { maxWait: 60_000 },
	})
}

// One client per process; the global keeps it across dev-server reloads.
const globalForPrisma = globalThis as unknown as { __chainleadPrisma?: PrismaClient }
export const prisma = (globalForPrisma.__chainleadPrisma ??= createPrisma())
