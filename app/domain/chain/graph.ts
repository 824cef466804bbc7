// Structure of a chain as a directed graph: which edges close a cycle (a
// recycling loop back to oxides) and which column each link sits in.

export type GraphLink = { id: string; sortOrder: number }
export type GraphEdge = { id: string; fromLinkId: string; toLinkId: string }

/**
 * Edges that close a cycle, found by depth-first search in the chain's own
 * order (sortOrder), so the first-listed path is the forward one. Removing
 * them leaves a DAG. These are feedback flows (recycled material returning
 * upstream): they are drawn and reported but create no demand.
 */
export function findFeedbackEdges(links: readonly GraphLink[], edges: readonly GraphEdge[]): Set<string> {
	const ordered = [...links].sort((a, b) => a.sortOrder - b.sortOrder)
	const order = new Map(ordered.map((l, i) => [l.id, i]))
	const outgoing = new Map<string, GraphEdge[]>()
	for (const edge of edges) {
		const list = outgoing.get(edge.fromLinkId) ?? []
		list.push(edge)
		outgoing.set(edge.fromLinkId, list)
	}
	for (const list of outgoing.values()) list.sort((a, b) => (order.get(a.toLinkId) ?? 0) - (order.get(b.toLinkId) ?? 0))

	const feedback = new Set<string>()
	const state = new Map<string, 'active' | 'done'>()
	// Iterative DFS: chains are small, but imported templates are not ours to trust.
	for (const root of ordered) {
		if (state.has(root.id)) continue
		const stack: { id: string; next: number }[] = [{ id: root.id, next: 0 }]
		state.set(root.id, 'active')
		while (stack.length > 0) {
			const frame = stack[stack.length - 1]!
			const out = outgoing.get(frame.id) ?? []
			if (frame.next >= out.length) {
				state.set(frame.id, 'done')
				stack.pop()
				continue
			}
			const edge = out[frame.next++]!
			const seen = state.get(edge.toLinkId)
			if (seen === 'active') feedback.add(edge.id)
			else if (seen === undefined && order.has(edge.toLinkId)) {
				state.set(edge.toLinkId, 'active')
				stack.push({ id: edge.toLinkId, next: 0 })
			}
		}
	}
	return feedback
}

/**
 * Column of each link, left to right: the longest path from a source over
 * the forward (non-feedback) edges, so every forward edge points right.
 */
export function assignLayers(links: readonly GraphLink[], edges: readonly GraphEdge[], feedback: ReadonlySet<string>) {
	const layer = new Map(links.map((l) => [l.id, 0]))
	const forward = edges.filter((e) => !feedback.has(e.id) && layer.has(e.fromLinkId) && layer.has(e.toLinkId))
	const indegree = new Map(links.map((l) => [l.id, 0]))
	const outgoing = new Map<string, GraphEdge[]>()
	for (const e of forward) {
		indegree.set(e.toLinkId, indegree.get(e.toLinkId)! + 1)
		outgoing.set(e.fromLinkId, [...(outgoing.get(e.fromLinkId) ?? []), e])
	}
	const queue = [...links]
		.sort((a, b) => a.sortOrder - b.sortOrder)
		.filter((l) => indegree.get(l.id) === 0)
		.map((l) => l.id)
	while (queue.length > 0) {
		const id = queue.shift()!
		for (const e of outgoing.get(id) ?? []) {
			layer.set(e.toLinkId, Math.max(layer.get(e.toLinkId)!, layer.get(id)! + 1))
			indegree.set(e.toLinkId, indegree.get(e.toLinkId)! - 1)
			if (indegree.get(e.toLinkId) === 0) queue.push(e.toLinkId)
		}
	}
	return layer
}
