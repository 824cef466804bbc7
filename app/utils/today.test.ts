import { expect, test } from 'vitest'
import { todayInChina } from './today'

test('today is the calendar day in China (UTC+8), not the server’s', () => {
	expect(todayInChina(new Date('2025-01-01T15:59:59Z'))).toBe('2025-01-01')
	expect(todayInChina(new Date('2025-01-01T16:00:00Z'))).toBe('2025-01-02')
	expect(todayInChina(new Date('2024-12-31T23:00:00-08:00'))).toBe('2025-01-01')
})
