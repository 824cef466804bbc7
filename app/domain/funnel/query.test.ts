import { expect, test } from 'vitest'
import { periodSlug } from '~/domain/report/period'
import {
	FUNNEL_SPANS,
	funnelFilterParams,
	funnelPeriodFromSearch,
	parseFunnelFilter,
	periodFromSlug,
	periodSlugInput,
	periodSpan,
	responsibleFilter,
} from './query'

const TODAY = '2026-12-07'

test('the page’s period: this year by default, a quarter or a month when asked, refused when nonsense or not begun', () => {
	const period = (query: string) => funnelPeriodFromSearch(new URLSearchParams(query), TODAY)
	expect(period('')).toMatchObject({ ok: true, period: { kind: 'annual', start: '2026-01-01', end: '2026-12-31', asOf: TODAY } })
	expect(period('year=2026&span=q2')).toMatchObject({ ok: true, period: { kind: 'quarterly', start: '2026-04-01', end: '2026-06-30' } })
	expect(period('year=2025&span=m2')).toMatchObject({ ok: true, period: { kind: 'monthly', start: '2025-02-01', end: '2025-02-28' } })
	// A span that is none of them is the whole year.
	expect(period('year=2025&span=q5')).toMatchObject({ ok: true, period: { kind: 'annual', year: 2025 } })
	expect(period('year=20x6')).toMatchObject({ ok: false, error: { key: 'reports.errors.year' } })
	expect(period('year=2027')).toMatchObject({ ok: false, error: { key: 'reports.errors.future' } })
	expect(period('year=2026&span=m12').ok).toBe(true)
	for (const span of FUNNEL_SPANS) {
		const parsed = period(`year=2025&span=${span}`)
		expect(parsed.ok && periodSpan(parsed.period)).toBe(span)
	}
})

test('a drill-down names its period as the file names do, and reads it back', () => {
	for (const fields of [
		{ year: 2026, month: null, quarter: null },
		{ year: 2026, month: null, quarter: 3 },
		{ year: 2025, month: 11, quarter: null },
	]) {
		const slug = periodSlug(fields)
		expect(periodFromSlug(slug, TODAY)).toMatchObject(fields)
	}
	expect(periodSlugInput('2026-13')).toBeNull()
	expect(periodSlugInput('2026-Q0')).toBeNull()
	expect(periodFromSlug('2027', TODAY)).toBeNull()
})

test('a list’s drill-down parses whole or not at all, and writes itself back', () => {
	const params = new URLSearchParams('funnel=rare-earth-ganxian&funnelLink=ndfeb_alloy&funnelPeriod=2026-Q2&funnelStage=visited&funnelUnit=none&stage=new')
	const filter = parseFunnelFilter(params)
	expect(filter).toEqual({
		funnel: 'rare-earth-ganxian',
		funnelLink: 'ndfeb_alloy',
		funnelPeriod: '2026-Q2',
		funnelStage: 'visited',
		funnelOutcome: 'reached',
		funnelUnit: 'none',
		funnelOwner: undefined,
	})
	expect(funnelFilterParams(filter!).toString()).toBe(
		'funnel=rare-earth-ganxian&funnelLink=ndfeb_alloy&funnelPeriod=2026-Q2&funnelStage=visited&funnelUnit=none',
	)
	expect(parseFunnelFilter(new URLSearchParams('stage=new'))).toBeNull()
	expect(parseFunnelFilter(new URLSearchParams('funnel=x&funnelPeriod=2026&funnelStage=won'))).toBeNull()
	expect(parseFunnelFilter(new URLSearchParams('funnel=x&funnelPeriod=2026&funnelStage=signed&funnelOutcome=lost'))?.funnelOutcome).toBe('lost')
	expect([responsibleFilter(undefined), responsibleFilter('none'), responsibleFilter('u1')]).toEqual([undefined, null, 'u1'])
})
