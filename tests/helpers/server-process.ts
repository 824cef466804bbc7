import { execFileSync, spawn } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'

export async function freePort() {
	return new Promise<number>((resolve, reject) => {
		const server = net.createServer()
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as net.AddressInfo
			server.close(() => resolve(port))
		})
		server.on('error', reject)
	})
}

/** A migrated database file (seeded with the demo data when asked), made by the CLI commands `npm start` runs. */
export function createDatabaseFile(dir: string, name: string, { seed }: { seed: boolean }) {
	const url = `file:${path.join(dir, name)}`
	const env = { ...process.env, DATABASE_URL: url }
	execFileSync('node_modules/.bin/prisma', ['migrate', 'deploy'], { env, stdio: 'pipe' })
	if (seed) execFileSync('node_modules/.bin/tsx', ['app/cli/main.ts', 'seed'], { env, stdio: 'pipe' })
	return path.join(dir, name)
}

/** A copy of a template database in a directory of its own (its data folder: setup token, imports). */
export function copyDatabase(template: string) {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chainlead-server-'))
	const file = path.join(dir, 'chainlead.db')
	fs.copyFileSync(template, file)
	return { url: `file:${file}`, dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) }
}

export type ServerProcess = {
	baseUrl: string
	pid: number
	/** Everything the server printed so far (stdout and stderr). */
	output: () => string
	/** SIGTERM, then the exit code once it has stopped. */
	stop: () => Promise<number | null>
}

// The test runner's own HOST/CHAINLEAD_MODE/TRUST_PROXY never leak in: each test says what it runs.
const serverEnv = (env: Record<string, string>): NodeJS.ProcessEnv => ({
	...process.env,
	NODE_ENV: 'production',
	HOST: '',
	CHAINLEAD_MODE: '',
	TRUST_PROXY: '',
	...env,
})

/**
 * Runs the production server (`node server/index.mjs`, as `npm start` does)
 * and waits until it answers, on `env.PORT` when given, else on a free port.
 * Requires `npm run build` first.
 */
export async function startServer(env: Record<string, string>): Promise<ServerProcess> {
	if (!fs.existsSync('build/server/index.js')) throw new Error('Run `npm run build` before the browser tests.')
	const port = env.PORT ? Number(env.PORT) : await freePort()
	const child = spawn('node', ['server/index.mjs'], { env: serverEnv({ PORT: String(port), ...env }), stdio: ['ignore', 'pipe', 'pipe'] })
	let log = ''
	child.stdout.on('data', (d) => (log += d))
	child.stderr.on('data', (d) => (log += d))
	const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
	const baseUrl = `http://127.0.0.1:${port}`
	const deadline = Date.now() + 60_000
	for (;;) {
		try {
			// Any answer will do: a first-run server redirects every page to /setup.
			await fetch(`${baseUrl}/login`, { redirect: 'manual' })
			break
		} catch {
			// not listening yet
		}
		if (Date.now() > deadline || child.exitCode !== null) throw new Error(`server did not start:\n${log}`)
		await new Promise((r) => setTimeout(r, 200))
	}
	return {
		baseUrl,
		pid: child.pid!,
		output: () => log,
		stop: async () => {
			if (child.exitCode === null) child.kill('SIGTERM')
			return exited
		},
	}
}

/** Runs the server when it is expected to refuse to start: its exit code and what it printed. */
export function runServerExpectingExit(env: Record<string, string>) {
	const child = spawn('node', ['server/index.mjs'], { env: serverEnv(env), stdio: ['ignore', 'pipe', 'pipe'] })
	let stdout = ''
	let stderr = ''
	child.stdout.on('data', (d) => (stdout += d))
	child.stderr.on('data', (d) => (stderr += d))
	const timer = setTimeout(() => child.kill('SIGKILL'), 60_000)
	return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
		child.on('exit', (code) => {
			clearTimeout(timer)
			resolve({ code, stdout, stderr })
		}),
	)
}
