// 情景推演 (what-if on the chain, issue #14 §1, ADR 0035): apply a scenario's changes to the
// chain's loaded per-link inputs, rerun the gap analysis (analyzeChain, unchanged) on them, and
// propagate lost input downstream along the chain's factors. Pure: callers load the rows.
import {
	analyzeChain,
	type AnalysisEdge,
	type AnalysisFirm,
	type AnalysisLink,
	type ChainAnalysis,
	DEFAULT_GAP_SETTINGS,
	type Flag,
	type GapSettings,
	type Health,
	type LinkAnalysis,
	type LinkFirmSummary,
	summarizeFirms,
} from '~/domain/chain/gap-analysis'
import { findFeedbackEdges } from '~/domain/chain/graph'
import { linkSeverity, type SeverityLevel } from '~/domain/chain/severity'
import { unitFactor } from '~/domain/quota/count-sum'
import { opMet } from '~/domain/quota/pace'
import { type PlannedRecordKind, type ScenarioChange } from './scenario-schema'

/** The id standing for new capacity a scenario adds at a link without local output (no company behind it). */
export const NEW_CAPACITY_ID = 'scenario:new-capacity'

/** The producer id standing for a lead's or project's planned capacity in a scenario (ADR 0040). */
export function plannedProducerId(record: PlannedRecordKind, id: string) {
	return `planned:${record}:${id}`
}

/** The lead or project behind a planned producer id, or null for any other id. */
export function plannedProducerOf(producerId: string): { record: PlannedRecordKind; id: string } | null {
	const match = /^planned:(lead|project):(.+)$/.exec(producerId)
	return match ? { record: match[1] as PlannedRecordKind, id: match[2]! } : null
}

/**
 * A lead or project with its planned capacity (ADR 0040): the link, the planned annual output in
 * the link's unit and the year it is expected from (null when not given); closed = a lead dropped
 * or converted, or a project terminated — it lands nowhere. (A converted lead lives on as its project.)
 */
export type PlannedRecord = {
	record: PlannedRecordKind
	id: string
	linkId: string | null
	output: number | null
	fromYear: number | null
	closed: boolean
}

/** An edge with its sourced range: a factor may move within it. */
export type ScenarioEdge = AnalysisEdge & { factorLow: number | null; factorHigh: number | null }

export type ScenarioInput = {
	links: readonly AnalysisLink[]
	edges: readonly ScenarioEdge[]
	/** Per link, its firms in force (as the gap analysis reads them). */
	summaries: readonly LinkFirmSummary[]
	/** The firms in force at every link a company change touches (local and external), as loadChainFirms reads them. */
	firms: readonly AnalysisFirm[]
	year: number
	settings?: GapSettings
	/** The leads and projects the scenario's planned changes name (and, for the ranking, every open one on the chain). */
	planned?: readonly PlannedRecord[]
}

/** Why a stored change does not apply any more (the chain or the register changed since it was saved). */
export type ChangeProblem =
	| 'unknown_link'
	| 'unknown_edge'
	| 'company_not_at_link'
	| 'factor_out_of_range'
	| 'factor_no_range'
	| 'nothing_to_reduce'
	| 'supporting_link'
	// A planned change (ADR 0040): the record is gone or out of sight, has no planned capacity, is closed, or lands after the analysis year.
	| 'record_not_found'
	| 'no_planned_capacity'
	| 'record_closed'
	| 'not_yet_landed'

export type AppliedChange = { index: number; change: ScenarioChange; problem: ChangeProblem | null }

/** The range a factor may move within: its sourced low/high, the current value standing in for a missing end. Null without any range. */
export function factorRange(edge: Pick<ScenarioEdge, 'factor' | 'factorLow' | 'factorHigh'>): { low: number; high: number } | null {
	if (edge.factorLow === null && edge.factorHigh === null) return null
	const low = edge.factorLow ?? edge.factor
	const high = edge.factorHigh ?? edge.factor
	if (low === null || high === null) return null
	return { low: Math.min(low, high), high: Math.max(low, high) }
}

