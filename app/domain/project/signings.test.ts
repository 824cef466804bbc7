import { expect, test } from 'vitest'
import { monthlySignings, signingsChartGeometry } from './signings'

test('per-month counts fill the twelve months of the year, other years ignored', () => {
	const months = monthlySignings(
		[
			{ month: '2026-03', count: 2 },
			{ month: '2026-12', count: 1 },
			{ month: '2025-03', count: 9 },
		],
		2026,
	)
	expect(months).toHaveLength(12)
	expect(months.map((m) => m.count)).toEqual([0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 1])
	expect(months[0]).toEqual({ month: 1, count: 0 })
})

test('bars share one band scale and stand on one baseline, their heights in proportion to the counts', () => {
	const months = monthlySignings(
		[
			{ month: '2026-03', count: 4 },
			{ month: '2026-04', count: 2 },
		],
		2026,
	)
	const g = signingsChartGeometry(months, { width: 248, height: 132, current: 4 })
	const [march, april, may] = [g.bars[2]!, g.bars[3]!, g.bars[4]!]
	expect(march.height).toBeCloseTo(100)
	expect(april.height).toBeCloseTo(50)
	expect(march.y + march.height).toBeCloseTo(g.baseline)
	expect(april.x - march.x).toBeCloseTo(may.x - april.x)
	expect(g.bars[11]!.x + g.bars[11]!.width).toBeLessThanOrEqual(248)
	expect(april.current).toBe(true)
	expect(may.future).toBe(true)
	expect(g.bars[0]!.height).toBe(0)
	// Nothing signed yet: a finite, empty chart.
	const empty = signingsChartGeometry(monthlySignings([], 2026), { width: 248, height: 132, current: 1 })
	expect(empty.bars.every((b) => b.height === 0 && Number.isFinite(b.y))).toBe(true)
})
