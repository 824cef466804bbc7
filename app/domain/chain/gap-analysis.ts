// Local supply vs the demand local downstream links create, per chain link and
// year, and the weak-link flags (断链, 短板, 缺龙头, 单点依赖, 外流/延链机会) with
// the reason for each. Pure: callers load the rows. See docs/decisions/0005-gap-analysis.md.
import { findFeedbackEdges } from './graph'
import { type LinkStage } from './link-stages'

export type AnalysisLink = { id: string; stage: LinkStage; sortOrder: number }
/** `factor`: upstream quantity per one unit of downstream output; null = unknown. */
export type AnalysisEdge = { id: string; fromLinkId: string; toLinkId: string; factor: number | null }
/** One company's figures at one link (capacity and/or output, in the link's unit). */
export type AnalysisFirm = {
	companyId: string
	linkId: string
	isLocal: boolean
	year: number | null
	capacity: number | null
	output: number | null
	revenueCNY: number | null
	tags: readonly string[]
}

/**
 * What the analysis needs from one link's firms in force: counts, sums and the
 * largest figure, never the rows. The app reads it per link from SQL
 * (chain-analysis.server.ts); `summarizeFirms` is the same thing computed from
 * rows, and the SQL is tested against it.
 */
export type LinkFirmSummary = {
	linkId: string
	localFirmCount: number
	/** Local firms whose quantity (output, capacity where no output is given) is known. */
	knownQuantityCount: number
	/** Σ of those quantities, and Σ of their squares (0 when none is known). */
	quantitySum: number
	quantitySquareSum: number
	/** The local firm with the largest quantity (unknown last, ties: the smallest companyId); null with no local firm. */
	topCompanyId: string | null
	topQuantity: number | null
	/** Local firms that are leaders (see isLeader). */
	leaderCount: number
	/** Local firms whose revenue is unknown. */
	unknownRevenueCount: number
	externalFirmCount: number
}

export type GapSettings = {
	/** Supply ÷ demand below this is 短板 (amber). */
	shortfallCoverage: number
	/** …and below this it is red. */
	severeShortfallCoverage: number
	/** One firm holding at least this share of local supply is 单点依赖. */
	singleFirmShare: number
	/** HHI over local firms (shares in %) above this is 单点依赖 too. */
	hhiHigh: number
	/** A local firm with at least this revenue is a leader (龙头). */
	leaderRevenueCNY: number
	/** Tags that make a firm a leader whatever its revenue (链主). */
	leaderTags: readonly string[]
	/** Supply above this multiple of local demand means material leaves unprocessed (外流/延链机会). */
	outflowCoverage: number
}

export const DEFAULT_GAP_SETTINGS: GapSettings = {
	shortfallCoverage: 1,
	severeShortfallCoverage: 0.5,
	singleFirmShare: 0.65,
	hhiHigh: 2500,
	leaderRevenueCNY: 1_000_000_000,
	leaderTags: ['lianzhu'],
	outflowCoverage: 2,
}

/** Where each default comes from (shown next to the setting in the UI). */
export const GAP_SETTING_SOURCES: Record<keyof GapSettings, string> = {
	shortfallCoverage: 'Design choice: coverage < 1 means local supply does not meet local demand (chain-domain.md §7 W1; no external standard)',
	severeShortfallCoverage: 'Design choice: chain-domain.md §7 W1 severity band (< 0.5 red)',
	singleFirmShare: 'EU Critical Raw Materials Act, Reg. (EU) 2024/1252: no single source above 65 % (chain-domain.md §5.2, W3)',
	hhiHigh: 'US Horizontal Merger Guidelines 2010 §5.3: HHI above 2,500 is highly concentrated (chain-domain.md §5.1, W2)',
	leaderRevenueCNY: '赣区府字〔2024〕39号 （三）7 “培育营收超10亿元企业”',
	leaderTags: '赣区府字〔2024〕39号 （三）6 培育打造链主企业',
	outflowCoverage: 'Design choice: supply above twice local demand (no external standard)',
}

