/**
 * Which records a region's quota or report counts, and how a figure splits over
 * the regions under it (ADR 0029). A 市 target "每年引进20个以上" counts every county's
 * qualifying projects; the 赛马比拼 and the reports show each county's part.
 */
import { ancestorIds, type RegionNode, subtreeIds } from './scope'

/**
 * What a region's quota (or issued report) counts: records whose region is one
 * of `regionIds` (the region and every region under it), and records without a
 * region when `unplaced` (the home region's: on an installation that grew
 * regions later, or a firm imported without one, such records are the home
 * bureau's). `regionIds` null: the whole installation (no region, on an
 * installation without regions). `above`:
 * the regions over it, where a firm flagged local may be registered (a 市-level
 * group the county courts as its own): local firms count there too, records never.
 */
export type RegionReach = { regionIds: ReadonlySet<string> | null; above: ReadonlySet<string>; unplaced: boolean }

export function regionReach(regions: readonly RegionNode[], regionId: string | null, homeRegionId: string | null): RegionReach {
	if (regions.length === 0) return { regionIds: null, above: new Set(), unplaced: true }
	// Without a region (or with one since removed) on an installation that has regions: the records without one
	// only, as an account without a region sees them (ADR 0026), never every county's.
	if (regionId === null || !regions.some((r) => r.id === regionId)) return { regionIds: new Set(), above: new Set(), unplaced: true }
	return { regionIds: new Set(subtreeIds(regions, regionId)), above: new Set(ancestorIds(regions, regionId)), unplaced: regionId === homeRegionId }
}

/**
 * Is a firm flagged local, registered in `regionId`, local to the reach? For the
 * home region's (and a region-less quota's) reach every firm flagged local is,
 * wherever it is registered: the flag is the home bureau's own judgment, and it
 * counted so before regions (a local plant of a group registered in another
 * province). For another region's, one registered in it or above it.
 */
export function localTo(reach: RegionReach, regionId: string | null) {
	return reach.unplaced || reaches(reach, regionId) || (regionId !== null && reach.above.has(regionId))
}

export function reaches(reach: RegionReach, regionId: string | null) {
	if (reach.regionIds === null) return true
	return regionId === null ? reach.unplaced : reach.regionIds.has(regionId)
}

/** Every region any of the reaches holds, and whether any takes unplaced records; null: the whole installation. */
export function unionOfReaches(reaches: readonly RegionReach[]): RegionReach | null {
	if (reaches.some((r) => r.regionIds === null)) return null
	const ids = new Set<string>()
	const above = new Set<string>()
	for (const r of reaches) {
		for (const id of r.regionIds!) ids.add(id)
		for (const id of r.above) above.add(id)
	}
	return { regionIds: ids, above, unplaced: reaches.some((r) => r.unplaced) }
}

export type RegionName = { id: string; name: string; nameEn: string }

/**
 * One row of a quota's breakdown: a region directly under the quota's region
 * with everything under it, or `own` = the quota's region itself (records
 * filed at that level, and unplaced ones the quota reaches).
 */
export type RegionPart = {
	regionId: string
	name: string
	nameEn: string
	own: boolean
	/** Sum of the counted amounts of the part's records, in the quota's normalized unit. */
	actual: number
	/** How many counted records. */
	items: number
}

/** A counted amount by the region of its record (null = a record without a region). */
export type CountedInRegion = { regionId: string | null; amount: number; items: number }

/** Counted items' amounts summed by the region of their record (`regionOf` by item id; missing = no region). */
export function sumByRegion(items: readonly { id: string; amount: number }[], regionOf: ReadonlyMap<string, string | null>): CountedInRegion[] {
	const sums = new Map<string | null, CountedInRegion>()
	for (const item of items) {
		const regionId = regionOf.get(item.id) ?? null
		const sum = sums.get(regionId) ?? { regionId, amount: 0, items: 0 }
		sum.amount += item.amount
		sum.items += 1
		sums.set(regionId, sum)
	}
	return [...sums.values()]
}

/**
 * The quota's figure split over the regions directly under its region, in
 * the order of `regions` (callers pass them by code), each with its whole
 * subtree, then the quota's region itself when records are filed at that level.
 * Empty when the quota's region has no region under it (nothing to split) or
 * the quota has none. Parts with nothing counted are kept: an idle county is
 * part of the ranking.
 */
export function regionBreakdown(
	regions: readonly (RegionNode & RegionName)[],
	quotaRegionId: string | null,
	counted: readonly CountedInRegion[],
): RegionPart[] {
	if (quotaRegionId === null) return []
	const quotaRegion = regions.find((r) => r.id === quotaRegionId)
	const children = regions.filter((r) => r.parentId === quotaRegionId)
	if (!quotaRegion || children.length === 0) return []
	const partOf = new Map<string, string>()
	for (const child of children) for (const id of subtreeIds(regions, child.id)) partOf.set(id, child.id)
	const parts = new Map<string, RegionPart>(children.map((c) => [c.id, { regionId: c.id, name: c.name, nameEn: c.nameEn, own: false, actual: 0, items: 0 }]))
	const own: RegionPart = { regionId: quotaRegion.id, name: quotaRegion.name, nameEn: quotaRegion.nameEn, own: true, actual: 0, items: 0 }
	for (const c of counted) {
		const part = (c.regionId === null ? undefined : parts.get(partOf.get(c.regionId) ?? '')) ?? own
		part.actual += c.amount
		part.items += c.items
	}
	return [...parts.values(), ...(own.items > 0 ? [own] : [])]
}
