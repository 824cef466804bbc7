import { describe, expect, test } from 'vitest'
import { type AnalysisFirm, type AnalysisLink, analyzeChain, summarizeFirms } from '~/domain/chain/gap-analysis'
import { NEW_CAPACITY_ID, quotaEffects, runScenario, type ScenarioEdge, type ScenarioQuotaInput } from './scenario'
import { type ScenarioChange } from './scenario-schema'

// ore → oxide → metal → magnet → motor, magnet → servo (factor unknown), magnet → recycling (scrap),
// recycling → oxide (the feedback edge: recycled oxide returns upstream).
const LINKS: AnalysisLink[] = (
	[
		['ore', 'resource'],
		['oxide', 'material'],
		['metal', 'material'],
		['magnet', 'component'],
		['motor', 'application'],
		['servo', 'application'],
		['recycling', 'recycling'],
		['machining', 'supporting'],
	] as const
).map(([id, stage], sortOrder) => ({ id, stage: stage, sortOrder }))

const edge = (from: string, to: string, factor: number | null, range: [number | null, number | null] = [null, null]): ScenarioEdge => ({
	id: `${from}>${to}`,
	fromLinkId: from,
	toLinkId: to,
	factor,
	factorLow: range[0],
	factorHigh: range[1],
})
const EDGES: ScenarioEdge[] = [
	edge('ore', 'oxide', 1.2, [1, 1.5]),
	edge('oxide', 'metal', 1.2),
	edge('metal', 'magnet', 0.3, [0.2, 0.325]),
	edge('magnet', 'motor', 0.002),
	edge('magnet', 'servo', null),
	edge('magnet', 'recycling', 0.1),
	edge('recycling', 'oxide', 1),
	edge('machining', 'magnet', null),
]

const firm = (companyId: string, linkId: string, quantity: number | null, extra: Partial<AnalysisFirm> = {}): AnalysisFirm => ({
	companyId,
	linkId,
	isLocal: true,
	year: 2026,
	capacity: null,
	output: quantity,
	revenueCNY: null,
	tags: [],
	...extra,
})

// Ore 1,000 against a need of 1,200 (1/6 from outside); metal 300 covers the magnets' 300 exactly;
// magnets 1,000 cover the motors' 400 and recycling's 5.
const FIRMS = [
	firm('A', 'ore', 1000),
	firm('B', 'oxide', 1000),
	firm('C', 'metal', 300, { revenueCNY: 2e9 }),
	firm('X', 'metal', 800, { isLocal: false }),
	firm('D', 'magnet', 1000),
	firm('F', 'motor', 200_000),
	firm('G', 'servo', 1000),
	firm('H', 'recycling', 50),
]

function run(changes: ScenarioChange[], firms = FIRMS, edges = EDGES) {
	const result = runScenario({ links: LINKS, edges, summaries: summarizeFirms(firms), firms, year: 2026 }, changes)
	return { result, link: Object.fromEntries(result.links.map((l) => [l.linkId, l])) }
}
const codes = (flags: { code: string; severity: string }[]) => flags.map((f) => `${f.code}:${f.severity}`)

describe('without changes', () => {
	test('after equals before, the analysis the chain page shows', () => {
		const { result, link } = run([])
		const page = analyzeChain({ links: LINKS, edges: EDGES, summaries: summarizeFirms(FIRMS), year: 2026 })
		expect(result.before).toEqual(page)
		expect(result.after.links).toEqual(page.links)
		expect(result.turnedRed).toEqual([])
		expect(result.lostInput).toEqual([])
		expect(Object.values(link).every((l) => !l.changed && l.inputRatio === 1)).toBe(true)
	})
})

