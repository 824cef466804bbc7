import { expect, test } from 'vitest'
import { englishUnit, formatTargetInEnglish, quotaFigureFormat, quotaUnitLabel } from './english-unit'

const labelled = (unit: ReturnType<typeof englishUnit>, value: number) => ({ label: unit.label(value), scale: unit.scale })

test('money and power take the scale of the target; counts name what they count, singular for one', () => {
	expect(labelled(englishUnit('CNY', 2e9), 20)).toEqual({ label: 'CNY bn', scale: 1e9 })
	expect(labelled(englishUnit('CNY', 5e8), 500)).toEqual({ label: 'CNY M', scale: 1e6 })
	expect(labelled(englishUnit('CNY', 300), 300)).toEqual({ label: 'CNY', scale: 1 })
	expect(labelled(englishUnit('kW', 2e6), 2)).toEqual({ label: 'GW', scale: 1e6 })
	expect(labelled(englishUnit('家', 50), 50)).toEqual({ label: 'firms', scale: 1 })
	expect(englishUnit('家', 50).label(1)).toBe('firm')
	expect(englishUnit('家', 50).label(0.98)).toBe('firms')
	expect(englishUnit('个', 10).label(10)).toBe('items')
	expect(englishUnit('个', 10, 'projects').label(10)).toBe('projects')
	expect(englishUnit('项', 2, 'projects').label(1)).toBe('project')
	expect(labelled(englishUnit('t', 150_000), 1)).toEqual({ label: 't', scale: 1 })
	expect(labelled(englishUnit('亩', 300), 300)).toEqual({ label: 'mu', scale: 1 })
	// A unit with no English name: a bare number, never a Chinese word on an English page.
	expect(englishUnit('朵', 3).label(3)).toBe('')
})

test('targets as the policy wrote them, in English units, counted as the quota counts', () => {
	const quota = (op: string, value: number, unit: string, kind = 'manual', valueMax: number | null = null) => ({ op, value, valueMax, unit, kind })
	expect(formatTargetInEnglish(quota('>=', 10, '个', 'projects'))).toBe('≥ 10 projects')
	expect(formatTargetInEnglish(quota('>=', 10, '个'))).toBe('≥ 10 items')
	expect(formatTargetInEnglish(quota('>=', 20, '家', 'companies_with_tag'))).toBe('≥ 20 firms')
	expect(formatTargetInEnglish(quota('=', 1, '家'))).toBe('1 firm')
	expect(formatTargetInEnglish(quota('>', 200, '亿元', 'sum'))).toBe('> 20 CNY bn')
	expect(formatTargetInEnglish(quota('>=', 5, '亿元', 'sum'))).toBe('≥ 500 CNY M')
	expect(formatTargetInEnglish(quota('range', 2, '万吨', 'sum', 3))).toBe('20000–30000 t')
	expect(formatTargetInEnglish(quota('range', 5, '家', 'companies_with_tag', 10))).toBe('5–10 firms')
	expect(formatTargetInEnglish(quota('>=', 40, '%'))).toBe('≥ 40 %')
})

test('a quota’s figures: Chinese in the unit the policy wrote, English in English units', () => {
	const money = { unit: '亿元', normalizedUnit: 'CNY', op: '>', value: 200, valueMax: null, kind: 'sum' }
	expect(quotaFigureFormat(money, 'zh-CN').figure(195.62e8)).toBe('195.62 亿元')
	expect(quotaFigureFormat(money, 'en').figure(195.62e8)).toBe('19.56 CNY bn')
	const projects = { unit: '个', normalizedUnit: '个', op: '>=', value: 10, valueMax: null, kind: 'projects' }
	expect(quotaFigureFormat(projects, 'zh-CN').figure(4)).toBe('4 个')
	expect(quotaFigureFormat(projects, 'en').figure(4)).toBe('4 projects')
	expect(quotaFigureFormat(projects, 'en').figure(1)).toBe('1 project')
	expect(quotaFigureFormat(projects, 'en').target).toBe('≥ 10 projects')
	const share = { unit: '%', normalizedUnit: '%', op: '>=', value: 3, valueMax: null, kind: 'manual' }
	expect(quotaFigureFormat(share, 'en').figure(2.5)).toBe('2.5%')
	// Beside a field typed in the policy's unit: that unit, named in English.
	expect(quotaUnitLabel(money, 'en')).toBe('CNY 100 M')
	expect(quotaUnitLabel(money, 'zh-CN')).toBe('亿元')
	expect(quotaUnitLabel(projects, 'en')).toBe('projects')
	expect(quotaUnitLabel({ unit: '项', kind: 'manual' }, 'en')).toBe('items')
})
