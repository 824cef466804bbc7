import { expect, test } from 'vitest'
import { chainFlows, largestInFamily, type LinkBalance } from './flows'
import { type AnalysisEdge, analyzeChain, summarizeFirms } from './gap-analysis'
import { findFeedbackEdges } from './graph'
import { type LinkStage } from './link-stages'
import { familySankeys, layoutFamilySankey } from './sankey'
import { unitFamily } from './units'

// ore (t REO) → oxide (t REO) → metal (t) → magnet (t) → motor (台) and → recycling (t REO) ⟲ oxide;
// magnet → servo (台) with an unknown factor; machining supports the magnet.
const LINKS = (
	[
		['ore', 'resource', 't REO'],
		['oxide', 'material', 't REO'],
		['metal', 'material', 't'],
		['magnet', 'component', 't'],
		['motor', 'application', '台'],
		['servo', 'application', '台'],
		['recycling', 'recycling', 't REO'],
		['machining', 'supporting', 't'],
	] as const
).map(([id, stage, unit], sortOrder) => ({ id, stage, unit, sortOrder }))

const EDGES: AnalysisEdge[] = [
	{ id: 'ore>oxide', fromLinkId: 'ore', toLinkId: 'oxide', factor: 1.25 },
	{ id: 'oxide>metal', fromLinkId: 'oxide', toLinkId: 'metal', factor: 1.2 },
	{ id: 'metal>magnet', fromLinkId: 'metal', toLinkId: 'magnet', factor: 0.3 },
	{ id: 'magnet>motor', fromLinkId: 'magnet', toLinkId: 'motor', factor: 0.002 },
	{ id: 'magnet>servo', fromLinkId: 'magnet', toLinkId: 'servo', factor: null },
	{ id: 'magnet>recycling', fromLinkId: 'magnet', toLinkId: 'recycling', factor: 0.3 },
	{ id: 'recycling>oxide', fromLinkId: 'recycling', toLinkId: 'oxide', factor: 1.05 },
	{ id: 'machining>magnet', fromLinkId: 'machining', toLinkId: 'magnet', factor: null },
]

function flowsFor(output: Record<string, number>, links: readonly { id: string; stage: LinkStage; unit: string; sortOrder: number }[] = LINKS, edges = EDGES) {
	const firms = Object.entries(output).map(([linkId, quantity]) => ({
		companyId: `c-${linkId}`,
		linkId,
		isLocal: true,
		year: 2025,
		capacity: null,
		output: quantity,
		revenueCNY: null,
		tags: [],
	}))
	const analysis = analyzeChain({ links, edges, summaries: summarizeFirms(firms), year: 2025 })
	const flows = chainFlows(analysis, links, edges)
	const balance = Object.fromEntries(flows.balances.map((b) => [b.linkId, b]))
	return { analysis, flows, balance }
}

const outOf = (b: LinkBalance) => b.localUse + b.returned + b.outflow + b.final + b.unallocated

test('at every link what is made and brought in equals what local links take, what returns, leaves or cannot be placed', () => {
	const { flows, balance } = flowsFor({ ore: 900, oxide: 1000, metal: 500, magnet: 1000, motor: 100_000, recycling: 300 })
	for (const b of flows.balances) expect(b.produced + b.imported).toBeCloseTo(outOf(b), 9)
	// Oxide: 1.2 t per t of the 500 t of metal = 600 t used locally, 400 t leave the county.
	expect(balance.oxide).toMatchObject({ produced: 1000, imported: 0, localUse: 600, outflow: 400 })
	// Ore: the oxide makers need 1,250 t; 900 t are mined here, 350 t come from outside.
	expect(balance.ore!.imported).toBeCloseTo(350)
	expect(balance.ore!.outflow).toBe(0)
	// Metal: the magnets need 300 t of the 500 t.
	expect(balance.metal).toMatchObject({ localUse: 300, outflow: 200 })
	// Each flow of a link's material adds up to its balance.
	for (const b of flows.balances) {
		const mine = flows.flows.filter((f) => f.materialLinkId === b.linkId && f.kind !== 'import')
		expect(mine.reduce((sum, f) => sum + (f.value ?? 0), 0)).toBeCloseTo(outOf(b), 9)
	}
})

