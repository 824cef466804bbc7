import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import { createPrisma } from '~/db.server'

/**
 * A fresh database with the schema and no rows, as a real install has before
 * its first run: every checked-in migration applied in order.
 */
export function createEmptyDatabase() {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chainlead-empty-'))
	const file = path.join(dir, 'empty.db')
	const sqlite = new Database(file)
	const migrations = fs.readdirSync('prisma/migrations').filter((name) => /^\d+_/.test(name)).sort()
	for (const name of migrations) sqlite.exec(fs.readFileSync(path.join('prisma/migrations', name, 'migration.sql'), 'utf8'))
	sqlite.close()
	const db = createPrisma(`file:${file}`)
	return {
		db,
		async remove() {
			await db.$disconnect()
			fs.rmSync(dir, { recursive: true, force: true })
		},
	}
}
