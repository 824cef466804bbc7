import { describe, expect, test } from 'vitest'
import { analysisYear, parseYear, readUrlPeriod, readUrlYear } from './url-period'

const search = (query: string) => new URLSearchParams(query)

describe('readUrlYear', () => {
	test('a whole year within the range is read', () => {
		expect(readUrlYear(search('year=2026'), 2020)).toBe(2026)
		expect(readUrlYear(search('year=2000'), 2020)).toBe(2000)
		expect(readUrlYear(search('year=2100'), 2020)).toBe(2100)
		expect(readUrlYear(search('year=1960'), 2020, { min: 1949, max: 2100 })).toBe(1960)
	})

	test('absent, blank, nonsense, fractions and years out of range give the default', () => {
		for (const query of ['', 'year=', 'year=%20', 'year=abc', 'year=2026.5', 'year=1999', 'year=2101', 'year=-2026', 'year=Infinity', 'other=2026']) {
			expect(readUrlYear(search(query), 2020), query).toBe(2020)
		}
		expect(readUrlYear(search('year=1948'), 2020, { min: 1949, max: 2100 })).toBe(2020)
	})
})

test('parseYear and analysisYear: a sane year, else null or the current UTC year', () => {
	expect(parseYear(' 2030 ')).toBe(2030)
	expect(parseYear(null)).toBeNull()
	expect(parseYear('0')).toBeNull()
	expect(analysisYear('2031')).toBe(2031)
	expect(analysisYear(null, new Date('2026-12-31T20:00:00Z'))).toBe(2026)
	expect(analysisYear('soon', new Date('2027-01-01T00:00:00Z'))).toBe(2027)
})

describe('readUrlPeriod', () => {
	test('year, quarter and month as written; absent ones left out, blank kept for the parser to refuse', () => {
		expect(readUrlPeriod(search(''))).toEqual({})
		expect(readUrlPeriod(search('year=2026&month=6'))).toEqual({ year: '2026', month: '6' })
		expect(readUrlPeriod(search('year=2026&quarter=2'))).toEqual({ year: '2026', quarter: '2' })
		expect(readUrlPeriod(search('year=&month=abc'))).toEqual({ year: '', month: 'abc' })
	})

	test('the funnel span names a quarter or month when the URL gives neither; a bad span names none', () => {
		expect(readUrlPeriod(search('year=2026&span=q3'))).toEqual({ year: '2026', quarter: '3' })
		expect(readUrlPeriod(search('span=m12'))).toEqual({ month: '12' })
		expect(readUrlPeriod(search('year=2026&span=q5'))).toEqual({ year: '2026' })
		expect(readUrlPeriod(search('year=2026&span=m13'))).toEqual({ year: '2026' })
		expect(readUrlPeriod(search('year=2026&span='))).toEqual({ year: '2026' })
		expect(readUrlPeriod(search('year=2026&month=5&span=q1'))).toEqual({ year: '2026', month: '5' })
	})
})
