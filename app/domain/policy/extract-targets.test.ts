import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, test } from 'vitest'
import { z } from 'zod'
import { extractTargets, readTargets } from './extract-targets'
import { type ExtractedTarget, extractedTargetSchema } from './target'

const read = (file: string) => fs.readFileSync(path.resolve(file), 'utf8')
const SEED_PLAN = read('seeds/documents/ganxian-2024-39.txt')
const FIXTURES = 'tests/fixtures/policy'
const fixture = (name: string) => read(path.join(FIXTURES, name))

/** The one target of a clause (fails when there is not exactly one). */
function only(text: string) {
	const targets = extractTargets(text)
	expect(targets, text).toHaveLength(1)
	return targets[0]!
}
const summary = (t: ExtractedTarget) => ({ excerpt: t.excerpt, metric: t.metric, op: t.op, value: t.value, valueMax: t.valueMax, unit: t.unit })

/** Every record is schema-valid and its excerpt is the text at its offsets. */
function expectWellFormed(text: string, targets: ExtractedTarget[]) {
	for (const t of targets) {
		expect(extractedTargetSchema.parse(t)).toEqual(t)
		expect(text.slice(t.start, t.end)).toBe(t.excerpt)
		expect(t.metric.length).toBeLessThanOrEqual(40)
	}
}

describe('the 赣县区 plan (seeds/documents/ganxian-2024-39.txt)', () => {
	const targets = extractTargets(SEED_PLAN)

	test('finds every target of the hand-made seeds/quotas.json, in order, with the same numbers, period, years, section and units', () => {
		const seeded = z
			.array(
				z.object({
					section: z.string(),
					excerpt: z.string(),
					op: z.string(),
					value: z.number(),
					valueMax: z.number().nullable(),
					unit: z.string(),
					period: z.string(),
					startYear: z.number(),
					endYear: z.number(),
					units: z.array(z.string()),
				}),
			)
			.parse(JSON.parse(read('seeds/quotas.json')))
		expect(targets).toHaveLength(seeded.length)
		targets.forEach((t, i) => {
			const s = seeded[i]!
			expect({ ...t, units: t.responsibleUnits }).toMatchObject({
				op: s.op,
				value: s.value,
				valueMax: s.valueMax,
				unit: s.unit,
				period: s.period,
				startYear: s.startYear,
				endYear: s.endYear,
				section: s.section,
				units: s.units,
			})
			// Both are the clause: one may include a lead-in (到2026年，) the other leaves out.
			expect(t.excerpt.includes(s.excerpt) || s.excerpt.includes(t.excerpt), `${t.excerpt} / ${s.excerpt}`).toBe(true)
		})
		expectWellFormed(SEED_PLAN, targets)
	})

	test('每年引进稀土新材料及应用项目10个以上: the whole record', () => {
		const t = targets.find((x) => x.section === '（六）16')!
		expect(t).toEqual({
			excerpt: '每年引进稀土新材料及应用项目10个以上',
			start: SEED_PLAN.indexOf('每年引进稀土新材料及应用项目10个以上'),
			end: SEED_PLAN.indexOf('每年引进稀土新材料及应用项目10个以上') + '每年引进稀土新材料及应用项目10个以上'.length,
			metric: '引进稀土新材料及应用项目',
			op: '>=',
			value: 10,
			valueMax: null,
			unit: '个',
			normalized: { value: 10, unit: '个' },
			period: 'annual',
			startYear: 2024,
			endYear: 2026,
			filters: { categories: ['稀土新材料及应用'] },
			responsibleUnits: ['区商务局', '区工信局', '区财政局', '赣州高新区经发局', '赣州高新区招商局'],
			section: '（六）16',
			sources: [],
			stages: [],
			members: null,
			notes: [],
		})
	})

	test('metrics name what is counted, keeping the count verb and the shared subject of a list', () => {
		expect(targets.map((t) => t.metric)).toEqual([
			'集群规模以上企业',
			'集群产值',
			'新增高新技术企业',
			'集群平均研发投入强度',
			'科技成果转化',
			'参与制定稀土新产品、检测技术等国家标准、行业标准和团体标准等标准',
			'打造国家级绿色工厂',
			'省级绿色工厂',
			'培育营收超10亿元企业',
			'营收超20亿元企业',
			'培育“独角兽”企业、瞪羚企业、制造业单项冠军企业和专精特新“小巨人”企业',
			'引进稀土新材料及应用项目',
			'稀土金属及合金产量',
			'稀土磁性材料产量',
			'永磁电机产业链营收',
			'参与和举办会议论坛',
			'开展技术咨询服务',
		])
	})

	test('到2026年 targets, money and mass are normalised', () => {
		expect(targets[0]).toMatchObject({
			excerpt: '集群规模以上企业达50家',
			op: '=',
			value: 50,
			unit: '家',
			period: 'by_year',
			endYear: 2026,
			responsibleUnits: [],
		})
		expect(targets[1]).toMatchObject({ op: '>', value: 200, unit: '亿元', normalized: { value: 20_000_000_000, unit: 'CNY' } })
		expect(targets.find((t) => t.value === 10000)).toMatchObject({
			excerpt: '力争稀土金属及合金产量达10000吨以上',
			op: '>=',
			unit: '吨',
			normalized: { value: 10000, unit: 't' },
		})
	})

	test('nothing is read from the document number, meeting number, date, 5G or 万吨级 projects', () => {
		for (const noise of ['39号', '第48次', '2024年5月12日', '5G', '万吨级']) {
			expect(targets.filter((t) => t.excerpt.includes(noise)).map((t) => t.excerpt)).toEqual([])
		}
		expect(targets.every((t) => t.start > SEED_PLAN.indexOf('二、重点任务和举措') || t.section === '一（二）')).toBe(true)
	})
})

