import { describe, expect, test } from 'vitest'
import {
	type AnalysisEdge,
	type AnalysisFirm,
	type AnalysisLink,
	analyzeChain,
	DEFAULT_GAP_SETTINGS,
	localFirmShares,
	pickFiguresForYear,
	summarizeFirms,
} from './gap-analysis'

// A small chain: oxide → metal → magnet → motor, recycling back to oxide,
// machining supporting the magnet.
const LINKS: AnalysisLink[] = (
	[
		['oxide', 'material'],
		['metal', 'material'],
		['magnet', 'component'],
		['motor', 'application'],
		['recycling', 'recycling'],
		['machining', 'supporting'],
	] as const
).map(([id, stage], sortOrder) => ({ id, stage: stage, sortOrder }))

const EDGES: AnalysisEdge[] = [
	{ id: 'oxide>metal', fromLinkId: 'oxide', toLinkId: 'metal', factor: 1.2 },
	{ id: 'metal>magnet', fromLinkId: 'metal', toLinkId: 'magnet', factor: 0.3 },
	{ id: 'magnet>motor', fromLinkId: 'magnet', toLinkId: 'motor', factor: 0.002 },
	{ id: 'magnet>recycling', fromLinkId: 'magnet', toLinkId: 'recycling', factor: 0.3 },
	{ id: 'recycling>oxide', fromLinkId: 'recycling', toLinkId: 'oxide', factor: 1.05 },
	{ id: 'machining>magnet', fromLinkId: 'machining', toLinkId: 'magnet', factor: null },
]

let n = 0
function firm(linkId: string, quantity: number | null, extra: Partial<AnalysisFirm> = {}): AnalysisFirm {
	return { companyId: `c${++n}`, linkId, isLocal: true, year: 2025, capacity: null, output: quantity, revenueCNY: null, tags: [], ...extra }
}

function analyze(firms: AnalysisFirm[], edges = EDGES, settings = DEFAULT_GAP_SETTINGS) {
	const result = analyzeChain({ links: LINKS, edges, summaries: summarizeFirms(firms, settings), year: 2025, settings })
	return Object.fromEntries(result.links.map((l) => [l.linkId, l]))
}
const codes = (link: { flags: { code: string }[] }) => link.flags.map((f) => f.code)

describe('supply and demand', () => {
	test('demand is what local downstream output needs through the factor; balance and coverage follow', () => {
		const r = analyze([firm('metal', 500, { tags: ['lianzhu'] }), firm('magnet', 1000, { tags: ['lianzhu'] })])
		expect(r.metal!.supply).toBe(500)
		expect(r.metal!.demand).toBeCloseTo(300) // 0.3 t metal per t magnet × 1000 t
		expect(r.metal!.balance).toBeCloseTo(200)
		expect(r.metal!.coverage).toBeCloseTo(500 / 300)
	})

	test('output is used where given, capacity otherwise; external firms add no local supply', () => {
		const r = analyze([firm('metal', null, { capacity: 400 }), firm('metal', 100, { capacity: 900 }), firm('metal', 5000, { isLocal: false })])
		expect(r.metal!.supply).toBe(500)
		expect(r.metal!.externalFirmCount).toBe(1)
	})
})

