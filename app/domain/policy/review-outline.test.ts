import { expect, test } from 'vitest'
import { extractTargets } from './extract-targets'
import { documentOutline, fieldSpans, locateSource, type SpanValues } from './review-outline'

const PLAN = [
	'（测试）工业园区提质增效三年行动方案（2025-2027年）',
	'一、主要目标',
	'到2027年，建成2-3个公共服务平台和20个左右示范车间。',
	'二、重点任务',
	'（一）培育企业。每个园区每年新增规上企业三家以上。〔责任单位：区工信局、区统计局〕',
	'1．强化服务。',
	'重点任务分工表',
	'序号\t重点任务\t牵头单位',
	'1\t年均新增省级专精特新企业5家以上。\t区科技局',
].join('\n')

const kinds = (text: string) => documentOutline(text).map((b) => [b.kind, text.slice(b.start, b.end)])

test('the outline: headings, numbered items, paragraphs and a table with its rows and cells, in order', () => {
	expect(kinds(PLAN)).toEqual([
		['paragraph', '（测试）工业园区提质增效三年行动方案（2025-2027年）'],
		['heading', '一、主要目标'],
		['paragraph', '到2027年，建成2-3个公共服务平台和20个左右示范车间。'],
		['heading', '二、重点任务'],
		['item', '（一）培育企业。每个园区每年新增规上企业三家以上。〔责任单位：区工信局、区统计局〕'],
		['item', '1．强化服务。'],
		['paragraph', '重点任务分工表'],
		['table', '序号\t重点任务\t牵头单位\n1\t年均新增省级专精特新企业5家以上。\t区科技局'],
	])
	const table = documentOutline(PLAN).at(-1)!
	expect(table.kind === 'table' && table.rows.map((row) => row.cells.map((c) => PLAN.slice(c.start, c.end)))).toEqual([
		['序号', '重点任务', '牵头单位'],
		['1', '年均新增省级专精特新企业5家以上。', '区科技局'],
	])
})

test('a short sub-heading is a heading of level 2; a line of text between table rows stays in the table as one cell', () => {
	const text = '（一）主要目标\n序号\t任务\n一、工业\n1\t新增企业5家\n（二）招大引强。引进项目3个。'
	const [heading, table, item] = documentOutline(text)
	expect(heading).toMatchObject({ kind: 'heading', level: 2 })
	expect(item).toMatchObject({ kind: 'item' })
	expect(table!.kind === 'table' && table!.rows.map((r) => r.cells.length)).toEqual([2, 1, 2])
})

test('an empty text has no blocks; blank lines make none', () => {
	expect(documentOutline('')).toEqual([])
	expect(kinds('甲\n\n  \n乙')).toEqual([
		['paragraph', '甲'],
		['paragraph', '乙'],
	])
})

const values = (over: Partial<SpanValues>): SpanValues => ({
	metric: '',
	value: '',
	valueMax: '',
	unit: '',
	period: 'by_year',
	startYear: '',
	endYear: '',
	stages: '',
	responsibleUnits: [],
	members: '',
	...over,
})
const marked = (text: string, spans: ReturnType<typeof fieldSpans>) => spans.map((s) => [s.field, text.slice(s.start, s.end)])

test('each field of an extracted target marks the characters it was read from: range, unit, year, metric pieces', () => {
	const targets = extractTargets(PLAN)
	const platforms = targets.find((t) => t.metric.includes('公共服务平台'))!
	const spans = fieldSpans(
		PLAN,
		{ start: platforms.start, end: platforms.end },
		values({ metric: platforms.metric, value: '2', valueMax: '3', unit: '个', endYear: '2027' }),
	)
	expect(marked(PLAN, spans)).toEqual(
		expect.arrayContaining([
			['value', '2-3'],
			['unit', '个'],
			['metric', '公共服务平台'],
		]),
	)
	// The year is before the clause the extractor cut; over the whole sentence it is found too.
	const sentence = PLAN.indexOf('到2027年')
	expect(marked(PLAN, fieldSpans(PLAN, { start: sentence, end: platforms.end }, values({ endYear: '2027' })))).toEqual([['years', '2027年']])
})

test('a Chinese numeral, a per-member word, an annual period and 责任单位 in the note after the clause', () => {
	const start = PLAN.indexOf('每个园区')
	const end = PLAN.indexOf('以上。〔') + 2
	const spans = fieldSpans(
		PLAN,
		{ start, end },
		values({ metric: '新增规上企业', value: '3', unit: '家', period: 'annual', responsibleUnits: ['区工信局', '区统计局'], members: '园区' }),
	)
	expect(marked(PLAN, spans)).toEqual([
		['members', '每个园区'],
		['years', '每年'],
		['metric', '新增规上企业'],
		['value', '三'],
		['unit', '家'],
		['responsibleUnits', '区工信局'],
		['responsibleUnits', '区统计局'],
	])
})

test('a table row: the unit is the cell of its row, not a name elsewhere; a number inside a longer one is not the value', () => {
	const start = PLAN.indexOf('年均新增')
	const end = PLAN.indexOf('\t区科技局')
	const spans = fieldSpans(PLAN, { start, end }, values({ value: '5', unit: '家', period: 'annual', responsibleUnits: ['区科技局'] }))
	const unit = spans.find((s) => s.field === 'responsibleUnits')!
	expect(unit.start).toBe(end + 1)
	expect(marked('x 2025 5', fieldSpans('x 2025 5', { start: 0, end: 8 }, values({ value: '5' })))).toEqual([['value', '5']])
})

test('a source is found by its offsets, else by its text; a field not in the source marks nothing', () => {
	expect(locateSource('甲乙丙乙丙', { excerpt: '乙丙', start: 3, end: 5 })).toEqual({ start: 3, end: 5 })
	expect(locateSource('甲乙丙乙丙', { excerpt: '乙丙', start: -1, end: -1 })).toEqual({ start: 1, end: 3 })
	expect(locateSource('甲乙丙', { excerpt: '丁', start: 0, end: 1 })).toBeNull()
	expect(fieldSpans('新增企业5家', { start: 0, end: 6 }, values({ metric: '外资', value: '7', unit: '亿元' }))).toEqual([])
})