describe('a company stops', () => {
	test('the only metal maker stops: metal breaks, the magnets lose all their input and the loss runs on to motors and recycling', () => {
		const { result, link } = run([{ kind: 'company', companyId: 'C', linkId: null, cutPercent: 100 }])
		expect(result.changes).toEqual([{ index: 0, change: expect.objectContaining({ companyId: 'C' }), problem: null }])
		expect(link.metal!.after.supply).toBeNull()
		expect(link.metal!.after.flags).toContainEqual(expect.objectContaining({ code: 'broken', reason: { key: 'broken_downstream', links: ['magnet'] } }))
		// Metal came from the local maker alone (coverage 1): nothing comes from outside to replace it.
		expect(link.magnet!.inputRatio).toBe(0)
		expect(link.magnet!.inputLostFrom).toEqual(['metal'])
		expect(link.magnet!.after.flags).toContainEqual(
			expect.objectContaining({
				code: 'input_lost',
				severity: 'red',
				reason: expect.objectContaining({ key: 'input_lost', ratio: 0, lost: 1000, links: ['metal'] }),
			}),
		)
		expect(link.magnet!.before.severity).toBe('risk')
		expect(link.magnet!.after.severity).toBe('critical')
		// Downstream of the magnets, along their known factors.
		expect(link.motor!.inputRatio).toBe(0)
		expect(link.motor!.inputLostFrom).toEqual(['magnet'])
		expect(link.recycling!.inputRatio).toBe(0)
		expect(result.turnedRed).toEqual(expect.arrayContaining(['metal', 'magnet', 'motor', 'recycling']))
		expect(result.lostInput).toEqual(['magnet', 'motor', 'recycling'])
	})

	test('the feedback edge carries no loss back upstream: recycling loses its scrap, the oxide link does not lose input', () => {
		const { link, result } = run([{ kind: 'company', companyId: 'C', linkId: 'metal', cutPercent: 100 }])
		expect(result.feedbackEdgeIds).toEqual(['recycling>oxide'])
		expect(link.recycling!.inputRatio).toBe(0)
		expect(link.oxide!.inputRatio).toBe(1)
		expect(link.oxide!.inputLostFrom).toEqual([])
		expect(link.ore!.inputRatio).toBe(1)
	})

	test('recycling itself stopping changes nothing upstream (its edge back to oxide is feedback)', () => {
		const { link, result } = run([{ kind: 'company', companyId: 'H', linkId: 'recycling', cutPercent: 100 }])
		expect(link.oxide!.after.supply).toBe(1000)
		expect(link.oxide!.inputRatio).toBe(1)
		expect(result.lostInput).toEqual([])
		// The magnets' demand loses recycling's need (0.1 × 50).
		expect(link.magnet!.before.demand).toBeCloseTo(405)
		expect(link.magnet!.after.demand).toBeCloseTo(400)
	})

	test('an unknown factor propagates nothing and names the upstream link', () => {
		const { link } = run([{ kind: 'company', companyId: 'C', linkId: 'metal', cutPercent: 100 }])
		expect(link.servo!.inputRatio).toBe(1)
		expect(link.servo!.inputUnknownFrom).toEqual(['magnet'])
		expect(link.servo!.after.flags.map((f) => f.code)).not.toContain('input_lost')
		// The magnets' demand stays marked incomplete, before and after.
		expect(link.magnet!.before.demandComplete).toBe(false)
		expect(link.magnet!.after.demandComplete).toBe(false)
	})

	test('an unknown factor on the only path stops the propagation there', () => {
		const edges = EDGES.map((e) => (e.id === 'metal>magnet' ? { ...e, factor: null } : e))
		const { link, result } = run([{ kind: 'company', companyId: 'C', linkId: 'metal', cutPercent: 100 }], FIRMS, edges)
		expect(link.magnet!.inputRatio).toBe(1)
		expect(link.magnet!.inputUnknownFrom).toEqual(['metal'])
		expect(link.motor!.inputRatio).toBe(1)
		expect(result.lostInput).toEqual([])
	})

	test('cutting output by a share: amber above half of the need, red below', () => {
		const amber = run([{ kind: 'company', companyId: 'D', linkId: 'magnet', cutPercent: 70 }]).link
		expect(amber.magnet!.after.supply).toBeCloseTo(300)
		// 300 t for a need of 400 (motors) + 5 (recycling): each gets 300/405.
		expect(amber.motor!.inputRatio).toBeCloseTo(300 / 405)
		expect(codes(amber.motor!.after.flags)).toContain('input_lost:amber')
		const red = run([{ kind: 'company', companyId: 'D', linkId: 'magnet', cutPercent: 80 }]).link
		expect(red.motor!.inputRatio).toBeCloseTo(200 / 405)
		expect(codes(red.motor!.after.flags)).toContain('input_lost:red')
		expect(red.motor!.turnedRed).toBe(true)
	})

	test('a company not at the link is reported, not applied', () => {
		const { result } = run([{ kind: 'company', companyId: 'nobody', linkId: 'metal', cutPercent: 100 }])
		expect(result.changes[0]!.problem).toBe('company_not_at_link')
		expect(result.lostInput).toEqual([])
	})
})

