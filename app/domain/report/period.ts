import { z } from 'zod'
import { userText } from '~/domain/text/text-field'
import { readUrlPeriod } from '~/utils/url-period'

/** 月调度 / 季通报 / 年考核. */
export const REPORT_KINDS = ['monthly', 'quarterly', 'annual'] as const
export const reportKindSchema = z.enum(REPORT_KINDS)
export type ReportKind = z.infer<typeof reportKindSchema>

export type ReportPeriod = {
	kind: ReportKind
	year: number
	/** 1–12 for a monthly report, otherwise null. */
	month: number | null
	/** 1–4 for a quarterly report, otherwise null. */
	quarter: number | null
	/** First and last calendar day of the period, YYYY-MM-DD. */
	start: string
	end: string
	/** The day the figures are taken at: the period's last day, or today while the period is still running. */
	asOf: string
}

/** The period picker's fields as they arrive from the URL or the command line; absent fields are undefined. */
export type ReportPeriodInput = { year?: string; month?: string; quarter?: string }

/** Why a period was refused: an i18n key under reports.errors and its values. */
export type ReportPeriodError = { key: string; values?: Record<string, string | number> }

const E = 'reports.errors'

const periodFieldsSchema = z.object({
	year: userText({ error: `${E}.year` })
		.trim()
		.regex(/^\d{4}$/, `${E}.year`)
		.transform(Number)
		.pipe(z.number().min(2000, `${E}.year`).max(2100, `${E}.year`)),
	month: userText()
		.trim()
		.regex(/^(0?[1-9]|1[0-2])$/, `${E}.month`)
		.transform(Number)
		.optional(),
	quarter: userText()
		.trim()
		.regex(/^[1-4]$/, `${E}.quarter`)
		.transform(Number)
		.optional(),
})

/**
 * Reads and checks a report period. A monthly report needs a month and no
 * quarter, a quarterly one a quarter and no month, an annual one neither; a
 * period that has not begun by `today` has no figures yet and is refused.
 */
export function parseReportPeriod(
	kind: ReportKind,
	input: ReportPeriodInput,
	today: string,
): { ok: true; period: ReportPeriod } | { ok: false; error: ReportPeriodError } {
	const parsed = periodFieldsSchema.safeParse(input)
	if (!parsed.success) return { ok: false, error: { key: parsed.error.issues[0]?.message ?? `${E}.year` } }
	const { year, month, quarter } = parsed.data
	if (kind !== 'monthly' && month !== undefined) return { ok: false, error: { key: `${E}.monthNotAllowed` } }
	if (kind !== 'quarterly' && quarter !== undefined) return { ok: false, error: { key: `${E}.quarterNotAllowed` } }
	if (kind === 'monthly' && month === undefined) return { ok: false, error: { key: `${E}.monthRequired` } }
	if (kind === 'quarterly' && quarter === undefined) return { ok: false, error: { key: `${E}.quarterRequired` } }

	const [firstMonth, lastMonth] = kind === 'monthly' ? [month!, month!] : kind === 'quarterly' ? [quarter! * 3 - 2, quarter! * 3] : [1, 12]
	const start = day(year, firstMonth, 1)
	const end = day(year, lastMonth, daysInMonth(year, lastMonth))
	if (start > today) return { ok: false, error: { key: `${E}.future`, values: { today } } }
	const period: ReportPeriod = {
		kind,
		year,
		month: kind === 'monthly' ? month! : null,
		quarter: kind === 'quarterly' ? quarter! : null,
		start,
		end,
		asOf: end < today ? end : today,
	}
	return { ok: true, period }
}

/** The running period that contains `today`: what a report page shows before a period is picked. */
export function currentPeriodInput(kind: ReportKind, today: string): ReportPeriodInput {
	const year = today.slice(0, 4)
	const month = Number(today.slice(5, 7))
	if (kind === 'monthly') return { year, month: String(month) }
	if (kind === 'quarterly') return { year, quarter: String(Math.ceil(month / 3)) }
	return { year }
}

/**
 * A report URL's kind (path) and period (?year=&month=|quarter=); a URL that
 * names no period field asks for the running period. error null = no such report.
 */
export function parseReportQuery(
	kindParam: string | undefined,
	search: URLSearchParams,
	today: string,
): { ok: true; period: ReportPeriod } | { ok: false; error: ReportPeriodError | null } {
	const kind = reportKindSchema.safeParse(kindParam)
	if (!kind.success) return { ok: false, error: null }
	const fields = readUrlPeriod(search)
	const input = Object.keys(fields).length === 0 ? currentPeriodInput(kind.data, today) : fields
	return parseReportPeriod(kind.data, input, today)
}

type PeriodName = Pick<ReportPeriod, 'kind' | 'year' | 'month' | 'quarter'>

/** e.g. 2025-06, 2025-Q2, 2025: the period in a file name. */
export function periodSlug(period: Omit<PeriodName, 'kind'>) {
	if (period.month !== null) return `${period.year}-${String(period.month).padStart(2, '0')}`
	if (period.quarter !== null) return `${period.year}-Q${period.quarter}`
	return String(period.year)
}

/** ?year=2025&month=6 (quarterly: &quarter=2, annual: year only): a period as the report page's query. */
export function periodSearch(period: Omit<PeriodName, 'kind'>) {
	const search = new URLSearchParams({ year: String(period.year) })
	if (period.month !== null) search.set('month', String(period.month))
	if (period.quarter !== null) search.set('quarter', String(period.quarter))
	return search.toString()
}

/** The query of a region's report of a period (ADR 0029): null is the viewer's default, an empty id the whole installation. */
export function reportSearch(period: Omit<PeriodName, 'kind'>, region: { id: string } | null) {
	const search = periodSearch(period)
	return region ? `${search}&region=${encodeURIComponent(region.id)}` : search
}

/** e.g. monthly-2025-06: one report of one period (the ASCII download name, the key a period is issued under). */
export function periodKey(period: PeriodName) {
	return `${period.kind}-${periodSlug(period)}`
}

/** True when the YYYY-MM-DD `date` lies in the period (both ends included). */
export function inPeriod(date: string | null, period: Pick<ReportPeriod, 'start' | 'end'>) {
	return date !== null && date >= period.start && date <= period.end
}

function day(year: number, month: number, date: number) {
	return `${year}-${String(month).padStart(2, '0')}-${String(date).padStart(2, '0')}`
}

function daysInMonth(year: number, month: number) {
	// Day 0 of the next month is the last day of this one.
	return new Date(Date.UTC(year, month, 0)).getUTCDate()
}
