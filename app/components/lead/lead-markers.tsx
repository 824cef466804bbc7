import { useTranslation } from 'react-i18next'

/** Overdue (red) and stalled (amber) badges; the words carry the meaning without colour. */
export function LeadMarkers({ overdue, stalled }: { overdue: boolean; stalled: boolean }) {
	const { t } = useTranslation()
	return (
		<>
			{overdue ? (
				<span className="badge badge-overdue" title={t('leads.overdueHint')}>
					{t('leads.overdue')}
				</span>
			) : null}
			{stalled ? (
				<span className="badge badge-stalled" title={t('leads.stalledHint')}>
					{t('leads.stalled')}
				</span>
			) : null}
		</>
	)
}
