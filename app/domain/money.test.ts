import { expect, test } from 'vitest'
import { formatMoneyInput, parseMoneyToCNY } from './money'

const cny = (raw: string, unit: 'yuan' | 'wan' | 'yi' = 'wan') => {
	const parsed = parseMoneyToCNY(raw, unit)
	if (!parsed.ok) throw new Error(`refused ${raw}: ${parsed.error}`)
	if (parsed.cny === null) throw new Error(`blank ${raw}`)
	return parsed.cny
}
const refusal = (raw: string, unit: 'yuan' | 'wan' | 'yi' = 'wan') => {
	const parsed = parseMoneyToCNY(raw, unit)
	return parsed.ok ? null : parsed.error
}

test('万元 convert to integer CNY exactly, without float drift', () => {
	expect(cny('1234.56')).toBe(12_345_600)
	expect(cny('0.01')).toBe(100)
	expect(cny('0.0001')).toBe(1)
	expect(cny('300000')).toBe(3_000_000_000)
	expect(cny('1.1')).toBe(11_000)
	// 0.1 + 0.2 style drift: 4.35 * 10000 is 43499.99999… in floating point.
	expect(cny('4.35')).toBe(43_500)
	expect(cny('1.005')).toBe(10_050)
	expect(cny('.5')).toBe(5_000)
	expect(cny('12.')).toBe(120_000)
	expect(cny('0')).toBe(0)
	expect(cny('+3')).toBe(30_000)
})

test('up to 6 decimals are accepted; fractions of a yuan round half up', () => {
	expect(cny('1.123456')).toBe(11_235)
	expect(cny('0.00005')).toBe(1)
	expect(cny('0.000049')).toBe(0)
	expect(refusal('1.1234567')).toBe('tooManyDecimals')
})

test('亿元 and 元 use their own factors', () => {
	expect(cny('1.5', 'yi')).toBe(150_000_000)
	expect(cny('0.000001', 'yi')).toBe(100)
	expect(cny('88', 'yuan')).toBe(88)
})

test('blank is null; thousands separators and full-width input are understood', () => {
	expect(parseMoneyToCNY('', 'wan')).toEqual({ ok: true, cny: null })
	expect(parseMoneyToCNY('   ', 'wan')).toEqual({ ok: true, cny: null })
	expect(parseMoneyToCNY(undefined, 'wan')).toEqual({ ok: true, cny: null })
	expect(cny('1,234.56')).toBe(12_345_600)
	expect(cny('1,234,567')).toBe(12_345_670_000)
	expect(cny('１２３４．５６')).toBe(12_345_600)
	expect(cny(' 12 ')).toBe(120_000)
})

test('junk is refused, never guessed', () => {
	for (const junk of ['abc', '12abc', '1.2.3', '1e5', '1,5', '12,34', '.', ',', '1 000', '0x10', 'NaN', 'Infinity', '万元', '--1']) {
		expect(refusal(junk), junk).toBe('notANumber')
	}
	expect(refusal('-5')).toBe('negative')
	expect(refusal('－5')).toBe('negative')
	expect(refusal('999999999999999')).toBe('tooLarge')
})

test('integer CNY formats back to the text a 万元 field shows', () => {
	expect(formatMoneyInput(12_345_600, 'wan')).toBe('1234.56')
	expect(formatMoneyInput(3_000_000_000n, 'wan')).toBe('300000')
	expect(formatMoneyInput(1, 'wan')).toBe('0.0001')
	expect(formatMoneyInput(0, 'wan')).toBe('0')
	expect(formatMoneyInput(150_000_000, 'yi')).toBe('1.5')
	expect(formatMoneyInput(-20_000, 'wan')).toBe('-2')
	for (const text of ['1234.56', '0.0001', '987654321.1234']) expect(formatMoneyInput(cny(text), 'wan')).toBe(text)
})
