import { expect, test } from 'vitest'
import { DigestTimeError, nextDigestAt, parseDigestTime } from './schedule'

test('NOTIFY_DIGEST_AT: off when unset, HH:MM otherwise', () => {
	expect(parseDigestTime(undefined)).toBeNull()
	expect(parseDigestTime('')).toBeNull()
	expect(parseDigestTime('08:30')).toEqual({ hour: 8, minute: 30 })
	expect(() => parseDigestTime('8:30')).toThrow(DigestTimeError)
	expect(() => parseDigestTime('24:00')).toThrow(DigestTimeError)
})

test('the next digest is the next time it is HH:MM in China (UTC+8)', () => {
	// 2026-12-07 00:00 UTC is 08:00 in China: 08:30 China is 00:30 UTC the same day.
	expect(nextDigestAt(new Date('2026-12-07T00:00:00Z'), { hour: 8, minute: 30 }).toISOString()).toBe('2026-12-07T00:30:00.000Z')
	// Just past it: tomorrow.
	expect(nextDigestAt(new Date('2026-12-07T00:30:00Z'), { hour: 8, minute: 30 }).toISOString()).toBe('2026-12-08T00:30:00.000Z')
	// 20:00 UTC is 04:00 next day in China: 08:30 that China day.
	expect(nextDigestAt(new Date('2026-12-07T20:00:00Z'), { hour: 8, minute: 30 }).toISOString()).toBe('2026-12-08T00:30:00.000Z')
})
