import { expect, test } from 'vitest'
import { type QuotaProgress, type UnitProgress } from './progress'
import { rankUnits } from './unit-ranking'

function unit(unitId: string, actual: number, target: number | null = null): UnitProgress {
	return { unitId, unitName: unitId, unitNameEn: unitId, position: 0, target, actual, items: actual }
}

function quota(quotaId: string, kind: string, target: number, units: UnitProgress[]): QuotaProgress {
	const items = units.flatMap((u) =>
		Array.from({ length: u.actual }, (_, i) => ({
			type: 'project' as const,
			id: `${u.unitId}-${i}`,
			label: 'p',
			companyId: null,
			companyName: null,
			date: '2026-01-01',
			amount: 1,
			unitId: u.unitId,
			unitName: u.unitName,
			unitNameEn: u.unitNameEn,
			isSample: false,
			detail: null,
		})),
	)
	return {
		quotaId,
		section: null,
		metric: quotaId,
		excerpt: quotaId,
		kind,
		op: '>=',
		value: target,
		valueMax: null,
		unit: '个',
		normalizedUnit: '个',
		period: 'annual',
		startYear: null,
		endYear: null,
		year: 2026,
		asOf: '2026-12-31',
		target,
		targetMax: null,
		actual: items.length,
		pace: target,
		status: 'behind',
		forecast: items.length,
		awaitingActual: 0,
		awaiting: [],
		items,
		excluded: [],
		pipeline: [],
		cumulative: [],
		units,
		region: null,
		regions: [],
		problems: [],
		yearValues: [],
		sources: [],
		members: null,
		memberProgress: [],
		membersMet: 0,
		counts: { items: items.length, awaiting: 0, excluded: 0, pipeline: 0 },
		hasSample: false,
	}
}

test('units score actual ÷ target per quota, capped, averaged, and tie on equal scores', () => {
	const ranking = rankUnits([
		quota('q1', 'projects', 10, [unit('A', 12), unit('B', 5), unit('C', 5)]),
		quota('q2', 'projects', 4, [unit('A', 1, 2), unit('B', 1, 2)]),
		quota('q3', 'manual', 4, [unit('C', 4)]),
	])
	// A: (min(12/10, 1) + 1/2) / 2; B: (5/10 + 1/2) / 2; C: 5/10 (its manual quota does not rank).
	expect(ranking.map((u) => [u.unitId, u.rank, u.score, u.achieved, u.items])).toEqual([
		['A', 1, 75, 1, 13],
		['B', 2, 50, 0, 6],
		['C', 2, 50, 0, 5],
	])
})

test('a higher cap lets over-achievement count, and non-project quotas do not rank units', () => {
	const [a] = rankUnits([quota('q1', 'projects', 10, [unit('A', 15)])], { cap: 1.2 })
	expect(a).toMatchObject({ score: 120, achieved: 1, items: 15 })
	expect(rankUnits([quota('q3', 'sum', 4, [unit('C', 4)])])).toEqual([])
})
