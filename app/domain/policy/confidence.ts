/**
 * Sanity rules and a confidence per field of an extracted target (issue #15 §4,
 * ADR 0042): the review page shows each doubtful field with its reason and puts
 * the doubtful cards first. Pure: it reads the target's values (as extracted or
 * as the reviewer corrected them) and the extractor's notes on how it read them.
 */
import { isCountUnit, normalizeQuantity } from './numbers'
import { type ExtractionNote, type TargetStage } from './target'

export const CONFIDENCE_FIELDS = ['metric', 'value', 'unit', 'period', 'responsibleUnits'] as const
export type ConfidenceField = (typeof CONFIDENCE_FIELDS)[number]
export type ConfidenceLevel = 'high' | 'medium' | 'low'
/** Reasons are i18n keys under policyImport.confidence.reasons. */
export type FieldConfidence = { level: ConfidenceLevel; reasons: string[] }
export type TargetConfidence = Record<ConfidenceField, FieldConfidence> & { level: ConfidenceLevel; score: number }

/** What confidence reads: the values as they stand and the extractor's notes. */
export type AssessedTarget = {
	metric: string
	value: number | null
	valueMax: number | null
	unit: string
	op: string
	period: string
	endYear: number | null
	stages: TargetStage[]
	responsibleUnits: string[]
	members: string | null
	notes: readonly ExtractionNote[]
}

/** A sanity rule a value breaks, as an i18n key under policyImport.validation; null when none. */
export function valueProblem(value: number, unit: string): 'wholeNumber' | 'percentRange' | null {
	if (isCountUnit(unit) && !Number.isInteger(normalizeQuantity(value, unit).value)) return 'wholeNumber'
	if (unit === '%' && (value < 0 || value > 100)) return 'percentRange'
	return null
}

/** Units of a thing counted rarely set by a plan (次, 人…) or easily misread (部 in 部门). */
const UNUSUAL_UNITS = new Set(['次', '只', '部', '间', '款', '例', '位', '支', '件'])
const KNOWN_METRIC_END =
	/(?:项目|企业|平台|园区|基地|中心|车间|工厂|产值|营收|收入|投资|总额|规模|占比|比重|比例|产量|增长|增速|人次|人数|数量|个数|家数|率|额|量)$/

const RANK: Record<ConfidenceLevel, number> = { high: 0, medium: 1, low: 2 }

/** Each field's level and reasons; the card's own level is its worst field's, its score the sum (to sort by). */
export function assessTarget(t: AssessedTarget): TargetConfidence {
	const field = (low: string[], medium: string[]): FieldConfidence => ({
		level: low.length > 0 ? 'low' : medium.length > 0 ? 'medium' : 'high',
		reasons: [...low, ...medium],
	})
	const has = (note: ExtractionNote) => t.notes.includes(note)

	const metricLow: string[] = []
	const metricMedium: string[] = []
	if ([...t.metric].length < 3) metricLow.push('metricShort')
	if (has('metricInherited')) metricMedium.push('metricInherited')
	if (has('metricLong')) metricMedium.push('metricLong')
	if (/\d/.test(t.metric)) metricMedium.push('metricHasNumber')
	if (!metricLow.length && !metricMedium.length && !KNOWN_METRIC_END.test(t.metric)) metricMedium.push('metricUnusualEnd')

	const valueLow: string[] = []
	const valueMedium: string[] = []
	const values = [t.value, t.valueMax, ...t.stages.flatMap((s) => [s.value, s.valueMax])].filter((v): v is number => v !== null)
	for (const problem of new Set(values.map((v) => valueProblem(v, t.unit)))) if (problem) valueLow.push(problem)
	if (t.value === null) valueLow.push('valueMissing')
	if (t.op === 'range' && (t.valueMax === null || (t.value !== null && t.valueMax <= t.value))) valueLow.push('rangeBroken')
	if (has('chineseNumeral')) valueMedium.push('chineseNumeral')
	if (t.members !== null && has('membersLoose')) valueMedium.push('membersLoose')

	const unitMedium = UNUSUAL_UNITS.has(t.unit) ? ['unitUnusual'] : []

	const periodLow: string[] = []
	const periodMedium: string[] = []
	if (t.period === 'by_year' && t.endYear === null) periodLow.push('yearMissing')
	if (has('yearFromPlan')) periodMedium.push('yearFromPlan')
	const stageYears = t.stages.map((s) => s.year)
	if (stageYears.some((y, i) => i > 0 && y <= stageYears[i - 1]!)) periodLow.push('stagesOrder')

	// No 责任单位 is common in a plan's 主要目标: worth a look, not a fault.
	const unitsLow: string[] = []
	const unitsMedium = [
		...(t.responsibleUnits.length === 0 ? ['unitsNone'] : []),
		...(has('unitsFromTable') ? ['unitsFromTable'] : []),
		...(has('unitsFromStanding') ? ['unitsFromStanding'] : []),
	]

	const fields = {
		metric: field(metricLow, metricMedium),
		value: field(valueLow, valueMedium),
		unit: field([], unitMedium),
		period: field(periodLow, periodMedium),
		responsibleUnits: field(unitsLow, unitsMedium),
	}
	const ranks = CONFIDENCE_FIELDS.map((f) => RANK[fields[f].level])
	const worst = Math.max(...ranks)
	return {
		...fields,
		level: (['high', 'medium', 'low'] as const)[worst]!,
		// No 责任单位 is common in a plan's 主要目标 and less urgent than a wrong value: it weighs less.
		score: ranks.reduce((sum, r, i) => sum + (CONFIDENCE_FIELDS[i] === 'responsibleUnits' ? r : r * 2), 0),
	}
}

/** Doubtful cards first: low, then medium, then high, each in document order (the reviewer still reads the plan in order). */
export function doubtfulFirst<T>(items: T[], confidence: (item: T) => TargetConfidence): T[] {
	return items
		.map((item, i) => ({ item, i, level: RANK[confidence(item).level] }))
		.sort((a, b) => b.level - a.level || a.i - b.i)
		.map(({ item }) => item)
}
