import { type TargetSource } from '~/domain/policy/target'
import { type VerificationState } from '~/domain/project/verification'
import { type RegionPart } from '~/domain/region/reach'
import { type YearValue } from './pace'

/**
 * What the dashboard, the quota page and the 月调度/季通报/年考核 reports show
 * for one quota in one year. Built by app/models/quota-progress.server.ts: the
 * counting rules are stated by the pure functions in this folder; projects and
 * manual figures are counted by them, companies and sums by SQL that follows
 * them (app/models/quota-count-sql.server.ts). Every figure can list the items
 * it is made of; a loader asks for as many as it shows.
 */

export type QuotaStatus = 'achieved' | 'on_track' | 'behind' | 'not_due'

/**
 * Reader-facing text kept as a code and its values, so each reader gets it in
 * their language: `quota.messages.<key>` (see quota-message.ts). Values named
 * `…CNY` are amounts in CNY, formatted for the reader's locale.
 */
export type QuotaMessage = { key: string; values: Record<string, string | number> }

/** A rule that could not be applied as stored, e.g. { key: 'unknown_kind', values: { kind } }. */
export type QuotaProblem = QuotaMessage

/** One thing that counts toward a quota. */
export type QuotaItem = {
	type: 'project' | 'company' | 'figure' | 'manual'
	/** Project, company, company-link figure or manual entry id. */
	id: string
	/** Project title, company name, or the manual entry's evidence headline. */
	label: string
	companyId: string | null
	companyName: string | null
	/** YYYY-MM-DD the item counts on (stage date, entry date); null for stock figures. */
	date: string | null
	/** Contribution to `actual`, in the quota's normalized unit (1 per counted project or company). */
	amount: number
	/** Responsible unit credited with the item (the project's 责任单位). */
	unitId: string | null
	unitName: string | null
	unitNameEn: string | null
	isSample: boolean
	/**
	 * Why it counts or how much: data shown as stored (tag years, link names,
	 * a date, the manual entry's evidence) or a message with amounts
	 * (`increment_only`, `below_min`).
	 */
	detail: string | QuotaMessage | null
}

/** A project that qualifies but does not count yet: no evidence, evidence awaiting a manager, or facts changed since verification. */
export type AwaitingItem = QuotaItem & { verification: VerificationState }

/** A project in the pipeline that may still count this year, weighted by its stage. */
export type PipelineItem = QuotaItem & { stage: string; weight: number }

export type ExcludedItem = QuotaItem & { reason: string }

export const QUOTA_LISTS = ['items', 'awaiting', 'excluded', 'pipeline'] as const
export type QuotaListName = (typeof QUOTA_LISTS)[number]

export type UnitProgress = {
	unitId: string
	unitName: string
	unitNameEn: string
	/** Listed order in the 责任单位 clause; 0 is the lead unit. */
	position: number
	/** The unit's own share when a manager set one; otherwise null and the quota target applies. */
	target: number | null
	/** Sum of the amounts of items credited to this unit. */
	actual: number
	/** How many counted items are credited to this unit. */
	items: number
}

export type QuotaProgress = {
	quotaId: string
	section: string | null
	metric: string
	excerpt: string
	kind: string
	op: string
	/** The value as written; for a staged target, the stage due in `year` (ADR 0042). */
	value: number
	valueMax: number | null
	/** Unit as written (个, 亿元, 吨…) and the normalized unit the figures below use (个, CNY, t…). */
	unit: string
	normalizedUnit: string
	period: string
	startYear: number | null
	endYear: number | null
	year: number
	/** Date the figures are taken at (YYYY-MM-DD): today for the current year, 12-31 for past years, a month end for 月调度. */
	asOf: string
	/** What must be reached in `year`, normalized. */
	target: number
	targetMax: number | null
	actual: number
	/** Where a linear path to the target would be on `asOf`. */
	pace: number
	status: QuotaStatus
	/** Sum of the awaiting items' amounts: what `actual` becomes once a manager verifies them (核验). */
	awaitingActual: number
	/** actual + awaiting + Σ pipeline amount × weight. */
	forecast: number
	/**
	 * What counts: for projects, only verified stages. This and the three lists
	 * below hold the first rows only when the loader was given `limits` (the
	 * dashboard's preview, a page of the quota page); `counts` has their sizes.
	 */
	items: QuotaItem[]
	awaiting: AwaitingItem[]
	/** Candidates that did not count, each with the reason (below the investment line, wrong type, terminated…). */
	excluded: ExcludedItem[]
	pipeline: PipelineItem[]
	/** How many items each list has in all. */
	counts: Record<QuotaListName, number>
	/** Whether any counted item is sample data (示例数据). */
	hasSample: boolean
	/** Cumulative actual after each dated item, for the line chart (stock figures give one point at asOf). */
	cumulative: { date: string; actual: number }[]
	units: UnitProgress[]
	/** Whose target it is (ADR 0029); it counts that region and everything under it. */
	region: { id: string; name: string; nameEn: string } | null
	/** The counted figure split over the regions directly under the quota's region (empty when it has none). */
	regions: RegionPart[]
	/** Rules that could not be applied as stored, shown beside the quota. */
	problems: QuotaProblem[]
	/** A staged target's value per year (ADR 0042); `target` is this year's. Empty: one value. */
	yearValues: YearValue[]
	/** Every place the document states the target, when more than one (ADR 0042). */
	sources: TargetSource[]
	/** Per-member target (每个园区…): the member word; null for a total. */
	members: string | null
	/**
	 * Each member against `target` (the regions directly under the quota's region),
	 * for a per-member target; empty otherwise. The quota is met when every member meets it.
	 */
	memberProgress: MemberProgress[]
	/** How many members meet the target. */
	membersMet: number
}

export type MemberProgress = { regionId: string; name: string; nameEn: string; actual: number; items: number; met: boolean }
