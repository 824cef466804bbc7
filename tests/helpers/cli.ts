// The ChainLead CLI as an administrator runs it (`tsx app/cli/main.ts …`), for tests. Asynchronous on
// purpose: a cold tsx start takes seconds on a loaded machine, and a test worker blocked that long in
// spawnSync misses vitest's own calls ("Timeout calling onTaskUpdate").
//
// `runCli` starts that process; `runCliInProcess` runs the same command line (app/cli/command-line.server.ts)
// in the test's own process, a hundred times cheaper: use it where the test is about what a command does, and
// `runCli` where it is about the process (exit codes seen by a shell, stdin, signals, a cold start), as
// tests/integration/cli.test.ts and cli-accounts.test.ts do.
import { spawn } from 'node:child_process'

export type CliResult = { code: number | null; stdout: string; stderr: string }

export function runCli(args: readonly string[], { env = {}, stdin = '' }: { env?: Record<string, string>; stdin?: string } = {}): Promise<CliResult> {
	return new Promise((resolve, reject) => {
		const child = spawn('node_modules/.bin/tsx', ['app/cli/main.ts', ...args], { env: { ...process.env, ...env } })
		let stdout = ''
		let stderr = ''
		child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
		child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
		child.on('error', reject)
		child.on('close', (code) => resolve({ code, stdout, stderr }))
		child.stdin.end(stdin)
	})
}

/**
 * The same command line as `runCli`, run in this process: on the test file's database (or `env.DATABASE_URL`'s,
 * through a client of its own), with `env` set for the call only, stdout and stderr collected as the process
 * would print them (one line per print). Commands that read stdin (passwords) need `runCli`.
 */
export async function runCliInProcess(args: readonly string[], { env = {} }: { env?: Record<string, string> } = {}): Promise<CliResult> {
	// Loaded on first use: files that only spawn the CLI do not load the app's models.
	const [{ createPrisma, prisma }, { runCommandLine }] = await Promise.all([import('~/db.server'), import('~/cli/command-line.server')])
	const saved = Object.fromEntries(Object.keys(env).map((key) => [key, process.env[key]]))
	const otherDatabase = env.DATABASE_URL !== undefined && env.DATABASE_URL !== process.env.DATABASE_URL
	Object.assign(process.env, env)
	const db = otherDatabase ? createPrisma(env.DATABASE_URL) : prisma
	let stdout = ''
	let stderr = ''
	try {
		const code = await runCommandLine(db, args, { stdout: (text) => (stdout += `${text}\n`), stderr: (text) => (stderr += `${text}\n`) })
		return { code, stdout, stderr }
	} finally {
		if (otherDatabase) await db.$disconnect()
		for (const [key, value] of Object.entries(saved)) {
			if (value === undefined) delete process.env[key]
			else process.env[key] = value
		}
	}
}
