import { expect, test } from 'vitest'
import { type CompanyFacts, countCompanies } from './count-companies'
import { companyRulesSchema } from './rules'

function company(id: string, facts: Partial<CompanyFacts> = {}): CompanyFacts {
	return { id, name: id, isLocal: true, isSample: false, revenueCNY: null, tags: [], chainSlugs: ['rare-earth-ganxian'], ...facts }
}
const rules = (raw: object) => companyRulesSchema.parse(raw)
const window = { year: 2025, asOf: '2025-12-31' }

test('新增: only tags granted in the year count; older or undated tags are listed with the reason', () => {
	const companies = [
		company('new', { tags: [{ tag: 'gaoxin', grantedYear: 2025 }] }),
		company('old', { tags: [{ tag: 'gaoxin', grantedYear: 2022 }] }),
		company('undated', { tags: [{ tag: 'gaoxin', grantedYear: null }] }),
		company('untagged', { tags: [{ tag: 'lianzhu', grantedYear: 2025 }] }),
	]
	const result = countCompanies(rules({ anyTag: ['gaoxin'], newInYear: true }), companies, window)
	expect(result.items.map((i) => [i.id, i.amount, i.date])).toEqual([['new', 1, null]])
	expect(result.excluded.map((e) => [e.id, e.reason, e.detail])).toEqual([
		['old', 'tag_not_new', '2022'],
		['undated', 'tag_year_unknown', null],
	])
})

test('stock: any of the tags held by year end, local and at the chosen chains', () => {
	const companies = [
		company('a', { tags: [{ tag: 'xiaojuren', grantedYear: null }] }),
		company('b', { tags: [{ tag: 'danxiangguanjun', grantedYear: 2023 }] }),
		company('later', { tags: [{ tag: 'xiaojuren', grantedYear: 2026 }] }),
		company('away', { isLocal: false, tags: [{ tag: 'xiaojuren', grantedYear: 2020 }] }),
		company('lithium', { chainSlugs: ['lithium'], tags: [{ tag: 'xiaojuren', grantedYear: 2020 }] }),
	]
	const result = countCompanies(rules({ anyTag: ['danxiangguanjun', 'xiaojuren'], chainSlugs: ['rare-earth-ganxian'] }), companies, window)
	expect(result.items.map((i) => i.id)).toEqual(['a', 'b'])
	expect(result.excluded.map((e) => [e.id, e.reason])).toEqual([
		['later', 'tag_granted_later'],
		['away', 'not_local'],
		['lithium', 'outside_chain'],
	])
	expect(countCompanies(rules({ anyTag: ['xiaojuren'], localOnly: false }), companies, window).items.map((i) => i.id)).toEqual([
		'a',
		'away',
		'lithium',
	])
})

test('a revenue line counts companies at or above it; unknown revenue does not count and is reported as a problem', () => {
	const companies = [
		company('big', { revenueCNY: 1_000_000_000 }),
		company('small', { revenueCNY: 800_000_000 }),
		company('unknown'),
		company('away', { isLocal: false, revenueCNY: 5_000_000_000 }),
	]
	const result = countCompanies(rules({ minRevenueCNY: 1_000_000_000 }), companies, window)
	expect(result.items.map((i) => i.id)).toEqual(['big'])
	// Without a tag condition the whole register would be candidates: none is listed.
	expect(result.excluded).toEqual([])
	expect(result.problems).toEqual([{ key: 'revenue_unknown', values: { companies: 1 } }])
	const tagged = countCompanies(rules({ anyTag: ['gaoxin'], minRevenueCNY: 1_000_000_000 }), companies.map((c) => ({ ...c, tags: [{ tag: 'gaoxin', grantedYear: 2020 }] })), window)
	expect(tagged.excluded.map((e) => [e.id, e.reason, e.detail])).toEqual([
		['small', 'below_min_revenue', { key: 'below_min', values: { amountCNY: 800_000_000, minCNY: 1_000_000_000 } }],
		['unknown', 'below_min_revenue', { key: 'below_min_unknown', values: { minCNY: 1_000_000_000 } }],
		['away', 'not_local', null],
	])
})
