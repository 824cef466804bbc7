// The browser tests' databases on either engine (ADR 0034): a SQLite file, or on the PostgreSQL run
// (vitest.e2e.postgresql.config.ts) a database on TEST_DATABASE_URL's server. Each server a test starts
// works on its own copy of a template that the global setup (server-setup.ts) migrated and seeded.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { inject } from 'vitest'
import { createDatabase, dropDatabase } from '../helpers/postgres-databases'
import { copyDatabase } from '../helpers/server-process'

declare module 'vitest' {
	export interface ProvidedContext {
		/** The PostgreSQL run's server (TEST_DATABASE_URL); '' on the SQLite run. */
		testServerUrl: string
		/** The prefix of every database this PostgreSQL run makes: the global teardown drops whatever a test left. */
		e2eDatabasePrefix: string
	}
}

export type TestDatabase = {
	url: string
	/** The server's data folder (uploads, evidence, setup token): beside the SQLite file, or a folder of its own. */
	dir: string
	/** DATABASE_URL and DATA_DIR, for the server the test starts. */
	env: { DATABASE_URL: string; DATA_DIR: string }
	remove: () => Promise<void>
}

/** Which engine the browser tests run on. */
export const e2eEngine = (): 'sqlite' | 'postgresql' => (inject('testServerUrl') ? 'postgresql' : 'sqlite')

/** A copy of the seeded template (or, with `'emptyDb'`, the migrated empty one) for a server of the test's own. */
export async function copyTestDatabase(template: 'seededDb' | 'emptyDb' = 'seededDb'): Promise<TestDatabase> {
	const server = inject('testServerUrl')
	if (!server) {
		const copy = copyDatabase(inject(template))
		return { url: copy.url, dir: copy.dir, env: { DATABASE_URL: copy.url, DATA_DIR: copy.dir }, remove: async () => copy.remove() }
	}
	const name = `${inject('e2eDatabasePrefix')}${Math.random().toString(36).slice(2, 10)}`
	const url = await createDatabase(server, name, inject(template))
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chainlead-server-'))
	return {
		url,
		dir,
		env: { DATABASE_URL: url, DATA_DIR: dir },
		remove: async () => {
			await dropDatabase(server, name)
			fs.rmSync(dir, { recursive: true, force: true })
		},
	}
}
