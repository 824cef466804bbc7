// Moving a county's SQLite data into PostgreSQL (issue #12 §1): the CLI command a county's
// administrator runs, end to end, and every row of every table equal afterwards.
import { execFileSync } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, expect, test, vi } from 'vitest'
import { createPrisma, type Db } from '~/db.server'
import { COPIED_TABLES, tableDigests } from '~/models/database-copy.server'
import { generateDemoData } from '~/models/demo-data.server'
import { runCli } from '../helpers/cli'
import { SEED_DAY } from '../helpers/global-setup'
import { createDatabase, dropDatabase, uniqueDatabaseName } from '../helpers/postgres-databases'

// Each CLI subprocess is a cold tsx start: seconds each, over ten on a loaded two-core machine, and a test here runs
// several. The default 30 s would fail these tests on load alone.
vi.setConfig({ testTimeout: 120_000 })

const server = process.env.TEST_DATABASE_URL!
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chainlead-copy-test-'))
const sqliteFile = path.join(dir, 'county.db')
const targetDataDir = path.join(dir, 'pg-data')
const targets: string[] = []
let source: Db
const evidenceBytes = Buffer.from('%PDF-1.4\n核验材料 — 签约协议扫描件\n%%EOF\n')
const evidenceSha = crypto.createHash('sha256').update(evidenceBytes).digest('hex')

const cli = (...args: string[]) => runCli(args, { env: { DATABASE_URL: `file:${sqliteFile}`, DATA_DIR: '' } })

async function emptyTarget() {
	const name = uniqueDatabaseName('chainlead_copy')
	targets.push(name)
	return createDatabase(server, name)
}

/** Every row of every copied table, by key, as Prisma reads it. */
async function everyRow(db: Db) {
	const tables: Record<string, Map<string, Record<string, unknown>>> = {}
	for (const table of COPIED_TABLES) {
		const delegate = (db as unknown as Record<string, { findMany(args: object): Promise<Record<string, unknown>[]> }>)[
			table.model.charAt(0).toLowerCase() + table.model.slice(1)
		]!
		const rows = await delegate.findMany({})
		tables[table.model] = new Map(rows.map((row) => [table.key.map((k) => String(row[k])).join('|'), row]))
	}
	const links = await db.periodAdjustment.findMany({ select: { id: true, issuedReports: { select: { id: true } } } })
	tables._IssuedReportToPeriodAdjustment = new Map(links.flatMap((a) => a.issuedReports.map((r) => [`${a.id}|${r.id}`, { adjustment: a.id, report: r.id }])))
	return tables
}

