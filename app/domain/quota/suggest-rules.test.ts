import fs from 'node:fs'
import path from 'node:path'
import { expect, test } from 'vitest'
import { type ExtractedTarget } from '~/domain/policy/target'
import { type ChainForRules, resolveScope, rulesForKind, suggestKind, suggestRules } from './suggest-rules'

const seeds = path.join(process.cwd(), 'seeds')
const chains: ChainForRules[] = fs
	.readdirSync(path.join(seeds, 'chains'))
	.map((file) => JSON.parse(fs.readFileSync(path.join(seeds, 'chains', file), 'utf8')) as ChainForRules)

type SeedQuota = Pick<ExtractedTarget, 'excerpt' | 'metric' | 'op' | 'value' | 'valueMax' | 'unit' | 'period' | 'section'> & {
	kind: string
	normalizedValue: number
	normalizedUnit: string
	filters: Record<string, unknown> & { categories?: string[]; chainSlugs?: string[]; linkKeys?: string[] }
}
const seedQuotas = JSON.parse(fs.readFileSync(path.join(seeds, 'quotas.json'), 'utf8')) as SeedQuota[]

function target(fields: Partial<ExtractedTarget> & Pick<ExtractedTarget, 'metric' | 'unit'>): ExtractedTarget {
	return {
		excerpt: fields.metric,
		start: -1,
		end: -1,
		op: '>=',
		value: 1,
		valueMax: null,
		normalized: { value: fields.value ?? 1, unit: fields.unit },
		period: 'annual',
		startYear: null,
		endYear: null,
		filters: {},
		responsibleUnits: [],
		section: null,
		sources: [],
		stages: [],
		members: null,
		notes: [],
		...fields,
	}
}

const fromSeed = (q: SeedQuota) =>
	target({
		...q,
		normalized: { value: q.normalizedValue, unit: q.normalizedUnit },
		filters: q.filters.categories ? { categories: q.filters.categories } : {},
	})

test('every hand-assigned kind of the 赣县区 targets is the suggested kind', () => {
	expect(seedQuotas.length).toBeGreaterThan(10)
	for (const q of seedQuotas) expect(suggestKind(fromSeed(q)), `${q.section} ${q.metric}`).toBe(q.kind)
})

test('the suggested rules agree with the hand-written ones; chains and links only where the wording names them', () => {
	for (const q of seedQuotas) {
		const { chainSlugs = [], linkKeys = [], ...stated } = q.filters
		const { rules } = suggestRules(fromSeed(q), chains)
		expect(rules, `${q.section} ${q.metric}`).toMatchObject(stated)
		// 集群 means the plan's own chain, which only the document says; what the wording resolves is never wrong.
		if ('chainSlugs' in rules) for (const slug of rules.chainSlugs) expect(chainSlugs, q.metric).toContain(slug)
		if ('linkKeys' in rules) for (const key of rules.linkKeys) expect(linkKeys, q.metric).toContain(key)
	}
})

test('a 赣县区 project target counts signed projects of the chain its category names', () => {
	const q = seedQuotas.find((s) => s.metric === '引进稀土新材料及应用项目')!
	expect(suggestRules(fromSeed(q), chains)).toEqual({
		kind: 'projects',
		rules: {
			countStage: 'signed',
			measure: 'count',
			chainSlugs: ['rare-earth-ganxian'],
			linkKeys: [],
			categories: ['稀土新材料及应用'],
			minInvestmentCNY: null,
			projectTypes: [],
			clusterLeadingOnly: false,
		},
	})
})

test('project targets: stage from the verb, investment sums for money, filters copied, 引领性 kept', () => {
	const rules = (fields: Partial<ExtractedTarget> & Pick<ExtractedTarget, 'metric' | 'unit'>) => suggestRules(target(fields), chains)
	expect(rules({ metric: '新开工项目', unit: '个' }).rules).toMatchObject({ countStage: 'started', measure: 'count' })
	expect(rules({ metric: '竣工投产项目', unit: '个' }).rules).toMatchObject({ countStage: 'producing' })
	expect(rules({ metric: '签约项目投资额', unit: '亿元', normalized: { value: 2e10, unit: 'CNY' } })).toMatchObject({
		kind: 'projects',
		rules: { countStage: 'signed', measure: 'investment' },
	})
	expect(
		rules({
			metric: '引进集群引领性项目',
			unit: '个',
			filters: { minInvestmentCNY: 500_000_000, categories: ['集群引领性'], projectTypes: ['renovation'] },
		}),
	).toMatchObject({
		kind: 'projects',
		rules: { minInvestmentCNY: 500_000_000, categories: ['集群引领性'], projectTypes: ['renovation'], clusterLeadingOnly: true, chainSlugs: [] },
	})
	// A category naming links (not the chain) picks those links.
	expect(rules({ metric: '引进伺服电机项目', unit: '个', filters: { categories: ['伺服电机'] } }).rules).toMatchObject({
		chainSlugs: ['rare-earth-ganxian'],
		linkKeys: ['motor_servo'],
	})
	// A research project is no investment project, and a share of projects is no count.
	expect(suggestKind(target({ metric: '实施省级科技项目', unit: '项' }))).toBe('manual')
	expect(suggestKind(target({ metric: '项目履约率', unit: '%' }))).toBe('manual')
	// Introducing companies without a tag is introducing projects.
	expect(suggestKind(target({ metric: '引进配套企业', unit: '家' }))).toBe('projects')
})

