import { expect, test } from 'vitest'
import { type AnalysisEdge, type AnalysisFirm, type AnalysisLink, analyzeChain, summarizeFirms } from './gap-analysis'
import { rankProspects } from './prospects'

const LINKS: AnalysisLink[] = [
	{ id: 'oxide', stage: 'material', sortOrder: 0 },
	{ id: 'metal', stage: 'material', sortOrder: 1 },
	{ id: 'magnet', stage: 'component', sortOrder: 2 },
	{ id: 'motor', stage: 'application', sortOrder: 3 },
]
const EDGES: AnalysisEdge[] = [
	{ id: 'e1', fromLinkId: 'oxide', toLinkId: 'metal', factor: 1.2 },
	{ id: 'e2', fromLinkId: 'metal', toLinkId: 'magnet', factor: 0.3 },
	{ id: 'e3', fromLinkId: 'magnet', toLinkId: 'motor', factor: 0.002 },
]
const firm = (companyId: string, linkId: string, quantity: number | null, extra: Partial<AnalysisFirm> = {}): AnalysisFirm => ({
	companyId,
	linkId,
	isLocal: false,
	year: 2025,
	capacity: null,
	output: quantity,
	revenueCNY: null,
	tags: [],
	...extra,
})

function rank(firms: AnalysisFirm[], linkId?: string) {
	const analysis = analyzeChain({ links: LINKS, edges: EDGES, summaries: summarizeFirms(firms), year: 2025 })
	return rankProspects({ analysis, edges: EDGES, firms, linkId })
}

// Local: oxide 10,000 t (链主) and magnets 1,000 t; metal missing (断链), motors missing (断链).
const LOCAL = [firm('L-oxide', 'oxide', 10_000, { isLocal: true, tags: ['lianzhu'] }), firm('L-magnet', 'magnet', 1000, { isLocal: true, tags: ['lianzhu'] })]

test('external firms at a broken link rank first, bigger gap fill and tags ranking higher; local firms are never prospects', () => {
	const ranked = rank([...LOCAL, firm('small-metal', 'metal', 30), firm('big-metal', 'metal', 300), firm('tagged-metal', 'metal', 30, { tags: ['xiaojuren'] })])
	expect(ranked.map((c) => c.companyId)).toEqual(['big-metal', 'tagged-metal', 'small-metal'])
	const big = ranked[0]!
	expect(big.addresses).toContain('broken')
	expect(big.gap).toBeCloseTo(300)
	expect(big.fillShare).toBe(1)
	expect(ranked.some((c) => c.companyId.startsWith('L-'))).toBe(false)
})

test('a link downstream of 外流 material is a 延链 opportunity', () => {
	// Oxide 10,000 t feeds no local metal maker: outflow on oxide → metal prospects address extension.
	const ranked = rank([...LOCAL, firm('metal-maker', 'metal', 100)])
	expect(ranked[0]).toMatchObject({ companyId: 'metal-maker', addresses: expect.arrayContaining(['broken', 'extension']) })
})

test('healthy links yield no prospects, and the list can be narrowed to one link', () => {
	const healthyMagnets = [
		firm('L-oxide', 'oxide', 400, { isLocal: true, tags: ['lianzhu'] }),
		firm('L-metal', 'metal', 300, { isLocal: true, tags: ['lianzhu'] }),
		...[1, 2, 3, 4, 5].map((i) => firm(`L-magnet-${i}`, 'magnet', 200, { isLocal: true, tags: ['lianzhu'] })),
		firm('L-motor', 'motor', 100, { isLocal: true, tags: ['lianzhu'] }),
	]
	const ranked = rank([...healthyMagnets, firm('ext-magnet', 'magnet', 500), firm('ext-motor', 'motor', 500)])
	expect(ranked.map((c) => c.companyId)).not.toContain('ext-magnet')
	expect(rank([...LOCAL, firm('m1', 'metal', 10), firm('mo1', 'motor', 10)], 'motor').map((c) => c.companyId)).toEqual(['mo1'])
})
