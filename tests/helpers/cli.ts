// The ChainLead CLI as an administrator runs it (`tsx app/cli/main.ts …`), for tests. Asynchronous on
// purpose: a cold tsx start takes seconds on a loaded machine, and a test worker blocked that long in
// spawnSync misses vitest's own calls ("Timeout calling onTaskUpdate").
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
