// Test databases on a PostgreSQL server (ADR 0023): the PostgreSQL run's counterpart of the
// SQLite run's temp files. TEST_DATABASE_URL names a role that may create databases; each run
// makes one migrated and seeded template, each test file its own copy (CREATE DATABASE …
// TEMPLATE, PostgreSQL's file copy), dropped when the file is done.
import pg from 'pg'

/** Code-point order (as SQLite's BINARY) and Unicode character classes (pg_trgm reads CJK as letters). */
export const DATABASE_LOCALE = "ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C.UTF-8'"

/** The URL of database `name` on the server of `serverUrl`. */
export function databaseUrlOn(serverUrl: string, name: string) {
	const url = new URL(serverUrl)
	url.pathname = `/${name}`
	return url.toString()
}

async function onServer<T>(serverUrl: string, work: (client: pg.Client) => Promise<T>) {
	const client = new pg.Client({ connectionString: serverUrl })
	await client.connect()
	try {
		return await work(client)
	} finally {
		await client.end()
	}
}

const identifier = (name: string) => {
	if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`not a test database name: ${name}`)
	return `"${name}"`
}

/** Creates database `name` (empty, or a copy of `template`) and returns its URL. */
export async function createDatabase(serverUrl: string, name: string, template?: string) {
	const from = template ? `TEMPLATE ${identifier(template)}` : `TEMPLATE template0 ${DATABASE_LOCALE}`
	await onServer(serverUrl, (client) => client.query(`CREATE DATABASE ${identifier(name)} ${from}`))
	return databaseUrlOn(serverUrl, name)
}

/** Drops database `name`, after autovacuum (a superuser's process, which FORCE may not end) has left it. */
export async function dropDatabase(serverUrl: string, name: string) {
	for (let attempt = 0; ; attempt++) {
		try {
			await onServer(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${identifier(name)} WITH (FORCE)`))
			return
		} catch (error) {
			const insufficientPrivilege = (error as { code?: string }).code === '42501'
			if (!insufficientPrivilege || attempt >= 50) throw error
			await new Promise((resolve) => setTimeout(resolve, 200))
		}
	}
}

/** A database name unique to this process and call. */
export const uniqueDatabaseName = (prefix: string) => `${prefix}_${process.pid}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`
