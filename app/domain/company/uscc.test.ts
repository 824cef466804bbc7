import { expect, test } from 'vitest'
import { isValidUscc, normalizeUscc, usccCheckChar, usccSchema } from './uscc'

// Built from the rule, not copied from a company: 17 chars + computed check char.
const BODY = '91360721MA35XXXXX'.replace(/X/g, '1')

test('the check character follows the GB 32100-2015 mod-31 rule', () => {
	const check = usccCheckChar(BODY)
	expect(check).not.toBeNull()
	expect(isValidUscc(BODY + check)).toBe(true)
})

test('a wrong check character, bad alphabet or wrong length is refused', () => {
	const check = usccCheckChar(BODY)!
	const wrong = check === '0' ? '1' : '0'
	expect(isValidUscc(BODY + wrong)).toBe(false)
	expect(isValidUscc(`${BODY.slice(0, 16)}I${check}`)).toBe(false) // I is not in the alphabet
	expect(isValidUscc(BODY)).toBe(false)
	expect(isValidUscc('')).toBe(false)
})

test('pasted codes are normalised before checking', () => {
	const code = BODY + usccCheckChar(BODY)
	expect(normalizeUscc(` ${code.slice(0, 9).toLowerCase()}-${code.slice(9)} `)).toBe(code)
	expect(usccSchema.parse(code.toLowerCase())).toBe(code)
	expect(usccSchema.parse('')).toBeNull()
	expect(usccSchema.safeParse('123').error?.issues[0]?.message).toBe('validation.invalidUscc')
})
