import { expect, test } from 'vitest'
import { findPlanYears, findUnitNotes, quotedMask, splitBlocks, splitUnitNames } from './document'

const sectionsOf = (text: string) => splitBlocks(text).map((b) => [b.section, text.slice(b.start, b.end).trim().split('\n')[0]])

test('sections: item under its sub-heading, headings alone, nothing before the first heading', () => {
	const text = [
		'标题',
		'一、总体目标',
		'（二）提升目标',
		'到2026年…',
		'二、重点任务',
		'（六）延链强链',
		'16．强化招大引强。',
		'17、创新招商方式。',
		'（七）治理能力',
		'（1）第一项',
		'三、保障措施',
	].join('\n')
	expect(sectionsOf(text)).toEqual([
		[null, '标题'],
		['一', '一、总体目标'],
		['一（二）', '（二）提升目标'],
		['二', '二、重点任务'],
		['二（六）', '（六）延链强链'],
		['（六）16', '16．强化招大引强。'],
		['（六）17', '17、创新招商方式。'],
		['二（七）', '（七）治理能力'],
		['（七）1', '（1）第一项'],
		['三', '三、保障措施'],
	])
})

test('a （1） under a 1． item is a sub-item; ① counts as an item; an item without sub-heading hangs under the top heading', () => {
	const text = ['一、目标', '1.总量目标', '（1）产值', '（2）企业', '2.结构目标', '①第一', '二、任务', '（一）招商', '①引进'].join('\n')
	expect(splitBlocks(text).map((b) => b.section)).toEqual(['一', '一1', '一1（1）', '一1（2）', '一2', '一2（1）', '二', '二（一）', '（一）1'])
	const [, item, sub1, sub2, next] = splitBlocks(text)
	expect(sub1!.item).toBe(item!.item)
	expect(sub2!.item).toBe(item!.item)
	expect(next!.item).not.toBe(item!.item)
})

test('an item number followed by a year is an item; a decimal at the start of a line is not', () => {
	const text = ['（一）招商', '1．2025年，引进项目3个。', '2.2026年，引进项目5个。', '3.5亿元以上项目优先。'].join('\n')
	expect(splitBlocks(text).map((b) => b.section)).toEqual(['（一）', '（一）1', '（一）2'])
})

test('paragraphs under 发展现状 or 发展基础 are background; a task heading that mentions 基础 is not', () => {
	const text = ['一、发展基础', '2022年营收412亿元。', '二、重点任务', '（一）夯实产业基础', '新增企业10家。', '（二）发展现状', '现有企业86家。'].join('\n')
	expect(splitBlocks(text).map((b) => b.background)).toEqual([true, false, false, true])
})

test('plan years come from the title: spans, five-year plans and single-year work plans; dates are not plans', () => {
	expect(findPlanYears('关于印发《某区稀土集群三年行动方案（2024-2026年）》的通知\n2024年5月12日\n一、目标')).toEqual({ startYear: 2024, endYear: 2026 })
	expect(findPlanYears('某市行动计划（2023—2025年）\n一、总体要求')).toEqual({ startYear: 2023, endYear: 2025 })
	expect(findPlanYears('某省“十四五”制造业高质量发展规划\n一、发展环境')).toEqual({ startYear: 2021, endYear: 2025 })
	expect(findPlanYears('青山县2025年招商引资工作方案\n一、目标任务')).toEqual({ startYear: 2025, endYear: 2025 })
	// A notice handing out the year's work: its table rows carry no year of their own.
	expect(findPlanYears('县政府办公室关于分解落实2026年政府工作任务的通知\n一、经济发展')).toEqual({ startYear: 2026, endYear: 2026 })
	expect(findPlanYears('省人民政府关于推进数字化转型的实施意见\n2024年3月1日\n一、主要目标')).toBeNull()
})

test('unit notes: bracketed or on their own line, lead units first, names split outside brackets', () => {
	const text = [
		'1．强化招商。每年引进项目10个。〔责任单位：区商务局、区工信局，赣州高新区招商局〕',
		'2．引进项目。（牵头单位：市商务局；配合单位：市工信局、各县（市、区）人民政府等）',
		'3．推进改造。【配合单位：市财政局】【责任单位：市工信局】',
		'4．建设平台。(责任单位:市科技局)',
		'5．招商活动。',
		'责任单位：县商务局、县工信局',
	].join('\n')
	const notes = splitBlocks(text).map((block) => findUnitNotes(text, block).map((n) => n.units))
	expect(notes).toEqual([
		[['区商务局', '区工信局', '赣州高新区招商局']],
		[['市商务局', '市工信局', '各县（市、区）人民政府']],
		[['市财政局'], ['市工信局']],
		[['市科技局']],
		[['县商务局', '县工信局']],
	])
	const [first] = findUnitNotes(text, { start: 0, end: text.indexOf('\n') })
	expect(text.slice(first!.start, first!.end)).toBe('〔责任单位：区商务局、区工信局，赣州高新区招商局〕')
	expect(splitUnitNames('市发展改革委、市工信局；市商务局等')).toEqual(['市发展改革委', '市工信局', '市商务局'])
})

test('a bracket of unit names ending in 牵头/牵头落实/牵头负责 is a lead note; other words before 牵头 are not', () => {
	const text = '6．淘汰落后产能。（市经信委、市国土资源局牵头落实）（区财政局牵头负责）（龙头企业牵头）（政府引导、企业牵头）'
	const notes = findUnitNotes(text, { start: 0, end: text.length })
	expect(notes.map((n) => [text.slice(n.start, n.end), n.units])).toEqual([
		['（市经信委、市国土资源局牵头落实）', ['市经信委', '市国土资源局']],
		['（区财政局牵头负责）', ['区财政局']],
	])
})

test('quoted names and titles are masked; an unmatched quote masks nothing', () => {
	const text = '推出“8个2000万元”措施，印发《若干措施20条》，“未闭合 10家'
	const mask = quotedMask(text)
	expect(mask[text.indexOf('8个')]).toBe(1)
	expect(mask[text.indexOf('20条')]).toBe(1)
	expect(mask[text.indexOf('10家')]).toBe(0)
})
