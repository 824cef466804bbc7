import { expect, test } from 'vitest'
import { companyListPageHref, companyListSearch, DEFAULT_COMPANY_LIST_QUERY, parseCompanyListQuery, regionTree, withKnownFilters } from './list-query'

const parse = (search: string) => parseCompanyListQuery(new URLSearchParams(search))

test('no query means no filters, sorted by name ascending, page 1', () => {
	expect(parse('')).toEqual({ q: '', link: '', local: '', region: '', tag: [], revenue: '', sort: 'name', dir: 'asc', page: 1 })
	expect(DEFAULT_COMPANY_LIST_QUERY).toEqual(parse(''))
})

test('junk values fall back to their defaults instead of failing', () => {
	const query = parse('local=maybe&revenue=lots&sort=shoe&dir=sideways&page=-4&tag=fake&link=' + 'x'.repeat(80))
	expect(query).toEqual(DEFAULT_COMPANY_LIST_QUERY)
	expect(parse('page=2.5').page).toBe(1)
	expect(parse('page=999999999').page).toBe(1)
	expect(parse('page=7').page).toBe(7)
	expect(parse(`q=${'稀'.repeat(150)}`).q).toHaveLength(100)
})

test('filters are read, tags kept in their canonical order without repeats or unknowns', () => {
	const query = parse('q=+磁材+&local=0&region=jx-gz&link=abc&tag=lianzhu&tag=gaoxin&tag=nope&tag=gaoxin&revenue=100m_1b&sort=revenue&dir=desc')
	expect(query).toEqual({
		q: '磁材',
		link: 'abc',
		local: '0',
		region: 'jx-gz',
		tag: ['gaoxin', 'lianzhu'],
		revenue: '100m_1b',
		sort: 'revenue',
		dir: 'desc',
		page: 1,
	})
})

test('the list search is canonical: no defaults, no page, equal filters give equal strings', () => {
	expect(companyListSearch(parse('page=3'))).toBe('')
	expect(companyListSearch(parse('sort=name&dir=asc'))).toBe('')
	const a = companyListSearch(parse('tag=lianzhu&local=1&tag=gaoxin&sort=revenue&page=2'))
	const b = companyListSearch(parse('sort=revenue&local=1&tag=gaoxin&tag=lianzhu'))
	expect(a).toBe(b)
	expect(a).toBe('local=1&tag=gaoxin&tag=lianzhu&sort=revenue')
	expect(parse(a)).toEqual(parse('local=1&tag=gaoxin&tag=lianzhu&sort=revenue'))
})

test('page links keep the filters', () => {
	expect(companyListPageHref('local=1&sort=revenue', 3)).toBe('?local=1&sort=revenue&page=3')
	expect(companyListPageHref('local=1', 1)).toBe('?local=1')
	expect(companyListPageHref('', 1)).toBe('?')
})

test('regions come parents first with their depth; orphans count as roots', () => {
	const regions = [
		{ id: 'c', code: 'jx-gz', parentId: 'p' },
		{ id: 'bj', code: 'bj', parentId: null },
		{ id: 'k', code: 'jx-gz-gx', parentId: 'c' },
		{ id: 'p', code: 'jx', parentId: null },
		{ id: 'o', code: 'lost', parentId: 'gone' },
	]
	expect(regionTree(regions).map((r) => `${r.depth}:${r.code}`)).toEqual(['0:bj', '0:jx', '1:jx-gz', '2:jx-gz-gx', '0:lost'])
})

test('a link or region naming nothing known is dropped from the query', () => {
	const query = parse('link=gone&region=atlantis&local=1')
	const known = { linkIds: new Set(['l1']), regionCodes: new Set(['jx']) }
	expect(withKnownFilters(query, known)).toEqual({ ...query, link: '', region: '' })
	const kept = parse('link=l1&region=jx')
	expect(withKnownFilters(kept, known)).toEqual(kept)
})
