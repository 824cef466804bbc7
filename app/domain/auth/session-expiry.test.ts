import { describe, expect, it } from 'vitest'
import { needsRefresh, slidingExpiry } from './session-expiry'

const HOUR = 3_600_000
const policy = { idleMs: 8 * HOUR, maxMs: 7 * 24 * HOUR }
const signIn = new Date('2026-12-01T00:30:00Z')

describe('slidingExpiry', () => {
	it('moves with each use, idle minutes ahead', () => {
		expect(slidingExpiry(signIn, signIn, policy)).toEqual(new Date('2026-12-01T08:30:00Z'))
		expect(slidingExpiry(signIn, new Date('2026-12-02T01:00:00Z'), policy)).toEqual(new Date('2026-12-02T09:00:00Z'))
	})

	it('never passes the absolute limit after sign-in', () => {
		expect(slidingExpiry(signIn, new Date('2026-12-07T20:00:00Z'), policy)).toEqual(new Date('2026-12-08T00:30:00Z'))
	})
})

describe('needsRefresh', () => {
	it('writes at most once a minute', () => {
		const seen = new Date('2026-12-01T01:00:00Z')
		expect(needsRefresh(seen, new Date('2026-12-01T01:00:59.999Z'))).toBe(false)
		expect(needsRefresh(seen, new Date('2026-12-01T01:01:00Z'))).toBe(true)
	})
})
