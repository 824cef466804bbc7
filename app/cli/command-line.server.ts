// One command line of the ChainLead CLI, apart from the process that runs it: app/cli/main.ts runs it on
// the process's arguments and console, and tests run it in their own process (tests/helpers/cli.ts).
import { type Db } from '~/db.server'
import { COMMANDS, runCommand, UsageError } from './commands.server'

export type CommandLineOutput = { stdout: (text: string) => void; stderr: (text: string) => void }

/** Runs `argv` (the arguments after the script) on `db` and returns the exit code: 0, 1, or 64 for a usage error. */
export async function runCommandLine(db: Db, argv: readonly string[], output: CommandLineOutput): Promise<number> {
	const json = argv.includes('--json')
	const [name, ...rest] = argv.filter((a) => a !== '--json')
	try {
		if (!name || name === 'help' || name === '--help') {
			output.stdout(`usage: npm run -s cli -- <command> [--json]\n\ncommands:\n${COMMANDS.map((c) => `  ${c.usage.padEnd(44)} ${c.summary}`).join('\n')}`)
			return name ? 0 : 64
		}
		const result = await runCommand(db, name, rest)
		output.stdout(json ? JSON.stringify(result.data, null, 2) : result.text)
		return result.exitCode ?? 0
	} catch (error) {
		const message = error instanceof Error ? error.message : String(error)
		if (json) output.stdout(JSON.stringify({ error: message }))
		else output.stderr(`error: ${message}`)
		return error instanceof UsageError ? 64 : 1
	}
}
