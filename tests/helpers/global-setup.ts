import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { type TestProject } from 'vitest/node'

declare module 'vitest' {
	export interface ProvidedContext {
		templateDb: string
	}
}

/**
 * Builds one migrated and seeded SQLite file per run, through the same CLI
 * commands `npm start` uses; every test file then works on its own copy.
 * The seed runs as on SEED_DAY: the sample records are dated relative to the
 * seed day (ADR 0021), and the integration tests check figures against them,
 * so they get the same records whatever day they run.
 */
export const SEED_DAY = '2026-12-06'

export default function setup(project: TestProject) {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chainlead-template-'))
	const file = path.join(dir, 'template.db')
	const env = { ...process.env, DATABASE_URL: `file:${file}` }
	execFileSync('node_modules/.bin/prisma', ['migrate', 'deploy'], { env, stdio: 'pipe' })
	execFileSync('node_modules/.bin/tsx', ['app/cli/main.ts', 'seed', '--today', SEED_DAY], { env, stdio: 'pipe' })
	project.provide('templateDb', file)
	return () => fs.rmSync(dir, { recursive: true, force: true })
}
