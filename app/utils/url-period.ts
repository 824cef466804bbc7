/**
 * The period a page's URL names (#16 §5): every page reads ?year=, ?quarter= and
 * ?month= through here. Pages that only need a year (the chain analysis, the quota
 * page) take readUrlYear, which falls back on a default; the report and funnel
 * pages take readUrlPeriod's text fields, which parseReportPeriod judges, refusing
 * nonsense with a message.
 */

export type YearRange = { min: number; max: number }

/** Years the chain analysis and scenarios accept. */
export const ANALYSIS_YEARS: YearRange = { min: 2000, max: 2100 }

/** A year as text ("2026"): the whole number when it lies in `range`, else null. */
export function parseYear(text: string | null | undefined, range: YearRange = ANALYSIS_YEARS): number | null {
	if (text === null || text === undefined || text.trim() === '') return null
	const year = Number(text)
	return Number.isInteger(year) && year >= range.min && year <= range.max ? year : null
}

/** The analysis year of a command-line option or a stored value: a sane year, else the current one (UTC). */
export function analysisYear(value: string | null, now = new Date()) {
	return parseYear(value) ?? now.getUTCFullYear()
}

/** ?year= as a year in `range` (the analysis years unless told), else `fallback` (absent, blank, not a whole number, out of range). */
export function readUrlYear(search: URLSearchParams, fallback: number, range: YearRange = ANALYSIS_YEARS): number {
	return parseYear(search.get('year'), range) ?? fallback
}

/** The period fields of a URL as written (absent: undefined; blank stays blank, for the parser to refuse). */
export type UrlPeriodFields = { year?: string; quarter?: string; month?: string }

const SPAN = /^(q([1-4])|m([1-9]|1[0-2]))$/

/**
 * ?year=, ?quarter= and ?month= of a URL, as text. The funnel page's ?span=q2 or
 * ?span=m6 (one select for "whole year, a quarter or a month") names the quarter or
 * month when the URL gives neither; a span that is neither is no period.
 */
export function readUrlPeriod(search: URLSearchParams): UrlPeriodFields {
	const fields: UrlPeriodFields = {}
	for (const name of ['year', 'quarter', 'month'] as const) {
		const value = search.get(name)
		if (value !== null) fields[name] = value
	}
	if (fields.quarter === undefined && fields.month === undefined) {
		const span = SPAN.exec(search.get('span') ?? '')
		if (span?.[2]) fields.quarter = span[2]
		if (span?.[3]) fields.month = span[3]
	}
	return fields
}
