// Bulk writes straight through better-sqlite3, for generated data (demo:generate,
// benches): prepared inserts in one transaction run about 80× faster than Prisma's
// createMany. Values are stored the way the Prisma SQLite adapter stores them, so
// the app reads the rows back like any other.
import path from 'node:path'
import type Database from 'better-sqlite3'
import { databaseUrl } from '~/db.server'

export type SqlValue = string | number | bigint | boolean | Date | null

/** As the Prisma SQLite adapter writes DateTime: ISO text with a +00:00 offset. */
export const sqliteDateTime = (date: Date) => date.toISOString().replace('Z', '+00:00')

/** The SQLite file of a `file:` URL; a relative path resolves against the cwd, as better-sqlite3 opens it. */
export function sqliteFile(url = databaseUrl()) {
	return path.resolve(url.replace(/^file:/, ''))
}

export function sqliteValue(value: SqlValue) {
	if (value instanceof Date) return sqliteDateTime(value)
	if (typeof value === 'boolean') return value ? 1 : 0
	return value
}

/**
 * A prepared INSERT of these columns; each call writes one row, Date and boolean
 * values stored as Prisma stores them. Table and column names are code constants
 * (never input); every value is a bound parameter.
 */
export function prepareInsert<C extends string>(db: Database.Database, table: string, columns: readonly C[]) {
	const statement = db.prepare(`INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`)
	return (row: Readonly<Record<C, SqlValue>>) => {
		statement.run(columns.map((c) => sqliteValue(row[c])))
	}
}

/**
 * The quota figures' revision triggers (ADR 0036) held off for one bulk write:
 * `work` runs with the row triggers dropped, then the revision is bumped once and
 * the triggers are made again from their own stored SQL, all inside the caller's
 * write transaction (BEGIN IMMEDIATE). SQLite's DDL is transactional, so no other
 * connection ever sees a table without its triggers, and a rollback brings them
 * back; as the transaction holds the one write lock, no other writer can slip a
 * write past them meanwhile. Row triggers cost every generated row an UPDATE of
 * the revision (ADR 0041); a bulk write is one change of the figures, as a
 * statement trigger on PostgreSQL counts it.
 */
export function suspendQuotaRevisionTriggers(db: Database.Database) {
	if (!db.inTransaction) throw new Error('suspendQuotaRevisionTriggers: call it inside the write transaction')
	const triggers = db
		.prepare(`SELECT "name", "sql" FROM "sqlite_master" WHERE "type" = 'trigger' AND "name" LIKE '%\\_quota\\_input\\_%' ESCAPE '\\' ORDER BY "name"`)
		.all() as { name: string; sql: string }[]
	for (const { name } of triggers) db.exec(`DROP TRIGGER "${name.replaceAll('"', '""')}"`)
	return {
		/** Bumps every revision row once (ADR 0043: a bulk write may touch any kind's inputs) and makes the triggers again; call it before COMMIT. */
		restore() {
			db.prepare('UPDATE "QuotaInputRevision" SET "value" = "value" + 1').run()
			for (const { sql } of triggers) db.exec(sql)
		},
	}
}