test('a link without local firms that local links need is supplied entirely from outside', () => {
	const { flows, balance } = flowsFor({ oxide: 1000, magnet: 1000 })
	// The 1,000 t of magnets need 300 t of metal, none made here.
	expect(balance.metal).toMatchObject({ produced: 0, imported: 300, localUse: 300, outflow: 0 })
	expect(flows.flows).toContainEqual({ kind: 'import', materialLinkId: 'metal', fromLinkId: null, toLinkId: 'metal', edgeId: null, value: 300 })
	expect(flows.flows).toContainEqual({ kind: 'local', materialLinkId: 'metal', fromLinkId: 'metal', toLinkId: 'magnet', edgeId: 'metal>magnet', value: 300 })
	// Oxide has no local taker (no metal made here): all of it leaves.
	expect(balance.oxide).toMatchObject({ localUse: 0, outflow: 1000 })
})

test('surplus next to a local link with an unknown factor is not called outflow: it is unallocated and names the link', () => {
	const { flows, balance } = flowsFor({ magnet: 1000, motor: 100_000, servo: 5000 })
	expect(balance.magnet).toMatchObject({ localUse: 200, outflow: 0, unallocated: 800, unknownFactorLinks: ['servo'] })
	expect(flows.flows).toContainEqual({
		kind: 'unknown',
		materialLinkId: 'magnet',
		fromLinkId: 'magnet',
		toLinkId: 'servo',
		edgeId: 'magnet>servo',
		value: null,
	})
	// Without local servo makers the unknown factor does not matter: the surplus leaves.
	expect(flowsFor({ magnet: 1000, motor: 100_000 }).balance.magnet).toMatchObject({ outflow: 800, unallocated: 0 })
})

test('final products leave as intended, not as a leak; supporting trades carry no material', () => {
	const { balance } = flowsFor({ motor: 100_000, machining: 50, magnet: 10 })
	expect(balance.motor).toMatchObject({ final: 100_000, outflow: 0 })
	expect(balance.machining).toBeUndefined()
	// Magnets: 100,000 motors × 0.002 t = 200 t needed, 10 t made: 190 t from outside.
	expect(balance.magnet).toMatchObject({ imported: 190, outflow: 0 })
})

test('recycled material returns upstream over the feedback edge once, and the cycle does not loop', () => {
	const { analysis, flows, balance } = flowsFor({ oxide: 1000, metal: 500, magnet: 1000, recycling: 300 })
	expect(analysis.feedbackEdgeIds).toEqual(['recycling>oxide'])
	expect(balance.recycling).toMatchObject({ produced: 300, returned: 300, outflow: 0, final: 0 })
	expect(flows.flows.filter((f) => f.kind === 'returned')).toEqual([
		{ kind: 'returned', materialLinkId: 'recycling', fromLinkId: 'recycling', toLinkId: 'oxide', edgeId: 'recycling>oxide', value: 300 },
	])
	// Nobody makes oxide here: nothing to return to, so the recovered material leaves the county.
	expect(flowsFor({ recycling: 300 }).balance.recycling).toMatchObject({ returned: 0, outflow: 300, final: 0 })

	// A chain that is one big loop (every link feeds the next, the last feeds the first) settles each link once.
	const ring = ['a', 'b', 'c'].map((id, sortOrder) => ({ id, stage: 'material' as const, unit: 't', sortOrder }))
	const ringEdges: AnalysisEdge[] = [
		{ id: 'a>b', fromLinkId: 'a', toLinkId: 'b', factor: 2 },
		{ id: 'b>c', fromLinkId: 'b', toLinkId: 'c', factor: 2 },
		{ id: 'c>a', fromLinkId: 'c', toLinkId: 'a', factor: 2 },
	]
	const loop = flowsFor({ a: 10, b: 10, c: 10 }, ring, ringEdges)
	expect(loop.flows.balances.map((b) => b.linkId)).toEqual(['a', 'b', 'c'])
	expect(loop.balance.c).toMatchObject({ returned: 10 })
	expect(loop.balance.a).toMatchObject({ imported: 10, localUse: 20 })
	const sankeys = familySankeys(loop.flows, ring, ringEdges, findFeedbackEdges(ring, ringEdges))
	expect(sankeys).toHaveLength(1)
	const ringLayout = layoutFamilySankey(sankeys[0]!, 600)
	expect(ringLayout.bands.length).toBeGreaterThan(0)
	// c's material goes back to a, the first link: a column left of a holds the arc's end (and a's import).
	expect(ringLayout.returns.map((r) => [r.fromLinkId, r.toLinkId])).toEqual([['c', 'a']])
	expect(sankeys[0]!.nodes.find((n) => n.id === 'a')!.column).toBe(1)
})

