import { z } from 'zod'
import { type FunnelFilter, funnelFilterParams, parseFunnelFilter } from '~/domain/funnel/query'
import { userText } from '~/domain/text/text-field'
import { LEAD_PRIORITIES, LEAD_SOURCES } from './schemas'
import { LEAD_STAGES } from './stages'

export const LEAD_VIEWS = ['table', 'board'] as const
export const LEAD_PAGE_SIZE = 50
/**
 * Cards shown per board column; the rest are reached through the filtered
 * table. Twenty is more than a screen of cards per column: at fifty, seven
 * columns made a 400 KB page that took the server about 150 ms of CPU to render.
 */
export const BOARD_COLUMN_LIMIT = 20

/** Table orders: next action first (the default: what needs doing), or by company name in 拼音 order. */
export const LEAD_SORTS = ['next_action', 'company_asc', 'company_desc'] as const
export type LeadSort = (typeof LEAD_SORTS)[number]

/** The owner filter value meaning "the signed-in user". */
export const OWNER_ME = 'me'

const flag = userText()
	.optional()
	.transform((v) => v === '1' || v === 'on' || v === 'true')

/** Query string of /leads; nonsense values fall back to "no filter" instead of failing. */
export const leadFiltersSchema = z.object({
	view: z.enum(LEAD_VIEWS).catch('table'),
	owner: userText().trim().max(64).catch(''),
	unit: userText().trim().max(64).catch(''),
	stage: z.enum(LEAD_STAGES).optional().catch(undefined),
	priority: z.enum(LEAD_PRIORITIES).optional().catch(undefined),
	source: z.enum(LEAD_SOURCES).optional().catch(undefined),
	overdue: flag,
	/** Open leads whose next action falls today or in the DUE_SOON_DAYS after: the follow-ups of the coming week. */
	due: flag,
	stalled: flag,
	/** Open leads never contacted past their region's first-contact level (ADR 0037). */
	firstContact: flag,
	q: userText().trim().max(100).catch(''),
	sort: z.enum(LEAD_SORTS).catch('next_action'),
	page: z.coerce.number().int().min(1).max(100_000).catch(1),
})
/** The list's filters, and the 链上转化 drill-down that limits it to one funnel number's leads (ADR 0032). */
export type LeadFilters = z.output<typeof leadFiltersSchema> & { funnel: FunnelFilter | null }

export function parseLeadFilters(params: URLSearchParams): LeadFilters {
	return { ...leadFiltersSchema.parse(Object.fromEntries(params)), funnel: parseFunnelFilter(params) }
}

/** The query string for `filters` with `patch` applied, leaving out defaults (page 1, table view, empty filters). */
export function leadFiltersSearch(filters: LeadFilters, patch: Partial<LeadFilters> = {}) {
	const merged = { ...filters, ...patch }
	const params = new URLSearchParams()
	if (merged.view !== 'table') params.set('view', merged.view)
	for (const key of ['owner', 'unit', 'stage', 'priority', 'source', 'q'] as const) {
		const value = merged[key]
		if (value) params.set(key, value)
	}
	if (merged.overdue) params.set('overdue', '1')
	if (merged.due) params.set('due', '1')
	if (merged.stalled) params.set('stalled', '1')
	if (merged.firstContact) params.set('firstContact', '1')
	if (merged.sort !== 'next_action') params.set('sort', merged.sort)
	if (merged.funnel) for (const [key, value] of funnelFilterParams(merged.funnel)) params.set(key, value)
	if (merged.page > 1) params.set('page', String(merged.page))
	const text = params.toString()
	return text ? `?${text}` : ''
}
