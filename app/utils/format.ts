import { type Locale } from '~/i18n/i18n'

const YI = 100_000_000
const WAN = 10_000

/** Integer CNY in the unit readers expect: 亿元/万元 in Chinese, millions in English. */
export function formatCNY(amount: number, locale: Locale) {
	if (locale === 'en') {
		const millions = amount / 1_000_000
		return `CNY ${new Intl.NumberFormat('en', { maximumFractionDigits: 2 }).format(millions)} M`
	}
	const nf = new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 2 })
	return Math.abs(amount) >= YI ? `${nf.format(amount / YI)} 亿元` : `${nf.format(amount / WAN)} 万元`
}

/** Calendar date as YYYY-MM-DD (UTC, the way dates are stored). */
export function formatDate(value: Date | string | null | undefined) {
	if (!value) return ''
	const date = typeof value === 'string' ? new Date(value) : value
	return Number.isNaN(date.getTime()) ? '' : date.toISOString().slice(0, 10)
}

export function formatNumber(value: number | null | undefined, locale: Locale) {
	return value === null || value === undefined ? '' : new Intl.NumberFormat(locale).format(value)
}

const CHINA_TIME = new Intl.DateTimeFormat('en', {
	timeZone: 'Asia/Shanghai',
	year: 'numeric',
	month: '2-digit',
	day: '2-digit',
	hour: '2-digit',
	minute: '2-digit',
	hourCycle: 'h23',
})

/**
 * Date and time in China as "YYYY-MM-DD HH:mm", whatever the server's or the
 * browser's time zone, so the server render and the page agree (sign-ins,
 * sessions, lock ends).
 */
export function formatDateTime(value: Date | string | null | undefined) {
	if (!value) return ''
	const date = typeof value === 'string' ? new Date(value) : value
	if (Number.isNaN(date.getTime())) return ''
	const parts = CHINA_TIME.formatToParts(date)
	const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? ''
	return `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')}`
}
