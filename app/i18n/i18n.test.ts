import { describe, expect, test } from 'vitest'
import { i18nFor } from './i18n'
import { en } from './locales/en'
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