test('a news report about the same park yields nothing: its figures are facts, quotes and forecasts', () => {
	expect(extractTargets(fixture('news-report-ganzhou-hitech.txt'))).toEqual([])
})

describe('comparison words', () => {
	test.each([
		['每年引进项目10个以上', '>=', 10, null, '个'],
		['新增规上企业不少于20家', '>=', 20, null, '家'],
		['研发投入强度不低于2.5%', '>=', 2.5, null, '%'],
		['至少培育链主企业1家', '>=', 1, null, '家'],
		['培育小巨人企业3家及以上', '>=', 3, null, '家'],
		['营收超过3%', '>', 3, null, '%'],
		['产值突破200亿元', '>', 200, null, '亿元'],
		['营收超100亿元', '>', 100, null, '亿元'],
		['营收迈上百亿元台阶', '>=', 100, null, '亿元'],
		['集群产值达到150亿元', '=', 150, null, '亿元'],
		['规上企业达50家', '=', 50, null, '家'],
		['建成省级平台5个', '=', 5, null, '个'],
		['新增高新技术企业5-10家', 'range', 5, 10, '家'],
		['新增高新技术企业5～10家', 'range', 5, 10, '家'],
		['新增高新技术企业5—10家', 'range', 5, 10, '家'],
		['新增高新技术企业5至10家', 'range', 5, 10, '家'],
		['新增高新技术企业5到10家', 'range', 5, 10, '家'],
		['参与制定标准3-5项', 'range', 3, 5, '项'],
		['新增规上工业企业20家左右', 'approx', 20, null, '家'],
		['引进项目约30个', 'approx', 30, null, '个'],
		['单位GDP能耗下降控制在3%以内', '<=', 3, null, '%'],
		['较大安全事故不超过2次', '<=', 2, null, '次'],
		['空置率控制在5%以下', '<=', 5, null, '%'],
		['力争稀土金属产量达10000吨以上', '>=', 10000, null, '吨'],
		['每年签约项目10个', '=', 10, null, '个'],
	] as const)('%s → %s %s', (clause, op, value, valueMax, unit) => {
		expect(only(clause)).toMatchObject({ op, value, valueMax, unit })
	})
})

describe('numbers and units', () => {
	test.each([
		['新增规上企业1,000家', 1000, '家', { value: 1000, unit: '家' }],
		['研发投入强度达到3.5%', 3.5, '%', { value: 3.5, unit: '%' }],
		['新增高新技术企业１２家', 12, '家', { value: 12, unit: '家' }],
		['建成智能工厂二十家', 20, '家', { value: 20, unit: '家' }],
		['新增两家上市公司', 2, '家', { value: 2, unit: '家' }],
		['打造国家级绿色工厂十个', 10, '个', { value: 10, unit: '个' }],
		['营业收入达到一百亿元', 100, '亿元', { value: 10_000_000_000, unit: 'CNY' }],
		['产业规模突破千亿元', 1000, '亿元', { value: 100_000_000_000, unit: 'CNY' }],
		['固定资产投资完成500万元', 500, '万元', { value: 5_000_000, unit: 'CNY' }],
		['全省工业增加值突破1.2万亿元', 1.2, '万亿元', { value: 1_200_000_000_000, unit: 'CNY' }],
		['实际使用外资3亿美元', 3, '亿美元', { value: 300_000_000, unit: 'USD' }],
		['正极材料产能达到10万吨', 10, '万吨', { value: 100_000, unit: 't' }],
		['新增光伏装机容量50万千瓦', 50, '万千瓦', { value: 500_000, unit: 'kW' }],
		['新建标准厂房30万平方米', 30, '万平方米', { value: 300_000, unit: 'm2' }],
		['带动就业3万人', 3, '万人', { value: 30_000, unit: '人' }],
		['新增市场主体1万户', 1, '万户', { value: 10_000, unit: '户' }],
		['数字经济占比提高3个百分点', 3, '个百分点', { value: 3, unit: 'pp' }],
		['新增用地1000亩', 1000, '亩', { value: 1000, unit: '亩' }],
	] as const)('%s', (clause, value, unit, normalized) => {
		expect(only(clause)).toMatchObject({ value, unit, normalized })
	})

	test('years, document numbers, item numbers, ordinals, 5G, 级-words, 一批, standards and dates are not targets', () => {
		const text = [
			'赣区府字〔2024〕39号',
			'经区政府第48次常务会议审议通过。',
			'2024年5月12日',
			'实施2024-2026年三年行动。',
			'16．强化招大引强。',
			'（六）延链强链攻坚行动',
			'运用5G、工业互联网等新一代信息技术。',
			'加快实施万吨级分离项目，打造千亿级产业集群，培育百亿级企业。',
			'培育一批“独角兽”企业，建设若干一流平台。',
			'推进国六标准柴油车尾气净化新材料项目。',
			'建设一个集研发、生产于一体的产业园，突破了一个个技术难题。',
			'统筹利用两个市场两种资源，推动三次产业融合。',
			'让改革成果走进千家万户，形成百家争鸣的局面。',
			'3个月内完成审批，5个工作日内办结。',
			'出台《支持制造业发展若干措施20条》，实施“双千”工程。',
		].join('\n')
		expect(extractTargets(text)).toEqual([])
	})
})

