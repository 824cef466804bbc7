import { z } from 'zod'
import { userText, withoutControlCharacters } from '~/domain/text/text-field'

// The header's search over companies, leads, projects and quotas (#13 §7): the query as the
// server takes it, and where each group's "see all" leads.

/** Longest query taken, as the list pages' `q` (longer is refused with a message, never cut silently). */
export const SEARCH_MAX_LENGTH = 100

/** Results shown per kind; the count says how many there are in all. */
export const SEARCH_GROUP_LIMIT = 5

export const SEARCH_KINDS = ['companies', 'leads', 'projects', 'quotas'] as const
export type SearchKind = (typeof SEARCH_KINDS)[number]

/** Control characters match no name, and PostgreSQL refuses a NUL in text: stripped, as the companies list does. */
const searchQuerySchema = z
	.string()
	.catch('')
	.transform((v) => withoutControlCharacters(v).trim())
	.pipe(userText().max(SEARCH_MAX_LENGTH, 'search.errors.tooLong'))

export type SearchQuery = { ok: true; q: string } | { ok: false; q: string; error: string }

/** `q` of the URL, cleaned; too long is an error that keeps the text for the box. */
export function parseSearchQuery(params: URLSearchParams): SearchQuery {
	const raw = params.get('q') ?? ''
	const parsed = searchQuerySchema.safeParse(raw)
	if (parsed.success) return { ok: true, q: parsed.data }
	return { ok: false, q: withoutControlCharacters(raw), error: parsed.error.issues[0]?.message ?? 'search.errors.tooLong' }
}

/** The list page that shows every result of a kind, filtered by the same words; null where no list filters so. */
export function seeAllHref(kind: SearchKind, q: string) {
	const search = new URLSearchParams({ q }).toString()
	switch (kind) {
		case 'companies':
			return `/companies?${search}`
		case 'leads':
			return `/leads?${search}`
		case 'projects':
			return `/projects?${search}`
		case 'quotas':
			return null
	}
}

/** Whether a key press should move the focus to the search box: `/` typed outside any field. */
export function isSearchShortcut(
	event: { key: string; ctrlKey: boolean; metaKey: boolean; altKey: boolean },
	target: { tagName?: string; isContentEditable?: boolean } | null,
) {
	if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey) return false
	const tag = target?.tagName?.toUpperCase()
	return !(tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || target?.isContentEditable)
}