export type LinkSide = {
	supply: number | null
	demand: number
	demandComplete: boolean
	coverage: number | null
	health: Health
	severity: SeverityLevel
	flags: Flag[]
}

export type ScenarioLink = {
	linkId: string
	before: LinkSide
	after: LinkSide
	/** After the changes: what local firms could make (capacity) and what they can make with the input they get. */
	capacity: number
	output: number
	/** output ÷ capacity (1 when nothing is lost). */
	inputRatio: number
	/** Upstream links short of input for this one. */
	inputLostFrom: string[]
	/** Upstream links whose factor to this one is unknown: their loss, if any, is not propagated here. */
	inputUnknownFrom: string[]
	/** The outside supply of this link's material is cut by this share for its downstream links. */
	externalCut: number
	turnedRed: boolean
	turnedGreen: boolean
	changed: boolean
}

/** A quota that sums chain figures (稀土金属及合金产量) with the scenario's effect on it. */
export type ScenarioQuotaInput = {
	id: string
	metric: string
	section: string | null
	op: string
	target: number
	normalizedUnit: string
	/** The quota's counted figure today. */
	actual: number
	figure: 'output' | 'capacity'
	chainSlugs: readonly string[]
	linkKeys: readonly string[]
}

export type ScenarioQuota = {
	id: string
	metric: string
	section: string | null
	op: string
	target: number
	normalizedUnit: string
	before: number
	after: number
	delta: number
	metBefore: boolean
	metAfter: boolean
	/** Met today and not after, or further from the target than today. */
	hit: boolean
	/** Links counted whose unit does not convert to the quota's (left out of the delta). */
	unconvertible: string[]
}

export type ScenarioResult = {
	year: number
	before: ChainAnalysis
	after: ChainAnalysis
	changes: AppliedChange[]
	links: ScenarioLink[]
	feedbackEdgeIds: string[]
	turnedRed: string[]
	turnedGreen: string[]
	lostInput: string[]
}

const EPSILON = 1e-9

/**
 * Runs a scenario: the analysis before (as the chain page shows it) and after the changes, and the
 * propagation of lost input downstream. Changes that no longer apply are reported, not applied.
 */
