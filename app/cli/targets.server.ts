// `cli -- targets extract <file.txt> [--json]`: the quantitative targets of a
// policy document, one line each, or as the records the review page receives.
import fs from 'node:fs/promises'
import path from 'node:path'
import { decodeText } from '~/domain/import/read-file'
import { extractTargets } from '~/domain/policy/extract-targets'
import { type ExtractedTarget } from '~/domain/policy/target'
import { formatTarget } from '~/domain/quota/format-target'
import { UsageError } from './commands.server'

const USAGE = 'targets extract <file.txt>'

export async function runTargetsExtract(args: string[]): Promise<{ data: ExtractedTarget[]; text: string }> {
	const [subcommand, file, ...extra] = args
	if (subcommand !== 'extract') throw new UsageError(subcommand ? `unknown targets subcommand "${subcommand}" (usage: ${USAGE})` : `usage: ${USAGE}`)
	if (!file) throw new UsageError(`targets extract needs a text file (usage: ${USAGE})`)
	if (extra.length > 0) throw new UsageError(`unexpected argument(s): ${extra.join(' ')} (usage: ${USAGE})`)
	const data = extractTargets(await readPolicyText(path.resolve(file)))
	return { data, text: describeTargets(data, file) }
}

/** UTF-8 with or without BOM, or GBK/GB18030 when the bytes are not UTF-8 (the import's decoder). */
async function readPolicyText(source: string) {
	let bytes: Buffer
	try {
		bytes = await fs.readFile(source)
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code
		throw new UsageError(code === 'ENOENT' ? `file not found: ${source}` : code === 'EISDIR' ? `not a file: ${source}` : `cannot read ${source}: ${String(error)}`)
	}
	// Word, PDF and UTF-16 files hold NUL bytes; read as text they would yield nothing, silently.
	if (bytes.subarray(0, 8192).includes(0)) throw new UsageError(`${source} is not a plain text file; save the document as UTF-8 or GBK text first`)
	return decodeText(bytes).text
}

/** One line per target: section, target, period and years, metric, responsible units. */
function describeTargets(targets: ExtractedTarget[], file: string) {
	const years = (t: ExtractedTarget) => (t.startYear === null && t.endYear === null ? '' : `${t.startYear ?? ''}–${t.endYear ?? ''}`)
	const lines = targets.map((t) =>
		[
			(t.section ?? '—').padEnd(8),
			formatTarget(t).padEnd(14),
			`${t.period === 'annual' ? 'annual' : 'by year'} ${years(t)}`.padEnd(18),
			t.metric,
			t.responsibleUnits.length > 0 ? `〔${t.responsibleUnits.join('、')}〕` : '',
		]
			.join('  ')
			.trimEnd()
	)
	return [`${targets.length} target(s) in ${file}`, ...lines].join('\n')
}
