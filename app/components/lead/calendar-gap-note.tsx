import { useTranslation } from 'react-i18next'

/** Shown when a follow-up threshold reaches into a year whose holiday notice is not in the calendar (ADR 0037). */
export function CalendarGapNote({ years }: { years: readonly number[] }) {
	const { t } = useTranslation()
	if (years.length === 0) return null
	return (
		<p className="muted calendar-gap-note" role="note" data-testid="calendar-gap-note">
			{t('serviceLevels.calendarGap', { years: years.join('、') })}
		</p>
	)
}
