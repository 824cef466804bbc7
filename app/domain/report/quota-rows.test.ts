import { expect, test } from 'vitest'
import { type QuotaItem, type QuotaProgress, type UnitProgress } from '~/domain/quota/progress'
import { quotaItemRows, quotaRows } from './quota-rows'

function item(id: string, amount: number, unitId: string | null, isSample = false): QuotaItem {
	return {
		type: 'project',
		id,
		label: id,
		companyId: null,
		companyName: null,
		date: '2025-03-01',
		amount,
		unitId,
		unitName: unitId,
		unitNameEn: unitId,
		isSample,
		detail: null,
	}
}

function unit(unitId: string, position: number, actual: number, target: number | null = null): UnitProgress {
	return { unitId, unitName: unitId, unitNameEn: `${unitId}-en`, position, target, actual, items: actual }
}

function progress(overrides: Partial<QuotaProgress>): QuotaProgress {
	return {
		quotaId: 'q',
		section: '（六）16',
		metric: '引进项目',
		excerpt: '每年引进项目10个以上',
		kind: 'projects',
		op: '>=',
		value: 10,
		valueMax: null,
		unit: '个',
		normalizedUnit: '个',
		period: 'annual',
		startYear: 2024,
		endYear: 2026,
		year: 2025,
		asOf: '2025-06-30',
		target: 10,
		targetMax: null,
		actual: 0,
		pace: 5,
		status: 'behind',
		forecast: 0,
		awaitingActual: 0,
		awaiting: [],
		items: [],
		excluded: [],
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
		counts: { items: overrides.items?.length ?? 0, awaiting: 0, excluded: 0, pipeline: 0 },
		hasSample: (overrides.items ?? []).some((i) => i.isSample),
		...overrides,
	}
}

test('a quota row carries the dashboard figures, completion = actual ÷ target, units in listed order', () => {
	const [row] = quotaRows([
		progress({
			actual: 4,
			pace: 5,
			items: [item('a', 1, 'B'), item('b', 1, 'B'), item('c', 1, 'A', true), item('d', 1, 'A')],
			units: [unit('B', 1, 2, 4), unit('A', 0, 2)],
		}),
	])
	expect(row).toMatchObject({ targetText: '≥ 10 个', unit: '个', target: 10, actual: 4, pace: 5, completion: 0.4, status: 'behind', hasSample: true })
	expect(row!.responsibleUnits.map((u) => u.name)).toEqual(['A', 'B'])
	expect(row!.units).toEqual([
		{ unitId: 'A', unitName: 'A', unitNameEn: 'A-en', target: 10, actual: 2, completion: 0.2 },
		{ unitId: 'B', unitName: 'B', unitNameEn: 'B-en', target: 4, actual: 2, completion: 0.5 },
	])
})

test('money quotas convert every figure, non-project quotas credit no unit, a zero target has no completion', () => {
	const [money, companies, zero] = quotaRows([
		progress({
			quotaId: 'm',
			kind: 'sum',
			op: '>',
			value: 200,
			unit: '亿元',
			normalizedUnit: 'CNY',
			target: 200e8,
			actual: 50e8,
			pace: 100e8,
			units: [unit('A', 0, 0)],
		}),
		progress({ quotaId: 'c', kind: 'companies_with_tag', unit: '家', normalizedUnit: '家', units: [unit('A', 0, 0)] }),
		progress({ quotaId: 'z', kind: 'manual', target: 0, actual: 3 }),
	])
	expect(money).toMatchObject({ targetText: '> 200 亿元', unit: '亿元', target: 200, actual: 50, pace: 100, completion: 0.25, units: [] })
	expect(companies!.units).toEqual([])
	expect(companies!.responsibleUnits).toEqual([{ name: 'A', nameEn: 'A-en' }])
	expect(zero!.completion).toBeNull()
})

test('计入明细 lists every counted item of every quota, amounts in the display unit', () => {
	const rows = quotaItemRows([
		progress({ quotaId: 'count', items: [item('p1', 1, 'A'), item('p2', 1, null)] }),
		progress({ quotaId: 'money', section: null, metric: '签约投资额', unit: '亿元', normalizedUnit: 'CNY', items: [item('p3', 250_000_000, 'A')] }),
	])
	expect(rows.map((r) => [r.quotaId, r.id, r.amount, r.unit])).toEqual([
		['count', 'p1', 1, '个'],
		['count', 'p2', 1, '个'],
		['money', 'p3', 2.5, '亿元'],
	])
})