// Severity: red where the chain cannot work locally (断链, coverage below half),
// amber for risks that a working chain still carries (单点依赖, 缺龙头, 外流).
// 断供 (input_lost) is never raised here: only a what-if scenario (app/domain/scenario)
// adds it, to a link whose local producers lose input upstream (ADR 0035).
export type FlagCode = 'broken' | 'shortfall' | 'no_leader' | 'single_point' | 'outflow' | 'input_lost'
export type Severity = 'red' | 'amber'
export type FlagReason =
	| { key: 'broken_downstream'; links: string[] }
	| { key: 'broken_upstream'; links: string[] }
	| { key: 'broken_supporting'; links: string[] }
	| { key: 'shortfall'; supply: number; demand: number; coverage: number; threshold: number; partial: boolean }
	| { key: 'no_leader'; threshold: number; unknownRevenue: number }
	| { key: 'single_firm'; companyId: string; share: number; threshold: number }
	| { key: 'concentrated'; hhi: number; threshold: number }
	| { key: 'outflow'; supply: number; demand: number; coverage: number; threshold: number }
	| { key: 'outflow_no_taker'; supply: number; links: string[] }
	/** Scenario only: the share of its output a link can still make with the input it gets, and the upstream links short of it. */
	| { key: 'input_lost'; ratio: number; lost: number; links: string[]; threshold: number }
export type Flag = { code: FlagCode; severity: Severity; reason: FlagReason }

/** red/amber: worst flag; green: present locally, no flag; idle: nothing local around it. */
export type Health = Severity | 'green' | 'idle'

export type DemandPart = { edgeId: string; toLinkId: string; factor: number | null; downstreamSupply: number; demand: number | null }

export type LinkAnalysis = {
	linkId: string
	/** Sum of local firms' output (capacity where no output is given); null when no local firm has a figure. */
	supply: number | null
	/** False when some local firm has neither capacity nor output. */
	supplyComplete: boolean
	/** What local downstream production needs from this link (known factors only). */
	demand: number
	/** False when a downstream link that produces locally has an unknown factor. */
	demandComplete: boolean
	demandParts: DemandPart[]
	/** Downstream links whose factor is unknown while they produce locally. */
	unknownFactorLinks: string[]
	balance: number | null
	/** supply ÷ demand, when there is demand. */
	coverage: number | null
	localFirmCount: number
	externalFirmCount: number
	hhi: number | null
	topShare: number | null
	leaderCount: number
	/** Recycled material this link returns upstream over feedback edges. */
	feedbackTo: string[]
	flags: Flag[]
	health: Health
}

export type ChainAnalysis = { year: number; links: LinkAnalysis[]; feedbackEdgeIds: string[] }

/**
 * Per company and link, the figures in force in `year`: the latest row dated
 * up to that year; an undated row applies when no dated one does. The app
 * applies this rule in SQL (figuresInForce in chain-analysis.server.ts); this is
 * its definition, which tests/integration/gap-sql-summaries.test.ts holds the SQL to.
 */
export function pickFiguresForYear<T extends { companyId: string; linkId: string; year: number | null }>(rows: readonly T[], year: number): T[] {
	const picked = new Map<string, T>()
	for (const row of rows) {
		if (row.year !== null && row.year > year) continue
		const key = `${row.companyId}\u0000${row.linkId}`
		const current = picked.get(key)
		if (!current || (current.year ?? -Infinity) < (row.year ?? -Infinity)) picked.set(key, row)
	}
	return [...picked.values()]
}

const quantityOf = (firm: Pick<AnalysisFirm, 'output' | 'capacity'>) => firm.output ?? firm.capacity

