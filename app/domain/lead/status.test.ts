import { describe, expect, test } from 'vitest'
import { CN_CALENDAR } from '~/domain/calendar/cn-calendar'
import { buildCalendar } from '~/domain/calendar/working-days'
import { DEFAULT_SERVICE_LEVELS, type ServiceLevels } from './service-levels'
import {
	calendarGaps,
	DUE_SOON_DAYS,
	dueSoonEnd,
	followUpCutoffs,
	followUpDueDay,
	isFirstContactBreached,
	isNextActionOverdue,
	isOverdue,
	isStalled,
	lastTouchDay,
	startOfDay,
} from './status'

const d = (s: string) => new Date(s)
const levels = (patch: Partial<ServiceLevels['stages']['new']> & { firstContactDays?: number } = {}): ServiceLevels => ({
	firstContactDays: patch.firstContactDays ?? 1,
	commitmentWarnDays: 30,
	stages: {
		new: { followUpDays: 2, stallDays: 10 },
		contacted: { followUpDays: patch.followUpDays ?? 5, stallDays: patch.stallDays ?? 15 },
		visited: { followUpDays: 10, stallDays: 22 },
		negotiating: { followUpDays: 10, stallDays: 22 },
	},
})
const rules = (l = levels()) => ({ levels: l, calendar: CN_CALENDAR })
const lead = (patch: Partial<{ stage: string; nextActionDate: Date | null; createdAt: Date; lastActivityDate: Date | null }> = {}) => ({
	stage: 'contacted',
	nextActionDate: null,
	createdAt: d('2026-09-01T03:00:00Z'),
	lastActivityDate: null,
	...patch,
})

test('today starts at UTC midnight', () => {
	expect(startOfDay(d('2026-11-25T15:30:00Z'))).toEqual(d('2026-11-25T00:00:00Z'))
})

test('an agreed next action date before today makes an open lead overdue, whatever the levels', () => {
	const now = d('2026-11-25T15:30:00Z')
	const recent = { createdAt: d('2026-11-20'), lastActivityDate: d('2026-11-24') }
	expect(isOverdue(lead({ ...recent, nextActionDate: d('2026-11-24') }), now)).toBe(true)
	expect(isOverdue(lead({ ...recent, nextActionDate: d('2026-11-25') }), now)).toBe(false)
	expect(isNextActionOverdue(lead({ nextActionDate: d('2026-11-24') }), now)).toBe(true)
	for (const stage of ['dropped', 'converted']) expect(isOverdue(lead({ stage, nextActionDate: d('2026-01-01') }), now)).toBe(false)
})

describe('first contact within N working days of creation', () => {
	test('a lead created on the Friday before 春节 2026 is due on the 调休 Saturday, overdue from the Tuesday after the break', () => {
		const fresh = lead({ stage: 'new', createdAt: d('2026-02-13T02:00:00Z') })
		expect(followUpDueDay(fresh)).toEqual(d('2026-02-14'))
		expect(isFirstContactBreached(fresh, d('2026-02-14T09:00:00Z'))).toBe(false)
		expect(isFirstContactBreached(fresh, d('2026-02-15T09:00:00Z'))).toBe(true) // the day after the due day, a holiday
		expect(isOverdue(fresh, d('2026-02-15T09:00:00Z'))).toBe(true)
	})
	test('a lead created on Friday 4 December 2026 is due on Monday, not over the weekend', () => {
		const fresh = lead({ stage: 'new', createdAt: d('2026-12-04T02:00:00Z') })
		expect(isFirstContactBreached(fresh, d('2026-12-07T09:00:00Z'))).toBe(false)
		expect(isFirstContactBreached(fresh, d('2026-12-08T09:00:00Z'))).toBe(true)
	})
	test('an activity ends the first-contact clock; closed leads never breach', () => {
		expect(isFirstContactBreached(lead({ stage: 'new', lastActivityDate: d('2026-09-01') }), d('2026-12-08'))).toBe(false)
		expect(isFirstContactBreached(lead({ stage: 'dropped' }), d('2026-12-08'))).toBe(false)
	})
})

