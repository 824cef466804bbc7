import { z } from 'zod'
import { userText } from '~/domain/text/text-field'
import { type ActionResult } from '~/utils/forms'

/** "Create leads for the selected companies" on the prospect list (the targets page) and the map's side panel. */
export const prospectLeadsSchema = z.object({
	companyIds: z.array(userText().min(1)).min(1, 'gaps.targets.noneSelected'),
	ownerId: userText().min(1),
	unitId: userText()
		.optional()
		.transform((v) => v || null),
	linkId: userText().optional(),
})

export type ProspectLeadsData = z.output<typeof prospectLeadsSchema>
/** What the action answers the form's fetcher: how many leads were opened and skipped, or why none were. */
export type ProspectLeadsResult = ActionResult<{ created: number; skipped: number }>

export function parseProspectLeadsForm(form: FormData) {
	return prospectLeadsSchema.safeParse({
		companyIds: form.getAll('companyId').map(String),
		ownerId: form.get('ownerId') ?? '',
		unitId: form.get('unitId') ?? undefined,
		linkId: form.get('linkId') ?? undefined,
	})
}
