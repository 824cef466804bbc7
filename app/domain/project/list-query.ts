import { z } from 'zod'
import { parseFunnelFilter } from '~/domain/funnel/query'
import { parseMoneyToCNY } from '~/domain/money'
import { userText } from '~/domain/text/text-field'
import { COMMITMENT_FILTERS } from './commitments'
import { PROJECT_STAGES, PROJECT_TYPES } from './stages'

/**
 * The /projects list state as it sits in the URL. Every parameter falls back to
 * "no filter" (or its default) when it is missing or nonsense, so a hand-edited or
 * stale link still opens the list.
 */

export const PROJECT_SORTS = ['signed_desc', 'signed_asc', 'investment_desc', 'investment_asc', 'title_asc', 'title_desc'] as const
export type ProjectSort = (typeof PROJECT_SORTS)[number]

const optionalId = userText().trim().min(1).max(64).nullable().catch(null)

const querySchema = z.object({
	q: userText().trim().max(100).catch(''),
	stage: z.enum(PROJECT_STAGES).nullable().catch(null),
	type: z.enum(PROJECT_TYPES).nullable().catch(null),
	unit: optionalId,
	link: optionalId,
	leading: userText()
		.transform((v) => v === '1' || v === 'on')
		.catch(false),
	/** Which stage date `year` applies to, e.g. signed in 2025. */
	yearStage: z.enum(PROJECT_STAGES).catch('signed'),
	year: z.coerce.number().int().min(1990).max(2100).nullable().catch(null),
	/** A month (1–12) of `year`: signed in June 2025. Ignored without a year. */
	month: z.coerce.number().int().min(1).max(12).nullable().catch(null),
	/** Investment at least this many 亿元. */
	minYi: userText()
		.transform((text, ctx) => {
			const parsed = parseMoneyToCNY(text, 'yi')
			if (parsed.ok) return parsed.cny
			ctx.addIssue({ code: 'custom', message: parsed.error })
			return z.NEVER
		})
		.nullable()
		.catch(null),
	/** 履约预警 (ADR 0039): a deadline passed (`broken`), or passed or coming up (`warn`). */
	commit: z.enum(COMMITMENT_FILTERS).nullable().catch(null),
	sort: z.enum(PROJECT_SORTS).catch('signed_desc'),
	page: z.coerce.number().int().min(1).max(100_000).catch(1),
})

/**
 * The list state from the URL's search parameters; the 亿元 threshold comes out as integer CNY. `funnel`:
 * the 链上转化 drill-down that limits the list to one funnel number's projects (ADR 0032).
 */
export function parseProjectListQuery(params: URLSearchParams) {
	const { minYi, ...query } = querySchema.parse(Object.fromEntries(params))
	return { ...query, month: query.year === null ? null : query.month, minInvestmentCNY: minYi, funnel: parseFunnelFilter(params) }
}

/** The days [from, to) the year filter covers: the whole year, or one month of it. */
export function stageDateRange({ year, month }: { year: number; month: number | null }) {
	return month === null
		? { gte: new Date(Date.UTC(year, 0, 1)), lt: new Date(Date.UTC(year + 1, 0, 1)) }
		: { gte: new Date(Date.UTC(year, month - 1, 1)), lt: new Date(Date.UTC(year, month, 1)) }
}

export type ProjectListQuery = ReturnType<typeof parseProjectListQuery>
