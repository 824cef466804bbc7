import { type AwaitingItem, type ExcludedItem, type PipelineItem, type QuotaItem, type QuotaProblem } from './progress'

/** The year being counted and the day the figures are taken at (YYYY-MM-DD). */
export type CountWindow = { year: number; asOf: string }

/**
 * What one counting function returns for one quota; `problems` are shown beside
 * the quota. `awaiting` holds what would count once verified (only projects
 * carry evidence; the other kinds leave it empty).
 */
export type CountResult = { items: QuotaItem[]; awaiting: AwaitingItem[]; excluded: ExcludedItem[]; pipeline: PipelineItem[]; problems: QuotaProblem[] }

/** First and last day that count: Jan 1 of the year up to asOf, never past Dec 31. ISO dates compare as strings. */
export function windowBounds({ year, asOf }: CountWindow) {
	const yearEnd = `${year}-12-31`
	return { from: `${year}-01-01`, to: asOf < yearEnd ? asOf : yearEnd, yearEnd }
}

export function inWindow(date: string | null, window: CountWindow) {
	const { from, to } = windowBounds(window)
	return date !== null && date >= from && date <= to
}
