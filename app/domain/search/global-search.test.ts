import { expect, test } from 'vitest'
import { isSearchShortcut, parseSearchQuery, SEARCH_MAX_LENGTH, seeAllHref } from './global-search'

test('the query is trimmed and loses control characters, as the companies list takes it', () => {
	expect(parseSearchQuery(new URLSearchParams('q=%20恒源%00稀土%0A%20'))).toEqual({ ok: true, q: '恒源稀土' })
	expect(parseSearchQuery(new URLSearchParams(''))).toEqual({ ok: true, q: '' })
})

test('a query longer than the bound is refused with a message and kept for the box', () => {
	const long = '稀'.repeat(SEARCH_MAX_LENGTH + 1)
	expect(parseSearchQuery(new URLSearchParams({ q: long }))).toEqual({ ok: false, q: long, error: 'search.errors.tooLong' })
	expect(parseSearchQuery(new URLSearchParams({ q: '稀'.repeat(SEARCH_MAX_LENGTH) })).ok).toBe(true)
})

test('"see all" leads to the list filtered by the same words, where a list filters so', () => {
	expect(seeAllHref('companies', '恒源 稀土&')).toBe('/companies?q=%E6%81%92%E6%BA%90+%E7%A8%80%E5%9C%9F%26')
	expect(seeAllHref('leads', 'abc')).toBe('/leads?q=abc')
	expect(seeAllHref('projects', 'abc')).toBe('/projects?q=abc')
	expect(seeAllHref('quotas', 'abc')).toBeNull()
})

test('/ focuses the search box only when typed outside a field and without modifiers', () => {
	const key = { key: '/', ctrlKey: false, metaKey: false, altKey: false }
	expect(isSearchShortcut(key, { tagName: 'BODY' })).toBe(true)
	expect(isSearchShortcut(key, { tagName: 'a' })).toBe(true)
	expect(isSearchShortcut(key, null)).toBe(true)
	for (const tagName of ['INPUT', 'TEXTAREA', 'SELECT']) expect(isSearchShortcut(key, { tagName })).toBe(false)
	expect(isSearchShortcut(key, { tagName: 'DIV', isContentEditable: true })).toBe(false)
	expect(isSearchShortcut({ ...key, ctrlKey: true }, { tagName: 'BODY' })).toBe(false)
	expect(isSearchShortcut({ ...key, key: '?' }, { tagName: 'BODY' })).toBe(false)
})
