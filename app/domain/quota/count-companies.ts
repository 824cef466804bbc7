import { type QuotaItem } from './progress'
import { type CompanyRules } from './rules'

/** A tag a company holds, with the year it was granted when that is recorded. */
export type CompanyTag = { tag: string; grantedYear: number | null }

/**
 * Why a company holding one of the tags did not count (ExcludedItem.reason),
 * the first condition it fails in this order (classified in SQL by
 * app/models/quota-count-sql.server.ts; the rules' executable statement it is
 * proven equal to is tests/helpers/quota-rules-reference.ts):
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
export type CompanyExclusionReason = (typeof COMPANY_EXCLUSION_REASONS)[number]

/** The figures behind a reason, only for the companies that are listed. */
export function companyExclusionDetail(reason: string, rules: CompanyRules, company: { revenueCNY: number | null }, tags: CompanyTag[]): QuotaItem['detail'] {
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

/**
 * A company as a listed item: 1 each, with the years its matching tags were
 * granted. Tags and revenue are stock figures with no day attached, so items
 * carry no date.
 */
export function companyItem(company: { id: string; name: string; isSample: boolean }, tags: CompanyTag[]): QuotaItem {
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
		unitNameEn: null,
		isSample: company.isSample,
		detail: granted.length > 0 ? granted.join('、') : null,
	}
}