describe('targets and their qualifiers', () => {
	test('an investment threshold is a filter of the project target, not a target', () => {
		expect(only('每年引进20个以上集群引领性项目（单个项目投资不低于5亿元）。')).toMatchObject({
			excerpt: '每年引进20个以上集群引领性项目（单个项目投资不低于5亿元）',
			metric: '引进集群引领性项目',
			op: '>=',
			value: 20,
			unit: '个',
			period: 'annual',
			filters: { minInvestmentCNY: 500_000_000, categories: ['集群引领性'] },
		})
		expect(only('力争引进投资500万元以上项目30个').filters).toEqual({ minInvestmentCNY: 5_000_000 })
		expect(only('新签约总投资10亿元以上的项目8个').filters).toEqual({ minInvestmentCNY: 1_000_000_000 })
		expect(only('引进项目30个，单个项目投资不低于1亿元').filters).toEqual({ minInvestmentCNY: 100_000_000 })
	})

	test('亿元以上项目 without a number means one 亿元; a 其中 clause keeps the count verb of the total', () => {
		const [all, large] = extractTargets('全年招引亿元以上项目50个，其中10亿元以上项目5个。')
		expect(all).toMatchObject({
			excerpt: '全年招引亿元以上项目50个',
			metric: '招引亿元以上项目',
			value: 50,
			period: 'annual',
			filters: { minInvestmentCNY: 100_000_000 },
		})
		expect(large).toMatchObject({
			excerpt: '其中10亿元以上项目5个',
			metric: '招引10亿元以上项目',
			value: 5,
			period: 'annual',
			filters: { minInvestmentCNY: 1_000_000_000 },
		})
	})

	test('a share before its noun is the target unless a later number is counted', () => {
		expect(only('推动50%以上的规上工业企业实现数字化改造')).toMatchObject({ metric: '规上工业企业实现数字化改造', op: '>=', value: 50, unit: '%' })
		expect(only('研发投入占营收3%以上的企业达到100家')).toMatchObject({ metric: '研发投入占营收3%以上的企业', value: 100, unit: '家' })
	})

	test('period words inside a metric and deadline words before it are not part of it; later project tiers keep the count verb', () => {
		const text = '全市每年新签约亿元以上项目150个以上，其中10亿元以上项目30个以上、50亿元以上项目5个以上。'
		expect(extractTargets(text).map((t) => [t.metric, t.period, t.filters.minInvestmentCNY])).toEqual([
			['全市新签约亿元以上项目', 'annual', 100_000_000],
			['新签约10亿元以上项目', 'annual', 1_000_000_000],
			['新签约50亿元以上项目', 'annual', 5_000_000_000],
		])
		expect(only('2025年底前完成100家企业数字化诊断')).toMatchObject({ metric: '企业数字化诊断', value: 100, unit: '家', endYear: 2025 })
	})

	test('a revenue line before the counted companies belongs to the metric: one target, not two', () => {
		expect(summary(only('培育营收超10亿元企业6家'))).toEqual({
			excerpt: '培育营收超10亿元企业6家',
			metric: '培育营收超10亿元企业',
			op: '=',
			value: 6,
			valueMax: null,
			unit: '家',
		})
		expect(only('拥有2项以上发明专利的企业达到50家')).toMatchObject({ value: 50, unit: '家' })
	})

	test('a sum of investment is a target when it is what the clause states', () => {
		expect(only('签约项目投资额达到200亿元')).toMatchObject({
			metric: '签约项目投资额',
			op: '=',
			value: 200,
			unit: '亿元',
			normalized: { value: 20_000_000_000, unit: 'CNY' },
			filters: {},
		})
		expect(extractTargets('全年签约项目100个、总投资800亿元以上。').map((t) => t.metric)).toEqual(['签约项目', '签约项目总投资'])
		expect(extractTargets('XX新材料项目，总投资30亿元，建设年产5万吨正极材料生产线。')).toEqual([])
	})

	test('project types and categories come from the words before 项目', () => {
		expect(only('实施技改项目100项以上')).toMatchObject({ op: '>=', value: 100, unit: '项', filters: { projectTypes: ['renovation'] } })
		expect(only('每年实施技术改造项目50项').filters).toEqual({ projectTypes: ['renovation'] })
		expect(only('引进新建项目20个').filters).toEqual({ projectTypes: ['new'] })
		expect(only('推动扩建项目10个').filters).toEqual({ projectTypes: ['expansion'] })
		expect(only('完成增资扩股项目5个').filters).toEqual({ projectTypes: ['capital_increase'] })
		expect(only('引进新能源汽车零部件配套项目15个').filters).toEqual({ categories: ['新能源汽车零部件配套'] })
		expect(only('引进重大产业项目15个').filters).toEqual({})
	})

	test('subsidies, rewards and conditions are not targets', () => {
		const text = [
			'对新认定的国家级专精特新“小巨人”企业，给予一次性奖励50万元。',
			'对年主营业务收入首次突破10亿元、20亿元的企业，分别奖励100万元、200万元。',
			'对引进固定资产投资5000万元以上工业项目的引荐人，按到位资金的千分之一奖励，单个项目奖励最高不超过20万元。',
			'省级财政每年安排专项资金10亿元，对数字化改造投入500万元以上的项目按投入的10%给予补助。',
		].join('\n')
		expect(extractTargets(text)).toEqual([])
	})
})

