import { Form } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { formatDateTime } from '~/utils/format'

export type ThrottleRow = {
	key: string
	kind: 'user' | 'address'
	subject: string
	failures: number
	lastFailureAt: string | Date
	locked: boolean
	retryAt: string | Date | null
}

/** "Locked until 14:20 (10 failures in a row)", "…no new attempt before 14:05", or just the count. */
export function useThrottleSummary() {
	const { t } = useTranslation()
	return (row: Pick<ThrottleRow, 'failures' | 'locked' | 'retryAt'>) => {
		const time = formatDateTime(row.retryAt)
		if (row.locked) return t('users.locks.locked', { time, failures: row.failures })
		return row.retryAt ? t('users.locks.waiting', { time, failures: row.failures }) : t('users.locks.counting', { count: row.failures })
	}
}

/** Every username and address held back by the login throttle, each with a button that lifts it (`intent=unlock`). */
export function ThrottleTable({ rows }: { rows: readonly ThrottleRow[] }) {
	const { t } = useTranslation()
	const summary = useThrottleSummary()
	if (rows.length === 0) return <p className="muted">{t('users.locks.none')}</p>
	return (
		<div className="table-scroll">
			<table className="data-table">
				<thead>
					<tr>
						<th>{t('users.locks.subject')}</th>
						<th>{t('users.status')}</th>
						<th>{t('users.locks.lastFailure')}</th>
						<th>
							<span className="visually-hidden">{t('app.actions')}</span>
						</th>
					</tr>
				</thead>
				<tbody>
					{rows.map((row) => (
						<tr key={row.key} data-testid="throttle-row" className={row.locked ? 'is-locked' : undefined}>
							<td>
								<span className="muted">{t(`users.locks.kinds.${row.kind}`)}</span> <span className="mono">{row.subject}</span>
							</td>
							<td>{summary(row)}</td>
							<td className="nowrap">{formatDateTime(row.lastFailureAt)}</td>
							<td className="row-actions">
								<UnlockButton lockKey={row.key} subject={row.subject} />
							</td>
						</tr>
					))}
				</tbody>
			</table>
		</div>
	)
}

export function UnlockButton({ lockKey, subject }: { lockKey: string; subject: string }) {
	const { t } = useTranslation()
	return (
		<Form method="post" className="inline-form">
			<input type="hidden" name="intent" value="unlock" />
			<input type="hidden" name="key" value={lockKey} />
			<button type="submit" aria-label={t('users.locks.clearNamed', { subject })}>
				{t('users.locks.clear')}
			</button>
		</Form>
	)
}
