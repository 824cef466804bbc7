// `cli -- report <monthly|quarterly|annual> --year Y [--month M|--quarter Q] --out f.xlsx [--lang zh-CN|en] [--live] [--force]`:
// the 月调度表 / 季通报 / 年考核 as the web page's XLSX download, written to a file: for an issued
// period the file kept at issue (--live: today's figures instead).
import fs from 'node:fs'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { type Db } from '~/db.server'
import { parseReportPeriod, REPORT_KINDS, reportKindSchema } from '~/domain/report/period'
import { i18nFor, DEFAULT_LOCALE, isLocale } from '~/i18n/i18n'
import { findIssuedWorkbook } from '~/models/issued-report.server'
import { loadReportDocument } from '~/models/report.server'
import { reportWorkbook } from '~/utils/report-xlsx.server'
import { todayInChina } from '~/utils/today'
import { UsageError } from './commands.server'

export async function runReportCommand(db: Db, args: string[]): Promise<{ data: unknown; text: string }> {
	const { values, positionals } = parseReportArgs(args)
	const kind = reportKindSchema.safeParse(positionals[0])
	if (!kind.success || positionals.length > 1) throw new UsageError(`report needs one of ${REPORT_KINDS.join(', ')}`)
	if (values.year === undefined) throw new UsageError('report needs --year Y')
	if (!values.out) throw new UsageError('report needs --out <file.xlsx>')
	const locale = values.lang ?? DEFAULT_LOCALE
	if (!isLocale(locale)) throw new UsageError(`--lang must be zh-CN or en, not "${locale}"`)
	const parsed = parseReportPeriod(kind.data, { year: values.year, month: values.month, quarter: values.quarter }, todayInChina())
	// Usage errors are in English like every other command's; the file is in --lang.
	if (!parsed.ok) throw new UsageError(i18nFor('en').t(parsed.error.key, parsed.error.values))
	const destination = path.resolve(values.out)
	if (fs.existsSync(destination) && !values.force) throw new UsageError(`${destination} exists; pass --force to overwrite`)

	const issued = values.live ? null : await findIssuedWorkbook(db, parsed.period, locale)
	const doc = issued?.document ?? (await loadReportDocument(db, parsed.period, locale))
	fs.mkdirSync(path.dirname(destination), { recursive: true })
	fs.writeFileSync(destination, issued?.bytes ?? (await reportWorkbook(doc)))
	const bytes = fs.statSync(destination).size
	const sheets = doc.sheets.map((s) => ({ name: s.name, rows: s.rows.length }))
	const data = { file: destination, title: doc.title, period: parsed.period, sheets, bytes, issuedSha256: issued?.sha256 ?? null }
	const text = `Wrote ${doc.title}${issued ? ' as issued' : ''} → ${destination} (${sheets.map((s) => `${s.name} ${s.rows}`).join(', ')}; ${bytes} bytes)`
	return { data, text }
}

function parseReportArgs(args: string[]) {
	try {
		return parseArgs({
			args,
			options: {
				year: { type: 'string' },
				month: { type: 'string' },
				quarter: { type: 'string' },
				out: { type: 'string' },
				lang: { type: 'string' },
				live: { type: 'boolean' },
				force: { type: 'boolean' },
			},
			allowPositionals: true,
			strict: true,
		})
	} catch (error) {
		throw new UsageError(error instanceof Error ? error.message : String(error))
	}
}
