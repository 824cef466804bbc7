import { expect, test } from 'vitest'
import { englishUnit, formatTargetInEnglish } from './english-unit'

test('money and power take the scale of the target; counts name what they count or stay bare', () => {
	expect(englishUnit('CNY', 2e9)).toEqual({ label: 'CNY bn', scale: 1e9 })
	expect(englishUnit('CNY', 5e8)).toEqual({ label: 'CNY M', scale: 1e6 })
	expect(englishUnit('CNY', 300)).toEqual({ label: 'CNY', scale: 1 })
	expect(englishUnit('kW', 2e6)).toEqual({ label: 'GW', scale: 1e6 })
	expect(englishUnit('家', 50)).toEqual({ label: 'firms', scale: 1 })
	expect(englishUnit('个', 10)).toEqual({ label: '', scale: 1 })
	expect(englishUnit('t', 150_000)).toEqual({ label: 't', scale: 1 })
	expect(englishUnit('亩', 300)).toEqual({ label: 'mu', scale: 1 })
})

test('targets as the policy wrote them, in English units', () => {
	expect(formatTargetInEnglish({ op: '>=', value: 10, valueMax: null, unit: '个' })).toBe('≥ 10')
	expect(formatTargetInEnglish({ op: '>=', value: 20, valueMax: null, unit: '家' })).toBe('≥ 20 firms')
	expect(formatTargetInEnglish({ op: '>', value: 200, valueMax: null, unit: '亿元' })).toBe('> 20 CNY bn')
	expect(formatTargetInEnglish({ op: '>=', value: 5, valueMax: null, unit: '亿元' })).toBe('≥ 500 CNY M')
	expect(formatTargetInEnglish({ op: 'range', value: 2, valueMax: 3, unit: '万吨' })).toBe('20000–30000 t')
	expect(formatTargetInEnglish({ op: '>=', value: 40, valueMax: null, unit: '%' })).toBe('≥ 40 %')
})
