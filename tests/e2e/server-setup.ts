import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { type TestProject } from 'vitest/node'
import { copyDatabase, createDatabaseFile, startServer } from '../helpers/server-process'

declare module 'vitest' {
	export interface ProvidedContext {
		baseUrl: string
		/** Migrated and seeded, as `npm start` leaves an empty database: copy it, never open it. */
		seededDb: string
		/** Migrated only, as a real install starts. */
		emptyDb: string
	}
}

/**
 * Serves the production build through server/index.mjs on a fresh, migrated
 * and seeded temp database, exactly as `npm start` would (demo mode), and
 * keeps template databases for tests that start servers of their own.
 * Requires `npm run build` first (npm test does it).
 */
export default async function setup(project: TestProject) {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chainlead-e2e-'))
	const seededDb = createDatabaseFile(dir, 'seeded.db', { seed: true })
	const emptyDb = createDatabaseFile(dir, 'empty.db', { seed: false })
	const shared = copyDatabase(seededDb)
	const server = await startServer({ DATABASE_URL: shared.url })
	project.provide('baseUrl', server.baseUrl)
	project.provide('seededDb', seededDb)
	project.provide('emptyDb', emptyDb)
	return async () => {
		await server.stop()
		shared.remove()
		fs.rmSync(dir, { recursive: true, force: true })
	}
}
