import { expect, test } from 'vitest'
import { foldWidth, isCountUnit, isMoneyUnit, normalizeQuantity, parseChineseNumber, parseNumber } from './numbers'

test('Chinese numerals read as policy texts write them; malformed runs are not numbers', () => {
	expect(parseChineseNumber('十')).toBe(10)
	expect(parseChineseNumber('二十')).toBe(20)
	expect(parseChineseNumber('十五')).toBe(15)
	expect(parseChineseNumber('两')).toBe(2)
	expect(parseChineseNumber('一百')).toBe(100)
	expect(parseChineseNumber('一百零五')).toBe(105)
	expect(parseChineseNumber('三千五百')).toBe(3500)
	expect(parseChineseNumber('一一')).toBeNull()
	expect(parseChineseNumber('二〇二四')).toBeNull()
	expect(parseChineseNumber('千')).toBe(1000)
	expect(parseChineseNumber('十百')).toBeNull()
	expect(parseChineseNumber('零')).toBeNull()
})

test('Arabic numbers may carry thousands separators and decimals', () => {
	expect(parseNumber('1,000')).toBe(1000)
	expect(parseNumber('12,345.5')).toBe(12345.5)
	expect(parseNumber('3.5')).toBe(3.5)
	expect(parseNumber('二十')).toBe(20)
})

test('full-width digits, point and percent fold to ASCII without moving any offset', () => {
	const text = '增长１２．５％，新增１０家'
	expect(foldWidth(text)).toBe('增长12.5%，新增10家')
	expect(foldWidth(text)).toHaveLength(text.length)
})

test('money normalises to CNY or USD, mass to t, power to kW, area to m2; counts keep their unit', () => {
	expect(normalizeQuantity(200, '亿元')).toEqual({ value: 20_000_000_000, unit: 'CNY' })
	expect(normalizeQuantity(500, '万元')).toEqual({ value: 5_000_000, unit: 'CNY' })
	expect(normalizeQuantity(1.2, '万亿元')).toEqual({ value: 1_200_000_000_000, unit: 'CNY' })
	expect(normalizeQuantity(1.7, '亿元')).toEqual({ value: 170_000_000, unit: 'CNY' })
	expect(normalizeQuantity(1500, '万美元')).toEqual({ value: 15_000_000, unit: 'USD' })
	expect(normalizeQuantity(3, '亿美元')).toEqual({ value: 300_000_000, unit: 'USD' })
	expect(normalizeQuantity(10000, '吨')).toEqual({ value: 10000, unit: 't' })
	expect(normalizeQuantity(5, '万吨')).toEqual({ value: 50000, unit: 't' })
	expect(normalizeQuantity(500, '千克')).toEqual({ value: 0.5, unit: 't' })
	expect(normalizeQuantity(200, '兆瓦')).toEqual({ value: 200_000, unit: 'kW' })
	expect(normalizeQuantity(10, '万千瓦')).toEqual({ value: 100_000, unit: 'kW' })
	expect(normalizeQuantity(3, '万平方米')).toEqual({ value: 30_000, unit: 'm2' })
	expect(normalizeQuantity(15, '%')).toEqual({ value: 15, unit: '%' })
	expect(normalizeQuantity(2, '个百分点')).toEqual({ value: 2, unit: 'pp' })
	expect(normalizeQuantity(10, '个')).toEqual({ value: 10, unit: '个' })
	expect(normalizeQuantity(3, '万人')).toEqual({ value: 30_000, unit: '人' })
})

test('count and money units are told apart', () => {
	expect(['个', '家', '项', '场', '次', '万户'].every(isCountUnit)).toBe(true)
	expect(['亿元', '吨', '%', '个百分点'].some(isCountUnit)).toBe(false)
	expect(['元', '万元', '亿元', '万亿元'].every(isMoneyUnit)).toBe(true)
	expect(isMoneyUnit('亿美元')).toBe(false)
})
