import { z } from 'zod'
import { COMMITMENT_WARN_DAYS } from '~/domain/project/commitments'
import { OPEN_LEAD_STAGES, type OpenLeadStage } from './stages'

/**
 * Follow-up service levels (ADR 0037), in working days of China's calendar:
 * - firstContactDays: a new lead's first logged activity is due this many working days after it was
 *   created (practice: answer an investor's enquiry within one working day);
 * - per open stage, followUpDays: the next activity is due this many working days after the last one
 *   (a contacted firm is visited within a week, talks report progress fortnightly);
 * - per open stage, stallDays: this many working days without an activity and the lead is stalled.
 * Stored per region; a region without its own takes its nearest ancestor's, else these defaults.
 */
export type StageLevels = { followUpDays: number; stallDays: number }
export type ServiceLevels = {
	firstContactDays: number
	stages: Record<OpenLeadStage, StageLevels>
	/**
	 * 履约 (ADR 0039): a commitment deadline this many calendar days ahead or nearer is shown as coming
	 * up (the warnings, the list's 履约预警 filter, the 工作台). Calendar days: deadlines are dates of an agreement.
	 */
	commitmentWarnDays: number
}

export const DEFAULT_SERVICE_LEVELS: ServiceLevels = {
	firstContactDays: 1,
	commitmentWarnDays: COMMITMENT_WARN_DAYS,
	stages: {
		new: { followUpDays: 2, stallDays: 10 },
		contacted: { followUpDays: 5, stallDays: 15 },
		visited: { followUpDays: 10, stallDays: 22 },
		negotiating: { followUpDays: 10, stallDays: 22 },
	},
}

/** Largest level accepted: a quarter of a year of working days. */
export const MAX_LEVEL_DAYS = 65
/** Largest 履约 warning window: a year ahead. */
export const MAX_COMMITMENT_WARN_DAYS = 365

const days = z.coerce
	.number({ error: 'serviceLevels.validation.days' })
	.int({ error: 'serviceLevels.validation.days' })
	.min(0, { error: 'serviceLevels.validation.days' })
	.max(MAX_LEVEL_DAYS, { error: 'serviceLevels.validation.days' })

const stageLevelsSchema = z
	.object({ followUpDays: days, stallDays: days })
	.refine((s) => s.stallDays >= s.followUpDays, { error: 'serviceLevels.validation.stallBeforeFollowUp', path: ['stallDays'] })

/** The levels as stored and as the settings form posts them (client and server share it). */
export const serviceLevelsSchema = z.object({
	firstContactDays: days,
	stages: z.object(Object.fromEntries(OPEN_LEAD_STAGES.map((s) => [s, stageLevelsSchema])) as Record<OpenLeadStage, typeof stageLevelsSchema>),
	// Levels stored before the window was a setting have none: they keep the former constant.
	commitmentWarnDays: z.coerce
		.number({ error: 'serviceLevels.validation.warnDays' })
		.int({ error: 'serviceLevels.validation.warnDays' })
		.min(0, { error: 'serviceLevels.validation.warnDays' })
		.max(MAX_COMMITMENT_WARN_DAYS, { error: 'serviceLevels.validation.warnDays' })
		.default(COMMITMENT_WARN_DAYS),
})

/** The settings form: the levels, the region they are for and the version the form was opened at (ADR 0015). */
export const serviceLevelsFormSchema = z.object({
	regionId: z.string().trim().min(1).max(64),
	levels: serviceLevelsSchema,
	version: z.coerce.number().int().min(0).max(1_000_000_000),
})
export type ServiceLevelsForm = z.output<typeof serviceLevelsFormSchema>

/** Stored JSON read back; anything unreadable falls back to the defaults rather than failing a page. */
export function parseStoredLevels(json: string): ServiceLevels {
	try {
		const parsed = serviceLevelsSchema.safeParse(JSON.parse(json))
		return parsed.success ? parsed.data : DEFAULT_SERVICE_LEVELS
	} catch {
		return DEFAULT_SERVICE_LEVELS
	}
}

/** Where a region's levels come from: its own row, an ancestor's, or the defaults. */
export type LevelsOrigin = { kind: 'own' } | { kind: 'inherited'; regionId: string } | { kind: 'default' }

/**
 * The levels that apply to a region: its own, else the nearest ancestor's (`ancestors` nearest
 * first), else the defaults. A lead without a region takes the defaults.
 */
export function effectiveLevels(
	regionId: string | null,
	ancestors: readonly string[],
	stored: ReadonlyMap<string, ServiceLevels>,
): { levels: ServiceLevels; origin: LevelsOrigin } {
	if (regionId === null) return { levels: DEFAULT_SERVICE_LEVELS, origin: { kind: 'default' } }
	const own = stored.get(regionId)
	if (own) return { levels: own, origin: { kind: 'own' } }
	for (const ancestor of ancestors) {
		const found = stored.get(ancestor)
		if (found) return { levels: found, origin: { kind: 'inherited', regionId: ancestor } }
	}
	return { levels: DEFAULT_SERVICE_LEVELS, origin: { kind: 'default' } }
}

/** The form's flat field names (levels.stages.new.followUpDays …) for the settings page. */
export const LEVEL_FIELDS = ['firstContactDays', ...OPEN_LEAD_STAGES.flatMap((s) => [`stages.${s}.followUpDays`, `stages.${s}.stallDays`] as const)] as const

/** A posted form's flat names (levels.stages.new.followUpDays) as the nested object the schema reads. */
export function nestFormEntries(entries: Iterable<[string, unknown]>) {
	const out: Record<string, unknown> = {}
	for (const [name, value] of entries) {
		const path = name.split('.')
		if (path.some((p) => p === '' || p === '__proto__' || p === 'constructor' || p === 'prototype')) continue
		let at = out
		for (const key of path.slice(0, -1)) {
			const next = at[key]
			at = (at[key] = typeof next === 'object' && next !== null ? next : {}) as Record<string, unknown>
		}
		at[path[path.length - 1]!] = value
	}
	return out
}

/** First message per field, keyed by the form's flat name. */
export function levelFieldErrors(error: z.ZodError) {
	const errors: Record<string, string> = {}
	for (const issue of error.issues) errors[issue.path.join('.') || 'form'] ??= issue.message
	return errors
}

/** What the 跟进督办 team view counts, each the /leads filter of the same name. */
export const FOLLOW_UP_MEASURES = ['overdue', 'stalled', 'firstContact'] as const
export type FollowUpMeasure = (typeof FOLLOW_UP_MEASURES)[number]

/** The levels as the audit log records them: one plainly named field per level (newFollowUpDays, newStallDays…). */
export function levelsAuditSnapshot(levels: ServiceLevels): Record<string, number> {
	const out: Record<string, number> = { firstContactDays: levels.firstContactDays }
	for (const stage of OPEN_LEAD_STAGES) {
		out[`${stage}FollowUpDays`] = levels.stages[stage].followUpDays
		out[`${stage}StallDays`] = levels.stages[stage].stallDays
	}
	out.commitmentWarnDays = levels.commitmentWarnDays
	return out
}
