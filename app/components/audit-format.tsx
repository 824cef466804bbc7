import { useTranslation } from 'react-i18next'
import { type AuditNames } from '~/domain/audit/audit-changes'
import { useLocale } from '~/i18n/use-localized'
import { auditFormat } from '~/utils/audit-format'

/** The audit log's wording of values in the reader's language (auditFormat). */
export function useAuditFormat(names: AuditNames) {
	const { t } = useTranslation()
	return auditFormat(t, useLocale(), names)
}
