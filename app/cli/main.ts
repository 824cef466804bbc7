// ChainLead command line: `npm run -s cli -- <command> [args] [--json]`.
// Same models and domain code as the web app; JSON on stdout with --json.
import { prisma } from '~/db.server'
import { runCommandLine } from './command-line.server'

try {
	process.exitCode = await runCommandLine(prisma, process.argv.slice(2), { stdout: (text) => console.log(text), stderr: (text) => console.error(text) })
} finally {
	await prisma.$disconnect()
}