describe('several targets in one sentence', () => {
	test.each([
		['打造国家级绿色工厂1家、省级绿色工厂2家。', ['打造国家级绿色工厂1家', '省级绿色工厂2家']],
		['每年参与和举办会议论坛10场以上，开展技术咨询服务50次以上。', ['每年参与和举办会议论坛10场以上', '开展技术咨询服务50次以上']],
		['培育营收超10亿元企业6家，营收超20亿元企业2家。', ['培育营收超10亿元企业6家', '营收超20亿元企业2家']],
		['每年新增高新技术企业5-10家，集群平均研发投入强度超过3%。', ['每年新增高新技术企业5-10家', '集群平均研发投入强度超过3%']],
		['到2026年，集群规模以上企业达50家、产值突破200亿元。', ['集群规模以上企业达50家', '产值突破200亿元']],
	])('%s', (sentence, excerpts) => {
		const targets = extractTargets(sentence)
		expect(targets.map((t) => t.excerpt)).toEqual(excerpts)
		expectWellFormed(sentence, targets)
	})

	test('分别: each value goes to its name in order, and a comparison written once holds for all', () => {
		const rates = extractTargets('到2026年，确保签约项目开工率、投产率、资金到位率分别达到85%、60%、40%以上。')
		expect(rates.map((t) => [t.metric, t.op, t.value, t.endYear])).toEqual([
			['签约项目开工率', '>=', 85, 2026],
			['投产率', '>=', 60, 2026],
			['资金到位率', '>=', 40, 2026],
		])
		// The names in the clause before, a baseline year that is not the deadline, and 超过 before the first value.
		const firms = extractTargets('到2028年，全县专精特新企业和创新型中小企业在2023年的基础上翻一番，分别超过40家和300家。')
		expect(firms.map((t) => [t.metric, t.op, t.value, t.endYear])).toEqual([
			['全县专精特新企业', '>', 40, 2028],
			['全县创新型中小企业', '>', 300, 2028],
		])
		// Names and values not as many: left as read rather than guessed.
		const uneven = extractTargets('开工率、投产率分别达到85%、60%、40%。')
		expect(uneven.map((t) => t.metric)).not.toContain('投产率')
	})

	test('a period word distributes over the list that follows it', () => {
		expect(extractTargets('每年参与和举办会议论坛10场以上，开展技术咨询服务50次以上。').map((t) => t.period)).toEqual(['annual', 'annual'])
		expect(extractTargets('每年新增高新技术企业5-10家，集群平均研发投入强度超过3%。').map((t) => t.period)).toEqual(['annual', 'annual'])
	})

	test('a change clause takes the subject of the target before it, and only it is annual', () => {
		const targets = extractTargets('到2025年，全市新能源产业营业收入突破1000亿元，年均增长15%以上。')
		expect(targets.map((t) => ({ ...summary(t), period: t.period, endYear: t.endYear }))).toEqual([
			{
				excerpt: '全市新能源产业营业收入突破1000亿元',
				metric: '全市新能源产业营业收入',
				op: '>',
				value: 1000,
				valueMax: null,
				unit: '亿元',
				period: 'by_year',
				endYear: 2025,
			},
			{ excerpt: '年均增长15%以上', metric: '全市新能源产业营业收入年均增长', op: '>=', value: 15, valueMax: null, unit: '%', period: 'annual', endYear: 2025 },
		])
	})
})