/** A leader (龙头): revenue at least the threshold, or a leader tag (链主) whatever the revenue. */
export function isLeader(firm: Pick<AnalysisFirm, 'revenueCNY' | 'tags'>, settings: GapSettings = DEFAULT_GAP_SETTINGS) {
	return (firm.revenueCNY !== null && firm.revenueCNY >= settings.leaderRevenueCNY) || firm.tags.some((t) => settings.leaderTags.includes(t))
}

/** Per link, the summary of the firms given (rows already picked for the year). */
export function summarizeFirms(firms: readonly AnalysisFirm[], settings: GapSettings = DEFAULT_GAP_SETTINGS): LinkFirmSummary[] {
	const byLink = new Map<string, LinkFirmSummary>()
	const ranked = [...firms].sort(byQuantityDesc)
	for (const firm of ranked) {
		let summary = byLink.get(firm.linkId)
		if (!summary) {
			summary = emptySummary(firm.linkId)
			byLink.set(firm.linkId, summary)
		}
		if (!firm.isLocal) {
			summary.externalFirmCount++
			continue
		}
		const quantity = quantityOf(firm)
		// Sorted by quantity: the first local firm seen is the top one.
		if (summary.localFirmCount === 0) {
			summary.topCompanyId = firm.companyId
			summary.topQuantity = quantity
		}
		summary.localFirmCount++
		if (quantity !== null) {
			summary.knownQuantityCount++
			summary.quantitySum += quantity
			summary.quantitySquareSum += quantity * quantity
		}
		if (isLeader(firm, settings)) summary.leaderCount++
		if (firm.revenueCNY === null) summary.unknownRevenueCount++
	}
	return [...byLink.values()]
}

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

/** Largest quantity first, unknown last, ties by companyId (the order SQL uses too). */
function byQuantityDesc(a: Pick<AnalysisFirm, 'companyId' | 'output' | 'capacity'>, b: Pick<AnalysisFirm, 'companyId' | 'output' | 'capacity'>) {
	const qa = quantityOf(a)
	const qb = quantityOf(b)
	if (qa !== qb) return qa === null ? 1 : qb === null ? -1 : qb - qa
	return a.companyId < b.companyId ? -1 : a.companyId > b.companyId ? 1 : 0
}

/**
 * The local firms of one link as the panel and the CLI list them: quantity,
 * share of the link's supply (as the analysis computed it) and leader mark,
 * largest first.
 */
export function localFirmShares(
	link: Pick<LinkAnalysis, 'linkId' | 'supply' | 'supplyComplete' | 'localFirmCount'>,
	firms: readonly AnalysisFirm[],
	settings: GapSettings = DEFAULT_GAP_SETTINGS,
) {
	return firms
		.filter((f) => f.isLocal && f.linkId === link.linkId)
		.sort(byQuantityDesc)
		.map((f) => {
			const quantity = quantityOf(f)
			return { companyId: f.companyId, quantity, share: shareOf(link, quantity), isLeader: isLeader(f, settings) }
		})
}

/** A firm's share of local supply: known only when every local quantity is; one local firm holds it all. */
function shareOf(link: Pick<LinkAnalysis, 'supply' | 'supplyComplete' | 'localFirmCount'>, quantity: number | null) {
	if (link.localFirmCount === 1) return 1
	return link.supply && link.supplyComplete && quantity !== null ? quantity / link.supply : null
}

