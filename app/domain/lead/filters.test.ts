import { expect, test } from 'vitest'
import { leadFiltersSearch, parseLeadFilters } from './filters'

test('filters parse from the query string and ignore nonsense', () => {
	const filters = parseLeadFilters(new URLSearchParams('view=board&owner=me&stage=visited&priority=urgent&overdue=1&q= 稀土 &page=-3'))
	expect(filters).toEqual({
		view: 'board',
		owner: 'me',
		unit: '',
		stage: 'visited',
		priority: undefined,
		source: undefined,
		overdue: true,
		due: false,
		stalled: false,
		firstContact: false,
		q: '稀土',
		sort: 'next_action',
		page: 1,
		funnel: null,
	})
	expect(parseLeadFilters(new URLSearchParams('')).view).toBe('table')
})

test('links keep the filters and leave out defaults', () => {
	const filters = parseLeadFilters(new URLSearchParams('view=board&owner=me&stalled=1&page=3'))
	expect(leadFiltersSearch(filters, { view: 'table', stage: 'new', page: 1 })).toBe('?owner=me&stage=new&stalled=1')
	expect(leadFiltersSearch(parseLeadFilters(new URLSearchParams()))).toBe('')
	expect(leadFiltersSearch(parseLeadFilters(new URLSearchParams('due=1&owner=me')))).toBe('?owner=me&due=1')
	expect(leadFiltersSearch(parseLeadFilters(new URLSearchParams('firstContact=1&unit=u1')))).toBe('?unit=u1&firstContact=1')
})

test('the table sort is kept in links unless it is the default, and nonsense falls back to it', () => {
	expect(leadFiltersSearch(parseLeadFilters(new URLSearchParams('sort=company_desc&stage=new')))).toBe('?stage=new&sort=company_desc')
	expect(leadFiltersSearch(parseLeadFilters(new URLSearchParams('sort=next_action')))).toBe('')
	expect(parseLeadFilters(new URLSearchParams('sort=name')).sort).toBe('next_action')
})

test('a funnel drill-down is kept in every link of the list, the page last', () => {
	const filters = parseLeadFilters(new URLSearchParams('funnel=rare-earth-ganxian&funnelLink=ndfeb_alloy&funnelPeriod=2026&funnelStage=visited&page=2'))
	expect(filters.funnel).toMatchObject({ funnel: 'rare-earth-ganxian', funnelLink: 'ndfeb_alloy', funnelPeriod: '2026', funnelStage: 'visited' })
	expect(leadFiltersSearch(filters, { view: 'board' })).toBe(
		'?view=board&funnel=rare-earth-ganxian&funnelLink=ndfeb_alloy&funnelPeriod=2026&funnelStage=visited&page=2',
	)
	expect(leadFiltersSearch(filters, { funnel: null, page: 1 })).toBe('')
})
