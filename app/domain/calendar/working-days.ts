import { z } from 'zod'

/**
 * China's working-day calendar (ADR 0037): Monday to Friday, less the holidays of the State
 * Council General Office's yearly notice (国务院办公厅关于YYYY年部分节假日安排的通知), plus the
 * weekend days it makes working days (调休上班). One checked-in file per year in cn-holidays/;
 * a year without a file falls back to Monday–Friday, and the answers say so (`estimated`).
 *
 * Days are UTC midnights, as the app stores dates (see startOfDay in ~/domain/lead/status).
 */

const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/)

/** One year's notice as stored in cn-holidays/YYYY.json. */
export const holidayYearSchema = z.object({
	year: z.number().int().min(2000).max(2100),
	source: z.object({
		title: z.string().min(1),
		number: z.string().min(1),
		issued: isoDay,
		url: z.string().url(),
		textSeenAt: z.string().url().optional(),
		note: z.string().optional(),
	}),
	holidays: z.array(z.object({ name: z.string().min(1), nameEn: z.string().min(1), from: isoDay, to: isoDay, text: z.string().min(1) })).min(1),
	workingWeekendDays: z.array(isoDay),
})
export type HolidayYear = z.infer<typeof holidayYearSchema>

const DAY_MS = 24 * 60 * 60 * 1000

export const dayKey = (day: Date) => day.toISOString().slice(0, 10)
export const parseDay = (key: string) => new Date(`${key}T00:00:00.000Z`)
const addDays = (day: Date, n: number) => new Date(day.getTime() + n * DAY_MS)
const isWeekend = (day: Date) => day.getUTCDay() === 0 || day.getUTCDay() === 6

/** Every day from `from` to `to`, both included, as YYYY-MM-DD. */
export function daysOfRange(from: string, to: string) {
	const out: string[] = []
	for (let d = parseDay(from); d <= parseDay(to); d = addDays(d, 1)) out.push(dayKey(d))
	return out
}

/**
 * What is wrong with one year's file, as sentences for the "add a year" test: dates outside the year,
 * ranges back to front, a day listed twice, an adjusted working day that is not a weekend day, a
 * working day that is also a holiday.
 */
export function holidayYearProblems(data: HolidayYear): string[] {
	const problems: string[] = []
	const inYear = (key: string) => key.startsWith(`${data.year}-`) && dayKey(parseDay(key)) === key
	const off = new Set<string>()
	for (const h of data.holidays) {
		for (const key of [h.from, h.to]) if (!inYear(key)) problems.push(`${h.name}: ${key} is not a day of ${data.year}`)
		if (h.to < h.from) problems.push(`${h.name}: ends before it starts`)
		for (const key of daysOfRange(h.from, h.to)) {
			if (off.has(key)) problems.push(`${key} is a holiday twice`)
			off.add(key)
		}
	}
	const on = new Set<string>()
	for (const key of data.workingWeekendDays) {
		if (!inYear(key)) problems.push(`${key} is not a day of ${data.year}`)
		else if (!isWeekend(parseDay(key))) problems.push(`${key} is an adjusted working day but not a weekend day`)
		if (on.has(key)) problems.push(`${key} is an adjusted working day twice`)
		if (off.has(key)) problems.push(`${key} is both a holiday and a working day`)
		on.add(key)
	}
	return problems
}

export type WorkingCalendar = {
	/** Years whose notice is known. */
	readonly years: ReadonlySet<number>
	readonly off: ReadonlySet<string>
	readonly on: ReadonlySet<string>
}

export function buildCalendar(years: readonly HolidayYear[]): WorkingCalendar {
	const off = new Set<string>()
	const on = new Set<string>()
	for (const y of years) {
		for (const h of y.holidays) for (const key of daysOfRange(h.from, h.to)) off.add(key)
		for (const key of y.workingWeekendDays) on.add(key)
	}
	return { years: new Set(years.map((y) => y.year)), off, on }
}

/** Is the calendar's notice for this day's year known? Without it the day is judged Monday–Friday. */
export function knowsYear(calendar: WorkingCalendar, day: Date) {
	return calendar.years.has(day.getUTCFullYear())
}

/** A working day: an adjusted working weekend day, or a weekday that is not a holiday. */
export function isWorkingDay(calendar: WorkingCalendar, day: Date) {
	const key = dayKey(day)
	if (calendar.on.has(key)) return true
	if (calendar.off.has(key)) return false
	return !isWeekend(day)
}

/** The n-th working day after `day` (the day itself not counted); `day` itself for n = 0. */
export function addWorkingDays(calendar: WorkingCalendar, day: Date, n: number) {
	let at = parseDay(dayKey(day))
	for (let left = n; left > 0;) {
		at = addDays(at, 1)
		if (isWorkingDay(calendar, at)) left--
	}
	return at
}

/** Working days after `from` up to and including `to` (0 when `to` is not after `from`). */
export function workingDaysBetween(calendar: WorkingCalendar, from: Date, to: Date) {
	let count = 0
	for (let at = addDays(parseDay(dayKey(from)), 1); at <= to; at = addDays(at, 1)) if (isWorkingDay(calendar, at)) count++
	return count
}

/**
 * The earliest day from which an n-working-day deadline has not yet passed on `today`:
 * for any day d, addWorkingDays(d, n) < today exactly when d < deadlineCutoff(today, n).
 * It is the n-th working day before today (today not counted); today itself for n = 0.
 * Lets the database filter "deadline passed" as a plain date comparison.
 */
export function deadlineCutoff(calendar: WorkingCalendar, today: Date, n: number) {
	let at = parseDay(dayKey(today))
	for (let left = n; left > 0;) {
		at = addDays(at, -1)
		if (isWorkingDay(calendar, at)) left--
	}
	return at
}

/**
 * The years between two days (both included) whose notice the calendar lacks: what a page says
 * when its figures were counted on Monday–Friday alone.
 */
export function missingYears(calendar: WorkingCalendar, from: Date, to: Date) {
	const out: number[] = []
	for (let y = Math.min(from.getUTCFullYear(), to.getUTCFullYear()); y <= Math.max(from.getUTCFullYear(), to.getUTCFullYear()); y++) {
		if (!calendar.years.has(y)) out.push(y)
	}
	return out
}