export function analyzeChain(input: {
	links: readonly AnalysisLink[]
	edges: readonly AnalysisEdge[]
	/** Per link, its firms in force in the year (see summarizeFirms); a link without one has no firm. */
	summaries: readonly LinkFirmSummary[]
	year: number
	settings?: GapSettings
}): ChainAnalysis {
	const settings = input.settings ?? DEFAULT_GAP_SETTINGS
	const linkById = new Map(input.links.map((l) => [l.id, l]))
	const edges = input.edges.filter((e) => linkById.has(e.fromLinkId) && linkById.has(e.toLinkId))
	const feedback = findFeedbackEdges(input.links, edges)

	const summaryOf = new Map(input.summaries.map((s) => [s.linkId, s]))

	// Local supply first: every link's demand reads its downstream links' supply.
	const supplyOf = new Map<string, { supply: number | null; complete: boolean; summary: LinkFirmSummary }>()
	for (const link of input.links) {
		const summary = summaryOf.get(link.id) ?? emptySummary(link.id)
		supplyOf.set(link.id, {
			supply: summary.knownQuantityCount > 0 ? summary.quantitySum : null,
			complete: summary.knownQuantityCount === summary.localFirmCount,
			summary,
		})
	}
	const producesLocally = (linkId: string) => (supplyOf.get(linkId)?.supply ?? 0) > 0
	const hasLocalFirm = (linkId: string) => (supplyOf.get(linkId)?.summary.localFirmCount ?? 0) > 0

	const forwardOut = new Map<string, AnalysisEdge[]>()
	const forwardIn = new Map<string, AnalysisEdge[]>()
	const feedbackOut = new Map<string, string[]>()
	for (const edge of edges) {
		if (feedback.has(edge.id)) {
			feedbackOut.set(edge.fromLinkId, [...(feedbackOut.get(edge.fromLinkId) ?? []), edge.toLinkId])
			continue
		}
		forwardOut.set(edge.fromLinkId, [...(forwardOut.get(edge.fromLinkId) ?? []), edge])
		forwardIn.set(edge.toLinkId, [...(forwardIn.get(edge.toLinkId) ?? []), edge])
	}

	const links = [...input.links]
		.sort((a, b) => a.sortOrder - b.sortOrder)
		.map((link): LinkAnalysis => {
			const { supply, complete: supplyComplete, summary } = supplyOf.get(link.id)!
			const localFirmCount = summary.localFirmCount
			const supporting = link.stage === 'supporting'
			const out = forwardOut.get(link.id) ?? []
			const materialOut = supporting ? [] : out.filter((e) => linkById.get(e.toLinkId)!.stage !== 'supporting')

			const demandParts = materialOut.map((edge): DemandPart => {
				const downstreamSupply = supplyOf.get(edge.toLinkId)!.supply ?? 0
				return {
					edgeId: edge.id,
					toLinkId: edge.toLinkId,
					factor: edge.factor,
					downstreamSupply,
					demand: edge.factor === null ? null : edge.factor * downstreamSupply,
				}
			})
			const unknownFactorLinks = demandParts.filter((p) => p.demand === null && p.downstreamSupply > 0).map((p) => p.toLinkId)
			const demand = demandParts.reduce((sum, p) => sum + (p.demand ?? 0), 0)
			const demandComplete = unknownFactorLinks.length === 0
			const coverage = demand > 0 && supply !== null ? supply / demand : null

			// Shares of local supply (in %): HHI = Σ share² = 100² × Σ q² ÷ supply²; known only
			// when every local quantity is (one local firm holds 100 % whatever its figure).
			const { hhi, topShare } =
				localFirmCount === 1
					? { hhi: 100 ** 2, topShare: 1 }
					: localFirmCount > 1 && supply && supplyComplete
						? { hhi: (100 ** 2 * summary.quantitySquareSum) / supply ** 2, topShare: summary.topQuantity! / supply }
						: { hhi: null, topShare: null }
			const leaderCount = summary.leaderCount

			const flags: Flag[] = []
			if (localFirmCount === 0) {
				const broken = brokenReason(link, out, forwardIn.get(link.id) ?? [], { producesLocally, hasLocalFirm, linkById })
				if (broken) flags.push({ code: 'broken', severity: 'red', reason: broken })
			} else {
				if (coverage !== null && supplyComplete && coverage < settings.shortfallCoverage) {
					flags.push({
						code: 'shortfall',
						severity: coverage < settings.severeShortfallCoverage ? 'red' : 'amber',
						reason: { key: 'shortfall', supply: supply!, demand, coverage, threshold: settings.shortfallCoverage, partial: !demandComplete },
					})
				}
				if (leaderCount === 0) {
					const unknownRevenue = summary.unknownRevenueCount
					flags.push({ code: 'no_leader', severity: 'amber', reason: { key: 'no_leader', threshold: settings.leaderRevenueCNY, unknownRevenue } })
				}
				if (topShare !== null && topShare >= settings.singleFirmShare) {
					flags.push({
						code: 'single_point',
						severity: 'amber',
						reason: { key: 'single_firm', companyId: summary.topCompanyId!, share: topShare, threshold: settings.singleFirmShare },
					})
				} else if (hhi !== null && hhi > settings.hhiHigh) {
					flags.push({ code: 'single_point', severity: 'amber', reason: { key: 'concentrated', hhi, threshold: settings.hhiHigh } })
				}
				const outflow = outflowReason(supply, demand, demandComplete, materialOut, settings, producesLocally)
				if (outflow) flags.push({ code: 'outflow', severity: 'amber', reason: outflow })
			}

			const severities = flags.map((f) => f.severity)
			const present = localFirmCount > 0 || demand > 0 || flags.length > 0
			const health: Health = severities.includes('red') ? 'red' : severities.includes('amber') ? 'amber' : present ? 'green' : 'idle'

			return {
				linkId: link.id,
				supply,
				supplyComplete,
				demand,
				demandComplete,
				demandParts,
				unknownFactorLinks,
				balance: supply !== null && (demand > 0 || demandComplete) ? supply - demand : null,
				coverage,
				localFirmCount,
				externalFirmCount: summary.externalFirmCount,
				hhi,
				topShare,
				leaderCount,
				feedbackTo: feedbackOut.get(link.id) ?? [],
				flags,
				health,
			}
		})

	return { year: input.year, links, feedbackEdgeIds: [...feedback] }
}

