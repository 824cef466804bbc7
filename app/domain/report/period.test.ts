import { describe, expect, test } from 'vitest'
import { currentPeriodInput, inPeriod, parseReportPeriod, parseReportQuery, periodSlug, type ReportKind, type ReportPeriodInput } from './period'

const TODAY = '2026-11-25'

function period(kind: ReportKind, input: ReportPeriodInput, today = TODAY) {
	const result = parseReportPeriod(kind, input, today)
	if (!result.ok) throw new Error(`refused: ${result.error.key}`)
	return result.period
}

function refusal(kind: ReportKind, input: ReportPeriodInput, today = TODAY) {
	const result = parseReportPeriod(kind, input, today)
	return result.ok ? null : result.error.key
}

describe('period bounds', () => {
	test('a month runs from its first to its last day, leap years included', () => {
		expect(period('monthly', { year: '2025', month: '6' })).toEqual({
			kind: 'monthly',
			year: 2025,
			month: 6,
			quarter: null,
			start: '2025-06-01',
			end: '2025-06-30',
			asOf: '2025-06-30',
		})
		expect(period('monthly', { year: '2024', month: '02' })).toMatchObject({ start: '2024-02-01', end: '2024-02-29' })
		expect(period('monthly', { year: '2025', month: '2' })).toMatchObject({ end: '2025-02-28' })
		expect(period('monthly', { year: '2025', month: '12' })).toMatchObject({ end: '2025-12-31' })
	})

	test('a quarter spans its three months and a year all twelve', () => {
		expect(period('quarterly', { year: '2025', quarter: '2' })).toMatchObject({ month: null, quarter: 2, start: '2025-04-01', end: '2025-06-30' })
		expect(period('quarterly', { year: '2025', quarter: '4' })).toMatchObject({ start: '2025-10-01', end: '2025-12-31' })
		expect(period('annual', { year: '2025' })).toMatchObject({ month: null, quarter: null, start: '2025-01-01', end: '2025-12-31', asOf: '2025-12-31' })
	})

	test('figures of a running period are taken today, of a finished one at its last day', () => {
		expect(period('monthly', { year: '2026', month: '11' }).asOf).toBe('2026-11-25')
		expect(period('monthly', { year: '2026', month: '10' }).asOf).toBe('2026-10-31')
		expect(period('quarterly', { year: '2026', quarter: '4' }).asOf).toBe('2026-11-25')
		expect(period('annual', { year: '2026' }).asOf).toBe('2026-11-25')
		// The last day itself: the period is complete.
		expect(period('monthly', { year: '2026', month: '11' }, '2026-11-30').asOf).toBe('2026-11-30')
	})

	test('inPeriod includes both ends', () => {
		const june = period('monthly', { year: '2025', month: '6' })
		expect(['2025-05-31', '2025-06-01', '2025-06-18', '2025-06-30', '2025-07-01', null].map((d) => inPeriod(d, june))).toEqual([
			false,
			true,
			true,
			true,
			false,
			false,
		])
	})
})

describe('refused periods', () => {
	test('years, months and quarters out of range or not numbers', () => {
		expect(refusal('annual', { year: 'abc' })).toBe('reports.errors.year')
		expect(refusal('annual', {})).toBe('reports.errors.year')
		expect(refusal('annual', { year: '1999' })).toBe('reports.errors.year')
		expect(refusal('annual', { year: '20255' })).toBe('reports.errors.year')
		expect(refusal('monthly', { year: '2025', month: '13' })).toBe('reports.errors.month')
		expect(refusal('monthly', { year: '2025', month: '0' })).toBe('reports.errors.month')
		expect(refusal('monthly', { year: '2025', month: '6.5' })).toBe('reports.errors.month')
		expect(refusal('quarterly', { year: '2025', quarter: '5' })).toBe('reports.errors.quarter')
	})

	test('each kind takes exactly its own period field', () => {
		expect(refusal('monthly', { year: '2025' })).toBe('reports.errors.monthRequired')
		expect(refusal('quarterly', { year: '2025' })).toBe('reports.errors.quarterRequired')
		expect(refusal('quarterly', { year: '2025', quarter: '2', month: '6' })).toBe('reports.errors.monthNotAllowed')
		expect(refusal('annual', { year: '2025', month: '6' })).toBe('reports.errors.monthNotAllowed')
		expect(refusal('monthly', { year: '2025', month: '6', quarter: '2' })).toBe('reports.errors.quarterNotAllowed')
	})

	test('a period that has not begun has nothing to report', () => {
		expect(parseReportPeriod('monthly', { year: '2026', month: '12' }, TODAY)).toEqual({
			ok: false,
			error: { key: 'reports.errors.future', values: { today: TODAY } },
		})
		expect(refusal('annual', { year: '2027' })).toBe('reports.errors.future')
		expect(refusal('quarterly', { year: '2026', quarter: '4' })).toBeNull()
	})
})

test('the default period is the one running today', () => {
	expect(currentPeriodInput('monthly', TODAY)).toEqual({ year: '2026', month: '11' })
	expect(currentPeriodInput('quarterly', TODAY)).toEqual({ year: '2026', quarter: '4' })
	expect(currentPeriodInput('quarterly', '2026-03-31')).toEqual({ year: '2026', quarter: '1' })
	expect(currentPeriodInput('annual', TODAY)).toEqual({ year: '2026' })
})

test('period slugs for file names', () => {
	expect(periodSlug(period('monthly', { year: '2025', month: '6' }))).toBe('2025-06')
	expect(periodSlug(period('quarterly', { year: '2025', quarter: '2' }))).toBe('2025-Q2')
	expect(periodSlug(period('annual', { year: '2025' }))).toBe('2025')
})

test('a report URL names its kind and period, or none for the running period', () => {
	const query = (kind: string | undefined, search: string) => parseReportQuery(kind, new URLSearchParams(search), TODAY)
	expect(query('monthly', 'year=2025&month=6')).toMatchObject({ ok: true, period: { kind: 'monthly', start: '2025-06-01' } })
	expect(query('monthly', '')).toMatchObject({ ok: true, period: { year: 2026, month: 11, asOf: TODAY } })
	expect(query('quarterly', 'format=xlsx')).toMatchObject({ ok: true, period: { quarter: 4 } })
	expect(query('weekly', 'year=2025')).toEqual({ ok: false, error: null })
	expect(query(undefined, '')).toEqual({ ok: false, error: null })
	expect(query('monthly', 'year=abc&month=6')).toEqual({ ok: false, error: { key: 'reports.errors.year' } })
	expect(query('monthly', 'year=2025&month=13')).toEqual({ ok: false, error: { key: 'reports.errors.month' } })
	// Naming some fields means the others are not filled in silently.
	expect(query('monthly', 'year=2025')).toEqual({ ok: false, error: { key: 'reports.errors.monthRequired' } })
	expect(query('annual', 'year=')).toEqual({ ok: false, error: { key: 'reports.errors.year' } })
})
