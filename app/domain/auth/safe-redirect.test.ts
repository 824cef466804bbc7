import { describe, expect, test } from 'vitest'
import { safeRedirect } from './safe-redirect'

describe('safeRedirect keeps paths on this site', () => {
	test.each([
		['/', '/'],
		['/leads', '/leads'],
		['/leads?owner=me&overdue=1', '/leads?owner=me&overdue=1'],
		['/companies?q=%E7%A8%80%E5%9C%9F', '/companies?q=%E7%A8%80%E5%9C%9F'],
		// A query value may hold an encoded slash (a search for "A/B"); only the path may not.
		['/companies?q=A%2FB', '/companies?q=A%2FB'],
		['/chains/rare-earth-ganxian#map', '/chains/rare-earth-ganxian#map'],
		// Returned as the browser would resolve it.
		['/companies?q=稀土', '/companies?q=%E7%A8%80%E5%9C%9F'],
		['/a/../leads', '/leads'],
	])('%s → %s', (to, expected) => {
		expect(safeRedirect(to)).toBe(expected)
	})
})

describe('safeRedirect sends anything else home', () => {
	test.each([
		// what the login page receives for ?redirectTo=/%09/evil.com (URLSearchParams decodes it)
		['tab', '/\t/evil.com'],
		['newline', '/\n/evil.com'],
		['carriage return', '/\r/evil.com'],
		['NUL', '/\u0000/evil.com'],
		['DEL', '/\u007F/evil.com'],
		['backslash', '/\\evil.com'],
		['two backslashes', '/\\\\evil.com'],
		['slash backslash mix', '\\/evil.com'],
		['encoded tab in the path', '/%09/evil.com'],
		['encoded newline in the path', '/%0a/evil.com'],
		['encoded slashes in the path', '/%2F%2Fevil.com'],
		['encoded slashes without a leading slash', '%2F%2Fevil.com'],
		['encoded backslash', '/%5Cevil.com'],
		['double-encoded slash', '/%252F%252Fevil.com'],
		['protocol-relative', '//evil.com'],
		['protocol-relative with path', '//evil.com/login'],
		['absolute https', 'https://evil.com'],
		['scheme only', 'https:'],
		['https without slashes', 'https:evil.com'],
		['javascript', 'javascript:alert(1)'],
		['data', 'data:text/html,<script>alert(1)</script>'],
		['relative', 'leads'],
		['leading space', ' /leads'],
		['empty', ''],
	])('%s', (_name, to) => {
		expect(safeRedirect(to)).toBe('/')
	})

	test('null and undefined fall back, and the fallback is the caller’s', () => {
		expect(safeRedirect(null)).toBe('/')
		expect(safeRedirect(undefined, '/leads')).toBe('/leads')
		expect(safeRedirect('//evil.com', '/companies')).toBe('/companies')
	})
})
