import { expect, test } from 'vitest'
import { projectAsOf, resolveSampleDate, resolveSampleYear, sampleDateSpec, seedDaySchema } from './sample-dates'

test('a sample date is days from the seed day or a day of the seed’s year (or one before it)', () => {
	expect(resolveSampleDate('-26d', '2026-12-06')).toBe('2026-11-10')
	expect(resolveSampleDate('+35d', '2026-12-06')).toBe('2027-01-10')
	expect(resolveSampleDate('0d', '2028-02-29')).toBe('2028-02-29')
	expect(resolveSampleDate('Y-03-09', '2027-01-15')).toBe('2027-03-09')
	expect(resolveSampleDate('Y-2-06-20', '2027-01-15')).toBe('2025-06-20')
	expect(resolveSampleYear('Y-1', '2027-01-15')).toBe(2026)
	expect(resolveSampleYear(2025, '2027-01-15')).toBe(2025)
	expect(sampleDateSpec.safeParse('Y-1-02-29').success).toBe(false)
	expect(sampleDateSpec.safeParse('2026-03-09').success).toBe(false)
	expect(sampleDateSpec.safeParse('Y-13-01').success).toBe(false)
	expect(seedDaySchema.safeParse('2026-02-30').success).toBe(false)
	expect(seedDaySchema.safeParse('2028-02-29').success).toBe(true)
})

const planned = {
	title: 'p',
	stage: 'started' as const,
	negotiatingDate: 'Y-1-11-01',
	signedDate: 'Y-03-09',
	startedDate: 'Y-08-01',
	awaitingVerification: ['signed' as const],
}

test('a project is as far along as the seed day: later stages wait, and one not begun is left out', () => {
	expect(projectAsOf(planned, '2026-12-06')).toMatchObject({
		stage: 'started',
		signedDate: '2026-03-09',
		startedDate: '2026-08-01',
		awaitingVerification: ['signed'],
	})
	const march = projectAsOf(planned, '2026-05-01')!
	expect(march).toMatchObject({ stage: 'signed', signedDate: '2026-03-09', startedDate: undefined })
	const february = projectAsOf(planned, '2026-02-01')!
	expect(february).toMatchObject({ stage: 'negotiating', negotiatingDate: '2025-11-01', signedDate: undefined, awaitingVerification: [] })
	expect(projectAsOf({ ...planned, negotiatingDate: 'Y-04-01' }, '2026-02-01')).toBeNull()
	// A project that ends in 终止 is still going before that day.
	const ending = { title: 't', stage: 'terminated' as const, negotiatingDate: 'Y-01-10', terminatedDate: 'Y-08-01', awaitingVerification: [] }
	expect(projectAsOf(ending, '2026-09-01')).toMatchObject({ stage: 'terminated', terminatedDate: '2026-08-01' })
	expect(projectAsOf(ending, '2026-07-01')).toMatchObject({ stage: 'negotiating', terminatedDate: undefined })
})
