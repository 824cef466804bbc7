import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { type TestProject } from 'vitest/node'
import { createDatabase, dropDatabase, uniqueDatabaseName } from '../helpers/postgres-databases'
import { copyDatabase, createDatabaseFile, startServer } from '../helpers/server-process'

declare module 'vitest' {
	export interface ProvidedContext {
		baseUrl: string
		/** Migrated and seeded, as `npm start` leaves an empty database: copy it, never open it. A file, or on PostgreSQL a database name. */
		seededDb: string
		/** Migrated only, as a real install starts. */
		emptyDb: string
	}
}

/**
 * Serves the production build through server/index.mjs on a fresh, migrated
 * and seeded temp database, exactly as `npm start` would (demo mode), and
 * keeps template databases for tests that start servers of their own.
 * On the PostgreSQL run (TEST_ENGINE=postgresql, vitest.e2e.postgresql.config.ts)
 * the databases are made on TEST_DATABASE_URL's server and dropped afterwards.
 * Requires `npm run build` first (npm test does it).
 */
export default async function setup(project: TestProject) {
	if (process.env.TEST_ENGINE === 'postgresql') return setupPostgres(project)
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chainlead-e2e-'))
	const seededDb = createDatabaseFile(dir, 'seeded.db', { seed: true })
	const emptyDb = createDatabaseFile(dir, 'empty.db', { seed: false })
	const shared = copyDatabase(seededDb)
	const server = await startServer({ DATABASE_URL: shared.url })
	project.provide('baseUrl', server.baseUrl)
	project.provide('seededDb', seededDb)
	project.provide('emptyDb', emptyDb)
	project.provide('testServerUrl', '')
	project.provide('e2eDatabasePrefix', '')
	return async () => {
		await server.stop()
		shared.remove()
		fs.rmSync(dir, { recursive: true, force: true })
	}
}

async function setupPostgres(project: TestProject) {
	const serverUrl = process.env.TEST_DATABASE_URL
	if (!serverUrl) throw new Error('TEST_ENGINE=postgresql needs TEST_DATABASE_URL (see README: PostgreSQL tests)')
	// Every database of this run starts with the prefix, so the teardown finds what a failed test left.
	const prefix = `${uniqueDatabaseName('chainlead_e2e')}_`
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chainlead-e2e-'))
	const teardown = async () => {
		await server?.stop()
		await dropDatabasesStartingWith(serverUrl, prefix)
		fs.rmSync(dir, { recursive: true, force: true })
	}
	let server: Awaited<ReturnType<typeof startServer>> | undefined
	try {
		const template = async (name: string, seed: boolean) => {
			const url = await createDatabase(serverUrl, `${prefix}${name}`)
			const dataDir = path.join(dir, name)
			fs.mkdirSync(dataDir)
			const env = { ...process.env, DATABASE_URL: url, DATA_DIR: dataDir }
			execFileSync('node_modules/.bin/prisma', ['migrate', 'deploy', '--config', 'prisma.postgresql.config.ts'], { env, stdio: 'pipe' })
			if (seed) execFileSync('node_modules/.bin/tsx', ['app/cli/main.ts', 'seed'], { env, stdio: 'pipe' })
			return `${prefix}${name}`
		}
		const seededDb = await template('seeded', true)
		const emptyDb = await template('empty', false)
		const shared = await createDatabase(serverUrl, `${prefix}shared`, seededDb)
		const sharedDir = path.join(dir, 'shared')
		fs.mkdirSync(sharedDir)
		server = await startServer({ DATABASE_URL: shared, DATA_DIR: sharedDir })
		project.provide('baseUrl', server.baseUrl)
		project.provide('seededDb', seededDb)
		project.provide('emptyDb', emptyDb)
		project.provide('testServerUrl', serverUrl)
		project.provide('e2eDatabasePrefix', prefix)
	} catch (error) {
		await teardown()
		throw error
	}
	return teardown
}

async function dropDatabasesStartingWith(serverUrl: string, prefix: string) {
	const client = new pg.Client({ connectionString: serverUrl })
	await client.connect()
	let names: string[]
	try {
		const { rows } = await client.query<{ datname: string }>('SELECT datname FROM pg_database WHERE starts_with(datname, $1)', [prefix])
		names = rows.map((row) => row.datname)
	} finally {
		await client.end()
	}
	for (const name of names) await dropDatabase(serverUrl, name)
}
