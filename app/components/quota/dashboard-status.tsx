import { Link } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { QUOTA_STATUSES } from '~/domain/quota/dashboard'
import { type QuotaStatus } from '~/domain/quota/progress'

/** A mark beside the word, so the status reads without colour (print, colour blindness). */
const STATUS_MARK: Record<QuotaStatus, string> = { achieved: '✓', on_track: '→', behind: '!', not_due: '–' }

export function QuotaStatusBadge({ status }: { status: QuotaStatus }) {
	const { t } = useTranslation()
	return (
		<span className={`badge quota-status status-${status}`} data-status={status}>
			<span aria-hidden="true">{STATUS_MARK[status]}</span> {t(`quotas.statuses.${status}`)}
		</span>
	)
}

/** How many quotas are in each status; each count links to the list filtered by it (again: unfiltered). */
export function StatusSummary({
	counts,
	total,
	current,
	hrefFor,
}: {
	counts: Record<QuotaStatus, number>
	total: number
	current: QuotaStatus | null
	hrefFor: (status: QuotaStatus | null) => string
}) {
	const { t } = useTranslation()
	return (
		<nav className="quota-summary" aria-label={t('quotas.summaryLabel')}>
			<span className="quota-summary-total">{t('quotas.total', { count: total })}</span>
			<ul>
				{QUOTA_STATUSES.map((status) => (
					<li key={status}>
						<Link
							to={hrefFor(current === status ? null : status)}
							className={`quota-summary-item status-${status}`}
							aria-current={current === status ? 'true' : undefined}
							data-testid={`status-count-${status}`}
						>
							<strong>{counts[status]}</strong>
							<span>
								<span aria-hidden="true">{STATUS_MARK[status]}</span> {t(`quotas.statuses.${status}`)}
							</span>
						</Link>
					</li>
				))}
			</ul>
		</nav>
	)
}
