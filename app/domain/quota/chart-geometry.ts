import { curveStepAfter, line, scaleLinear, scaleUtc, utcMonth } from 'd3'
import { paceOn } from './pace'
import { type QuotaProgress } from './progress'

/**
 * Geometry of the quota charts, kept out of the components so it can be tested
 * without a DOM: d3 computes scales and path strings, React draws the SVG.
 */

/** Room past the largest figure, so a tick at the far end stays visible. */
const HEADROOM = 1.08

type BarFigures = Pick<QuotaProgress, 'target' | 'targetMax' | 'actual' | 'pace' | 'forecast'>

/** x positions (0…width) of what the progress bar draws; `targetMax` is the far end of a range target. */
export function progressBarGeometry(q: BarFigures, width: number) {
	const top = Math.max(q.target, q.targetMax ?? 0, q.actual, q.forecast, q.pace)
	const x = scaleLinear()
		.domain([0, top > 0 ? top * HEADROOM : 1])
		.range([0, width])
		.clamp(true)
	return {
		actual: x(Math.max(q.actual, 0)),
		/** The forecast only ever extends the bar: the pipeline cannot lower what has already counted. */
		forecast: x(Math.max(q.forecast, q.actual, 0)),
		target: x(q.target),
		targetMax: q.targetMax === null ? null : x(q.targetMax),
		pace: x(q.pace),
	}
}

/** About this many value ticks; the y domain is rounded to them so the top tick sits at the top. */
const Y_TICKS = 5

export const CHART_MARGIN = { top: 12, right: 16, bottom: 28, left: 48 }

type CumulativeFigures = Pick<
	QuotaProgress,
	'year' | 'asOf' | 'op' | 'period' | 'startYear' | 'endYear' | 'target' | 'targetMax' | 'actual' | 'pace' | 'cumulative'
>

/** 'YYYY-MM-DD' as midnight UTC, the way stage dates are stored. */
function day(date: string) {
	return new Date(`${date}T00:00:00Z`)
}

/**
 * The cumulative chart over the calendar year `q.year`: actual as a step line
 * from 1 January to `asOf`, the straight pace line across the year (0 → target
 * for an annual quota; the year's stretch of the multi-year path for 到2026年…),
 * the target line(s), and the as-of marker.
 */
export function cumulativeChartGeometry(q: CumulativeFigures, { width, height }: { width: number; height: number }) {
	const yearStart = new Date(Date.UTC(q.year, 0, 1))
	const yearEnd = new Date(Date.UTC(q.year + 1, 0, 1))
	const asOf = new Date(Math.min(Math.max(day(q.asOf).getTime(), yearStart.getTime()), yearEnd.getTime()))
	const x = scaleUtc()
		.domain([yearStart, yearEnd])
		.range([CHART_MARGIN.left, width - CHART_MARGIN.right])

	// Points dated before the year (a multi-year quota's earlier counts) set where the line starts.
	const before = q.cumulative.filter((p) => day(p.date) < yearStart)
	const within = q.cumulative.filter((p) => day(p.date) >= yearStart && day(p.date) <= asOf)
	const steps = [{ date: yearStart, actual: before.at(-1)?.actual ?? 0 }, ...within.map((p) => ({ date: day(p.date), actual: p.actual }))]
	steps.push({ date: asOf, actual: steps.at(-1)!.actual })

	const top = Math.max(q.target, q.targetMax ?? 0, q.actual, ...steps.map((s) => s.actual))
	const y = scaleLinear()
		.domain([0, top > 0 ? top * HEADROOM : 1])
		.nice(Y_TICKS)
		.range([height - CHART_MARGIN.bottom, CHART_MARGIN.top])

	// The path is the one the status was judged on. Progress does not carry the year a quota was
	// recorded, so a 到…年 clause without a start year draws its path from this year on.
	const facts = {
		...q,
		value: q.target,
		valueMax: q.targetMax,
		normalizedValue: null,
		createdYear: q.year,
	}
	const stepLine = line<{ date: Date; actual: number }>()
		.x((s) => x(s.date))
		.y((s) => y(s.actual))
		.curve(curveStepAfter)
	return {
		width,
		height,
		plot: {
			left: CHART_MARGIN.left,
			right: width - CHART_MARGIN.right,
			top: CHART_MARGIN.top,
			bottom: height - CHART_MARGIN.bottom,
		},
		actualPath: stepLine(steps) ?? '',
		/** Where the actual line ends, for its label. */
		actualEnd: { x: x(asOf), y: y(steps.at(-1)!.actual) },
		// paceOn gives the level at the end of a day: the eve of the year is its start, 31 December its end.
		paceLine: {
			x1: x(yearStart),
			y1: y(paceOn(facts, q.target, q.year, `${q.year - 1}-12-31`)),
			x2: x(yearEnd),
			y2: y(paceOn(facts, q.target, q.year, `${q.year}-12-31`)),
		},
		paceMarker: { x: x(asOf), y: y(q.pace) },
		targetY: y(q.target),
		targetMaxY: q.targetMax === null ? null : y(q.targetMax),
		asOfX: x(asOf),
		/** First day of each month, for the x axis. */
		xTicks: utcMonth.range(yearStart, yearEnd).map((date) => ({ x: x(date), month: date.getUTCMonth() + 1 })),
		yTicks: y.ticks(Y_TICKS).map((value) => ({ y: y(value), value })),
	}
}

type SparklineFigures = Pick<QuotaProgress, 'year' | 'op' | 'period' | 'startYear' | 'endYear' | 'target' | 'targetMax'> & {
	/** The figure carried into the year, then at each month's end (monthlyCumulative). */
	monthly: number[]
}

/**
 * The overview's sparkline: the month-end cumulative figures on a twelve-month
 * axis (the line stops at the as-of month, so its length shows how far the year
 * has run), the pace path across the year and the target level, on one scale
 * from zero to the larger of target and figures.
 */
export function sparklineGeometry(q: SparklineFigures, { width, height }: { width: number; height: number }) {
	const pad = 2
	const x = scaleLinear()
		.domain([0, 12])
		.range([pad, width - pad])
	const top = Math.max(q.target, q.targetMax ?? 0, ...q.monthly)
	const y = scaleLinear()
		.domain([0, top > 0 ? top : 1])
		.range([height - pad, pad])
	const facts = {
		...q,
		value: q.target,
		valueMax: q.targetMax,
		normalizedValue: null,
		createdYear: q.year,
	}
	// Index 0 is the year's start, month m's point sits at its end.
	const points = q.monthly.map((value, i) => [x(i), y(value)] as [number, number])
	return {
		path: points.length > 1 ? (line()(points) ?? '') : '',
		last: points.at(-1) ?? null,
		pace: {
			x1: x(0),
			y1: y(paceOn(facts, q.target, q.year, `${q.year - 1}-12-31`)),
			x2: x(12),
			y2: y(paceOn(facts, q.target, q.year, `${q.year}-12-31`)),
		},
		targetY: y(q.target),
	}
}
