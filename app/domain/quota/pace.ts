import { windowBounds } from './count-window'
import { type PipelineItem, type QuotaItem, type QuotaStatus } from './progress'

/** The parts of a quota that say what is due when. */
export type QuotaTargetFacts = {
	op: string
	value: number
	valueMax: number | null
	/** `value` in the normalized unit (亿元 → CNY); null when the unit is its own normal form. */
	normalizedValue: number | null
	period: string
	startYear: number | null
	endYear: number | null
	/** Year the quota was recorded: the start of a by_year path when the clause names none. */
	createdYear: number
	/** A staged target's value per year, years ascending (ADR 0042); empty or missing: one value. */
	yearValues?: readonly YearValue[]
}

export type YearValue = { year: number; value: number; valueMax: number | null; normalizedValue: number }

/**
 * The stage due in `year` and where its path starts: the first stage at or
 * after the year (到2025年40%；到2026年45%: 2025 → 40, 2026 → 45; a year
 * between two stages works toward the next), its path from the year after
 * the stage before it. Null for a quota of one value.
 */
export function stageOf(q: Pick<QuotaTargetFacts, 'yearValues' | 'startYear' | 'createdYear' | 'period'>, year: number) {
	const stages = q.yearValues ?? []
	if (stages.length === 0) return null
	const i = stages.findIndex((s) => s.year >= year)
	const stage = stages[i === -1 ? stages.length - 1 : i]!
	const before = i > 0 ? stages[i - 1]! : null
	const first = q.startYear ?? stages[0]!.year
	return { stage, pathFrom: before ? before.year + 1 : Math.min(first, stage.year) }
}

/** approx (左右/约) is met at this share of the value. */
export const APPROX_SHARE = 0.95

/** The day figures are taken at by default: today in the current year, Dec 31 for past years, Jan 1 for future ones. */
export function defaultAsOf(year: number, today: string) {
	const current = Number(today.slice(0, 4))
	if (year < current) return `${year}-12-31`
	if (year > current) return `${year}-01-01`
	return today
}

/** Normalized units per unit as written (亿元 → CNY: 1e8); 1 when the clause's unit is already normal. */
export function normalizationFactor(q: Pick<QuotaTargetFacts, 'value' | 'normalizedValue'>) {
	return q.normalizedValue !== null && q.value !== 0 ? q.normalizedValue / q.value : 1
}

/**
 * What must be reached in `year`, normalized; null when the year lies outside
 * the quota's years (not due). annual: the value every year of the window;
 * by_year (到2026年…): the end-year value applies in every year of the window,
 * because county assessments check the standing figure each year.
 */
export function yearTarget(q: QuotaTargetFacts, year: number): { target: number; targetMax: number | null } | null {
	const stages = q.yearValues ?? []
	if (stages.length > 0) {
		// Staged: due from the start (or the first stage's year) to the last stage, each year against its stage's value.
		const first = q.startYear ?? stages[0]!.year
		const last = Math.max(q.endYear ?? 0, stages.at(-1)!.year)
		if (year < first || year > last) return null
		const { stage } = stageOf(q, year)!
		const factor = stage.value !== 0 ? stage.normalizedValue / stage.value : normalizationFactor(q)
		return { target: stage.normalizedValue, targetMax: q.op === 'range' && stage.valueMax !== null ? stage.valueMax * factor : null }
	}
	const first = q.period === 'by_year' ? (q.startYear ?? q.createdYear) : q.startYear
	if ((first !== null && year < first) || (q.endYear !== null && year > q.endYear)) return null
	const factor = normalizationFactor(q)
	return { target: q.value * factor, targetMax: q.op === 'range' && q.valueMax !== null ? q.valueMax * factor : null }
}

const DAY = 86_400_000
const dayNumber = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / DAY

