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
	const before = {
		id: 'p1',
		title: '甲项目',
		stage: 'negotiating',
		investmentCNY: '500000000',
		signedDate: null,
		ownerId: 'u1',
		isClusterLeading: false,
		version: 3,
		linkIds: ['l1'],
	}
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
	expect(auditRefs(changes.flatMap((c) => [c.before, c.after]))).toEqual(
		new Map([
			['User', new Set(['u1', 'u9'])],
			['Unit', new Set(['n1'])],
		]),
	)
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
	expect(auditChanges('User', null, { session: { ipAddress: '10.0.0.1', userAgent: 'Firefox' } }).map((c) => c.field)).toEqual([
		'session.ipAddress',
		'session.userAgent',
	])
	const shares = auditChanges('Quota', { unitTargets: { n1: 5, n2: 3 } }, { unitTargets: { n1: 6, n2: 3 } })
	expect(shares).toEqual([
		{ field: 'unitTargets', subject: { kind: 'ref', entity: 'Unit', id: 'n1' }, before: { kind: 'number', value: 5 }, after: { kind: 'number', value: 6 } },
	])
	expect(auditFieldLabel(shares[0]!, format)).toBe('«audit.fields.unitTargets»：区商务局')
})

test('key order, blanks and empty lists are no change; versions and ids are not shown', () => {
	expect(auditChanges('Company', { a: 1, b: { x: 1, y: 2 }, c: null, tags: [] }, { b: { y: 2, x: 1 }, a: 1, c: '', version: 9 })).toEqual([])
})

test('a snapshot that is not an object is one value', () => {
	expect(auditChanges('Export', null, 'text')).toEqual([{ field: 'value', before: { kind: 'empty' }, after: { kind: 'text', text: 'text' } }])
})

test('a scenario’s changes read as the scenario page words them, in either language, not as JSON', async () => {
	const { i18nFor } = await import('~/i18n/i18n')
	const names = {
		'Company:c1': '（示例）赣州稀土合金有限公司',
		'ChainLink:l1': '钕铁硼合金',
		'ChainLinkUnit:l1': '吨',
		'ChainLink:l2': '稀土氧化物',
		'ChainEdge:e1': '稀土氧化物 → 稀土金属',
		'Lead:d1': '（示例）宁波磁材公司',
	}
	const changes = [
		{ kind: 'company', companyId: 'c1', linkId: 'l1', cutPercent: 100 },
		{ kind: 'company', companyId: 'c1', linkId: null, cutPercent: 30 },
		{ kind: 'capacity', linkId: 'l1', delta: -3200 },
		{ kind: 'factor', edgeId: 'e1', value: 0.82 },
		{ kind: 'external', linkId: 'l2', cutPercent: 50 },
		{ kind: 'planned', record: 'lead', recordId: 'd1', fromYear: 2027 },
		{ kind: 'planned', record: 'project', recordId: 'gone-project-id', fromYear: null },
	]
	const scenario = (locale: 'zh-CN' | 'en') => {
		const { t } = i18nFor(locale)
		const localeFormat: AuditFormat = { ...format, t, names, locale }
		const [change] = auditChanges('Scenario', { name: '甲', changes: [] }, { name: '甲', changes })
		expect(auditRefs([change!.after]).get('Company')).toEqual(new Set(['c1']))
		return formatAuditValue(change!.after, localeFormat)
	}
	expect(scenario('zh-CN').split('、')).toEqual([
		'（示例）赣州稀土合金有限公司在钕铁硼合金停产',
		'（示例）赣州稀土合金有限公司在其所在的各环节减产 30%',
		'钕铁硼合金产能减少 3,200 吨',
		'稀土氧化物 → 稀土金属 转换系数改为 0.82',
		'稀土氧化物的县外供应切断 50%',
		'线索“（示例）宁波磁材公司”按规划产能落地，自 2027 年起',
		'项目“已删除的记录（编号 gone-pro…）”按规划产能落地，自其预计年份起',
	])
	expect(scenario('en').split('; ')).toEqual([
		'（示例）赣州稀土合金有限公司 stops at 钕铁硼合金',
		'（示例）赣州稀土合金有限公司 cuts output by 30% at every link it is at',
		'钕铁硼合金 capacity down 3,200 t',
		'Conversion factor of 稀土氧化物 → 稀土金属 set to 0.82',
		'Outside supply of 稀土氧化物 cut by 50%',
		'Lead “（示例）宁波磁材公司” lands with its planned capacity, from 2027',
		'Project “Deleted record (ID gone-pro…)” lands with its planned capacity, from the year it expects',
	])
	// A change that no longer parses is still shown, as it was stored.
	const [odd] = auditChanges('Scenario', null, { changes: [{ kind: 'nonsense' }] })
	expect(formatAuditValue(odd!.after, format)).toBe('{"kind":"nonsense"}')
})
