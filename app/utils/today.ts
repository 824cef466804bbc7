/**
 * The calendar day (YYYY-MM-DD) it is in China at `now`: the day users mean by
 * "today" for stage dates, whatever the server's time zone.
 */
export function todayInChina(now = new Date()) {
	const parts = new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(now)
	const part = (type: 'year' | 'month' | 'day') => parts.find((p) => p.type === type)?.value ?? ''
	return `${part('year')}-${part('month')}-${part('day')}`
}
