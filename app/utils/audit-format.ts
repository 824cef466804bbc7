import { type AuditFormat, type AuditNames } from '~/domain/audit/audit-changes'
import { type Locale } from '~/i18n/i18n'
import { formatCNY, formatDate, formatDateTime, formatNumber } from './format'

/** How the audit log words values, on its page and in its export: money in the app's unit, China time. */
export function auditFormat(t: AuditFormat['t'], locale: Locale, names: AuditNames): AuditFormat {
	return {
		t,
		names,
		date: (iso) => formatDate(iso),
		dateTime: (iso) => formatDateTime(iso),
		money: (cny) => formatCNY(cny, locale),
		number: (value) => formatNumber(value, locale),
		locale,
	}
}
