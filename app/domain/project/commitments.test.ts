import { describe, expect, test } from 'vitest'
import { brokenCommitments, commitmentWarnings, commitmentWindow, daysBetween, investmentIntensity, parseLandMu, type CommitmentSource } from './commitments'

const signed: CommitmentSource = {
	stage: 'signed',
	signedDate: '2026-03-01',
	startedDate: null,
	producingDate: null,
	terminatedDate: null,
	commitStartBy: '2026-09-30',
	commitProduceBy: '2027-12-31',
}

describe('commitmentWarnings', () => {
	test('nothing while the deadline is more than 30 days away', () => {
		expect(commitmentWarnings(signed, '2026-08-30')).toEqual([])
	})

	test('开工 coming up from 30 days before, the deadline day included', () => {
		expect(commitmentWarnings(signed, '2026-08-31')).toEqual([{ kind: 'startDue', deadline: 'start', date: '2026-09-30', overdue: false, days: 30 }])
		expect(commitmentWarnings(signed, '2026-09-30')[0]).toMatchObject({ kind: 'startDue', days: 0 })
	})

	test('签约未开工 the day after the 开工 deadline', () => {
		expect(commitmentWarnings(signed, '2026-10-01')).toEqual([{ kind: 'startOverdue', deadline: 'start', date: '2026-09-30', overdue: true, days: -1 }])
	})

	test('开工未投产 once started and past the 投产 deadline; the 开工 deadline no longer matters', () => {
		const started = { ...signed, stage: 'started', startedDate: '2026-11-15' }
		expect(commitmentWarnings(started, '2027-12-01')).toEqual([{ kind: 'produceDue', deadline: 'produce', date: '2027-12-31', overdue: false, days: 30 }])
		expect(commitmentWarnings(started, '2028-01-02')).toEqual([{ kind: 'produceOverdue', deadline: 'produce', date: '2027-12-31', overdue: true, days: -2 }])
	})

	test('still not started when the 投产 deadline passed: both deadlines broken', () => {
		expect(commitmentWarnings(signed, '2028-01-01').map((w) => w.kind)).toEqual(['startOverdue', 'produceOverdueUnstarted'])
	})

	test('none before signing, once producing, or for a terminated project', () => {
		expect(commitmentWarnings({ ...signed, stage: 'negotiating', signedDate: null }, '2026-10-01')).toEqual([])
		expect(commitmentWarnings({ ...signed, stage: 'producing', startedDate: '2026-05-01', producingDate: '2027-01-01' }, '2028-01-01')).toEqual([])
		expect(commitmentWarnings({ ...signed, stage: 'terminated', terminatedDate: '2026-12-01' }, '2026-10-01')).toEqual([])
		expect(commitmentWarnings({ ...signed, terminatedDate: '2026-09-01' }, '2026-10-01')).toEqual([])
	})

	test('as of a past day: stage dates after that day do not count yet', () => {
		const later = { ...signed, stage: 'started', startedDate: '2026-12-01' }
		// On 2026-10-31 it was not started and its 开工 deadline had passed.
		expect(brokenCommitments(later, '2026-10-31').map((w) => w.kind)).toEqual(['startOverdue'])
		expect(brokenCommitments(later, '2026-12-01')).toEqual([])
		// Signed after that day: no commitment yet.
		expect(brokenCommitments({ ...signed, signedDate: '2026-11-01' }, '2026-10-31')).toEqual([])
	})

	test('Dates as stored (UTC midnight) read as their day', () => {
		const stored = { ...signed, signedDate: new Date('2026-03-01T00:00:00Z'), commitStartBy: new Date('2026-09-30T00:00:00Z') }
		expect(brokenCommitments(stored, '2026-10-01')[0]).toMatchObject({ date: '2026-09-30', days: -1 })
	})

	test('no deadline, no warning', () => {
		expect(commitmentWarnings({ ...signed, commitStartBy: null, commitProduceBy: null }, '2030-01-01')).toEqual([])
	})
})

test('commitmentWindow: today and 30 days on as UTC midnights', () => {
	const { today, horizon } = commitmentWindow('2026-12-07')
	expect(today.toISOString()).toBe('2026-12-07T00:00:00.000Z')
	expect(horizon.toISOString()).toBe('2027-01-06T00:00:00.000Z')
	expect(daysBetween('2026-12-07', '2027-01-06')).toBe(30)
})

describe('investment intensity and land', () => {
	test('万元/亩 to 2 decimals; null without land', () => {
		// 2 亿元 on 150 亩: 133.33 万元/亩.
		expect(investmentIntensity(200_000_000, 150)).toBe(133.33)
		expect(investmentIntensity(200_000_000n, 80.5)).toBe(248.45)
		expect(investmentIntensity(200_000_000, null)).toBeNull()
		expect(investmentIntensity(200_000_000, 0)).toBeNull()
	})

	test('land typed in 亩', () => {
		expect(parseLandMu('')).toEqual({ ok: true, mu: null })
		expect(parseLandMu(' 150 ')).toEqual({ ok: true, mu: 150 })
		expect(parseLandMu('８０．５')).toEqual({ ok: true, mu: 80.5 })
		expect(parseLandMu('.5')).toEqual({ ok: true, mu: 0.5 })
		expect(parseLandMu('1.234')).toEqual({ ok: false, error: 'tooManyDecimals' })
		expect(parseLandMu('0')).toEqual({ ok: false, error: 'notPositive' })
		expect(parseLandMu('-3')).toEqual({ ok: false, error: 'notPositive' })
		expect(parseLandMu('12亩')).toEqual({ ok: false, error: 'notANumber' })
		expect(parseLandMu('2000000')).toEqual({ ok: false, error: 'tooLarge' })
	})
})