describe('flags', () => {
	test('断链: no local firm while local downstream needs the input', () => {
		const r = analyze([firm('magnet', 1000)])
		const broken = r.metal!.flags.find((f) => f.code === 'broken')
		expect(broken).toMatchObject({ severity: 'red', reason: { key: 'broken_downstream', links: ['magnet'] } })
		expect(r.metal!.health).toBe('red')
	})

	test('断链: an application with no local firm while local upstream output has no local taker', () => {
		const r = analyze([firm('magnet', 1000)])
		expect(r.motor!.flags).toEqual([{ code: 'broken', severity: 'red', reason: { key: 'broken_upstream', links: ['magnet'] } }])
	})

	test('断链: a supporting trade missing where the link it serves produces locally', () => {
		const r = analyze([firm('magnet', 1000)])
		expect(r.machining!.flags[0]).toMatchObject({ code: 'broken', reason: { key: 'broken_supporting', links: ['magnet'] } })
	})

	test('no flag and "idle" health for a link with nothing local around it', () => {
		const r = analyze([])
		expect(r.motor!.flags).toEqual([])
		expect(r.motor!.health).toBe('idle')
	})

	test('短板: coverage below 1 is amber, below 0.5 red, with supply and demand in the reason', () => {
		const amber = analyze([firm('metal', 240, { tags: ['lianzhu'] }), firm('magnet', 1000, { tags: ['lianzhu'] })])
		expect(amber.metal!.flags).toContainEqual({
			code: 'shortfall',
			severity: 'amber',
			reason: { key: 'shortfall', supply: 240, demand: 300, coverage: 0.8, threshold: 1, partial: false },
		})
		const red = analyze([firm('metal', 100, { tags: ['lianzhu'] }), firm('magnet', 1000, { tags: ['lianzhu'] })])
		expect(red.metal!.flags.find((f) => f.code === 'shortfall')?.severity).toBe('red')
	})

	test('缺龙头: local firms but none with revenue ≥ 10亿元 or the 链主 tag; unknown revenues are counted', () => {
		const r = analyze([firm('metal', 100, { revenueCNY: 900_000_000 }), firm('metal', 100)])
		expect(r.metal!.flags).toContainEqual({ code: 'no_leader', severity: 'amber', reason: { key: 'no_leader', threshold: 1e9, unknownRevenue: 1 } })
		const led = analyze([firm('metal', 100, { revenueCNY: 1_000_000_000 }), firm('metal', 100)])
		expect(codes(led.metal!)).not.toContain('no_leader')
		expect(led.metal!.leaderCount).toBe(1)
	})

	test('单点依赖: one firm with ≥ 65 % of local supply', () => {
		const r = analyze([firm('metal', 700, { tags: ['lianzhu'] }), firm('metal', 300)])
		const flag = r.metal!.flags.find((f) => f.code === 'single_point')
		expect(flag).toMatchObject({ severity: 'amber', reason: { key: 'single_firm', share: 0.7, threshold: 0.65 } })
		expect(r.metal!.hhi).toBeCloseTo(70 ** 2 + 30 ** 2)
	})

	test('单点依赖: HHI above 2500 without any firm at 65 %', () => {
		const r = analyze([firm('metal', 60, { tags: ['lianzhu'] }), firm('metal', 40)])
		expect(r.metal!.topShare).toBeCloseTo(0.6)
		expect(r.metal!.flags.find((f) => f.code === 'single_point')).toMatchObject({ reason: { key: 'concentrated', hhi: 5200, threshold: 2500 } })
		const spread = analyze([1, 2, 3, 4, 5].map(() => firm('metal', 100, { tags: ['lianzhu'] })))
		expect(spread.metal!.hhi).toBeCloseTo(2000)
		expect(codes(spread.metal!)).not.toContain('single_point')
	})

	test('外流/延链机会: supply above twice local demand, or local output with no local taker downstream', () => {
		const far = analyze([firm('metal', 1000, { tags: ['lianzhu'] }), firm('magnet', 1000, { tags: ['lianzhu'] })])
		expect(far.metal!.flags).toContainEqual({
			code: 'outflow',
			severity: 'amber',
			reason: { key: 'outflow', supply: 1000, demand: 300, coverage: 1000 / 300, threshold: 2 },
		})
		const none = analyze([firm('metal', 1000, { tags: ['lianzhu'] })])
		expect(none.metal!.flags).toContainEqual({ code: 'outflow', severity: 'amber', reason: { key: 'outflow_no_taker', supply: 1000, links: ['magnet'] } })
	})

	test('final products are meant to leave the region: no 外流 on an application link', () => {
		const r = analyze([firm('motor', 100_000, { tags: ['lianzhu'] })])
		expect(codes(r.motor!)).not.toContain('outflow')
	})

	test('thresholds are settings', () => {
		const firms = [firm('metal', 240, { tags: ['lianzhu'] }), firm('magnet', 1000, { tags: ['lianzhu'] })]
		expect(codes(analyze(firms, EDGES, { ...DEFAULT_GAP_SETTINGS, shortfallCoverage: 0.7 }).metal!)).not.toContain('shortfall')
	})
})

