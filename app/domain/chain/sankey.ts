// The Sankey of a chain's flows, one per unit family (ADR 0028): a band carries
// its link's material in that link's unit, converted to the family's base unit,
// so only bands of one family share a scale. d3-sankey does the layout; React
// draws it. Leaks and imports are short stubs beside their link.
import { sankey, sankeyLinkHorizontal } from 'd3-sankey'
import { type ChainFlows, type FlowKind } from './flows'
import { assignLayers, type GraphEdge, type GraphLink } from './graph'
import { familyOrder, type UnitFamily, unitFamily } from './units'

export type StubKind = Exclude<FlowKind, 'local' | 'unknown'>
/**
 * A node of the layout: a link, or a stub beside one (an import left of it, a leak right of it). A returned
 * flow (recycling going back upstream) has two hidden anchors, `returned` right of the link it leaves and
 * `returned-in` left of the link it goes back to: they reserve its place at both ends; it is drawn as an
 * arc between them (PlacedReturn), never as a stub.
 */
export type SankeyNodeSpec = { id: string; linkId: string; stub: StubKind | 'returned-in' | null; column: number }
export type SankeyBandSpec = {
	id: string
	source: string
	target: string
	kind: FlowKind
	materialLinkId: string
	edgeId: string | null
	value: number | null
	base: number
}
export type FamilySankey = { family: UnitFamily; nodes: SankeyNodeSpec[]; bands: SankeyBandSpec[] }

type UnitLink = GraphLink & { unit: string }

const stubId = (kind: StubKind | 'returned-in', linkId: string, toLinkId: string | null) => `${kind}:${linkId}${toLinkId ? `>${toLinkId}` : ''}`
/** The band that brings a returned flow into the link it goes back to (into its `returned-in` anchor's link). */
const IN_BAND = ':in'

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
		// Links with a band of their own, and the links recycled material goes back to.
		const linkIds = new Set(
			familyFlows.flatMap((f) => [f.materialLinkId, ...(f.kind === 'local' || f.kind === 'unknown' || f.kind === 'returned' ? [f.toLinkId!] : [])]),
		)
		// Columns follow the chain's layers, with empty layers closed up; an import or a returned flow into the
		// first column needs a column left of it.
		const usedLayers = [...new Set([...linkIds].map((id) => layers.get(id) ?? 0))].sort((a, b) => a - b)
		const first = (linkId: string) => usedLayers.indexOf(layers.get(linkId) ?? 0) === 0
		const shift = familyFlows.some((f) => (f.kind === 'import' && first(f.materialLinkId)) || (f.kind === 'returned' && first(f.toLinkId!))) ? 1 : 0
		const columnOf = (linkId: string) => usedLayers.indexOf(layers.get(linkId) ?? 0) + shift
		const nodes: SankeyNodeSpec[] = [...linkIds]
			.sort((a, b) => (linkById.get(a)?.sortOrder ?? 0) - (linkById.get(b)?.sortOrder ?? 0))
			.map((id) => ({ id, linkId: id, stub: null, column: columnOf(id) }))
		const bands: SankeyBandSpec[] = familyFlows.flatMap((f, index) => {
			const toBase = unitFamily(linkById.get(f.materialLinkId)!.unit).toBase
			const common = {
				id: `${f.kind}:${index}`,
				kind: f.kind,
				materialLinkId: f.materialLinkId,
				edgeId: f.edgeId,
				value: f.value,
				base: (f.value ?? 0) * toBase,
			}
			if (f.kind === 'local' || f.kind === 'unknown') return [{ ...common, source: f.materialLinkId, target: f.toLinkId! }]
			const stub = f.kind
			const id = stubId(stub, f.materialLinkId, f.kind === 'returned' ? f.toLinkId : null)
			const column = columnOf(f.materialLinkId) + (stub === 'import' ? -1 : 1)
			nodes.push({ id, linkId: f.kind === 'returned' ? f.toLinkId! : f.materialLinkId, stub, column })
			if (stub === 'import') return [{ ...common, source: id, target: f.materialLinkId }]
			if (stub !== 'returned') return [{ ...common, source: f.materialLinkId, target: id }]
			// Recycling: out of its link on the right, into the upstream link on the left, each end anchored.
			const inId = stubId('returned-in', f.materialLinkId, f.toLinkId)
			nodes.push({ id: inId, linkId: f.toLinkId!, stub: 'returned-in', column: columnOf(f.toLinkId!) - 1 })
			return [
				{ ...common, source: f.materialLinkId, target: id },
				{ ...common, id: `${common.id}${IN_BAND}`, source: inId, target: f.toLinkId! },
			]
		})
		result.push({ family, nodes, bands })
	}
	return result.sort((a, b) => familyOrder(a.family) - familyOrder(b.family))
}

/** A stub the diagram draws: a returned flow is an arc (PlacedReturn), its anchors are not drawn. */
export type DrawnStubKind = Exclude<StubKind, 'returned'>
export type PlacedNode = Omit<SankeyNodeSpec, 'stub'> & { stub: DrawnStubKind | null; x0: number; x1: number; y0: number; y1: number; base: number }
export type PlacedBand = SankeyBandSpec & { path: string; width: number; y0: number; y1: number; x0: number; x1: number }
/**
 * Recycled material going back upstream, drawn as an arc: out of the bottom of its link's right side, down
 * beside it, back along a lane under the diagram and up into the bottom of the upstream link's left side,
 * as wide as its band. `label` is where its figure starts (under the lane, text-anchor start), `arrow` a
 * chevron on the lane pointing the way the material goes.
 */
