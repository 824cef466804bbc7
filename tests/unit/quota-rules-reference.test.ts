// The rules of "companies with a tag" and sum quotas as their executable
// statement, tests/helpers/quota-rules-reference.ts (production counts them in
// SQL, proven equal to this reference by tests/integration/quota-sql-counting.test.ts).
import { describe, expect, test } from 'vitest'
import { companyRulesSchema, sumRulesSchema } from '~/domain/quota/rules'
import { type CompanyFacts, countCompanies, countSum, type LinkFigureFacts, type RevenueFacts } from '../helpers/quota-rules-reference'

function tagHolder(id: string, facts: Partial<CompanyFacts> = {}): CompanyFacts {
	return { id, name: id, isLocal: true, isSample: false, revenueCNY: null, tags: [], chainSlugs: ['rare-earth-ganxian'], ...facts }
}
const companyRules = (raw: object) => companyRulesSchema.parse(raw)
const sumRules = (raw: object) => sumRulesSchema.parse(raw)
const window = { year: 2025, asOf: '2025-12-31' }

const metal = { chainSlug: 'rare-earth-ganxian', linkKey: 're_metal', linkName: '稀土金属', linkNameEn: 'Rare-earth metals', linkUnit: 't' }
function figure(id: string, facts: Partial<LinkFigureFacts> = {}): LinkFigureFacts {
	return { id, companyId: `c-${id}`, companyName: id, isLocal: true, isSample: false, ...metal, year: 2025, capacity: null, output: 1000, ...facts }
}
function company(id: string, facts: Partial<RevenueFacts> = {}): RevenueFacts {
	return { id, name: id, isLocal: true, isSample: false, revenueCNY: null, links: [metal], ...facts }
}

describe('countCompanies', () => {
	test('新增: only tags granted in the year count; older or undated tags are listed with the reason', () => {
		const companies = [
			tagHolder('new', { tags: [{ tag: 'gaoxin', grantedYear: 2025 }] }),
			tagHolder('old', { tags: [{ tag: 'gaoxin', grantedYear: 2022 }] }),
			tagHolder('undated', { tags: [{ tag: 'gaoxin', grantedYear: null }] }),
			tagHolder('untagged', { tags: [{ tag: 'lianzhu', grantedYear: 2025 }] }),
		]
		const result = countCompanies(companyRules({ anyTag: ['gaoxin'], newInYear: true }), companies, window)
		expect(result.items.map((i) => [i.id, i.amount, i.date])).toEqual([['new', 1, null]])
		expect(result.excluded.map((e) => [e.id, e.reason, e.detail])).toEqual([
			['old', 'tag_not_new', '2022'],
			['undated', 'tag_year_unknown', null],
		])
	})

	test('stock: any of the tags held by year end, local and at the chosen chains', () => {
		const companies = [
			tagHolder('a', { tags: [{ tag: 'xiaojuren', grantedYear: null }] }),
			tagHolder('b', { tags: [{ tag: 'danxiangguanjun', grantedYear: 2023 }] }),
			tagHolder('later', { tags: [{ tag: 'xiaojuren', grantedYear: 2026 }] }),
			tagHolder('away', { isLocal: false, tags: [{ tag: 'xiaojuren', grantedYear: 2020 }] }),
			tagHolder('lithium', { chainSlugs: ['lithium'], tags: [{ tag: 'xiaojuren', grantedYear: 2020 }] }),
		]
		const result = countCompanies(companyRules({ anyTag: ['danxiangguanjun', 'xiaojuren'], chainSlugs: ['rare-earth-ganxian'] }), companies, window)
		expect(result.items.map((i) => i.id)).toEqual(['a', 'b'])
		expect(result.excluded.map((e) => [e.id, e.reason])).toEqual([
			['later', 'tag_granted_later'],
			['away', 'not_local'],
			['lithium', 'outside_chain'],
		])
		expect(countCompanies(companyRules({ anyTag: ['xiaojuren'], localOnly: false }), companies, window).items.map((i) => i.id)).toEqual([
			'a',
			'away',
			'lithium',
		])
	})

	test('a revenue line counts companies at or above it; unknown revenue does not count and is reported as a problem', () => {
		const companies = [
			tagHolder('big', { revenueCNY: 1_000_000_000 }),
			tagHolder('small', { revenueCNY: 800_000_000 }),
			tagHolder('unknown'),
			tagHolder('away', { isLocal: false, revenueCNY: 5_000_000_000 }),
		]
		const result = countCompanies(companyRules({ minRevenueCNY: 1_000_000_000 }), companies, window)
		expect(result.items.map((i) => i.id)).toEqual(['big'])
		// Without a tag condition the whole register would be candidates: none is listed.
		expect(result.excluded).toEqual([])
		expect(result.problems).toEqual([{ key: 'revenue_unknown', values: { companies: 1 } }])
		const tagged = countCompanies(
			companyRules({ anyTag: ['gaoxin'], minRevenueCNY: 1_000_000_000 }),
			companies.map((c) => ({ ...c, tags: [{ tag: 'gaoxin', grantedYear: 2020 }] })),
			window,
		)
		expect(tagged.excluded.map((e) => [e.id, e.reason, e.detail])).toEqual([
			['small', 'below_min_revenue', { key: 'below_min', values: { amountCNY: 800_000_000, minCNY: 1_000_000_000 } }],
			['unknown', 'below_min_revenue', { key: 'below_min_unknown', values: { minCNY: 1_000_000_000 } }],
			['away', 'not_local', null],
		])
	})
})

