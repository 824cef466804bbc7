// `npm test`: typecheck, format and lint checks, schema-drift check, unit + integration tests, the
// integration tests again on PostgreSQL when TEST_DATABASE_URL answers (ADR 0023),
// build, then browser tests in Debian's Chromium against the built app, and a
// subset of them again on PostgreSQL when that server answers (ADR 0034), in two lanes side by side.
import fs from 'node:fs'
import { bin, ensureInstalled, run, runLanes } from './lib.mjs'

ensureInstalled()
const step = (title) => console.log(`\n▶ ${title}`)

step('Typecheck')
run(bin('tsc'), [])
step('Format (Prettier)')
run(bin('prettier'), ['--check', '.'])
step('Lint (ESLint)')
// The cache lives in node_modules, so a fresh clone lints every file and a working copy only what changed.
run(bin('eslint'), ['.', '--cache', '--cache-location', 'node_modules/.cache/eslint/'])
step('Schema vs migrations')
run('node', ['scripts/new-migration.mjs', '--check'])
step('Unit and integration tests')
run(bin('vitest'), ['run'])
step('Integration tests on PostgreSQL')
// Loaded after ensureInstalled: it needs the pg package.
const { reachPostgres, startServerHint } = await import('./postgres.mjs')
const postgres = await reachPostgres(process.env.TEST_DATABASE_URL)
if (postgres.ok) run(bin('vitest'), ['run', '--config', 'vitest.postgresql.config.ts'])
else if (process.env.REQUIRE_POSTGRES === '1') {
	console.error(`The PostgreSQL tests are required here (REQUIRE_POSTGRES=1) but the server does not answer: ${postgres.reason}. ${startServerHint}`)
	process.exit(1)
} else console.log(`Notice: the PostgreSQL tests were skipped (${postgres.reason}). ${startServerHint}`)
step('Build')
run('npm', ['run', 'build'])
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
if (!fs.existsSync(chromium)) {
	console.error(`Chromium not found at ${chromium}. Install it with: apt-get install -y chromium (or set CHROMIUM_PATH).`)
	process.exit(1)
}
// Two lanes side by side, each a vitest process with its own server and browser whose files run one after another
// (docs/testing.md, CI time): the page walk (tests/e2e-lanes.ts), then the browser tests on PostgreSQL (the same
// server as the integration run; an unreachable one with REQUIRE_POSTGRES=1 stopped above); and every other browser file.
const e2e = (lane) => ({ command: bin('vitest'), args: ['run', '--config', 'vitest.e2e.config.ts'], env: { E2E_LANE: lane } })
await runLanes([
	{ title: 'Browser tests', steps: [{ title: 'Browser tests', ...e2e('rest') }] },
	{
		title: 'Browser tests: the page walk, then on PostgreSQL',
		steps: [
			{ title: 'Browser tests: the page walk', ...e2e('walk') },
			postgres.ok
				? { title: 'Browser tests on PostgreSQL', command: bin('vitest'), args: ['run', '--config', 'vitest.e2e.postgresql.config.ts'] }
				: { notice: `Notice: the browser tests on PostgreSQL were skipped (${postgres.reason}). ${startServerHint}` },
		],
	},
])