describe('outside supply', () => {
	// Metal 150 covers half of the magnets' 300: the other half comes from outside.
	const half = FIRMS.map((f) => (f.companyId === 'C' ? { ...f, output: 150 } : f))

	test('today a link short of local input is supplied from outside: no loss', () => {
		expect(run([], half).result.lostInput).toEqual([])
	})

	test('a cut of outside supply takes its share of the need away, and the loss runs downstream', () => {
		const { link } = run([{ kind: 'external', linkId: 'metal', cutPercent: 60 }], half)
		expect(link.metal!.externalCut).toBeCloseTo(0.6)
		expect(link.magnet!.inputRatio).toBeCloseTo(0.5 + 0.5 * 0.4)
		expect(link.motor!.inputRatio).toBeCloseTo(Math.min(1, (700 / 405) * 1))
	})

	test('what was local and is lost is not replaced from outside', () => {
		const { link } = run([{ kind: 'company', companyId: 'C', linkId: 'metal', cutPercent: 100 }], half)
		expect(link.magnet!.inputRatio).toBeCloseTo(0.5)
		expect(codes(link.magnet!.after.flags)).toContain('input_lost:amber')
	})

	test('ore short of its need is topped up from outside as today, so oxide keeps running', () => {
		const { link } = run([{ kind: 'external', linkId: 'ore', cutPercent: 100 }])
		// Ore 1,000 for a need of 1,200: oxide gets 5/6 of its input.
		expect(link.oxide!.inputRatio).toBeCloseTo(1000 / 1200)
		expect(link.metal!.inputRatio).toBe(1) // oxide 833 still covers metal's 360
	})
})

