import { expect, test } from 'vitest'
import { analyzeChain, summarizeFirms } from './gap-analysis'
import { findFeedbackEdges } from './graph'
import { type LinkStage } from './link-stages'
import { layoutChainMap, NODE_TEXT_WIDTH, NODE_WIDTH, squeezedLength } from './map-layout'
import { layoutSankey, materialFlows } from './sankey'

const link = (id: string, sortOrder: number, stage: LinkStage = 'material') => ({ id, sortOrder, stage })
const LINKS = [link('ore', 0), link('oxide', 1), link('metal', 2), link('magnet', 3, 'component'), link('motor', 4, 'application'), link('recycling', 5, 'recycling'), link('machining', 6, 'supporting')]
const EDGES = [
	{ id: 'ore>oxide', fromLinkId: 'ore', toLinkId: 'oxide', factor: 1.33 },
	{ id: 'oxide>metal', fromLinkId: 'oxide', toLinkId: 'metal', factor: 1.18 },
	{ id: 'metal>magnet', fromLinkId: 'metal', toLinkId: 'magnet', factor: 0.3 },
	{ id: 'magnet>motor', fromLinkId: 'magnet', toLinkId: 'motor', factor: null },
	{ id: 'magnet>recycling', fromLinkId: 'magnet', toLinkId: 'recycling', factor: 0.3 },
	{ id: 'recycling>oxide', fromLinkId: 'recycling', toLinkId: 'oxide', factor: 1.05 },
	{ id: 'machining>magnet', fromLinkId: 'machining', toLinkId: 'magnet', factor: null },
]

test('links flow left to right by layer; the recycling loop is drawn as feedback under the map', () => {
	const feedback = findFeedbackEdges(LINKS, EDGES)
	const map = layoutChainMap(LINKS, EDGES, feedback)
	const x = Object.fromEntries(map.nodes.map((n) => [n.id, n.x]))
	expect(x.ore!).toBeLessThan(x.oxide!)
	expect(x.oxide!).toBeLessThan(x.metal!)
	expect(x.metal!).toBeLessThan(x.magnet!)
	expect(x.magnet!).toBeLessThan(x.motor!)
	// Every forward edge points right; the feedback edge is flagged.
	for (const edge of map.edges.filter((e) => !e.feedback)) expect(x[edge.toLinkId]!).toBeGreaterThan(x[edge.fromLinkId]!)
	expect(map.edges.filter((e) => e.feedback).map((e) => e.id)).toEqual(['recycling>oxide'])
	// The supporting trade sits in the column just before the link it serves.
	expect(x.machining).toBe(x.metal)
	expect(map.width).toBeGreaterThanOrEqual(x.motor! + NODE_WIDTH)
	expect(map.edges.every((e) => e.path.startsWith('M'))).toBe(true)
})

test('no two nodes overlap', () => {
	const map = layoutChainMap(LINKS, EDGES, findFeedbackEdges(LINKS, EDGES))
	const seen = new Set(map.nodes.map((n) => `${n.x},${n.y}`))
	expect(seen.size).toBe(map.nodes.length)
})

test('the Sankey carries only flows with a known factor toward links that produce locally, without the cycle', () => {
	const firm = (linkId: string, output: number) => ({ companyId: linkId, linkId, isLocal: true, year: 2025, capacity: null, output, revenueCNY: null, tags: [] })
	const analysis = analyzeChain({
		links: LINKS,
		edges: EDGES,
		summaries: summarizeFirms([firm('ore', 3000), firm('oxide', 2000), firm('metal', 1000), firm('magnet', 1500), firm('motor', 10_000), firm('recycling', 300)]),
		year: 2025,
	})
	const flows = materialFlows(analysis, EDGES)
	expect(flows.map((f) => f.edgeId).sort()).toEqual(['magnet>recycling', 'metal>magnet', 'ore>oxide', 'oxide>metal'])
	expect(flows.find((f) => f.edgeId === 'metal>magnet')!.value).toBeCloseTo(450)
	const { nodes, bands } = layoutSankey(flows, 800, 400)
	expect(bands).toHaveLength(4)
	expect(nodes.every((n) => n.x1 <= 800 && n.y1 <= 400)).toBe(true)
	expect(layoutSankey([], 800, 400)).toEqual({ nodes: [], bands: [] })
})

test('a node line that would overflow its box is squeezed to the box width; one that fits keeps its natural width', () => {
	expect(squeezedLength('离子型稀土矿', 13)).toBeUndefined()
	expect(squeezedLength('混合稀土（碳酸稀土）', 13)).toBeUndefined()
	expect(squeezedLength('稀土金属及合金稀土金属及合金', 13)).toBe(NODE_TEXT_WIDTH)
	expect(squeezedLength('Rare-earth metals', 13)).toBeUndefined()
	expect(squeezedLength('Rare-earth secondary resource recycling', 13)).toBe(NODE_TEXT_WIDTH)
	expect(squeezedLength('缺龙头 · 单点依赖 · 外流/延链机会', 11)).toBe(NODE_TEXT_WIDTH)
})
