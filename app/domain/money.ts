/**
 * Money typed into forms. Amounts are stored as integer CNY; people type them in
 * 元, 万元 or 亿元 with decimals. Conversion is done on the decimal digits with
 * BigInt, never through floating point, so "1234.56" 万元 is exactly 12,345,600 CNY.
 */

/** CNY per unit a form asks for. */
export const MONEY_UNITS = { yuan: 1n, wan: 10_000n, yi: 100_000_000n } as const
export type MoneyUnit = keyof typeof MONEY_UNITS

/** At most this many digits after the point are accepted. */
export const MAX_MONEY_DECIMALS = 6

/** Why a typed amount was refused; callers map these to their own i18n keys. */
export type MoneyError = 'notANumber' | 'tooManyDecimals' | 'negative' | 'tooLarge'

export type MoneyParse = { ok: true; cny: number | null } | { ok: false; error: MoneyError }

// Digits with an optional point; commas only as thousands separators (1,234.56).
const AMOUNT = /^(\d{1,3}(?:,\d{3})+|\d+)?(?:\.(\d*))?$/

/** Full-width digits, point, comma and minus (Chinese IME input) count as their ASCII forms. */
function toHalfWidth(value: string) {
	return value.replace(/[０-９．，－]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
}

/**
 * Parses an amount typed in `unit` into integer CNY: blank → null. Fractions of a
 * yuan (possible with 6 decimals of 万元) are rounded half up. "1.2.3", "1e5",
 * "12abc" and "1,5" are refused, never guessed.
 */
export function parseMoneyToCNY(raw: string | null | undefined, unit: MoneyUnit): MoneyParse {
	const text = toHalfWidth(raw ?? '').trim()
	if (text === '') return { ok: true, cny: null }
	if (text.startsWith('-')) return AMOUNT.test(text.slice(1)) ? { ok: false, error: 'negative' } : { ok: false, error: 'notANumber' }
	const match = AMOUNT.exec(text.startsWith('+') ? text.slice(1) : text)
	const whole = match?.[1]?.replaceAll(',', '') ?? ''
	const fraction = match?.[2] ?? ''
	if (!match || (whole === '' && fraction === '')) return { ok: false, error: 'notANumber' }
	if (fraction.length > MAX_MONEY_DECIMALS) return { ok: false, error: 'tooManyDecimals' }

	const scale = 10n ** BigInt(MAX_MONEY_DECIMALS)
	// The amount in millionths of the unit, then in millionths of a yuan.
	const micro = BigInt(whole || '0') * scale + BigInt(fraction.padEnd(MAX_MONEY_DECIMALS, '0'))
	const microYuan = micro * MONEY_UNITS[unit]
	const cny = (microYuan + scale / 2n) / scale
	if (cny > BigInt(Number.MAX_SAFE_INTEGER)) return { ok: false, error: 'tooLarge' }
	return { ok: true, cny: Number(cny) }
}

/** Integer CNY as the decimal text a form in `unit` shows: 12345600 → "1234.56" (万元), no float drift. */
export function formatMoneyInput(cny: number | bigint, unit: MoneyUnit) {
	const amount = BigInt(cny)
	const sign = amount < 0n ? '-' : ''
	const abs = amount < 0n ? -amount : amount
	const perUnit = MONEY_UNITS[unit]
	const whole = abs / perUnit
	const digits = perUnit.toString().length - 1
	const fraction = (abs % perUnit).toString().padStart(digits, '0').replace(/0+$/, '')
	return `${sign}${whole}${fraction ? `.${fraction}` : ''}`
}
