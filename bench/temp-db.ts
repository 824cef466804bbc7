// A temporary SQLite file for one bench, migrated with `prisma migrate deploy`
// like a real database; data/chainlead.db is never touched.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

export function createTempDb() {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chainlead-bench-'))
	const remove = () => fs.rmSync(dir, { recursive: true, force: true })
	const file = path.join(dir, 'bench.db')
	const url = `file:${file}`
	try {
		execFileSync(path.join(root, 'node_modules/.bin/prisma'), ['migrate', 'deploy'], {
			cwd: root,
			env: { ...process.env, DATABASE_URL: url },
			stdio: 'pipe',
		})
	} catch (error) {
		remove()
		throw error
	}
	return { dir, file, url, remove }
}
