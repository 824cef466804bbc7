import { type QuotaItem, type UnitProgress } from './progress'

type UnitName = { unitId: string; unitName: string; unitNameEn: string }

/**
 * Per-unit figures: the quota's listed 责任单位 in their listed order (with the
 * share a manager set), then every other unit credited by a counted item, in
 * the order first credited. Each unit's actual is the sum of its items' amounts, `items` how many there are.
 */
export function unitProgress(
	listed: (UnitName & { position: number; target: number | null })[],
	items: Pick<QuotaItem, 'unitId' | 'amount'>[],
	unitNames: Map<string, UnitName>,
): UnitProgress[] {
	const units: UnitProgress[] = [...listed].sort((a, b) => a.position - b.position).map((u) => ({ ...u, actual: 0, items: 0 }))
	const byId = new Map(units.map((u) => [u.unitId, u]))
	for (const item of items) {
		if (item.unitId === null) continue
		let unit = byId.get(item.unitId)
		if (!unit) {
			const name = unitNames.get(item.unitId) ?? { unitId: item.unitId, unitName: item.unitId, unitNameEn: item.unitId }
			unit = { ...name, position: units.length, target: null, actual: 0, items: 0 }
			units.push(unit)
			byId.set(unit.unitId, unit)
		}
		unit.actual += item.amount
		unit.items += 1
	}
	return units
}
