// A copy of the database before `npm start` applies migrations it has not seen
// (issue 11): a migration that goes wrong, or a version that turns out bad, can
// be undone with `cli restore`-style file swaps instead of lost data.
// Plain Node: runs from scripts/lib.mjs after `npm ci`, before the app is built.
import fs from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import Database from 'better-sqlite3'

/** How many pre-migration copies are kept (the oldest go first). */
export const KEEP_PRE_MIGRATION_BACKUPS = 5
const PREFIX = 'before-migration-'

/** Migration folders (with a migration.sql) that the database has not finished applying. */
export function pendingMigrations(db, migrationsDir) {
	const available = fs
		.readdirSync(migrationsDir)
		.filter((name) => fs.existsSync(path.join(migrationsDir, name, 'migration.sql')))
		.sort()
	const hasTable = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'").get()
	if (!hasTable) return available
	const applied = new Set(
		db
			.prepare('SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL')
			.all()
			.map((row) => row.migration_name),
	)
	return available.filter((name) => !applied.has(name))
}

/**
 * Backs the database up into `<data>/backups/` when it holds tables and some
 * migrations are pending; keeps the newest KEEP_PRE_MIGRATION_BACKUPS copies.
 * Returns the copy's path, or null when there was nothing to protect.
 */
export async function backupBeforeMigrations({ dbFile, migrationsDir, keep = KEEP_PRE_MIGRATION_BACKUPS, now = new Date() }) {
	if (!fs.existsSync(dbFile) || fs.statSync(dbFile).size === 0) return null
	const db = new Database(dbFile, { readonly: true, fileMustExist: true })
	try {
		const tables = db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").get().n
		const pending = pendingMigrations(db, migrationsDir)
		if (tables === 0 || pending.length === 0) return null
		const backupsDir = path.join(path.dirname(dbFile), 'backups')
		fs.mkdirSync(backupsDir, { recursive: true })
		const stamp = now
			.toISOString()
			.replace(/[-:]/g, '')
			.replace(/\.\d+Z$/, 'Z')
		const target = path.join(backupsDir, `${PREFIX}${stamp}-${pending[0]}.db`)
		// SQLite's online backup: a consistent copy even if a server still has the file open.
		await db.backup(target)
		const copies = fs
			.readdirSync(backupsDir)
			.filter((name) => name.startsWith(PREFIX) && name.endsWith('.db'))
			.sort()
		for (const old of copies.slice(0, Math.max(0, copies.length - keep))) fs.rmSync(path.join(backupsDir, old))
		return { file: target, pending }
	} finally {
		db.close()
	}
}

// `node scripts/pre-migration-backup.mjs <db file>`: what prepareDatabase runs.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
	const dbFile = process.argv[2]
	const result = await backupBeforeMigrations({ dbFile, migrationsDir: path.join('prisma', 'migrations') })
	if (result) console.log(`Backed up the database before ${result.pending.length} new migration(s): ${result.file}`)
}
