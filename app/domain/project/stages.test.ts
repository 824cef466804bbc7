import { expect, test } from 'vitest'
import { currentStageDate, stageDateProblems } from './stages'

const none = { negotiatingDate: null, signedDate: null, startedDate: null, producingDate: null, terminatedDate: null }
const d = (s: string) => new Date(s)

test('the current stage date is the date of the stage the project is in', () => {
	expect(currentStageDate({ ...none, stage: 'signed', negotiatingDate: d('2025-01-02'), signedDate: d('2025-03-04') })).toEqual(d('2025-03-04'))
	expect(currentStageDate({ ...none, stage: 'bogus' })).toBeNull()
})

test('a stage needs its own date and the dates of the stages before it', () => {
	expect(stageDateProblems({ ...none, stage: 'started', negotiatingDate: d('2025-01-01'), startedDate: d('2025-05-01') })).toEqual(['signed needs signedDate'])
	expect(
		stageDateProblems({
			...none,
			stage: 'started',
			negotiatingDate: d('2025-01-01'),
			signedDate: d('2025-02-01'),
			startedDate: d('2025-05-01'),
		}),
	).toEqual([])
})

test('stage dates must not go backwards', () => {
	expect(stageDateProblems({ ...none, stage: 'signed', negotiatingDate: d('2025-06-01'), signedDate: d('2025-02-01') })).toEqual([
		'signedDate is before the previous stage',
	])
})

test('a terminated project needs its termination date', () => {
	expect(stageDateProblems({ ...none, stage: 'terminated' })).toEqual(['terminated needs terminatedDate'])
})
