import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import pg from 'pg'
import { inject } from 'vitest'
import { createPrisma } from '~/db.server'
import { createDatabase, dropDatabase, uniqueDatabaseName } from './postgres-databases'

/** Every checked-in migration of an engine, in order. */
function migrationScripts(dir: string) {
	return fs
		.readdirSync(dir)
		.filter((name) => /^\d+_/.test(name))
		.sort()
		.map((name) => fs.readFileSync(path.join(dir, name, 'migration.sql'), 'utf8'))
}

/**
 * A fresh database with the schema and no rows, as a real install has before
 * its first run: every checked-in migration applied in order (on the PostgreSQL
 * run, a new database on the test server). `dir` is a temp folder of its own.
 */
export async function createEmptyDatabase() {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chainlead-empty-'))
	const server = inject('testServerUrl')
	let url: string
	let drop = async () => {}
	if (server) {
		const name = uniqueDatabaseName('chainlead_empty')
		url = await createDatabase(server, name)
		const client = new pg.Client({ connectionString: url })
		await client.connect()
		for (const script of migrationScripts('prisma/postgresql/migrations')) await client.query(script)
		await client.end()
		drop = () => dropDatabase(server, name)
	} else {
		const file = path.join(dir, 'empty.db')
		const sqlite = new Database(file)
		for (const script of migrationScripts('prisma/migrations')) sqlite.exec(script)
		sqlite.close()
		url = `file:${file}`
	}
	const db = createPrisma(url)
	return {
		db,
		dir,
		remove: async () => {
			await db.$disconnect()
			await drop()
			fs.rmSync(dir, { recursive: true, force: true })
		},
	}
}
