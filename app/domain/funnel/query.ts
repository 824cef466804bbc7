// The funnel's period and its drill-down as they sit in URLs: the funnel page reads
// ?year=&quarter=|month= as the report pages do; a number links to the lead or project list with
// ?funnel=<chain>&funnelLink=<key>&funnelPeriod=2026-Q2&funnelStage=…, which lists exactly its records.
import { z } from 'zod'
import { parseReportPeriod, type ReportKind, type ReportPeriod, type ReportPeriodInput } from '~/domain/report/period'
import { userText } from '~/domain/text/text-field'
import { readUrlPeriod } from '~/utils/url-period'
import { FUNNEL_STAGES, type FunnelOutcome } from './funnel'

/** The unit or owner filter value meaning "none set". */
export const FUNNEL_NONE = 'none'

/** The period kind a set of period fields names: a month, a quarter, else the year. */
function kindOf(input: ReportPeriodInput): ReportKind {
	if (input.month !== undefined) return 'monthly'
	if (input.quarter !== undefined) return 'quarterly'
	return 'annual'
}

/** The funnel page's span of a year: the whole year, a quarter (q1–q4) or a month (m1–m12). */
export const FUNNEL_SPANS = ['', 'q1', 'q2', 'q3', 'q4', ...Array.from({ length: 12 }, (_, i) => `m${i + 1}`)] as const

/** The span a period covers, as the page's `span` parameter. */
export function periodSpan(period: Pick<ReportPeriod, 'month' | 'quarter'>) {
	if (period.month !== null) return `m${period.month}`
	if (period.quarter !== null) return `q${period.quarter}`
	return ''
}

/**
 * The funnel page's period from ?year=&span= (this year when none is given); a refusal is an
 * i18n key under reports.errors, as on the report pages.
 */
export function funnelPeriodFromSearch(search: URLSearchParams, today: string) {
	const fields = readUrlPeriod(search)
	const input: ReportPeriodInput = { ...fields, year: fields.year || today.slice(0, 4) }
	return parseReportPeriod(kindOf(input), input, today)
}

/** '2026', '2026-Q2' or '2026-06' (periodSlug's spelling) as period fields; null when it is none of them. */
export function periodSlugInput(slug: string): ReportPeriodInput | null {
	const match = /^(\d{4})(?:-Q([1-4])|-(0[1-9]|1[0-2]))?$/.exec(slug)
	if (!match) return null
	return { year: match[1]!, quarter: match[2], month: match[3] === undefined ? undefined : String(Number(match[3])) }
}

/** The period a drill-down link names, or null when it names none that has begun. */
export function periodFromSlug(slug: string, today: string): ReportPeriod | null {
	const input = periodSlugInput(slug)
	if (!input) return null
	const parsed = parseReportPeriod(kindOf(input), input, today)
	return parsed.ok ? parsed.period : null
}

const id = userText().trim().min(1).max(64)

/** A list's funnel drill-down; absent or nonsense parameters give no funnel filter at all. */
const funnelFilterSchema = z.object({
	funnel: userText()
		.trim()
		.regex(/^[a-z0-9-]{1,64}$/),
	funnelLink: userText()
		.trim()
		.regex(/^[A-Za-z0-9_-]{1,64}$/)
		.optional()
		.catch(undefined),
	funnelPeriod: userText()
		.trim()
		.regex(/^\d{4}(-Q[1-4]|-(0[1-9]|1[0-2]))?$/),
	funnelStage: z.enum(FUNNEL_STAGES),
	funnelOutcome: z.enum(['reached', 'lost'] satisfies FunnelOutcome[]).catch('reached'),
	funnelUnit: id.optional().catch(undefined),
	funnelOwner: id.optional().catch(undefined),
})

export type FunnelFilter = z.output<typeof funnelFilterSchema>

/** The drill-down of a list's query string, or null when it has none (or a broken one). */
export function parseFunnelFilter(params: URLSearchParams): FunnelFilter | null {
	const parsed = funnelFilterSchema.safeParse(Object.fromEntries(params))
	return parsed.success ? parsed.data : null
}

/** The query string parameters of a drill-down, in a stable order. */
export function funnelFilterParams(filter: FunnelFilter) {
	const params = new URLSearchParams({ funnel: filter.funnel })
	if (filter.funnelLink) params.set('funnelLink', filter.funnelLink)
	params.set('funnelPeriod', filter.funnelPeriod)
	params.set('funnelStage', filter.funnelStage)
	if (filter.funnelOutcome !== 'reached') params.set('funnelOutcome', filter.funnelOutcome)
	if (filter.funnelUnit) params.set('funnelUnit', filter.funnelUnit)
	if (filter.funnelOwner) params.set('funnelOwner', filter.funnelOwner)
	return params
}

/** The unit or owner a drill-down names as the funnel reads it: undefined = any, null = none set. */
export function responsibleFilter(value: string | undefined) {
	if (value === undefined) return undefined
	return value === FUNNEL_NONE ? null : value
}
