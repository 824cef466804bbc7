import { z } from 'zod'
import { displayUnit } from './display-unit'
import { type QuotaProgress, type QuotaStatus } from './progress'

/**
 * The compact overview at the top of /quotas: one row per quota, sortable by
 * each column. The sort sits in the URL (`sort`, `dir`) so it survives a reload
 * and works without JavaScript; the rows are built from the dashboard's own
 * figures, nothing is loaded for them.
 */

export const OVERVIEW_SORTS = ['clause', 'metric', 'unit', 'target', 'actual', 'pace', 'status'] as const
export type OverviewSort = (typeof OVERVIEW_SORTS)[number]
export const SORT_DIRECTIONS = ['asc', 'desc'] as const
export type SortDirection = (typeof SORT_DIRECTIONS)[number]

/**
 * Where a first click on a column starts: reading order and names A→Z, but the
 * least done and furthest behind first, and the largest targets first.
 */
export const DEFAULT_DIRECTION: Record<OverviewSort, SortDirection> = {
	clause: 'asc',
	metric: 'asc',
	unit: 'asc',
	target: 'desc',
	actual: 'asc',
	pace: 'asc',
	status: 'asc',
}

const sortSchema = z.object({
	sort: z.enum(OVERVIEW_SORTS).catch('clause'),
	dir: z.enum(SORT_DIRECTIONS).nullable().catch(null),
})

/** The overview's sort from the URL; nonsense falls back to reading order, a missing direction to the column's default. */
export function parseOverviewSort(params: URLSearchParams): {
	sort: OverviewSort
	dir: SortDirection
} {
	const { sort, dir } = sortSchema.parse({
		sort: params.get('sort') ?? undefined,
		dir: params.get('dir') ?? undefined,
	})
	return { sort, dir: dir ?? DEFAULT_DIRECTION[sort] }
}

/** The direction a click on `column`'s header asks for: the other way round on the active column, else its default. */
export function nextDirection(current: { sort: OverviewSort; dir: SortDirection }, column: OverviewSort): SortDirection {
	if (current.sort !== column) return DEFAULT_DIRECTION[column]
	return current.dir === 'asc' ? 'desc' : 'asc'
}

/** Behind first: what needs attention leads when sorting by status. */
const STATUS_RANK: Record<QuotaStatus, number> = {
	behind: 0,
	on_track: 1,
	achieved: 2,
	not_due: 3,
}

/** Kinds whose counted items carry dates (stage dates, entry dates): only they have a month-by-month history. */
const DATED_KINDS = new Set(['projects', 'manual'])

type Facts = Pick<
	QuotaProgress,
	| 'quotaId'
	| 'year'
	| 'asOf'
	| 'section'
	| 'metric'
	| 'kind'
	| 'op'
	| 'value'
	| 'valueMax'
	| 'unit'
	| 'normalizedUnit'
	| 'period'
	| 'startYear'
	| 'endYear'
	| 'target'
	| 'targetMax'
	| 'actual'
	| 'awaitingActual'
	| 'pace'
	| 'status'
	| 'hasSample'
	| 'cumulative'
	| 'units'
	| 'region'
>

/**
 * The cumulative figure carried into `year` (index 0) and at the end of each
 * month up to the as-of month (1…12; all twelve once the year is over): the
 * last point on or before that day. Null for stock figures, which have no
 * dated history (one point at as-of).
 */
export function monthlyCumulative(q: Pick<QuotaProgress, 'kind' | 'year' | 'asOf' | 'cumulative'>): number[] | null {
	if (!DATED_KINDS.has(q.kind)) return null
	const lastMonth = q.asOf.startsWith(String(q.year)) ? Number(q.asOf.slice(5, 7)) : q.asOf < `${q.year}` ? 0 : 12
	const points = [...q.cumulative].sort((a, b) => a.date.localeCompare(b.date))
	// "YYYY-MM-00" sorts after every day of the month before and before the first of this one.
	const ends = [
		`${q.year}-01-00`,
		...Array.from({ length: lastMonth }, (_, i) => (i === 11 ? `${q.year}-12-32` : `${q.year}-${String(i + 2).padStart(2, '0')}-00`)),
	]
	let level = 0
	let next = 0
	return ends.map((end) => {
		while (next < points.length && points[next]!.date < end && points[next]!.date <= q.asOf) level = points[next++]!.actual
		return level
	})
}

