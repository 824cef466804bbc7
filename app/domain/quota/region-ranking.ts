import { type QuotaProgress } from './progress'

export type RegionQuotaScore = { quotaId: string; metric: string; actual: number; target: number; share: number }

export type RegionScore = {
	regionId: string
	name: string
	nameEn: string
	/** 1-based; equal scores share a rank (1, 1, 3). */
	rank: number
	/** Mean over the parent's quotas of the region's part of each target, in per cent (uncapped). */
	score: number
	items: number
	perQuota: RegionQuotaScore[]
}

/** One 赛马比拼 among the regions directly under `parent`, over the parent's quotas. */
export type RegionRanking = { parent: { id: string; name: string; nameEn: string }; quotas: number; rows: RegionScore[] }

/**
 * 赛马比拼 between counties (ADR 0029): for each region whose quotas split over
 * regions under it (a 市's targets over its 县区), every such region scores its
 * part of each target — its counted figure ÷ the parent's target, in per cent —
 * averaged over the parent's quotas (those with two regions under it at least:
 * one region alone is no ranking). A part is a contribution to a shared
 * target, not a target of its own: no per-county shares are invented. The
 * parent's own level (records filed at the city itself) is not ranked.
 */
export function rankRegions(progress: readonly Pick<QuotaProgress, 'quotaId' | 'metric' | 'target' | 'region' | 'regions'>[]): RegionRanking[] {
	type ParentEntry = { parent: RegionRanking['parent']; quotas: number; rows: Map<string, Omit<RegionScore, 'rank' | 'score'>> }
	const byParent = new Map<string, ParentEntry>()
	for (const q of progress) {
		const parts = q.regions.filter((part) => !part.own)
		// A ranking needs two regions at least: a county with one park has its breakdown on the quota page.
		if (q.region === null || parts.length < 2 || !(q.target > 0)) continue
		const entry = byParent.get(q.region.id) ?? { parent: q.region, quotas: 0, rows: new Map<string, Omit<RegionScore, 'rank' | 'score'>>() }
		entry.quotas += 1
		for (const part of parts) {
			const row = entry.rows.get(part.regionId) ?? { regionId: part.regionId, name: part.name, nameEn: part.nameEn, items: 0, perQuota: [] }
			row.perQuota.push({ quotaId: q.quotaId, metric: q.metric, actual: part.actual, target: q.target, share: round1((part.actual / q.target) * 100) })
			row.items += part.items
			entry.rows.set(part.regionId, row)
		}
		byParent.set(q.region.id, entry)
	}
	return [...byParent.values()].map(({ parent, quotas, rows }) => {
		const scored = [...rows.values()]
			.map((row) => ({ ...row, score: round1(row.perQuota.reduce((sum, p) => sum + (p.actual / p.target) * 100, 0) / quotas) }))
			.sort((a, b) => b.score - a.score || b.items - a.items || a.name.localeCompare(b.name, 'zh-CN'))
		return { parent, quotas, rows: scored.map((row) => ({ ...row, rank: scored.findIndex((other) => other.score === row.score) + 1 })) }
	})
}

function round1(value: number) {
	return Math.round(value * 10) / 10
}
