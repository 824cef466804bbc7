/** The analysis year from a query string: a sane year, else the current one. */
export function analysisYear(value: string | null, now = new Date()) {
	const year = Number(value)
	return Number.isInteger(year) && year >= 2000 && year <= 2100 ? year : now.getUTCFullYear()
}
