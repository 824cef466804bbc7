import { expect, test } from 'vitest'
import { canConvertLead, canMoveLead, isOpenStage, LEAD_STAGES, moveTargets, stageAfterActivity } from './stages'

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
