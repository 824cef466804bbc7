import { expect, test } from 'vitest'
import { type Actor } from '~/domain/auth/record-access'
import { canCreateScenario, canSeeScenario, scenarioAccessProblem } from './access'

const county = { kind: 'regions', regionIds: ['gx'] } as const
const actor = (id: string, role: Actor['role'], scope: Actor['scope'] = county): Actor => ({ id, role, unitId: null, regionId: 'gx', scope })
const scenario = { authorId: 'zhou', regionId: 'gx' }

test('staff and managers create scenarios', () => {
	expect(canCreateScenario(actor('zhou', 'staff'))).toBe(true)
	expect(canCreateScenario(actor('li', 'manager'))).toBe(true)
})

test('the author or a manager changes a scenario; another staff member does not', () => {
	expect(scenarioAccessProblem(actor('zhou', 'staff'), scenario)).toBeNull()
	expect(scenarioAccessProblem(actor('li', 'manager'), scenario)).toBeNull()
	expect(scenarioAccessProblem(actor('wang', 'staff'), scenario)).toBe('access.notYours')
})

test('outside the region nobody sees or changes it, not even a manager', () => {
	const other = { kind: 'regions', regionIds: ['nk'] } as const
	expect(canSeeScenario(actor('li', 'manager', other), scenario)).toBe(false)
	expect(scenarioAccessProblem(actor('li', 'manager', other), scenario)).toBe('access.notYours')
	expect(canSeeScenario(actor('root', 'admin', { kind: 'all' }), scenario)).toBe(true)
})
