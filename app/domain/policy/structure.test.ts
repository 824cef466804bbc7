import { expect, test } from 'vitest'
import { extractTargets } from './extract-targets'
import { isUnitList, readTables, readUnitStructure } from './structure'

const unitsByMetric = (text: string) => extractTargets(text).map((t) => [t.metric, t.value, t.responsibleUnits.join('、')])

test('a task table: the header names the unit columns, lead before supporting', () => {
	const text = [
		'附件',
		'重点任务分工表',
		'序号\t重点任务\t牵头单位\t配合单位',
		'1\t年均新增省级专精特新企业5家以上。\t区工信局\t区科技局、区市场监管局',
		'2\t每年引进亿元以上项目12个以上，其中制造业项目8个以上。\t区商务局\t各乡镇',
	].join('\n')
	const [table] = readTables(text)
	expect(table!.unitColumns).toEqual([2, 3])
	expect(table!.rows).toHaveLength(2)
	expect(unitsByMetric(text)).toEqual([
		['年均新增省级专精特新企业', 5, '区工信局、区科技局、区市场监管局'],
		['引进亿元以上项目', 12, '区商务局、各乡镇'],
		['引进制造业项目', 8, '区商务局、各乡镇'],
	])
})

test('a merged unit cell (〃 from the reader, or 同上 as written) serves the rows under it; an empty one names nobody; a 〔责任单位〕 note in a row serves that row only', () => {
	const text = [
		'序号\t工作任务\t责任单位',
		'1\t新增规上工业企业20家。\t区工信局、区统计局',
		'2\t新增高新技术企业15家。\t〃',
		'3\t新建5G基站300个〔责任单位：区通信办〕。\t区工信局',
		'4\t培育链主企业2家。\t同上',
		'5\t新增上市企业1家。\t',
	].join('\n')
	expect(unitsByMetric(text)).toEqual([
		['新增规上工业企业', 20, '区工信局、区统计局'],
		['新增高新技术企业', 15, '区工信局、区统计局'],
		['新建5G基站', 300, '区通信办'],
		['培育链主企业', 2, '区工信局'],
		['新增上市企业', 1, ''],
	])
})

test('a table without a header (continued from the page before) finds its unit column by its contents', () => {
	const text = ['12\t每年举办产业链招商活动10场以上。\t区商务局、区投促中心', '13\t年均新增上市企业1家。\t区金融办'].join('\n')
	expect(readTables(text)[0]!.unitColumns).toEqual([2])
	expect(unitsByMetric(text)).toEqual([
		['举办产业链招商活动', 10, '区商务局、区投促中心'],
		['年均新增上市企业', 1, '区金融办'],
	])
})

test('a table flattened to text: a line of unit names under its measure', () => {
	const text = [
		'三、重点任务分工',
		'1．年均新增省级专精特新企业5家以上。',
		'区工信局、区科技局',
		'2．每年组织外出招商活动不少于20次。',
		'区商务局',
		'3．加强要素保障。',
		'召开推进会',
	].join('\n')
	expect(unitsByMetric(text)).toEqual([
		['年均新增省级专精特新企业', 5, '区工信局、区科技局'],
		['组织外出招商活动', 20, '区商务局'],
	])
	// Ordinary short lines are not lists of units.
	expect(['召开推进会', '加强组织领导', '区工信局、区科技局', '各县（市、区）政府', '赣州高新区管委会', '各乡镇（街道）'].map(isUnitList)).toEqual([
		false,
		false,
		true,
		true,
		true,
		true,
	])
})

test('"以下…不再列出" adds its units to every target after it, up to the next top-level heading', () => {
	const text = [
		'四、重点任务',
		'序号\t重点任务\t责任单位',
		'1\t新增规上工业企业20家。\t区工信局',
		'（以下各项均由各乡镇落实，不再列出）',
		'2\t每年引进项目10个以上。\t区商务局',
		'3\t新增限上商贸企业30家。',
		'五、保障措施',
		'每年培训干部100人次。',
	].join('\n')
	const { standing } = readUnitStructure(text)
	expect(standing.map((s) => s.units)).toEqual([['各乡镇']])
	expect(unitsByMetric(text)).toEqual([
		['新增规上工业企业', 20, '区工信局'],
		['引进项目', 10, '区商务局、各乡镇'],
		['新增限上商贸企业', 30, '各乡镇'],
		['培训干部', 100, ''],
	])
	const another = '以下任务各乡镇（街道）均需落实，不再一一列出。\n每年新增市场主体500户。'
	expect(unitsByMetric(another)).toEqual([['新增市场主体', 500, '各乡镇（街道）']])
})

test('the 〔责任单位〕 notes of a numbered item still serve it, as before', () => {
	const text = '（一）招大引强\n1．每年引进亿元以上项目10个以上。〔责任单位：区商务局、区发改委〕\n2．新增规上企业20家。\n区工信局'
	expect(unitsByMetric(text)).toEqual([
		['引进亿元以上项目', 10, '区商务局、区发改委'],
		['新增规上企业', 20, '区工信局'],
	])
})

test('a table without unit columns (a list of indicators) leaves its targets to the item note around it', () => {
	const text = '1．主要目标\n序号\t指标\n1\t规上工业企业数量达到80家\n2\t新增高新技术企业15家\n〔责任单位：区工信局〕'
	expect(readTables(text)[0]!.unitColumns).toEqual([])
	expect(unitsByMetric(text)).toEqual([
		['规上工业企业数量', 80, '区工信局'],
		['新增高新技术企业', 15, '区工信局'],
	])
})