test('company targets: tags from their words, revenue lines, 新增 only in the year', () => {
	const rules = (metric: string) => suggestRules(target({ metric, unit: '家' }), chains)
	expect(rules('新增高新技术企业')).toMatchObject({ kind: 'companies_with_tag', rules: { anyTag: ['gaoxin'], newInYear: true, minRevenueCNY: null } })
	expect(rules('集群规模以上企业').rules).toMatchObject({ anyTag: ['guishang'], newInYear: false })
	expect(rules('独角兽、瞪羚、单项冠军和专精特新“小巨人”企业').rules).toMatchObject({ anyTag: ['danxiangguanjun', 'xiaojuren'] })
	expect(rules('专精特新企业').rules).toMatchObject({ anyTag: ['zhuanjingtexin'] })
	expect(rules('链主企业').rules).toMatchObject({ anyTag: ['lianzhu'] })
	expect(rules('营收超10亿元企业').rules).toMatchObject({ anyTag: [], minRevenueCNY: 1_000_000_000 })
	expect(rules('主营业务收入亿元以上企业').rules).toMatchObject({ minRevenueCNY: 100_000_000 })
	expect(rules('营收超2.5亿元企业').rules).toMatchObject({ minRevenueCNY: 250_000_000 })
	// A company count with no tag or revenue line cannot be counted from the CRM.
	expect(rules('国家级绿色工厂').kind).toBe('manual')
	expect(rules('独角兽企业').kind).toBe('manual')
})

test('sum targets: the figure from the metric, links named in it', () => {
	const mass = (metric: string) => suggestRules(target({ metric, unit: '吨', normalized: { value: 10000, unit: 't' } }), chains)
	expect(mass('稀土金属及合金产量')).toEqual({
		kind: 'sum',
		rules: { figure: 'output', chainSlugs: ['rare-earth-ganxian'], linkKeys: ['re_metal'], localOnly: true },
	})
	expect(mass('钕铁硼合金产能').rules).toMatchObject({ figure: 'capacity', linkKeys: ['ndfeb_alloy'] })
	const money = (metric: string) => suggestRules(target({ metric, unit: '亿元', normalized: { value: 2e10, unit: 'CNY' } }), chains)
	expect(money('集群产值')).toMatchObject({ kind: 'sum', rules: { figure: 'revenue', chainSlugs: [], linkKeys: [] } })
	expect(money('永磁电机产业链营收').rules).toMatchObject({ figure: 'revenue' })
	// Growth rates and revenue counted in 吨 are not sums of figures.
	expect(suggestKind(target({ metric: '产值年均增长', unit: '%' }))).toBe('manual')
	expect(suggestKind(target({ metric: '营收', unit: '吨' }))).toBe('manual')
})

test('any kind can be asked for; manual has no rule', () => {
	const t = target({ metric: '新增高新技术企业', unit: '家' })
	expect(rulesForKind(t, 'manual', chains)).toEqual({ kind: 'manual', rules: {} })
	expect(rulesForKind(t, 'projects', chains)).toMatchObject({ kind: 'projects', rules: { countStage: 'signed', measure: 'count' } })
	expect(rulesForKind(t, 'sum', chains)).toMatchObject({ kind: 'sum', rules: { figure: 'output' } })
})

test('scope: a whole chain for a word of its name, links for theirs, nothing for unrelated words', () => {
	expect(resolveScope({ metric: '引进项目', filters: { categories: ['稀土新材料及应用'] } }, chains)).toEqual({
		chainSlugs: ['rare-earth-ganxian'],
		linkKeys: [],
	})
	expect(resolveScope({ metric: '磷酸铁锂电池产量', filters: {} }, chains)).toEqual({ chainSlugs: ['lithium-battery-sample'], linkKeys: ['lfp_cell'] })
	// Every link whose name holds the category word.
	expect(resolveScope({ metric: '引进项目', filters: { categories: ['电机'] } }, chains).linkKeys).toEqual(
		expect.arrayContaining(['motor_wind', 'motor_servo', 'motor_nev']),
	)
	expect(resolveScope({ metric: '引进项目', filters: { categories: ['生物医药'] } }, chains)).toEqual({ chainSlugs: [], linkKeys: [] })
})
