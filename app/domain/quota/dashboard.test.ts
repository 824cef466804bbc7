import { expect, test } from 'vitest'
import {
	countByStatus,
	dashboardRow,
	ITEM_PREVIEW,
	filterProgress,
	orderByDocument,
	parseDashboardQuery,
	regionsOf,
	reportPeriod,
	unitsOf,
	yearOptions,
	type QuotaSource,
} from './dashboard'
import { type QuotaItem, type QuotaProgress, type QuotaStatus, type UnitProgress } from './progress'

const unit = (unitId: string, unitName: string): UnitProgress => ({ unitId, unitName, unitNameEn: unitId, position: 0, target: null, actual: 0, items: 0 })

type Region = { id: string; name: string; nameEn: string }
const city: Region = { id: 'gz', name: '赣州市', nameEn: 'Ganzhou' }
const county: Region = { id: 'gx', name: '赣县区', nameEn: 'Ganxian' }

function row(quotaId: string, kind: string, status: QuotaStatus, units: UnitProgress[], section: string | null = null, region: Region | null = county) {
	return { quotaId, kind, status, units, section, region, startYear: null as number | null, endYear: null as number | null }
}

test('the URL query falls back to the current year and to no filter for missing or nonsense values', () => {
	expect(parseDashboardQuery(new URLSearchParams(''), 2026)).toEqual({ year: 2026, unit: null, region: null, status: null, kind: null })
	expect(parseDashboardQuery(new URLSearchParams('year=2025&unit=u1&region=r1&status=behind&kind=projects'), 2026)).toEqual({
		year: 2025,
		unit: 'u1',
		region: 'r1',
		status: 'behind',
		kind: 'projects',
	})
	expect(parseDashboardQuery(new URLSearchParams('year=abc&unit=&region=&status=late&kind=x'), 2026)).toEqual({
		year: 2026,
		unit: null,
		region: null,
		status: null,
		kind: null,
	})
	expect(parseDashboardQuery(new URLSearchParams('year=1800'), 2026).year).toBe(2026)
})

const a = unit('a', '区商务局')
const b = unit('b', '区工信局')
const progress = [
	row('q1', 'projects', 'behind', [a, b]),
	row('q2', 'projects', 'achieved', [b]),
	row('q3', 'manual', 'behind', []),
	row('q4', 'sum', 'not_due', [a], null, city),
]

test('filters combine: region, any of the quota units, status and kind', () => {
	const ids = (query: Partial<Parameters<typeof filterProgress>[1]>) =>
		filterProgress(progress, { unit: null, region: null, status: null, kind: null, ...query }).map((q) => q.quotaId)
	expect(ids({})).toEqual(['q1', 'q2', 'q3', 'q4'])
	expect(ids({ unit: 'a' })).toEqual(['q1', 'q4'])
	expect(ids({ unit: 'b', status: 'behind' })).toEqual(['q1'])
	expect(ids({ status: 'behind', kind: 'manual' })).toEqual(['q3'])
	expect(ids({ region: 'gz' })).toEqual(['q4'])
	expect(ids({ region: 'gx', unit: 'a' })).toEqual(['q1'])
})

test('the region filter offers the regions of the quotas, by name', () => {
	expect(regionsOf([...progress, row('q5', 'manual', 'behind', [], null, null)]).map((r) => r.id)).toEqual(['gx', 'gz'])
})

test('status counts cover every status, zero included', () => {
	expect(countByStatus(progress)).toEqual({ achieved: 1, on_track: 0, behind: 2, not_due: 1 })
})

test('units are listed once each, by Chinese name', () => {
	// 区工信局 (gōng) sorts before 区商务局 (shāng).
	expect(unitsOf(progress)).toEqual([
		{ id: 'b', name: '区工信局', nameEn: 'b' },
		{ id: 'a', name: '区商务局', nameEn: 'a' },
	])
})

test('year options span the quotas, the current and the selected year, newest first', () => {
	expect(
		yearOptions(
			[
				{ startYear: 2024, endYear: 2026 },
				{ startYear: null, endYear: null },
			],
			2026,
			2026,
		),
	).toEqual([2026, 2025, 2024])
	expect(yearOptions([{ startYear: 2024, endYear: 2026 }], 2027, 2022)).toEqual([2027, 2026, 2025, 2024, 2023, 2022])
	expect(yearOptions([], 2026, 2026)).toEqual([2026])
})

