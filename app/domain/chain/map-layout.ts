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

export type MapNode = { id: string; layer: number; x: number; y: number; height: number }
export type MapEdge = { id: string; fromLinkId: string; toLinkId: string; path: string; labelX: number; labelY: number; feedback: boolean }

const horizontal = linkHorizontal<{ source: [number, number]; target: [number, number] }, [number, number]>()
	.source((d) => d.source)
	.target((d) => d.target)

/** `heightOf`: a node's height, for the lines of text it holds (NODE_HEIGHT when not given). */
export function layoutChainMap(
	links: readonly (GraphLink & { stage: LinkStage })[],
	edges: readonly GraphEdge[],
	feedback: ReadonlySet<string>,
	heightOf: (linkId: string) => number = () => NODE_HEIGHT,
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

	const columnHeight = (column: readonly GraphLink[]) => column.reduce((sum, link) => sum + heightOf(link.id), 0) + Math.max(0, column.length - 1) * ROW_GAP
	const tallest = Math.max(NODE_HEIGHT, ...[...columns.values()].map(columnHeight))
	const height = MARGIN * 2 + tallest + NODE_HEIGHT // room under the nodes for feedback arcs
	const nodes: MapNode[] = []
	for (const [layer, column] of columns) {
		// Centre each column vertically against the tallest one.
		let y = MARGIN + (tallest - columnHeight(column)) / 2
		for (const link of column) {
			const nodeHeight = heightOf(link.id)
			nodes.push({ id: link.id, layer, x: MARGIN + layer * (NODE_WIDTH + COLUMN_GAP), y, height: nodeHeight })
			y += nodeHeight + ROW_GAP
		}
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
			const sy = from.y + from.height
			const ty = to.y + to.height
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
		const source: [number, number] = [from.x + NODE_WIDTH, from.y + from.height / 2]
		const target: [number, number] = [to.x, to.y + to.height / 2]
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

const WIDE = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u

/** Estimated width of text at a font size: CJK and full-width glyphs about 1 em, others about 0.6 em. */
export function textWidth(text: string, fontSize: number) {
	let ems = 0
	for (const char of text) ems += WIDE.test(char) ? 1 : 0.6
	return ems * fontSize
}

/**
 * Text broken into lines no wider than `max` px, so a node shows its whole name,
 * figures and flags rather than cutting or squeezing them. Breaks after spaces,
 * separators and between CJK characters (never inside a Latin word, unless the
 * word alone is too wide); a separator that would start a line stays on the
 * line before. `lines.join('')` is the text again.
 */
export function wrapLines(text: string, fontSize: number, max = NODE_TEXT_WIDTH): string[] {
	// Pieces: a run of Latin/digits with its trailing space, or one wide character with any closing punctuation.
	const pieces =
		text.match(
			/[^\s\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]+\s*|[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6][）)、，。：；·]*\s*|\s+/gu,
		) ?? []
	const lines: string[] = []
	let line = ''
	for (const piece of pieces) {
		if (line && textWidth((line + piece).trimEnd(), fontSize) > max) {
			// A line broken at a space keeps one, so the lines put together read as the text (screen readers
			// and voice control hear the node as one name, WCAG 2.5.3); the space is invisible at a line end.
			lines.push(line.replace(/\s+$/u, ' '))
			line = piece.trimStart()
		} else line += piece
	}
	if (line.trim()) lines.push(line.trimEnd())
	return lines
}

/** Short items (flag names) packed into lines no wider than `max` px, joined by `separator`; an item is never split. */
export function packItems(items: readonly string[], separator: string, fontSize: number, max = NODE_TEXT_WIDTH): string[] {
	const lines: string[] = []
	for (const item of items) {
		const last = lines.at(-1)
		if (last !== undefined && textWidth(last + separator + item, fontSize) <= max) lines[lines.length - 1] = last + separator + item
		else lines.push(item)
	}
	return lines
}
