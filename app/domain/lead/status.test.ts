import { expect, test } from 'vitest'
import { DEFAULT_STALLED_DAYS, DUE_SOON_DAYS, dueSoonEnd, isOverdue, isStalled, stalledCutoff, startOfDay } from './status'

const d = (s: string) => new Date(s)
const now = d('2026-11-25T15:30:00Z')

test('today starts at UTC midnight', () => {
	expect(startOfDay(now)).toEqual(d('2026-11-25T00:00:00Z'))
})

test('an open lead is overdue when its next action date is before today, not on it', () => {
	expect(isOverdue({ stage: 'contacted', nextActionDate: d('2026-11-24') }, now)).toBe(true)
	expect(isOverdue({ stage: 'contacted', nextActionDate: d('2026-11-25') }, now)).toBe(false)
	expect(isOverdue({ stage: 'contacted', nextActionDate: null }, now)).toBe(false)
	expect(isOverdue({ stage: 'dropped', nextActionDate: d('2026-01-01') }, now)).toBe(false)
	expect(isOverdue({ stage: 'converted', nextActionDate: d('2026-01-01') }, now)).toBe(false)
})

test('stalled counts from the last activity, or from creation when that is later', () => {
	expect(DEFAULT_STALLED_DAYS).toBe(30)
	expect(stalledCutoff(now)).toEqual(d('2026-10-26T00:00:00Z'))
	const old = d('2026-01-01')
	expect(isStalled({ stage: 'new', createdAt: old, lastActivityDate: null }, now)).toBe(true)
	expect(isStalled({ stage: 'new', createdAt: old, lastActivityDate: d('2026-10-26') }, now)).toBe(false)
	expect(isStalled({ stage: 'new', createdAt: old, lastActivityDate: d('2026-10-25') }, now)).toBe(true)
	// A lead created last week is not stalled, even with an older activity of the company.
	expect(isStalled({ stage: 'new', createdAt: d('2026-11-18'), lastActivityDate: d('2026-05-01') }, now)).toBe(false)
	expect(isStalled({ stage: 'dropped', createdAt: old, lastActivityDate: null }, now)).toBe(false)
})

test('the stalled threshold is a setting', () => {
	const lead = { stage: 'visited', createdAt: d('2026-01-01'), lastActivityDate: d('2026-11-10') }
	expect(isStalled(lead, now)).toBe(false)
	expect(isStalled(lead, now, 7)).toBe(true)
})

test('follow-ups due soon run from today to the day before the window ends', () => {
	expect(DUE_SOON_DAYS).toBe(7)
	expect(dueSoonEnd(new Date('2026-12-30T23:30:00Z'))).toEqual(new Date('2027-01-06T00:00:00Z'))
})
