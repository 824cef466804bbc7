import { z } from 'zod'
import { userText } from '~/domain/text/text-field'
import { type ActionResult } from '~/utils/forms'
import { MOVE_TARGET_STAGES } from './stages'

// Bulk actions on the lead list (#13 §7): the ticked leads, each with the version the list
// showed, moved to one stage (放弃 is a move to 'dropped') or handed to one owner and unit.
// All or nothing: one lead that may not change refuses the whole action, naming it.

const V = 'leads.bulk.validation'

/** More than a page at once is not a bulk action but an import. */
export const BULK_LEAD_MAX = 200

const ticked = z
	.array(
		userText()
			.regex(/^[\w-]{1,40}:\d{1,9}$/, `${V}.badSelection`)
			.transform((value) => {
				const [id, version] = value.split(':')
				return { id: id!, version: Number(version) }
			}),
	)
	.min(1, `${V}.noneTicked`)
	.max(BULK_LEAD_MAX, `${V}.tooMany`)

export const bulkLeadSchema = z.discriminatedUnion('intent', [
	z.object({ intent: z.literal('move'), leads: ticked, toStage: z.enum(MOVE_TARGET_STAGES, `${V}.pickStage`) }),
	z.object({
		intent: z.literal('reassign'),
		leads: ticked,
		ownerId: userText(`${V}.pickOwner`).min(1, `${V}.pickOwner`).max(40),
		unitId: userText()
			.max(40)
			.optional()
			.transform((v) => v || null),
	}),
])
export type BulkLeadAction = z.output<typeof bulkLeadSchema>

/** The form as the list posts it: each ticked lead as `lead=<id>:<version>`. */
export function parseBulkLeadForm(form: FormData) {
	return bulkLeadSchema.safeParse({
		intent: form.get('intent'),
		leads: form.getAll('lead').map(String),
		toStage: form.get('toStage') ?? undefined,
		ownerId: form.get('ownerId') ?? undefined,
		unitId: form.get('unitId') ?? undefined,
	})
}

/** Why one ticked lead refuses the action, as an i18n key. */
export type BulkRefusal = { leadId: string; company: string; reason: string }

/** What the list's bulk form gets back: how many leads changed, or why nothing did (and each lead that refused). */
export type BulkLeadResult = ActionResult<{ changed: number; unchanged: number }, { refused: BulkRefusal[] }>
