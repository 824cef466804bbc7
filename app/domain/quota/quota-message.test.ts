import { expect, test } from 'vitest'
import { i18nFor } from '~/i18n/i18n'
import { itemDetailText, quotaMessageText } from './quota-message'

const zh = i18nFor('zh-CN').t
const en = i18nFor('en').t

test('a problem reads in the reader’s language with its values', () => {
	const problem = { key: 'unit_not_convertible', values: { link: '稀土金属', unit: '台', quotaUnit: 't' } }
	expect(quotaMessageText(problem, zh, 'zh-CN')).toBe('稀土金属：计量单位 台 无法换算为 t')
	// The units are data: named in English on English pages.
	expect(quotaMessageText(problem, en, 'en')).toBe('稀土金属: its unit (units) cannot be converted to t')
	expect(quotaMessageText({ key: 'revenue_not_money', values: { quotaUnit: '家' } }, en, 'en')).toBe(
		'revenue is in CNY, but the quota counts firms: it cannot be summed',
	)
	expect(quotaMessageText({ key: 'revenue_unknown', values: { companies: 3 } }, en, 'en')).toBe(
		'revenue unknown for 3 companies that meet the other conditions; they are not counted',
	)
})

test('a name with its English beside it (link and linkEn) reads in English on English pages: chain links, as data names them', () => {
	const problem = { key: 'unit_not_convertible', values: { link: '稀土金属', linkEn: 'Rare-earth metals', unit: '台', quotaUnit: 't' } }
	expect(quotaMessageText(problem, zh, 'zh-CN')).toBe('稀土金属：计量单位 台 无法换算为 t')
	expect(quotaMessageText(problem, en, 'en')).toBe('Rare-earth metals: its unit (units) cannot be converted to t')
	const figure = { key: 'link_figure', values: { link: '稀土金属', linkEn: 'Rare-earth metals', value: 1200, unit: '吨' } }
	expect(itemDetailText(figure, zh, 'zh-CN')).toBe('稀土金属 1200 吨')
	expect(itemDetailText(figure, en, 'en')).toBe('Rare-earth metals 1200 t')
	const links = { key: 'links', values: { links: '稀土金属、钕铁硼磁材', linksEn: 'Rare-earth metals, NdFeB magnets' } }
	expect(itemDetailText(links, en, 'en')).toBe('Rare-earth metals, NdFeB magnets')
})

test('amounts (values named …CNY) are formatted for the locale: 亿元 in Chinese, CNY millions in English', () => {
	const increment = { key: 'increment_only', values: { incrementCNY: 200_000_000 } }
	expect(quotaMessageText(increment, zh, 'zh-CN')).toBe('增资：仅计增量 2 亿元')
	expect(quotaMessageText(increment, en, 'en')).toBe('capital increase: only the increment of CNY 200 M counts')
	const below = { key: 'below_min', values: { amountCNY: 150_000_000, minCNY: 500_000_000 } }
	expect(quotaMessageText(below, zh, 'zh-CN')).toBe('1.5 亿元 < 5 亿元')
	expect(quotaMessageText(below, en, 'en')).toBe('CNY 150 M < CNY 500 M')
	expect(quotaMessageText({ key: 'below_min_unknown', values: { minCNY: 1_000_000_000 } }, en, 'en')).toBe('unknown < CNY 1,000 M')
})

test('every message key a counting function uses has a text in both languages; an unknown key shows as the code', () => {
	const keys = [
		'invalid_filters',
		'unknown_kind',
		'invalid_rules',
		'revenue_unknown',
		'unit_not_convertible',
		'no_output_figures',
		'no_capacity_figures',
		'no_revenue_figures',
		'revenue_not_money',
		'increment_only',
		'below_min',
		'below_min_unknown',
		'links',
		'link_figure',
		'unit_mismatch',
	]
	for (const t of [zh, en]) for (const key of keys) expect(t(`quota.messages.${key}`, { defaultValue: '' })).not.toBe('')
	expect(quotaMessageText({ key: 'no_such_message', values: {} }, en, 'en')).toBe('no_such_message')
})

test('an item’s stored data is shown as is; a message is translated', () => {
	expect(itemDetailText('gaoxin 2025', en, 'en')).toBe('gaoxin 2025')
	expect(itemDetailText(null, en, 'en')).toBeNull()
	expect(itemDetailText({ key: 'increment_only', values: { incrementCNY: 50_000_000 } }, zh, 'zh-CN')).toBe('增资：仅计增量 5,000 万元')
})
