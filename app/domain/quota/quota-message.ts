import { type Locale } from '~/i18n/i18n'
import { unitLabel } from '~/i18n/units'
import { formatCNY } from '~/utils/format'
import { type QuotaItem, type QuotaMessage } from './progress'

type Translate = (key: string, options?: Record<string, unknown>) => string

/**
 * A quota problem or item note in the reader's language; values named `…CNY` are amounts, formatted for the
 * locale; values named `unit` or `…Unit` are units as data writes them, named in the reader's language; a
 * name with its English beside it (`link` and `linkEn`) is the English one on English pages.
 */
export function quotaMessageText(message: QuotaMessage, t: Translate, locale: Locale) {
	const english = (name: string) => (locale === 'en' ? message.values[`${name}En`] : undefined)
	const values = Object.fromEntries(
		Object.entries(message.values).map(([name, value]) => {
			if (typeof english(name) === 'string') return [name, english(name)]
			if (name.endsWith('CNY') && typeof value === 'number') return [name, formatCNY(value, locale)]
			if ((name === 'unit' || name.endsWith('Unit')) && typeof value === 'string') return [name, unitLabel(value, locale)]
			return [name, value]
		}),
	)
	return t(`quota.messages.${message.key}`, { ...values, defaultValue: message.key })
}

/** An item's note as shown: stored data as is, a message translated; null when there is none. */
export function itemDetailText(detail: QuotaItem['detail'], t: Translate, locale: Locale) {
	if (detail === null || typeof detail === 'string') return detail
	return quotaMessageText(detail, t, locale)
}
