// The chain page reads per link sums, counts and the top firm from SQL
// (loadLinkSummaries) instead of every figure. This test holds the SQL to the
// per-firm computation it replaced: every CompanyLink row of the chain read
// through Prisma, the figures in force picked by pickFiguresForYear and
// summarized by summarizeFirms in JavaScript. Both run on the same database:
// the seed's chains, generated companies, and hand-made edge cases (no firm,
// one firm, unknown figures, several years and undated rows, ties, leaders at
// the threshold, sample and real data, other chains' firms and edges).
import fs from 'node:fs'
import { beforeAll, describe, expect, test } from 'vitest'
import { prisma } from '~/db.server'
import { type AnalysisFirm, analyzeChain, DEFAULT_GAP_SETTINGS, type GapSettings, pickFiguresForYear, summarizeFirms } from '~/domain/chain/gap-analysis'
import { type SeedChain } from '~/domain/seed/seed-files'
import { loadChain, loadChainFirms, loadGapAnalysis, loadLinkSummaries } from '~/models/chain-analysis.server'
import { importChainTemplate } from '~/models/chain-template.server'
import { generateDemoData } from '~/models/demo-data.server'

/** SQLite adds fractional figures in its own order (compensated): compare to 12 significant digits. */
function rounded<T>(value: T): T {
	if (typeof value === 'number') return (Number.isInteger(value) ? value : Number(value.toPrecision(12))) as T
	if (Array.isArray(value)) return value.map(rounded) as T
	if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rounded(v)])) as T
	return value
}

/** The computation before SQL: every figure row of the chain, picked and summarized in JavaScript. */
async function perFirmReference(chainId: string, year: number, settings: GapSettings = DEFAULT_GAP_SETTINGS) {
	const rows = await prisma.companyLink.findMany({
		where: { link: { chainId } },
		// Of two undated rows for one company and link, the SQL keeps the smaller id: so does pickFiguresForYear, reading in id order.
		orderBy: { id: 'asc' },
		select: {
			companyId: true,
			linkId: true,
			year: true,
			capacity: true,
			output: true,
			isSample: true,
			company: { select: { isLocal: true, isSample: true, revenueCNY: true, tags: { select: { tag: true } } } },
		},
	})
	const firms = pickFiguresForYear(
		rows.map((r) => ({
			companyId: r.companyId,
			linkId: r.linkId,
			isLocal: r.company.isLocal,
			year: r.year,
			capacity: r.capacity,
			output: r.output,
			revenueCNY: r.company.revenueCNY === null ? null : Number(r.company.revenueCNY),
			tags: r.company.tags.map((t) => t.tag),
			sample: r.isSample || r.company.isSample,
		})),
		year,
	)
	return { firms, summaries: summarizeFirms(firms, settings) }
}

const byLink = <T extends { linkId: string }>(rows: readonly T[]) => [...rows].sort((a, b) => a.linkId.localeCompare(b.linkId))

async function expectSameAsReference(idOrSlug: string, year: number, settings: GapSettings = DEFAULT_GAP_SETTINGS) {
	const chain = (await loadChain(prisma, idOrSlug))!
	const reference = await perFirmReference(chain.id, year, settings)
	const sql = await loadLinkSummaries(prisma, chain.id, year, settings)
	expect(rounded(byLink(sql.map((s) => s.summary)))).toEqual(rounded(byLink(reference.summaries)))
	// Sample data counted per link as the rows say.
	for (const { summary, sampleFirmCount } of sql) {
		expect(sampleFirmCount).toBe(reference.firms.filter((f) => f.linkId === summary.linkId && f.sample).length)
	}
	// The whole analysis (flags, reasons, health) is the same from either side.
	const fromSql = (await loadGapAnalysis(prisma, idOrSlug, year, settings))!.analysis
	const fromRows = analyzeChain({ links: chain.links, edges: chain.edges, summaries: reference.summaries, year, settings })
	expect(rounded(fromSql)).toEqual(rounded(fromRows))
	// The firm rows the panel and the prospect list read are the same rows in force.
	const key = (f: Pick<AnalysisFirm, 'companyId' | 'linkId' | 'year' | 'capacity' | 'output' | 'isLocal' | 'revenueCNY'> & { tags: readonly string[] }) =>
		JSON.stringify([f.companyId, f.linkId, f.year, f.capacity, f.output, f.isLocal, f.revenueCNY, [...f.tags].sort()])
	const loaded = await loadChainFirms(prisma, { chain, analysis: fromSql })
	expect(loaded.map(key).sort()).toEqual(reference.firms.map(key).sort())
	return { chain, reference, sql, analysis: fromSql }
}