export function runScenario(input: ScenarioInput, changes: readonly ScenarioChange[]): ScenarioResult {
	const settings = input.settings ?? DEFAULT_GAP_SETTINGS
	const before = analyzeChain({ links: input.links, edges: input.edges, summaries: input.summaries, year: input.year, settings })
	const linkById = new Map(input.links.map((l) => [l.id, l]))
	const edgeById = new Map(input.edges.map((e) => [e.id, e]))
	const summaryOf = new Map(input.summaries.map((s) => [s.linkId, s]))
	const applied: AppliedChange[] = []

	// 1. Companies stop or cut output: the touched links are summarised again from their rows, changed.
	const firmsByLink = new Map<string, AnalysisFirm[]>()
	for (const firm of input.firms) firmsByLink.set(firm.linkId, [...(firmsByLink.get(firm.linkId) ?? []), firm])
	const cuts = new Map<string, number>() // `${companyId}\0${linkId}` → remaining share
	changes.forEach((change, index) => {
		if (change.kind !== 'company') return
		const links = change.linkId === null ? [...firmsByLink.keys()] : [change.linkId]
		const at = links.filter((linkId) => linkById.has(linkId) && (firmsByLink.get(linkId) ?? []).some((f) => f.isLocal && f.companyId === change.companyId))
		if (change.linkId !== null && !linkById.has(change.linkId)) return applied.push({ index, change, problem: 'unknown_link' })
		if (at.length === 0) return applied.push({ index, change, problem: 'company_not_at_link' })
		for (const linkId of at) {
			const key = `${change.companyId}\u0000${linkId}`
			cuts.set(key, (cuts.get(key) ?? 1) * (1 - change.cutPercent / 100))
		}
		applied.push({ index, change, problem: null })
	})
	const summaries = new Map(input.links.map((l) => [l.id, summaryOf.get(l.id)]))
	for (const linkId of new Set([...cuts.keys()].map((k) => k.split('\u0000')[1]!))) {
		const rows = (firmsByLink.get(linkId) ?? []).flatMap((firm): AnalysisFirm[] => {
			const remaining = cuts.get(`${firm.companyId}\u0000${linkId}`)
			if (remaining === undefined || !firm.isLocal) return [firm]
			// A firm that stops is no longer a local producer here; one that cuts keeps its place with less.
			if (remaining <= EPSILON) return []
			const scale = (v: number | null) => (v === null ? null : v * remaining)
			return [{ ...firm, output: scale(firm.output), capacity: scale(firm.capacity) }]
		})
		summaries.set(linkId, summarizeFirms(rows, settings).find((s) => s.linkId === linkId) ?? emptySummary(linkId))
	}

	// 2. A link's capacity changes: local firms' figures scale together (shares, HHI unchanged); at a link
	// without local output, added capacity is one new producer with no company behind it.
	changes.forEach((change, index) => {
		if (change.kind !== 'capacity') return
		const link = linkById.get(change.linkId)
		if (!link) return applied.push({ index, change, problem: 'unknown_link' })
		if (link.stage === 'supporting') return applied.push({ index, change, problem: 'supporting_link' })
		const s = summaries.get(link.id) ?? emptySummary(link.id)
		if (s.quantitySum > 0) {
			const k = Math.max(0, s.quantitySum + change.delta) / s.quantitySum
			summaries.set(link.id, {
				...s,
				quantitySum: s.quantitySum * k,
				quantitySquareSum: s.quantitySquareSum * k * k,
				topQuantity: s.topQuantity === null ? null : s.topQuantity * k,
			})
		} else if (change.delta > 0) {
			const top = s.topQuantity === null || change.delta > s.topQuantity
			summaries.set(link.id, {
				...s,
				localFirmCount: s.localFirmCount + 1,
				knownQuantityCount: s.knownQuantityCount + 1,
				quantitySum: s.quantitySum + change.delta,
				quantitySquareSum: s.quantitySquareSum + change.delta ** 2,
				topCompanyId: top ? NEW_CAPACITY_ID : s.topCompanyId,
				topQuantity: top ? change.delta : s.topQuantity,
			})
		} else return applied.push({ index, change, problem: 'nothing_to_reduce' })
		applied.push({ index, change, problem: null })
	})

	// 2b. A lead or project lands with its planned capacity (ADR 0040): one new producer at its link, tied
	// to the record, from the chosen year (else the year the record expects); none before that year.
	const plannedOf = new Map((input.planned ?? []).map((r) => [`${r.record}\u0000${r.id}`, r]))
	changes.forEach((change, index) => {
		if (change.kind !== 'planned') return
		const record = plannedOf.get(`${change.record}\u0000${change.recordId}`)
		const problem = plannedProblem(record, change.fromYear, input.year, linkById)
		if (problem || !record) return applied.push({ index, change, problem: problem ?? 'record_not_found' })
		const linkId = record.linkId!
		const output = record.output!
		const s = summaries.get(linkId) ?? emptySummary(linkId)
		const top = s.topQuantity === null || output > s.topQuantity
		summaries.set(linkId, {
			...s,
			localFirmCount: s.localFirmCount + 1,
			knownQuantityCount: s.knownQuantityCount + 1,
			quantitySum: s.quantitySum + output,
			quantitySquareSum: s.quantitySquareSum + output ** 2,
			topCompanyId: top ? plannedProducerId(record.record, record.id) : s.topCompanyId,
			topQuantity: top ? output : s.topQuantity,
		})
		applied.push({ index, change, problem: null })
	})

	// 3. A factor moves within its sourced range.
	const factors = new Map<string, number>()
	changes.forEach((change, index) => {
		if (change.kind !== 'factor') return
		const edge = edgeById.get(change.edgeId)
		if (!edge) return applied.push({ index, change, problem: 'unknown_edge' })
		const range = factorRange(edge)
		if (!range) return applied.push({ index, change, problem: 'factor_no_range' })
		if (change.value < range.low - EPSILON || change.value > range.high + EPSILON) return applied.push({ index, change, problem: 'factor_out_of_range' })
		factors.set(edge.id, change.value)
		applied.push({ index, change, problem: null })
	})
	const edges = input.edges.map((e) => (factors.has(e.id) ? { ...e, factor: factors.get(e.id)! } : e))

	// 4. Outside supply of a link's material is cut by a share.
	const externalCut = new Map<string, number>()
	changes.forEach((change, index) => {
		if (change.kind !== 'external') return
		if (!linkById.has(change.linkId)) return applied.push({ index, change, problem: 'unknown_link' })
		externalCut.set(change.linkId, Math.min(1, 1 - (1 - (externalCut.get(change.linkId) ?? 0)) * (1 - change.cutPercent / 100)))
		applied.push({ index, change, problem: null })
	})

	const after = analyzeChain({
		links: input.links,
		edges,
		summaries: [...summaries.values()].filter((s): s is LinkFirmSummary => s !== undefined),
		year: input.year,
		settings,
	})

	// 5. Propagation of lost input, downstream in topological order over the forward material edges.
	const propagation = propagate(input.links, edges, before, after, externalCut)
	const beforeById = new Map(before.links.map((l) => [l.linkId, l]))
	const links = after.links.map((la): ScenarioLink => {
		const b = beforeById.get(la.linkId)!
		const p = propagation.get(la.linkId)!
		const flags = [...la.flags]
		if (p.ratio < 1 - EPSILON && p.capacity > 0) {
			flags.push({
				code: 'input_lost',
				severity: p.ratio < settings.severeShortfallCoverage ? 'red' : 'amber',
				reason: { key: 'input_lost', ratio: p.ratio, lost: p.capacity - p.output, links: p.lostFrom, threshold: settings.severeShortfallCoverage },
			})
		}
		const afterLink: LinkAnalysis = { ...la, flags, health: healthOf(flags, la.health) }
		const beforeSide = side(b)
		const afterSide = side(afterLink)
		return {
			linkId: la.linkId,
			before: beforeSide,
			after: afterSide,
			capacity: p.capacity,
			output: p.output,
			inputRatio: p.ratio,
			inputLostFrom: p.lostFrom,
			inputUnknownFrom: p.unknownFrom,
			externalCut: externalCut.get(la.linkId) ?? 0,
			turnedRed: afterSide.severity === 'critical' && beforeSide.severity !== 'critical',
			turnedGreen: afterSide.severity === 'sound' && beforeSide.severity !== 'sound' && beforeSide.severity !== 'idle',
			changed:
				beforeSide.supply !== afterSide.supply ||
				beforeSide.demand !== afterSide.demand ||
				beforeSide.severity !== afterSide.severity ||
				flagKey(beforeSide.flags) !== flagKey(afterSide.flags) ||
				p.ratio < 1 - EPSILON,
		}
	})
	const afterAnalysis: ChainAnalysis = {
		...after,
		links: after.links.map((la) => {
			const l = links.find((x) => x.linkId === la.linkId)!
			return { ...la, flags: l.after.flags, health: l.after.health }
		}),
	}
	return {
		year: input.year,
		before,
		after: afterAnalysis,
		changes: applied.sort((a, b) => a.index - b.index),
		links,
		feedbackEdgeIds: after.feedbackEdgeIds,
		turnedRed: links.filter((l) => l.turnedRed).map((l) => l.linkId),
		turnedGreen: links.filter((l) => l.turnedGreen).map((l) => l.linkId),
		lostInput: links.filter((l) => l.inputRatio < 1 - EPSILON && l.capacity > 0).map((l) => l.linkId),
	}
}

