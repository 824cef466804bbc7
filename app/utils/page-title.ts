import { type TFunction } from 'i18next'

type Named = { name: string; nameEn: string }
type TitleContext = { t: TFunction; localized: (record: Named) => string }
type TitleOf<Data> = string | ((data: Data, context: TitleContext) => string)
type TitleHandle = { title: TitleOf<never>; plain: boolean }

/**
 * A route's `handle` naming the page for the browser tab, the history list and screen
 * readers (WCAG 2.4.2): an i18n key, or a function of the route's data for a record's
 * name. The root layout translates it in the user's language and adds the app name,
 * unless `plain` (a report's title is also the name of the file it prints to).
 */
export function pageTitle<Data = never>(title: TitleOf<Data>, { plain = false }: { plain?: boolean } = {}) {
	return { title, plain }
}

function isTitleHandle(handle: unknown): handle is TitleHandle {
	return typeof handle === 'object' && handle !== null && 'title' in handle
}

/**
 * The document title from the deepest route that names its page, in the given language;
 * the app's name alone when none does or the page's data is missing (an error page).
 */
export function documentTitle(matches: readonly { handle?: unknown; data?: unknown }[], t: TFunction, english: boolean): string {
	const context: TitleContext = { t, localized: (record) => (english ? record.nameEn : record.name) }
	const match = [...matches].reverse().find((m) => isTitleHandle(m.handle))
	if (!match || !isTitleHandle(match.handle)) return t('app.name')
	const { title, plain } = match.handle
	let page: string | null
	if (typeof title === 'string') page = t(title)
	else page = match.data === undefined || match.data === null ? null : (title as (data: unknown, context: TitleContext) => string)(match.data, context)
	if (!page) return t('app.name')
	return plain ? page : t('app.documentTitle', { page })
}