test('the report period is the month and quarter holding the as-of date', () => {
	expect(reportPeriod('2026-05-31')).toEqual({ month: 5, quarter: 2 })
	expect(reportPeriod('2025-12-31')).toEqual({ month: 12, quarter: 4 })
	expect(reportPeriod('2026-01-01')).toEqual({ month: 1, quarter: 1 })
})

test('quotas come in document order, then by where their clause stands in the text', () => {
	const docA = { id: 'A', title: '方案甲', docNumber: '甲〔2024〕1号' }
	const docB = { id: 'B', title: '方案乙', docNumber: null }
	const sources: QuotaSource[] = [
		{ quotaId: 'b1', document: docB, offset: 10 },
		{ quotaId: 'a3', document: docA, offset: 500 },
		{ quotaId: 'a1', document: docA, offset: 20 },
		{ quotaId: 'a2', document: docA, offset: 20 },
		{ quotaId: 'a9', document: docA, offset: null },
		{ quotaId: 'a8', document: docA, offset: null },
		{ quotaId: 'x', document: null, offset: null },
	]
	const ordered = orderByDocument(
		[
			row('x', 'manual', 'behind', []),
			row('a9', 'manual', 'behind', [], '（三）9'),
			row('a3', 'manual', 'behind', []),
			row('a1', 'manual', 'behind', []),
			row('a2', 'manual', 'behind', []),
			row('b1', 'manual', 'behind', []),
			row('a8', 'manual', 'behind', [], '（三）8'),
		],
		sources,
	)
	// a1 and a2 come from one sentence: loaded order; a8/a9 were not found in the text: last in A, by section.
	expect(ordered.map((q) => [q.quotaId, q.document?.id ?? null])).toEqual([
		['b1', 'B'],
		['a1', 'A'],
		['a2', 'A'],
		['a3', 'A'],
		['a8', 'A'],
		['a9', 'A'],
		['x', null],
	])
	expect(ordered[0]).toMatchObject({ kind: 'manual', document: docB })
	expect(ordered[0]).not.toHaveProperty('offset')
})

test('a dashboard row keeps every figure, the first items and the counts of all items, exclusions and pipeline', () => {
	const item = (i: number, isSample: boolean): QuotaItem => ({
		type: 'project',
		id: `p${i}`,
		label: `项目${i}`,
		companyId: null,
		companyName: null,
		date: `2026-01-${String(i + 1).padStart(2, '0')}`,
		amount: 1,
		unitId: null,
		unitName: null,
		unitNameEn: null,
		isSample,
		detail: null,
	})
	const items = Array.from({ length: ITEM_PREVIEW + 2 }, (_, i) => item(i, i === ITEM_PREVIEW + 1))
	const progress: QuotaProgress = {
		quotaId: 'q',
		section: '（六）16',
		metric: 'm',
		excerpt: 'e',
		kind: 'projects',
		op: '>=',
		value: 10,
		valueMax: null,
		unit: '个',
		normalizedUnit: '个',
		period: 'annual',
		startYear: null,
		endYear: null,
		year: 2026,
		asOf: '2026-06-30',
		target: 10,
		targetMax: null,
		actual: items.length,
		pace: 5,
		status: 'on_track',
		forecast: 8,
		awaitingActual: 0,
		awaiting: [],
		items,
		excluded: [{ ...item(99, false), reason: 'terminated' }],
		pipeline: [],
		cumulative: [],
		units: [],
		region: null,
		regions: [],
		problems: [],
		yearValues: [],
		sources: [],
		members: null,
		memberProgress: [],
		membersMet: 0,
		// The loader's totals: the lists may hold only their first rows.
		counts: { items: items.length + 10, awaiting: 0, excluded: 1, pipeline: 0 },
		hasSample: true,
	}
	const row = dashboardRow(progress)
	expect(row.items).toEqual(items.slice(0, ITEM_PREVIEW))
	expect(row).toMatchObject({
		itemCount: items.length + 10,
		awaitingCount: 0,
		excludedCount: 1,
		pipelineCount: 0,
		hasSample: true,
		actual: items.length,
		pace: 5,
		forecast: 8,
	})
	expect(row).not.toHaveProperty('excluded')
	expect(row).not.toHaveProperty('counts')
})