/** Why a planned change does not apply in `year`: null when the record lands. */
export function plannedProblem(
	record: PlannedRecord | undefined,
	fromYear: number | null,
	year: number,
	links: ReadonlyMap<string, Pick<AnalysisLink, 'stage'>>,
): ChangeProblem | null {
	if (!record) return 'record_not_found'
	if (record.closed) return 'record_closed'
	if (record.linkId === null || record.output === null || record.output <= 0) return 'no_planned_capacity'
	const link = links.get(record.linkId)
	if (!link) return 'unknown_link'
	if (link.stage === 'supporting') return 'supporting_link'
	const from = fromYear ?? record.fromYear
	if (from !== null && year < from) return 'not_yet_landed'
	return null
}

type Propagated = { capacity: number; output: number; ratio: number; lostFrom: string[]; unknownFrom: string[] }

/**
 * What each link can make with the input it gets. A link's need from an upstream link is
 * factor × its capacity; the upstream link's local output is shared among its takers in
 * proportion to their need (as far as it goes), and outside supply keeps today's share of the
 * need (the part not covered locally before the scenario), less any cut of it. What was local
 * and is lost is not replaced from outside. A link's output is its capacity times the scarcest
 * input's availability, and its lower output is what its own takers get: the loss runs down the
 * chain. Feedback edges (recycling back upstream) and supporting trades carry no required input;
 * an unknown factor propagates nothing and names the upstream link.
 */
