// 链上转化: from the gap finder's prospects to a signed, started and producing project, per chain
// link (issue #14 §2, ADR 0032). A *pursuit* is what moves through the funnel: a lead together
// with the project converted from it, or a project entered without a lead (it enters at 洽谈).
// The funnel of a period is a cohort: the pursuits that entered during the period (a lead opened,
// a lead-less project's first stage day) and how far each got by the day the figures are taken.
// This module is the definition; the model only reads the pursuits' days from the database.

/** The pursuit stages in order; the prospects the gap finder proposes come before them and are no pursuit. */
export const FUNNEL_STAGES = ['opened', 'visited', 'negotiating', 'signed', 'started', 'producing'] as const
export type FunnelStage = (typeof FUNNEL_STAGES)[number]

/** Stages a lead passes before any project exists: a pursuit without a lead enters after them. */
export const LEAD_ONLY_STAGES = ['opened', 'visited'] as const satisfies readonly FunnelStage[]
/** Where a project entered without a lead joins the funnel. */
export const PROJECT_ENTRY_STAGE: FunnelStage = 'negotiating'

/** A calendar day, YYYY-MM-DD (China time for instants such as a lead's creation). */
export type Day = string

export type Pursuit = {
	/** The lead's id, or the project's for a project without a lead. */
	id: string
	leadId: string | null
	projectId: string | null
	/** The chain links it is at (see pursuitLinks). */
	linkIds: readonly string[]
	/** Who answers for it: the project's unit and owner once there is a project, else the lead's. */
	unitId: string | null
	ownerId: string | null
	/** The day each stage was reached as recorded (null: not recorded); later days than `asOf` are ignored. */
	days: Readonly<Record<FunnelStage, Day | null>>
	/** The day it was given up (lead 放弃 without a project, project 终止), null while it goes on. */
	closedDay: Day | null
}

/**
 * A pursuit's links: a project that names chain links is about those links; before there is one
 * (or while it names none), the lead is at the links its company sits at in the register.
 */
export function pursuitLinks(input: { projectNamesLinks: boolean; projectLinkIds: readonly string[]; companyLinkIds: readonly string[] }) {
	return [...new Set(input.projectNamesLinks ? input.projectLinkIds : input.companyLinkIds)]
}

/**
 * The day a pursuit entered the funnel, as recorded: a lead's opening day; for a project without a
 * lead its first stage day (洽谈, else 签约…, else the day it ended).
 */
export function entryDay(pursuit: Pick<Pursuit, 'leadId' | 'days' | 'closedDay'>): Day | null {
	if (pursuit.leadId !== null) return pursuit.days.opened
	const { negotiating, signed, started, producing } = pursuit.days
	return negotiating ?? signed ?? started ?? producing ?? pursuit.closedDay
}

/** The pursuits of a period's cohort: entered from `start` to `end` (both included), not after `asOf`. */
export function cohort<T extends Pick<Pursuit, 'leadId' | 'days' | 'closedDay'>>(pursuits: readonly T[], period: { start: Day; end: Day }, asOf: Day): T[] {
	const last = period.end < asOf ? period.end : asOf
	return pursuits.filter((p) => {
		const day = entryDay(p)
		return day !== null && day >= period.start && day <= last
	})
}

/**
 * Where a pursuit stands on `asOf`: the day each stage counts as reached and the furthest stage.
 * A stage is reached when it has a day up to `asOf`, or when a later stage has (it was passed
 * without being recorded: a signing without a logged visit); the stages before a lead-less project's
 * entry are not its stages at all. A stage recorded after a later one counts as reached when the
 * later one was (talks begun before the visit was logged), so days never run backwards.
 */