/** Share of [from, to] (inclusive days) elapsed on `on`, between 0 and 1. */
function elapsedShare(from: string, to: string, on: string) {
	const share = (dayNumber(on) - dayNumber(from) + 1) / (dayNumber(to) - dayNumber(from) + 1)
	return Math.min(1, Math.max(0, share))
}

/**
 * Where a linear path to the target stands on asOf (never past Dec 31 of the
 * year): annual — the elapsed share of the year; by_year — the elapsed share
 * of Jan 1 of the start year … Dec 31 of the end year. A ceiling (<=) has no
 * path to walk: its pace is the ceiling itself.
 */
export function paceOn(q: QuotaTargetFacts, target: number, year: number, asOf: string) {
	if (q.op === '<=') return target
	const { to } = windowBounds({ year, asOf })
	const staged = stageOf(q, year)
	if (staged) return target * elapsedShare(`${staged.pathFrom}-01-01`, `${staged.stage.year}-12-31`, to)
	if (q.period === 'by_year') {
		const first = q.startYear ?? q.createdYear
		return target * elapsedShare(`${first}-01-01`, `${q.endYear ?? year}-12-31`, to)
	}
	return target * elapsedShare(`${year}-01-01`, `${year}-12-31`, to)
}

/** Whether `actual` meets the clause's comparison. */
export function opMet(op: string, actual: number, target: number) {
	switch (op) {
		case '>':
			return actual > target
		case 'approx':
			return actual >= target * APPROX_SHARE
		case '<=':
			return actual <= target
		default:
			// >=, = (达到) and range (low end) are met from the value up.
			return actual >= target
	}
}

/**
 * achieved: the comparison is met — for a ceiling (<=) only once the year is
 * over, since a figure that grows through the year can still break it;
 * on_track: at or ahead of pace (a ceiling: not broken yet); behind otherwise.
 */
export function quotaStatus(op: string, figures: { actual: number; target: number; pace: number; due: boolean; yearOver: boolean }): QuotaStatus {
	const { actual, target, pace, due, yearOver } = figures
	if (!due) return 'not_due'
	if (op === '<=') {
		if (!opMet(op, actual, target)) return 'behind'
		return yearOver ? 'achieved' : 'on_track'
	}
	if (opMet(op, actual, target)) return 'achieved'
	return actual >= pace ? 'on_track' : 'behind'
}

/** actual + what the pipeline may still bring, each project weighted by its stage. */
export function forecastOf(actual: number, pipeline: Pick<PipelineItem, 'amount' | 'weight'>[]) {
	return actual + pipeline.reduce((sum, p) => sum + p.amount * p.weight, 0)
}

/**
 * The line chart's points: the running total after each day with dated items
 * (`level` figures — manual entries — are not added up: each point is the
 * figure reported that day); undated stock figures give one point at asOf.
 */
export function cumulativeSeries(items: Pick<QuotaItem, 'date' | 'amount'>[], { asOf, level }: { asOf: string; level: boolean }) {
	const byDate = new Map<string, number>()
	let running = 0
	const dated = items.filter((i) => i.date !== null).sort((a, b) => a.date!.localeCompare(b.date!))
	for (const item of dated) {
		running = level ? item.amount : running + item.amount
		byDate.set(item.date!, running)
	}
	const undated = items.filter((i) => i.date === null)
	if (undated.length > 0) byDate.set(asOf, running + undated.reduce((sum, i) => sum + i.amount, 0))
	return [...byDate].map(([date, actual]) => ({ date, actual }))
}

/**
 * The value as written that is due in `year`: a staged target's stage for the
 * year (到2026年达到45% in 2026), else the quota's own. Reports and exports
 * print it, so each year's figures are read against that year's value.
 */
export function valueInYear(q: Pick<QuotaTargetFacts, 'value' | 'valueMax' | 'yearValues' | 'startYear' | 'createdYear' | 'period'>, year: number) {
	const staged = stageOf(q, year)
	return staged ? { value: staged.stage.value, valueMax: staged.stage.valueMax } : { value: q.value, valueMax: q.valueMax }
}
