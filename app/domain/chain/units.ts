// Which quantities can share one scale. A chain link counts its output in its
// own unit ("t REO", "t", "MW", "台", "kWh"); flows of one unit family (mass,
// energy, power, pieces, money) can be drawn on one scale once converted to
// the family's base unit, flows of different families cannot. See
// docs/decisions/0028-chain-flows.md.

export const UNIT_FAMILIES = ['mass', 'energy', 'power', 'count', 'money'] as const
export type KnownUnitFamily = (typeof UNIT_FAMILIES)[number]
/** A known family, or `other:<unit>` for a unit we do not know (it shares a scale only with itself). */
export type UnitFamily = KnownUnitFamily | `other:${string}`

/** Base unit of each family: what a converted quantity is counted in. */
export const FAMILY_BASE_UNIT: Record<KnownUnitFamily, string> = { mass: 't', energy: 'kWh', power: 'MW', count: '台', money: '元' }

// The unit's first word decides (the rest names the material: "t REO", "t LCE", "kg Nd").
const UNITS: readonly { family: KnownUnitFamily; toBase: number; names: readonly string[] }[] = [
	{ family: 'mass', toBase: 1, names: ['t', '吨', 'tonne', 'tonnes', 'ton', 'tons'] },
	{ family: 'mass', toBase: 0.001, names: ['kg', '千克', '公斤'] },
	{ family: 'mass', toBase: 1000, names: ['kt', '千吨'] },
	{ family: 'mass', toBase: 10_000, names: ['万吨'] },
	{ family: 'energy', toBase: 1, names: ['kwh', '千瓦时', '度'] },
	{ family: 'energy', toBase: 1000, names: ['mwh'] },
	{ family: 'energy', toBase: 1_000_000, names: ['gwh'] },
	{ family: 'power', toBase: 1, names: ['mw', '兆瓦'] },
	{ family: 'power', toBase: 0.001, names: ['kw', '千瓦'] },
	{ family: 'power', toBase: 1000, names: ['gw', '吉瓦'] },
	{ family: 'count', toBase: 1, names: ['台', '辆', '套', '件', '个', '只', '项', 'unit', 'units', 'pcs', 'sets', 'vehicles'] },
	{ family: 'count', toBase: 10_000, names: ['万台', '万辆', '万套', '万件', '万只'] },
	{ family: 'money', toBase: 1, names: ['元', 'cny', 'yuan'] },
	{ family: 'money', toBase: 10_000, names: ['万元'] },
	{ family: 'money', toBase: 100_000_000, names: ['亿元'] },
]

/** The family of a link's unit and the factor that converts one of it into the family's base unit. */
export function unitFamily(unit: string): { family: UnitFamily; toBase: number } {
	const first =
		unit
			.trim()
			.split(/[\s(（/]/u)[0]
			?.toLowerCase() ?? ''
	const known = UNITS.find((u) => u.names.includes(first))
	return known ? { family: known.family, toBase: known.toBase } : { family: `other:${unit.trim()}`, toBase: 1 }
}

/** Known families in a fixed order (mass first), then the others. */
export function familyOrder(family: UnitFamily) {
	const index = (UNIT_FAMILIES as readonly string[]).indexOf(family)
	return index === -1 ? UNIT_FAMILIES.length : index
}
