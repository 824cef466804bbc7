/**
 * Who sees which bureau records (ADR 0026). Regions nest (省 → 市 → 县区 → 园区);
 * a user sees and counts the records of their region and of every region under it.
 * Pure functions over the region tree (a few hundred rows at most, read whole);
 * the models turn a scope into an indexed `regionId IN (…)` filter.
 */
export type RegionNode = { id: string; parentId: string | null }

/**
 * - `all`: the whole installation (admins only).
 * - `regions`: records whose region is one of these (the user's region and its subtree).
 * - `unassigned`: a user without a region sees only records without one, never everything.
 */
export type RegionScope = { kind: 'all' } | { kind: 'regions'; regionIds: readonly string[] } | { kind: 'unassigned' }

export class RegionCycleError extends Error {
	constructor(readonly regionId: string) {
		super(`region tree has a cycle through ${regionId}`)
		this.name = 'RegionCycleError'
	}
}

/** Children by parent id. */
function childrenOf(regions: readonly RegionNode[]) {
	const children = new Map<string, string[]>()
	for (const r of regions) {
		if (r.parentId === null) continue
		const list = children.get(r.parentId)
		if (list) list.push(r.id)
		else children.set(r.parentId, [r.id])
	}
	return children
}

/**
 * The region and every region under it, the region first. A cycle in the tree
 * (a region that is its own ancestor) is refused rather than followed.
 */
export function subtreeIds(regions: readonly RegionNode[], rootId: string): string[] {
	const children = childrenOf(regions)
	const seen = new Set<string>([rootId])
	const out = [rootId]
	for (let i = 0; i < out.length; i++) {
		for (const child of children.get(out[i]!) ?? []) {
			if (seen.has(child)) throw new RegionCycleError(child)
			seen.add(child)
			out.push(child)
		}
	}
	return out
}

/** The region's ancestors, nearest first; a cycle is refused. */
export function ancestorIds(regions: readonly RegionNode[], id: string): string[] {
	const parent = new Map(regions.map((r) => [r.id, r.parentId]))
	const out: string[] = []
	const seen = new Set([id])
	for (let at = parent.get(id) ?? null; at !== null; at = parent.get(at) ?? null) {
		if (seen.has(at)) throw new RegionCycleError(at)
		seen.add(at)
		out.push(at)
	}
	return out
}

/** Would giving `id` the parent `parentId` make a cycle (the parent is the region or lies under it)? */
export function wouldCycle(regions: readonly RegionNode[], id: string, parentId: string | null) {
	return parentId !== null && (parentId === id || ancestorIds(regions, parentId).includes(id))
}

/** What a signed-in user sees: admins the whole installation, others their region's subtree. */
export function regionScope(regions: readonly RegionNode[], user: { role: string; regionId: string | null }): RegionScope {
	if (user.role === 'admin') return { kind: 'all' }
	if (user.regionId === null || !regions.some((r) => r.id === user.regionId)) return { kind: 'unassigned' }
	return { kind: 'regions', regionIds: subtreeIds(regions, user.regionId) }
}

/** Is a record of this region visible in the scope? */
export function inScope(scope: RegionScope, regionId: string | null) {
	if (scope.kind === 'all') return true
	if (scope.kind === 'unassigned') return regionId === null
	return regionId !== null && scope.regionIds.includes(regionId)
}

/**
 * The region a new record of this user gets: the one they picked, if it lies in
 * their scope, else their own. Null when the pick is outside the scope.
 */
export function regionForNewRecord(scope: RegionScope, own: string | null, picked: string | null): string | null | undefined {
	if (picked === null || picked === '') return own
	return inScope(scope, picked) ? picked : undefined
}

/**
 * The installation's home region: the deepest region holding every given region
 * (the units' regions), else the only top region, else none. What the migration
 * gave every existing user, and the default for new accounts.
 */
export function homeRegion(regions: readonly RegionNode[], held: readonly string[]): string | null {
	const known = new Set(regions.map((r) => r.id))
	const bases = [...new Set(held)].filter((id) => known.has(id))
	if (bases.length > 0) {
		const chains = bases.map((id) => [id, ...ancestorIds(regions, id)])
		const common = chains[0]!.find((candidate) => chains.every((chain) => chain.includes(candidate)))
		if (common !== undefined) return common
	}
	const tops = regions.filter((r) => r.parentId === null)
	return tops.length === 1 ? tops[0]!.id : null
}
