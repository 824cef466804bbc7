import { userText } from '~/domain/text/text-field'

/**
 * The calendar page (ADR 0039): one month, weeks from Monday (as Chinese
 * calendars print them), and the entries of each day.
 */

export type CalendarMonth = { year: number; month: number }

const MONTH = /^(\d{4})-(\d{2})$/

/** ?month=2026-12; anything else (missing, nonsense, out of range) is the month of `today`. */
export function parseCalendarMonth(raw: string | null, today: string): CalendarMonth {
	const text = userText()
		.catch('')
		.parse(raw ?? '')
	const match = MONTH.exec(text.trim())
	const year = match ? Number(match[1]) : NaN
	const month = match ? Number(match[2]) : NaN
	if (year >= 1990 && year <= 2100 && month >= 1 && month <= 12) return { year, month }
	return { year: Number(today.slice(0, 4)), month: Number(today.slice(5, 7)) }
}

const pad = (n: number) => String(n).padStart(2, '0')

export const monthKey = ({ year, month }: CalendarMonth) => `${year}-${pad(month)}`

/** The month before or after. */
export function shiftMonth({ year, month }: CalendarMonth, by: -1 | 1): CalendarMonth {
	const index = year * 12 + (month - 1) + by
	return { year: Math.floor(index / 12), month: (index % 12) + 1 }
}

/** The month's first and last day, YYYY-MM-DD. */
export function monthRange({ year, month }: CalendarMonth) {
	const last = new Date(Date.UTC(year, month, 0)).getUTCDate()
	return { first: `${year}-${pad(month)}-01`, last: `${year}-${pad(month)}-${pad(last)}` }
}

/**
 * The grid: whole weeks Monday → Sunday covering the month; days of the
 * neighbouring months are there to fill the weeks (`inMonth` false).
 */
export function monthGrid(m: CalendarMonth): { day: string; inMonth: boolean }[][] {
	const first = new Date(Date.UTC(m.year, m.month - 1, 1))
	// getUTCDay: 0 = Sunday; Monday-first offset.
	const lead = (first.getUTCDay() + 6) % 7
	const start = new Date(first.getTime() - lead * 86_400_000)
	const weeks: { day: string; inMonth: boolean }[][] = []
	for (let cursor = start; ;) {
		const week: { day: string; inMonth: boolean }[] = []
		for (let i = 0; i < 7; i++) {
			week.push({ day: cursor.toISOString().slice(0, 10), inMonth: cursor.getUTCMonth() === m.month - 1 })
			cursor = new Date(cursor.getTime() + 86_400_000)
		}
		weeks.push(week)
		if (cursor.getUTCMonth() !== m.month - 1) break
	}
	return weeks
}

/** One entry: a lead's next follow-up, or a project's 开工/投产 deadline. */
export type CalendarItem = {
	kind: 'followUp' | 'startBy' | 'produceBy'
	/** YYYY-MM-DD. */
	day: string
	/** The lead's or the project's id. */
	id: string
	/** The company (follow-up) or the project's title (deadline). */
	label: string
	/** Before today and still not done. */
	overdue: boolean
	isSample: boolean
}

/** Path of the record an entry opens. */
export const itemPath = (item: Pick<CalendarItem, 'kind' | 'id'>) => (item.kind === 'followUp' ? `/leads/${item.id}` : `/projects/${item.id}`)

/** Entries by day, each day's in a fixed order: deadlines first, then follow-ups, then by label. */
export function itemsByDay(items: readonly CalendarItem[]) {
	const order = { startBy: 0, produceBy: 1, followUp: 2 } as const
	const byDay = new Map<string, CalendarItem[]>()
	for (const item of [...items].sort(
		(a, b) => a.day.localeCompare(b.day) || order[a.kind] - order[b.kind] || a.label.localeCompare(b.label, 'zh-CN') || a.id.localeCompare(b.id),
	)) {
		const list = byDay.get(item.day)
		if (list) list.push(item)
		else byDay.set(item.day, [item])
	}
	return byDay
}
