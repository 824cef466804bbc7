import { expect, test } from 'vitest'
import { itemsByDay, monthGrid, monthRange, parseCalendarMonth, shiftMonth, type CalendarItem } from './month'

test('the month from the URL, else the month of today', () => {
	expect(parseCalendarMonth('2026-02', '2026-12-07')).toEqual({ year: 2026, month: 2 })
	expect(parseCalendarMonth('2026-13', '2026-12-07')).toEqual({ year: 2026, month: 12 })
	expect(parseCalendarMonth('junk', '2026-12-07')).toEqual({ year: 2026, month: 12 })
	expect(parseCalendarMonth(null, '2027-01-31')).toEqual({ year: 2027, month: 1 })
})

test('months step over the year end', () => {
	expect(shiftMonth({ year: 2026, month: 12 }, 1)).toEqual({ year: 2027, month: 1 })
	expect(shiftMonth({ year: 2026, month: 1 }, -1)).toEqual({ year: 2025, month: 12 })
	expect(monthRange({ year: 2028, month: 2 })).toEqual({ first: '2028-02-01', last: '2028-02-29' })
})

test('weeks run Monday to Sunday and cover the whole month', () => {
	// December 2026 starts on a Tuesday and ends on a Thursday.
	const weeks = monthGrid({ year: 2026, month: 12 })
	expect(weeks).toHaveLength(5)
	expect(weeks[0]![0]).toEqual({ day: '2026-11-30', inMonth: false })
	expect(weeks[0]![1]).toEqual({ day: '2026-12-01', inMonth: true })
	expect(weeks[4]![6]).toEqual({ day: '2027-01-03', inMonth: false })
	expect(weeks.flat().filter((d) => d.inMonth)).toHaveLength(31)
	// February 2027 starts on a Monday: exactly four weeks.
	expect(monthGrid({ year: 2027, month: 2 })).toHaveLength(4)
})

test('entries by day: deadlines before follow-ups', () => {
	const item = (kind: CalendarItem['kind'], day: string, label: string): CalendarItem => ({ kind, day, id: label, label, overdue: false, isSample: false })
	const byDay = itemsByDay([item('followUp', '2026-12-10', '乙'), item('startBy', '2026-12-10', '丙'), item('followUp', '2026-12-01', '甲')])
	expect([...byDay.keys()]).toEqual(['2026-12-01', '2026-12-10'])
	expect(byDay.get('2026-12-10')!.map((i) => i.kind)).toEqual(['startBy', 'followUp'])
})