describe('capacity and factors', () => {
	test('a capacity change scales the local firms; new capacity at an empty link is one new producer', () => {
		const { link } = run([
			{ kind: 'capacity', linkId: 'magnet', delta: -500 },
			{ kind: 'capacity', linkId: 'machining', delta: 5 },
		])
		expect(link.magnet!.after.supply).toBeCloseTo(500)
		const noMetal = FIRMS.filter((f) => f.companyId !== 'C')
		const added = runScenario({ links: LINKS, edges: EDGES, summaries: summarizeFirms(noMetal), firms: noMetal, year: 2026 }, [
			{ kind: 'capacity', linkId: 'metal', delta: 300 },
		])
		const metal = added.links.find((l) => l.linkId === 'metal')!
		expect(metal.before.flags.map((f) => f.code)).toContain('broken')
		expect(metal.after.supply).toBe(300)
		expect(metal.after.flags.map((f) => f.code)).not.toContain('broken')
		expect(metal.after.flags).toContainEqual(expect.objectContaining({ code: 'single_point', reason: expect.objectContaining({ companyId: NEW_CAPACITY_ID }) }))
		expect(added.changes.map((c) => c.problem)).toEqual([null])
	})

	test('supporting trades take no capacity change; a cut where nothing is made is reported', () => {
		const { result } = run([
			{ kind: 'capacity', linkId: 'machining', delta: 5 },
			{ kind: 'capacity', linkId: 'nowhere', delta: 5 },
		])
		expect(result.changes.map((c) => c.problem)).toEqual(['supporting_link', 'unknown_link'])
		const empty = runScenario({ links: LINKS, edges: EDGES, summaries: [], firms: [], year: 2026 }, [{ kind: 'capacity', linkId: 'metal', delta: -5 }])
		expect(empty.changes[0]!.problem).toBe('nothing_to_reduce')
	})

	test('a factor moves within its sourced range; outside it, or without one, it is refused', () => {
		const { link, result } = run([
			{ kind: 'factor', edgeId: 'metal>magnet', value: 0.325 },
			{ kind: 'factor', edgeId: 'metal>magnet', value: 0.5 },
			{ kind: 'factor', edgeId: 'oxide>metal', value: 1.3 },
		])
		expect(result.changes.map((c) => c.problem)).toEqual([null, 'factor_out_of_range', 'factor_no_range'])
		expect(link.metal!.after.demand).toBeCloseTo(325)
		// Metal 300 for 325: the magnets get 300/325 of their metal.
		expect(link.magnet!.inputRatio).toBeCloseTo(300 / 325)
		expect(link.metal!.after.flags.map((f) => f.code)).toContain('shortfall')
	})
})

describe('quotas counting chain output', () => {
	const quota = (extra: Partial<ScenarioQuotaInput> = {}): ScenarioQuotaInput => ({
		id: 'q',
		metric: '稀土金属及合金产量',
		section: '（六）18',
		op: '>=',
		target: 200,
		normalizedUnit: 't',
		actual: 300,
		figure: 'output',
		chainSlugs: ['re'],
		linkKeys: ['metal'],
		...extra,
	})
	const chain = { slug: 're', links: LINKS.map((l) => ({ id: l.id, key: l.id, unit: l.id === 'motor' || l.id === 'servo' ? '台' : 't' })) }

	test('an output quota follows what its links can make; hit when it falls below the target', () => {
		const { result } = run([{ kind: 'company', companyId: 'C', linkId: 'metal', cutPercent: 50 }])
		const [q] = quotaEffects(result, chain, [quota(), quota({ id: 'other', chainSlugs: ['lithium'] }), quota({ id: 'kt', normalizedUnit: 'kt' })])
		expect(q).toMatchObject({ before: 300, after: 150, metBefore: true, metAfter: false, hit: true })
		const kt = quotaEffects(result, chain, [quota({ id: 'kt', normalizedUnit: 'kt', actual: 0.3, target: 0.2 })])[0]!
		expect(kt.after).toBeCloseTo(0.15)
	})

	test('lost input lowers output downstream: a magnet quota is hit by the metal maker stopping', () => {
		const { result } = run([{ kind: 'company', companyId: 'C', linkId: 'metal', cutPercent: 100 }])
		const [q] = quotaEffects(result, chain, [quota({ linkKeys: ['magnet'], actual: 1000, target: 800 })])
		expect(q).toMatchObject({ before: 1000, after: 0, hit: true })
		// Capacity is still there: a capacity quota is not hit.
		const [cap] = quotaEffects(result, chain, [quota({ linkKeys: ['magnet'], actual: 1000, target: 800, figure: 'capacity' })])
		expect(cap).toMatchObject({ after: 1000, hit: false })
	})

	test('a unit that does not convert is named and left out', () => {
		const { result } = run([{ kind: 'company', companyId: 'C', linkId: 'metal', cutPercent: 100 }])
		const [q] = quotaEffects(result, chain, [quota({ linkKeys: ['motor'], actual: 200_000, target: 1 })])
		expect(q!.unconvertible).toEqual(['motor'])
		expect(q!.after).toBe(200_000)
	})
})
