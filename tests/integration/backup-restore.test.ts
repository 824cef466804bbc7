import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, expect, inject, test } from 'vitest'
import { BACKUP_DATABASE, BackupError, listScheduledSets, restoreBackupSet, runScheduledBackup, writeBackupSet } from '~/models/backup.server'
import { runCliInProcess } from '../helpers/cli'

// A backup set holds what an install cannot rebuild; restoring it brings all of it back.
// SQLite only: on PostgreSQL the commands say to use pg_dump (tests/postgresql/).

const dirs: string[] = []
afterEach(() => {
	for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true })
})

function tempDir() {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chainlead-restore-'))
	dirs.push(dir)
	return dir
}

function storeEvidence(dataDir: string, content: string) {
	const sha = crypto.createHash('sha256').update(content).digest('hex')
	const file = path.join(dataDir, 'evidence', sha.slice(0, 2), sha)
	fs.mkdirSync(path.dirname(file), { recursive: true })
	fs.writeFileSync(file, content)
	return file
}

/** An install's data folder: the seeded database, one evidence file, a session secret. */
function install() {
	const dataDir = path.join(tempDir(), 'data')
	fs.mkdirSync(dataDir)
	const databaseFile = path.join(dataDir, 'chainlead.db')
	fs.copyFileSync(inject('templateDb'), databaseFile)
	const evidence = storeEvidence(dataDir, '%PDF-1.7 签约合同\n%%EOF\n')
	fs.writeFileSync(path.join(dataDir, '.session-secret'), 'secret-before-the-backup', { mode: 0o600 })
	return { dataDir, databaseFile, evidence }
}

function read(databaseFile: string) {
	const db = new Database(databaseFile, { readonly: true })
	try {
		const counts = db
			.prepare('SELECT (SELECT count(*) FROM Company) AS companies, (SELECT count(*) FROM Lead) AS leads, (SELECT count(*) FROM Project) AS projects')
			.get()
		const first = db.prepare('SELECT id, name FROM Company ORDER BY id LIMIT 1').get() as { id: string; name: string }
		return { counts, first }
	} finally {
		db.close()
	}
}

test('backup → change → restore gives back the data, the evidence and the secret, and keeps what it replaced', async () => {
	const paths = install()
	const before = read(paths.databaseFile)
	const set = path.join(tempDir(), 'set-2026-12-06')
	const manifest = await writeBackupSet(paths, set)
	expect(manifest).toMatchObject({ format: 'chainlead-backup-1', evidenceFiles: 1, sessionSecret: true })
	expect(fs.readdirSync(set).sort()).toEqual([BACKUP_DATABASE, 'evidence', 'manifest.json', 'session-secret'])

	// Work goes on after the backup: a rename, deleted leads, new evidence, a new secret; then the evidence is lost.
	const db = new Database(paths.databaseFile)
	db.prepare('UPDATE Company SET name = ? WHERE id = ?').run('改名后的企业', before.first.id)
	db.exec('DELETE FROM Activity; DELETE FROM Lead')
	db.close()
	const later = storeEvidence(paths.dataDir, 'a later scan')
	fs.writeFileSync(path.join(paths.dataDir, '.session-secret'), 'secret-after-the-backup')
	fs.rmSync(paths.evidence)

	const result = await restoreBackupSet(paths, set, { now: new Date('2026-12-06T15:00:00Z') })
	expect(result).toMatchObject({ evidenceCopied: 1, sessionSecretRestored: true })
	expect(read(paths.databaseFile)).toEqual(before)
	expect(fs.readFileSync(paths.evidence, 'utf8')).toBe('%PDF-1.7 签约合同\n%%EOF\n')
	// Evidence is only ever added: the later scan stays.
	expect(fs.existsSync(later)).toBe(true)
	expect(fs.readFileSync(path.join(paths.dataDir, '.session-secret'), 'utf8')).toBe('secret-before-the-backup')

	// What the restore replaced is kept, not lost.
	expect(result.replacedDatabase).toBe(path.join(paths.dataDir, 'backups', 'replaced-20261206T150000Z.db'))
	expect(read(result.replacedDatabase!).first.name).toBe('改名后的企业')
	expect(read(result.replacedDatabase!).counts).toMatchObject({ leads: 0 })
	expect(fs.readFileSync(path.join(paths.dataDir, 'backups', 'replaced-20261206T150000Z.session-secret'), 'utf8')).toBe('secret-after-the-backup')
})

