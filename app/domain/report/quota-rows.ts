import { displayUnit } from '~/domain/quota/display-unit'
import { type FigureUnits } from '~/domain/quota/english-unit'
import { formatTarget } from '~/domain/quota/format-target'
import { type QuotaItem, type QuotaProblem, type QuotaProgress, type QuotaStatus } from '~/domain/quota/progress'

export type QuotaUnitRow = {
	unitId: string
	unitName: string
	unitNameEn: string
	/** The unit's own share when set, otherwise the quota's target; in the display unit. */
	target: number
	actual: number
	/** actual ÷ target, uncapped; null when the target is 0. */
	completion: number | null
}

/** One quota's figures as of the report's asOf, in its display unit. */
export type QuotaRow = {
	quotaId: string
	section: string | null
	metric: string
	/** The target as the policy states it: "≥ 10 个". */
	targetText: string
	/** The unit the figures below are in (the policy's, display-unit.ts), and the quota's units and target for other readers' units. */
	unit: string
	figureUnits: FigureUnits
	target: number
	actual: number
	/** What qualifies but awaits a manager's 核验 (counts in `actual` once verified). */
	awaiting: number
	/** Where a linear path to the target would be on asOf. */
	pace: number
	/** actual ÷ target (uncapped); null when the target is 0. */
	completion: number | null
	status: QuotaStatus
	/** All responsible units, lead unit first. */
	responsibleUnits: { name: string; nameEn: string }[]
	/** Per-unit figures for quotas whose items carry a 责任单位 (projects introduced); empty otherwise. */
	units: QuotaUnitRow[]
	problems: QuotaProblem[]
	hasSample: boolean
}

/** The dashboard's figures for each quota, unchanged except for the display unit. */
export function quotaRows(progress: readonly QuotaProgress[]): QuotaRow[] {
	return progress.map((q) => {
		const { unit, scale } = displayUnit(q)
		const byPosition = [...q.units].sort((a, b) => a.position - b.position)
		return {
			quotaId: q.quotaId,
			section: q.section,
			metric: q.metric,
			targetText: formatTarget(q),
			unit,
			figureUnits: figureUnitsOf(q),
			target: q.target / scale,
			actual: q.actual / scale,
			awaiting: q.awaitingActual / scale,
			pace: q.pace / scale,
			completion: ratio(q.actual, q.target),
			status: q.status,
			responsibleUnits: byPosition.map((u) => ({ name: u.unitName, nameEn: u.unitNameEn })),
			// Same rule as rankUnits: only "projects introduced" items are credited to units.
			units:
				q.kind === 'projects'
					? byPosition.map((u) => {
							const target = u.target ?? q.target
							return {
								unitId: u.unitId,
								unitName: u.unitName,
								unitNameEn: u.unitNameEn,
								target: target / scale,
								actual: u.actual / scale,
								completion: ratio(u.actual, target),
							}
						})
					: [],
			problems: q.problems,
			hasSample: q.hasSample,
		}
	})
}

/** One item that counted toward a quota (计入明细), its amount in the quota's display unit. */
export type QuotaItemRow = Omit<QuotaItem, 'amount'> & {
	quotaId: string
	section: string | null
	metric: string
	amount: number
	unit: string
	figureUnits: FigureUnits
}

export function quotaItemRows(progress: readonly QuotaProgress[]): QuotaItemRow[] {
	return progress.flatMap((q) => {
		const { unit, scale } = displayUnit(q)
		const figureUnits = figureUnitsOf(q)
		return q.items.map((item) => ({ ...item, quotaId: q.quotaId, section: q.section, metric: q.metric, amount: item.amount / scale, unit, figureUnits }))
	})
}

function figureUnitsOf(q: FigureUnits): FigureUnits {
	return { unit: q.unit, normalizedUnit: q.normalizedUnit, op: q.op, value: q.value, valueMax: q.valueMax, kind: q.kind }
}

function ratio(actual: number, target: number) {
	return target > 0 ? actual / target : null
}
