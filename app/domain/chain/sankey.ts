// The Sankey of a chain's flows, one per unit family (ADR 0028): a band carries
// its link's material in that link's unit, converted to the family's base unit,
// so only bands of one family share a scale. d3-sankey does the layout; React
// draws it. Leaks and imports are short stubs beside their link.
import { sankey, sankeyLinkHorizontal } from 'd3-sankey'
import { type ChainFlows, type FlowKind } from './flows'
import { assignLayers, type GraphEdge, type GraphLink } from './graph'
import { familyOrder, type UnitFamily, unitFamily } from './units'

export type StubKind = Exclude<FlowKind, 'local' | 'unknown'>
export type SankeyNodeSpec = { id: string; linkId: string; stub: StubKind | null; column: number }
export type SankeyBandSpec = { id: string; source: string; target: string; kind: FlowKind; materialLinkId: string; edgeId: string | null; value: number | null; base: number }
export type FamilySankey = { family: UnitFamily; nodes: SankeyNodeSpec[]; bands: SankeyBandSpec[] }

type UnitLink = GraphLink & { unit: string }

const stubId = (kind: StubKind, linkId: string, toLinkId: string | null) => `${kind}:${linkId}${toLinkId ? `>${toLinkId}` : ''}`

/**
 * One Sankey per family in which material moves from one link to another
 * (a local, unknown or returned flow); a family with only final products has
 * nothing to draw and is left to the table. A link of another family that
 * takes this family's material (motors, in 台, taking t of magnets) is a
 * destination here, labelled with its own output.
 */
export function familySankeys(flows: ChainFlows, links: readonly UnitLink[], edges: readonly GraphEdge[], feedback: ReadonlySet<string>): FamilySankey[] {
	const linkById = new Map(links.map((l) => [l.id, l]))
	const layers = assignLayers(links, edges, feedback)
	const byFamily = new Map<UnitFamily, ChainFlows['flows']>()
	for (const flow of flows.flows) {
		const link = linkById.get(flow.materialLinkId)
		if (!link) continue
		const { family } = unitFamily(link.unit)
		byFamily.set(family, [...(byFamily.get(family) ?? []), flow])
	}

	const result: FamilySankey[] = []
	for (const [family, familyFlows] of byFamily) {
		if (!familyFlows.some((f) => f.kind === 'local' || f.kind === 'unknown' || f.kind === 'returned')) continue
		const linkIds = new Set(familyFlows.flatMap((f) => [f.materialLinkId, ...(f.kind === 'local' || f.kind === 'unknown' ? [f.toLinkId!] : [])]))
		// Columns follow the chain's layers, with empty layers closed up.
		const usedLayers = [...new Set([...linkIds].map((id) => layers.get(id) ?? 0))].sort((a, b) => a - b)
		const shift = familyFlows.some((f) => f.kind === 'import' && usedLayers.indexOf(layers.get(f.materialLinkId) ?? 0) === 0) ? 1 : 0
		const columnOf = (linkId: string) => usedLayers.indexOf(layers.get(linkId) ?? 0) + shift
		const nodes: SankeyNodeSpec[] = [...linkIds]
			.sort((a, b) => (linkById.get(a)?.sortOrder ?? 0) - (linkById.get(b)?.sortOrder ?? 0))
			.map((id) => ({ id, linkId: id, stub: null, column: columnOf(id) }))
		const bands: SankeyBandSpec[] = familyFlows.map((f, index) => {
			const toBase = unitFamily(linkById.get(f.materialLinkId)!.unit).toBase
			const common = { id: `${f.kind}:${index}`, kind: f.kind, materialLinkId: f.materialLinkId, edgeId: f.edgeId, value: f.value, base: (f.value ?? 0) * toBase }
			if (f.kind === 'local' || f.kind === 'unknown') return { ...common, source: f.materialLinkId, target: f.toLinkId! }
			const stub = f.kind as StubKind
			const id = stubId(stub, f.materialLinkId, f.kind === 'returned' ? f.toLinkId : null)
			const column = columnOf(f.materialLinkId) + (stub === 'import' ? -1 : 1)
			nodes.push({ id, linkId: f.kind === 'returned' ? f.toLinkId! : f.materialLinkId, stub, column })
			return stub === 'import' ? { ...common, source: id, target: f.materialLinkId } : { ...common, source: f.materialLinkId, target: id }
		})
		result.push({ family, nodes, bands })
	}
	return result.sort((a, b) => familyOrder(a.family) - familyOrder(b.family))
}