/**
 * 断链: no local firm where the chain needs one — a local downstream link
 * needs this input, a supported link produces locally, or local upstream
 * output has no local taker here.
 */
function brokenReason(
	link: AnalysisLink,
	out: readonly AnalysisEdge[],
	incoming: readonly AnalysisEdge[],
	ctx: { producesLocally: (id: string) => boolean; hasLocalFirm: (id: string) => boolean; linkById: Map<string, AnalysisLink> },
): FlagReason | null {
	if (link.stage === 'supporting') {
		const supported = out.map((e) => e.toLinkId).filter(ctx.hasLocalFirm)
		return supported.length > 0 ? { key: 'broken_supporting', links: supported } : null
	}
	const needing = out.map((e) => e.toLinkId).filter((id) => ctx.linkById.get(id)!.stage !== 'supporting' && ctx.producesLocally(id))
	if (needing.length > 0) return { key: 'broken_downstream', links: needing }
	const feeding = incoming.map((e) => e.fromLinkId).filter((id) => ctx.linkById.get(id)!.stage !== 'supporting' && ctx.producesLocally(id))
	if (feeding.length > 0) return { key: 'broken_upstream', links: feeding }
	return null
}

/** 外流/延链机会: local output far above what local downstream links take. */
function outflowReason(
	supply: number | null,
	demand: number,
	demandComplete: boolean,
	materialOut: readonly AnalysisEdge[],
	settings: GapSettings,
	producesLocally: (id: string) => boolean,
): FlagReason | null {
	// Final products and links with no forward downstream are meant to leave the region.
	if (supply === null || supply <= 0 || materialOut.length === 0 || !demandComplete) return null
	if (demand === 0) {
		return { key: 'outflow_no_taker', supply, links: materialOut.map((e) => e.toLinkId).filter((id) => !producesLocally(id)) }
	}
	const coverage = supply / demand
	return coverage > settings.outflowCoverage ? { key: 'outflow', supply, demand, coverage, threshold: settings.outflowCoverage } : null
}
