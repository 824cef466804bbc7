import { z } from 'zod'
import { COMPANY_TAGS } from '~/domain/seed/seed-files'
import { userText, withoutControlCharacters } from '~/domain/text/text-field'

// Filters and sort of the company list (/companies). They live in the URL query;
// parsing never fails: every junk value falls back to its default.

export const COMPANY_SORTS = ['name', 'revenue', 'updatedAt'] as const
export const SORT_DIRECTIONS = ['asc', 'desc'] as const

export const REVENUE_BANDS = ['lt100m', '100m_1b', 'gte1b', 'unknown'] as const
type RevenueBand = (typeof REVENUE_BANDS)[number]

/** 营收 band bounds in integer CNY, [min, max); null for `unknown` (no revenue figure). */
export const REVENUE_BAND_BOUNDS: Record<RevenueBand, { min: number | null; max: number | null } | null> = {
	lt100m: { min: null, max: 100_000_000 },
	'100m_1b': { min: 100_000_000, max: 1_000_000_000 },
	gte1b: { min: 1_000_000_000, max: null },
	unknown: null,
}

const MAX_PAGE = 100_000

const companyListQuerySchema = z.object({
	q: userText()
		// Control characters (a NUL, say) match no name and PostgreSQL refuses them in text.
		.transform((v) => withoutControlCharacters(v).trim().slice(0, 100))
		.catch(''),
	/** ChainLink id */
	link: userText().max(40).catch(''),
	/** '1' local, '0' external, '' both */
	local: z.enum(['1', '0']).or(z.literal('')).catch(''),
	/** Region code; the filter covers the region and every region below it. */
	region: userText().max(40).catch(''),
	/** Any of these tags. */
	tag: z
		.array(userText())
		.catch([])
		.transform((tags) => COMPANY_TAGS.filter((tag) => tags.includes(tag))),
	revenue: z.enum(REVENUE_BANDS).or(z.literal('')).catch(''),
	sort: z.enum(COMPANY_SORTS).catch('name'),
	dir: z.enum(SORT_DIRECTIONS).catch('asc'),
	page: z.coerce.number().int().min(1).max(MAX_PAGE).catch(1),
})

export type CompanyListQuery = z.output<typeof companyListQuerySchema>

export const DEFAULT_COMPANY_LIST_QUERY: CompanyListQuery = companyListQuerySchema.parse({})

/** The list state from the URL's search parameters (`tag` may repeat). */
export function parseCompanyListQuery(params: URLSearchParams): CompanyListQuery {
	return companyListQuerySchema.parse({ ...Object.fromEntries(params), tag: params.getAll('tag') })
}

/**
 * The query string of the filters and sort, without paging and without defaults:
 * stable for equal filters, so it serves as a saved view and for comparing views.
 */
export function companyListSearch(query: CompanyListQuery) {
	const params = new URLSearchParams()
	if (query.q) params.set('q', query.q)
	if (query.link) params.set('link', query.link)
	if (query.local) params.set('local', query.local)
	if (query.region) params.set('region', query.region)
	for (const tag of query.tag) params.append('tag', tag)
	if (query.revenue) params.set('revenue', query.revenue)
	if (query.sort !== DEFAULT_COMPANY_LIST_QUERY.sort) params.set('sort', query.sort)
	if (query.dir !== DEFAULT_COMPANY_LIST_QUERY.dir) params.set('dir', query.dir)
	return params.toString()
}

/** Href of one page of the list with these filters. */
export function companyListPageHref(search: string, page: number) {
	const params = new URLSearchParams(search)
	if (page > 1) params.set('page', String(page))
	return `?${params}`
}

// ---------- regions ----------

type RegionNode = { id: string; code: string; parentId: string | null }

/** Regions depth-first (parents before their children, siblings in input order), with their depth. */
export function regionTree<T extends RegionNode>(regions: readonly T[]): (T & { depth: number })[] {
	const ids = new Set(regions.map((r) => r.id))
	const out: (T & { depth: number })[] = []
	const visit = (parentId: string | null, depth: number) => {
		for (const region of regions) {
			const isRoot = region.parentId === null || !ids.has(region.parentId)
			if (parentId === null ? isRoot : region.parentId === parentId) {
				out.push({ ...region, depth })
				visit(region.id, depth + 1)
			}
		}
	}
	visit(null, 0)
	return out
}

/**
 * Drops a link or region filter naming nothing that exists (a deleted region in a
 * saved view, a hand-edited URL), so the form and the result agree.
 */
export function withKnownFilters(query: CompanyListQuery, known: { linkIds: ReadonlySet<string>; regionCodes: ReadonlySet<string> }) {
	return {
		...query,
		link: known.linkIds.has(query.link) ? query.link : '',
		region: known.regionCodes.has(query.region) ? query.region : '',
	}
}
