import { Form } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { describeUserAgent } from '~/domain/auth/user-agent'
import { formatDateTime } from '~/utils/format'
import { Address } from './address'

export type SessionRow = {
	id: string
	createdAt: string | Date
	lastSeenAt: string | Date
	ipAddress: string | null
	userAgent: string | null
	current?: boolean
}

/**
 * A person's sign-in sessions with a sign-out button each: on /account for
 * oneself, on /admin/users/:id for an admin. Posts `intent=revoke` and the
 * session id to the page's own action.
 */
export function SessionTable({ sessions }: { sessions: readonly SessionRow[] }) {
	const { t } = useTranslation()
	if (sessions.length === 0) return <p className="muted">{t('sessions.none')}</p>
	return (
		<div className="table-scroll">
			<table className="data-table session-table">
				<thead>
					<tr>
						<th>{t('sessions.browser')}</th>
						<th>{t('sessions.address')}</th>
						<th>{t('sessions.createdAt')}</th>
						<th>{t('sessions.lastSeenAt')}</th>
						<th>
							<span className="visually-hidden">{t('app.actions')}</span>
						</th>
					</tr>
				</thead>
				<tbody>
					{sessions.map((s) => {
						const browser = describeUserAgent(s.userAgent) ?? t('sessions.unknownBrowser')
						return (
							<tr key={s.id} data-testid="session-row" className={s.current ? 'is-current' : undefined}>
								{/* data-label: the column name, shown beside each value where the rows stack on a phone. */}
								<td data-label={t('sessions.browser')}>
									<span title={s.userAgent ?? undefined}>{browser}</span>
									{s.current ? <span className="badge badge-current">{t('sessions.current')}</span> : null}
								</td>
								<td data-label={t('sessions.address')}>
									{/* Sessions always come from a request: no address means it was not known. */}
									<Address ip={s.ipAddress} unknownWhenMissing />
								</td>
								<td data-label={t('sessions.createdAt')} className="nowrap">
									{formatDateTime(s.createdAt)}
								</td>
								<td data-label={t('sessions.lastSeenAt')} className="nowrap">
									{formatDateTime(s.lastSeenAt)}
								</td>
								<td className="row-actions">
									<Form method="post" className="inline-form">
										<input type="hidden" name="intent" value="revoke" />
										<input type="hidden" name="sessionId" value={s.id} />
										<button type="submit" aria-label={t('sessions.revokeLabel', { browser, createdAt: formatDateTime(s.createdAt) })}>
											{t('sessions.revoke')}
										</button>
									</Form>
								</td>
							</tr>
						)
					})}
				</tbody>
			</table>
		</div>
	)
}

/** "You need to sign in again after 8 h without activity, or 7 days after signing in." */
export function SessionExpiryNote({ idleMinutes, maxDays }: { idleMinutes: number; maxDays: number }) {
	const { t } = useTranslation()
	const idle = idleMinutes % 60 === 0 ? t('sessions.idleHours', { n: idleMinutes / 60 }) : t('sessions.idleMinutes', { n: idleMinutes })
	return <p className="muted">{t('sessions.expiry', { idle, count: maxDays })}</p>
}
