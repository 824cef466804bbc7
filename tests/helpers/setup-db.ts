import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, inject } from 'vitest'

// Each test file gets its own copy of the seeded template database, and the
// app's prisma singleton (created on first import of ~/db.server) points at it.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chainlead-test-'))
const file = path.join(dir, 'test.db')
fs.copyFileSync(inject('templateDb'), file)
process.env.DATABASE_URL = `file:${file}`
process.env.SESSION_SECRET = 'test-secret-that-is-long-enough-0123456789'
const cache = globalThis as { __chainleadPrisma?: { $disconnect: () => Promise<void> } }
delete cache.__chainleadPrisma

afterAll(async () => {
	await cache.__chainleadPrisma?.$disconnect()
	delete cache.__chainleadPrisma
	fs.rmSync(dir, { recursive: true, force: true })
})
