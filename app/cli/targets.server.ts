// `cli -- targets extract <file> [--json]`: the quantitative targets of a policy
// document (.txt, .docx, .pdf or .html), one line each, or as the records the
// review page receives.
import fs from 'node:fs/promises'
import path from 'node:path'
import { ImportFileError } from '~/domain/import/file-error'
import { extractTargets } from '~/domain/policy/extract-targets'
import { readPolicyFile } from '~/domain/policy/read-policy-file'
import { type ExtractedTarget } from '~/domain/policy/target'
import { formatTarget } from '~/domain/quota/format-target'
import { i18nFor } from '~/i18n/i18n'
import { UsageError } from './commands.server'

const USAGE = 'targets extract <file.txt|.docx|.pdf|.html>'

export async function runTargetsExtract(args: string[]): Promise<{ data: ExtractedTarget[]; text: string }> {
	const [subcommand, file, ...extra] = args
	if (subcommand !== 'extract') throw new UsageError(subcommand ? `unknown targets subcommand "${subcommand}" (usage: ${USAGE})` : `usage: ${USAGE}`)
	if (!file) throw new UsageError(`targets extract needs a file (usage: ${USAGE})`)
	if (extra.length > 0) throw new UsageError(`unexpected argument(s): ${extra.join(' ')} (usage: ${USAGE})`)
	const data = extractTargets(await readPolicyText(path.resolve(file)))
	return { data, text: describeTargets(data, file) }
}

/** The text the review page would read from the file (read-policy-file.ts); a refusal in its English words. */
async function readPolicyText(source: string) {
	let bytes: Buffer
	try {
		bytes = await fs.readFile(source)
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code
		throw new UsageError(
			code === 'ENOENT' ? `file not found: ${source}` : code === 'EISDIR' ? `not a file: ${source}` : `cannot read ${source}: ${String(error)}`,
		)
	}
	try {
		return (await readPolicyFile(bytes, path.basename(source))).text
	} catch (error) {
		if (error instanceof ImportFileError) throw new UsageError(`${source}: ${i18nFor('en').t(error.messageKey, error.params)}`)
		throw error
	}
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
			.trimEnd(),
	)
	return [`${targets.length} target(s) in ${file}`, ...lines].join('\n')
}
