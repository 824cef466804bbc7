import { describe, expect, test } from 'vitest'
import { z } from 'zod'
import {
	checkbox,
	dayField,
	fieldErrors,
	formText,
	formTexts,
	optionalDecimal,
	optionalText,
	parseDay,
	parseDecimal,
	refusal,
	refusalOf,
	requiredText,
} from './forms'
import { UserError } from './user-error'

describe('formText', () => {
	test('a posted text field, undefined when absent or a file', () => {
		const form = new FormData()
		form.set('name', ' 甲 ')
		form.set('empty', '')
		form.set('file', new File(['x'], 'x.txt'))
		expect(formText(form, 'name')).toBe(' 甲 ')
		expect(formText(form, 'empty')).toBe('')
		expect(formText(form, 'missing')).toBeUndefined()
		expect(formText(form, 'file')).toBeUndefined()
	})

	test('every text value of a repeated field, files left out', () => {
		const form = new FormData()
		form.append('tag', 'a')
		form.append('tag', new File(['x'], 'x.txt'))
		form.append('tag', 'b')
		expect(formTexts(form, 'tag')).toEqual(['a', 'b'])
		expect(formTexts(form, 'none')).toEqual([])
	})
})

describe('fieldErrors', () => {
	test('the first message of each field; an issue without a path goes under form', () => {
		const schema = z.object({ a: z.string().min(2, 'short').max(1, 'long'), b: z.string('missing') }).refine((v) => v.a !== 'xx', 'whole')
		const errors = schema.safeParse({ a: 'x' }).error!
		expect(fieldErrors(errors)).toEqual({ a: 'short', b: 'missing' })
		expect(fieldErrors(schema.safeParse({ a: 'xx', b: '' }).error!)).toEqual({ a: 'long', form: 'whole' })
	})
})

describe('refusals', () => {
	test('a user error naming a field goes under it; one without a field is about the form, with its params', () => {
		expect(refusalOf(new UserError('x.taken', { field: 'name', status: 409 }))).toEqual({ ok: false, errors: { name: 'x.taken' }, formError: null })
		expect(refusalOf(new UserError('x.hasProjects', { params: { count: 3 } }))).toEqual({
			ok: false,
			errors: {},
			formError: { key: 'x.hasProjects', params: { count: 3 } },
		})
	})

	test('a user error keeps its status, defaults to 400, and is named after its class', () => {
		class FeatureError extends UserError {}
		const error = new FeatureError('x.gone', { status: 404 })
		expect([error.status, error.name, error.message, error instanceof UserError]).toEqual([404, 'FeatureError', 'x.gone', true])
		expect(new UserError('x.bad').status).toBe(400)
	})

	test('a form message may be a bare key', () => {
		expect(refusal({ a: 'k.a' }, 'k.form')).toEqual({ ok: false, errors: { a: 'k.a' }, formError: { key: 'k.form', params: {} } })
		expect(refusal({})).toEqual({ ok: false, errors: {}, formError: null })
	})
})

describe('parseDecimal', () => {
	test('blank is null, plain and exponent numbers parse', () => {
		expect(parseDecimal('')).toEqual({ ok: true, value: null })
		expect(parseDecimal('   ')).toEqual({ ok: true, value: null })
		expect(parseDecimal(undefined)).toEqual({ ok: true, value: null })
		expect(parseDecimal('1.5')).toEqual({ ok: true, value: 1.5 })
		expect(parseDecimal(' 0.00012 ')).toEqual({ ok: true, value: 0.00012 })
		expect(parseDecimal('.5')).toEqual({ ok: true, value: 0.5 })
		expect(parseDecimal('1e-4')).toEqual({ ok: true, value: 0.0001 })
		expect(parseDecimal('１．５')).toEqual({ ok: true, value: 1.5 })
	})

	test('a decimal comma and text are refused with distinct messages, the feature’s when given', () => {
		expect(parseDecimal('1,5')).toEqual({ ok: false, message: 'validation.decimalComma' })
		expect(parseDecimal('10，000')).toEqual({ ok: false, message: 'validation.decimalComma' })
		expect(parseDecimal('abc')).toEqual({ ok: false, message: 'validation.notANumber' })
		expect(parseDecimal('1.2.3')).toEqual({ ok: false, message: 'validation.notANumber' })
		expect(parseDecimal('Infinity')).toEqual({ ok: false, message: 'validation.notANumber' })
		expect(parseDecimal('1,5', { notANumber: 'x.nan', decimalComma: 'x.comma' })).toEqual({ ok: false, message: 'x.comma' })
	})
})

test('parseDay: a real calendar day at UTC midnight, anything else null', () => {
	expect(parseDay('2026-12-01')).toEqual(new Date('2026-12-01T00:00:00Z'))
	expect(parseDay(' 2024-02-29 ')).toEqual(new Date('2024-02-29T00:00:00Z'))
	expect(parseDay('2026-02-30')).toBeNull()
	expect(parseDay('2025-13-01')).toBeNull()
	expect(parseDay('1.12.2026')).toBeNull()
	expect(parseDay('')).toBeNull()
})

describe('zod fields', () => {
	test('required and optional text trim, limit and turn blanks into null', () => {
		const schema = z.object({ name: requiredText(3), note: optionalText(3, { tooLong: 'x.tooLong' }) })
		expect(schema.parse({ name: ' ab ', note: '  ' })).toEqual({ name: 'ab', note: null })
		expect(schema.parse({ name: 'ab' })).toEqual({ name: 'ab', note: null })
		expect(fieldErrors(schema.safeParse({ name: ' ', note: 'abcd' }).error!)).toEqual({ name: 'validation.required', note: 'x.tooLong' })
		expect(fieldErrors(schema.safeParse({ name: 'abcd' }).error!)).toEqual({ name: 'validation.tooLong' })
		expect(fieldErrors(schema.safeParse({ name: 'a\u0000' }).error!)).toEqual({ name: 'validation.nulCharacter' })
	})

	test('decimal, day and checkbox fields', () => {
		const schema = z.object({ n: optionalDecimal(), d: dayField('x.date', () => 'none'), c: checkbox })
		expect(schema.parse({ n: '１．５', d: '2026-01-31', c: 'on' })).toEqual({ n: 1.5, d: new Date('2026-01-31T00:00:00Z'), c: true })
		expect(schema.parse({ n: '', d: ' ' })).toEqual({ n: null, d: 'none', c: false })
		expect(schema.parse({ c: true }).c).toBe(true)
		expect(schema.parse({ c: 'off' }).c).toBe(false)
		expect(fieldErrors(schema.safeParse({ n: '1,5', d: '2026-02-30' }).error!)).toEqual({ n: 'validation.decimalComma', d: 'x.date' })
	})
})
