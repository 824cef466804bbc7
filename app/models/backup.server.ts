// Backup sets and their restore (issue 11). A set is a folder holding everything
// an install cannot rebuild: the SQLite database (online backup, consistent while
// the app writes), the 核验 evidence files (content-addressed, ADR 0012) and the
// session secret, with a manifest that lets a restore check what it is given.
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { type BackupSchedule, nextBackupDelay, scheduledSetName, setsToPrune, setTime } from '~/domain/backup/schedule'
import { i18nFor, LOCALES } from '~/i18n/i18n'

export const BACKUP_DATABASE = 'chainlead.db'
const MANIFEST = 'manifest.json'
const SECRET = 'session-secret'
const EVIDENCE = 'evidence'

/** Where an install keeps its state: the database file and the folder beside it. */
export type DataPaths = { databaseFile: string; dataDir: string }

export type BackupManifest = {
	format: 'chainlead-backup-1'
	createdAt: string
	database: { file: string; bytes: number; sha256: string }
	evidenceFiles: number
	sessionSecret: boolean
}

/** A refused backup or restore; the message says what to do. */
export class BackupError extends Error {
	constructor(message: string) {
		super(message)
		this.name = 'BackupError'
	}
}

/**
 * Backup sets copy a SQLite file. On PostgreSQL (ADR 0023) the database is backed up with the
 * server's own tools: what to do instead, in Chinese and English, for the CLI and the server log.
 */
export function postgresBackupAdvice(dataDir: string) {
	return LOCALES.map((locale) => i18nFor(locale).t('backup.onPostgres', { dataDir })).join('\n')
}

/** Streamed, so hashing a large database never holds it in memory or blocks the server's event loop. */
async function sha256Of(file: string) {
	const hash = crypto.createHash('sha256')
	for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer)
	return hash.digest('hex')
}
const SHA256_NAME = /^[0-9a-f]{64}$/

/** Evidence files as stored: <dir>/<first two hex>/<sha256>. */
function evidenceFiles(dir: string) {
	if (!fs.existsSync(dir)) return []
	return fs
		.readdirSync(dir, { withFileTypes: true })
		.filter((entry) => entry.isDirectory() && /^[0-9a-f]{2}$/.test(entry.name))
		.flatMap((entry) => fs.readdirSync(path.join(dir, entry.name)).map((name) => ({ name, file: path.join(dir, entry.name, name) })))
		.filter(({ name }) => SHA256_NAME.test(name))
}

/** Copies through a temp name, so a killed copy never leaves a half file under the real one. */
function copyAtomically(from: string, to: string) {
	fs.mkdirSync(path.dirname(to), { recursive: true })
	const temp = `${to}.partial-${process.pid}`
	fs.copyFileSync(from, temp)
	fs.renameSync(temp, to)
}

