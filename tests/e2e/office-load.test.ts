import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest'
import { runOfficeLoad } from '../../bench/office-load'
import { reachPostgres, startServerHint } from '../../scripts/postgres.mjs'
import { demoUser, demoUserNamed } from '../helpers/demo-users'
import { createDatabase, dropDatabase, uniqueDatabaseName } from '../helpers/postgres-databases'
import { copyDatabase, type ServerProcess, startServer } from '../helpers/server-process'

// Issue #11's office: twenty people sign in, list, search, log visits and move
// leads on the real server while a colleague commits a large import through
// the import page. Nothing fails, the import commits whole, every write lands.
// Issue #12 §5's mixed workload runs briefly on PostgreSQL too, when a server
// answers at TEST_DATABASE_URL. The timings of the longer runs are in
// docs/benchmarks.md (npm run bench -- office, npm run bench -- concurrent);
// nothing here asserts on them.

const credentials = { managers: [demoUser('manager')], staff: [demoUserNamed('zhang'), demoUserNamed('lina')] }

describe('SQLite', () => {
	const IMPORT_ROWS = 20_000
	let server: ServerProcess
	let database: ReturnType<typeof copyDatabase>

	beforeAll(async () => {
		database = copyDatabase(inject('seededDb'))
		server = await startServer({ DATABASE_URL: database.url })
	})

	afterAll(async () => {
		await server?.stop()
		database?.remove()
	})

	test('twenty users keep working while a 20,000-row import commits: no failed request, the import is whole, every visit and move is stored', async () => {
		const file = database.url.replace(/^file:/, '')
		const count = (sql: string) => {
			const db = new Database(file, { readonly: true })
			try {
				return (db.prepare(sql).get() as { n: number }).n
			} finally {
				db.close()
			}
		}
		const visitsBefore = count(`SELECT count(*) AS n FROM "Activity" WHERE "notes" LIKE '负载测试%'`)
		const result = await runOfficeLoad({
			baseUrl: server.baseUrl,
			databaseUrl: database.url,
			users: 20,
			durationMs: 20_000,
			importRows: IMPORT_ROWS,
			credentials,
		})
		expect(result.failures).toEqual([])
		expect(result.importResult).toMatchObject({ status: 'committed', created: IMPORT_ROWS })
		expect(count(`SELECT count(*) AS n FROM "Company" WHERE "name" LIKE '负载导入%'`)).toBe(IMPORT_ROWS)
		// The office kept working while the import ran.
		expect(result.samples.filter((s) => s.during && s.kind !== 'import').length).toBeGreaterThan(0)
		expect(result.writes.visits).toBeGreaterThan(0)
		expect(result.writes.moves).toBeGreaterThan(0)
		expect(count(`SELECT count(*) AS n FROM "Activity" WHERE "notes" LIKE '负载测试%'`) - visitsBefore).toBe(result.writes.visits)
		// The server is still up and answering.
		expect((await fetch(`${server.baseUrl}/login`)).status).toBe(200)
	}, 180_000)
})

const serverUrl = process.env.TEST_DATABASE_URL
const reach = await reachPostgres(serverUrl)
if (!reach.ok) console.warn(`office load on PostgreSQL not run: no server at TEST_DATABASE_URL (${reach.reason}). ${startServerHint}`)

describe.runIf(reach.ok)('PostgreSQL', () => {
	const IMPORT_ROWS = 2_000
	let server: ServerProcess
	let name: string
	let url: string
	let dataDir: string

	beforeAll(async () => {
		name = uniqueDatabaseName('chainlead_e2e_load')
		url = await createDatabase(serverUrl!, name)
		dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'chainlead-e2e-pg-'))
		const env = { ...process.env, DATABASE_URL: url, DATA_DIR: dataDir }
		execFileSync('node_modules/.bin/prisma', ['migrate', 'deploy', '--config', 'prisma.postgresql.config.ts'], { env, stdio: 'pipe' })
		execFileSync('node_modules/.bin/tsx', ['app/cli/main.ts', 'seed'], { env, stdio: 'pipe' })
		server = await startServer({ DATABASE_URL: url, DATA_DIR: dataDir })
	})

	afterAll(async () => {
		await server?.stop()
		if (name) await dropDatabase(serverUrl!, name)
		if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true })
	})

	test('the mixed workload (dashboards, pages, visits, moves, new leads) and an import on PostgreSQL: no failed request, every write stored', async () => {
		const count = async (sql: string) => {
			const client = new pg.Client({ connectionString: url })
			await client.connect()
			try {
				return Number((await client.query<{ n: string }>(sql)).rows[0]!.n)
			} finally {
				await client.end()
			}
		}
		const result = await runOfficeLoad({
			baseUrl: server.baseUrl,
			databaseUrl: url,
			users: 12,
			durationMs: 20_000,
			importRows: IMPORT_ROWS,
			credentials,
			mix: 'mixed',
			arrivalGapMs: 200,
		})
		expect(result.failures).toEqual([])
		expect(result.importResult).toMatchObject({ status: 'committed', created: IMPORT_ROWS })
		expect(await count(`SELECT count(*) AS "n" FROM "Company" WHERE "name" LIKE '负载导入%'`)).toBe(IMPORT_ROWS)
		expect(result.writes.visits).toBeGreaterThan(0)
		expect(result.writes.moves).toBeGreaterThan(0)
		expect(result.writes.leads).toBeGreaterThan(0)
		expect(await count(`SELECT count(*) AS "n" FROM "Activity" WHERE "notes" LIKE '负载测试%'`)).toBe(result.writes.visits)
		expect(await count(`SELECT count(*) AS "n" FROM "Lead" WHERE "notes" LIKE '负载测试%'`)).toBe(result.writes.leads)
		expect((await fetch(`${server.baseUrl}/login`)).status).toBe(200)
	}, 180_000)
})
