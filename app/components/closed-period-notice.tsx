import { type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { CORRECTION_REASON_MAX, type IssuedReportRef } from '~/domain/report/closed-periods'
import { issuedReportLabel } from '~/domain/report/layout'
import { type Locale } from '~/i18n/i18n'

/** What a form says about issued reports its change would alter (ADR 0011); askReason: a manager, who may correct them with a reason. */
export type ClosedPeriodState = { reports: IssuedReportRef[]; askReason: boolean }

/** Issued reports named in one line, for the notices and refusals. */
export function closedReportList(reports: readonly IssuedReportRef[], t: (key: string, options?: Record<string, unknown>) => string, locale: Locale) {
	return reports.map((r) => issuedReportLabel(r, t, locale)).join(locale === 'en' ? '; ' : '、')
}

/**
 * The warning above a form whose save would change issued reports, with the field for the
 * correction reason (更正原因): `reasonField` where the form registers its own field, else a
 * plain textarea named closedReason.
 */
export function ClosedPeriodNotice({ message, reasonField, testId }: { message: string; reasonField?: ReactNode; testId?: string }) {
	const { t } = useTranslation()
	return (
		<div className="callout-warn closed-period-notice" role="note" data-testid={testId}>
			<p>{message}</p>
			{reasonField ?? (
				<label>
					<span>{t('closedPeriods.reasonLabel')}</span>
					<textarea name="closedReason" rows={2} maxLength={CORRECTION_REASON_MAX} className="input-wide" />
				</label>
			)}
		</div>
	)
}
