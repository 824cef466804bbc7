import { expect, test } from 'vitest'
import { localTo, regionReach, reaches, regionBreakdown, sumByRegion, unionOfReaches } from './reach'
import { RegionCycleError } from './scope'

// 赣州市 → 赣县区 (→ 高新区), 南康区; 宁波市 elsewhere.
const named = (id: string, parentId: string | null) => ({ id, parentId, name: `${id}名`, nameEn: id.toUpperCase() })
const tree = [named('gz', null), named('gx', 'gz'), named('park', 'gx'), named('nk', 'gz'), named('nb', null)]

test('a quota reaches its region and everything under it; unplaced records only for the home region', () => {
	const city = regionReach(tree, 'gz', 'gz')
	expect(['gz', 'gx', 'park', 'nk', null, 'nb'].map((id) => reaches(city, id))).toEqual([true, true, true, true, true, false])
	const county = regionReach(tree, 'gx', 'gz')
	expect(['gz', 'gx', 'park', 'nk', null].map((id) => reaches(county, id))).toEqual([false, true, true, false, false])
})

test('a firm flagged local may be registered above the quota region (a city-level group), never in a sibling', () => {
	const county = regionReach(tree, 'gx', 'gz')
	expect(['gx', 'park', 'gz', 'nk', 'nb', null].map((id) => localTo(county, id))).toEqual([true, true, true, false, false, false])
	// Records (projects) never count from above.
	expect(reaches(county, 'gz')).toBe(false)
})

test("for the home region's quotas every firm flagged local is local, wherever it is registered, as before regions", () => {
	const home = regionReach(tree, 'gz', 'gz')
	expect(['gx', 'nk', 'nb', null].map((id) => localTo(home, id))).toEqual([true, true, true, true])
	// Its records still come from its own subtree (and unplaced ones).
	expect(reaches(home, 'nb')).toBe(false)
})

test('on an installation without regions a quota reaches everything; with regions, one without a region reaches the records without one', () => {
	const bare = regionReach([], null, null)
	expect(bare.regionIds).toBeNull()
	expect(reaches(bare, null)).toBe(true)
	for (const reach of [regionReach(tree, null, 'gz'), regionReach(tree, 'gone', 'gz')]) {
		expect(['gz', 'gx', 'nb', null].map((id) => reaches(reach, id))).toEqual([false, false, false, true])
	}
})

test('a cycle in the tree is refused, not followed', () => {
	expect(() => regionReach([named('a', 'b'), named('b', 'a')], 'a', null)).toThrow(RegionCycleError)
})

test('the union of reaches holds every region and unplaced records if any reach does', () => {
	const union = unionOfReaches([regionReach(tree, 'gx', 'gz'), regionReach(tree, 'nk', 'gz')])
	expect([...union!.regionIds!].sort()).toEqual(['gx', 'nk', 'park'])
	expect(union!.unplaced).toBe(false)
	expect(unionOfReaches([regionReach(tree, 'gx', 'gz'), regionReach([], null, null)])).toBeNull()
	const withUnplaced = unionOfReaches([regionReach(tree, 'gx', 'gz'), regionReach(tree, null, 'gz')])!
	expect([[...withUnplaced.regionIds!].sort(), withUnplaced.unplaced]).toEqual([['gx', 'park'], true])
	expect(unionOfReaches([regionReach(tree, 'gz', 'gz')])!.unplaced).toBe(true)
})

test('a city figure splits over its counties, parks counting for their county, the city level last', () => {
	const parts = regionBreakdown(tree, 'gz', [
		{ regionId: 'park', amount: 2, items: 2 },
		{ regionId: 'gx', amount: 1, items: 1 },
		{ regionId: 'gz', amount: 1, items: 1 },
		{ regionId: null, amount: 3, items: 3 },
	])
	expect(parts.map((p) => [p.regionId, p.own, p.actual, p.items])).toEqual([
		['gx', false, 3, 3],
		['nk', false, 0, 0],
		['gz', true, 4, 4],
	])
})

test('nothing to split: a region with nothing under it, a quota without a region; the own level is left out when empty', () => {
	expect(regionBreakdown(tree, 'nk', [{ regionId: 'nk', amount: 5, items: 5 }])).toEqual([])
	expect(regionBreakdown(tree, null, [{ regionId: 'gx', amount: 5, items: 5 }])).toEqual([])
	expect(regionBreakdown(tree, 'gx', [{ regionId: 'park', amount: 2.5, items: 1 }]).map((p) => [p.regionId, p.actual])).toEqual([['park', 2.5]])
})

test('counted items sum by the region of their record; an item of unknown region counts as without one', () => {
	const regionOf = new Map([
		['p1', 'gx'],
		['p2', 'gx'],
		['p3', null],
	])
	const sums = sumByRegion(
		[
			{ id: 'p1', amount: 1 },
			{ id: 'p2', amount: 2.5 },
			{ id: 'p3', amount: 1 },
			{ id: 'p4', amount: 4 },
		],
		regionOf,
	)
	expect(sums).toEqual([
		{ regionId: 'gx', amount: 3.5, items: 2 },
		{ regionId: null, amount: 5, items: 2 },
	])
})
