// `cli -- report <monthly|quarterly|annual> --year Y [--month M|--quarter Q] --out f.xlsx [--lang zh-CN|en] [--region CODE] [--live] [--force]`:
// the 月调度表 / 季通报 / 年考核 as the web page's XLSX download, written to a file: for an issued
// period the file kept at issue (--live: today's figures instead); --region: that region's report
// (ADR 0029), else the installation's home region's (the bureau's own), or the whole installation's
// when it has none.
import fs from 'node:fs'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { type Db } from '~/db.server'
import { parseReportPeriod, REPORT_KINDS, reportKindSchema } from '~/domain/report/period'
import { i18nFor, DEFAULT_LOCALE, isLocale } from '~/i18n/i18n'
import { findIssuedWorkbook } from '~/models/issued-report.server'
import { installationHomeRegion } from '~/models/region.server'
import { loadReportDocument, requireReportAudience, WHOLE_INSTALLATION_AUDIENCE } from '~/models/report.server'
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

	const audience = await regionAudience(db, values.region)
	const issued = values.live ? null : await findIssuedWorkbook(db, parsed.period, audience, locale)
	const doc = issued?.document ?? (await loadReportDocument(db, parsed.period, audience, locale))
	fs.mkdirSync(path.dirname(destination), { recursive: true })
	fs.writeFileSync(destination, issued?.bytes ?? (await reportWorkbook(doc)))
	const bytes = fs.statSync(destination).size
	const sheets = doc.sheets.map((s) => ({ name: s.name, rows: s.rows.length }))
	const data = { file: destination, title: doc.title, period: parsed.period, sheets, bytes, issuedSha256: issued?.sha256 ?? null }
	const text = `Wrote ${doc.title}${issued ? ' as issued' : ''} → ${destination} (${sheets.map((s) => `${s.name} ${s.rows}`).join(', ')}; ${bytes} bytes)`
	return { data, text }
}

/** The report of the region with this code (default: the home region), as the machine's operator (who sees everything) reads it. */
async function regionAudience(db: Db, code: string | undefined) {
	const region = code === undefined ? null : await db.region.findUnique({ where: { code }, select: { id: true } })
	if (code !== undefined && !region) throw new UsageError(`no region has the code "${code}" (see regions:list)`)
	const id = region?.id ?? (await installationHomeRegion(db))
	return id === null ? WHOLE_INSTALLATION_AUDIENCE : requireReportAudience(db, { role: 'admin', regionId: null, scope: { kind: 'all' } }, id)
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
				region: { type: 'string' },
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