beforeAll(async () => {
	// A county's database as `npm start` leaves it, with generated firms, leads and projects on top,
	// and the rows the seed does not make: a region below the county, an issued report with its two
	// workbooks and a correction listed on it, evidence with its file, extreme amounts and odd text.
	const env = { ...process.env, DATABASE_URL: `file:${sqliteFile}` }
	execFileSync('node_modules/.bin/prisma', ['migrate', 'deploy'], { env, stdio: 'pipe' })
	execFileSync('node_modules/.bin/tsx', ['app/cli/main.ts', 'seed', '--today', SEED_DAY], { env, stdio: 'pipe' })
	await generateDemoData(`file:${sqliteFile}`, { companies: 1_500, leads: 400, projects: 300, seed: 7 })
	source = createPrisma(`file:${sqliteFile}`)
	const county = await source.region.findFirstOrThrow({ where: { kind: 'county' }, select: { id: true } })
	await source.region.create({
		data: { id: 'zz-park', code: '360704-P1', name: '赣州高新技术产业开发区', nameEn: 'Ganzhou Hi-tech Zone', kind: 'park', parentId: county.id },
	})
	const user = await source.user.findFirstOrThrow({ where: { username: 'leader' }, select: { id: true } })
	const company = await source.company.create({
		data: {
			name: '=测试之外"引号"\n换行 𠮷 公司',
			isLocal: true,
			regionId: 'zz-park',
			revenueCNY: 9_223_372_036_854_775_807n,
			registeredCapitalCNY: -1n,
			description: null,
			links: { create: [{ linkId: (await source.chainLink.findFirstOrThrow({ select: { id: true } })).id, capacity: 0.1 + 0.2, output: 1e-12, year: 2026 }] },
		},
		select: { id: true },
	})
	const unit = await source.unit.findFirstOrThrow({ select: { id: true } })
	const project = await source.project.create({
		data: {
			title: '复制测试项目',
			companyId: company.id,
			type: 'new',
			investmentCNY: 500_000_000n,
			stage: 'signed',
			signedDate: new Date('2025-03-31T00:00:00.000Z'),
			responsibleUnitId: unit.id,
		},
		select: { id: true },
	})
	fs.mkdirSync(path.join(dir, 'evidence', evidenceSha.slice(0, 2)), { recursive: true })
	fs.writeFileSync(path.join(dir, 'evidence', evidenceSha.slice(0, 2), evidenceSha), evidenceBytes)
	await source.stageEvidence.create({
		data: {
			projectId: project.id,
			stage: 'signed',
			fileName: '签约协议.pdf',
			fileType: 'pdf',
			fileBytes: evidenceBytes.length,
			fileSha256: evidenceSha,
			submittedById: user.id,
			submittedAt: new Date('2025-04-01T08:30:12.345Z'),
			status: 'pending',
		},
	})
	const report = await source.issuedReport.create({
		data: {
			kind: 'monthly',
			year: 2025,
			month: 3,
			periodKey: 'monthly-2025-03',
			periodStart: '2025-03-01',
			periodEnd: '2025-03-31',
			issuedById: user.id,
			snapshot: '{}',
			xlsxZh: new Uint8Array(crypto.randomBytes(70_000)),
			xlsxZhSha256: 'a'.repeat(64),
			xlsxEn: new Uint8Array([0, 255, 1, 254]),
			xlsxEnSha256: 'b'.repeat(64),
		},
		select: { id: true },
	})
	await source.periodAdjustment.create({
		data: {
			projectId: project.id,
			projectTitle: '复制测试项目',
			companyId: company.id,
			companyName: '测试',
			changes: '[]',
			reason: '更正',
			userId: user.id,
			issuedReports: { connect: { id: report.id } },
		},
	})
}, 300_000)

afterAll(async () => {
	await source?.$disconnect()
	for (const name of targets) await dropDatabase(server, name)
	fs.rmSync(dir, { recursive: true, force: true })
})

test('the CLI copies a county’s SQLite database into a new PostgreSQL database: every row of every table equal, evidence files beside it', async () => {
	const url = await emptyTarget()
	const { code, stdout, stderr } = await cli('db:copy-to-postgres', url, '--data-dir', targetDataDir)
	expect(stderr).toContain('Company: ')
	expect(code, stderr).toBe(0)
	expect(stdout).toMatch(/all \d+ tables equal the source row for row/)
	expect(stdout).toContain('1 evidence files copied')
	expect(fs.readFileSync(path.join(targetDataDir, 'evidence', evidenceSha.slice(0, 2), evidenceSha))).toEqual(evidenceBytes)

	const target = createPrisma(url)
	try {
		const [before, after] = [await everyRow(source), await everyRow(target)]
		expect(before.Company!.size).toBeGreaterThan(1_500)
		expect(before.Lead!.size).toBeGreaterThan(400)
		expect(before._IssuedReportToPeriodAdjustment!.size).toBe(1)
		for (const table of Object.keys(before)) {
			expect(after[table]!.size, table).toBe(before[table]!.size)
			for (const [key, row] of before[table]!) expect(after[table]!.get(key), `${table} ${key}`).toEqual(row)
		}
		// The copy is a working installation: PostgreSQL's own indexes find the odd name too.
		const found = await target.company.findMany({ where: { name: { contains: '𠮷' } }, select: { revenueCNY: true } })
		expect(found).toEqual([{ revenueCNY: 9_223_372_036_854_775_807n }])
	} finally {
		await target.$disconnect()
	}
}, 600_000)

