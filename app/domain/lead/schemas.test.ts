import { expect, test } from 'vitest'
import { parseDay } from '~/utils/forms'
import { activitySchema, convertSchema, defaultProjectTitle, leadSchema, stageMoveSchema } from './schemas'
import { startOfDay } from './status'

const lead = { companyId: 'c1', ownerId: 'u1', unitId: '', priority: 'high', source: 'expo', nextActionDate: '', notes: '' }

test('dates are calendar days at UTC midnight; impossible days are refused', () => {
	expect(parseDay('2026-12-01')).toEqual(new Date('2026-12-01T00:00:00Z'))
	expect(parseDay('2026-02-30')).toBeNull()
	expect(parseDay('1.12.2026')).toBeNull()
})

test('a lead form turns blanks into nulls and checks choices', () => {
	expect(leadSchema.parse(lead)).toEqual({
		...lead,
		unitId: null,
		regionId: null,
		nextActionDate: null,
		notes: null,
		plannedLinkId: null,
		plannedOutput: null,
		plannedFromYear: null,
	})
	expect(leadSchema.parse({ ...lead, regionId: ' r1 ' }).regionId).toBe('r1')
	expect(leadSchema.parse({ ...lead, nextActionDate: '2026-12-01', notes: ' 备注 ' })).toMatchObject({
		nextActionDate: new Date('2026-12-01T00:00:00Z'),
		notes: '备注',
	})
	const bad = leadSchema.safeParse({ ...lead, companyId: ' ', source: 'tv', priority: 'urgent', nextActionDate: '2026-13-01' })
	expect(bad.success).toBe(false)
	expect(Object.fromEntries(bad.error!.issues.map((i) => [i.path[0], i.message]))).toEqual({
		companyId: 'leads.validation.pickCompany',
		source: 'leads.validation.pickSource',
		priority: 'validation.invalidChoice',
		nextActionDate: 'leads.validation.date',
	})
	expect(leadSchema.safeParse({ ...lead, notes: 'x'.repeat(2001) }).error?.issues[0]?.message).toBe('leads.validation.tooLong')
})

test('a move names an open stage or dropped, never converted', () => {
	expect(stageMoveSchema.parse({ leadId: 'l1', toStage: 'dropped' })).toEqual({ leadId: 'l1', toStage: 'dropped' })
	expect(stageMoveSchema.safeParse({ leadId: 'l1', toStage: 'converted' }).error?.issues[0]?.message).toBe('leads.validation.moveNotAllowed')
})

test('an activity defaults to today and keeps notes up to 2000 characters', () => {
	expect(activitySchema.parse({ kind: 'visit' })).toEqual({ kind: 'visit', date: startOfDay(new Date()), people: null, notes: null })
	expect(activitySchema.parse({ kind: 'call', date: '2026-11-01', notes: 'x'.repeat(2000) }).notes).toHaveLength(2000)
	expect(activitySchema.safeParse({ kind: 'call', notes: 'x'.repeat(2001) }).success).toBe(false)
	expect(activitySchema.safeParse({ kind: 'lunch' }).error?.issues[0]?.message).toBe('leads.validation.pickKind')
})

test('a blank project title is left for the default; a blank 洽谈 date is today', () => {
	expect(convertSchema.parse({ title: '  ', negotiatingDate: '2025-05-20' })).toEqual({ title: null, negotiatingDate: new Date('2025-05-20T00:00:00Z') })
	expect(convertSchema.parse({})).toEqual({ title: null, negotiatingDate: startOfDay(new Date()) })
	expect(convertSchema.safeParse({ negotiatingDate: '2025-02-30' }).error?.issues[0]?.message).toBe('leads.validation.date')
})

test('a converted project is named after the company by default', () => {
	expect(defaultProjectTitle('赣州某磁材公司')).toBe('赣州某磁材公司 项目')
})