function propagate(
	links: readonly AnalysisLink[],
	edges: readonly AnalysisEdge[],
	before: ChainAnalysis,
	after: ChainAnalysis,
	externalCut: ReadonlyMap<string, number>,
): Map<string, Propagated> {
	const linkById = new Map(links.map((l) => [l.id, l]))
	const feedback = findFeedbackEdges(links, edges)
	const beforeById = new Map(before.links.map((l) => [l.linkId, l]))
	const afterById = new Map(after.links.map((l) => [l.linkId, l]))
	const material = edges.filter(
		(e) =>
			!feedback.has(e.id) &&
			linkById.has(e.fromLinkId) &&
			linkById.has(e.toLinkId) &&
			linkById.get(e.fromLinkId)!.stage !== 'supporting' &&
			linkById.get(e.toLinkId)!.stage !== 'supporting',
	)
	const incoming = new Map<string, AnalysisEdge[]>()
	const indegree = new Map(links.map((l) => [l.id, 0]))
	const outgoing = new Map<string, AnalysisEdge[]>()
	for (const e of material) {
		incoming.set(e.toLinkId, [...(incoming.get(e.toLinkId) ?? []), e])
		outgoing.set(e.fromLinkId, [...(outgoing.get(e.fromLinkId) ?? []), e])
		indegree.set(e.toLinkId, indegree.get(e.toLinkId)! + 1)
	}
	// Today's share of each link's local need that comes from outside.
	const importShare = (linkId: string) => {
		const b = beforeById.get(linkId)!
		const supply = b.supply ?? 0
		if (b.demand <= 0) return supply > 0 ? 0 : 1
		return Math.max(0, 1 - supply / b.demand)
	}
	const result = new Map<string, Propagated>()
	// Availability of a link's material to each of its takers (0–1).
	const availability = (linkId: string) => {
		const a = afterById.get(linkId)!
		const produced = result.get(linkId)?.output ?? 0
		const local = a.demand > 0 ? Math.min(1, produced / a.demand) : 1
		return Math.min(1, local + importShare(linkId) * (1 - (externalCut.get(linkId) ?? 0)))
	}
	const queue = [...links]
		.sort((a, b) => a.sortOrder - b.sortOrder)
		.filter((l) => indegree.get(l.id) === 0)
		.map((l) => l.id)
	const settle = (linkId: string) => {
		const capacity = afterById.get(linkId)!.supply ?? 0
		let ratio = 1
		const lostFrom: string[] = []
		const unknownFrom: string[] = []
		for (const e of incoming.get(linkId) ?? []) {
			if (e.factor === null) {
				unknownFrom.push(e.fromLinkId)
				continue
			}
			if (e.factor <= 0) continue
			const available = availability(e.fromLinkId)
			if (available < 1 - EPSILON) lostFrom.push(e.fromLinkId)
			ratio = Math.min(ratio, available)
		}
		result.set(linkId, {
			capacity,
			output: capacity * ratio,
			ratio: capacity > 0 ? ratio : 1,
			lostFrom: capacity > 0 ? lostFrom : [],
			unknownFrom: capacity > 0 ? unknownFrom : [],
		})
	}
	while (queue.length > 0) {
		const id = queue.shift()!
		settle(id)
		for (const e of outgoing.get(id) ?? []) {
			indegree.set(e.toLinkId, indegree.get(e.toLinkId)! - 1)
			if (indegree.get(e.toLinkId) === 0) queue.push(e.toLinkId)
		}
	}
	// Every link is settled: the forward edges form a DAG once feedback edges are out.
	for (const l of links) if (!result.has(l.id)) settle(l.id)
	return result
}

