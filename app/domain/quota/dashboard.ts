import { z } from 'zod'
import { userText } from '~/domain/text/text-field'
import { type QuotaProgress, type QuotaStatus } from './progress'
import { QUOTA_KINDS } from './rules'

/** In the order the summary strip lists them: done first, then what needs attention. */
export const QUOTA_STATUSES = ['achieved', 'on_track', 'behind', 'not_due'] as const satisfies readonly QuotaStatus[]

/** How many counted items a dashboard row lists before "…还有 N 项". */
export const ITEM_PREVIEW = 5

const optionalId = userText().trim().min(1).max(64).nullable().catch(null)

/**
 * The /quotas dashboard state as it sits in the URL. Every parameter falls back
 * to "no filter" when missing or nonsense, so a stale link still opens the page.
 */
const querySchema = z.object({
	year: z.coerce.number().int().min(2000).max(2100).nullable().catch(null),
	unit: optionalId,
	/** Whose quotas (ADR 0029): a 市 user narrows the dashboard to one region's. */
	region: optionalId,
	status: z.enum(QUOTA_STATUSES).nullable().catch(null),
	kind: z.enum(QUOTA_KINDS).nullable().catch(null),
})

export function parseDashboardQuery(params: URLSearchParams, currentYear: number) {
	const query = querySchema.parse(Object.fromEntries(params))
	return { ...query, year: query.year ?? currentYear }
}

export type DashboardQuery = ReturnType<typeof parseDashboardQuery>

/** Quotas of the region, that one of the unit answers for, of the kind and status asked for (null = any). */
export function filterProgress<T extends Pick<QuotaProgress, 'kind' | 'status' | 'units' | 'region'>>(
	progress: T[],
	{ unit, region, status, kind }: Pick<DashboardQuery, 'unit' | 'region' | 'status' | 'kind'>,
) {
	return progress.filter(
		(q) =>
			(unit === null || q.units.some((u) => u.unitId === unit)) &&
			(region === null || q.region?.id === region) &&
			(status === null || q.status === status) &&
			(kind === null || q.kind === kind),
	)
}

/** The regions whose quotas the dashboard holds, by name: the region filter's choices. */
export function regionsOf(progress: Pick<QuotaProgress, 'region'>[]) {
	const byId = new Map<string, { id: string; name: string; nameEn: string }>()
	for (const q of progress) if (q.region) byId.set(q.region.id, q.region)
	return [...byId.values()].sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'))
}

export function countByStatus(progress: Pick<QuotaProgress, 'status'>[]) {
	const counts = Object.fromEntries(QUOTA_STATUSES.map((s) => [s, 0])) as Record<QuotaStatus, number>
	for (const q of progress) counts[q.status] += 1
	return counts
}

/** Every responsible unit named by any quota, once, for the unit filter. */
export function unitsOf(progress: Pick<QuotaProgress, 'units'>[]) {
	const byId = new Map<string, { id: string; name: string; nameEn: string }>()
	for (const q of progress) for (const u of q.units) byId.set(u.unitId, { id: u.unitId, name: u.unitName, nameEn: u.unitNameEn })
	return [...byId.values()].sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'))
}

/** Years worth offering: the quotas' own spans, the current and the selected year, without gaps. */
export function yearOptions(progress: Pick<QuotaProgress, 'startYear' | 'endYear'>[], currentYear: number, selectedYear: number) {
	const years = [currentYear, selectedYear, ...progress.flatMap((q) => [q.startYear, q.endYear].filter((y): y is number => y !== null))]
	const first = Math.min(...years)
	const last = Math.max(...years)
	return Array.from({ length: last - first + 1 }, (_, i) => last - i)
}

/** The 月调度 month and 季通报 quarter that hold `asOf` (YYYY-MM-DD). */
export function reportPeriod(asOf: string) {
	const month = Number(asOf.slice(5, 7))
	return { month, quarter: Math.ceil(month / 3) }
}

/**
 * One quota as a dashboard row: every figure, the first few counted items and
 * how many there are in all (the quota page lists them), and whether any
 * counted item is sample data. `progress` may come with its lists cut to
 * their first rows (loadQuotaProgress `limits`): the sizes come from `counts`.
 */
export function dashboardRow({ items, awaiting: _awaiting, excluded: _excluded, pipeline: _pipeline, counts, ...figures }: QuotaProgress) {
	return {
		...figures,
		items: items.slice(0, ITEM_PREVIEW),
		itemCount: counts.items,
		awaitingCount: counts.awaiting,
		excludedCount: counts.excluded,
		pipelineCount: counts.pipeline,
	}
}

/** What the dashboard reads of each quota's lists: the preview of counted items only. */
export const DASHBOARD_LIMITS = { items: ITEM_PREVIEW, awaiting: 0, excluded: 0, pipeline: 0 } as const

export type DashboardRow = ReturnType<typeof dashboardRow>

export type QuotaSource = {
	quotaId: string
	document: { id: string; title: string; docNumber: string | null } | null
	/** Where the clause stands in its document (character offset); null when the excerpt is not found. */
	offset: number | null
}

/**
 * Quotas in reading order, each with its policy document: documents in the
 * order `sources` lists them, quotas without a document last; within a
 * document by where the clause stands in the text. Targets read from one
 * sentence share its offset and keep the order they were loaded in; clauses
 * not found in the text (an edited excerpt) go last in their document, by section.
 */
export function orderByDocument<T extends Pick<QuotaProgress, 'quotaId' | 'section'>>(progress: T[], sources: QuotaSource[]) {
	const sourceById = new Map(sources.map((s) => [s.quotaId, s]))
	const documentOrder = [...new Set(sources.flatMap((s) => (s.document ? [s.document.id] : [])))]
	const documentRank = (id: string | undefined) => (id === undefined ? documentOrder.length : documentOrder.indexOf(id))
	const rows = progress.map((q) => ({ ...q, document: sourceById.get(q.quotaId)?.document ?? null, offset: sourceById.get(q.quotaId)?.offset ?? Infinity }))
	const byReadingOrder = (a: (typeof rows)[number], b: (typeof rows)[number]) => {
		const byDocument = documentRank(a.document?.id) - documentRank(b.document?.id)
		if (byDocument !== 0) return byDocument
		if (a.offset !== b.offset) return a.offset - b.offset
		return a.offset === Infinity ? (a.section ?? '').localeCompare(b.section ?? '', 'zh-CN') : 0
	}
	return rows.sort(byReadingOrder).map(({ offset: _offset, ...row }) => row)
}