export type PlacedReturn = {
	id: string
	fromLinkId: string
	toLinkId: string
	edgeId: string | null
	value: number
	path: string
	width: number
	label: { x: number; y: number }
	arrow: string
}
export type SankeyLayout = { width: number; height: number; columnWidth: number; nodes: PlacedNode[]; bands: PlacedBand[]; returns: PlacedReturn[] }

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
	const specNode = new Map(spec.nodes.map((n) => [n.id, n]))
	const specBand = new Map(spec.bands.map((b) => [b.id, b]))
	// A returned flow leaves its link and enters the upstream link at the bottom, nearest the lane it runs along.
	const returning = (l: { id: string }) => specBand.get(l.id)?.kind === 'returned'
	for (const node of graph.nodes) {
		restack(node.sourceLinks ?? [], node.y0 ?? 0, 'y0', returning)
		restack(node.targetLinks ?? [], node.y0 ?? 0, 'y1', returning)
	}
	const path = sankeyLinkHorizontal()
	const nodes = graph.nodes.flatMap((n): PlacedNode[] => {
		const { stub, ...node } = specNode.get(n.id)!
		if (stub === 'returned' || stub === 'returned-in') return []
		return [{ ...node, stub, x0: n.x0 ?? 0, x1: n.x1 ?? 0, y0: n.y0 ?? 0, y1: n.y1 ?? 0, base: total > 0 ? (n.value ?? 0) : 0 }]
	})
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
	const placedReturns = returnArcs(bands, height)
	return {
		width,
		height: placedReturns.height,
		columnWidth: columns > 1 ? (width - LABEL_ROOM - 1 - SANKEY_NODE_WIDTH) / (columns - 1) : width,
		nodes,
		bands: bands.filter((b) => b.kind !== 'returned'),
		returns: placedReturns.returns,
	}
}

/** Stacks a node's bands on one side from its top in their order, the returned ones last (at the bottom). */
function restack<L extends { id: string; width?: number; y0?: number; y1?: number }>(links: L[], top: number, end: 'y0' | 'y1', last: (l: L) => boolean) {
	if (!links.some(last)) return
	let y = top
	for (const link of [...links].sort((a, b) => Number(last(a)) - Number(last(b)) || (a[end] ?? 0) - (b[end] ?? 0))) {
		link[end] = y + (link.width ?? 0) / 2
		y += link.width ?? 0
	}
}

/** Room for a return's label under its lane: "back to", where it goes, then its figure (three lines). */
const RETURN_LABEL_ROOM = 48
/** Inner radius of an arc's bends. */
const BEND = 8

/**
 * The returned flows as arcs under the diagram (`height` is where it ends), one lane each, and the height
 * with the lanes. Each return has two bands: out of its link (to its `returned` anchor) and into the
 * upstream link (from its `returned-in` anchor); the arc joins their ends.
 */
function returnArcs(bands: PlacedBand[], height: number): { returns: PlacedReturn[]; height: number } {
	const returns: PlacedReturn[] = []
	let lane = height
	for (const out of bands.filter((b) => b.kind === 'returned' && !b.id.endsWith(IN_BAND))) {
		const into = bands.find((b) => b.id === `${out.id}${IN_BAND}`)
		if (!into) continue
		const width = Math.max(2, out.width)
		const r = width / 2 + BEND
		const y = lane + width / 2
		const [sx, sy, tx, ty] = [out.x0, out.y0, into.x1, into.y1]
		// The legs run down the columns the anchors hold (the next column right of the recycling link, the one left
		// of the link it returns to), clear of the labels beside the links; never closer than a bend allows.
		const right = Math.max(sx + r, out.x1 + width / 2)
		const left = Math.min(tx - r, into.x0 - width / 2, right - 2 * r)
		const path = [
			`M${sx},${sy}`,
			`H${right - r}`,
			`A${r},${r} 0 0 1 ${right},${sy + r}`,
			`V${y - r}`,
			`A${r},${r} 0 0 1 ${right - r},${y}`,
			`H${left + r}`,
			`A${r},${r} 0 0 1 ${left},${y - r}`,
			`V${ty + r}`,
			`A${r},${r} 0 0 1 ${left + r},${ty}`,
			`H${tx}`,
		].join(' ')
		const middle = (left + right) / 2
		const size = Math.min(10, Math.max(5, width * 0.4))
		returns.push({
			id: out.id,
			fromLinkId: out.materialLinkId,
			toLinkId: into.target,
			edgeId: out.edgeId,
			value: out.value ?? 0,
			path,
			width,
			// Under the lane where it turns up into the upstream link: the end a reader starting from the left (or
			// a phone's box, which starts there) sees first; the recycling link's own label gives the figure too.
			label: { x: left - width / 2, y: y + width / 2 + 14 },
			arrow: `M${middle - size},${y} L${middle + size / 2},${y - size * 0.8} L${middle + size / 2},${y + size * 0.8} Z`,
		})
		lane += width + RETURN_LABEL_ROOM + BEND
	}
	return { returns, height: returns.length > 0 ? lane : height }
}