test('unit families: tonnes of any material share a scale, kg converts, pieces and power do not mix with mass', () => {
	expect(unitFamily('t REO')).toEqual({ family: 'mass', toBase: 1 })
	expect(unitFamily('kg')).toEqual({ family: 'mass', toBase: 0.001 })
	expect(unitFamily('台')).toEqual({ family: 'count', toBase: 1 })
	expect(unitFamily('MW')).toEqual({ family: 'power', toBase: 1 })
	expect(unitFamily('kWh')).toEqual({ family: 'energy', toBase: 1 })
	expect(unitFamily('万元')).toEqual({ family: 'money', toBase: 10_000 })
	expect(unitFamily('桶')).toEqual({ family: 'other:桶', toBase: 1 })
})

test('one Sankey per family with flows between links: motors (台) are destinations of the tonnes of magnets, stubs sit beside their link', () => {
	const links = LINKS
	const { flows } = flowsFor({ ore: 900, oxide: 1000, metal: 500, magnet: 1000, motor: 100_000, servo: 10, recycling: 300 })
	const sankeys = familySankeys(flows, links, EDGES, new Set(['recycling>oxide']))
	expect(sankeys.map((s) => s.family)).toEqual(['mass'])
	const [mass] = sankeys
	const nodeIds = mass!.nodes.map((n) => n.id)
	expect(nodeIds).toEqual(
		expect.arrayContaining(['ore', 'oxide', 'metal', 'magnet', 'motor', 'servo', 'recycling', 'import:ore', 'outflow:oxide', 'returned:recycling>oxide']),
	)
	expect(nodeIds).not.toContain('machining')
	const column = Object.fromEntries(mass!.nodes.map((n) => [n.id, n.column]))
	// The ore's import sits left of it (everything shifts one column to make room), leaks right of their link.
	expect(column['import:ore']).toBe(0)
	expect(column.ore).toBe(1)
	expect(column['outflow:oxide']).toBe(column.oxide! + 1)
	expect(column.motor).toBe(column.magnet! + 1)

	const layout = layoutFamilySankey(mass!, 1000)
	for (const band of layout.bands) {
		expect(band.path.startsWith('M')).toBe(true)
		expect(band.x1).toBeGreaterThan(band.x0)
	}
	// Band widths are proportional to the tonnes they carry.
	const width = (kind: string, materialLinkId: string) => layout.bands.find((b) => b.kind === kind && b.materialLinkId === materialLinkId)!.width
	expect(width('local', 'oxide') / width('outflow', 'oxide')).toBeCloseTo(600 / 400, 6)
	expect(layout.bands.find((b) => b.kind === 'unknown')!.width).toBe(0)
	expect(layout.nodes.every((n) => n.x0 >= 0 && n.x1 <= 1000 && n.y1 <= layout.height)).toBe(true)
	// Every node stands in its own column, even where the longest path is shorter than the chain (the returned stub).
	for (const node of layout.nodes) expect(node.x0).toBeCloseTo(1 + node.column * layout.columnWidth, 6)
	// Nodes of one column do not overlap.
	for (const a of layout.nodes) for (const b of layout.nodes) if (a !== b && a.column === b.column) expect(a.y1 <= b.y0 || b.y1 <= a.y0).toBe(true)

	// Recycling goes back to the oxide as an arc, not a stub: out of the bottom of the recycling link's right side,
	// along a lane under every node, into the bottom of the oxide's left side, as wide as its 300 t.
	expect(layout.bands.some((b) => b.kind === 'returned')).toBe(false)
	expect(layout.nodes.some((n) => n.id.startsWith('returned'))).toBe(false)
	expect(layout.returns).toHaveLength(1)
	const [arc] = layout.returns
	expect(arc).toMatchObject({ fromLinkId: 'recycling', toLinkId: 'oxide', edgeId: 'recycling>oxide', value: 300 })
	expect(arc!.width).toBeCloseTo((width('local', 'oxide') * 300) / 600, 6)
	const node = (id: string) => layout.nodes.find((n) => n.id === id)!
	const numbers = (text: string) =>
		text
			.split(/[^\d.-]+/)
			.filter(Boolean)
			.map(Number)
	const [startX, startY] = numbers(arc!.path.split(' ')[0]!)
	expect(startX).toBeCloseTo(node('recycling').x1, 6)
	expect(startY! + arc!.width / 2).toBeCloseTo(node('recycling').y1, 6)
	expect(numbers(arc!.path.split(' ').at(-1)!)[0]).toBeCloseTo(node('oxide').x0, 6)
	const lane = Math.max(...arc!.path.match(/V[\d.]+/g)!.map((v) => Number(v.slice(1))))
	expect(lane).toBeGreaterThan(Math.max(...layout.nodes.map((n) => n.y1)))
	expect(arc!.label.y).toBeLessThan(layout.height)
	// The oxide takes the returned material in at its bottom: its incoming bands sit above it.
	const into = layout.bands.filter((b) => b.target === 'oxide')
	for (const band of into) expect(band.y1 + band.width / 2).toBeLessThanOrEqual(node('oxide').y1 - arc!.width + 1e-6)
})