describe('unknown factors are reported, never guessed', () => {
	const edges = EDGES.map((e) => (e.id === 'metal>magnet' ? { ...e, factor: null } : e))

	test('demand from a downstream link with an unknown factor is left out and named', () => {
		const r = analyze([firm('metal', 100, { tags: ['lianzhu'] }), firm('magnet', 1000, { tags: ['lianzhu'] })], edges)
		expect(r.metal!.demand).toBe(0)
		expect(r.metal!.demandComplete).toBe(false)
		expect(r.metal!.unknownFactorLinks).toEqual(['magnet'])
		expect(r.metal!.coverage).toBeNull()
		// Neither 短板 nor 外流 can be judged without the factor.
		expect(codes(r.metal!)).not.toContain('shortfall')
		expect(codes(r.metal!)).not.toContain('outflow')
	})

	test('an unknown factor toward a link that produces nothing locally does not matter', () => {
		const r = analyze([firm('metal', 100, { tags: ['lianzhu'] })], edges)
		expect(r.metal!.demandComplete).toBe(true)
	})

	test('a 短板 found on the known part says the demand is partial', () => {
		const mixed: AnalysisEdge[] = [...EDGES, { id: 'metal>motor', fromLinkId: 'metal', toLinkId: 'motor', factor: null }]
		const r = analyze([firm('metal', 100, { tags: ['lianzhu'] }), firm('magnet', 1000, { tags: ['lianzhu'] }), firm('motor', 10, { tags: ['lianzhu'] })], mixed)
		expect(r.metal!.flags.find((f) => f.code === 'shortfall')?.reason).toMatchObject({ partial: true })
	})
})

describe('cycles', () => {
	test('the recycling loop back to oxides is a feedback edge: reported, no demand on recycling', () => {
		const result = analyzeChain({
			links: LINKS,
			edges: EDGES,
			summaries: summarizeFirms([
				firm('oxide', 5000, { tags: ['lianzhu'] }),
				firm('recycling', 800, { tags: ['lianzhu'] }),
				firm('magnet', 1000, { tags: ['lianzhu'] }),
			]),
			year: 2025,
		})
		expect(result.feedbackEdgeIds).toEqual(['recycling>oxide'])
		const recycling = result.links.find((l) => l.linkId === 'recycling')!
		expect(recycling.demand).toBe(0)
		expect(recycling.feedbackTo).toEqual(['oxide'])
		// The forward edge magnet → recycling still makes demand on magnets.
		const magnet = result.links.find((l) => l.linkId === 'magnet')!
		expect(magnet.demand).toBeCloseTo(0.3 * 800)
	})

	test('a chain that is one big cycle still terminates and analyses every link', () => {
		const ring: AnalysisEdge[] = [
			{ id: 'a', fromLinkId: 'oxide', toLinkId: 'metal', factor: 1 },
			{ id: 'b', fromLinkId: 'metal', toLinkId: 'magnet', factor: 1 },
			{ id: 'c', fromLinkId: 'magnet', toLinkId: 'oxide', factor: 1 },
		]
		const result = analyzeChain({ links: LINKS, edges: ring, summaries: summarizeFirms([firm('metal', 10)]), year: 2025 })
		expect(result.links).toHaveLength(LINKS.length)
		expect(result.feedbackEdgeIds).toEqual(['c'])
	})

	test('edges pointing at links of another chain are ignored', () => {
		const stray: AnalysisEdge[] = [...EDGES, { id: 'x', fromLinkId: 'metal', toLinkId: 'elsewhere', factor: 1 }]
		const withStray = analyzeChain({ links: LINKS, edges: stray, summaries: [], year: 2025 })
		// The same analysis as without the stray edge: no link gains demand, inputs or flags from it.
		expect(withStray).toEqual(analyzeChain({ links: LINKS, edges: EDGES, summaries: [], year: 2025 }))
		expect(withStray.links.map((l) => l.linkId)).not.toContain('elsewhere')
	})
})