describe('past facts and qualitative sentences', () => {
	test('已/目前/截至 and years before the plan state facts; a future cue before the number makes it a target again', () => {
		const plan = ['某区招商引资三年行动方案（2024-2026年）', '一、主要目标']
		const text = [
			...plan,
			'截至2023年底，全区共有规上企业120家。',
			'目前已落地7个科技成果转化项目。',
			'2023年，全区引进项目52个。',
			'在已建成3个平台的基础上，新增省级创新平台5个。',
			'力争到2026年累计引进项目100个。',
		].join('\n')
		expect(extractTargets(text).map((t) => t.excerpt)).toEqual(['新增省级创新平台5个', '力争到2026年累计引进项目100个'])
	})

	test('paragraphs under a 发展基础 heading are not read', () => {
		const text = ['一、发展基础', '2022年，全市产业营业收入412亿元，现有规模以上企业86家。', '二、发展目标', '到2025年，规模以上企业达到150家。'].join('\n')
		expect(extractTargets(text).map((t) => t.excerpt)).toEqual(['规模以上企业达到150家'])
	})

	test('a notice counting its own parts (分解为…项工作目标和…项工作任务) states no target', () => {
		const text = [
			'县政府办公室关于分解落实2026年政府工作任务的通知',
			'县政府将2026年政府工作分解为9项工作目标和120项工作任务。',
			'一、经济发展',
			'1．地区生产总值增长6%以上。',
		].join('\n')
		expect(extractTargets(text).map((t) => [t.metric, t.value, t.endYear])).toEqual([['地区生产总值增长', 6, 2026]])
	})

	test('qualitative sentences, reported speech and forecasts produce nothing', () => {
		const text = [
			'加快建设“中国稀金谷”永磁电机产业园，打造产业集群主战场。',
			'赣州高新区相关负责人介绍，园区企业营收将增长20%。',
			'该项目预计每年可量产新材料3000吨。',
			'项目达产后，公司年产能有望提升3.7倍。',
		].join('\n')
		expect(extractTargets(text)).toEqual([])
	})
})

describe('periods and years', () => {
	const PLAN_TITLE = '关于印发《某市产业链三年行动方案（2024-2026年）》的通知\n一、目标\n'

	test('targets inherit the plan span from the title, annual or not', () => {
		expect(extractTargets(`${PLAN_TITLE}每年新增企业10家。产值突破100亿元。`).map((t) => [t.period, t.startYear, t.endYear])).toEqual([
			['annual', 2024, 2026],
			['by_year', 2024, 2026],
		])
	})

	test('a stated span or deadline wins over the plan; without either years are unknown', () => {
		expect(only(`${PLAN_TITLE}2025—2027年，每年引进项目10个。`)).toMatchObject({ period: 'annual', startYear: 2025, endYear: 2027 })
		expect(only(`${PLAN_TITLE}2024年至2026年，累计引进项目30个。`)).toMatchObject({ startYear: 2024, endYear: 2026 })
		expect(only(`${PLAN_TITLE}到2025年底，新增企业10家。`)).toMatchObject({ period: 'by_year', startYear: 2024, endYear: 2025 })
		expect(only(`${PLAN_TITLE}2026年前，建成平台5个。`)).toMatchObject({ period: 'by_year', endYear: 2026 })
		expect(only('到“十四五”末，数字经济核心产业增加值占GDP比重达到10%左右。')).toMatchObject({
			op: 'approx',
			period: 'by_year',
			startYear: 2021,
			endYear: 2025,
		})
		expect(only('到2025年，新增企业10家。')).toMatchObject({ startYear: null, endYear: 2025 })
		expect(only('新增企业10家。')).toMatchObject({ period: 'by_year', startYear: null, endYear: null })
		expect(only('规模以上工业增加值较2020年增长30%。')).toMatchObject({ metric: '规模以上工业增加值增长', endYear: null })
	})

	test('年均/年度/全年 make a target annual; a deadline after them takes over', () => {
		expect(only('年均新增规上企业30家以上').period).toBe('annual')
		expect(only('全年举办招商推介会4场').period).toBe('annual')
		expect(extractTargets('每年引进项目10个，到2026年累计引进项目30个。').map((t) => t.period)).toEqual(['annual', 'by_year'])
	})

	test('a lead-in year ("到2027年，实现以下目标：") applies to the items that follow it', () => {
		const text = [
			'一、主要目标',
			'到2027年，实现以下目标：',
			'1.建成智能工厂20家；',
			'2.关键工序数控化率达到68%。',
			'二、重点任务',
			'（一）推进改造。新增企业10家。',
		].join('\n')
		expect(extractTargets(text).map((t) => [t.excerpt, t.endYear])).toEqual([
			['建成智能工厂20家', 2027],
			['关键工序数控化率达到68%', 2027],
			['新增企业10家', null],
		])
	})
})