test('a damaged or cut-off set is refused before anything is replaced', async () => {
	const paths = install()
	const set = path.join(tempDir(), 'set')
	await writeBackupSet(paths, set)
	const original = fs.readFileSync(paths.databaseFile)

	const copy = path.join(set, BACKUP_DATABASE)
	const bytes = fs.readFileSync(copy)
	bytes[bytes.length - 10] = (bytes[bytes.length - 10]! + 1) % 256
	fs.writeFileSync(copy, bytes)
	await expect(restoreBackupSet(paths, set)).rejects.toThrow(/damaged/)

	const evidenceSet = path.join(tempDir(), 'set-evidence')
	await writeBackupSet(paths, evidenceSet)
	const [prefix] = fs.readdirSync(path.join(evidenceSet, 'evidence'))
	const [name] = fs.readdirSync(path.join(evidenceSet, 'evidence', prefix!))
	fs.writeFileSync(path.join(evidenceSet, 'evidence', prefix!, name!), 'tampered')
	await expect(restoreBackupSet(paths, evidenceSet)).rejects.toThrow(/differ from their SHA-256/)

	const cutOff = path.join(tempDir(), 'set-cut')
	await writeBackupSet(paths, cutOff)
	fs.rmSync(path.join(cutOff, 'manifest.json'))
	await expect(restoreBackupSet(paths, cutOff)).rejects.toThrow(BackupError)

	expect(fs.readFileSync(paths.databaseFile).equals(original)).toBe(true)
	expect(fs.existsSync(path.join(paths.dataDir, 'backups'))).toBe(false)
})

test('a database that looks open is not replaced without --force; a set is never written into a used folder', async () => {
	const paths = install()
	const set = path.join(tempDir(), 'set')
	await writeBackupSet(paths, set)
	await expect(writeBackupSet(paths, set)).rejects.toThrow(/not empty/)

	fs.writeFileSync(`${paths.databaseFile}-wal`, '')
	await expect(restoreBackupSet(paths, set)).rejects.toThrow(/stop ChainLead first/)
	const forced = await restoreBackupSet(paths, set, { force: true })
	expect(fs.existsSync(`${forced.replacedDatabase}-wal`)).toBe(true)
	expect(fs.existsSync(`${paths.databaseFile}-wal`)).toBe(false)
})

test('scheduled backups: a new set each time, the newest kept, a cut-off one cleared away', async () => {
	const paths = install()
	const dir = path.join(tempDir(), 'scheduled')
	fs.mkdirSync(path.join(dir, 'chainlead-20261130T020000Z'), { recursive: true })
	for (let day = 1; day <= 4; day++) await runScheduledBackup(paths, dir, 3, new Date(`2026-12-0${day}T02:00:00Z`))
	expect(listScheduledSets(dir)).toEqual(
		['chainlead-20261202T020000Z', 'chainlead-20261203T020000Z', 'chainlead-20261204T020000Z'].map((name) => ({ name, complete: true })),
	)
	const newest = path.join(dir, 'chainlead-20261204T020000Z')
	expect(JSON.parse(fs.readFileSync(path.join(newest, 'manifest.json'), 'utf8'))).toMatchObject({ createdAt: '2026-12-04T02:00:00.000Z', evidenceFiles: 1 })
})

// The CLI's command line, run in this process against this test file's database copy (tests/integration/cli.test.ts
// runs it as a real subprocess).
const cli = (...args: string[]) => runCliInProcess(args)

test('backup writes a consistent SQLite copy and will not overwrite without --force', async () => {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chainlead-backup-'))
	const target = path.join(dir, 'nested', 'backup.db')
	const first = await cli('backup', target, '--json')
	expect(first.code).toBe(0)
	expect(JSON.parse(first.stdout).bytes).toBeGreaterThan(0)
	const copy = new Database(target, { readonly: true })
	const companies = copy.prepare('SELECT count(*) AS n FROM Company').get() as { n: number }
	copy.close()
	expect(companies.n).toBeGreaterThan(0)

	expect((await cli('backup', target)).code).toBe(64)
	expect((await cli('backup', target, '--force')).code).toBe(0)
	fs.rmSync(dir, { recursive: true, force: true })
})

test('backup <folder> writes a set with a manifest; restore refuses a folder that is not one', async () => {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chainlead-backup-set-'))
	const set = path.join(dir, 'set')
	const written = await cli('backup', set, '--json')
	expect(written.code).toBe(0)
	expect(JSON.parse(written.stdout)).toMatchObject({ folder: set, format: 'chainlead-backup-1', database: { file: 'chainlead.db' } })
	expect(fs.existsSync(path.join(set, 'manifest.json'))).toBe(true)
	const notASet = await cli('restore', dir)
	expect(notASet.code).toBe(64)
	expect(notASet.stderr).toContain('not a complete ChainLead backup set')
	fs.rmSync(dir, { recursive: true, force: true })
})