/** Share of the target reached (0 when there is no target to divide by). */
const shareOf = (value: number, target: number) => (target > 0 ? value / target : 0)

/** One overview row: the figures the cards show, the lead 责任单位 and the monthly series. */
export function overviewRow(q: Facts) {
	const lead = [...q.units].sort((a, b) => a.position - b.position)[0] ?? null
	return {
		quotaId: q.quotaId,
		year: q.year,
		asOf: q.asOf,
		section: q.section,
		metric: q.metric,
		kind: q.kind,
		op: q.op,
		value: q.value,
		valueMax: q.valueMax,
		unit: q.unit,
		normalizedUnit: q.normalizedUnit,
		period: q.period,
		startYear: q.startYear,
		endYear: q.endYear,
		target: q.target,
		targetMax: q.targetMax,
		actual: q.actual,
		awaitingActual: q.awaitingActual,
		pace: q.pace,
		status: q.status,
		hasSample: q.hasSample,
		leadUnit: lead ? { id: lead.unitId, name: lead.unitName, nameEn: lead.unitNameEn } : null,
		region: q.region,
		otherUnits: Math.max(0, q.units.length - 1),
		/** Share of the target reached (verified only), the actual column's sort key. */
		done: shareOf(q.actual, q.target),
		/** Ahead (+) or behind (−) the pace line, as a share of the target: the pace column's sort key. */
		paceGap: shareOf(q.actual - q.pace, q.target),
		monthly: monthlyCumulative(q),
	}
}

export type OverviewRow = ReturnType<typeof overviewRow>

/**
 * The rows in the order asked for; ties keep reading order (the order given).
 * Targets compare within a display unit (个 with 个, 亿元 with 亿元), units by
 * the reader's collation, rows without a lead unit last.
 */
export function sortOverview<T extends OverviewRow>(rows: T[], { sort, dir }: { sort: OverviewSort; dir: SortDirection }, locale: string): T[] {
	const collator = new Intl.Collator(locale === 'en' ? 'en' : 'zh-CN-u-co-pinyin')
	const unitName = (r: T) => (r.leadUnit ? (locale === 'en' ? r.leadUnit.nameEn : r.leadUnit.name) : null)
	const compare = (a: T, b: T): number => {
		switch (sort) {
			case 'clause':
				return 0
			case 'metric':
				return collator.compare(a.metric, b.metric)
			case 'unit': {
				const [x, y] = [unitName(a), unitName(b)]
				return x === null || y === null ? 0 : collator.compare(x, y)
			}
			case 'target':
				return collator.compare(displayUnit(a).unit, displayUnit(b).unit) || a.target - b.target
			case 'actual':
				return a.done - b.done
			case 'pace':
				return a.paceGap - b.paceGap
			case 'status':
				return STATUS_RANK[a.status] - STATUS_RANK[b.status] || a.paceGap - b.paceGap
		}
	}
	const sign = dir === 'asc' ? 1 : -1
	const indexed = rows.map((row, index) => ({ row, index }))
	// Rows without a lead unit stay last whichever way the units run.
	const pinned = (r: T) => (sort === 'unit' && r.leadUnit === null ? 1 : 0)
	// Reading order breaks ties, and is itself the clause column (reversed when descending).
	const tie = (a: { index: number }, b: { index: number }) => (sort === 'clause' ? sign : 1) * (a.index - b.index)
	indexed.sort((a, b) => pinned(a.row) - pinned(b.row) || sign * compare(a.row, b.row) || tie(a, b))
	return indexed.map(({ row }) => row)
}
