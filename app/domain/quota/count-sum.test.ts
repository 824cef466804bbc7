import { expect, test } from 'vitest'
import { countSum, type LinkFigureFacts, type RevenueFacts, unitFactor } from './count-sum'
import { sumRulesSchema } from './rules'

const metal = { chainSlug: 'rare-earth-ganxian', linkKey: 're_metal', linkName: '稀土金属', linkUnit: 't' }
function figure(id: string, facts: Partial<LinkFigureFacts> = {}): LinkFigureFacts {
	return { id, companyId: `c-${id}`, companyName: id, isLocal: true, isSample: false, ...metal, year: 2025, capacity: null, output: 1000, ...facts }
}
function company(id: string, facts: Partial<RevenueFacts> = {}): RevenueFacts {
	return { id, name: id, isLocal: true, isSample: false, revenueCNY: null, links: [metal], ...facts }
}
const rules = (raw: object) => sumRulesSchema.parse(raw)
const window = { year: 2025, asOf: '2025-12-31' }

test('link units convert to the quota unit when they measure the same thing', () => {
	expect(unitFactor('t', 't')).toBe(1)
	expect(unitFactor('t REO', 't')).toBe(1)
	expect(unitFactor('万吨', 't')).toBe(10_000)
	expect(unitFactor('台', '台')).toBe(1)
	expect(unitFactor('台', 't')).toBeNull()
})

test('output sums the local figures of the year at the chosen links, in tonnes', () => {
	const figures = [
		figure('a'),
		figure('b', { output: 2, linkUnit: '万吨' }),
		figure('other-year', { year: 2024 }),
		figure('other-link', { linkKey: 'ndfeb_magnet' }),
		figure('capacity-only', { output: null, capacity: 5000 }),
		figure('away', { isLocal: false }),
		figure('motors', { linkUnit: '台' }),
	]
	const result = countSum(rules({ figure: 'output', linkKeys: ['re_metal'] }), { figures, companies: [] }, 't', window)
	expect(result.items.map((i) => [i.id, i.amount, i.type])).toEqual([
		['a', 1000, 'figure'],
		['b', 20_000, 'figure'],
	])
	expect(result.excluded.map((e) => [e.id, e.reason])).toEqual([
		['away', 'not_local'],
		['motors', 'unit_mismatch'],
	])
	expect(result.problems).toEqual([{ key: 'unit_not_convertible', values: { link: '稀土金属', unit: '台', quotaUnit: 't' } }])
	const capacity = countSum(rules({ figure: 'capacity' }), { figures, companies: [] }, 't', window)
	expect(capacity.items.map((i) => [i.id, i.amount])).toEqual([['capacity-only', 5000]])
})

test('a year without any figure is a problem, not a silent zero', () => {
	const result = countSum(rules({ figure: 'output' }), { figures: [figure('a', { year: 2024 })], companies: [] }, 't', window)
	expect(result.items).toEqual([])
	expect(result.problems).toEqual([{ key: 'no_output_figures', values: { year: 2025 } }])
	const awayOnly = countSum(rules({ figure: 'output' }), { figures: [figure('away', { isLocal: false })], companies: [] }, 't', window)
	expect(awayOnly.problems).toEqual([{ key: 'no_output_figures', values: { year: 2025 } }])
})

test('revenue sums the local companies at the chosen chains in CNY; unknown revenue is reported as a problem', () => {
	const companies = [
		company('a', { revenueCNY: 3_000_000_000 }),
		company('b', { revenueCNY: 1_000_000_000 }),
		company('unknown'),
		company('lithium', { revenueCNY: 9, links: [{ chainSlug: 'lithium', linkKey: 'x', linkName: 'x' }] }),
	]
	const result = countSum(rules({ figure: 'revenue', chainSlugs: ['rare-earth-ganxian'] }), { figures: [], companies }, 'CNY', window)
	expect(result.items.map((i) => [i.id, i.amount])).toEqual([
		['a', 3_000_000_000],
		['b', 1_000_000_000],
	])
	expect(result.excluded).toEqual([])
	expect(result.problems).toEqual([{ key: 'revenue_unknown', values: { companies: 1 } }])
	expect(countSum(rules({ figure: 'revenue' }), { figures: [], companies: [company('unknown')] }, 'CNY', window).problems).toEqual([
		{ key: 'no_revenue_figures', values: {} },
		{ key: 'revenue_unknown', values: { companies: 1 } },
	])
})
