// Material flow between local links, for the Sankey view: a flow exists where
// the factor is known and the downstream link produces locally. Feedback
// (recycling) edges are left out because a Sankey cannot draw a cycle.
import { sankey, sankeyLinkHorizontal } from 'd3-sankey'
import { type AnalysisEdge, type ChainAnalysis } from './gap-analysis'

export type Flow = { edgeId: string; fromLinkId: string; toLinkId: string; value: number }

export function materialFlows(analysis: ChainAnalysis, edges: readonly AnalysisEdge[]): Flow[] {
	const feedback = new Set(analysis.feedbackEdgeIds)
	const byId = new Map(edges.map((e) => [e.id, e]))
	return analysis.links.flatMap((link) =>
		link.demandParts.flatMap((part): Flow[] => {
			const edge = byId.get(part.edgeId)
			if (!edge || feedback.has(edge.id) || part.demand === null || part.demand <= 0) return []
			return [{ edgeId: edge.id, fromLinkId: edge.fromLinkId, toLinkId: edge.toLinkId, value: part.demand }]
		}),
	)
}

export type SankeyNodeBox = { id: string; x0: number; x1: number; y0: number; y1: number; value: number }
export type SankeyBand = { edgeId: string; fromLinkId: string; toLinkId: string; value: number; path: string; width: number }

/**
 * Flow widths are in the upstream link's unit (t of oxide, t of metal…), so a
 * band compares only with the bands leaving the same link.
 */
export function layoutSankey(flows: readonly Flow[], width: number, height: number): { nodes: SankeyNodeBox[]; bands: SankeyBand[] } {
	if (flows.length === 0) return { nodes: [], bands: [] }
	const ids = [...new Set(flows.flatMap((f) => [f.fromLinkId, f.toLinkId]))]
	const graph = sankey<{ id: string }, { edgeId: string }>()
		.nodeId((n) => n.id)
		.nodeWidth(14)
		.nodePadding(18)
		.extent([
			[1, 8],
			[width - 1, height - 8],
		])({
		nodes: ids.map((id) => ({ id })),
		links: flows.map((f) => ({ source: f.fromLinkId, target: f.toLinkId, value: f.value, edgeId: f.edgeId })),
	})
	const path = sankeyLinkHorizontal()
	return {
		nodes: graph.nodes.map((n) => ({ id: n.id, x0: n.x0 ?? 0, x1: n.x1 ?? 0, y0: n.y0 ?? 0, y1: n.y1 ?? 0, value: n.value ?? 0 })),
		bands: graph.links.map((l) => ({
			edgeId: l.edgeId,
			fromLinkId: (l.source as { id: string }).id,
			toLinkId: (l.target as { id: string }).id,
			value: l.value,
			path: path(l) ?? '',
			width: Math.max(1, l.width ?? 1),
		})),
	}
}
