import { type ExcludedItem, type QuotaItem, type QuotaProblem } from './progress'
import { type SumRules } from './rules'

/*
 * Why a figure at the chosen links was left out of the sum (ExcludedItem.reason;
 * classified in SQL by app/models/quota-count-sql.server.ts, proven equal to
 * the rules' executable statement in tests/helpers/quota-rules-reference.ts):
 * - not_local: the company is not local
 * - unit_mismatch: the link's unit cannot be converted to the quota's (detail: "台 → t")
 * Companies without a recorded revenue are many in an imported register: they
 * are counted in a problem (`revenue_unknown`), not listed.
 */

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
export function matchesLinks(rules: Pick<SumRules, 'chainSlugs' | 'linkKeys'>, links: { chainSlug: string; linkKey: string }[]) {
	if (rules.chainSlugs.length === 0 && rules.linkKeys.length === 0) return true
	return links.some(
		(l) => (rules.chainSlugs.length === 0 || rules.chainSlugs.includes(l.chainSlug)) && (rules.linkKeys.length === 0 || rules.linkKeys.includes(l.linkKey)),
	)
}

type FigureRow = {
	id: string
	companyId: string
	companyName: string
	isSample: boolean
	linkName: string
	linkNameEn: string
	linkUnit: string
	value: number
}

/** A figure as a listed item: counted (reason null, amount in the quota's unit) or excluded with its reason (amount 0). */
export function figureItem(f: FigureRow, normalizedUnit: string, reason: null): QuotaItem
export function figureItem(f: FigureRow, normalizedUnit: string, reason: string | null): ExcludedItem
export function figureItem(f: FigureRow, normalizedUnit: string, reason: string | null): QuotaItem | ExcludedItem {
	const item: QuotaItem = {
		type: 'figure',
		id: f.id,
		label: f.companyName,
		companyId: f.companyId,
		companyName: f.companyName,
		date: null,
		amount: 0,
		unitId: null,
		unitName: null,
		unitNameEn: null,
		isSample: f.isSample,
		detail: { key: 'link_figure', values: { link: f.linkName, linkEn: f.linkNameEn, value: f.value, unit: f.linkUnit } },
	}
	if (reason === 'unit_mismatch') return { ...item, reason, detail: { key: 'unit_mismatch', values: { unit: f.linkUnit, quotaUnit: normalizedUnit } } }
	if (reason !== null) return { ...item, reason }
	return { ...item, amount: f.value * (unitFactor(f.linkUnit, normalizedUnit) ?? 0) }
}

/** Links whose unit cannot be converted, one problem each; and a zero from missing data must not read as a real zero (non-local figures alone do not count either). */
export function figureProblems(
	rules: SumRules,
	year: number,
	normalizedUnit: string,
	unconvertible: { linkName: string; linkNameEn: string; linkUnit: string }[],
	itemCount: number,
): QuotaProblem[] {
	const figure = rules.figure === 'capacity' ? 'capacity' : 'output'
	const problems: QuotaProblem[] = unconvertible.map((u) => ({
		key: 'unit_not_convertible',
		values: { link: u.linkName, linkEn: u.linkNameEn, unit: u.linkUnit, quotaUnit: normalizedUnit },
	}))
	if (itemCount === 0) problems.push({ key: `no_${figure}_figures`, values: { year } })
	return problems
}

/** A company's revenue as a counted item. */
export function revenueItem(c: { id: string; name: string; isSample: boolean; revenueCNY: number }): QuotaItem {
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
		unitNameEn: null,
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
