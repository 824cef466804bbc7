import { expect, test } from 'vitest'
import { sameMetric } from './consolidate'
import { extractTargets, readTargets } from './extract-targets'

// Examples written for these tests (not from the seed documents).

test('a target restated in the task table is one target citing both places, with the table’s units', () => {
	const text = [
		'一、发展目标',
		'到2026年，全市新增省级专精特新企业12家以上。',
		'二、任务分工',
		'（三）梯度培育。到2026年，新增省级专精特新企业12家以上。〔责任单位：市工信局、市市场监管局〕',
	].join('\n')
	expect(readTargets(text)).toHaveLength(2)
	const [target, ...rest] = extractTargets(text)
	expect(rest).toEqual([])
	expect(target).toMatchObject({ value: 12, op: '>=', unit: '家', endYear: 2026, responsibleUnits: ['市工信局', '市市场监管局'] })
	expect(target!.sources.map((s) => [s.section, s.excerpt])).toEqual([
		['一', '全市新增省级专精特新企业12家以上'],
		['二（三）', '新增省级专精特新企业12家以上'],
	])
	expect(text.slice(target!.sources[1]!.start, target!.sources[1]!.end)).toBe(target!.sources[1]!.excerpt)
})

test('different values, years or things counted are not restatements', () => {
	const text = '到2026年，新增高新技术企业30家。到2027年，新增高新技术企业30家。每年新增高新技术企业30家。引进亿元以上项目8个，引进项目8个。'
	// The same 30家 by 2026 and by 2027 is neither one stage nor a restatement: two targets.
	expect(extractTargets(text).map((t) => [t.period, t.endYear, t.stages.length])).toEqual([
		['by_year', 2026, 0],
		['by_year', 2027, 0],
		['annual', 2027, 0],
		['by_year', 2027, 0],
		['by_year', 2027, 0],
	])
	expect(sameMetric('引进项目', '引进亿元以上项目')).toBe(false)
	expect(sameMetric('新增规模以上工业企业', '全县新增规模以上工业企业')).toBe(true)
})

test('a staged target is one target with a value per year, across sentences or clauses', () => {
	const [share, ...none] = extractTargets('到2025年，规上企业研发机构覆盖率达到35%；到2026年达到42%；到2027年达到50%。')
	expect(none).toEqual([])
	expect(share).toMatchObject({ metric: '规上企业研发机构覆盖率', value: 50, endYear: 2027, unit: '%' })
	expect(share!.stages).toEqual([
		{ year: 2025, value: 35, valueMax: null },
		{ year: 2026, value: 42, valueMax: null },
		{ year: 2027, value: 50, valueMax: null },
	])
	expect(share!.sources).toHaveLength(3)
	const [output] = extractTargets('力争2025年电子信息产业营收达到80亿元，2026年达到100亿元，2027年达到130亿元。')
	expect(output!.stages.map((s) => [s.year, s.value])).toEqual([
		[2025, 80],
		[2026, 100],
		[2027, 130],
	])
	expect(output!.normalized).toEqual({ value: 13_000_000_000, unit: 'CNY' })
})

test('stages need not follow each other: a later sentence of the section can carry the next year of several targets', () => {
	const text = [
		'二、发展目标',
		'到2026年，全县规上工业企业突破120家，高新技术企业超过45家。',
		'到2028年，规上工业企业和高新技术企业分别超过150家和60家。',
	].join('\n')
	const targets = extractTargets(text)
	expect(targets.map((t) => [t.metric, t.op, t.stages.map((s) => [s.year, s.value])])).toEqual([
		[
			'全县规上工业企业',
			'>',
			[
				[2026, 120],
				[2028, 150],
			],
		],
		[
			'全县高新技术企业',
			'>',
			[
				[2026, 45],
				[2028, 60],
			],
		],
	])
	// In another section the same metric is another target.
	const apart = extractTargets(['一、目标', '到2026年，新增规上企业20家。', '二、任务', '到2028年，新增规上企业30家。'].join('\n'))
	expect(apart.map((t) => t.stages.length)).toEqual([0, 0])
})

test('a later year of another unit or metric is not a stage', () => {
	const targets = extractTargets('到2025年，新增规上企业20家。到2026年，工业投资增长8%。')
	expect(targets.map((t) => t.stages.length)).toEqual([0, 0])
})

test('per-member targets are marked with their member, which leaves the metric', () => {
	const [perPark, perTown, total] = extractTargets('每个园区每年引进2个以上亿元项目。各乡镇每年新签约项目不少于4个。全县每年引进项目50个以上。')
	expect(perPark).toMatchObject({ members: '园区', metric: '引进亿元项目', value: 2, filters: { minInvestmentCNY: 100_000_000 } })
	expect(perPark!.notes).not.toContain('membersLoose')
	expect(perTown).toMatchObject({ members: '乡镇', metric: '新签约项目', value: 4 })
	expect(perTown!.notes).toContain('membersLoose')
	expect(total!.members).toBeNull()
})

test('a group of units (一组单位…) owes every target of its item; units named before 均需, or 各… before 必须, each owe theirs', () => {
	const text = [
		'2、县直部门目标：',
		'①一组单位完成签约资金2000万元，实际到位资金1000万元；新引进3户企业入驻产业园。',
		'②二组单位签约资金1500万元，实际到位资金800万元；新引进3户企业入驻产业园。',
		'全县各乡镇招商分队，必须引进一个投资超5000万元的工业项目。城东园区、城西园区均需引进一个投资超亿元的工业项目。',
		'建成一个综合服务平台。',
	].join('\n')
	expect(extractTargets(text).map((t) => [t.metric, t.value, t.unit, t.members])).toEqual([
		['签约资金', 2000, '万元', '一组单位'],
		['实际到位资金', 1000, '万元', '一组单位'],
		['新引进企业入驻产业园', 3, '户', '一组单位'],
		['签约资金', 1500, '万元', '二组单位'],
		['实际到位资金', 800, '万元', '二组单位'],
		// The same words and value as the first group's, owed by another group: not a restatement.
		['新引进企业入驻产业园', 3, '户', '二组单位'],
		['引进投资超5000万元的工业项目', 1, '个', '全县各乡镇招商分队'],
		['引进投资超亿元的工业项目', 1, '个', '城东园区、城西园区'],
		// 一个 with no one obliged to bring it is an article, not a count.
	])
})