describe('responsible units and sections', () => {
	test('units come from the note that follows the clause in its item, in every bracket style, lead units first', () => {
		const text = [
			'（一）招商引资',
			'1．每年引进项目10个。〔责任单位：区商务局、区工信局〕',
			'2．新增企业5家。（牵头单位：市发展改革委；配合单位：市工信局、市商务局）',
			'3．建成平台2个。(责任单位:市科技局,市财政局等)',
			'4．举办活动3场。【责任单位：县商务局】',
			'5．对接客商20批次。',
			'责任单位：县商务局、县工业园区管委会',
			'6．引进企业4家。',
		].join('\n')
		expect(extractTargets(text).map((t) => [t.section, t.responsibleUnits])).toEqual([
			['（一）1', ['区商务局', '区工信局']],
			['（一）2', ['市发展改革委', '市工信局', '市商务局']],
			['（一）3', ['市科技局', '市财政局']],
			['（一）4', ['县商务局']],
			['（一）5', ['县商务局', '县工业园区管委会']],
			['（一）6', []],
		])
	})

	test('every target of an item gets its units, sub-items included; numbers inside the note are never targets', () => {
		const text = [
			'三、重点任务',
			'（三）创新能力',
			'6．培育创新主体。',
			'（1）每年新增高新技术企业20家以上；',
			'（2）研发投入强度达到2.5%。',
			'（责任单位：市科技局、第2工业园区管委会）',
		].join('\n')
		const targets = extractTargets(text)
		expect(targets.map((t) => [t.section, t.excerpt, t.responsibleUnits])).toEqual([
			['（三）6（1）', '每年新增高新技术企业20家以上', ['市科技局', '第2工业园区管委会']],
			['（三）6（2）', '研发投入强度达到2.5%', ['市科技局', '第2工业园区管委会']],
		])
	})

	test('a bracket naming who leads (（…牵头落实）, （…牵头）) is a unit note; a heading’s note serves the items under it that name none', () => {
		const text = [
			'一、壮大产业集群（县工信局牵头）',
			'（一）扩大规模',
			'1．每年新增规上企业15家以上。',
			'2．引进亿元以上项目8个。（县商务局、县发改局牵头落实）',
			'（二）政企协同',
			'3．新建公共服务平台3个（政府引导、企业牵头）。',
			'二、优化环境',
			'4．举办招商推介活动6场。',
		].join('\n')
		expect(extractTargets(text).map((t) => [t.excerpt, t.responsibleUnits])).toEqual([
			['每年新增规上企业15家以上', ['县工信局']],
			['引进亿元以上项目8个', ['县商务局', '县发改局']],
			// Not a unit note: 政府 and 企业 lead nothing by name here; the heading's units still do.
			['新建公共服务平台3个', ['县工信局']],
			// A new top heading names none: nothing is carried over.
			['举办招商推介活动6场', []],
		])
	})

	test('section labels: item under sub-heading, headings only, top heading only, none', () => {
		const text = [
			'标题：新增企业1家。',
			'一、目标',
			'新增企业2家。',
			'（二）提升目标',
			'新增企业3家。',
			'二、任务',
			'（六）延链',
			'16、新增企业4家。',
			'（七）治理',
			'（22）新增企业5家。',
		].join('\n')
		expect(extractTargets(text).map((t) => t.section)).toEqual([null, '一', '一（二）', '（六）16', '（七）22'])
	})
})

