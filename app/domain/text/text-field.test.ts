import { describe, expect, test } from 'vitest'
import { z } from 'zod'
import { hasNul, NUL_MESSAGE, userText, withoutControlCharacters, withoutNul } from './text-field'

describe('userText', () => {
	const name = userText('validation.required').trim().min(1, 'validation.required').max(5, 'tooLong')

	test('refuses U+0000 wherever it is, with its own message and no other', () => {
		for (const value of ['\u0000', 'a\u0000b', '  甲乙\u0000', '\u0000much too long']) {
			expect(name.safeParse(value).error?.issues.map((issue) => issue.message)).toEqual([NUL_MESSAGE])
		}
	})

	test('lets every other text through the field’s own checks unchanged', () => {
		expect(name.parse(' 甲乙 ')).toBe('甲乙')
		expect(name.parse('a\u0001\uFFFD')).toBe('a\u0001\uFFFD')
		expect(name.safeParse('   ').error?.issues.map((issue) => issue.message)).toEqual(['validation.required'])
		expect(name.safeParse(7).error?.issues.map((issue) => issue.message)).toEqual(['validation.required'])
	})

	test('in an object, the field with U+0000 is named and the other fields are still checked', () => {
		const form = z.object({ name, notes: userText().optional() })
		const issues = form.safeParse({ name: 'a\u0000', notes: '' }).error?.issues.map((issue) => [issue.path.join('.'), issue.message])
		expect(issues).toEqual([['name', NUL_MESSAGE]])
		expect(form.safeParse({ name: '甲', notes: 'x\u0000' }).error?.issues.map((issue) => issue.path.join('.'))).toEqual(['notes'])
		expect(form.parse({ name: '甲' })).toEqual({ name: '甲' })
	})
})

test('withoutNul drops every U+0000 and nothing else', () => {
	expect(withoutNul('合\u0000同\u0000.xlsx')).toBe('合同.xlsx')
	expect(withoutNul('plain')).toBe('plain')
	expect(hasNul('a\u0000')).toBe(true)
	expect(hasNul('a')).toBe(false)
})

test('withoutControlCharacters drops C0 controls and DEL and keeps every other character', () => {
	expect(withoutControlCharacters('稀土\u0000新\u0009材料\u001f\u007f有限公司')).toBe('稀土新材料有限公司')
	expect(withoutControlCharacters('a b\u00a0c（示例）')).toBe('a b\u00a0c（示例）')
	// The pattern is global and used twice in a row: no stale lastIndex.
	expect(withoutControlCharacters('\u0001x')).toBe('x')
	expect(withoutControlCharacters('\u0001x')).toBe('x')
})
