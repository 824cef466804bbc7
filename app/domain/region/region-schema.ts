import { z } from 'zod'
import { userText } from '~/domain/text/text-field'

export const REGION_KINDS = ['province', 'city', 'county', 'park'] as const

/** Where each kind may sit: a 市 under a 省, a 县区 under a 市, a 园区 under a 县区 or 市 (or at the top of an installation). */
const PARENT_KINDS: Record<(typeof REGION_KINDS)[number], readonly string[]> = {
	province: [],
	city: ['province'],
	county: ['city'],
	park: ['county', 'city'],
}

/** A region added by the CLI (`regions:add`); codes are the seed's (jx-gz-gx). */
export const newRegionSchema = z.object({
	code: userText('--code is required')
		.trim()
		.regex(/^[a-z0-9][a-z0-9-]{0,63}$/, '--code: lowercase letters, digits and - (e.g. jx-gz-nk)'),
	name: userText('--name is required').trim().min(1, '--name is required').max(64),
	nameEn: userText('--name-en is required').trim().min(1, '--name-en is required').max(128),
	kind: z.enum(REGION_KINDS, '--kind must be province, city, county or park'),
})
export type NewRegion = z.output<typeof newRegionSchema>

/** Why a region of `kind` may not sit under a parent of `parentKind` (null: it may; no parent is always allowed). */
export function parentKindProblem(kind: NewRegion['kind'], parentKind: string | null) {
	if (parentKind === null || PARENT_KINDS[kind].includes(parentKind)) return null
	return `a ${kind} cannot sit under a ${parentKind}`
}
