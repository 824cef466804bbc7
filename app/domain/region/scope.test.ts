import { describe, expect, test } from 'vitest'
import { parentKindProblem } from './region-schema'
import { ancestorIds, homeRegion, inScope, RegionCycleError, regionForNewRecord, regionScope, subtreeIds, wouldCycle } from './scope'

// 江西省 → 赣州市 → 赣县区 (→ 高新区) and 南康区; 宁波市 a top region of its own.
const tree = [
	{ id: 'jx', parentId: null },
	{ id: 'gz', parentId: 'jx' },
	{ id: 'gx', parentId: 'gz' },
	{ id: 'hitech', parentId: 'gx' },
	{ id: 'nk', parentId: 'gz' },
	{ id: 'nb', parentId: null },
]

describe('subtreeIds', () => {
	test('a region and everything under it, parks under their county included', () => {
		expect(subtreeIds(tree, 'gz').sort()).toEqual(['gx', 'gz', 'hitech', 'nk'])
		expect(subtreeIds(tree, 'gx').sort()).toEqual(['gx', 'hitech'])
		expect(subtreeIds(tree, 'hitech')).toEqual(['hitech'])
	})

	test('a cycle is refused, not followed', () => {
		const cyclic = [...tree.filter((r) => r.id !== 'gz'), { id: 'gz', parentId: 'hitech' }]
		expect(() => subtreeIds(cyclic, 'gx')).toThrow(RegionCycleError)
		expect(() => ancestorIds(cyclic, 'gx')).toThrow(RegionCycleError)
	})

	test('wouldCycle: a region may not move under itself or its subtree', () => {
		expect(wouldCycle(tree, 'gz', 'hitech')).toBe(true)
		expect(wouldCycle(tree, 'gz', 'gz')).toBe(true)
		expect(wouldCycle(tree, 'hitech', 'nk')).toBe(false)
		expect(wouldCycle(tree, 'gz', null)).toBe(false)
	})
})

describe('regionScope', () => {
	test('a county user sees their county and its parks, never the neighbouring county', () => {
		const scope = regionScope(tree, { role: 'staff', regionId: 'gx' })
		expect(inScope(scope, 'gx')).toBe(true)
		expect(inScope(scope, 'hitech')).toBe(true)
		expect(inScope(scope, 'nk')).toBe(false)
		expect(inScope(scope, 'gz')).toBe(false)
		expect(inScope(scope, null)).toBe(false)
	})

	test('a city manager sees every county of the city', () => {
		const scope = regionScope(tree, { role: 'manager', regionId: 'gz' })
		expect(['gz', 'gx', 'hitech', 'nk'].every((id) => inScope(scope, id))).toBe(true)
		expect(inScope(scope, 'nb')).toBe(false)
	})

	test('a user without a region sees only records without one, never everything', () => {
		for (const role of ['staff', 'manager']) {
			const scope = regionScope(tree, { role, regionId: null })
			expect(scope).toEqual({ kind: 'unassigned' })
			expect(inScope(scope, null)).toBe(true)
			expect(inScope(scope, 'gx')).toBe(false)
		}
		// A region that no longer exists counts as none.
		expect(regionScope(tree, { role: 'staff', regionId: 'gone' })).toEqual({ kind: 'unassigned' })
	})

	test('admins see the whole installation whatever their region', () => {
		expect(regionScope(tree, { role: 'admin', regionId: 'gx' })).toEqual({ kind: 'all' })
		expect(inScope({ kind: 'all' }, null)).toBe(true)
	})
})

test('regionForNewRecord: the own region unless a region inside the scope was picked', () => {
	const city = regionScope(tree, { role: 'manager', regionId: 'gz' })
	expect(regionForNewRecord(city, 'gz', null)).toBe('gz')
	expect(regionForNewRecord(city, 'gz', 'nk')).toBe('nk')
	expect(regionForNewRecord(city, 'gz', 'nb')).toBeUndefined()
	const county = regionScope(tree, { role: 'staff', regionId: 'gx' })
	expect(regionForNewRecord(county, 'gx', 'nk')).toBeUndefined()
})

test('homeRegion: the deepest region holding every unit, else the only top region', () => {
	expect(homeRegion(tree, ['gx', 'hitech'])).toBe('gx')
	expect(homeRegion(tree, ['hitech', 'nk'])).toBe('gz')
	expect(homeRegion(tree, ['gx', 'nb'])).toBeNull()
	expect(homeRegion(tree, [])).toBeNull()
	expect(
		homeRegion(
			tree.filter((r) => r.id !== 'nb'),
			[],
		),
	).toBe('jx')
})

test('parentKindProblem: a county sits under a city, a park under a county or city, nothing under a park', () => {
	expect(parentKindProblem('county', 'city')).toBeNull()
	expect(parentKindProblem('park', 'county')).toBeNull()
	expect(parentKindProblem('county', null)).toBeNull()
	expect(parentKindProblem('county', 'park')).toBe('a county cannot sit under a park')
	expect(parentKindProblem('city', 'county')).toBe('a city cannot sit under a county')
})
