import { expect, test } from 'vitest'
import { displayUnit } from './display-unit'

test('figures show in the unit the policy wrote', () => {
	expect(displayUnit({ unit: '亿元', normalizedUnit: 'CNY' })).toEqual({ unit: '亿元', scale: 1e8 })
	expect(displayUnit({ unit: '万元', normalizedUnit: 'CNY' })).toEqual({ unit: '万元', scale: 1e4 })
	expect(displayUnit({ unit: '万吨', normalizedUnit: 't' })).toEqual({ unit: '万吨', scale: 1e4 })
	expect(displayUnit({ unit: '家', normalizedUnit: '家' })).toEqual({ unit: '家', scale: 1 })
	// No factor to the normalized unit: the normalized figures are shown with their own unit rather than mislabelled.
	expect(displayUnit({ unit: '美元', normalizedUnit: 'CNY' })).toEqual({ unit: 'CNY', scale: 1 })
})
