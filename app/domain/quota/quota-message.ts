import { type Locale } from '~/i18n/i18n'
import { unitLabel } from '~/i18n/units'
import { formatCNY } from '~/utils/format'
import { type QuotaItem, type QuotaMessage } from './progress'

type Translate = (key: string, options?: Record<string, unknown>) => string

/**
 * A quota problem or item note in the reader's language; values named `…CNY` are amounts, formatted for the
 * locale, and values named `unit` or `…Unit` are units as data writes them, named in the reader's language.
 */
export function quotaMessageText(message: QuotaMessage, t: Translate, locale: Locale) {
	const values = Object.fromEntries(
		Object.entries(message.values).map(([name, value]) => [
			name,
			name.endsWith('CNY') && typeof value === 'number' ? formatCNY(value, locale) : (name === 'unit' || name.endsWith('Unit')) && typeof value === 'string' ? unitLabel(value, locale) : value,
		]),
	)
	return t(`quota.messages.${message.key}`, { ...values, defaultValue: message.key })
}

/** An item's note as shown: stored data as is, a message translated; null when there is none. */
export function itemDetailText(detail: QuotaItem['detail'], t: Translate, locale: Locale) {
	if (detail === null || typeof detail === 'string') return detail
	return quotaMessageText(detail, t, locale)
}
