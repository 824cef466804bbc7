import { describe, expect, test } from 'vitest'
import { CN_CALENDAR as cal } from './cn-calendar'
import { addWorkingDays, buildCalendar, deadlineCutoff, isWorkingDay, knowsYear, missingYears, parseDay, workingDaysBetween } from './working-days'

const d = parseDay

describe('isWorkingDay over China’s notices', () => {
	test('春节 2026: the nine days off are not working days, the 调休 Saturdays before and after are', () => {
		for (let day = 15; day <= 23; day++) expect(isWorkingDay(cal, d(`2026-02-${day}`))).toBe(false)
		expect(isWorkingDay(cal, d('2026-02-14'))).toBe(true) // Saturday, 调休上班
		expect(isWorkingDay(cal, d('2026-02-28'))).toBe(true) // Saturday, 调休上班
		expect(isWorkingDay(cal, d('2026-02-24'))).toBe(true) // Tuesday after the break
		expect(isWorkingDay(cal, d('2026-02-21'))).toBe(false) // a plain Saturday inside the break
	})
	test('国庆 2026: 1–7 October off, Sunday 20 September and Saturday 10 October worked', () => {
		for (let day = 1; day <= 7; day++) expect(isWorkingDay(cal, d(`2026-10-0${day}`))).toBe(false)
		expect(isWorkingDay(cal, d('2026-10-08'))).toBe(true)
		expect(isWorkingDay(cal, d('2026-09-20'))).toBe(true)
		expect(isWorkingDay(cal, d('2026-10-10'))).toBe(true)
		expect(isWorkingDay(cal, d('2026-10-11'))).toBe(false) // the Sunday after stays off
	})
	test('2025: 元旦 alone, 国庆中秋 eight days, 调休 Sunday 26 January', () => {
		expect(isWorkingDay(cal, d('2025-01-01'))).toBe(false)
		expect(isWorkingDay(cal, d('2025-01-02'))).toBe(true)
		expect(isWorkingDay(cal, d('2025-10-08'))).toBe(false)
		expect(isWorkingDay(cal, d('2025-01-26'))).toBe(true)
		expect(isWorkingDay(cal, d('2025-10-11'))).toBe(true)
	})
	test('plain weekends and weekdays', () => {
		expect(isWorkingDay(cal, d('2026-12-05'))).toBe(false) // Saturday
		expect(isWorkingDay(cal, d('2026-12-07'))).toBe(true) // Monday
	})
})

describe('addWorkingDays', () => {
	test('one working day after the Friday before 春节 2026 is the 调休 Saturday; after it, the Tuesday after the break', () => {
		expect(addWorkingDays(cal, d('2026-02-13'), 1)).toEqual(d('2026-02-14'))
		expect(addWorkingDays(cal, d('2026-02-14'), 1)).toEqual(d('2026-02-24'))
	})
	test('a week (five working days) from 30 September 2026 runs past 国庆 and counts Saturday 10 October', () => {
		// 8, 9, 10 (Sat, 调休), 12, 13 October
		expect(addWorkingDays(cal, d('2026-09-30'), 5)).toEqual(d('2026-10-13'))
	})
	test('zero days is the day itself, even a holiday', () => {
		expect(addWorkingDays(cal, d('2026-10-01'), 0)).toEqual(d('2026-10-01'))
	})
	test('across the year boundary into 元旦 2026 (1–3 January off, Sunday 4 January worked)', () => {
		expect(addWorkingDays(cal, d('2025-12-31'), 1)).toEqual(d('2026-01-04'))
		expect(addWorkingDays(cal, d('2025-12-31'), 2)).toEqual(d('2026-01-05'))
	})
})

describe('workingDaysBetween', () => {
	test('counts the days after the first up to the last', () => {
		expect(workingDaysBetween(cal, d('2026-12-07'), d('2026-12-11'))).toBe(4)
		expect(workingDaysBetween(cal, d('2026-12-11'), d('2026-12-07'))).toBe(0)
	})
	test('春节 week 2026: from Friday 13 to Tuesday 24 February only the 调休 Saturday and the Tuesday count', () => {
		expect(workingDaysBetween(cal, d('2026-02-13'), d('2026-02-24'))).toBe(2)
	})
	test('agrees with addWorkingDays', () => {
		for (const start of ['2025-12-30', '2026-02-12', '2026-09-28']) {
			for (let n = 0; n < 15; n++) expect(workingDaysBetween(cal, d(start), addWorkingDays(cal, d(start), n))).toBe(n)
		}
	})
})

describe('deadlineCutoff: d < cutoff exactly when addWorkingDays(d, n) < today', () => {
	test('against the definition, every day of two months around 国庆 2026 and the new year', () => {
		for (const todayKey of ['2026-10-09', '2026-10-12', '2026-02-25', '2027-01-05', '2026-01-05']) {
			const today = d(todayKey)
			for (const n of [0, 1, 5, 10, 22]) {
				const cutoff = deadlineCutoff(cal, today, n)
				for (let back = 0; back < 60; back++) {
					const day = new Date(today.getTime() - back * 86_400_000)
					expect(day < cutoff, `${todayKey} n=${n} day=${day.toISOString()}`).toBe(addWorkingDays(cal, day, n) < today)
				}
			}
		}
	})
})

describe('a year without a notice', () => {
	test('falls back to Monday–Friday and says so', () => {
		expect(knowsYear(cal, d('2026-06-01'))).toBe(true)
		expect(knowsYear(cal, d('2030-10-01'))).toBe(false)
		expect(isWorkingDay(cal, d('2030-10-01'))).toBe(true) // a Tuesday: National Day not known for 2030
		expect(isWorkingDay(cal, d('2030-10-05'))).toBe(false) // Saturday
		expect(missingYears(cal, d('2026-12-01'), d('2027-01-10'))).toEqual([2027])
		expect(missingYears(cal, d('2026-01-01'), d('2026-12-31'))).toEqual([])
	})
	test('an empty calendar is plain Monday–Friday', () => {
		const empty = buildCalendar([])
		expect(addWorkingDays(empty, d('2026-10-01'), 1)).toEqual(d('2026-10-02'))
		expect(addWorkingDays(empty, d('2026-10-02'), 1)).toEqual(d('2026-10-05'))
	})
})
