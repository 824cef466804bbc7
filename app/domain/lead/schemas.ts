import { z } from 'zod'
import { checkPlanned, plannedFormValues, plannedShape, plannedWhen } from '~/domain/capacity/planned'
import { versionField } from '~/domain/concurrency/conflict'
import { userText } from '~/domain/text/text-field'
import { formatDate } from '~/utils/format'
import { type ActionResult, dayField, optionalText as optionalTextField, type Refusal, refusal, refusalOf } from '~/utils/forms'
import { type UserError } from '~/utils/user-error'
import { MOVE_TARGET_STAGES } from './stages'
import { startOfDay } from './status'

/**
 * Schemas of the lead forms, shared by react-hook-form on the client and the
 * actions on the server. Inputs are form strings; outputs are the values to
 * store (blank → null, dates as UTC midnights). Messages are i18n keys.
 */

const V = 'leads.validation'

export const LEAD_PRIORITIES = ['high', 'medium', 'low'] as const
export const LEAD_SOURCES = ['expo', 'business', 'fund', 'agent', 'walk_in', 'chain_gap', 'other'] as const
export const ACTIVITY_KINDS = ['visit', 'meeting', 'call', 'inspection', 'signing'] as const
export type ActivityKind = (typeof ACTIVITY_KINDS)[number]

export const NOTES_MAX = 2000

const id = userText('validation.required').trim().min(1, 'validation.required')
/** A required choice whose blank says what to pick (an empty select is not an "invalid option"). */
const chosenId = (message: string) => userText(message).trim().min(1, message)

const optionalId = userText()
	.optional()
	.transform((v) => v?.trim() || null)

const optionalText = (max: number) => optionalTextField(max, { tooLong: `${V}.tooLong` })

/** A date input; blank gives `fallback()`. */
const day = <T>(fallback: () => T) => dayField(`${V}.date`, fallback)

const leadFields = z.object({
	companyId: chosenId(`${V}.pickCompany`),
	ownerId: chosenId(`${V}.pickOwner`),
	unitId: optionalId,
	/** A new lead's region, offered to a user over several regions (ADR 0026); blank: their own. */
	regionId: optionalId,
	priority: z.enum(LEAD_PRIORITIES, 'validation.invalidChoice'),
	source: z.enum(LEAD_SOURCES, `${V}.pickSource`),
	nextActionDate: day(() => null),
	notes: optionalText(NOTES_MAX),
	// Planned capacity (ADR 0040): link, planned annual output, expected year — all three or none.
	...plannedShape,
})
export const leadSchema = leadFields.superRefine(checkPlanned, plannedWhen)
export type LeadInput = z.input<typeof leadSchema>
export type LeadData = z.output<typeof leadSchema>

/** The edit form on the lead page: a lead keeps its company; the version it was opened at travels along (ADR 0015). */
export const leadEditSchema = leadFields.omit({ companyId: true, regionId: true }).extend({ version: versionField }).superRefine(checkPlanned, plannedWhen)
export type LeadEditInput = z.input<typeof leadEditSchema>
export type LeadEditData = z.output<typeof leadEditSchema>
/** The edit form's values: every field as text. */
export type LeadEditValues = Record<keyof LeadEditInput, string>

/** A stored lead as the values of its edit form. */
export function leadEditFormValues(lead: {
	ownerId: string
	unitId: string | null
	priority: string
	source: string
	nextActionDate: Date | string | null
	notes: string | null
	version: number
	plannedLinkId?: string | null
	plannedOutput?: number | null
	plannedFromYear?: number | null
}): LeadEditValues {
	return {
		...plannedFormValues({
			plannedLinkId: lead.plannedLinkId ?? null,
			plannedOutput: lead.plannedOutput ?? null,
			plannedFromYear: lead.plannedFromYear ?? null,
		}),
		ownerId: lead.ownerId,
		unitId: lead.unitId ?? '',
		priority: lead.priority,
		source: lead.source,
		nextActionDate: formatDate(lead.nextActionDate),
		notes: lead.notes ?? '',
		version: String(lead.version),
	}
}

/** The fields a stale save compares (ADR 0015), in the form's order. */
export const LEAD_CONFLICT_FIELDS = [
	'ownerId',
	'unitId',
	'priority',
	'source',
	'nextActionDate',
	'notes',
	'plannedLinkId',
	'plannedOutput',
	'plannedFromYear',
] as const satisfies readonly (keyof LeadEditInput)[]

/** A move on the board or the lead page; 'converted' is not a move target (see canMoveLead). */
export const stageMoveSchema = z.object({
	leadId: id,
	toStage: z.enum(MOVE_TARGET_STAGES, `${V}.moveNotAllowed`),
})
export type StageMove = z.output<typeof stageMoveSchema>
/** What the move action answers the card's fetcher (the lead it is about either way). */
export type LeadMoveResult = ActionResult<{ leadId: string; stage: string }, { leadId: string }>

/** A refused lead form: a problem of one field goes under it, with the form's "correct the fields" line; any other about the form. */
export function leadRefusal(error: UserError): Refusal {
	return error.field === null ? refusalOf(error) : refusal({ [error.field]: error.messageKey }, 'leads.errors.fixFields')
}

export const activitySchema = z.object({
	kind: z.enum(ACTIVITY_KINDS, `${V}.pickKind`),
	date: day(() => startOfDay(new Date())),
	people: optionalText(200),
	notes: optionalText(NOTES_MAX),
})
export type ActivityInput = z.input<typeof activitySchema>
export type ActivityData = z.output<typeof activitySchema>

/**
 * "Convert to project": a blank title becomes defaultProjectTitle(company); the
 * 洽谈 date is the day talks began (often before the day the lead is converted),
 * today when blank.
 */
export const convertSchema = z.object({ title: optionalText(200), negotiatingDate: day(() => startOfDay(new Date())) })
export type ConvertInput = z.input<typeof convertSchema>

export function defaultProjectTitle(companyName: string) {
	return `${companyName} 项目`
}
