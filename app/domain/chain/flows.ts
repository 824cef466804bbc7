// Where each link's material goes, from the gap analysis (ADR 0005): local
// output plus what is brought in from outside the county balances what local
// downstream links take, what returns upstream as recycled material, what
// leaves the county and what we cannot place because a factor is unknown.
// Pure; the Sankey and its table read it. See docs/decisions/0028-chain-flows.md.
import { type AnalysisEdge, type ChainAnalysis } from './gap-analysis'
import { type LinkStage } from './link-stages'
import { familyOrder, type UnitFamily, unitFamily } from './units'

/**
 * - `local`: to a local downstream link, as its output needs through the factor;
 * - `import`: the shortfall, brought in from outside the county;
 * - `returned`: recycled material going back upstream (a feedback edge);
 * - `outflow`: surplus of an intermediate that leaves the county (a leak);
 * - `final`: output of a link with no downstream in the chain, meant to leave;
 * - `unallocated`: surplus we cannot place, because a local downstream link's factor is unknown;
 * - `unknown`: that downstream link itself (a connection without a figure).
 */
export type FlowKind = 'local' | 'import' | 'returned' | 'outflow' | 'final' | 'unallocated' | 'unknown'

/** One flow of a link's material (`materialLinkId`), in that link's unit; value null only for `unknown`. */
export type LinkFlow = {
	kind: FlowKind
	materialLinkId: string
	/** Null: from outside the county (import). */
	fromLinkId: string | null
	/** Null: out of the chain (outflow, final, unallocated). */
	toLinkId: string | null
	edgeId: string | null
	value: number | null
}

/** A link's material balance: produced + imported = localUse + returned + outflow + final + unallocated. */
export type LinkBalance = {
	linkId: string
	/** Local output (0 when no local firm has a figure). */
	produced: number
	/** False when some local firm's output is not known: `produced` is then a floor. */
	producedComplete: boolean
	imported: number
	localUse: number
	returned: number
	outflow: number
	final: number
	unallocated: number
	/** Local downstream links whose factor is unknown (why `unallocated` is not split). */
	unknownFactorLinks: string[]
}

export type FlowLink = { id: string; stage: LinkStage }

export type ChainFlows = { balances: LinkBalance[]; flows: LinkFlow[] }

/**
 * Per link, in the analysis' order. Supporting trades carry no material and
 * have no balance. Each link is settled on its own from the analysis (one-step
 * demand, ADR 0005), so a cycle cannot make it loop: a feedback edge only
 * takes what the link's forward uses leave.
 */
export function chainFlows(analysis: ChainAnalysis, links: readonly FlowLink[], edges: readonly AnalysisEdge[]): ChainFlows {
	const stageOf = new Map(links.map((l) => [l.id, l.stage]))
	const producedOf = new Map(analysis.links.map((l) => [l.linkId, l.supply ?? 0]))
	const feedback = new Set(analysis.feedbackEdgeIds)
	const feedbackOut = new Map<string, AnalysisEdge[]>()
	for (const edge of edges) {
		if (!feedback.has(edge.id) || !stageOf.has(edge.toLinkId)) continue
		feedbackOut.set(edge.fromLinkId, [...(feedbackOut.get(edge.fromLinkId) ?? []), edge])
	}

	const balances: LinkBalance[] = []
	const flows: LinkFlow[] = []
	for (const la of analysis.links) {
		if (stageOf.get(la.linkId) === 'supporting' || !stageOf.has(la.linkId)) continue
		const produced = la.supply ?? 0
		const flow = (kind: FlowKind, value: number | null, to: string | null = null, edgeId: string | null = null, from: string | null = la.linkId) =>
			flows.push({ kind, materialLinkId: la.linkId, fromLinkId: from, toLinkId: to, edgeId, value })

		const imported = Math.max(0, la.demand - produced)
		if (imported > 0) flow('import', imported, la.linkId, null, null)
		for (const part of la.demandParts) {
			if (part.demand !== null && part.demand > 0) flow('local', part.demand, part.toLinkId, part.edgeId)
			else if (part.demand === null && part.downstreamSupply > 0) flow('unknown', null, part.toLinkId, part.edgeId)
		}

		let rest = Math.max(0, produced - la.demand)
		const balance: LinkBalance = {
			linkId: la.linkId,
			produced,
			producedComplete: la.supplyComplete,
			imported,
			localUse: la.demand,
			returned: 0,
			outflow: 0,
			final: 0,
			unallocated: 0,
			unknownFactorLinks: la.unknownFactorLinks,
		}
		if (rest > 0 && la.unknownFactorLinks.length > 0) {
			// Some goes to a local link whose factor is unknown, the rest may leave: we cannot tell how much of each.
			balance.unallocated = rest
			flow('unallocated', rest)
			rest = 0
		}
		// Recycled material returns upstream to links that produce locally, shared by their output.
		const returns = (feedbackOut.get(la.linkId) ?? []).filter((e) => (producedOf.get(e.toLinkId) ?? 0) > 0)
		const returnBase = returns.reduce((sum, e) => sum + producedOf.get(e.toLinkId)!, 0)
		if (rest > 0 && returns.length > 0) {
			for (const edge of returns) flow('returned', (rest * producedOf.get(edge.toLinkId)!) / returnBase, edge.toLinkId, edge.id)
			balance.returned = rest
			rest = 0
		}
		if (rest > 0) {
			// A link with material downstream in the chain (or recycled material with a way back) loses what it does
			// not pass on; one without is a final product.
			const hasDownstream = la.demandParts.length > 0 || feedbackOut.has(la.linkId)
			if (hasDownstream) balance.outflow = rest
			else balance.final = rest
			flow(hasDownstream ? 'outflow' : 'final', rest)
		}
		if (produced > 0 || imported > 0) balances.push(balance)
	}
	return { balances, flows }
}

/** Per unit family, the links with the largest outflow or import (compared in base units), largest first: what the page names before the diagram. */
export function largestInFamily(balances: readonly LinkBalance[], units: ReadonlyMap<string, string>, kind: 'outflow' | 'imported', count = 3) {
	const byFamily = new Map<UnitFamily, { balance: LinkBalance; base: number }[]>()
	for (const balance of balances) {
		if (balance[kind] <= 0) continue
		const { family, toBase } = unitFamily(units.get(balance.linkId) ?? '')
		byFamily.set(family, [...(byFamily.get(family) ?? []), { balance, base: balance[kind] * toBase }])
	}
	return [...byFamily.entries()]
		.sort(([a], [b]) => familyOrder(a) - familyOrder(b))
		.map(([family, list]) => ({
			family,
			balances: list
				.sort((a, b) => b.base - a.base)
				.slice(0, count)
				.map((x) => x.balance),
		}))
}
