import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3'
import { PrismaClient } from '~/generated/prisma/client'

export type Db = PrismaClient

/** Resolves DATABASE_URL the same way prisma.config.ts does. */
export function databaseUrl() {
	return process.env.DATABASE_URL ?? 'file:./data/chainlead.db'
}

export function createPrisma(url = databaseUrl()) {
	return new PrismaClient({ adapter: new PrismaBetterSQLite3({ url }) })
}

// One client per process; the global keeps it across dev-server reloads.
const globalForPrisma = globalThis as unknown as { __chainleadPrisma?: PrismaClient }
export const prisma = (globalForPrisma.__chainleadPrisma ??= createPrisma())
