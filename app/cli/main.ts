// ChainLead command line: `npm run -s cli -- <command> [args] [--json]`.
// Same models and domain code as the web app; JSON on stdout with --json.
import { prisma } from '~/db.server'
import { COMMANDS, runCommand, UsageError } from './commands.server'

const argv = process.argv.slice(2)
const json = argv.includes('--json')
const args = argv.filter((a) => a !== '--json')
const [name, ...rest] = args

try {
	if (!name || name === 'help' || name === '--help') {
		console.log(`usage: npm run -s cli -- <command> [--json]\n\ncommands:\n${COMMANDS.map((c) => `  ${c.usage.padEnd(44)} ${c.summary}`).join('\n')}`)
		process.exitCode = name ? 0 : 64
	} else {
		const result = await runCommand(prisma, name, rest)
		console.log(json ? JSON.stringify(result.data, null, 2) : result.text)
	}
} catch (error) {
	const message = error instanceof Error ? error.message : String(error)
	if (json) console.log(JSON.stringify({ error: message }))
	else console.error(`error: ${message}`)
	process.exitCode = error instanceof UsageError ? 64 : 1
} finally {
	await prisma.$disconnect()
}
