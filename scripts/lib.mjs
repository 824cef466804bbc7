// Shared helpers for the npm start / npm test / db scripts (plain Node, no deps,
// because they must run before `npm install` has happened).
import { spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { resolveServeMode } from '../server/serve-mode.mjs'

export function run(command, args, options = {}) {
	const result = spawnSync(command, args, { stdio: 'inherit', ...options, env: { ...process.env, ...options.env } })
	if (result.error) throw result.error
	if (result.status !== 0) {
		console.error(`\n✖ ${command} ${args.join(' ')} exited with ${result.status}`)
		process.exit(result.status ?? 1)
	}
}

/**
 * Runs lanes side by side, each a list of steps ({ command, args, env } run one after another, stopping at the
 * first that fails; a step may instead be { notice } to print). The first lane's output streams as it comes; each
 * other lane's is kept in a temp file and printed whole, under its title, once every lane is done. Exits like
 * `run` when a step failed.
 */
export async function runLanes(lanes) {
	const results = await Promise.all(
		lanes.map(async (lane, index) => {
			const dir = index === 0 ? null : fs.mkdtempSync(path.join(os.tmpdir(), 'chainlead-lane-'))
			const out = dir ? fs.openSync(path.join(dir, 'output.log'), 'w') : null
			const print = (text) => (out === null ? console.log(text) : fs.writeSync(out, `${text}\n`))
			let failed = null
			for (const step of lane.steps) {
				if (step.notice) {
					print(step.notice)
					continue
				}
				if (step.title) print(`\n▶ ${step.title}`)
				const status = await new Promise((resolve) => {
					const child = spawn(step.command, step.args, { stdio: out === null ? 'inherit' : ['ignore', out, out], env: { ...process.env, ...step.env } })
					child.on('error', (error) => {
						print(String(error))
						resolve(1)
					})
					child.on('exit', (code) => resolve(code ?? 1))
				})
				if (status !== 0) {
					failed = { step, status }
					print(`\n✖ ${step.command} ${step.args.join(' ')} exited with ${status}`)
					break
				}
			}
			if (out !== null) fs.closeSync(out)
			return { lane, dir, failed }
		}),
	)
	for (const { lane, dir } of results) {
		if (!dir) continue
		console.log(`\n▶▶ ${lane.title} (ran beside the steps above; its output follows)`)
		process.stdout.write(fs.readFileSync(path.join(dir, 'output.log')))
		fs.rmSync(dir, { recursive: true, force: true })
	}
	const failure = results.find((result) => result.failed)
	if (failure) {
		console.error(`\n✖ ${failure.lane.title}: ${failure.failed.step.command} ${failure.failed.step.args.join(' ')} exited with ${failure.failed.status}`)
		process.exit(failure.failed.status)
	}
}

/** Installs dependencies on a fresh clone (npm ci when the lockfile is there). */
export function ensureInstalled() {
	if (fs.existsSync('node_modules/.package-lock.json') && ['prisma', 'prisma-pg'].every((client) => fs.existsSync(`app/generated/${client}/client.ts`))) return
	console.log('Installing dependencies (first run)…')
	run('npm', [fs.existsSync('package-lock.json') ? 'ci' : 'install', '--no-audit', '--no-fund'])
}

export const bin = (name) => `node_modules/.bin/${name}`

export function databaseUrl() {
	return process.env.DATABASE_URL ?? 'file:./data/chainlead.db'
}

/** A PostgreSQL URL (ADR 0023); anything else is a SQLite `file:` URL. */
export const isPostgresUrl = (url) => /^postgres(ql)?:\/\//.test(url ?? '')

/** The Prisma CLI arguments that select the config of the engine of `url`. */
export const prismaConfigArgs = (url) => (isPostgresUrl(url) ? ['--config', 'prisma.postgresql.config.ts'] : [])

/**
 * Applies checked-in migrations and, in demo mode, seeds the demo data when the
 * database is empty. A real install (CHAINLEAD_MODE=install or a non-loopback
 * HOST) is never seeded: its first run creates the admin on /setup.
 */
export function prepareDatabase(env = {}) {
	const serveMode = resolveServeMode({ ...process.env, ...env })
	if (!serveMode.ok) {
		console.error(`ChainLead cannot start:\n${serveMode.problems.map((problem) => `  - ${problem}`).join('\n')}`)
		process.exit(78)
	}
	const url = env.DATABASE_URL ?? databaseUrl()
	fs.mkdirSync('data', { recursive: true })
	if (isPostgresUrl(url)) {
		// PostgreSQL (ADR 0023): the server's own backups (pg_dump) come before an upgrade; the schema has its own migrations.
		run('node', ['scripts/check-postgres-locale.mjs'], { env: { ...env, DATABASE_URL: url } })
		console.log('PostgreSQL: applying migrations (take a pg_dump first when upgrading a database with data).')
		run(bin('prisma'), ['migrate', 'deploy', ...prismaConfigArgs(url)], { env: { ...env, DATABASE_URL: url } })
	} else {
		run('node', ['scripts/pre-migration-backup.mjs', url.replace(/^file:/, '')])
		run(bin('prisma'), ['migrate', 'deploy'], { env: { ...env, DATABASE_URL: url } })
		// WAL (kept in the file): pages keep reading while a long import holds the write lock.
		const walScript = "const Database = require('better-sqlite3'); const db = new Database(process.argv[1]); db.pragma('journal_mode = WAL'); db.close()"
		run('node', ['-e', walScript, url.replace(/^file:/, '')])
	}
	if (serveMode.mode === 'demo') run(bin('tsx'), ['app/cli/main.ts', 'seed'], { env: { ...env, DATABASE_URL: url } })
	else console.log('Real install: the demo data is not loaded (the first-run page offers the sample data).')
}
