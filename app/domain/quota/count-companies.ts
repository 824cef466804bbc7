import { type ExcludedItem, type QuotaItem } from './progress'
import { type CompanyRules } from './rules'
import { type CountResult, type CountWindow } from './count-window'

export type CompanyFacts = {
	id: string
	name: string
	isLocal: boolean
	isSample: boolean
	revenueCNY: number | null
	tags: { tag: string; grantedYear: number | null }[]
	/** Chains the company has a link figure at. */
	chainSlugs: string[]
}

/**
 * Why a company holding one of the tags did not count (ExcludedItem.reason):
 * - tag_not_new: 新增 counts tags granted in the year only (detail: the year granted)
 * - tag_year_unknown: 新增, but the year the tag was granted is not recorded
 * - tag_granted_later: the tag was granted after the year counted (detail: the year)
 * - not_local: only local companies count
 * - outside_chain: the company is at no link of the chosen chains
 * - below_min_revenue: revenue under the line or unknown (detail: the `below_min` message, or `below_min_unknown`)
 * Without a tag condition every company in the register would be a candidate,
 * so none is listed; companies whose revenue is unknown are counted in a problem.
 */
export const COMPANY_EXCLUSION_REASONS = ['tag_not_new', 'tag_year_unknown', 'tag_granted_later', 'not_local', 'outside_chain', 'below_min_revenue'] as const
type CompanyExclusionReason = (typeof COMPANY_EXCLUSION_REASONS)[number]

/**
 * Companies that hold any of the tags and/or clear the revenue line, 1 each.
 * Tags and revenue are stock figures with no day attached, so items carry no
 * date. Companies without the tag are not candidates and are not listed.
 */
export function countCompanies(rules: CompanyRules, companies: CompanyFacts[], window: CountWindow): CountResult {
	const items: QuotaItem[] = []
	const excluded: ExcludedItem[] = []
	const tagged = rules.anyTag.length > 0
	let revenueUnknown = 0
	for (const company of companies) {
		const tags = company.tags.filter((t) => rules.anyTag.includes(t.tag))
		if (tagged && tags.length === 0) continue
		const reason = exclusionReason(rules, company, tags, window.year)
		if (reason === null) items.push(companyItem(company, tags))
		else if (tagged) excluded.push({ ...companyItem(company, tags), amount: 0, reason, detail: companyExclusionDetail(reason, rules, company, tags) })
		else if (reason === 'below_min_revenue' && company.revenueCNY === null) revenueUnknown += 1
	}
	const problems = revenueUnknown > 0 ? [{ key: 'revenue_unknown', values: { companies: revenueUnknown } }] : []
	return { items, awaiting: [], excluded, pipeline: [], problems }
}

/** The first condition the company fails; null when it counts. */
function exclusionReason(rules: CompanyRules, company: CompanyFacts, tags: CompanyFacts['tags'], year: number): CompanyExclusionReason | null {
	if (rules.anyTag.length > 0) {
		if (rules.newInYear && !tags.some((t) => t.grantedYear === year)) return tags.some((t) => t.grantedYear !== null) ? 'tag_not_new' : 'tag_year_unknown'
		if (tags.every((t) => t.grantedYear !== null && t.grantedYear > year)) return 'tag_granted_later'
	}
	if (rules.localOnly && !company.isLocal) return 'not_local'
	if (rules.chainSlugs.length > 0 && !company.chainSlugs.some((slug) => rules.chainSlugs.includes(slug))) return 'outside_chain'
	if (rules.minRevenueCNY !== null && !(company.revenueCNY !== null && company.revenueCNY >= rules.minRevenueCNY)) return 'below_min_revenue'
	return null
}

/** The figures behind a reason, only for the companies that are listed (also for those counted in SQL, quota-count-sql.server.ts). */
export function companyExclusionDetail(
	reason: string,
	rules: CompanyRules,
	company: Pick<CompanyFacts, 'revenueCNY'>,
	tags: CompanyFacts['tags'],
): QuotaItem['detail'] {
	switch (reason) {
		case 'tag_not_new':
		case 'tag_granted_later':
			return tags
				.map((t) => t.grantedYear)
				.filter((y) => y !== null)
				.join('、')
		case 'below_min_revenue': {
			const minCNY = rules.minRevenueCNY ?? 0
			return company.revenueCNY === null
				? { key: 'below_min_unknown', values: { minCNY } }
				: { key: 'below_min', values: { amountCNY: company.revenueCNY, minCNY } }
		}
		default:
			return null
	}
}

/** A company as a listed item: 1 each, with the years its matching tags were granted. */
export function companyItem(company: Pick<CompanyFacts, 'id' | 'name' | 'isSample'>, tags: CompanyFacts['tags']): QuotaItem {
	const granted = tags.filter((t) => t.grantedYear !== null).map((t) => `${t.tag} ${t.grantedYear}`)
	return {
		type: 'company',
		id: company.id,
		label: company.name,
		companyId: company.id,
		companyName: company.name,
		date: null,
		amount: 1,
		unitId: null,
		unitName: null,
		isSample: company.isSample,
		detail: granted.length > 0 ? granted.join('、') : null,
	}
}
