/**
 * Spreadsheet apps run cells that start with = + - @ (and tab/CR) as formulas.
 * Prefixing a quote keeps the text as text (OWASP CSV-injection advice).
 */
export function escapeFormula(value: string) {
	return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
}

/**
 * The inverse, for imports: a CSV this app (or another careful exporter) wrote
 * has the quote before =, +, -, @; reading it back gives the value without it,
 * so an export re-imports losslessly ('+86 138… → +86 138…).
 */
export function unescapeFormula(value: string) {
	return /^'[=+\-@\t\r]/.test(value) ? value.slice(1) : value
}

export function csvCell(value: string | number | boolean | null | undefined) {
	if (value === null || value === undefined) return ''
	const text = typeof value === 'string' ? escapeFormula(value) : String(value)
	return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

export function csvRow(values: ReadonlyArray<string | number | boolean | null | undefined>) {
	return `${values.map(csvCell).join(',')}\r\n`
}

/** Excel only reads a UTF-8 CSV as UTF-8 (not GBK) when it starts with a BOM. */
export const UTF8_BOM = '\uFEFF'
