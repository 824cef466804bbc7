import { z } from 'zod'
import { userText } from '~/domain/text/text-field'

/** "Create leads for the selected companies" on the target list and the map's side panel. */
export const targetLeadsSchema = z.object({
	companyIds: z.array(userText().min(1)).min(1, 'gaps.targets.noneSelected'),
	ownerId: userText().min(1),
	unitId: userText()
		.optional()
		.transform((v) => v || null),
	linkId: userText().optional(),
})

export type TargetLeadsData = z.output<typeof targetLeadsSchema>
/** What the action answers the form's fetcher: a refusal's message key, or how many leads were opened and skipped. */
export type TargetLeadsResult = { error: string } | { created: number; skipped: number }

export function parseTargetLeadsForm(form: FormData) {
	return targetLeadsSchema.safeParse({
		companyIds: form.getAll('companyId').map(String),
		ownerId: form.get('ownerId') ?? '',
		unitId: form.get('unitId') ?? undefined,
		linkId: form.get('linkId') ?? undefined,
	})
}
