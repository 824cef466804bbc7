// 招商目标企业清单 (the prospects): external companies ranked by the weak link they would fill.
import { type AnalysisEdge, type AnalysisFirm, type ChainAnalysis, type FlagCode, type Severity } from './gap-analysis'

/** How much each kind of weakness weighs when ranking companies that would fix it. */
export const FLAG_WEIGHTS: Record<FlagCode, Record<Severity, number>> = {
	broken: { red: 5, amber: 4 },
	shortfall: { red: 4, amber: 2 },
	single_point: { red: 2, amber: 2 },
	no_leader: { red: 2, amber: 2 },
	// 外流 is scored on the downstream links that would take the material (延链).
	outflow: { red: 0, amber: 0 },
	// Only a scenario raises 断供; the prospect list ranks today's chain.
	input_lost: { red: 0, amber: 0 },
}
/** A link downstream of 外流 material is a chain-extension (延链) opportunity. */
export const EXTENSION_WEIGHT = 2
export const TAG_WEIGHTS: Record<string, number> = {
	lianzhu: 3,
	danxiangguanjun: 2,
	xiaojuren: 2,
	zhuanjingtexin: 1,
	gaoxin: 1,
	guishang: 0.5,
}

export type Prospect = {
	companyId: string
	linkId: string
	score: number
	/** Flags at the link this company would address, plus 'extension' for 延链. */
	addresses: (FlagCode | 'extension')[]
	quantity: number | null
	/** Gap at the link (demand − supply) when known and positive. */
	gap: number | null
	/** Share of the gap this company's figure would fill (0–1). */
	fillShare: number | null
	tags: readonly string[]
}

/**
 * Score = (flag weights at the link + 延链 weight) × (1 + share of the gap
 * the firm's capacity fills) + tag weights. Links without a weakness yield
 * no candidates. `linkId` narrows the list to one link.
 */
/**
 * Each link's weakness as the ranking weighs it: its flags' weights, plus the 延链 weight for a link
 * downstream of 外流 material. A link of weight 0 proposes no prospect; every external firm at another is one.
 */
export function linkWeakness(analysis: ChainAnalysis, edges: readonly AnalysisEdge[]) {
	const byLink = new Map(analysis.links.map((l) => [l.linkId, l]))
	const feedback = new Set(analysis.feedbackEdgeIds)
	const extension = new Set<string>()
	for (const edge of edges) {
		if (feedback.has(edge.id)) continue
		if (byLink.get(edge.fromLinkId)?.flags.some((f) => f.code === 'outflow')) extension.add(edge.toLinkId)
	}
	return new Map(
		analysis.links.map((link) => [
			link.linkId,
			{
				weight: link.flags.reduce((sum, f) => sum + FLAG_WEIGHTS[f.code][f.severity], 0) + (extension.has(link.linkId) ? EXTENSION_WEIGHT : 0),
				extension: extension.has(link.linkId),
			},
		]),
	)
}

export function rankProspects(input: {
	analysis: ChainAnalysis
	edges: readonly AnalysisEdge[]
	/** Rows picked for the analysis year; only external firms are considered. */
	firms: readonly AnalysisFirm[]
	linkId?: string
}): Prospect[] {
	const byLink = new Map(input.analysis.links.map((l) => [l.linkId, l]))
	const weaknessOf = linkWeakness(input.analysis, input.edges)

	const candidates: Prospect[] = []
	for (const firm of input.firms) {
		if (firm.isLocal || (input.linkId && firm.linkId !== input.linkId)) continue
		const link = byLink.get(firm.linkId)
		if (!link) continue
		const { weight: weakness, extension } = weaknessOf.get(link.linkId)!
		if (weakness === 0) continue
		const quantity = firm.output ?? firm.capacity
		const gap = link.demand > (link.supply ?? 0) ? link.demand - (link.supply ?? 0) : null
		const fillShare = gap !== null && quantity !== null ? Math.min(1, quantity / gap) : null
		const tagScore = firm.tags.reduce((sum, t) => sum + (TAG_WEIGHTS[t] ?? 0), 0)
		const addresses: Prospect['addresses'] = link.flags.filter((f) => FLAG_WEIGHTS[f.code][f.severity] > 0).map((f) => f.code)
		if (extension) addresses.push('extension')
		candidates.push({
			companyId: firm.companyId,
			linkId: firm.linkId,
			score: weakness * (1 + (fillShare ?? 0)) + tagScore,
			addresses,
			quantity,
			gap,
			fillShare,
			tags: firm.tags,
		})
	}
	return candidates.sort((a, b) => b.score - a.score || a.companyId.localeCompare(b.companyId))
}
