// Geometry of the chain map: columns left to right by layer, rows ordered to
// cut edge crossings. d3 does the path math; React draws the SVG.
import { linkHorizontal } from 'd3'
import { assignLayers, type GraphEdge, type GraphLink } from './graph'
import { type LinkStage } from './link-stages'

export const NODE_WIDTH = 160
export const NODE_HEIGHT = 64
const COLUMN_GAP = 80
const ROW_GAP = 28
const MARGIN = 24

export type MapNode = { id: string; layer: number; x: number; y: number }
export type MapEdge = { id: string; fromLinkId: string; toLinkId: string; path: string; labelX: number; labelY: number; feedback: boolean }

const horizontal = linkHorizontal<{ source: [number, number]; target: [number, number] }, [number, number]>()
	.source((d) => d.source)
	.target((d) => d.target)

export function layoutChainMap(
	links: readonly (GraphLink & { stage: LinkStage })[],
	edges: readonly GraphEdge[],
	feedback: ReadonlySet<string>,
): { nodes: MapNode[]; edges: MapEdge[]; width: number; height: number } {
	const layers = assignLayers(links, edges, feedback)
	// A supporting trade sits in the column just before the first link it serves, not at the far left.
	for (const link of links) {
		if (link.stage !== 'supporting') continue
		const served = edges.filter((e) => e.fromLinkId === link.id).map((e) => layers.get(e.toLinkId) ?? 1)
		if (served.length > 0) layers.set(link.id, Math.max(0, Math.min(...served) - 1))
	}

	const columns = new Map<number, (GraphLink & { stage: LinkStage })[]>()
	for (const link of [...links].sort((a, b) => a.sortOrder - b.sortOrder)) {
		const layer = layers.get(link.id) ?? 0
		columns.set(layer, [...(columns.get(layer) ?? []), link])
	}
	const layerCount = Math.max(0, ...columns.keys()) + 1

	// One barycentre pass, left to right: a link sits near the links feeding it;
	// supporting trades go to the bottom of their column.
	const row = new Map<string, number>()
	for (let layer = 0; layer < layerCount; layer++) {
		const column = columns.get(layer) ?? []
		const keyed = column.map((link, index) => {
			const feeders = edges.filter((e) => e.toLinkId === link.id && !feedback.has(e.id) && row.has(e.fromLinkId)).map((e) => row.get(e.fromLinkId)!)
			const centre = feeders.length > 0 ? feeders.reduce((a, b) => a + b, 0) / feeders.length : index
			return { link, key: (link.stage === 'supporting' ? 1e6 : 0) + centre + index / 1000 }
		})
		keyed.sort((a, b) => a.key - b.key)
		keyed.forEach(({ link }, index) => row.set(link.id, index))
		columns.set(
			layer,
			keyed.map((k) => k.link),
		)
	}

	const tallest = Math.max(1, ...[...columns.values()].map((c) => c.length))
	const height = MARGIN * 2 + tallest * NODE_HEIGHT + (tallest - 1) * ROW_GAP + NODE_HEIGHT // room under the nodes for feedback arcs
	const nodes: MapNode[] = []
	for (const [layer, column] of columns) {
		// Centre each column vertically against the tallest one.
		const offset = ((tallest - column.length) * (NODE_HEIGHT + ROW_GAP)) / 2
		column.forEach((link, index) => {
			nodes.push({ id: link.id, layer, x: MARGIN + layer * (NODE_WIDTH + COLUMN_GAP), y: MARGIN + offset + index * (NODE_HEIGHT + ROW_GAP) })
		})
	}
	const at = new Map(nodes.map((n) => [n.id, n]))
	const bottom = height - MARGIN / 2

	const mapEdges = edges.flatMap((edge): MapEdge[] => {
		const from = at.get(edge.fromLinkId)
		const to = at.get(edge.toLinkId)
		if (!from || !to) return []
		const isFeedback = feedback.has(edge.id)
		if (isFeedback || to.x <= from.x) {
			// Loops back: leave from the bottom of the source, run under the map, enter the target from below.
			const sx = from.x + NODE_WIDTH / 2
			const tx = to.x + NODE_WIDTH / 2
			const sy = from.y + NODE_HEIGHT
			const ty = to.y + NODE_HEIGHT
			return [
				{
					id: edge.id,
					fromLinkId: edge.fromLinkId,
					toLinkId: edge.toLinkId,
					path: `M${sx},${sy} C${sx},${bottom} ${tx},${bottom} ${tx},${ty}`,
					labelX: (sx + tx) / 2,
					labelY: bottom - 6,
					feedback: isFeedback,
				},
			]
		}
		const source: [number, number] = [from.x + NODE_WIDTH, from.y + NODE_HEIGHT / 2]
		const target: [number, number] = [to.x, to.y + NODE_HEIGHT / 2]
		return [
			{
				id: edge.id,
				fromLinkId: edge.fromLinkId,
				toLinkId: edge.toLinkId,
				path: horizontal({ source, target }) ?? '',
				labelX: (source[0] + target[0]) / 2,
				labelY: (source[1] + target[1]) / 2 - 4,
				feedback: false,
			},
		]
	})

	return { nodes, edges: mapEdges, width: MARGIN * 2 + layerCount * NODE_WIDTH + (layerCount - 1) * COLUMN_GAP, height }
}

/** Room for a node's text: the box less its left and right padding. */
export const NODE_TEXT_WIDTH = NODE_WIDTH - 16

/**
 * The SVG `textLength` that squeezes a node's line into `max` px when its estimated width
 * is larger (CJK and full-width glyphs about 1 em, others about 0.6 em), or undefined when
 * it fits: a node shows its whole name and flags rather than cutting them off, so what a
 * reader sees is what a screen reader or voice control hears (WCAG 2.5.3).
 */
export function squeezedLength(text: string, fontSize: number, max = NODE_TEXT_WIDTH): number | undefined {
	let ems = 0
	for (const char of text) ems += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(char) ? 1 : 0.6
	return ems * fontSize > max ? max : undefined
}
