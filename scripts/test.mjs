// `npm test`: typecheck, schema-drift check, unit + integration tests, build,
// then browser tests in Debian's Chromium against the built app.
import fs from 'node:fs'
import { bin, ensureInstalled, run } from './lib.mjs'

ensureInstalled()
const step = (title) => console.log(`\n▶ ${title}`)

step('Typecheck')
run(bin('tsc'), [])
step('Schema vs migrations')
run('node', ['scripts/new-migration.mjs', '--check'])
step('Unit and integration tests')
run(bin('vitest'), ['run'])
step('Build')
run('npm', ['run', 'build'])
step('Browser tests')
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
if (!fs.existsSync(chromium)) {
	console.error(`Chromium not found at ${chromium}. Install it with: apt-get install -y chromium (or set CHROMIUM_PATH).`)
	process.exit(1)
}
run(bin('vitest'), ['run', '--config', 'vitest.e2e.config.ts'])