describe('documents in the style of other plans', () => {
	test('a municipal three-year plan: goals list, numbered items with 牵头/配合 notes, sub-items, full-width digits', () => {
		const text = fixture('municipal-new-energy-plan.txt')
		const targets = extractTargets(text)
		expectWellFormed(text, targets)
		expect(targets.every((t) => t.startYear === 2023 && (t.endYear === 2025 || t.endYear === 2024))).toBe(true)
		// The 发展基础 figures (2022年营收412亿元, 现有规模以上企业86家) and the subsidies are not targets.
		expect(targets.some((t) => /412|86家|50万元|1000亿元以上|10亿元以上的/.test(t.excerpt))).toBe(false)
		expect(targets.filter((t) => t.section === '二（二）').map(summary)).toEqual([
			{ excerpt: '全市新能源汽车产业链营业收入突破1000亿元', metric: '全市新能源汽车产业链营业收入', op: '>', value: 1000, valueMax: null, unit: '亿元' },
			{ excerpt: '年均增长25%以上', metric: '全市新能源汽车产业链营业收入年均增长', op: '>=', value: 25, valueMax: null, unit: '%' },
			{ excerpt: '新能源汽车整车产量达到30万辆', metric: '新能源汽车整车产量', op: '=', value: 30, valueMax: null, unit: '万辆' },
			{ excerpt: '规模以上企业达到150家左右', metric: '规模以上企业', op: 'approx', value: 150, valueMax: null, unit: '家' },
			{ excerpt: '其中营业收入超50亿元企业5家', metric: '营业收入超50亿元企业', op: '=', value: 5, valueMax: null, unit: '家' },
			{ excerpt: '超10亿元企业15家', metric: '超10亿元企业', op: '=', value: 15, valueMax: null, unit: '家' },
			{ excerpt: '新增国家级专精特新“小巨人”企业8—10家', metric: '新增国家级专精特新“小巨人”企业', op: 'range', value: 8, valueMax: 10, unit: '家' },
			{ excerpt: '产业链本地配套率提高到60%', metric: '产业链本地配套率', op: '=', value: 60, valueMax: null, unit: '%' },
		])
		expect(targets.find((t) => t.section === '（一）2' && t.value === 3)).toMatchObject({
			metric: '引进投资10亿元以上项目',
			op: '>=',
			period: 'annual',
			filters: { minInvestmentCNY: 1_000_000_000 },
			responsibleUnits: ['市商务局', '市工信局', '各县（市、区）人民政府'],
		})
		expect(targets.filter((t) => t.section === '（二）3').map((t) => [t.value, t.unit, t.normalized, t.endYear])).toEqual([
			[40, 'GWh', { value: 40_000_000, unit: 'kWh' }, 2024],
			[60, '吉瓦时', { value: 60_000_000, unit: 'kWh' }, 2025],
			[10, '万吨', { value: 100_000, unit: 't' }, 2025],
		])
		expect(targets.filter((t) => t.section?.startsWith('（三）6')).map((t) => [t.section, t.value, t.responsibleUnits])).toEqual([
			['（三）6（1）', 20, ['市科技局', '市工信局']],
			['（三）6（2）', 2.5, ['市科技局', '市工信局']],
			['（三）6（3）', 3, ['市科技局', '市工信局']],
		])
	})

	test('a county annual work plan: 全年 targets, 亿元以上 thresholds, 【】 and line notes, last year’s figure ignored', () => {
		const text = fixture('county-investment-work-plan.txt')
		const targets = extractTargets(text)
		expectWellFormed(text, targets)
		expect(targets.every((t) => t.startYear === 2025 && t.endYear === 2025)).toBe(true)
		expect(targets.slice(0, 3).map((t) => [t.excerpt, t.op, t.value, t.valueMax, t.period, t.filters.minInvestmentCNY])).toEqual([
			['全年招引亿元以上项目60个', '=', 60, null, 'annual', 100_000_000],
			['其中10亿元以上项目8个', '=', 8, null, 'annual', 1_000_000_000],
			['50亿元以上项目1至2个', 'range', 1, 2, 'annual', 5_000_000_000],
		])
		expect(targets.find((t) => t.unit === '万美元')).toMatchObject({ value: 1500, normalized: { value: 15_000_000, unit: 'USD' } })
		expect(targets.find((t) => t.section === '（二）2')).toMatchObject({
			op: '>=',
			value: 2,
			filters: { minInvestmentCNY: 5_000_000 },
			responsibleUnits: ['各乡镇人民政府'],
		})
		expect(targets.find((t) => t.excerpt.startsWith('每季度'))).toMatchObject({ op: '>=', value: 1, unit: '次' })
		expect(targets.filter((t) => t.section === '二（一）').map((t) => [t.value, t.unit, t.responsibleUnits])).toEqual([
			[30, '次', ['县商务局', '县工信局', '县工业园区管委会']],
			[4, '场', ['县商务局', '县工信局', '县工业园区管委会']],
		])
		// 3个月 is a duration, 5000万元 a reward condition, 52个 last year's figure.
		expect(targets.some((t) => /^3个|5000万元|52个/.test(`${t.value}${t.unit}`) || t.excerpt.includes('52个'))).toBe(false)
	})

	test('provincial opinions: a lead-in goal list, 10,000 with separators, Chinese numerals, “十五五” and inline 责任单位', () => {
		const text = fixture('provincial-opinions.txt')
		const targets = extractTargets(text)
		expectWellFormed(text, targets)
		expect(targets.filter((t) => t.section?.startsWith('一')).map((t) => [t.value, t.unit, t.op, t.endYear])).toEqual([
			[10000, '家', '>=', 2027],
			[20, '家', '=', 2027],
			[200, '家', 'approx', 2027],
			[500, '万台', '>', 2027],
			[68, '%', '=', 2027],
			[85, '%', '>=', 2027],
			[3, '个百分点', '=', 2030],
		])
		expect(targets.find((t) => t.section === '二（三）' && t.value === 2)).toMatchObject({
			excerpt: '引育两家全国领先的工业互联网平台企业',
			metric: '引育全国领先的工业互联网平台企业',
			responsibleUnits: ['省工业和信息化厅', '省发展改革委'],
		})
		expect(targets.find((t) => t.unit === '万户')).toMatchObject({ op: '>', value: 3.5, endYear: 2026, normalized: { value: 35_000, unit: '户' } })
		expect(targets.find((t) => t.section === '三（三）')).toMatchObject({ op: '<=', value: 15, metric: '规模以上工业单位增加值能耗下降' })
		expect(targets.some((t) => t.section === '三（一）')).toBe(false)
	})

	test('Windows line breaks and lines hard-wrapped by a PDF copy read like the original', () => {
		const crlf = SEED_PLAN.replaceAll('\n', '\r\n')
		const wrapped = SEED_PLAN.split('\n')
			.flatMap((paragraph) => paragraph.match(/.{1,33}/gu) ?? [''])
			.join('\n')
		const values = (text: string) => extractTargets(text).map((t) => [t.section, t.op, t.value, t.unit, t.responsibleUnits.length])
		expect(values(crlf)).toEqual(values(SEED_PLAN))
		expect(values(wrapped)).toEqual(values(SEED_PLAN))
		expectWellFormed(crlf, extractTargets(crlf))
		expectWellFormed(wrapped, extractTargets(wrapped))
	})

	test('a long document (100+ pages) is read in well under a second per 100 pages', () => {
		const pages = [SEED_PLAN, fixture('municipal-new-energy-plan.txt'), fixture('county-investment-work-plan.txt'), fixture('provincial-opinions.txt')].join(
			'\n',
		)
		const text = Array.from({ length: 8 }, () => pages).join('\n')
		const started = performance.now()
		const targets = extractTargets(text)
		expect(performance.now() - started).toBeLessThan(2000)
		// Eight copies state every target eight times: one target each, citing its eight places (ADR 0042).
		const stated = readTargets(text)
		expect(stated.length).toBeGreaterThan(8 * 60)
		expect(targets.length).toBeLessThan(stated.length / 4)
		expect(targets.filter((t) => t.sources.length === 8).length).toBeGreaterThan(40)
	})
})

