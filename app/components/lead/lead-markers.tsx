import { useTranslation } from 'react-i18next'

/** Overdue (red) and stalled (amber) badges; the words carry the meaning without colour. */
export function LeadMarkers({ overdue, stalled, stalledDays }: { overdue: boolean; stalled: boolean; stalledDays: number }) {
	const { t } = useTranslation()
	return (
		<>
			{overdue ? <span className="badge badge-overdue">{t('leads.overdue')}</span> : null}
			{stalled ? (
				<span className="badge badge-stalled" title={t('leads.stalledHint', { days: stalledDays })}>
					{t('leads.stalled')}
				</span>
			) : null}
		</>
	)
}