describe('pickFiguresForYear', () => {
	const rows = [
		{ companyId: 'a', linkId: 'l', year: 2023, v: 1 },
		{ companyId: 'a', linkId: 'l', year: 2025, v: 2 },
		{ companyId: 'a', linkId: 'l', year: 2027, v: 3 },
		{ companyId: 'b', linkId: 'l', year: null, v: 4 },
		{ companyId: 'b', linkId: 'l', year: 2024, v: 5 },
		{ companyId: 'c', linkId: 'l', year: null, v: 6 },
	]
	test('the latest row up to the year wins; an undated row applies when no dated one does', () => {
		expect(
			pickFiguresForYear(rows, 2026)
				.map((r) => r.v)
				.sort(),
		).toEqual([2, 5, 6])
		expect(
			pickFiguresForYear(rows, 2023)
				.map((r) => r.v)
				.sort(),
		).toEqual([1, 4, 6])
	})
})

describe('summaries and local firm shares', () => {
	test('a summary holds counts, sums and the top firm; external firms only count', () => {
		const [metal] = summarizeFirms([
			firm('metal', 300, { companyId: 'b', revenueCNY: 2e9 }),
			firm('metal', null, { companyId: 'a', capacity: 700 }),
			firm('metal', null, { companyId: 'c' }),
			firm('metal', 9000, { companyId: 'x', isLocal: false }),
		])
		expect(metal).toEqual({
			linkId: 'metal',
			localFirmCount: 3,
			knownQuantityCount: 2,
			quantitySum: 1000,
			quantitySquareSum: 300 ** 2 + 700 ** 2,
			topCompanyId: 'a',
			topQuantity: 700,
			leaderCount: 1,
			unknownRevenueCount: 2,
			externalFirmCount: 1,
		})
	})

	test('ties for the top firm go to the smallest company id, whatever the row order', () => {
		const rows = [firm('metal', 500, { companyId: 'm2' }), firm('metal', 500, { companyId: 'm1' })]
		expect(summarizeFirms(rows)[0]!.topCompanyId).toBe('m1')
		expect(summarizeFirms([...rows].reverse())[0]!.topCompanyId).toBe('m1')
		const r = analyze(rows)
		expect(r.metal!.topShare).toBe(0.5)
		expect(r.metal!.hhi).toBeCloseTo(5000)
	})

	test('one local firm holds the whole link even when its figure is unknown; with an unknown figure among several, no share', () => {
		const alone = analyze([firm('metal', null, { companyId: 'solo' })])
		expect(alone.metal).toMatchObject({ supply: null, localFirmCount: 1, hhi: 10_000, topShare: 1 })
		expect(alone.metal!.flags.find((f) => f.code === 'single_point')?.reason).toMatchObject({ key: 'single_firm', companyId: 'solo', share: 1 })
		const partial = analyze([firm('metal', 100), firm('metal', null)])
		expect(partial.metal).toMatchObject({ supply: 100, supplyComplete: false, hhi: null, topShare: null })
	})

	test('the panel lists local firms largest first with their shares of the supply the analysis computed', () => {
		const firms = [
			firm('metal', 250, { companyId: 'small' }),
			firm('metal', 750, { companyId: 'big', tags: ['lianzhu'] }),
			firm('metal', 10, { companyId: 'away', isLocal: false }),
		]
		const r = analyze(firms)
		expect(localFirmShares(r.metal!, firms)).toEqual([
			{ companyId: 'big', quantity: 750, share: 0.75, isLeader: true },
			{ companyId: 'small', quantity: 250, share: 0.25, isLeader: false },
		])
	})
})
