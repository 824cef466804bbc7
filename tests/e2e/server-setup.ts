import { execFileSync, spawn } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { type TestProject } from 'vitest/node'

declare module 'vitest' {
	export interface ProvidedContext {
		baseUrl: string
		/** The served database, for tests that set up records to ask about. */
		databaseUrl: string
	}
}

async function freePort() {
	return new Promise<number>((resolve, reject) => {
		const server = net.createServer()
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as net.AddressInfo
			server.close(() => resolve(port))
		})
		server.on('error', reject)
	})
}

/**
 * Serves the production build on a fresh, migrated and seeded temp database,
 * exactly as `npm start` would. Requires `npm run build` first (npm test does it).
 */
export default async function setup(project: TestProject) {
	if (!fs.existsSync('build/server/index.js')) throw new Error('Run `npm run build` before the browser tests.')
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chainlead-e2e-'))
	const env = { ...process.env, DATABASE_URL: `file:${path.join(dir, 'e2e.db')}`, NODE_ENV: 'production' as const }
	execFileSync('node_modules/.bin/prisma', ['migrate', 'deploy'], { env, stdio: 'pipe' })
	execFileSync('node_modules/.bin/tsx', ['app/cli/main.ts', 'seed'], { env, stdio: 'pipe' })

	const port = await freePort()
	const server = spawn('node_modules/.bin/remix-serve', ['./build/server/index.js'], {
		env: { ...env, PORT: String(port), HOST: '127.0.0.1' },
		stdio: ['ignore', 'pipe', 'pipe'],
	})
	let log = ''
	server.stdout.on('data', (d) => (log += d))
	server.stderr.on('data', (d) => (log += d))
	const baseUrl = `http://localhost:${port}`
	const deadline = Date.now() + 30_000
	for (;;) {
		try {
			const res = await fetch(`${baseUrl}/login`)
			if (res.ok) break
		} catch {
			// not listening yet
		}
		if (Date.now() > deadline || server.exitCode !== null) throw new Error(`server did not start:\n${log}`)
		await new Promise((r) => setTimeout(r, 200))
	}
	project.provide('baseUrl', baseUrl)
	project.provide('databaseUrl', env.DATABASE_URL)
	return () => {
		server.kill()
		fs.rmSync(dir, { recursive: true, force: true })
	}
}
