import { expect, test } from 'vitest'
import { formatCNY, formatDate, formatDateTime } from './format'

test('money is shown in 亿元 from one hundred million CNY up, else 万元', () => {
	expect(formatCNY(500_000_000, 'zh-CN')).toBe('5 亿元')
	expect(formatCNY(1_250_000_000, 'zh-CN')).toBe('12.5 亿元')
	expect(formatCNY(5_000_000, 'zh-CN')).toBe('500 万元')
})

test('money in English is shown in millions of CNY', () => {
	expect(formatCNY(500_000_000, 'en')).toBe('CNY 500 M')
})

test('dates are calendar days and bad input gives an empty string', () => {
	expect(formatDate(new Date('2025-03-09T00:00:00Z'))).toBe('2025-03-09')
	expect(formatDate('not a date')).toBe('')
	expect(formatDate(null)).toBe('')
})

test('date-times are China time as YYYY-MM-DD HH:mm whatever the time zone of the machine', () => {
	expect(formatDateTime(new Date('2026-12-01T16:05:59Z'))).toBe('2026-12-02 00:05')
	expect(formatDateTime('2026-06-30T23:59:00.000Z')).toBe('2026-07-01 07:59')
	expect(formatDateTime(null)).toBe('')
	expect(formatDateTime('not a date')).toBe('')
})
