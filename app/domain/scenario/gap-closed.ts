// 按补缺口排序 (issue #14 §1, ADR 0040): open leads and projects ranked by how much of a link's
// shortfall each would close if it landed with its planned capacity — "closing 3,200 t of the
// 7,440 t 钕铁硼合金 shortfall". The same engine as 情景推演: each record is one planned change run
// through runScenario, so what its new output can make with the input it gets (the engine's
// propagation) is what counts. Pure: callers load the chain's inputs and the records.
import { type LinkAnalysis } from '~/domain/chain/gap-analysis'
import { type PlannedRecord, plannedProblem, runScenario, type ScenarioInput } from './scenario'
import { type ScenarioChange } from './scenario-schema'

const EPSILON = 1e-9

/**
 * - closes: part of the link's shortfall it would close (capped at the shortfall);
 * - no_gap: its link has no shortfall today (supply meets demand), it closes nothing;
 * - demand_unknown: the link's demand is unknown (every factor into it unknown), no figure is given.
 */
export type GapClosedStatus = 'closes' | 'no_gap' | 'demand_unknown'

export type GapClosed = {
	record: PlannedRecord['record']
	id: string
	linkId: string
	/** The planned annual output, in the link's unit. */
	planned: number
	fromYear: number | null
	status: GapClosedStatus
	/** Today's shortfall at the link (demand − supply, > 0), null without one or when demand is unknown. */
	shortfall: number | null
	/** What it would close alone, 0 ≤ closes ≤ shortfall; null when demand is unknown. */
	closes: number | null
	/** closes ÷ shortfall. */
	share: number | null
	/** Part of the demand is uncounted (an unknown factor into the link): the shortfall, and so the figure, is a lower bound. */
	lowerBound: boolean
	/** Its output would be held back by input its upstream links cannot give (the engine's propagation): closes < planned while the shortfall is larger. */
	inputLimited: boolean
	/** Upstream links whose shortfall it would widen (its new need for their material), with the amount in their units. */
	widens: { linkId: string; amount: number }[]
	/** Place in the ranking (1 = closes most); records on links without a figure come last. */
	rank: number
}

/**
 * What all ranked records at one link would close together: their figures are each "alone", so
 * they do not add up; landing together they share one shortfall, capped once.
 */
export type LinkGapClosed = { linkId: string; shortfall: number | null; records: number; planned: number; together: number | null; lowerBound: boolean }

export type GapClosedRanking = { records: GapClosed[]; links: LinkGapClosed[] }

/**
 * Ranks the open records with planned capacity at this chain's material links. Closed records
 * (dropped, converted, terminated) and records without a full planned capacity are left out. The
 * records are ranked against the analysis year's chain whatever year they expect to land (the
 * question is which to pursue); `fromYear` is reported beside.
 */
export function rankByGapClosed(input: Omit<ScenarioInput, 'planned'>, records: readonly PlannedRecord[]): GapClosedRanking {
	const linkById = new Map(input.links.map((l) => [l.id, l]))
	const eligible = records.filter((r) => plannedProblem(r, input.year, input.year, linkById) === null)
	const base = runScenario({ ...input, planned: [] }, [])
	const beforeById = new Map(base.before.links.map((l) => [l.linkId, l]))
	const shortfallOf = (l: LinkAnalysis) => Math.max(0, l.demand - (l.supply ?? 0))
	const demandUnknown = (l: LinkAnalysis) => l.demand <= EPSILON && !l.demandComplete
	const land = (rs: readonly PlannedRecord[]) =>
		runScenario(
			{ ...input, planned: rs },
			rs.map((r): ScenarioChange => ({ kind: 'planned', record: r.record, recordId: r.id, fromYear: input.year })),
		)
	/** Output the link gains with these records landed (after propagation), capped at the shortfall. */
	const closedBy = (linkId: string, rs: readonly PlannedRecord[]) => {
		const before = beforeById.get(linkId)!
		const result = land(rs)
		const after = result.links.find((l) => l.linkId === linkId)!
		const gained = Math.max(0, after.output - (before.supply ?? 0))
		const widens = result.links.flatMap((l) => {
			if (l.linkId === linkId) return []
			const b = beforeById.get(l.linkId)!
			const a = result.after.links.find((x) => x.linkId === l.linkId)!
			const amount = shortfallOf(a) - shortfallOf(b)
			return amount > EPSILON ? [{ linkId: l.linkId, amount }] : []
		})
		return { gained, widens }
	}

	const ranked: Omit<GapClosed, 'rank'>[] = eligible.map((r) => {
		const link = beforeById.get(r.linkId!)!
		const planned = r.output!
		const common = { record: r.record, id: r.id, linkId: r.linkId!, planned, fromYear: r.fromYear, lowerBound: !link.demandComplete }
		if (demandUnknown(link)) return { ...common, status: 'demand_unknown', shortfall: null, closes: null, share: null, inputLimited: false, widens: [] }
		const shortfall = shortfallOf(link)
		const { gained, widens } = closedBy(link.linkId, [r])
		if (shortfall <= EPSILON) return { ...common, status: 'no_gap', shortfall: null, closes: 0, share: null, inputLimited: false, widens }
		const closes = Math.min(gained, shortfall)
		return { ...common, status: 'closes', shortfall, closes, share: closes / shortfall, inputLimited: gained < Math.min(planned, shortfall) - EPSILON, widens }
	})
	const order = (g: Omit<GapClosed, 'rank'>) => (g.status === 'closes' ? 0 : g.status === 'no_gap' ? 1 : 2)
	ranked.sort(
		(a, b) =>
			order(a) - order(b) ||
			(b.closes ?? 0) - (a.closes ?? 0) ||
			(b.share ?? 0) - (a.share ?? 0) ||
			a.record.localeCompare(b.record) ||
			a.id.localeCompare(b.id),
	)

	const links: LinkGapClosed[] = []
	for (const linkId of new Set(ranked.map((g) => g.linkId))) {
		const here = eligible.filter((r) => r.linkId === linkId)
		const link = beforeById.get(linkId)!
		const shortfall = demandUnknown(link) ? null : shortfallOf(link)
		const together = shortfall === null ? null : shortfall <= EPSILON ? 0 : Math.min(closedBy(linkId, here).gained, shortfall)
		links.push({
			linkId,
			shortfall: shortfall !== null && shortfall > EPSILON ? shortfall : null,
			records: here.length,
			planned: here.reduce((sum, r) => sum + r.output!, 0),
			together,
			lowerBound: !link.demandComplete,
		})
	}
	return { records: ranked.map((g, i) => ({ ...g, rank: i + 1 })), links }
}