export function progress(pursuit: Pick<Pursuit, 'leadId' | 'days' | 'closedDay'>, asOf: Day) {
	const first = pursuit.leadId === null ? FUNNEL_STAGES.indexOf(PROJECT_ENTRY_STAGE) : 0
	const recordedDay = (stage: FunnelStage) => {
		const day = pursuit.days[stage]
		return day !== null && day <= asOf ? day : null
	}
	const days = new Map<FunnelStage, Day>()
	// A pursuit is in the funnel from its entry stage, even with no day for it (a project entered at 签约).
	let furthest = first
	// The earliest day of the stages after the one at hand.
	let later: Day | null = null
	for (let i = FUNNEL_STAGES.length - 1; i >= first; i--) {
		const stage = FUNNEL_STAGES[i]!
		const day = recordedDay(stage)
		if (day === null) continue
		if (i > furthest) furthest = i
		const effective: Day = later !== null && later < day ? later : day
		days.set(stage, effective)
		later = effective
	}
	const reached = (stage: FunnelStage) => {
		const i = FUNNEL_STAGES.indexOf(stage)
		return i >= first && i <= furthest
	}
	return {
		furthest: FUNNEL_STAGES[furthest]!,
		reached,
		/** The day the stage counts as reached (null: passed without a recorded day, or not reached). */
		dayOf: (stage: FunnelStage) => (reached(stage) ? (days.get(stage) ?? null) : null),
		/** Reached without a day of its own recorded up to asOf (skipped in the records). */
		skipped: (stage: FunnelStage) => reached(stage) && recordedDay(stage) === null,
		closed: pursuit.closedDay !== null && pursuit.closedDay <= asOf,
	}
}

export type StageFigures = {
	stage: FunnelStage
	/** Pursuits that reached the stage (or went past it). */
	reached: number
	/** Of them, pursuits that entered here (projects without a lead, at 洽谈). */
	entered: number
	/** Of them, pursuits with no day recorded for this stage (passed it unrecorded). */
	skipped: number
	/** `reached` as the lists show them (funnelRecords): leads in the lead list, projects in the project list. */
	reachedAs: RecordCounts
	/** Pursuits whose furthest stage this is and which were given up (放弃/终止). */
	lost: number
	lostAs: RecordCounts
	/** Pursuits whose furthest stage this is and which go on. */
	waiting: number
	/** Share of those that reached this stage which reached the next one; null at the last stage or with none here. */
	conversion: number | null
	/** Median days from this stage to the next, over the pursuits with both days; null without any. */
	medianDays: number | null
	/** How many pursuits the median is taken over. */
	timed: number
}

/** How many of a number's records are leads and how many projects. */
export type RecordCounts = { leads: number; projects: number }

export type FunnelFigures = {
	/** Pursuits in the cohort. */
	pursuits: number
	stages: StageFigures[]
	/** The furthest stage any pursuit reached, null with none. */
	furthest: FunnelStage | null
}

const DAY_MS = 24 * 60 * 60 * 1000

/** Whole days from `from` to `to` (YYYY-MM-DD). */
export function daysBetween(from: Day, to: Day) {
	return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS)
}