describe('countSum', () => {
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
		const result = countSum(sumRules({ figure: 'output', linkKeys: ['re_metal'] }), { figures, companies: [] }, 't', window)
		expect(result.items.map((i) => [i.id, i.amount, i.type])).toEqual([
			['a', 1000, 'figure'],
			['b', 20_000, 'figure'],
		])
		expect(result.excluded.map((e) => [e.id, e.reason])).toEqual([
			['away', 'not_local'],
			['motors', 'unit_mismatch'],
		])
		expect(result.problems).toEqual([{ key: 'unit_not_convertible', values: { link: '稀土金属', linkEn: 'Rare-earth metals', unit: '台', quotaUnit: 't' } }])
		const capacity = countSum(sumRules({ figure: 'capacity' }), { figures, companies: [] }, 't', window)
		expect(capacity.items.map((i) => [i.id, i.amount])).toEqual([['capacity-only', 5000]])
	})

	test('a year without any figure is a problem, not a silent zero', () => {
		const result = countSum(sumRules({ figure: 'output' }), { figures: [figure('a', { year: 2024 })], companies: [] }, 't', window)
		expect(result.items).toEqual([])
		expect(result.problems).toEqual([{ key: 'no_output_figures', values: { year: 2025 } }])
		const awayOnly = countSum(sumRules({ figure: 'output' }), { figures: [figure('away', { isLocal: false })], companies: [] }, 't', window)
		expect(awayOnly.problems).toEqual([{ key: 'no_output_figures', values: { year: 2025 } }])
	})

	test('revenue sums the local companies at the chosen chains in CNY; unknown revenue is reported as a problem', () => {
		const companies = [
			company('a', { revenueCNY: 3_000_000_000 }),
			company('b', { revenueCNY: 1_000_000_000 }),
			company('unknown'),
			company('lithium', { revenueCNY: 9, links: [{ chainSlug: 'lithium', linkKey: 'x', linkName: 'x', linkNameEn: 'x' }] }),
		]
		const result = countSum(sumRules({ figure: 'revenue', chainSlugs: ['rare-earth-ganxian'] }), { figures: [], companies }, 'CNY', window)
		expect(result.items.map((i) => [i.id, i.amount])).toEqual([
			['a', 3_000_000_000],
			['b', 1_000_000_000],
		])
		expect(result.excluded).toEqual([])
		expect(result.problems).toEqual([{ key: 'revenue_unknown', values: { companies: 1 } }])
		expect(countSum(sumRules({ figure: 'revenue' }), { figures: [], companies: [company('unknown')] }, 'CNY', window).problems).toEqual([
			{ key: 'no_revenue_figures', values: {} },
			{ key: 'revenue_unknown', values: { companies: 1 } },
		])
	})
})