describe('list numbers, compound clauses and qualifiers after the count (#15)', () => {
	test('a list number glued to a count is the item, not a decimal: counts of 个/家/项 are whole', () => {
		const text = '（二）重点工作\n1.新增规上企业20家。\n2.力争开工亿元以上项目10个。\n3.15个以上重点项目竣工投产。'
		expect(extractTargets(text).map((t) => [t.section, t.value, t.unit, t.metric])).toEqual([
			['（二）1', 20, '家', '新增规上企业'],
			['（二）2', 10, '个', '开工亿元以上项目'],
			['（二）3', 15, '个', '重点项目竣工投产'],
		])
		// Inside a sentence, after a colon: the same.
		expect(summary(only('到2026年，实现以下目标：3.15个以上重点项目竣工投产。'))).toEqual({
			excerpt: '15个以上重点项目竣工投产',
			metric: '重点项目竣工投产',
			op: '>=',
			value: 15,
			valueMax: null,
			unit: '个',
		})
		// Decimals that are right stay decimals: money, a multiplied count, percentage points.
		expect(extractTargets('培育企业2.5万家。\n研发投入强度提高2.5个百分点以上。').map((t) => [t.value, t.unit, t.normalized])).toEqual([
			[2.5, '万家', { value: 25_000, unit: '家' }],
			[2.5, '个百分点', { value: 2.5, unit: 'pp' }],
		])
		expect(only('1.5亿元以上项目新开工8个。').value).toBe(8)
	})

	test('two counts joined by 和/及 are two targets, each with its own range and the verb they share', () => {
		expect(extractTargets('建成2-3个公共服务平台和20个左右示范车间。').map(summary)).toEqual([
			{ excerpt: '建成2-3个公共服务平台', metric: '建成公共服务平台', op: 'range', value: 2, valueMax: 3, unit: '个' },
			{ excerpt: '20个左右示范车间', metric: '建成示范车间', op: 'approx', value: 20, valueMax: null, unit: '个' },
		])
		expect(extractTargets('每年培育5家以上龙头企业及10家配套企业。').map((t) => [t.metric, t.op, t.value, t.period])).toEqual([
			['培育龙头企业', '>=', 5, 'annual'],
			['培育配套企业', '=', 10, 'annual'],
		])
		// 和 between two nouns of one count is part of the noun.
		expect(summary(only('引进10个研发和生产项目。'))).toMatchObject({ metric: '引进研发和生产项目', value: 10 })
	})

	test('a qualifier after the count keeps its minimum, and the metric reads as when it comes first', () => {
		const after = only('每年推动至少40个投资800万元以上的技改项目入库。')
		const before = only('每年推动投资800万元以上的技改项目入库40个以上。')
		expect(after).toMatchObject({
			excerpt: '每年推动至少40个投资800万元以上的技改项目入库',
			metric: '投资800万元以上的技改项目入库',
			op: '>=',
			value: 40,
			unit: '个',
			period: 'annual',
			filters: { minInvestmentCNY: 8_000_000, projectTypes: ['renovation'] },
		})
		expect(after.metric).toBe(before.metric)
		expect(after.filters).toEqual(before.filters)
		expect(only('新开工不少于15个总投资超10亿元的重大项目。')).toMatchObject({
			metric: '新开工总投资超10亿元的重大项目',
			op: '>=',
			value: 15,
			filters: { minInvestmentCNY: 1_000_000_000 },
		})
	})
})
