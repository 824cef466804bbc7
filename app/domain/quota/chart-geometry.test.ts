import { expect, test } from 'vitest'
import { CHART_MARGIN, cumulativeChartGeometry, progressBarGeometry } from './chart-geometry'

const bar = { target: 10, targetMax: null, actual: 4, pace: 5, forecast: 6 }

test('the progress bar places actual, forecast, pace and target on one linear scale with headroom past the largest figure', () => {
	const g = progressBarGeometry(bar, 216)
	// Largest figure 10 → domain 0…10.8, so one unit is 20 px.
	expect(g.actual).toBeCloseTo(80)
	expect(g.forecast).toBeCloseTo(120)
	expect(g.pace).toBeCloseTo(100)
	expect(g.target).toBeCloseTo(200)
	expect(g.targetMax).toBeNull()
})

test('a range target draws a band, over-achievement fits in the bar and a forecast below actual does not shrink the bar', () => {
	const range = progressBarGeometry({ ...bar, target: 5, targetMax: 10 }, 216)
	expect(range.target).toBeCloseTo(100)
	expect(range.targetMax).toBeCloseTo(200)
	const over = progressBarGeometry({ ...bar, actual: 20, forecast: 3 }, 216)
	expect(over.actual).toBeCloseTo(200)
	expect(over.forecast).toBe(over.actual)
	expect(over.target).toBeCloseTo(100)
})

test('a zero target with nothing counted still gives a finite bar', () => {
	const g = progressBarGeometry({ target: 0, targetMax: null, actual: 0, pace: 0, forecast: 0 }, 100)
	expect(Object.values(g).every((v) => v === null || Number.isFinite(v))).toBe(true)
	expect(g.actual).toBe(0)
})

const annual = { op: '>=', period: 'annual', startYear: null, endYear: null }
const size = { width: 400 + CHART_MARGIN.left + CHART_MARGIN.right, height: 200 + CHART_MARGIN.top + CHART_MARGIN.bottom }

test('the cumulative line steps up on each counted date and runs flat to the as-of date', () => {
	const g = cumulativeChartGeometry(
		{
			...annual,
			year: 2025,
			asOf: '2025-07-01',
			target: 10,
			targetMax: null,
			actual: 3,
			pace: 4.96,
			cumulative: [
				{ date: '2025-02-10', actual: 1 },
				{ date: '2025-05-20', actual: 3 },
			],
		},
		size,
	)
	const xOf = (date: string) =>
		CHART_MARGIN.left + (400 * (Date.parse(`${date}T00:00:00Z`) - Date.UTC(2025, 0, 1))) / (Date.UTC(2026, 0, 1) - Date.UTC(2025, 0, 1))
	// y domain 0…10.8 niced to 0…12: 200 px for 12 units.
	const yOf = (v: number) => CHART_MARGIN.top + 200 - (200 * v) / 12
	// d3 writes coordinates to 3 decimals and repeats a corner where two steps meet; compare distinct corners.
	const corners = [...g.actualPath.matchAll(/[ML]([-\d.]+),([-\d.]+)/g)]
		.map((m) => [Number(m[1]), Number(m[2])])
		.filter(([cx, cy], i, all) => i === 0 || cx !== all[i - 1]![0] || cy !== all[i - 1]![1])
	const expected = [
		[xOf('2025-01-01'), yOf(0)],
		[xOf('2025-02-10'), yOf(0)],
		[xOf('2025-02-10'), yOf(1)],
		[xOf('2025-05-20'), yOf(1)],
		[xOf('2025-05-20'), yOf(3)],
		[xOf('2025-07-01'), yOf(3)],
	]
	expect(corners.length).toBe(expected.length)
	corners.forEach(([cx, cy], i) => {
		expect(cx).toBeCloseTo(expected[i]![0]!, 2)
		expect(cy).toBeCloseTo(expected[i]![1]!, 2)
	})
	expect(g.asOfX).toBeCloseTo(xOf('2025-07-01'), 6)
	expect(g.actualEnd).toEqual({ x: g.asOfX, y: yOf(3) })
	expect(g.targetY).toBeCloseTo(yOf(10), 6)
	expect(g.paceLine).toEqual({ x1: CHART_MARGIN.left, y1: yOf(0), x2: CHART_MARGIN.left + 400, y2: g.targetY })
	expect(g.paceMarker.y).toBeCloseTo(yOf(4.96), 6)
	expect(g.xTicks.map((tick) => tick.month)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])
	expect(g.yTicks.map((tick) => tick.value)).toEqual([0, 2, 4, 6, 8, 10, 12])
})

test('earlier years set the starting level, later points are cut at as-of, and as-of outside the year is clamped', () => {
	const g = cumulativeChartGeometry(
		{
			...annual,
			year: 2025,
			asOf: '2030-01-01',
			target: 20,
			targetMax: 30,
			actual: 9,
			pace: 20,
			cumulative: [
				{ date: '2024-11-02', actual: 5 },
				{ date: '2025-03-01', actual: 9 },
			],
		},
		size,
	)
	const firstY = Number(/^M[-\d.]+,([-\d.]+)/.exec(g.actualPath)![1])
	expect(g.yTicks.at(-1)!.value).toBeGreaterThanOrEqual(30)
	const yOf = (v: number) => CHART_MARGIN.top + 200 - (200 * v) / g.yTicks.at(-1)!.value
	expect(firstY).toBeCloseTo(yOf(5), 2)
	expect(g.asOfX).toBe(CHART_MARGIN.left + 400)
	expect(g.targetMaxY).toBeCloseTo(yOf(30), 6)

	const cut = cumulativeChartGeometry(
		{ ...annual, year: 2025, asOf: '2025-02-01', target: 10, targetMax: null, actual: 0, pace: 0.8, cumulative: [{ date: '2025-06-01', actual: 1 }] },
		size,
	)
	expect(cut.actualPath.includes(`${cut.plot.bottom}`)).toBe(true)
	expect(cut.actualEnd.y).toBe(cut.plot.bottom)
})

test("a multi-year (到2026年) quota draws this year's stretch of the path from the start year to the end year", () => {
	const g = cumulativeChartGeometry(
		{
			op: '=',
			period: 'by_year',
			startYear: 2024,
			endYear: 2026,
			year: 2025,
			asOf: '2025-12-31',
			target: 30,
			targetMax: null,
			actual: 0,
			pace: 0,
			cumulative: [],
		},
		size,
	)
	const yOf = (v: number) => CHART_MARGIN.top + 200 - (200 * v) / g.yTicks.at(-1)!.value
	// 2024 has 366 days: the path stands at 366/1096 of 30 on 1 January 2025 and at 731/1096 on 31 December.
	expect(g.paceLine.y1).toBeCloseTo(yOf((30 * 366) / 1096), 6)
	expect(g.paceLine.y2).toBeCloseTo(yOf((30 * 731) / 1096), 6)

	const ceiling = cumulativeChartGeometry(
		{ ...annual, op: '<=', year: 2025, asOf: '2025-06-30', target: 8, targetMax: null, actual: 2, pace: 8, cumulative: [] },
		size,
	)
	expect([ceiling.paceLine.y1, ceiling.paceLine.y2]).toEqual([ceiling.targetY, ceiling.targetY])
})
