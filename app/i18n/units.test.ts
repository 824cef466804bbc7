import { expect, test } from 'vitest'
import { localizedQuantity, unitLabel } from './units'

const CJK = /[\u3400-\u9fff]/u

test('Chinese pages show a unit as written', () => {
	for (const unit of ['家', '个', '台', '吨', '万吨', '亿元', 't REO', 'MW']) expect(unitLabel(unit, 'zh-CN')).toBe(unit)
	expect(localizedQuantity(3, '万吨', 'zh-CN')).toEqual({ value: 3, unit: '万吨' })
})

test('English pages name count units by what they count, singular for one', () => {
	expect(unitLabel('家', 'en')).toBe('firms')
	expect(unitLabel('家', 'en', { value: 1 })).toBe('firm')
	expect(unitLabel('台', 'en', { value: 20_000 })).toBe('units')
	expect(unitLabel('辆', 'en')).toBe('vehicles')
	expect(unitLabel('个', 'en')).toBe('items')
	expect(unitLabel('项', 'en')).toBe('items')
	expect(unitLabel('个', 'en', { counting: 'projects' })).toBe('projects')
	expect(unitLabel('项', 'en', { counting: 'projects', value: 1 })).toBe('project')
	expect(unitLabel('次', 'en')).toBe('times')
	expect(unitLabel('场', 'en')).toBe('events')
})

test('English pages write measures by their symbols and 万/亿 units by the app’s conventions', () => {
	expect(unitLabel('吨', 'en')).toBe('t')
	expect(unitLabel('吨 REO', 'en')).toBe('t REO')
	expect(unitLabel('万吨', 'en')).toBe('10k t')
	expect(unitLabel('亿元', 'en')).toBe('CNY 100 M')
	expect(unitLabel('万元', 'en')).toBe('CNY 10,000')
	expect(unitLabel('万台', 'en')).toBe('10k units')
	expect(unitLabel('千瓦时', 'en')).toBe('kWh')
	expect(unitLabel('平方米', 'en')).toBe('m²')
	expect(unitLabel('亩', 'en')).toBe('mu')
	expect(unitLabel('个百分点', 'en')).toBe('pp')
	// Units already in English, and units we do not know, stay as written.
	expect(unitLabel('t REO', 'en')).toBe('t REO')
	expect(unitLabel('MW', 'en')).toBe('MW')
	expect(unitLabel('kWh', 'en')).toBe('kWh')
	expect(unitLabel('朵', 'en')).toBe('朵')
})

test('an English figure with a 万 or 亿 unit is rescaled to its base unit; money reads in CNY M or bn', () => {
	expect(localizedQuantity(3, '万吨', 'en')).toEqual({ value: 30_000, unit: 't' })
	expect(localizedQuantity(1.5, '万吨 REO', 'en')).toEqual({ value: 15_000, unit: 't REO' })
	expect(localizedQuantity(20_000, '台', 'en')).toEqual({ value: 20_000, unit: 'units' })
	expect(localizedQuantity(1, '台', 'en')).toEqual({ value: 1, unit: 'unit' })
	expect(localizedQuantity(2, '亿元', 'en')).toEqual({ value: 200, unit: 'CNY M' })
	expect(localizedQuantity(30, '亿元', 'en')).toEqual({ value: 3, unit: 'CNY bn' })
	expect(localizedQuantity(3_000, 't REO', 'en')).toEqual({ value: 3_000, unit: 't REO' })
})

test('no unit the app knows leaves a Chinese character on an English page', () => {
	const written = [
		'家',
		'个',
		'项',
		'户',
		'所',
		'座',
		'条',
		'场',
		'场次',
		'次',
		'人次',
		'批次',
		'人',
		'名',
		'位',
		'台',
		'套',
		'件',
		'只',
		'处',
		'支',
		'款',
		'种',
		'部',
		'篇',
		'辆',
		'间',
		'栋',
		'例',
	]
	const measures = ['元', '美元', '吨', '吨标准煤', '千克', '公斤', '千瓦时', '度', '兆瓦', '吉瓦', '平方公里', '平方米', '公顷', '公里', '标准箱', '亩', '倍']
	for (const unit of [...written, ...measures, ...['万', '亿'].flatMap((prefix) => [...written, ...measures].map((u) => prefix + u))]) {
		expect(unitLabel(unit, 'en'), unit).not.toMatch(CJK)
		expect(localizedQuantity(2, unit, 'en').unit, unit).not.toMatch(CJK)
	}
})
