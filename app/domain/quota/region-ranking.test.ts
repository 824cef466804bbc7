import { expect, test } from 'vitest'
import { type RegionPart } from '~/domain/region/reach'
import { rankRegions } from './region-ranking'

const city = { id: 'gz', name: '赣州市', nameEn: 'Ganzhou' }
const part = (regionId: string, actual: number, own = false): RegionPart => ({ regionId, name: regionId, nameEn: regionId, own, actual, items: actual })
const quota = (quotaId: string, target: number, regions: RegionPart[], region: typeof city | null = city) => ({
	quotaId,
	metric: quotaId,
	target,
	region,
	regions,
})

test('counties score their part of each city target, averaged over the city quotas; the city level is not ranked', () => {
	const [ranking, ...others] = rankRegions([
		quota('q1', 20, [part('gx', 10), part('nk', 5), part('gz', 3, true)]),
		quota('q2', 4, [part('gx', 0), part('nk', 3)]),
	])
	expect(others).toEqual([])
	expect(ranking!.parent).toEqual(city)
	expect(ranking!.quotas).toBe(2)
	// gx: (10/20 + 0/4) / 2 = 25 %; nk: (5/20 + 3/4) / 2 = 50 %.
	expect(ranking!.rows.map((r) => [r.regionId, r.rank, r.score, r.items])).toEqual([
		['nk', 1, 50, 8],
		['gx', 2, 25, 10],
	])
	expect(ranking!.rows[0]!.perQuota.map((p) => p.share)).toEqual([25, 75])
})

test('a part above the whole target is not capped, equal scores share a rank; quotas without a target, a region or two parts are left out', () => {
	const [ranking] = rankRegions([
		quota('q1', 10, [part('a', 12), part('b', 12), part('c', 0)]),
		quota('q2', 10, []),
		quota('q3', 0, [part('a', 1), part('b', 1)]),
		quota('q4', 10, [part('a', 1), part('b', 1)], null),
		// One region under the parent is no ranking.
		quota('q5', 10, [part('a', 5), part('city', 5, true)]),
	])
	expect(ranking!.rows.map((r) => [r.regionId, r.rank, r.score])).toEqual([
		['a', 1, 120],
		['b', 1, 120],
		['c', 3, 0],
	])
})
