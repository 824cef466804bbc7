import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, expect, test } from 'vitest'
import { backupBeforeMigrations, KEEP_PRE_MIGRATION_BACKUPS } from '../../scripts/pre-migration-backup.mjs'

// `npm start` copies the database before it applies migrations the file has not seen.

const dirs: string[] = []
afterEach(() => {
	for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true })
})

/** A data folder with a database that has applied `applied` of the migrations folder's `migrations`. */
function setup(migrations: string[], applied: string[]) {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chainlead-premigrate-'))
	dirs.push(dir)
	const migrationsDir = path.join(dir, 'migrations')
	for (const name of migrations) {
		fs.mkdirSync(path.join(migrationsDir, name), { recursive: true })
		fs.writeFileSync(path.join(migrationsDir, name, 'migration.sql'), '-- test\n')
	}
	fs.mkdirSync(path.join(migrationsDir, 'not-a-migration'), { recursive: true })
	const dbFile = path.join(dir, 'data', 'chainlead.db')
	fs.mkdirSync(path.dirname(dbFile))
	const db = new Database(dbFile)
	db.exec('CREATE TABLE _prisma_migrations (migration_name TEXT, finished_at DATETIME, rolled_back_at DATETIME)')
	db.exec('CREATE TABLE Company (id TEXT PRIMARY KEY, name TEXT)')
	const insert = db.prepare('INSERT INTO Company VALUES (?, ?)')
	for (let i = 0; i < 200; i++) insert.run(`c${i}`, `（示例）企业${i}`)
	for (const name of applied) db.prepare("INSERT INTO _prisma_migrations VALUES (?, datetime('now'), NULL)").run(name)
	db.close()
	return { dir, dbFile, migrationsDir, backups: path.join(dir, 'data', 'backups') }
}

test('nothing to protect: no file, or every migration already applied', async () => {
	const { dir, dbFile, migrationsDir, backups } = setup(['20260101_a', '20260201_b'], ['20260101_a', '20260201_b'])
	expect(await backupBeforeMigrations({ dbFile: path.join(dir, 'missing.db'), migrationsDir })).toBeNull()
	expect(await backupBeforeMigrations({ dbFile, migrationsDir })).toBeNull()
	expect(fs.existsSync(backups)).toBe(false)
})

test('a pending migration: a complete copy of the data lands in data/backups, named after it', async () => {
	const { dbFile, migrationsDir, backups } = setup(['20260101_a', '20260201_b'], ['20260101_a'])
	const result = await backupBeforeMigrations({ dbFile, migrationsDir, now: new Date('2026-12-06T14:00:00Z') })
	expect(result?.pending).toEqual(['20260201_b'])
	expect(path.dirname(result!.file)).toBe(backups)
	expect(path.basename(result!.file)).toBe('before-migration-20261206T140000Z-20260201_b.db')
	const copy = new Database(result!.file, { readonly: true })
	expect(copy.pragma('integrity_check', { simple: true })).toBe('ok')
	expect(copy.prepare('SELECT count(*) AS n, max(name) AS last FROM Company').get()).toEqual({ n: 200, last: '（示例）企业99' })
	copy.close()
})

test(`only the newest ${KEEP_PRE_MIGRATION_BACKUPS} copies are kept`, async () => {
	const { dbFile, migrationsDir, backups } = setup(['20260101_a'], [])
	for (let day = 1; day <= 8; day++) await backupBeforeMigrations({ dbFile, migrationsDir, now: new Date(`2026-12-0${day}T08:00:00Z`) })
	const kept = fs.readdirSync(backups).sort()
	expect(kept).toHaveLength(KEEP_PRE_MIGRATION_BACKUPS)
	expect(kept[0]).toContain('20261204T')
	expect(kept.at(-1)).toContain('20261208T')
})
