import { describe, expect, test } from 'vitest'
import { isCrossSiteWrite } from './cross-site'

const headers = (origin: string | null, host: string | null, forwardedHost: string | null = null) => ({ origin, host, forwardedHost })

describe('isCrossSiteWrite', () => {
	test('reads never are; writes are when the Origin is not the host', () => {
		expect(isCrossSiteWrite('GET', headers('https://evil.example', 'app.example'))).toBe(false)
		expect(isCrossSiteWrite('POST', headers('https://app.example', 'app.example'))).toBe(false)
		expect(isCrossSiteWrite('POST', headers('https://evil.example', 'app.example'))).toBe(true)
		expect(isCrossSiteWrite('DELETE', headers('http://127.0.0.1:4000', '127.0.0.1:3000'))).toBe(true)
	})

	test('no Origin is a non-browser client; "null", a non-URL or a missing host are refused', () => {
		expect(isCrossSiteWrite('POST', headers(null, 'app.example'))).toBe(false)
		expect(isCrossSiteWrite('POST', headers('null', 'app.example'))).toBe(true)
		expect(isCrossSiteWrite('POST', headers('not a url', 'app.example'))).toBe(true)
		expect(isCrossSiteWrite('POST', headers('https://app.example', null))).toBe(true)
	})

	test('behind a proxy the first forwarded host counts, before Host', () => {
		expect(isCrossSiteWrite('POST', headers('https://app.example', '10.0.0.5:3000', 'app.example, proxy.internal'))).toBe(false)
		expect(isCrossSiteWrite('POST', headers('https://app.example', 'app.example', 'other.example'))).toBe(true)
	})
})