describe('follow-up interval per stage, from the last activity', () => {
	test('contacted: a visit within five working days; 国庆 2026 does not count, the 调休 Saturday does', () => {
		const visitedBeforeHoliday = lead({ lastActivityDate: d('2026-09-30') })
		expect(followUpDueDay(visitedBeforeHoliday)).toEqual(d('2026-10-13'))
		expect(isOverdue(visitedBeforeHoliday, d('2026-10-13T10:00:00Z'))).toBe(false)
		expect(isOverdue(visitedBeforeHoliday, d('2026-10-14T01:00:00Z'))).toBe(true)
	})
	test('a shorter level makes the same lead overdue sooner', () => {
		const l = lead({ lastActivityDate: d('2026-12-01') })
		const now = d('2026-12-07T09:00:00Z')
		expect(isOverdue(l, now, rules(levels({ followUpDays: 5 })))).toBe(false)
		expect(isOverdue(l, now, rules(levels({ followUpDays: 2 })))).toBe(true)
	})
	test('an activity dated before the lead existed counts from creation', () => {
		const l = lead({ createdAt: d('2026-12-01T05:00:00Z'), lastActivityDate: d('2026-05-01') })
		expect(lastTouchDay(l)).toEqual(d('2026-12-01'))
	})
})

describe('stalled: working days without an activity, per stage', () => {
	test('counts from the last activity, or creation when that is later', () => {
		const now = d('2026-11-25T15:30:00Z')
		const old = d('2026-01-01')
		// 15 working days before 25 November 2026 is 4 November.
		expect(isStalled(lead({ createdAt: old, lastActivityDate: d('2026-11-04') }), now)).toBe(false)
		expect(isStalled(lead({ createdAt: old, lastActivityDate: d('2026-11-03') }), now)).toBe(true)
		expect(isStalled(lead({ createdAt: d('2026-11-18'), lastActivityDate: d('2026-05-01') }), now)).toBe(false)
		expect(isStalled(lead({ stage: 'dropped', createdAt: old }), now)).toBe(false)
	})
	test('the threshold is a setting per stage', () => {
		const l = lead({ createdAt: d('2026-01-01'), lastActivityDate: d('2026-11-10') })
		const now = d('2026-11-25T15:30:00Z')
		expect(isStalled(l, now)).toBe(false)
		expect(isStalled(l, now, rules(levels({ stallDays: 7 })))).toBe(true)
	})
	test('春节 does not count, its 调休 Saturdays do: 22 working days before 9 March 2026 reach back to 30 January', () => {
		const now = d('2026-03-09T02:00:00Z')
		expect(isStalled(lead({ stage: 'visited', createdAt: d('2026-01-05'), lastActivityDate: d('2026-01-30') }), now)).toBe(false)
		expect(isStalled(lead({ stage: 'visited', createdAt: d('2026-01-05'), lastActivityDate: d('2026-01-29') }), now)).toBe(true)
	})
})

test('the query cutoffs agree with the functions for every stage and many last-touch days', () => {
	const now = d('2026-10-12T06:00:00Z')
	const cut = followUpCutoffs(now)
	expect(cut.firstContact).toEqual(d('2026-10-10')) // the 调休 Saturday is the working day before Monday 12 October
	for (const stage of ['new', 'contacted', 'visited', 'negotiating'] as const) {
		for (let back = 0; back < 70; back++) {
			const day = new Date(startOfDay(now).getTime() - back * 86_400_000)
			const withActivity = lead({ stage, createdAt: d('2026-01-01'), lastActivityDate: day })
			expect(isOverdue(withActivity, now), `${stage} ${day.toISOString()}`).toBe(day < cut.stages[stage].followUp)
			expect(isStalled(withActivity, now), `${stage} ${day.toISOString()}`).toBe(day < cut.stages[stage].stall)
			const untouched = lead({ stage, createdAt: new Date(day.getTime() + 3_600_000) })
			expect(isFirstContactBreached(untouched, now)).toBe(day < cut.firstContact)
		}
	}
})

test('thresholds reaching into a year without a notice are flagged', () => {
	expect(calendarGaps(d('2026-12-07T06:00:00Z'))).toEqual([])
	expect(calendarGaps(d('2027-01-20T06:00:00Z'))).toEqual([2027])
	expect(calendarGaps(d('2026-03-01T06:00:00Z'), { levels: DEFAULT_SERVICE_LEVELS, calendar: buildCalendar([]) })).toEqual([2026])
})

test('follow-ups due soon run from today to the day before the window ends', () => {
	expect(DUE_SOON_DAYS).toBe(7)
	expect(dueSoonEnd(new Date('2026-12-30T23:30:00Z'))).toEqual(new Date('2027-01-06T00:00:00Z'))
})