export type PlacedNode = SankeyNodeSpec & { x0: number; x1: number; y0: number; y1: number; base: number }
export type PlacedBand = SankeyBandSpec & { path: string; width: number; y0: number; y1: number; x0: number; x1: number }
export type SankeyLayout = { width: number; height: number; columnWidth: number; nodes: PlacedNode[]; bands: PlacedBand[] }

export const SANKEY_NODE_WIDTH = 14
const SPACER = '\u0000spacer:'
/** Room right of the last column: labels always sit right of their node. */
export const LABEL_ROOM = 150
/** Room above and below: a label (up to four lines) is centred on its node. */
const EDGE_ROOM = 32
/** Vertical room between nodes of a column: their labels (up to three lines) sit beside them. */
const NODE_PADDING = 46
/** Room per node for its label, and for the bands of the busiest column. */
const ROW_HEIGHT = 62
const BAND_ROOM = 300

/**
 * Geometry for one family's Sankey `width` wide; the height grows with the
 * busiest column so labels do not collide. Bands without a figure (unknown
 * factor) keep their place with no width.
 */
export function layoutFamilySankey(spec: FamilySankey, width: number): SankeyLayout {
	const columns = Math.max(1, ...spec.nodes.map((n) => n.column + 1))
	const busiest = Math.max(...Array.from({ length: columns }, (_, c) => spec.nodes.filter((n) => n.column === c).length))
	// One more row per column for the hidden spacer (below).
	const height = (busiest + 1) * ROW_HEIGHT + BAND_ROOM
	const total = spec.bands.reduce((sum, b) => sum + b.base, 0)
	// A family whose every band is unknown still places its nodes: give each band a nominal, invisible size.
	const sized = total > 0 ? spec.bands.map((b) => b.base) : spec.bands.map(() => 1)
	const column = new Map(spec.nodes.map((n) => [n.id, n.column]))
	// d3-sankey counts columns by the longest path, which can be shorter than the chain's layers (an import
	// stub starts a path mid-chain). A hidden chain of one node per column, carrying next to nothing, makes
	// the counts agree, so every node lands in its own column and columns are stacked with that in mind.
	const spacers = Array.from({ length: columns }, (_, c) => `${SPACER}${c}`)
	spacers.forEach((id, c) => column.set(id, c))
	const spacerValue = (total > 0 ? total : sized.length) * 1e-9
	const graph = sankey<{ id: string }, { id: string }>()
		.nodeId((n) => n.id)
		.nodeWidth(SANKEY_NODE_WIDTH)
		.nodePadding(NODE_PADDING)
		.nodeAlign((node) => column.get(node.id) ?? 0)
		.extent([
			[1, EDGE_ROOM],
			[width - LABEL_ROOM, height - EDGE_ROOM],
		])({
		// d3-sankey mutates what it is given: hand it copies.
		nodes: [...spec.nodes.map((n) => ({ id: n.id })), ...spacers.map((id) => ({ id }))],
		links: [
			...spec.bands.map((b, i) => ({ source: b.source, target: b.target, value: sized[i]!, id: b.id })),
			...spacers.slice(1).map((id, i) => ({ source: spacers[i]!, target: id, value: spacerValue, id })),
		],
	})
	graph.nodes = graph.nodes.filter((n) => !n.id.startsWith(SPACER))
	graph.links = graph.links.filter((l) => !l.id.startsWith(SPACER))
	const path = sankeyLinkHorizontal()
	const specNode = new Map(spec.nodes.map((n) => [n.id, n]))
	const specBand = new Map(spec.bands.map((b) => [b.id, b]))
	const nodes = graph.nodes.map((n): PlacedNode => ({ ...specNode.get(n.id)!, x0: n.x0 ?? 0, x1: n.x1 ?? 0, y0: n.y0 ?? 0, y1: n.y1 ?? 0, base: total > 0 ? (n.value ?? 0) : 0 }))
	const bands = graph.links.map((l): PlacedBand => {
		const band = specBand.get(l.id)!
		const source = l.source as { x1?: number }
		const target = l.target as { x0?: number }
		return {
			...band,
			path: path(l) ?? '',
			width: total > 0 ? (l.width ?? 0) : 0,
			y0: l.y0 ?? 0,
			y1: l.y1 ?? 0,
			x0: source.x1 ?? 0,
			x1: target.x0 ?? 0,
		}
	})
	return { width, height, columnWidth: columns > 1 ? (width - LABEL_ROOM - 1 - SANKEY_NODE_WIDTH) / (columns - 1) : width, nodes, bands }
}
