import { expect, test } from 'vitest'
import { sparklineGeometry } from './chart-geometry'
import { monthlyCumulative, nextDirection, overviewRow, parseOverviewSort, sortOverview } from './overview'

const unit = (unitId: string, name: string, nameEn: string, position: number) => ({
	unitId,
	unitName: name,
	unitNameEn: nameEn,
	position,
	target: null,
	actual: 0,
	items: 0,
})

function quota(id: string, facts: Partial<Parameters<typeof overviewRow>[0]> = {}) {
	return overviewRow({
		quotaId: id,
		region: null,
		year: 2026,
		asOf: '2026-04-15',
		section: id,
		metric: `指标${id}`,
		kind: 'projects',
		op: '>=',
		value: 10,
		valueMax: null,
		unit: '个',
		normalizedUnit: '个',
		period: 'annual',
		startYear: null,
		endYear: null,
		target: 10,
		targetMax: null,
		actual: 0,
		awaitingActual: 0,
		pace: 0,
		status: 'behind',
		hasSample: false,
		cumulative: [],
		units: [],
		...facts,
	})
}

test('the sort comes from the URL, nonsense falls back to reading order and a missing direction to the column default', () => {
	expect(parseOverviewSort(new URLSearchParams('sort=actual&dir=desc'))).toEqual({ sort: 'actual', dir: 'desc' })
	expect(parseOverviewSort(new URLSearchParams('sort=pace'))).toEqual({
		sort: 'pace',
		dir: 'asc',
	})
	expect(parseOverviewSort(new URLSearchParams('sort=target'))).toEqual({
		sort: 'target',
		dir: 'desc',
	})
	expect(parseOverviewSort(new URLSearchParams('sort=drop table&dir=up'))).toEqual({ sort: 'clause', dir: 'asc' })
	expect(nextDirection({ sort: 'actual', dir: 'asc' }, 'actual')).toBe('desc')
	expect(nextDirection({ sort: 'actual', dir: 'desc' }, 'actual')).toBe('asc')
	expect(nextDirection({ sort: 'actual', dir: 'desc' }, 'target')).toBe('desc')
})

test('month-end cumulative figures run to the as-of month, carrying in earlier years and ignoring points after as-of', () => {
	const q = {
		kind: 'projects',
		year: 2026,
		asOf: '2026-04-15',
		cumulative: [
			{ date: '2025-11-02', actual: 2 },
			{ date: '2026-01-31', actual: 3 },
			{ date: '2026-03-01', actual: 5 },
			{ date: '2026-04-20', actual: 6 },
		],
	}
	expect(monthlyCumulative(q)).toEqual([2, 3, 3, 5, 5])
	expect(monthlyCumulative({ ...q, asOf: '2026-12-31' })).toEqual([2, 3, 3, 5, 6, 6, 6, 6, 6, 6, 6, 6, 6])
	expect(monthlyCumulative({ ...q, year: 2027, asOf: '2027-01-01' })).toEqual([6, 6])
	// Stock figures (companies, sums) have no dated history.
	expect(monthlyCumulative({ ...q, kind: 'sum' })).toBeNull()
	expect(monthlyCumulative({ ...q, kind: 'companies_with_tag' })).toBeNull()
})

test('rows sort by each column both ways, ties keep reading order', () => {
	const rows = [
		quota('a', {
			actual: 2,
			pace: 3,
			status: 'behind',
			units: [unit('u2', '区商务局', 'Commerce', 0)],
		}),
		quota('b', {
			actual: 9,
			pace: 3,
			status: 'on_track',
			target: 12,
			value: 12,
			units: [unit('u1', '区工信局', 'Industry', 0)],
		}),
		quota('c', {
			actual: 10,
			pace: 3,
			status: 'achieved',
			unit: '亿元',
			normalizedUnit: 'CNY',
			value: 5,
			target: 5e8,
			units: [],
		}),
		quota('d', {
			actual: 1,
			pace: 3,
			status: 'behind',
			units: [unit('u3', '赣州高新区招商局', 'Hi-tech zone', 0), unit('u1', '区工信局', 'Industry', 1)],
		}),
	]
	const ids = (sort: Parameters<typeof sortOverview>[1], locale = 'zh-CN') => sortOverview(rows, sort, locale).map((r) => r.quotaId)
	expect(ids({ sort: 'clause', dir: 'asc' })).toEqual(['a', 'b', 'c', 'd'])
	expect(ids({ sort: 'clause', dir: 'desc' })).toEqual(['d', 'c', 'b', 'a'])
	// Metrics 指标a…指标d by the reader's collation.
	expect(ids({ sort: 'metric', dir: 'desc' })).toEqual(['d', 'c', 'b', 'a'])
	// Pinyin: 赣州 (gan) < 区工信局 (qu gong) < 区商务局 (qu shang); the quota without a unit stays last either way.
	expect(ids({ sort: 'unit', dir: 'asc' })).toEqual(['d', 'b', 'a', 'c'])
	expect(ids({ sort: 'unit', dir: 'desc' })).toEqual(['a', 'b', 'd', 'c'])
	expect(ids({ sort: 'unit', dir: 'asc' }, 'en')).toEqual(['a', 'd', 'b', 'c'])
	// Done share: a 20 %, b 75 %, c 0 % (10 CNY of 5 亿元), d 10 %.
	expect(ids({ sort: 'actual', dir: 'asc' })).toEqual(['c', 'd', 'a', 'b'])
	expect(ids({ sort: 'actual', dir: 'desc' })).toEqual(['b', 'a', 'd', 'c'])
	// Against pace: d −20 %, a −10 %, c ~ −0 %, b +50 %.
	expect(ids({ sort: 'pace', dir: 'asc' })).toEqual(['d', 'a', 'c', 'b'])
	expect(ids({ sort: 'status', dir: 'asc' })).toEqual(['d', 'a', 'b', 'c'])
	// Targets compare within a unit: 个 12 > 10 = 10; 亿元 sorts apart from 个.
	expect(ids({ sort: 'target', dir: 'desc' }).filter((id) => id !== 'c')).toEqual(['b', 'a', 'd'])
})

test('a row names its lead unit and counts the others', () => {
	const row = quota('x', {
		units: [unit('u1', '区工信局', 'Industry', 1), unit('u2', '区商务局', 'Commerce', 0)],
	})
	expect(row.leadUnit).toEqual({
		id: 'u2',
		name: '区商务局',
		nameEn: 'Commerce',
	})
	expect(row.otherUnits).toBe(1)
	expect(quota('y').leadUnit).toBeNull()
})

test('the sparkline runs from the year start to the last month on a scale that holds the target', () => {
	const g = sparklineGeometry(
		{
			year: 2026,
			op: '>=',
			period: 'annual',
			startYear: null,
			endYear: null,
			target: 10,
			targetMax: null,
			monthly: [0, 2, 5],
		},
		{ width: 124, height: 24 },
	)
	// x: 0…12 months over 2…122 px (10 px a month); y: 0…10 over 22…2.
	expect(g.path).toBe('M2,22L12,18L22,12')
	expect(g.last).toEqual([22, 12])
	expect(g.pace).toEqual({ x1: 2, y1: 22, x2: 122, y2: 2 })
	expect(g.targetY).toBe(2)
	// Figures past the target widen the scale; one point (a future year) draws no line.
	expect(
		sparklineGeometry(
			{
				year: 2026,
				op: '>=',
				period: 'annual',
				startYear: null,
				endYear: null,
				target: 10,
				targetMax: null,
				monthly: [20],
			},
			{ width: 124, height: 24 },
		),
	).toMatchObject({ path: '', targetY: 12 })
})
