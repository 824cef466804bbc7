import { expect, test } from 'vitest'
import { canConvertLead, canMoveLead, isOpenStage, LEAD_STAGES, moveTargets, negotiationStartDay, stageAfterActivity } from './stages'

test('stages run from new to converted or dropped, the first four open', () => {
	expect(LEAD_STAGES).toEqual(['new', 'contacted', 'visited', 'negotiating', 'converted', 'dropped'])
	expect(LEAD_STAGES.filter(isOpenStage)).toEqual(['new', 'contacted', 'visited', 'negotiating'])
	expect(isOpenStage('bogus')).toBe(false)
})

test('an open lead moves to any other open stage, backwards too, or to dropped', () => {
	expect(canMoveLead('new', 'negotiating')).toBe(true)
	expect(canMoveLead('negotiating', 'contacted')).toBe(true)
	expect(canMoveLead('visited', 'dropped')).toBe(true)
	expect(moveTargets('contacted')).toEqual(['new', 'visited', 'negotiating', 'dropped'])
})

test('converted is reached only by conversion, and closed leads do not move', () => {
	expect(canMoveLead('negotiating', 'converted')).toBe(false)
	expect(canMoveLead('new', 'new')).toBe(false)
	expect(canMoveLead('dropped', 'new')).toBe(false)
	expect(canMoveLead('converted', 'negotiating')).toBe(false)
	expect(canMoveLead('new', 'bogus')).toBe(false)
	expect(moveTargets('converted')).toEqual([])
	expect(canConvertLead('visited')).toBe(true)
	expect(canConvertLead('dropped')).toBe(false)
	expect(canConvertLead('converted')).toBe(false)
})

test('a visit moves a new or contacted lead to visited, nothing else does', () => {
	expect(stageAfterActivity('new', 'visit')).toBe('visited')
	expect(stageAfterActivity('contacted', 'visit')).toBe('visited')
	expect(stageAfterActivity('negotiating', 'visit')).toBeNull()
	expect(stageAfterActivity('dropped', 'visit')).toBeNull()
	expect(stageAfterActivity('new', 'call')).toBeNull()
})

test('a converted project is dated from the last move into 洽谈中, else today', () => {
	const today = new Date('2026-12-06T00:00:00Z')
	const at = (day: string) => new Date(`${day}T09:30:00Z`)
	expect(negotiationStartDay([], today)).toEqual(today)
	expect(negotiationStartDay([{ toStage: 'visited', at: at('2026-10-01') }], today)).toEqual(today)
	// Moved into 洽谈 in August, back to 已拜访, into 洽谈 again in October: talks began in October.
	const history = [
		{ toStage: 'negotiating', at: at('2026-10-12') },
		{ toStage: 'visited', at: at('2026-09-01') },
		{ toStage: 'negotiating', at: '2026-08-03T02:00:00.000Z' },
	]
	expect(negotiationStartDay(history, today)).toEqual(at('2026-10-12'))
})
