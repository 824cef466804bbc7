import { expect, test } from 'vitest'
import { headerMoneyUnit, normalizeCompanyName, parseAmount, parseCount, parseImportDate, parseYesNo, splitList } from './values'

test('amounts with units become exact integer CNY', () => {
	expect(parseAmount('500万')).toEqual({ ok: true, cny: 5_000_000 })
	expect(parseAmount('500万元人民币')).toEqual({ ok: true, cny: 5_000_000 })
	expect(parseAmount('人民币 500 万元')).toEqual({ ok: true, cny: 5_000_000 })
	expect(parseAmount('1.2亿元')).toEqual({ ok: true, cny: 120_000_000 })
	expect(parseAmount('1.2亿')).toEqual({ ok: true, cny: 120_000_000 })
	expect(parseAmount('5,000,000')).toEqual({ ok: true, cny: 5_000_000 })
	expect(parseAmount('5,000,000元')).toEqual({ ok: true, cny: 5_000_000 })
	expect(parseAmount('￥３００万')).toEqual({ ok: true, cny: 3_000_000 })
	// 0.1 + 0.2 style float drift never happens: 1234.56 万元 is exactly 12,345,600.
	expect(parseAmount('1234.56万元')).toEqual({ ok: true, cny: 12_345_600 })
	expect(parseAmount('')).toEqual({ ok: true, cny: null })
})

test('a bare number is in the unit its header names, else 元', () => {
	expect(headerMoneyUnit('注册资本（万元）')).toBe('wan')
	expect(headerMoneyUnit('投资额(亿元)')).toBe('yi')
	expect(headerMoneyUnit('营收（单位：元）')).toBe('yuan')
	expect(headerMoneyUnit('注册资本')).toBeNull()
	expect(parseAmount('500', 'wan')).toEqual({ ok: true, cny: 5_000_000 })
	expect(parseAmount('3亿', 'wan')).toEqual({ ok: true, cny: 300_000_000 })
	expect(parseAmount('500')).toEqual({ ok: true, cny: 500 })
})

test('foreign currencies, negatives and text are refused with a reason', () => {
	expect(parseAmount('500万美元')).toEqual({ ok: false, error: 'foreignCurrency' })
	expect(parseAmount('USD 1,000')).toEqual({ ok: false, error: 'foreignCurrency' })
	expect(parseAmount('-5万')).toEqual({ ok: false, error: 'negative' })
	expect(parseAmount('约五百万')).toEqual({ ok: false, error: 'notANumber' })
	expect(parseAmount('万元')).toEqual({ ok: false, error: 'notANumber' })
	expect(parseAmount('1.2.3万')).toEqual({ ok: false, error: 'notANumber' })
})

test('dates in the spellings spreadsheets use; impossible days refused', () => {
	const day = new Date(Date.UTC(2024, 2, 5))
	for (const text of ['2024-03-05', '2024/3/5', '2024.3.5', '2024年3月5日', '20240305', ' 2024-3-5 ']) expect(parseImportDate(text)).toEqual(day)
	expect(parseImportDate('')).toBeNull()
	expect(parseImportDate('2024-02-30')).toBeUndefined()
	expect(parseImportDate('3/5/2024')).toBeUndefined()
})

test('yes/no, counts and lists', () => {
	expect(['是', '本地', 'Y', 'TRUE', '1'].map(parseYesNo)).toEqual([true, true, true, true, true])
	expect(['否', '外地', 'no', 'FALSE', '0'].map(parseYesNo)).toEqual([false, false, false, false, false])
	expect(parseYesNo('')).toBeNull()
	expect(parseYesNo('也许')).toBeUndefined()
	expect(parseCount('1,200')).toBe(1200)
	expect(parseCount('350人')).toBe(350)
	expect(parseCount('12.5')).toBeUndefined()
	expect(splitList('专精特新、高新技术企业;链主/规上，小巨人')).toEqual(['专精特新', '高新技术企业', '链主', '规上', '小巨人'])
})

test('company names compare without spaces, width or bracket differences; suffixes stay', () => {
	const a = normalizeCompanyName('中国稀土集团（赣州）有限公司')
	expect(normalizeCompanyName('中国稀土集团(赣州)有限公司')).toBe(a)
	expect(normalizeCompanyName(' 中国稀土集团 【赣州】 有限公司 ')).toBe(a)
	expect(normalizeCompanyName('ＡＢＣ新材料有限公司')).toBe(normalizeCompanyName('abc新材料有限公司'))
	expect(normalizeCompanyName('中国稀土集团')).not.toBe(normalizeCompanyName('中国稀土集团有限公司'))
})
