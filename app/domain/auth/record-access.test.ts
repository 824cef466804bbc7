import { describe, expect, it } from 'vitest'
import {
	type Actor,
	companyFactsProblem,
	importUndoProblem,
	leadAccessProblem,
	leadAssignmentProblem,
	projectAccessProblem,
	projectAdvanceProblem,
	projectStageProblem,
} from './record-access'

const everywhere = { regionId: null, scope: { kind: 'all' } } as const
const zhang: Actor = { id: 'zhang', role: 'staff', unitId: 'commerce', ...everywhere }
const wang: Actor = { id: 'wang', role: 'staff', unitId: null, ...everywhere }
const leader: Actor = { id: 'leader', role: 'manager', unitId: 'commerce', ...everywhere }
const admin: Actor = { id: 'admin', role: 'admin', unitId: null, ...everywhere }

describe('leads', () => {
	it('staff change their own leads and their unit’s, not others’', () => {
		expect(leadAccessProblem(zhang, { ownerId: 'zhang', unitId: 'hightech' })).toBeNull()
		expect(leadAccessProblem(zhang, { ownerId: 'lina', unitId: 'commerce' })).toBeNull()
		expect(leadAccessProblem(zhang, { ownerId: 'lina', unitId: 'hightech' })).toBe('access.notYours')
		expect(leadAccessProblem(leader, { ownerId: 'lina', unitId: 'hightech' })).toBeNull()
		expect(leadAccessProblem(admin, { ownerId: 'lina', unitId: null })).toBeNull()
	})

	it('a user without a unit does not match leads without a unit', () => {
		expect(leadAccessProblem(wang, { ownerId: 'lina', unitId: null })).toBe('access.notYours')
	})

	it('staff create leads for themselves in their unit (or none) and never hand one over', () => {
		expect(leadAssignmentProblem(zhang, { ownerId: 'zhang', unitId: 'commerce' }, null)).toBeNull()
		expect(leadAssignmentProblem(zhang, { ownerId: 'zhang', unitId: null }, null)).toBeNull()
		expect(leadAssignmentProblem(zhang, { ownerId: 'lina', unitId: 'commerce' }, null)).toBe('access.reassignIsManagers')
		expect(leadAssignmentProblem(zhang, { ownerId: 'zhang', unitId: 'hightech' }, null)).toBe('access.reassignIsManagers')
		const colleagues = { ownerId: 'lina', unitId: 'commerce' }
		expect(leadAssignmentProblem(zhang, colleagues, colleagues)).toBeNull()
		expect(leadAssignmentProblem(zhang, { ownerId: 'zhang', unitId: 'commerce' }, colleagues)).toBe('access.reassignIsManagers')
		expect(leadAssignmentProblem(leader, { ownerId: 'zhang', unitId: 'hightech' }, colleagues)).toBeNull()
	})
})

describe('projects', () => {
	const own = { ownerId: 'zhang', responsibleUnitId: 'hightech', stage: 'negotiating' }
	it('staff edit their own or their unit’s projects only while in 洽谈', () => {
		expect(projectAccessProblem(zhang, own)).toBeNull()
		expect(projectAccessProblem(zhang, { ...own, ownerId: null, responsibleUnitId: 'commerce' })).toBeNull()
		expect(projectAccessProblem(zhang, { ...own, ownerId: 'lina' })).toBe('access.notYours')
		for (const stage of ['signed', 'started', 'producing', 'terminated']) {
			expect(projectAccessProblem(zhang, { ...own, stage })).toBe('access.countedProjectIsManagers')
			expect(projectAccessProblem(leader, { ...own, ownerId: 'lina', stage })).toBeNull()
		}
	})

	it('only managers put a project into 签约/开工/投产, by form or by advancing', () => {
		expect(projectStageProblem(zhang, 'negotiating')).toBeNull()
		expect(projectStageProblem(zhang, 'terminated')).toBeNull()
		expect(projectStageProblem(zhang, 'signed')).toBe('access.countedStageIsManagers')
		expect(projectStageProblem(leader, 'producing')).toBeNull()
		expect(projectAdvanceProblem(zhang, own, 'signed')).toBe('access.countedStageIsManagers')
		expect(projectAdvanceProblem(zhang, own, 'terminated')).toBeNull()
		expect(projectAdvanceProblem(zhang, { ...own, ownerId: 'lina' }, 'terminated')).toBe('access.notYours')
		expect(projectAdvanceProblem(zhang, { ...own, stage: 'signed' }, 'terminated')).toBe('access.countedProjectIsManagers')
		expect(projectAdvanceProblem(admin, { ...own, stage: 'started' }, 'producing')).toBeNull()
	})
})

describe('companies', () => {
	const facts = { tags: [{ tag: 'gaoxin', grantedYear: 2024 }], revenueCNY: 5e8 }
	it('staff keep the counted facts as they are, in any order', () => {
		expect(companyFactsProblem(zhang, { ...facts, tags: [...facts.tags] }, facts)).toBeNull()
		expect(companyFactsProblem(zhang, { tags: [], revenueCNY: null }, null)).toBeNull()
	})

	it('setting a tag, a grant year or revenue is a manager’s change', () => {
		expect(companyFactsProblem(zhang, { ...facts, revenueCNY: 6e8 }, facts)).toBe('access.countedCompanyFactsAreManagers')
		expect(companyFactsProblem(zhang, { ...facts, tags: [{ tag: 'gaoxin', grantedYear: 2026 }] }, facts)).toBe('access.countedCompanyFactsAreManagers')
		expect(companyFactsProblem(zhang, facts, null)).toBe('access.countedCompanyFactsAreManagers')
		expect(companyFactsProblem(leader, facts, null)).toBeNull()
	})
})

describe('import undo', () => {
	it('is for the importer or a manager', () => {
		expect(importUndoProblem(zhang, { userId: 'zhang' })).toBeNull()
		expect(importUndoProblem(zhang, { userId: 'lina' })).toBe('access.notYours')
		expect(importUndoProblem(zhang, { userId: null })).toBe('access.notYours')
		expect(importUndoProblem(leader, { userId: 'lina' })).toBeNull()
	})
})
