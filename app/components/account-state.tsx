import { useTranslation } from 'react-i18next'
import { useThrottleSummary } from './throttle-table'

type Account = { disabledAt: string | Date | null; mustChangePassword: boolean }
type Throttle = { failures: number; locked: boolean; retryAt: string | Date | null }

/** Disabled, locked, held back, must set a new password, or active: what an admin needs to see at a glance. */
export function AccountStateBadges({ account, throttle }: { account: Account; throttle: Throttle | null }) {
	const { t } = useTranslation()
	const summary = useThrottleSummary()
	const held = throttle?.retryAt ? throttle : null
	return (
		<>
			{account.disabledAt ? <span className="badge badge-danger">{t('users.states.disabled')}</span> : null}
			{held ? (
				<span className={held.locked ? 'badge badge-danger' : 'badge badge-warn'} title={summary(held)}>
					{t(held.locked ? 'users.states.locked' : 'users.states.waiting')}
				</span>
			) : null}
			{account.mustChangePassword ? <span className="badge badge-warn">{t('users.states.mustChange')}</span> : null}
			{!account.disabledAt && !held && !account.mustChangePassword ? <span className="badge badge-ok">{t('users.states.active')}</span> : null}
		</>
	)
}
