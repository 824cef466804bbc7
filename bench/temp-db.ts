// A temporary SQLite file (or PostgreSQL database) for one bench, migrated with
// `prisma migrate deploy` like a real database; data/chainlead.db is never touched.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { createDatabase, dropDatabase, uniqueDatabaseName } from '../tests/helpers/postgres-databases'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

export function createTempDb() {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chainlead-bench-'))
	const remove = () => fs.rmSync(dir, { recursive: true, force: true })
	const file = path.join(dir, 'bench.db')
	const url = `file:${file}`
	try {
		execFileSync(path.join(root, 'node_modules/.bin/prisma'), ['migrate', 'deploy'], {
			cwd: root,
			env: { ...process.env, DATABASE_URL: url },
			stdio: 'pipe',
		})
	} catch (error) {
		remove()
		throw error
	}
	return { dir, file, url, remove }
}

/**
 * A temporary PostgreSQL database on the server of `serverUrl` (a role that may create databases,
 * as TEST_DATABASE_URL), migrated with `prisma migrate deploy`, with a data folder of its own; dropped by remove().
 */
export async function createTempPostgresDb(serverUrl: string, prefix: string) {
	const name = uniqueDatabaseName(prefix)
	const url = await createDatabase(serverUrl, name)
	const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'chainlead-bench-pg-'))
	const remove = async () => {
		fs.rmSync(dataDir, { recursive: true, force: true })
		await dropDatabase(serverUrl, name)
	}
	try {
		execFileSync(path.join(root, 'node_modules/.bin/prisma'), ['migrate', 'deploy', '--config', 'prisma.postgresql.config.ts'], {
			cwd: root,
			env: { ...process.env, DATABASE_URL: url },
			stdio: 'pipe',
		})
	} catch (error) {
		await remove()
		throw error
	}
	return { name, url, dataDir, remove }
}
