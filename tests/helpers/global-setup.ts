import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { type TestProject } from 'vitest/node'
import { createDatabase, dropDatabase, uniqueDatabaseName } from './postgres-databases'

declare module 'vitest' {
	export interface ProvidedContext {
		/** The seeded template: a SQLite file, or on the PostgreSQL run (TEST_ENGINE=postgresql) a database name. */
		templateDb: string
		/** The PostgreSQL run's server (TEST_DATABASE_URL); '' on the SQLite run. */
		testServerUrl: string
	}
}

/**
 * Builds one migrated and seeded template database per run, through the same CLI
 * commands `npm start` uses; every test file then works on its own copy.
 * The seed runs as on SEED_DAY: the sample records are dated relative to the
 * seed day (ADR 0021), and the integration tests check figures against them,
 * so they get the same records whatever day they run.
 */
export const SEED_DAY = '2026-12-06'

export default async function setup(project: TestProject) {
	if (process.env.TEST_ENGINE === 'postgresql') return setupPostgres(project)
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chainlead-template-'))
	const file = path.join(dir, 'template.db')
	const env = { ...process.env, DATABASE_URL: `file:${file}` }
	execFileSync('node_modules/.bin/prisma', ['migrate', 'deploy'], { env, stdio: 'pipe' })
	execFileSync('node_modules/.bin/tsx', ['app/cli/main.ts', 'seed', '--today', SEED_DAY], { env, stdio: 'pipe' })
	project.provide('templateDb', file)
	project.provide('testServerUrl', '')
	return () => fs.rmSync(dir, { recursive: true, force: true })
}

async function setupPostgres(project: TestProject) {
	const server = process.env.TEST_DATABASE_URL
	if (!server) throw new Error('TEST_ENGINE=postgresql needs TEST_DATABASE_URL (see README: PostgreSQL tests)')
	const name = uniqueDatabaseName('chainlead_template')
	const url = await createDatabase(server, name)
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chainlead-template-'))
	const env = { ...process.env, DATABASE_URL: url, DATA_DIR: dir }
	execFileSync('node_modules/.bin/prisma', ['migrate', 'deploy', '--config', 'prisma.postgresql.config.ts'], { env, stdio: 'pipe' })
	execFileSync('node_modules/.bin/tsx', ['app/cli/main.ts', 'seed', '--today', SEED_DAY], { env, stdio: 'pipe' })
	project.provide('templateDb', name)
	project.provide('testServerUrl', server)
	return async () => {
		await dropDatabase(server, name)
		fs.rmSync(dir, { recursive: true, force: true })
	}
}
