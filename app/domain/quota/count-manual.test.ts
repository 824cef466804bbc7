import { expect, test } from 'vitest'
import { countManual, type ManualEntryFacts } from './count-manual'

function entry(id: string, date: string, value: number, createdAt = `${date}T08:00:00.000Z`): ManualEntryFacts {
	return { id, year: Number(date.slice(0, 4)), value, evidence: `统计报表 ${id}`, date, createdAt, userName: '领导' }
}

test('the actual is the latest figure of the year reported on or before asOf, not a sum', () => {
	const entries = [entry('jun', '2025-06-30', 2.1), entry('mar', '2025-03-31', 1.2), entry('sep', '2025-09-30', 3.2), entry('last-year', '2024-12-31', 9)]
	const july = countManual(entries, { year: 2025, asOf: '2025-07-15' })
	expect(july.actual).toBe(2.1)
	expect(july.items.map((i) => [i.id, i.amount, i.date, i.type])).toEqual([
		['mar', 1.2, '2025-03-31', 'manual'],
		['jun', 2.1, '2025-06-30', 'manual'],
	])
	expect(july.items[0]!.detail).toBe('统计报表 mar（领导）')
	expect(countManual(entries, { year: 2025, asOf: '2025-12-31' }).actual).toBe(3.2)
	expect(countManual(entries, { year: 2026, asOf: '2026-12-31' }).actual).toBe(0)
})

test('a correction entered later for the same date wins', () => {
	const entries = [entry('first', '2025-06-30', 2, '2025-07-01T00:00:00.000Z'), entry('fix', '2025-06-30', 2.4, '2025-07-05T00:00:00.000Z')]
	expect(countManual(entries, { year: 2025, asOf: '2025-12-31' }).actual).toBe(2.4)
})
