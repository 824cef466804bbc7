import { expect, test } from 'vitest'
import { leadEditSchema, leadSchema } from '~/domain/lead/schemas'
import { projectFormSchema } from '~/domain/project/project-schema'
import { chainInReach } from './planned'

const lead = { companyId: 'c1', ownerId: 'u1', priority: 'medium', source: 'expo' }
const messages = (r: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
	Object.fromEntries((r.error?.issues ?? []).map((i) => [String(i.path[0]), i.message]))

test('planned capacity: all three or none, a positive output (thousands separators allowed), a sane year', () => {
	expect(leadSchema.parse({ ...lead, plannedLinkId: ' l1 ', plannedOutput: '3,200', plannedFromYear: '2027' })).toMatchObject({
		plannedLinkId: 'l1',
		plannedOutput: 3200,
		plannedFromYear: 2027,
	})
	expect(messages(leadSchema.safeParse({ ...lead, plannedLinkId: 'l1', plannedOutput: '3200' }))).toEqual({ plannedFromYear: 'planned.validation.incomplete' })
	expect(messages(leadSchema.safeParse({ ...lead, plannedOutput: '0', plannedLinkId: 'l1', plannedFromYear: '2027' }))).toEqual({
		plannedOutput: 'planned.validation.outputPositive',
	})
	expect(messages(leadSchema.safeParse({ ...lead, plannedOutput: '-1', plannedLinkId: 'l1', plannedFromYear: '2027' }))).toEqual({
		plannedOutput: 'planned.validation.outputNumber',
	})
	expect(messages(leadSchema.safeParse({ ...lead, plannedOutput: '2e9', plannedLinkId: 'l1', plannedFromYear: '2027' }))).toEqual({
		plannedOutput: 'planned.validation.outputNumber',
	})
	expect(messages(leadSchema.safeParse({ ...lead, plannedOutput: '2000000000', plannedLinkId: 'l1', plannedFromYear: '2027' }))).toEqual({
		plannedOutput: 'planned.validation.outputTooLarge',
	})
	expect(messages(leadSchema.safeParse({ ...lead, plannedOutput: '5', plannedLinkId: 'l1', plannedFromYear: '1999' }))).toEqual({
		plannedFromYear: 'planned.validation.year',
	})
	// The edit form and the project form take the same fields.
	expect(messages(leadEditSchema.safeParse({ ownerId: 'u1', priority: 'low', source: 'expo', version: '3', plannedOutput: '5' }))).toEqual({
		plannedLinkId: 'planned.validation.incomplete',
		plannedFromYear: 'planned.validation.incomplete',
	})
	const project = { title: 't', companyId: 'c1', type: 'new', investmentWan: '0', stage: 'negotiating', negotiatingDate: '2026-01-02' }
	expect(projectFormSchema.parse({ ...project, plannedLinkId: 'l1', plannedOutput: '12.5', plannedFromYear: '2028' })).toMatchObject({
		plannedOutput: 12.5,
		plannedFromYear: 2028,
	})
	expect(messages(projectFormSchema.safeParse({ ...project, plannedFromYear: '2028' }))).toMatchObject({ plannedLinkId: 'planned.validation.incomplete' })
})

test('a chain is in reach when shared, in the scope, or above the record’s region', () => {
	const regions = [
		{ id: 'jx', parentId: null },
		{ id: 'gz', parentId: 'jx' },
		{ id: 'gx', parentId: 'gz' },
		{ id: 'nb', parentId: null },
	]
	const county = { kind: 'regions' as const, regionIds: ['gx'] }
	expect(chainInReach({ chainRegionId: null, scope: county, recordRegionId: 'gx', regions })).toBe(true)
	expect(chainInReach({ chainRegionId: 'gx', scope: county, recordRegionId: 'gx', regions })).toBe(true)
	expect(chainInReach({ chainRegionId: 'jx', scope: county, recordRegionId: 'gx', regions })).toBe(true)
	expect(chainInReach({ chainRegionId: 'nb', scope: county, recordRegionId: 'gx', regions })).toBe(false)
	expect(chainInReach({ chainRegionId: 'nb', scope: { kind: 'all' }, recordRegionId: 'gx', regions })).toBe(true)
	expect(chainInReach({ chainRegionId: 'jx', scope: { kind: 'unassigned' }, recordRegionId: null, regions })).toBe(false)
})