test('largest leaks and imports are ranked within a unit family', () => {
	const { flows } = flowsFor({ ore: 5000, oxide: 1000, metal: 10, magnet: 1000 })
	const units = new Map(LINKS.map((l) => [l.id, l.unit]))
	const leaks = largestInFamily(flows.balances, units, 'outflow')
	expect(leaks.map((g) => [g.family, g.balances.map((b) => b.linkId)])).toEqual([['mass', ['ore', 'magnet', 'oxide']]])
	const imports = largestInFamily(flows.balances, units, 'imported')
	expect(imports[0]!.balances.map((b) => b.linkId)).toEqual(['metal'])
})

test('a chain that changes unit family midway gets a diagram per family: tonnes up to the cells, kWh from the cells to the cars', () => {
	const links = (
		[
			['li2co3', 'material', 't'],
			['cam', 'material', 't'],
			['cell', 'component', 'kWh'],
			['ev', 'application', '辆'],
		] as const
	).map(([id, stage, unit], sortOrder) => ({ id, stage, unit, sortOrder }))
	const edges: AnalysisEdge[] = [
		{ id: 'li>cam', fromLinkId: 'li2co3', toLinkId: 'cam', factor: 0.234 },
		{ id: 'cam>cell', fromLinkId: 'cam', toLinkId: 'cell', factor: 0.002 },
		{ id: 'cell>ev', fromLinkId: 'cell', toLinkId: 'ev', factor: 57.1 },
	]
	const { flows, balance } = flowsFor({ li2co3: 100, cam: 1000, cell: 1_000_000, ev: 10_000 }, links, edges)
	// 1,000,000 kWh of cells need 2,000 t of cathode: 1,000 t made here, 1,000 t from outside; 10,000 cars take 571,000 kWh.
	expect(balance.cam).toMatchObject({ imported: 1000, localUse: 2000 })
	expect(balance.cell!.localUse).toBeCloseTo(571_000)
	expect(balance.cell!.outflow).toBeCloseTo(429_000)
	const sankeys = familySankeys(flows, links, edges, new Set())
	expect(sankeys.map((s) => s.family)).toEqual(['mass', 'energy'])
	// The cells are where tonnes end (a destination) and where kWh start.
	expect(sankeys[0]!.nodes.map((n) => n.id)).toContain('cell')
	expect(sankeys[1]!.bands.map((b) => [b.kind, b.materialLinkId])).toEqual([
		['local', 'cell'],
		['outflow', 'cell'],
	])
})
