import { expect, test } from 'vitest'
import { DEFAULT_SERVICE_LEVELS, effectiveLevels, parseStoredLevels, serviceLevelsFormSchema, serviceLevelsSchema } from './service-levels'

const tight = { ...DEFAULT_SERVICE_LEVELS, firstContactDays: 0 }
const loose = { ...DEFAULT_SERVICE_LEVELS, firstContactDays: 3 }

test('a region takes its own levels, else the nearest ancestor’s, else the defaults', () => {
	const stored = new Map([
		['city', loose],
		['county', tight],
	])
	expect(effectiveLevels('county', ['city'], stored)).toEqual({ levels: tight, origin: { kind: 'own' } })
	expect(effectiveLevels('park', ['county', 'city'], stored)).toEqual({ levels: tight, origin: { kind: 'inherited', regionId: 'county' } })
	expect(effectiveLevels('other-county', ['city'], stored)).toEqual({ levels: loose, origin: { kind: 'inherited', regionId: 'city' } })
	expect(effectiveLevels('elsewhere', [], stored)).toEqual({ levels: DEFAULT_SERVICE_LEVELS, origin: { kind: 'default' } })
	expect(effectiveLevels(null, [], stored).origin).toEqual({ kind: 'default' })
})

test('the defaults pass their own schema: one working day to answer an enquiry, a visit within a week', () => {
	expect(serviceLevelsSchema.parse(DEFAULT_SERVICE_LEVELS)).toEqual(DEFAULT_SERVICE_LEVELS)
	expect(DEFAULT_SERVICE_LEVELS.firstContactDays).toBe(1)
	expect(DEFAULT_SERVICE_LEVELS.stages.contacted.followUpDays).toBe(5)
})

test('the form refuses fractions, negatives, more than 65 days and a stall threshold shorter than the follow-up', () => {
	const form = (patch: Record<string, unknown>) => ({
		regionId: 'r1',
		version: '2',
		levels: { ...DEFAULT_SERVICE_LEVELS, stages: { ...DEFAULT_SERVICE_LEVELS.stages, ...patch } },
	})
	expect(serviceLevelsFormSchema.parse(form({})).version).toBe(2)
	for (const bad of [
		{ followUpDays: 1.5, stallDays: 9 },
		{ followUpDays: -1, stallDays: 9 },
		{ followUpDays: 5, stallDays: 66 },
	]) {
		const result = serviceLevelsFormSchema.safeParse(form({ contacted: bad }))
		expect(result.success).toBe(false)
		expect(result.error?.issues[0]?.message).toBe('serviceLevels.validation.days')
	}
	const shorter = serviceLevelsFormSchema.safeParse(form({ visited: { followUpDays: 10, stallDays: 5 } }))
	expect(shorter.error?.issues[0]).toMatchObject({
		message: 'serviceLevels.validation.stallBeforeFollowUp',
		path: ['levels', 'stages', 'visited', 'stallDays'],
	})
})

test('unreadable stored levels fall back to the defaults', () => {
	expect(parseStoredLevels('not json')).toEqual(DEFAULT_SERVICE_LEVELS)
	expect(parseStoredLevels('{"firstContactDays":2}')).toEqual(DEFAULT_SERVICE_LEVELS)
	expect(parseStoredLevels(JSON.stringify(tight))).toEqual(tight)
})