test('a PostgreSQL database that already holds data is refused, and nothing is added to it; the check finds a changed value', async () => {
	const url = await emptyTarget()
	expect((await cli('db:copy-to-postgres', url, '--data-dir', targetDataDir)).code).toBe(0)
	const target = createPrisma(url)
	try {
		const companies = await target.company.count()
		const { code, stderr } = await cli('db:copy-to-postgres', url, '--data-dir', targetDataDir)
		expect(code).toBe(64)
		expect(stderr).toContain('the PostgreSQL database is not empty')
		expect(await target.company.count()).toBe(companies)

		// The check after a copy sees one changed value in one row, and only in its table.
		const changed = await target.company.findFirstOrThrow({ where: { revenueCNY: { not: null } }, select: { id: true, revenueCNY: true } })
		await target.company.update({ where: { id: changed.id }, data: { revenueCNY: changed.revenueCNY! + 1n }, select: { id: true } })
		const [before, after] = [await tableDigests(source), await tableDigests(target)]
		expect(Object.keys(before).filter((table) => before[table]!.digest !== after[table]!.digest)).toEqual(['Company'])
		expect(after.Company!.rows).toBe(before.Company!.rows)
	} finally {
		await target.$disconnect()
	}
}, 600_000)

test('a database with tables of its own is refused before anything in it changes; the URL may come from the environment', async () => {
	const url = await emptyTarget()
	const other = createPrisma(url)
	try {
		await other.$executeRaw`CREATE TABLE "Company" ("id" TEXT PRIMARY KEY, "name" TEXT)`
		const refused = await runCli(['db:copy-to-postgres'], { env: { DATABASE_URL: `file:${sqliteFile}`, DATA_DIR: '', COPY_TO_DATABASE_URL: url } })
		expect(refused.code).toBe(64)
		expect(refused.stderr).toContain('already has tables that are not this version of ChainLead')
		const tables = await other.$queryRaw<
			{ name: string }[]
		>`SELECT CAST("table_name" AS TEXT) AS "name" FROM information_schema.tables WHERE "table_schema" = current_schema()`
		expect(tables.map((t) => t.name)).toEqual(['Company'])
	} finally {
		await other.$disconnect()
	}
}, 300_000)

test('a SQLite file this version has not migrated, a SQLite target or a missing file are refused with the reason, and no password is shown', async () => {
	const stale = path.join(dir, 'stale.db')
	fs.copyFileSync(sqliteFile, stale)
	const raw = createPrisma(`file:${stale}`)
	await raw.$executeRaw`DELETE FROM "_prisma_migrations" WHERE "migration_name" = (SELECT max("migration_name") FROM "_prisma_migrations")`
	await raw.$disconnect()
	const url = await emptyTarget()
	const refused = await cli('db:copy-to-postgres', url, '--from', stale)
	expect(refused.code).toBe(64)
	expect(refused.stderr).toContain('lacks 1 migration(s)')
	expect(refused.stderr).toContain('npm start')

	expect((await cli('db:copy-to-postgres', `file:${path.join(dir, 'other.db')}`)).stderr).toContain('the target must be a PostgreSQL URL')
	const mistyped = await cli('db:copy-to-postgres', 'postgress://chainlead:TOPSECRET@127.0.0.1:5432/x')
	expect(mistyped.stderr).toContain('the target must be a PostgreSQL URL')
	expect(mistyped.stderr).not.toContain('TOPSECRET')
	expect((await cli('db:copy-to-postgres', url, '--from', path.join(dir, 'none.db'))).stderr).toContain('SQLite file not found')
	expect((await cli('db:copy-to-postgres')).stderr).toContain('needs the PostgreSQL URL')
}, 300_000)
