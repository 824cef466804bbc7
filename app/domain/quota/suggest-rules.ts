import { parseMoneyToCNY } from '~/domain/money'
import { type ExtractedTarget } from '~/domain/policy/target'
import { type COMPANY_TAGS } from '~/domain/seed/seed-files'
import {
	type CompanyRules,
	companyRulesSchema,
	type ProjectRules,
	projectRulesSchema,
	type QuotaKind,
	type QuotaRules,
	type SumRules,
	sumRulesSchema,
} from './rules'

/**
 * What kind of quota an extracted target most likely is, and the counting rule
 * to propose for it at review. Only a suggestion: the reviewer confirms or
 * changes it before anything is saved.
 */

export type ChainForRules = { slug: string; name: string; links: { key: string; name: string }[] }

/** The parts of a target the suggestion reads. */
export type TargetFacts = Pick<ExtractedTarget, 'metric' | 'unit' | 'normalized' | 'filters'>

// Quotes and spaces carry no meaning for matching: 专精特新“小巨人” reads as 专精特新小巨人.
const plain = (text: string) => text.replace(/[\s“”"'‘’「」『』]/g, '')

const isMoney = (t: TargetFacts) => t.normalized.unit === 'CNY' || /元$/.test(t.unit)
const isMass = (t: TargetFacts) => t.normalized.unit === 't' || /吨$/.test(t.unit)
/** Units a count of projects or companies is written in. */
const isCount = (t: TargetFacts) => /^(个|项|家|宗|批|户)$/.test(t.unit)

// 科技项目, 研发项目, 人才项目… are not investment projects.
const NOT_INVESTMENT_PROJECT = /(科技|科研|研发|课题|攻关|人才|标准|专利)[^，、。；]{0,4}项目/
const INTRODUCED_COMPANY = /(引进|招引|落户)[^，、。；]*(企业|公司)/
const COMPANY = /企业|公司/

type CompanyTag = (typeof COMPANY_TAGS)[number]

/** Tag words; 专精特新小巨人 is 小巨人 only, so its 专精特新 is removed first. */
const TAG_WORDS: [RegExp, CompanyTag][] = [
	[/高新技术企业|高企/, 'gaoxin'],
	[/专精特新/, 'zhuanjingtexin'],
	[/小巨人/, 'xiaojuren'],
	[/单项冠军/, 'danxiangguanjun'],
	[/链主/, 'lianzhu'],
	[/规模以上|规上/, 'guishang'],
]

/** The tags a metric names, in the order it names them. */
function tagsIn(metric: string): CompanyTag[] {
	const text = plain(metric).replace(/专精特新小巨人/g, '小巨人')
	return TAG_WORDS.map(([pattern, tag]) => ({ tag, at: text.search(pattern) }))
		.filter(({ at }) => at !== -1)
		.sort((a, b) => a.at - b.at)
		.map(({ tag }) => tag)
}

// 营收超10亿元企业, 主营业务收入亿元以上企业 (no number = 1).
const REVENUE_LINE = /(营收|营业收入|主营业务收入|销售收入|产值)(?:超过|突破|达到|超|过|达|在)?(\d+(?:\.\d+)?)?(亿|万)元/

function revenueLine(metric: string): number | null {
	const match = REVENUE_LINE.exec(plain(metric))
	if (!match) return null
	const parsed = parseMoneyToCNY(match[2] ?? '1', match[3] === '亿' ? 'yi' : 'wan')
	return parsed.ok ? parsed.cny : null
}

const FIGURE_WORDS: [RegExp, 'output' | 'capacity' | 'revenue'][] = [
	[/产能/, 'capacity'],
	[/产量/, 'output'],
	[/产值|营收|营业收入|主营业务收入|销售收入/, 'revenue'],
]

function figureIn(metric: string) {
	return FIGURE_WORDS.find(([pattern]) => pattern.test(metric))?.[1] ?? null
}

/** The kind of quota a target most likely is; anything not countable from CRM data is manual. */
export function suggestKind(target: TargetFacts): QuotaKind {
	const metric = plain(target.metric)
	if (/项目/.test(metric) && !NOT_INVESTMENT_PROJECT.test(metric) && (isCount(target) || isMoney(target))) return 'projects'
	const figure = figureIn(metric)
	if (figure && (figure === 'revenue' ? isMoney(target) : isMoney(target) || isMass(target))) return 'sum'
	if (COMPANY.test(metric) && isCount(target)) {
		if (tagsIn(metric).length > 0 || revenueLine(metric) !== null) return 'companies_with_tag'
		if (INTRODUCED_COMPANY.test(metric)) return 'projects'
	}
	return 'manual'
}

/** The parts of a link's name that stand for it: 钕铁硼合金/毛坯 → 钕铁硼合金, 毛坯; 混合稀土（碳酸稀土） → 混合稀土. */
function linkNames(name: string) {
	return name
		.replace(/（[^）]*）|\([^)]*\)/g, '')
		.split(/[/／、]/)
		.map((part) => part.trim())
		.filter((part) => part.length >= 2)
}

/**
 * Chains and links a target is about: a category word found in a chain's name
 * means the whole chain (稀土新材料及应用 → the rare-earth chain); a link whose
 * name appears in the metric or a category, or whose name contains a category
 * word, means that link (稀土金属及合金产量 → re_metal).
 */
export function resolveScope(target: Pick<TargetFacts, 'metric' | 'filters'>, chains: ChainForRules[]) {
	const words = (target.filters.categories ?? []).map(plain).filter((word) => word.length >= 2)
	const metric = plain(target.metric)
	const chainSlugs: string[] = []
	const linkKeys: string[] = []
	for (const chain of chains) {
		const chainWords = words.filter((word) => chain.name.includes(word))
		const linkWords = words.filter((word) => !chainWords.includes(word))
		const links = chain.links.filter(
			(link) =>
				linkNames(link.name).some((name) => metric.includes(name) || linkWords.some((word) => word.includes(name))) ||
				linkWords.some((word) => link.name.includes(word)),
		)
		if (chainWords.length > 0 || links.length > 0) chainSlugs.push(chain.slug)
		for (const link of links) if (!linkKeys.includes(link.key)) linkKeys.push(link.key)
	}
	return { chainSlugs, linkKeys }
}

function projectCountStage(metric: string) {
	if (/开工/.test(metric)) return 'started' as const
	if (/投产|竣工/.test(metric)) return 'producing' as const
	return 'signed' as const
}

export function projectRulesFor(target: TargetFacts, chains: ChainForRules[]): ProjectRules {
	const metric = plain(target.metric)
	const categories = target.filters.categories ?? []
	return projectRulesSchema.parse({
		countStage: projectCountStage(metric),
		measure: isMoney(target) ? 'investment' : 'count',
		...resolveScope(target, chains),
		categories,
		minInvestmentCNY: target.filters.minInvestmentCNY ?? null,
		projectTypes: target.filters.projectTypes ?? [],
		clusterLeadingOnly: [metric, ...categories].some((text) => /引领性/.test(text)),
	})
}

export function companyRulesFor(target: TargetFacts, chains: ChainForRules[]): CompanyRules {
	const metric = plain(target.metric)
	return companyRulesSchema.parse({
		anyTag: tagsIn(metric),
		minRevenueCNY: revenueLine(metric),
		newInYear: /新增|新认定/.test(metric),
		chainSlugs: resolveScope(target, chains).chainSlugs,
	})
}

export function sumRulesFor(target: TargetFacts, chains: ChainForRules[]): SumRules {
	return sumRulesSchema.parse({ figure: figureIn(plain(target.metric)) ?? 'output', ...resolveScope(target, chains) })
}

/** The counting rule of `kind` that fits the target best (any kind: the reviewer may choose another than suggested). */
export function rulesForKind(target: TargetFacts, kind: QuotaKind, chains: ChainForRules[]): QuotaRules {
	switch (kind) {
		case 'projects':
			return { kind, rules: projectRulesFor(target, chains) }
		case 'companies_with_tag':
			return { kind, rules: companyRulesFor(target, chains) }
		case 'sum':
			return { kind, rules: sumRulesFor(target, chains) }
		case 'manual':
			return { kind, rules: {} }
	}
}

/** The quota kind and counting rule proposed for an extracted target. */
export function suggestRules(target: TargetFacts, chains: ChainForRules[]): QuotaRules {
	return rulesForKind(target, suggestKind(target), chains)
}
