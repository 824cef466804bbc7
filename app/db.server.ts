import path from 'node:path'
import { PrismaClient } from '~/generated/prisma/client'
import { PrismaClient as PostgresPrismaClient } from '~/generated/prisma-pg/client'
import { LockedPostgres } from './postgres-adapter.server'
import { GatedSqlite } from './sqlite-adapter.server'

/**
 * The app's one client type. On PostgreSQL the client is generated from the same schema
 * (prisma/postgresql/schema.prisma is derived from prisma/schema.prisma, ADR 0023), so its
 * models, arguments and results are the same; only the provider inside differs.
 */
export type Db = PrismaClient

export type Engine = 'sqlite' | 'postgresql'

/** Resolves DATABASE_URL the same way prisma.config.ts does. */
export function databaseUrl() {
	return process.env.DATABASE_URL ?? 'file:./data/chainlead.db'
}

/** The engine a database URL names: `postgresql://` or `postgres://` is PostgreSQL, anything else a SQLite `file:`. */
export function engineOf(url = databaseUrl()): Engine {
	return /^postgres(ql)?:\/\//.test(url) ? 'postgresql' : 'sqlite'
}

/**
 * Uploads being imported, 核验 evidence and install state (setup token, session secret):
 * DATA_DIR when set; else the SQLite file's folder, or `data/` on PostgreSQL.
 */
export function dataDirectory() {
	if (process.env.DATA_DIR) return path.resolve(process.env.DATA_DIR)
	const url = databaseUrl()
	return engineOf(url) === 'postgresql' ? path.resolve('data') : path.dirname(path.resolve(url.replace(/^file:/, '')))
}

// Transactions queue for the write lock (sqlite-adapter.server.ts, postgres-adapter.server.ts);
// behind an import's write they may wait longer than Prisma's default 2 s.
const transactionOptions = { maxWait: 60_000 }

export function createPrisma(url = databaseUrl()): Db {
	if (engineOf(url) === 'postgresql') {
		const client = new PostgresPrismaClient({ adapter: new LockedPostgres(url), transactionOptions })
		return client as unknown as Db
	}
	return new PrismaClient({ adapter: new GatedSqlite(url), transactionOptions })
}

// One client per process; the global keeps it across dev-server reloads.
const globalForPrisma = globalThis as unknown as { __chainleadPrisma?: Db }
export const prisma = (globalForPrisma.__chainleadPrisma ??= createPrisma())
