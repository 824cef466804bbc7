import { describe, expect, test } from 'vitest'
import { i18nFor } from './i18n'
import { en, en as enMessages } from './locales/en'
import { zhCN } from './locales/zh-CN'

describe('i18nFor', () => {
	test('gives each locale one shared instance in its own language', () => {
		expect(i18nFor('zh-CN')).toBe(i18nFor('zh-CN'))
		expect(i18nFor('en')).not.toBe(i18nFor('zh-CN'))
		expect(i18nFor('zh-CN').t('app.sample')).toBe(zhCN.app.sample)
		expect(i18nFor('en').t('app.sample')).toBe(en.app.sample)
	})

	test('still resolves each language chain after the chains are memoized', () => {
		const t = i18nFor('en').t
		// Warm the memo with one chain, then ask for others: each keeps its own.
		expect(t('app.sample')).toBe(en.app.sample)
		expect(t('app.sample', { lng: 'zh-CN' })).toBe(zhCN.app.sample)
		// A language without resources falls back to zh-CN, the default.
		expect(t('app.sample', { lng: 'fr' })).toBe(zhCN.app.sample)
		expect(t('app.sample')).toBe(en.app.sample)
	})

	test('interpolates and pluralizes as before', () => {
		const zh = i18nFor('zh-CN').t('leads.board.more', { count: 3 })
		const english = i18nFor('en').t('leads.board.more', { count: 3 })
		expect(zh).toContain('3')
		expect(english).toContain('3')
		expect(english).not.toBe(zh)
	})
})

describe('English counts agree with their number (i18next plural forms, key_one / key_other)', () => {
	const en = i18nFor('en').t
	const zh = i18nFor('zh-CN').t
	test.each([
		['serviceLevels.workingDays', {}, '1 working day', '3 working days'],
		['commitments.detail.due', { deadline: 'Start', date: '2026-09-08' }, 'Start 2026-09-08: 1 day left', 'Start 2026-09-08: 3 days left'],
		[
			'commitments.detail.overdue',
			{ deadline: 'Start', date: '2026-09-06' },
			'Start 2026-09-06 passed, 1 day overdue',
			'Start 2026-09-06 passed, 3 days overdue',
		],
		['calendar.overdueDays', {}, ' (overdue 1 day)', ' (overdue 3 days)'],
		['leads.bulk.done', {}, '1 lead updated.', '3 leads updated.'],
		['sessions.revokedAll', {}, '1 session ended.', '3 sessions ended.'],
		['importer.commit.blocked', {}, '1 row still has errors: fix or skip it first.', '3 rows still have errors: fix or skip them first.'],
	])('%s', (key, options, one, three) => {
		expect(en(key, { ...options, count: 1 })).toBe(one)
		expect(en(key, { ...options, count: 3 })).toBe(three)
		// Chinese has one form: the same words for 1 and 3.
		expect(zh(key, { ...options, count: 1 }).replace('1', '3')).toBe(zh(key, { ...options, count: 3 }))
	})

	test('the service levels read “1 working day” and no English message with a count says “(s)”', () => {
		expect(
			en('serviceLevels.stageSummary', { followUp: en('serviceLevels.workingDays', { count: 1 }), stall: en('serviceLevels.workingDays', { count: 10 }) }),
		).toBe('follow up within 1 working day, stalled after 10 working days')
		const texts: string[] = []
		const walk = (node: unknown) =>
			typeof node === 'string' ? texts.push(node) : node && typeof node === 'object' ? Object.values(node).forEach(walk) : undefined
		walk(enMessages)
		expect(texts.filter((text) => /\{\{count\}\}/.test(text) && /\(s\)/.test(text))).toEqual([])
	})
})
