import { expect, test } from 'vitest'
import { i18nFor } from '~/i18n/i18n'
import { digestCounts, digestHasNews, notificationKey, notificationText } from './items'

test('keys: an overdue lead once per due day, a quota behind once a month', () => {
	expect(notificationKey.leadOverdue('L1', '2026-12-01')).toBe('lead_overdue:L1:2026-12-01')
	expect(notificationKey.quotaBehind('Q1', '2026-12-07')).toBe(notificationKey.quotaBehind('Q1', '2026-12-31'))
	expect(notificationKey.quotaBehind('Q1', '2026-12-07')).not.toBe(notificationKey.quotaBehind('Q1', '2027-01-01'))
})

test('sentences in both languages from stored parameters', () => {
	const zh = i18nFor('zh-CN').t
	const en = i18nFor('en').t
	const overdue = { kind: 'lead_overdue', params: JSON.stringify({ company: '赣州示例稀土有限公司', day: '2026-12-01' }) }
	expect(notificationText(zh, overdue)).toBe('赣州示例稀土有限公司：下一步行动日期 2026-12-01 已过，尚未跟进')
	expect(notificationText(en, overdue)).toBe('赣州示例稀土有限公司: the next action was due on 2026-12-01 and has not been done')
	const changed = { kind: 'record_changed', params: JSON.stringify({ entity: 'Project', name: '永磁电机项目', by: '李领导', action: 'update' }) }
	expect(notificationText(zh, changed)).toBe('李领导修改了您负责的项目“永磁电机项目”')
	expect(notificationText(en, changed)).toBe('李领导 changed your project “永磁电机项目”')
	const behind = { kind: 'quota_behind', params: JSON.stringify({ metric: '引进项目', done: 30, pace: 92 }) }
	expect(notificationText(zh, behind)).toBe('目标“引进项目”落后于进度：已完成 30%，按进度此时应完成 92%')
	expect(notificationText(en, behind)).toBe('Target “引进项目” is behind its pace: 30% done where the pace asks 92% by now')
	expect(notificationText(en, { kind: 'nonsense', params: '{' })).toBe('Notification')
})

test('digest counts', () => {
	const counts = digestCounts([{ kind: 'lead_overdue' }, { kind: 'lead_overdue' }, { kind: 'record_changed' }, { kind: 'digest' }])
	expect(counts).toEqual({ overdue: 2, due: 0, changed: 1, behind: 0 })
	expect(digestHasNews(counts)).toBe(true)
	expect(digestHasNews({ overdue: 0, due: 0, changed: 0, behind: 0 })).toBe(false)
})
