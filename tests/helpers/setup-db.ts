import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, inject } from 'vitest'
import { createDatabase, dropDatabase, uniqueDatabaseName } from './postgres-databases'

// Each test file gets its own copy of the seeded template database (a file, or on
// the PostgreSQL run a database made from the template) and its own data folder,
// and the app's prisma singleton (created on first import of ~/db.server) points at it.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chainlead-test-'))
const server = inject('testServerUrl')
const database = server ? uniqueDatabaseName('chainlead_test') : null
if (server && database) {
	process.env.DATABASE_URL = await createDatabase(server, database, inject('templateDb'))
	process.env.DATA_DIR = dir
} else {
	const file = path.join(dir, 'test.db')
	fs.copyFileSync(inject('templateDb'), file)
	process.env.DATABASE_URL = `file:${file}`
}
process.env.SESSION_SECRET = 'test-secret-that-is-long-enough-0123456789'
const cache = globalThis as { __chainleadPrisma?: { $disconnect: () => Promise<void> } }
delete cache.__chainleadPrisma

afterAll(async () => {
	await cache.__chainleadPrisma?.$disconnect()
	delete cache.__chainleadPrisma
	if (server && database) await dropDatabase(server, database)
	fs.rmSync(dir, { recursive: true, force: true })
})