function side(la: LinkAnalysis): LinkSide {
	return {
		supply: la.supply,
		demand: la.demand,
		demandComplete: la.demandComplete,
		coverage: la.coverage,
		health: la.health,
		severity: linkSeverity(la),
		flags: la.flags,
	}
}

function healthOf(flags: readonly Flag[], fallback: Health): Health {
	if (flags.some((f) => f.severity === 'red')) return 'red'
	if (flags.some((f) => f.severity === 'amber')) return 'amber'
	return fallback
}

const flagKey = (flags: readonly Flag[]) => flags.map((f) => `${f.code}:${f.severity}`).join(',')

function emptySummary(linkId: string): LinkFirmSummary {
	return {
		linkId,
		localFirmCount: 0,
		knownQuantityCount: 0,
		quantitySum: 0,
		quantitySquareSum: 0,
		topCompanyId: null,
		topQuantity: null,
		leaderCount: 0,
		unknownRevenueCount: 0,
		externalFirmCount: 0,
	}
}

/**
 * The scenario's effect on quotas that sum chain figures: the quota's figure today plus, over the
 * links it counts, the change in output (what the links can make with their input) or capacity,
 * in the quota's unit. Quotas that count none of this chain's links are left out.
 */
export function quotaEffects(
	result: Pick<ScenarioResult, 'links' | 'before'>,
	chain: { slug: string; links: readonly { id: string; key: string; unit: string }[] },
	quotas: readonly ScenarioQuotaInput[],
): ScenarioQuota[] {
	const byId = new Map(result.links.map((l) => [l.linkId, l]))
	return quotas.flatMap((q) => {
		if (q.chainSlugs.length > 0 && !q.chainSlugs.includes(chain.slug)) return []
		const counted = chain.links.filter((l) => q.linkKeys.length === 0 || q.linkKeys.includes(l.key))
		if (counted.length === 0) return []
		let delta = 0
		const unconvertible: string[] = []
		for (const link of counted) {
			const l = byId.get(link.id)
			if (!l) continue
			const today = l.before.supply ?? 0
			const then = q.figure === 'capacity' ? l.capacity : l.output
			if (Math.abs(then - today) < EPSILON) continue
			const factor = unitFactor(link.unit, q.normalizedUnit)
			if (factor === null) {
				unconvertible.push(link.id)
				continue
			}
			delta += (then - today) * factor
		}
		const after = Math.max(0, q.actual + delta)
		const metBefore = opMet(q.op, q.actual, q.target)
		const metAfter = opMet(q.op, after, q.target)
		const worse = q.op === '<=' ? after > q.actual + EPSILON : after < q.actual - EPSILON
		return [
			{
				id: q.id,
				metric: q.metric,
				section: q.section,
				op: q.op,
				target: q.target,
				normalizedUnit: q.normalizedUnit,
				before: q.actual,
				after,
				delta: after - q.actual,
				metBefore,
				metAfter,
				hit: (metBefore && !metAfter) || (!metAfter && worse),
				unconvertible,
			},
		]
	})
}
