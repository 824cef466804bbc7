import { expect, test } from 'vitest'
import { parseProjectListQuery, stageDateRange } from './list-query'

const parse = (query: string) => parseProjectListQuery(new URLSearchParams(query))

test('no parameters: no filters, newest signed first, page 1', () => {
	expect(parse('')).toEqual({
		q: '',
		stage: null,
		type: null,
		unit: null,
		link: null,
		leading: false,
		yearStage: 'signed',
		year: null,
		month: null,
		minInvestmentCNY: null,
		commit: null,
		sort: 'signed_desc',
		page: 1,
		funnel: null,
	})
})

test('filters are read from the URL, the 亿元 threshold as exact integer CNY', () => {
	expect(
		parse('q=稀土&stage=started&type=capital_increase&unit=u1&link=l1&leading=1&yearStage=producing&year=2025&month=6&minYi=1.5&sort=investment_asc&page=3'),
	).toEqual({
		q: '稀土',
		stage: 'started',
		type: 'capital_increase',
		unit: 'u1',
		link: 'l1',
		leading: true,
		yearStage: 'producing',
		year: 2025,
		month: 6,
		minInvestmentCNY: 150_000_000,
		commit: null,
		sort: 'investment_asc',
		page: 3,
		funnel: null,
	})
	expect(parse('funnel=rare-earth-ganxian&funnelPeriod=2026-Q3&funnelStage=signed&funnelOutcome=lost').funnel).toMatchObject({
		funnel: 'rare-earth-ganxian',
		funnelPeriod: '2026-Q3',
		funnelStage: 'signed',
		funnelOutcome: 'lost',
	})
})

test('nonsense falls back to "no filter" instead of failing', () => {
	expect(parse('stage=won&type=&unit=&leading=yes&yearStage=x&year=20x5&minYi=abc&sort=random&page=-2')).toMatchObject({
		stage: null,
		type: null,
		unit: null,
		leading: false,
		yearStage: 'signed',
		year: null,
		minInvestmentCNY: null,
		sort: 'signed_desc',
		page: 1,
	})
	expect(parse('year=1800').year).toBeNull()
	expect(parse('minYi=').minInvestmentCNY).toBeNull()
	expect(parse('minYi=-1').minInvestmentCNY).toBeNull()
	expect(parse(`q=${'长'.repeat(101)}`).q).toBe('')
})

test('a month narrows the year filter to that month; without a year, or out of range, it is ignored', () => {
	expect(parse('year=2026&month=3')).toMatchObject({ year: 2026, month: 3 })
	expect(parse('month=3')).toMatchObject({ year: null, month: null })
	expect(parse('year=2026&month=13')).toMatchObject({ year: 2026, month: null })
	expect(parse('year=2026&month=x')).toMatchObject({ year: 2026, month: null })
	expect(stageDateRange({ year: 2026, month: 12 })).toEqual({ gte: new Date('2026-12-01T00:00:00Z'), lt: new Date('2027-01-01T00:00:00Z') })
	expect(stageDateRange({ year: 2026, month: null })).toEqual({ gte: new Date('2026-01-01T00:00:00Z'), lt: new Date('2027-01-01T00:00:00Z') })
})

test('履约预警: warn or broken, anything else no filter', () => {
	expect(parseProjectListQuery(new URLSearchParams('commit=broken')).commit).toBe('broken')
	expect(parseProjectListQuery(new URLSearchParams('commit=warn')).commit).toBe('warn')
	expect(parseProjectListQuery(new URLSearchParams('commit=later')).commit).toBeNull()
})