let edgeCaseSlug = ''
const ids: Record<string, string> = {}

beforeAll(async () => {
	await generateDemoData(process.env.DATABASE_URL!, { companies: 2_000, leads: 0, projects: 0, seed: 20261206 })

	// A second chain, from a template, with hand-made firms at its links.
	const template = JSON.parse(fs.readFileSync('tests/fixtures/chains/pv-glass-untuned.json', 'utf8')) as SeedChain
	const { slug } = await importChainTemplate(prisma, template, { slug: 'pv-glass-sql-summaries', userId: null })
	edgeCaseSlug = slug
	const links = await prisma.chainLink.findMany({ where: { chain: { slug } }, select: { id: true, key: true, chainId: true } })
	const link = (key: string) => links.find((l) => l.key === key)!.id
	const company = async (name: string, data: { isLocal?: boolean; isSample?: boolean; revenueCNY?: bigint | null; tags?: string[] } = {}) => {
		const created = await prisma.company.create({
			data: {
				name,
				isLocal: data.isLocal ?? true,
				isSample: data.isSample ?? false,
				revenueCNY: data.revenueCNY ?? null,
				tags: { create: (data.tags ?? []).map((tag) => ({ tag })) },
			},
			select: { id: true },
		})
		ids[name] = created.id
		return created.id
	}
	const figure = (companyId: string, linkKey: string, year: number | null, capacity: number | null, output: number | null, isSample = false) =>
		prisma.companyLink.create({ data: { companyId, linkId: link(linkKey), year, capacity, output, isSample } })

	// One local firm whose figure is unknown (neither capacity nor output): it holds the link alone.
	await figure(await company('唯一企业'), 'pv_module', 2025, null, null)
	// Fractional figures, an unknown one among them, a leader exactly at the revenue line, a 链主 without revenue.
	await figure(await company('甲', { revenueCNY: 1_000_000_000n }), 'coated_glass', 2025, 0.1, null)
	await figure(await company('乙', { tags: ['lianzhu'] }), 'coated_glass', 2025, null, 0.2)
	await figure(await company('丙', { revenueCNY: 999_999_999n }), 'coated_glass', 2024, 1 / 3, null)
	await figure(await company('丁'), 'coated_glass', 2025, null, null)
	await figure(await company('外地', { isLocal: false, tags: ['lianzhu'] }), 'coated_glass', 2025, 5000, null)
	// Ties for the top firm, sample and real rows (the figure or the company sample).
	await figure(await company('并列二'), 'quartz_sand', 2025, 700, null)
	await figure(await company('并列一'), 'quartz_sand', 2025, 700, null, true)
	await figure(await company('小', { isSample: true }), 'quartz_sand', 2025, 100, null)
	// Several years for one firm and link, and undated rows: which one is in force depends on the year.
	const years = await company('多年')
	await figure(years, 'pv_glass_raw', 2023, 10, null)
	await figure(years, 'pv_glass_raw', 2025, 20, null)
	await figure(years, 'pv_glass_raw', 2027, 30, null)
	await figure(years, 'pv_glass_raw', null, 99, null)
	const undatedFirm = await company('未注年份')
	// Two undated rows for one pair (the unique key allows it: NULL years differ).
	await figure(undatedFirm, 'pv_glass_raw', null, 5, null)
	await figure(undatedFirm, 'pv_glass_raw', null, 6, null)
	await figure(undatedFirm, 'pv_glass_raw', 2026, 7, null)
	// Another chain's firms and an edge that leaves this chain: neither may count here.
	const otherLink = await prisma.chainLink.findFirstOrThrow({ where: { chain: { slug: 'rare-earth-ganxian' }, key: 'ndfeb_magnet' }, select: { id: true } })
	await prisma.companyLink.create({ data: { companyId: years, linkId: otherLink.id, year: 2025, capacity: 123_456 } })
	await prisma.chainEdge.create({ data: { chainId: links[0]!.chainId, fromLinkId: link('pv_module'), toLinkId: otherLink.id, factor: 2 } })
})

