import { z } from 'zod'
import { userText } from '~/domain/text/text-field'
import { type ActionResult } from '~/utils/forms'

/**
 * Saved views: a user's named filters + sort of a list page. Any list keeps its
 * state in the URL query; a view stores that query without paging.
 */

export const SAVED_VIEW_PAGES = ['companies', 'leads', 'projects'] as const
export type SavedViewPage = (typeof SAVED_VIEW_PAGES)[number]

export const SAVED_VIEW_NAME_MAX = 40
const QUERY_MAX = 2000

/** A list's query string as a view stores it: no leading "?", no `page`. */
export function viewQuery(raw: string) {
	const params = new URLSearchParams(raw.replace(/^\?/, ''))
	params.delete('page')
	return params.toString()
}

const V = 'savedViews.errors'

const saveViewSchema = z.object({
	intent: z.literal('save'),
	page: z.enum(SAVED_VIEW_PAGES, 'validation.invalidChoice'),
	name: userText(`${V}.nameLength`).trim().min(1, `${V}.nameLength`).max(SAVED_VIEW_NAME_MAX, `${V}.nameLength`),
	query: userText().max(QUERY_MAX, `${V}.queryTooLong`).default('').transform(viewQuery),
})

const deleteViewSchema = z.object({
	intent: z.literal('delete'),
	id: userText().trim().min(1, 'validation.required'),
})

export const savedViewActionSchema = z.discriminatedUnion('intent', [saveViewSchema, deleteViewSchema], { error: 'errors.badRequest' })

/** What the saved-views action answers the list's fetchers. */
export type SavedViewResult = ActionResult<{ intent: 'save'; id: string; name: string } | { intent: 'delete' }>
