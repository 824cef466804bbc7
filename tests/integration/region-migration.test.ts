// Upgrading a county install to quotas and reports of a region (ADR 0029) changes nothing it counts or
// shows: the migration gives every existing quota and issued report the installation's home region.
// Runs the checked-in SQLite migrations in order on a fresh file with better-sqlite3, fills the tables
// as the version before left them, then applies the migration under test.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, expect, test } from 'vitest'

const MIGRATION = '20261207063034_regions_of_quotas_and_reports'
const dir = path.resolve('prisma/migrations')
const migrations = fs
	.readdirSync(dir)
	.filter((name) => fs.statSync(path.join(dir, name)).isDirectory())
	.sort()
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'chainlead-region-migration-'))

afterAll(() => fs.rmSync(work, { recursive: true, force: true }))

function databaseBefore(name: string) {
	const db = new Database(path.join(work, name))
	for (const migration of migrations.slice(0, migrations.indexOf(MIGRATION))) db.exec(fs.readFileSync(path.join(dir, migration, 'migration.sql'), 'utf8'))
	return db
}

const migrate = (db: Database.Database) => db.exec(fs.readFileSync(path.join(dir, MIGRATION, 'migration.sql'), 'utf8'))

test("every quota and issued report becomes the home region's: the county that holds every unit", () => {
	const db = databaseBefore('county.db')
	const now = new Date().toISOString()
	const region = db.prepare('INSERT INTO "Region" ("id", "code", "name", "nameEn", "kind", "parentId") VALUES (?, ?, ?, ?, ?, ?)')
	region.run('city', 'c', '市', 'City', 'city', null)
	region.run('county', 'c-1', '县', 'County', 'county', 'city')
	region.run('park', 'c-1-p', '园区', 'Park', 'park', 'county')
	const unit = db.prepare('INSERT INTO "Unit" ("id", "name", "nameEn", "regionId") VALUES (?, ?, ?, ?)')
	unit.run('u1', '县商务局', 'Commerce', 'county')
	unit.run('u2', '园区招商局', 'Park bureau', 'park')
	db.prepare('INSERT INTO "User" ("id", "username", "name", "role", "regionId", "updatedAt") VALUES (?, ?, ?, ?, ?, ?)').run(
		'm',
		'm',
		'领导',
		'manager',
		'county',
		now,
	)
	const quota = db.prepare(
		'INSERT INTO "Quota" ("id", "excerpt", "metric", "kind", "op", "value", "unit", "period", "updatedAt") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
	)
	quota.run('q1', '每年引进10个', '引进项目', 'projects', '>=', 10, '个', 'annual', now)
	quota.run('q2', '新增5家', '新增企业', 'companies_with_tag', '>=', 5, '家', 'annual', now)
	db.prepare(
		`INSERT INTO "IssuedReport" ("id", "kind", "year", "month", "periodKey", "periodStart", "periodEnd", "issuedById", "snapshot", "xlsxZh", "xlsxZhSha256", "xlsxEn", "xlsxEnSha256")
		VALUES ('r1', 'monthly', 2025, 6, 'monthly-2025-06', '2025-06-01', '2025-06-30', 'm', '{}', x'00', 'a', x'00', 'b')`,
	).run()

	migrate(db)
	expect(db.prepare('SELECT "id", "regionId" FROM "Quota" ORDER BY "id"').all()).toEqual([
		{ id: 'q1', regionId: 'county' },
		{ id: 'q2', regionId: 'county' },
	])
	expect(db.prepare('SELECT "regionId", "regionKey" FROM "IssuedReport"').get()).toEqual({ regionId: 'county', regionKey: 'county' })
	// The period is still issued once per region: a second report of it for the county is refused.
	expect(() =>
		db
			.prepare(
				`INSERT INTO "IssuedReport" ("id", "kind", "year", "month", "periodKey", "regionKey", "periodStart", "periodEnd", "issuedById", "snapshot", "xlsxZh", "xlsxZhSha256", "xlsxEn", "xlsxEnSha256")
				VALUES ('r2', 'monthly', 2025, 6, 'monthly-2025-06', 'county', '2025-06-01', '2025-06-30', 'm', '{}', x'00', 'a', x'00', 'b')`,
			)
			.run(),
	).toThrow(/UNIQUE/)
	// The temporary table is gone.
	expect(db.prepare(`SELECT count(*) AS "n" FROM sqlite_temp_master WHERE "name" = '_home_region'`).get()).toEqual({ n: 0 })
	db.close()
})

test('an install without regions keeps quotas and reports without one: the whole installation, as before', () => {
	const db = databaseBefore('no-regions.db')
	const now = new Date().toISOString()
	db.prepare('INSERT INTO "User" ("id", "username", "name", "role", "updatedAt") VALUES (?, ?, ?, ?, ?)').run('m', 'm', '领导', 'manager', now)
	db.prepare('INSERT INTO "Quota" ("id", "excerpt", "metric", "kind", "op", "value", "unit", "period", "updatedAt") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)').run(
		'q1',
		'每年引进10个',
		'引进项目',
		'projects',
		'>=',
		10,
		'个',
		'annual',
		now,
	)
	db.prepare(
		`INSERT INTO "IssuedReport" ("id", "kind", "year", "periodKey", "periodStart", "periodEnd", "issuedById", "snapshot", "xlsxZh", "xlsxZhSha256", "xlsxEn", "xlsxEnSha256")
		VALUES ('r1', 'annual', 2025, 'annual-2025', '2025-01-01', '2025-12-31', 'm', '{}', x'00', 'a', x'00', 'b')`,
	).run()
	migrate(db)
	expect(db.prepare('SELECT "regionId" FROM "Quota"').get()).toEqual({ regionId: null })
	expect(db.prepare('SELECT "regionId", "regionKey" FROM "IssuedReport"').get()).toEqual({ regionId: null, regionKey: '' })
	db.close()
})