/** Writes a backup set into `target` (a new or empty folder). */
export async function writeBackupSet({ databaseFile, dataDir }: DataPaths, target: string, now = new Date()): Promise<BackupManifest> {
	if (!fs.existsSync(databaseFile)) throw new BackupError(`database not found: ${databaseFile}`)
	if (fs.existsSync(target) && fs.readdirSync(target).length > 0) throw new BackupError(`${target} is not empty; choose a new folder`)
	fs.mkdirSync(target, { recursive: true })
	const copy = path.join(target, BACKUP_DATABASE)
	const sqlite = new Database(databaseFile, { readonly: true, fileMustExist: true })
	try {
		await sqlite.backup(copy)
	} finally {
		sqlite.close()
	}
	const evidence = evidenceFiles(path.join(dataDir, EVIDENCE))
	for (const { name, file } of evidence) copyAtomically(file, path.join(target, EVIDENCE, name.slice(0, 2), name))
	const secret = path.join(dataDir, '.session-secret')
	if (fs.existsSync(secret)) fs.copyFileSync(secret, path.join(target, SECRET))
	const manifest: BackupManifest = {
		format: 'chainlead-backup-1',
		createdAt: now.toISOString(),
		database: { file: BACKUP_DATABASE, bytes: fs.statSync(copy).size, sha256: await sha256Of(copy) },
		evidenceFiles: evidence.length,
		sessionSecret: fs.existsSync(secret),
	}
	// The manifest last: a set without one was cut off and is refused by restore.
	fs.writeFileSync(path.join(target, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`)
	return manifest
}

/** Everything wrong with a set, checked before anything is replaced. */
async function checkBackupSet(source: string): Promise<BackupManifest> {
	const manifestFile = path.join(source, MANIFEST)
	if (!fs.existsSync(manifestFile)) throw new BackupError(`${source} is not a complete ChainLead backup set (no ${MANIFEST})`)
	let manifest: BackupManifest
	try {
		manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as BackupManifest
	} catch {
		throw new BackupError(`${manifestFile} is not readable JSON`)
	}
	if (manifest.format !== 'chainlead-backup-1') throw new BackupError(`${manifestFile}: unknown format ${String(manifest.format)}`)
	const database = path.join(source, BACKUP_DATABASE)
	if (!fs.existsSync(database) || (await sha256Of(database)) !== manifest.database.sha256) {
		throw new BackupError(`${database} is missing or differs from the manifest (SHA-256): the set is damaged`)
	}
	const sqlite = new Database(database, { readonly: true, fileMustExist: true })
	try {
		const integrity = sqlite.pragma('integrity_check', { simple: true })
		if (integrity !== 'ok') throw new BackupError(`${database} fails PRAGMA integrity_check: ${String(integrity)}`)
		const migrated = sqlite.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'").get()
		if (!migrated) throw new BackupError(`${database} is not a ChainLead database`)
	} finally {
		sqlite.close()
	}
	const evidence = evidenceFiles(path.join(source, EVIDENCE))
	const damaged: string[] = []
	for (const { name, file } of evidence) if ((await sha256Of(file)) !== name) damaged.push(file)
	if (damaged.length > 0) throw new BackupError(`evidence files differ from their SHA-256 name: ${damaged.join(', ')}`)
	if (evidence.length !== manifest.evidenceFiles)
		throw new BackupError(`the set holds ${evidence.length} evidence files, its manifest ${manifest.evidenceFiles}`)
	return manifest
}

export type RestoreResult = { manifest: BackupManifest; replacedDatabase: string | null; evidenceCopied: number; sessionSecretRestored: boolean }

/**
 * Restores a backup set over the install's data. The current database is kept
 * under <data>/backups/replaced-<time>.db; evidence files are only added (they
 * are content-addressed, so none is ever overwritten); the session secret is
 * replaced, the old one kept beside the replaced database. Refused while the
 * database looks open (its -wal/-shm files exist) unless `force`.
 */
export async function restoreBackupSet({ databaseFile, dataDir }: DataPaths, source: string, { force = false, now = new Date() } = {}): Promise<RestoreResult> {
	const manifest = await checkBackupSet(source)
	const sidecars = ['-wal', '-shm'].map((suffix) => `${databaseFile}${suffix}`).filter((file) => fs.existsSync(file))
	if (sidecars.length > 0 && !force) {
		throw new BackupError(`the database looks open (${sidecars.map((f) => path.basename(f)).join(', ')}): stop ChainLead first; after a crash, pass --force`)
	}
	const stamp = now
		.toISOString()
		.replace(/[-:]/g, '')
		.replace(/\.\d+Z$/, 'Z')
	const keptDir = path.join(dataDir, 'backups')
	fs.mkdirSync(keptDir, { recursive: true })
	// New data first, beside the old, so the swap is a rename.
	const incoming = `${databaseFile}.restoring-${process.pid}`
	fs.copyFileSync(path.join(source, BACKUP_DATABASE), incoming)
	let replacedDatabase: string | null = null
	if (fs.existsSync(databaseFile)) {
		replacedDatabase = path.join(keptDir, `replaced-${stamp}.db`)
		fs.renameSync(databaseFile, replacedDatabase)
		for (const file of sidecars) fs.renameSync(file, `${replacedDatabase}${file.slice(databaseFile.length)}`)
	}
	fs.renameSync(incoming, databaseFile)

	let evidenceCopied = 0
	for (const { name, file } of evidenceFiles(path.join(source, EVIDENCE))) {
		const to = path.join(dataDir, EVIDENCE, name.slice(0, 2), name)
		if (fs.existsSync(to)) continue
		copyAtomically(file, to)
		evidenceCopied++
	}

	const secretInSet = path.join(source, SECRET)
	const secret = path.join(dataDir, '.session-secret')
	if (manifest.sessionSecret && fs.existsSync(secretInSet)) {
		if (fs.existsSync(secret)) fs.renameSync(secret, path.join(keptDir, `replaced-${stamp}.session-secret`))
		fs.copyFileSync(secretInSet, secret)
		fs.chmodSync(secret, 0o600)
	}
	return { manifest, replacedDatabase, evidenceCopied, sessionSecretRestored: manifest.sessionSecret }
}

/** The scheduled sets' folder: BACKUP_DIR, or <data>/backups/scheduled. */
export const scheduledBackupDir = (dataDir: string, dir: string | null) => dir ?? path.join(dataDir, 'backups', 'scheduled')

/** The scheduled sets in `dir`, oldest first, and whether each is complete (has its manifest). */
export function listScheduledSets(dir: string) {
	if (!fs.existsSync(dir)) return []
	return fs
		.readdirSync(dir, { withFileTypes: true })
		.filter((entry) => entry.isDirectory())
		.map((entry) => ({ name: entry.name, complete: fs.existsSync(path.join(dir, entry.name, MANIFEST)) }))
		.sort((a, b) => a.name.localeCompare(b.name))
}

/** One scheduled backup: a new set in `dir`, then the sets beyond the newest `keep` removed. */
export async function runScheduledBackup(paths: DataPaths, dir: string, keep: number, now = new Date()) {
	const folder = path.join(dir, scheduledSetName(now))
	const manifest = await writeBackupSet(paths, folder, now)
	const pruned = setsToPrune(listScheduledSets(dir), keep)
	for (const name of pruned) fs.rmSync(path.join(dir, name), { recursive: true, force: true })
	return { folder, manifest, pruned }
}

/**
 * Runs scheduled backups inside the server process until stopped. The timer is
 * unref'd (it never keeps the process alive) and a failure is logged, not thrown:
 * the next run tries again.
 */
export function startBackupSchedule(paths: DataPaths, schedule: BackupSchedule, log: { info: (line: string) => void; error: (line: string) => void }) {
	const dir = scheduledBackupDir(paths.dataDir, schedule.dir)
	let timer: NodeJS.Timeout
	const plan = (delayMs: number) => {
		timer = setTimeout(() => void run(), delayMs)
		timer.unref()
	}
	const run = async () => {
		try {
			const { folder, manifest, pruned } = await runScheduledBackup(paths, dir, schedule.keep)
			log.info(
				`Backup: ${folder} (${manifest.database.bytes} bytes, ${manifest.evidenceFiles} evidence files${pruned.length ? `; removed ${pruned.length} older` : ''})`,
			)
		} catch (error) {
			log.error(`Scheduled backup to ${dir} failed: ${error instanceof Error ? error.message : String(error)}`)
		}
		plan(schedule.intervalMs)
	}
	const newest = listScheduledSets(dir)
		.filter((set) => set.complete)
		.at(-1)
	plan(nextBackupDelay(newest ? setTime(newest.name) : null, schedule.intervalMs, new Date()))
	return { dir, stop: () => clearTimeout(timer) }
}
