// PostgreSQL helpers for the plain-Node scripts (ADR 0023).
import pg from 'pg'
import { isPostgresUrl } from './lib.mjs'

/** Whether a PostgreSQL server answers at `url` (within a few seconds); the reason when not. */
export async function reachPostgres(url) {
	if (!isPostgresUrl(url))
		return { ok: false, reason: url ? `not a postgresql:// URL: ${url.replace(/\/\/[^@/]*@/, '//***@')}` : 'TEST_DATABASE_URL is not set' }
	const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 })
	try {
		await client.connect()
		await client.query('SELECT 1')
		return { ok: true }
	} catch (error) {
		return { ok: false, reason: error instanceof Error ? error.message : String(error) }
	} finally {
		await client.end().catch(() => {})
	}
}

export const startServerHint =
	'Start the local one with `.ci/postgres.sh` (Debian postgresql: installs it when missing, starts it, prints TEST_DATABASE_URL), or point TEST_DATABASE_URL at a server where that role may create databases.'