describe('per-link summaries from SQL equal the per-firm computation', () => {
	test('the seeded rare-earth chain with 2,000 generated companies, in the years with figures, before them and after', async () => {
		const years = (await loadGapAnalysis(prisma, 'rare-earth-ganxian', 2025))!.years
		expect(years.length).toBeGreaterThan(0)
		for (const year of [...years, Math.min(...years) - 1, Math.max(...years) + 1]) {
			const { reference } = await expectSameAsReference('rare-earth-ganxian', year)
			if (year >= Math.min(...years)) expect(reference.firms.length).toBeGreaterThan(0)
		}
	})

	test('every other seeded chain, and a year before any figure gives an analysis without firms', async () => {
		const chains = await prisma.chain.findMany({ select: { slug: true } })
		expect(chains.length).toBeGreaterThan(2)
		for (const { slug } of chains) await expectSameAsReference(slug, 2025)
		const { sql, analysis } = await expectSameAsReference('rare-earth-ganxian', 1999)
		expect(sql).toEqual([])
		expect(analysis.links.every((l) => l.localFirmCount === 0 && l.supply === null)).toBe(true)
	})

	test('edge cases: one firm with an unknown figure, fractions, ties, leaders at the line, years, undated rows, other chains', async () => {
		for (const year of [2022, 2023, 2024, 2025, 2026, 2027, 2030]) await expectSameAsReference(edgeCaseSlug, year)
		const { sql, analysis, chain } = await expectSameAsReference(edgeCaseSlug, 2025)
		const linkId = (key: string) => chain.links.find((l) => l.key === key)!.id
		const summary = (key: string) => sql.find((s) => s.summary.linkId === linkId(key))!
		const link = (key: string) => analysis.links.find((l) => l.linkId === linkId(key))!

		expect(link('pv_module')).toMatchObject({ supply: null, localFirmCount: 1, hhi: 10_000, topShare: 1 })
		expect(summary('pv_module').summary.topCompanyId).toBe(ids['唯一企业'])
		expect(summary('coated_glass').summary).toMatchObject({
			localFirmCount: 4,
			knownQuantityCount: 3,
			leaderCount: 2,
			unknownRevenueCount: 2,
			externalFirmCount: 1,
		})
		expect(summary('coated_glass').summary.quantitySum).toBeCloseTo(0.1 + 0.2 + 1 / 3, 12)
		expect(link('coated_glass')).toMatchObject({ supplyComplete: false, hhi: null, topShare: null })
		expect(summary('quartz_sand').summary.topCompanyId).toBe([ids['并列一']!, ids['并列二']!].sort()[0])
		expect(summary('quartz_sand').sampleFirmCount).toBe(2)
		expect(summary('coated_glass').sampleFirmCount).toBe(0)
		// The other chain's figure and the edge out of the chain change nothing here.
		const undated = await prisma.companyLink.findMany({ where: { companyId: ids['未注年份'], year: null }, orderBy: { id: 'asc' }, select: { capacity: true } })
		expect(summary('pv_glass_raw').summary).toMatchObject({ localFirmCount: 2, quantitySum: 20 + undated[0]!.capacity! })
		expect(analysis.links.find((l) => l.linkId === linkId('pv_module'))!.demandParts.every((p) => chain.links.some((l) => l.id === p.toLinkId))).toBe(true)
	})

	test('the leader settings reach the SQL: other tags, another revenue line, no leader tag at all', async () => {
		for (const settings of [
			{ ...DEFAULT_GAP_SETTINGS, leaderTags: ['gaoxin', 'zhuanjingtexin'] },
			{ ...DEFAULT_GAP_SETTINGS, leaderRevenueCNY: 50_000_000 },
			{ ...DEFAULT_GAP_SETTINGS, leaderTags: [] },
		]) {
			await expectSameAsReference('rare-earth-ganxian', 2025, settings)
			await expectSameAsReference(edgeCaseSlug, 2025, settings)
		}
	})

	test('the page says when sample data is in the figures; a chain with real data only does not', async () => {
		expect((await loadGapAnalysis(prisma, 'rare-earth-ganxian', 2025))!.hasSampleData).toBe(true)
		const real = await prisma.chainLink.findFirstOrThrow({ where: { chain: { slug: edgeCaseSlug }, key: 'coated_glass' }, select: { id: true } })
		expect(
			(await loadLinkSummaries(prisma, (await loadChain(prisma, edgeCaseSlug))!.id, 2025)).find((s) => s.summary.linkId === real.id)!.sampleFirmCount,
		).toBe(0)
		expect((await loadGapAnalysis(prisma, edgeCaseSlug, 2023))!.hasSampleData).toBe(false)
	})
})
