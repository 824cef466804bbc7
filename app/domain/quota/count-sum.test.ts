import { expect, test } from 'vitest'
import { unitFactor } from './count-sum'

test('link units convert to the quota unit when they measure the same thing', () => {
	expect(unitFactor('t', 't')).toBe(1)
	expect(unitFactor('t REO', 't')).toBe(1)
	expect(unitFactor('万吨', 't')).toBe(10_000)
	expect(unitFactor('台', '台')).toBe(1)
	expect(unitFactor('台', 't')).toBeNull()
})
