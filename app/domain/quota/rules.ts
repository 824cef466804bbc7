import { z } from 'zod'
import { projectTypeSchema } from '~/domain/project/stages'
import { type QuotaProblem } from './progress'

export const QUOTA_KINDS = ['projects', 'companies_with_tag', 'sum', 'manual'] as const
export const quotaKindSchema = z.enum(QUOTA_KINDS)
export type QuotaKind = z.infer<typeof quotaKindSchema>

/** The stages whose date can place a project in a year; 签约 is the default (三明-style: counted once, at signing). */
export const COUNT_STAGES = ['signed', 'started', 'producing'] as const
export type CountStage = (typeof COUNT_STAGES)[number]

const names = z.array(z.string().trim().min(1)).default([])

/**
 * "Projects introduced" (引进项目): a project counts in year Y when the date of
 * `countStage` falls in Y, it is not terminated before that date, and it passes
 * every filter that is set. `measure` says whether the quota counts projects or
 * sums their investment; a 增资 contributes only its increment to sums and its
 * investment threshold is tested on the increment as well.
 */
export const projectRulesSchema = z.object({
	countStage: z.enum(COUNT_STAGES).default('signed'),
	measure: z.enum(['count', 'investment']).default('count'),
	/** Chains (by slug) whose links the project must touch; empty = any chain. */
	chainSlugs: names,
	/** Links (by key) the project must touch; empty = any link of the chosen chains. */
	linkKeys: names,
	/** Words as written in the clause (稀土新材料及应用); kept for the reader, resolved to chains/links at review. */
	categories: names,
	minInvestmentCNY: z.number().nonnegative().nullable().default(null),
	projectTypes: z.array(projectTypeSchema).default([]),
	/** 集群引领性项目 only. */
	clusterLeadingOnly: z.boolean().default(false),
})

/** Companies holding a tag (高新技术企业, 专精特新, 小巨人…) and/or above a revenue line (营收超10亿元). */
export const companyRulesSchema = z.object({
	/** Any of these tags; empty = no tag condition. */
	anyTag: names,
	minRevenueCNY: z.number().nonnegative().nullable().default(null),
	/** 新增: only tags granted in the year counted (CompanyTag.grantedYear); otherwise the stock at year end. */
	newInYear: z.boolean().default(false),
	/** Only companies at links of these chains; empty = any company. */
	chainSlugs: names,
	localOnly: z.boolean().default(true),
})

/** A figure summed over the companies at some links: output or capacity in the year, or revenue. */
export const sumRulesSchema = z.object({
	figure: z.enum(['output', 'capacity', 'revenue']).default('output'),
	chainSlugs: names,
	linkKeys: names,
	localOnly: z.boolean().default(true),
})

export const manualRulesSchema = z.object({})

export const quotaRulesSchema = z.discriminatedUnion('kind', [
	z.object({ kind: z.literal('projects'), rules: projectRulesSchema }),
	z.object({ kind: z.literal('companies_with_tag'), rules: companyRulesSchema }),
	z.object({ kind: z.literal('sum'), rules: sumRulesSchema }),
	z.object({ kind: z.literal('manual'), rules: manualRulesSchema }),
])

export type ProjectRules = z.output<typeof projectRulesSchema>
export type CompanyRules = z.output<typeof companyRulesSchema>
export type SumRules = z.output<typeof sumRulesSchema>
export type QuotaRules = z.output<typeof quotaRulesSchema>

/**
 * Reads a quota's stored `filters` JSON for its kind. Unknown or broken JSON
 * yields the kind's defaults plus the problem, so a bad row never hides a quota.
 */
export function parseQuotaRules(kind: string, filtersJson: string): { rules: QuotaRules; problem: QuotaProblem | null } {
	let raw: unknown = {}
	let problem: QuotaProblem | null = null
	try {
		raw = JSON.parse(filtersJson || '{}')
	} catch {
		problem = { key: 'invalid_filters', values: {} }
	}
	const parsedKind = quotaKindSchema.safeParse(kind)
	const k = parsedKind.success ? parsedKind.data : 'manual'
	if (!parsedKind.success) problem = { key: 'unknown_kind', values: { kind } }
	const parsed = quotaRulesSchema.safeParse({ kind: k, rules: raw })
	if (parsed.success) return { rules: parsed.data, problem }
	// Paths start at `rules`; the reader knows the fields by their names inside the filters.
	const fields = [...new Set(parsed.error.issues.map((i) => i.path.slice(1).join('.') || 'filters'))]
	return { rules: quotaRulesSchema.parse({ kind: k, rules: {} }), problem: { key: 'invalid_rules', values: { fields: fields.join(', ') } } }
}
