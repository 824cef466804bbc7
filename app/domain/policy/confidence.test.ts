import { expect, test } from 'vitest'
import { assessTarget, type AssessedTarget, doubtfulFirst, valueProblem } from './confidence'
import { extractTargets } from './extract-targets'

const sound: AssessedTarget = {
	metric: '引进亿元以上项目',
	value: 10,
	valueMax: null,
	unit: '个',
	op: '>=',
	period: 'annual',
	endYear: 2026,
	stages: [],
	responsibleUnits: ['县商务局'],
	members: null,
	notes: [],
}

test('whole numbers for counts, 0–100 for percentages', () => {
	expect(valueProblem(2.5, '个')).toBe('wholeNumber')
	expect(valueProblem(3, '家')).toBeNull()
	expect(valueProblem(1.5, '万人次')).toBeNull()
	expect(valueProblem(0.5, '人次')).toBe('wholeNumber')
	expect(valueProblem(120, '%')).toBe('percentRange')
	expect(valueProblem(-1, '%')).toBe('percentRange')
	expect(valueProblem(2.5, '亿元')).toBeNull()
})

test('a sound target is high on every field', () => {
	const c = assessTarget(sound)
	expect(c.level).toBe('high')
	expect(c.score).toBe(0)
})

test('each doubtful field says why', () => {
	const c = assessTarget({ ...sound, value: 2.5, metric: '项目', period: 'by_year', endYear: null, responsibleUnits: [], notes: ['yearFromPlan'] })
	expect(c.value).toEqual({ level: 'low', reasons: ['wholeNumber'] })
	expect(c.metric).toEqual({ level: 'low', reasons: ['metricShort'] })
	expect(c.period).toEqual({ level: 'low', reasons: ['yearMissing', 'yearFromPlan'] })
	expect(c.responsibleUnits).toEqual({ level: 'medium', reasons: ['unitsNone'] })
	expect(c.level).toBe('low')
	expect(assessTarget({ ...sound, unit: '%', value: 130 }).value.reasons).toEqual(['percentRange'])
	expect(
		assessTarget({
			...sound,
			stages: [
				{ year: 2025, value: 40.5, valueMax: null },
				{ year: 2026, value: 45, valueMax: null },
			],
		}).value.reasons,
	).toEqual(['wholeNumber'])
	expect(assessTarget({ ...sound, op: 'range', valueMax: 8 }).value.reasons).toEqual(['rangeBroken'])
	expect(assessTarget({ ...sound, responsibleUnits: ['县商务局'], notes: ['unitsFromTable'] }).responsibleUnits).toEqual({
		level: 'medium',
		reasons: ['unitsFromTable'],
	})
})

test('the extractor’s notes: a metric from the clause before, a Chinese numeral', () => {
	const [, growth] = extractTargets('到2026年，数字经济核心产业营收达到60亿元，年均增长15%。')
	expect(growth!.notes).toContain('metricInherited')
	const [numeral] = extractTargets('到2026年，新增培育智能工厂二十家。')
	expect(numeral!.notes).toContain('chineseNumeral')
})

test('doubtful targets first, document order among equals', () => {
	const items = [sound, { ...sound, metric: '甲' }, { ...sound, responsibleUnits: [] }, { ...sound, unit: '%', value: 101 }]
	expect(doubtfulFirst(items, assessTarget).map((t) => items.indexOf(t))).toEqual([1, 3, 2, 0])
})
