import { scaleBand, scaleLinear } from 'd3'

/** Projects signed per month of `year`, January to December, from per-month counts keyed "YYYY-MM" (missing months are 0). */
export function monthlySignings(rows: { month: string; count: number }[], year: number) {
	const byMonth = new Map(rows.map((r) => [r.month, r.count]))
	return Array.from({ length: 12 }, (_, i) => ({ month: i + 1, count: byMonth.get(`${year}-${String(i + 1).padStart(2, '0')}`) ?? 0 }))
}

/**
 * The 工作台's signings chart: one bar per month on a band scale, heights on a
 * linear scale from zero with whole-number ticks (counts), the current month
 * marked; months after it drawn as empty slots. d3 for the math, React draws.
 */
export function signingsChartGeometry(
	months: { month: number; count: number }[],
	{ width, height, current }: { width: number; height: number; current: number },
) {
	const margin = { top: 14, right: 4, bottom: 18, left: 4 }
	const x = scaleBand<number>()
		.domain(months.map((m) => m.month))
		.range([margin.left, width - margin.right])
		.padding(0.25)
	const top = Math.max(1, ...months.map((m) => m.count))
	const y = scaleLinear()
		.domain([0, top])
		.range([height - margin.bottom, margin.top])
	return {
		baseline: height - margin.bottom,
		bars: months.map((m) => ({
			...m,
			x: x(m.month)!,
			width: x.bandwidth(),
			y: y(m.count),
			height: y(0) - y(m.count),
			current: m.month === current,
			future: m.month > current,
			labelX: x(m.month)! + x.bandwidth() / 2,
		})),
	}
}
