import { type ExcludedItem, type QuotaItem, type QuotaProblem } from './progress'
import { type SumRules } from './rules'
import { type CountResult, type CountWindow } from './count-window'

type LinkRef = { chainSlug: string; linkKey: string; linkName: string }

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
 * Why a figure at the chosen links was left out of the sum (ExcludedItem.reason):
 * - not_local: the company is not local
 * - unit_mismatch: the link's unit cannot be converted to the quota's (detail: "台 → t")
 * Companies without a recorded revenue are many in an imported register: they
 * are counted in a problem (`revenue_unknown`), not listed.
 */
export const SUM_EXCLUSION_REASONS = ['not_local', 'unit_mismatch'] as const

// Mass units as written on links and in policy text, in tonnes; "t REO" (oxide equivalent) is still tonnes.
const TONNES: Record<string, number> = { t: 1, 吨: 1, kt: 1_000, 千吨: 1_000, 万吨: 10_000 }

/** Factor from a link unit to the quota's normalized unit; null when they measure different things. */
export function unitFactor(from: string, to: string): number | null {
	if (from === to) return 1
	const base = from.trim().split(/\s+/)[0] ?? ''
	if (base === to) return 1
	const source = TONNES[base]
	const target = TONNES[to]
	return source !== undefined && target !== undefined ? source / target : null
}

/** Whether any of the links is one the rule looks at (no chain and no link named: every link). */
export function matchesLinks(rules: Pick<SumRules, 'chainSlugs' | 'linkKeys'>, links: Pick<LinkRef, 'chainSlug' | 'linkKey'>[]) {
	if (rules.chainSlugs.length === 0 && rules.linkKeys.length === 0) return true
	return links.some(
		(l) => (rules.chainSlugs.length === 0 || rules.chainSlugs.includes(l.chainSlug)) && (rules.linkKeys.length === 0 || rules.linkKeys.includes(l.linkKey)),
	)
}

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
	const unconvertible = new Map<string, { linkName: string; linkUnit: string }>()
	for (const f of figures) {
		const value = f[figure]
		if (f.year !== window.year || value === null || !matchesLinks(rules, [f])) continue
		const row = { ...f, value }
		if (rules.localOnly && !f.isLocal) excluded.push(figureItem(row, normalizedUnit, 'not_local'))
		else if (unitFactor(f.linkUnit, normalizedUnit) === null) {
			excluded.push(figureItem(row, normalizedUnit, 'unit_mismatch'))
			unconvertible.set(`${f.linkName}|${f.linkUnit}`, { linkName: f.linkName, linkUnit: f.linkUnit })
		} else items.push(figureItem(row, normalizedUnit, null))
	}
	return { items, awaiting: [], excluded, pipeline: [], problems: figureProblems(rules, window.year, normalizedUnit, [...unconvertible.values()], items.length) }
}

type FigureRow = Pick<LinkFigureFacts, 'id' | 'companyId' | 'companyName' | 'isSample' | 'linkName' | 'linkUnit'> & { value: number }

/** A figure as a listed item: counted (reason null, amount in the quota's unit) or excluded with its reason (amount 0). */
export function figureItem(f: FigureRow, normalizedUnit: string, reason: null): QuotaItem
export function figureItem(f: FigureRow, normalizedUnit: string, reason: string | null): ExcludedItem
export function figureItem(f: FigureRow, normalizedUnit: string, reason: string | null): QuotaItem | ExcludedItem {
	const item: QuotaItem = {
		type: 'figure',
		id: f.id,
		label: `${f.companyName} · ${f.linkName}`,
		companyId: f.companyId,
		companyName: f.companyName,
		date: null,
		amount: 0,
		unitId: null,
		unitName: null,
		isSample: f.isSample,
		detail: `${f.linkName} ${f.value} ${f.linkUnit}`,
	}
	if (reason === 'unit_mismatch') return { ...item, reason, detail: `${f.linkUnit} → ${normalizedUnit}` }
	if (reason !== null) return { ...item, reason }
	return { ...item, amount: f.value * (unitFactor(f.linkUnit, normalizedUnit) ?? 0) }
}

/** Links whose unit cannot be converted, one problem each; and a zero from missing data must not read as a real zero (non-local figures alone do not count either). */
export function figureProblems(
	rules: SumRules,
	year: number,
	normalizedUnit: string,
	unconvertible: { linkName: string; linkUnit: string }[],
	itemCount: number,
): QuotaProblem[] {
	const figure = rules.figure === 'capacity' ? 'capacity' : 'output'
	const problems: QuotaProblem[] = unconvertible.map((u) => ({ key: 'unit_not_convertible', values: { link: u.linkName, unit: u.linkUnit, quotaUnit: normalizedUnit } }))
	if (itemCount === 0) problems.push({ key: `no_${figure}_figures`, values: { year } })
	return problems
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

/** A company's revenue as a counted item. */
export function revenueItem(c: Pick<RevenueFacts, 'id' | 'name' | 'isSample'> & { revenueCNY: number }): QuotaItem {
	return {
		type: 'company',
		id: c.id,
		label: c.name,
		companyId: c.id,
		companyName: c.name,
		date: null,
		amount: c.revenueCNY,
		unitId: null,
		unitName: null,
		isSample: c.isSample,
		detail: null,
	}
}

/** Revenue is money: another unit counts nothing; no figure at all, and companies without one, are said. */
export function revenueProblems(normalizedUnit: string, itemCount: number, unknown: number): QuotaProblem[] {
	if (normalizedUnit !== 'CNY') return [{ key: 'revenue_not_money', values: { quotaUnit: normalizedUnit } }]
	const problems: QuotaProblem[] = []
	if (itemCount === 0) problems.push({ key: 'no_revenue_figures', values: {} })
	if (unknown > 0) problems.push({ key: 'revenue_unknown', values: { companies: unknown } })
	return problems
}
