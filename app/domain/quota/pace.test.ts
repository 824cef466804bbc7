import { describe, expect, test } from 'vitest'
import { cumulativeSeries, defaultAsOf, forecastOf, opMet, paceOn, type QuotaTargetFacts, quotaStatus, valueInYear, yearTarget } from './pace'

const annual: QuotaTargetFacts = {
	op: '>=',
	value: 10,
	valueMax: null,
	normalizedValue: 10,
	period: 'annual',
	startYear: 2024,
	endYear: 2026,
	createdYear: 2024,
}
const byYear: QuotaTargetFacts = {
	op: '>',
	value: 200,
	valueMax: null,
	normalizedValue: 20_000_000_000,
	period: 'by_year',
	startYear: 2024,
	endYear: 2026,
	createdYear: 2024,
}

test('the default asOf is today in the current year, Dec 31 for past years and Jan 1 for future years', () => {
	expect(defaultAsOf(2025, '2025-08-14')).toBe('2025-08-14')
	expect(defaultAsOf(2024, '2025-08-14')).toBe('2024-12-31')
	expect(defaultAsOf(2026, '2025-08-14')).toBe('2026-01-01')
})

test('annual targets apply every year of the window; by_year targets apply the end-year value in each year; others are not due', () => {
	expect(yearTarget(annual, 2025)).toEqual({ target: 10, targetMax: null })
	expect(yearTarget(annual, 2027)).toBeNull()
	expect(yearTarget(annual, 2023)).toBeNull()
	expect(yearTarget({ ...annual, startYear: null, endYear: null }, 2031)).toEqual({ target: 10, targetMax: null })
	expect(yearTarget(byYear, 2024)).toEqual({ target: 20_000_000_000, targetMax: null })
	expect(yearTarget({ ...byYear, startYear: null, createdYear: 2025 }, 2024)).toBeNull()
	expect(yearTarget({ ...annual, op: 'range', value: 5, valueMax: 10, normalizedValue: 5 }, 2025)).toEqual({ target: 5, targetMax: 10 })
	expect(yearTarget({ ...annual, op: 'range', value: 1, valueMax: 2, normalizedValue: 100_000_000 }, 2025)).toEqual({
		target: 100_000_000,
		targetMax: 200_000_000,
	})
})

test('pace: the elapsed share of the year, or of the whole by_year window', () => {
	expect(paceOn(annual, 10, 2025, '2025-12-31')).toBe(10)
	expect(paceOn(annual, 365, 2025, '2025-01-01')).toBe(1)
	expect(paceOn(annual, 365, 2025, '2025-07-02')).toBeCloseTo(183)
	expect(paceOn(annual, 10, 2025, '2030-01-01')).toBe(10)
	// 2024-01-01 … 2026-12-31 is 1096 days; 2024 (leap) ends after 366 of them.
	expect(paceOn(byYear, 1096, 2024, '2024-12-31')).toBeCloseTo(366)
	expect(paceOn(byYear, 1096, 2026, '2026-12-31')).toBe(1096)
	expect(paceOn({ ...byYear, startYear: null, createdYear: 2026 }, 365, 2026, '2026-01-01')).toBe(1)
	expect(paceOn({ ...annual, op: '<=' }, 10, 2025, '2025-03-01')).toBe(10)
})

test('each comparison is met as the clause says', () => {
	expect([opMet('>=', 10, 10), opMet('>', 10, 10), opMet('>', 11, 10), opMet('=', 12, 10), opMet('range', 5, 5)]).toEqual([true, false, true, true, true])
	expect([opMet('approx', 95, 100), opMet('approx', 94.9, 100), opMet('<=', 10, 10), opMet('<=', 10.1, 10)]).toEqual([true, false, true, false])
})

test('status: achieved, on track, behind or not due', () => {
	const at = (op: string, actual: number, pace: number, yearOver = false, due = true) => quotaStatus(op, { actual, target: 10, pace, due, yearOver })
	expect(at('>=', 10, 5)).toBe('achieved')
	expect(at('>=', 6, 5)).toBe('on_track')
	expect(at('>=', 4, 5)).toBe('behind')
	expect(at('>=', 4, 5, false, false)).toBe('not_due')
	expect(at('<=', 8, 10)).toBe('on_track')
	expect(at('<=', 8, 10, true)).toBe('achieved')
	expect(at('<=', 11, 10, true)).toBe('behind')
})

test('forecast adds the weighted pipeline to the actual', () => {
	expect(
		forecastOf(3, [
			{ amount: 1, weight: 0.3 },
			{ amount: 2, weight: 0.6 },
		]),
	).toBeCloseTo(4.5)
	expect(forecastOf(3, [])).toBe(3)
})

test('the cumulative series adds up dated items per day; levels are not added; stock figures give one point at asOf', () => {
	const items = [
		{ date: '2025-05-01', amount: 2 },
		{ date: '2025-03-01', amount: 1 },
		{ date: '2025-05-01', amount: 1 },
	]
	expect(cumulativeSeries(items, { asOf: '2025-12-31', level: false })).toEqual([
		{ date: '2025-03-01', actual: 1 },
		{ date: '2025-05-01', actual: 4 },
	])
	expect(
		cumulativeSeries(
			[
				{ date: '2025-03-31', amount: 1.2 },
				{ date: '2025-06-30', amount: 2.1 },
			],
			{ asOf: '2025-12-31', level: true },
		),
	).toEqual([
		{ date: '2025-03-31', actual: 1.2 },
		{ date: '2025-06-30', actual: 2.1 },
	])
	expect(
		cumulativeSeries(
			[
				{ date: null, amount: 3 },
				{ date: null, amount: 4 },
			],
			{ asOf: '2025-08-01', level: false },
		),
	).toEqual([{ date: '2025-08-01', actual: 7 }])
	expect(cumulativeSeries([], { asOf: '2025-08-01', level: false })).toEqual([])
})

describe('a staged target (ADR 0042)', () => {
	const staged = {
		op: '=',
		value: 50,
		valueMax: null,
		normalizedValue: null,
		period: 'by_year',
		startYear: null,
		endYear: 2027,
		createdYear: 2025,
		yearValues: [
			{ year: 2025, value: 40, valueMax: null, normalizedValue: 40 },
			{ year: 2026, value: 45, valueMax: null, normalizedValue: 45 },
			{ year: 2027, value: 50, valueMax: null, normalizedValue: 50 },
		],
	}
	test('each year is due against its own value, none before the first stage or after the last', () => {
		expect([2024, 2025, 2026, 2027, 2028].map((year) => yearTarget(staged, year)?.target ?? null)).toEqual([null, 40, 45, 50, null])
		expect(valueInYear(staged, 2026)).toEqual({ value: 45, valueMax: null })
		expect(valueInYear({ ...staged, yearValues: [] }, 2026)).toEqual({ value: 50, valueMax: null })
	})
	test('a year between two stages works toward the next; the pace runs from the stage before', () => {
		const gap = { ...staged, yearValues: [staged.yearValues[0]!, staged.yearValues[2]!] }
		expect(yearTarget(gap, 2026)?.target).toBe(50)
		// 2026-2027 toward 50: at the end of 2026, half of it.
		expect(paceOn(gap, 50, 2026, '2026-12-31')).toBeCloseTo(25, 0)
		expect(paceOn(staged, 45, 2026, '2026-12-31')).toBe(45)
	})
})
