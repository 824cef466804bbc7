// The counting rules of "companies with a tag" and sum quotas, as the
// in-memory counters app/domain/quota/count-companies.ts and count-sum.ts ran
// them before those quotas were counted in SQL (app/models/quota-count-sql.server.ts).
// Production no longer calls them, so they live here, on the test side, as the
// executable statement of the rules: tests/unit/quota-rules-reference.test.ts
// pins what they decide, and tests/integration/quota-sql-counting.test.ts
// proves the SQL path equal to them (through quota-progress-reference.ts).
// Items, details, problems and reason codes are still built by app/domain/quota,
// which both paths share.
import { type CompanyExclusionReason, companyExclusionDetail, companyItem, type CompanyTag } from '~/domain/quota/count-companies'
import { figureItem, figureProblems, matchesLinks, revenueItem, revenueProblems, unitFactor } from '~/domain/quota/count-sum'
import { type CountResult, type CountWindow } from '~/domain/quota/count-window'
import { type ExcludedItem, type QuotaItem } from '~/domain/quota/progress'
import { type CompanyRules, type SumRules } from '~/domain/quota/rules'

export type CompanyFacts = {
	id: string
	name: string
	isLocal: boolean
	isSample: boolean
	revenueCNY: number | null
	tags: CompanyTag[]
	/** Chains the company has a link figure at. */
	chainSlugs: string[]
}

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

/** The first condition the company fails (the order of COMPANY_EXCLUSION_REASONS); null when it counts. */
function exclusionReason(rules: CompanyRules, company: CompanyFacts, tags: CompanyTag[], year: number): CompanyExclusionReason | null {
	if (rules.anyTag.length > 0) {
		if (rules.newInYear && !tags.some((t) => t.grantedYear === year)) return tags.some((t) => t.grantedYear !== null) ? 'tag_not_new' : 'tag_year_unknown'
		if (tags.every((t) => t.grantedYear !== null && t.grantedYear > year)) return 'tag_granted_later'
	}
	if (rules.localOnly && !company.isLocal) return 'not_local'
	if (rules.chainSlugs.length > 0 && !company.chainSlugs.some((slug) => rules.chainSlugs.includes(slug))) return 'outside_chain'
	if (rules.minRevenueCNY !== null && !(company.revenueCNY !== null && company.revenueCNY >= rules.minRevenueCNY)) return 'below_min_revenue'
	return null
}

type LinkRef = { chainSlug: string; linkKey: string; linkName: string; linkNameEn: string }

/** A company's capacity/output at one link in one year (CompanyLink), in the link's unit. */
export type LinkFigureFacts = LinkRef & {
	id: string
	companyId: string
	companyName: string
	isLocal: boolean
	isSample: boolean
	linkUnit: string
	year: number | null
	capacity: number | null
	output: number | null
}

export type RevenueFacts = { id: string; name: string; isLocal: boolean; isSample: boolean; revenueCNY: number | null; links: LinkRef[] }

/**
 * Σ of a figure over the local companies at the chosen chains/links, in
 * `normalizedUnit` (t for 吨, CNY for money). Output and capacity are taken
 * from the year counted; revenue is the company's latest recorded figure (the
 * register keeps no revenue history). Stock figures: items carry no date.
 */
export function countSum(
	rules: SumRules,
	facts: { figures: LinkFigureFacts[]; companies: RevenueFacts[] },
	normalizedUnit: string,
	window: CountWindow,
): CountResult {
	return rules.figure === 'revenue' ? sumRevenue(rules, facts.companies, normalizedUnit) : sumLinkFigures(rules, facts.figures, normalizedUnit, window)
}

function sumLinkFigures(rules: SumRules, figures: LinkFigureFacts[], normalizedUnit: string, window: CountWindow): CountResult {
	const figure = rules.figure === 'capacity' ? 'capacity' : 'output'
	const items: QuotaItem[] = []
	const excluded: ExcludedItem[] = []
	// One problem per link and unit, however many companies report in it.
	const unconvertible = new Map<string, { linkName: string; linkNameEn: string; linkUnit: string }>()
	for (const f of figures) {
		const value = f[figure]
		if (f.year !== window.year || value === null || !matchesLinks(rules, [f])) continue
		const row = { ...f, value }
		if (rules.localOnly && !f.isLocal) excluded.push(figureItem(row, normalizedUnit, 'not_local'))
		else if (unitFactor(f.linkUnit, normalizedUnit) === null) {
			excluded.push(figureItem(row, normalizedUnit, 'unit_mismatch'))
			unconvertible.set(`${f.linkName}|${f.linkUnit}`, { linkName: f.linkName, linkNameEn: f.linkNameEn, linkUnit: f.linkUnit })
		} else items.push(figureItem(row, normalizedUnit, null))
	}
	return {
		items,
		awaiting: [],
		excluded,
		pipeline: [],
		problems: figureProblems(rules, window.year, normalizedUnit, [...unconvertible.values()], items.length),
	}
}

function sumRevenue(rules: SumRules, companies: RevenueFacts[], normalizedUnit: string): CountResult {
	const items: QuotaItem[] = []
	if (normalizedUnit !== 'CNY') return { items, awaiting: [], excluded: [], pipeline: [], problems: revenueProblems(normalizedUnit, 0, 0) }
	let unknown = 0
	for (const c of companies) {
		if ((rules.localOnly && !c.isLocal) || !matchesLinks(rules, c.links)) continue
		if (c.revenueCNY === null) {
			unknown += 1
			continue
		}
		items.push(revenueItem({ ...c, revenueCNY: c.revenueCNY }))
	}
	return { items, awaiting: [], excluded: [], pipeline: [], problems: revenueProblems(normalizedUnit, items.length, unknown) }
}
