import { type QuotaProgress } from './progress'

/** A quota line scores at most its full points: actual ÷ target is capped at 1 (100 分). */
export const SCORE_CAP = 1

export type UnitQuotaScore = { quotaId: string; metric: string; actual: number; target: number; score: number }

export type UnitScore = {
	unitId: string
	unitName: string
	unitNameEn: string
	/** 1-based; units with equal scores share a rank (1, 1, 3). */
	rank: number
	/** Mean of the per-quota scores, in points out of 100 × cap. */
	score: number
	/** How many of its quotas the unit has met on its own. */
	achieved: number
	/** Items credited to the unit over all its quotas. */
	items: number
	perQuota: UnitQuotaScore[]
}

/**
 * 赛马比拼: ranks responsible units by how far they are toward their quotas.
 * Each quota scores actual ÷ target (the unit's own share when set, otherwise
 * the quota's target), capped at `cap` — as in county assessment rules where a
 * line scores at most its full points (see ../shared/design/feature-anchors.md
 * [C13]). Only "projects introduced" quotas rank units: they are the only ones
 * whose items carry a 责任单位. A unit's score is the mean over its quotas.
 */
export function rankUnits(
	progress: readonly Pick<QuotaProgress, 'quotaId' | 'kind' | 'metric' | 'target' | 'units'>[],
	{ cap = SCORE_CAP }: { cap?: number } = {},
): UnitScore[] {
	const byUnit = new Map<string, Omit<UnitScore, 'rank' | 'score'> & { sum: number }>()
	for (const q of progress) {
		if (q.kind !== 'projects') continue
		for (const u of q.units) {
			const target = u.target ?? q.target
			if (!(target > 0)) continue
			const score = Math.min(u.actual / target, cap) * 100
			const entry = byUnit.get(u.unitId) ?? { unitId: u.unitId, unitName: u.unitName, unitNameEn: u.unitNameEn, achieved: 0, items: 0, perQuota: [], sum: 0 }
			entry.perQuota.push({ quotaId: q.quotaId, metric: q.metric, actual: u.actual, target, score: round1(score) })
			entry.sum += score
			if (u.actual >= target) entry.achieved += 1
			entry.items += u.items
			byUnit.set(u.unitId, entry)
		}
	}
	const scored = [...byUnit.values()]
		.map(({ sum, ...rest }) => ({ ...rest, score: round1(sum / rest.perQuota.length) }))
		.sort((a, b) => b.score - a.score || b.items - a.items || a.unitName.localeCompare(b.unitName, 'zh-CN'))
	return scored.map((unit) => ({ ...unit, rank: scored.findIndex((other) => other.score === unit.score) + 1 }))
}

function round1(value: number) {
	return Math.round(value * 10) / 10
}