/** The median of the values (the mean of the middle two for an even count); null for none. */
export function median(values: readonly number[]): number | null {
	if (values.length === 0) return null
	const sorted = [...values].sort((a, b) => a - b)
	const mid = Math.floor(sorted.length / 2)
	return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

/** Stage by stage figures of a cohort's pursuits, as of `asOf`. */
export function funnelFigures(pursuits: readonly Pick<Pursuit, 'leadId' | 'projectId' | 'days' | 'closedDay'>[], asOf: Day): FunnelFigures {
	// One pass over the pursuits (a page takes the figures of every link, unit and owner of tens of thousands).
	const tally = FUNNEL_STAGES.map(() => ({
		reached: 0,
		moved: 0,
		entered: 0,
		skipped: 0,
		lost: 0,
		waiting: 0,
		reachedLeads: 0,
		lostLeads: 0,
		durations: [] as number[],
	}))
	let furthest = -1
	for (const p of pursuits) {
		const at = progress(p, asOf)
		const last = FUNNEL_STAGES.indexOf(at.furthest)
		if (last > furthest) furthest = last
		FUNNEL_STAGES.forEach((stage, i) => {
			if (!at.reached(stage)) return
			const t = tally[i]!
			const next = FUNNEL_STAGES[i + 1]
			const lead = recordKind(p, stage) === 'lead'
			t.reached++
			if (lead) t.reachedLeads++
			if (p.leadId === null && stage === PROJECT_ENTRY_STAGE) t.entered++
			if (at.skipped(stage)) t.skipped++
			if (next && at.reached(next)) {
				t.moved++
				const from = at.dayOf(stage)
				const to = at.dayOf(next)
				if (from !== null && to !== null) t.durations.push(daysBetween(from, to))
			}
			if (i === last) {
				if (at.closed) {
					t.lost++
					if (lead) t.lostLeads++
				} else t.waiting++
			}
		})
	}
	const stages = FUNNEL_STAGES.map((stage, i): StageFigures => {
		const t = tally[i]!
		return {
			stage,
			reached: t.reached,
			entered: t.entered,
			skipped: t.skipped,
			reachedAs: { leads: t.reachedLeads, projects: t.reached - t.reachedLeads },
			lost: t.lost,
			lostAs: { leads: t.lostLeads, projects: t.lost - t.lostLeads },
			waiting: t.waiting,
			conversion: i < FUNNEL_STAGES.length - 1 && t.reached > 0 ? t.moved / t.reached : null,
			medianDays: median(t.durations),
			timed: t.durations.length,
		}
	})
	return { pursuits: pursuits.length, stages, furthest: furthest < 0 ? null : FUNNEL_STAGES[furthest]! }
}

/**
 * Which list a pursuit's record for a stage is in: a pursuit with a project is its project (the 项目
 * list), one without is its lead (the 线索 list); at 立线索 and 拜访 every pursuit is its lead, since
 * those are lead stages.
 */
export function recordKind(pursuit: Pick<Pursuit, 'leadId' | 'projectId'>, stage: FunnelStage): 'lead' | 'project' {
	if (pursuit.leadId !== null && ((LEAD_ONLY_STAGES as readonly FunnelStage[]).includes(stage) || pursuit.projectId === null)) return 'lead'
	return 'project'
}

/** What the records of one funnel number are: those that reached the stage, or those given up at it. */
export type FunnelOutcome = 'reached' | 'lost'

/** Pursuits at one link (all when null) and, optionally, of one unit or owner: what a funnel number is taken over. */
export function pursuitsOf<T extends Pick<Pursuit, 'linkIds' | 'unitId' | 'ownerId'>>(
	pursuits: readonly T[],
	filter: { linkId?: string | null; unitId?: string | null; ownerId?: string | null },
): T[] {
	return pursuits.filter(
		(p) =>
			(!filter.linkId || p.linkIds.includes(filter.linkId)) &&
			(filter.unitId === undefined || p.unitId === filter.unitId) &&
			(filter.ownerId === undefined || p.ownerId === filter.ownerId),
	)
}

/** How far a link's gap is being worked on, for the map: worst (ignored) first. */
export const FUNNEL_LEVELS = ['ignored', 'untouched', 'courted', 'talks', 'landed'] as const
export type FunnelLevel = (typeof FUNNEL_LEVELS)[number]

/** The gap finder's flags that make a link weak (断链/短板/缺龙头/单点依赖); 外流 asks for work downstream, not here. */
export function isWeakLink(flags: readonly { code: string }[]) {
	return flags.some((f) => f.code !== 'outflow')
}

/**
 * - landed: a pursuit reached 签约 or beyond; talks: one reached 洽谈; courted: a pursuit entered in
 *   the period, or one of the link's prospects has a lead;
 * - ignored: a weak link, or one with prospects to court (延链), that nobody works on; untouched: any
 *   other link nobody works on.
 */
export function funnelLevel(input: { wanted: boolean; figures: Pick<FunnelFigures, 'pursuits' | 'stages'>; prospectsWithLead: number }): FunnelLevel {
	const reached = (stage: FunnelStage) => (input.figures.stages.find((s) => s.stage === stage)?.reached ?? 0) > 0
	if (reached('signed')) return 'landed'
	if (reached('negotiating')) return 'talks'
	if (input.figures.pursuits > 0 || input.prospectsWithLead > 0) return 'courted'
	return input.wanted ? 'ignored' : 'untouched'
}

/** The units (or owners) that answer for a set of pursuits, most pursuits first; null = none set. */
export function responsibles(pursuits: readonly Pick<Pursuit, 'unitId' | 'ownerId'>[], by: 'unitId' | 'ownerId') {
	const counts = new Map<string | null, number>()
	for (const p of pursuits) counts.set(p[by], (counts.get(p[by]) ?? 0) + 1)
	return [...counts.entries()].map(([id, count]) => ({ id, count })).sort((a, b) => b.count - a.count || (a.id ?? '\uffff').localeCompare(b.id ?? '\uffff'))
}
