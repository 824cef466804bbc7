import { expect, test } from 'vitest'
import { formatTarget } from './format-target'

test('targets read the way the policy text states them', () => {
	expect(formatTarget({ op: '>=', value: 10, valueMax: null, unit: '个' })).toBe('≥ 10 个')
	expect(formatTarget({ op: 'range', value: 5, valueMax: 10, unit: '家' })).toBe('5–10 家')
	expect(formatTarget({ op: '>', value: 200, valueMax: null, unit: '亿元' })).toBe('> 200 亿元')
	expect(formatTarget({ op: '=', value: 0.1 + 0.2, valueMax: null, unit: '%' })).toBe('0.3 %')
	expect(formatTarget({ op: 'approx', value: 3, valueMax: null, unit: '项' })).toBe('≈ 3 项')
})
