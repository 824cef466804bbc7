import { expect, test } from 'vitest'
import { auditChanges, auditFieldLabel, auditRefs, type AuditFormat, formatAuditValue } from './audit-changes'

const format: AuditFormat = {
	t: (key, options) => (key === 'audit.fieldOf' ? `${String(options?.field)}：${String(options?.subject)}` : `«${key}»`),
	names: { 'User:u1': '张三', 'Unit:n1': '区商务局', 'ChainLink:l1': '稀土氧化物' },
	date: (iso) => `D${iso}`,
	dateTime: (iso) => `T${iso}`,
	money: (cny) => `¥${cny}`,
	number: (value) => `#${value}`,
}
const words = (entity: string, before: unknown, after: unknown) =>
	auditChanges(entity, before, after).map((c) => [auditFieldLabel(c, format), formatAuditValue(c.before, format), formatAuditValue(c.after, format)])

test('an update lists only the fields that changed, each value typed', () => {
	const before = { id: 'p1', title: '甲项目', stage: 'negotiating', investmentCNY: '500000000', signedDate: null, ownerId: 'u1', isClusterLeading: false, version: 3, linkIds: ['l1'] }
	const after = { ...before, stage: 'signed', investmentCNY: '600000000', signedDate: '2026-03-01T00:00:00.000Z', isClusterLeading: true, version: 4 }
	expect(words('Project', before, after)).toEqual([
		['«audit.fields.stage»', '«projects.stages.negotiating»', '«projects.stages.signed»'],
		['«audit.fields.investmentCNY»', '¥500000000', '¥600000000'],
		['«audit.fields.signedDate»', '—', 'D2026-03-01'],
		['«audit.fields.isClusterLeading»', '«app.no»', '«app.yes»'],
	])
})

test('the same word means different value sets on different records', () => {
	expect(words('Lead', { stage: 'new' }, { stage: 'visited' })[0]?.slice(1)).toEqual(['«leads.stages.new»', '«leads.stages.visited»'])
	expect(words('ChainLink', { stage: 'material' }, { stage: 'component' })[0]?.slice(1)).toEqual(['«stages.material»', '«stages.component»'])
	// A company's source is free text, a lead's a channel.
	expect(words('Company', { source: 'expo' }, { source: '走访' })[0]?.slice(1)).toEqual(['expo', '走访'])
	expect(words('Lead', { source: 'expo' }, { source: 'fund' })[0]?.slice(1)).toEqual(['«leads.sources.expo»', '«leads.sources.fund»'])
})

test('references are resolved to names; unknown ones say the record is gone', () => {
	const changes = auditChanges('Lead', { ownerId: 'u1', unitId: null }, { ownerId: 'u9', unitId: 'n1' })
	expect(auditRefs(changes.flatMap((c) => [c.before, c.after]))).toEqual(new Map([['User', new Set(['u1', 'u9'])], ['Unit', new Set(['n1'])]]))
	expect(changes.map((c) => [formatAuditValue(c.before, format), formatAuditValue(c.after, format)])).toEqual([
		['张三', '«audit.gone»'],
		['—', '区商务局'],
	])
})

test('a creation lists what the record was created with; tags and aliases read as words', () => {
	const after = { id: 'c1', name: '赣州恒源', tags: [{ tag: 'gaoxin', grantedYear: 2023 }], aliases: [{ kind: 'short', name: '恒源' }], uscc: null, version: 1 }
	const changes = auditChanges('Company', null, after)
	expect(changes.map((c) => c.field)).toEqual(['name', 'tags', 'aliases'])
	expect(changes.every((c) => c.before.kind === 'empty')).toBe(true)
	expect(changes[1]?.after).toEqual({ kind: 'list', items: [{ kind: 'tag', tag: 'gaoxin', year: 2023 }] })
	expect(changes[2]?.after).toEqual({ kind: 'list', items: [{ kind: 'alias', aliasKind: 'short', name: '恒源' }] })
})

test('nested objects are compared field by field; maps keyed by id give a change per record', () => {
	expect(auditChanges('User', null, { session: { ipAddress: '10.0.0.1', userAgent: 'Firefox' } }).map((c) => c.field)).toEqual(['session.ipAddress', 'session.userAgent'])
	const shares = auditChanges('Quota', { unitTargets: { n1: 5, n2: 3 } }, { unitTargets: { n1: 6, n2: 3 } })
	expect(shares).toEqual([{ field: 'unitTargets', subject: { kind: 'ref', entity: 'Unit', id: 'n1' }, before: { kind: 'number', value: 5 }, after: { kind: 'number', value: 6 } }])
	expect(auditFieldLabel(shares[0]!, format)).toBe('«audit.fields.unitTargets»：区商务局')
})

test('key order, blanks and empty lists are no change; versions and ids are not shown', () => {
	expect(auditChanges('Company', { a: 1, b: { x: 1, y: 2 }, c: null, tags: [] }, { b: { y: 2, x: 1 }, a: 1, c: '', version: 9 })).toEqual([])
})

test('a snapshot that is not an object is one value', () => {
	expect(auditChanges('Export', null, 'text')).toEqual([{ field: 'value', before: { kind: 'empty' }, after: { kind: 'text', text: 'text' } }])
})
