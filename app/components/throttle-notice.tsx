import { useTranslation } from 'react-i18next'
import { formatDateTime } from '~/utils/format'
import { type UserMessage, userMessage } from '~/utils/user-error'

/** A wait or lock from the login throttle, as the server measured it (so both renders agree). */
export type ThrottleNotice = { lock: 'wait' | 'locked'; retryAt: string; waitSeconds: number }

export function throttleNotice(lock: 'wait' | 'locked' | null, retryAt: Date | null, now = new Date()): ThrottleNotice | null {
	if (!lock || !retryAt) return null
	return { lock, retryAt: retryAt.toISOString(), waitSeconds: Math.max(1, Math.ceil((retryAt.getTime() - now.getTime()) / 1000)) }
}

/** "Try again in 20 s" or "locked until 14:20 (about 15 min)", as a message for the form's ErrorList. */
export function useThrottleMessage() {
	const { t } = useTranslation()
	return (notice: ThrottleNotice): UserMessage => {
		const wait = notice.waitSeconds < 60 ? t('auth.waitSeconds', { n: notice.waitSeconds }) : t('auth.waitMinutes', { n: Math.ceil(notice.waitSeconds / 60) })
		return notice.lock === 'locked'
			? userMessage('auth.throttledLocked', { time: formatDateTime(notice.retryAt).slice(11), wait })
			: userMessage('auth.throttledWait', { wait })
	}
}
