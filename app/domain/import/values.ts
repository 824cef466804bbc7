import { type MoneyError, type MoneyUnit, parseMoneyToCNY } from '~/domain/money'

/**
 * Cell values as people type them into spreadsheets: amounts with units,
 * dates in several spellings, 是/否, labels of closed value sets, company names.
 * Pure; every refusal is a reason code the validator turns into an i18n key.
 */

/** Full-width letters, digits and punctuation (（）：，) become their ASCII forms; the ideographic space a plain one. */
export function toHalfWidth(text: string) {
	return text.normalize('NFKC')
}

const FOREIGN_CURRENCY = /美元|美金|港元|港币|欧元|日元|英镑|USD|HKD|EUR|JPY|GBP|US\$|\$/i
const CNY_MARKERS = /人民币|RMB|CNY|¥/gi
const UNIT_SUFFIX: ReadonlyArray<[RegExp, MoneyUnit]> = [
	[/亿元?$/, 'yi'],
	[/万元?$/, 'wan'],
	[/元$/, 'yuan'],
]

export type AmountParse = { ok: true; cny: number | null } | { ok: false; error: MoneyError | 'foreignCurrency' }

/**
 * "500万元人民币", "1.2亿元", "5,000,000", "￥300万" → integer CNY (exact, via
 * ~/domain/money). A number without a unit is in `defaultUnit` (the unit a header
 * such as 注册资本（万元） names, else 元). Foreign currencies are refused.
 */
export function parseAmount(raw: string, defaultUnit: MoneyUnit = 'yuan'): AmountParse {
	// Plain numbers, the usual case, skip the unit and currency handling.
	if (/^[\d.,]*$/.test(raw)) return parseMoneyToCNY(raw, defaultUnit)
	const text = toHalfWidth(raw).replace(/\s+/g, '')
	if (text === '') return { ok: true, cny: null }
	if (FOREIGN_CURRENCY.test(text)) return { ok: false, error: 'foreignCurrency' }
	let number = text.replace(CNY_MARKERS, '')
	let unit = defaultUnit
	for (const [suffix, suffixUnit] of UNIT_SUFFIX) {
		if (suffix.test(number)) {
			number = number.replace(suffix, '')
			unit = suffixUnit
			break
		}
	}
	if (number === '') return { ok: false, error: 'notANumber' }
	return parseMoneyToCNY(number, unit)
}

/** The money unit a header names in brackets, e.g. 注册资本（万元） → wan. */
export function headerMoneyUnit(header: string): MoneyUnit | null {
	const match = /\((?:单位[:：]?)?(亿元|亿|万元|万|元)\)/.exec(toHalfWidth(header).replace(/\s+/g, ''))
	if (!match) return null
	return match[1]!.startsWith('亿') ? 'yi' : match[1]!.startsWith('万') ? 'wan' : 'yuan'
}

/** A whole number such as "1,200" or "1200人"; null when blank, undefined when it is not one. */
export function parseCount(raw: string): number | null | undefined {
	const text = toHalfWidth(raw)
		.replace(/[\s,]/g, '')
		.replace(/[人名个家]$/, '')
	if (text === '') return null
	if (!/^\d{1,9}$/.test(text)) return undefined
	return Number(text)
}

const DATE_PATTERNS = [/^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/, /^(\d{4})年(\d{1,2})月(\d{1,2})日?$/, /^(\d{4})(\d{2})(\d{2})$/]

/**
 * A calendar day as UTC midnight: 2024-03-05, 2024/3/5, 2024.3.5, 2024年3月5日,
 * 20240305. Null when blank, undefined when it is no real day (2024-02-30).
 */
export function parseImportDate(raw: string): Date | null | undefined {
	const text = toHalfWidth(raw).replace(/\s+/g, '')
	if (text === '') return null
	for (const pattern of DATE_PATTERNS) {
		const match = pattern.exec(text)
		if (!match) continue
		const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])]
		const date = new Date(Date.UTC(year, month - 1, day))
		const real = date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
		return real && year >= 1900 && year <= 2100 ? date : undefined
	}
	return undefined
}

const YES = new Set(['是', '本地', 'y', 'yes', 'true', '1', '√', '✓', 'local'])
const NO = new Set(['否', '外地', '非本地', 'n', 'no', 'false', '0', '×', '✗', 'external'])

/** 是/否, 本地/外地, yes/no, TRUE/FALSE, 1/0: null when blank, undefined when it is none of them. */
export function parseYesNo(raw: string): boolean | null | undefined {
	const text = normalizeLabel(raw)
	if (text === '') return null
	if (YES.has(text)) return true
	if (NO.has(text)) return false
	return undefined
}

/** How labels are compared: half-width, lower case, no spaces. */
export function normalizeLabel(raw: string) {
	return toHalfWidth(raw).replace(/\s+/g, '').toLowerCase()
}

/**
 * A lookup from what people write to a code: each code matches itself and every
 * label given for it (Chinese and English UI labels, common variants).
 */
export function choiceLookup<T extends string>(codes: readonly T[], ...labelSets: ReadonlyArray<Partial<Record<T, string | readonly string[]>>>) {
	const map = new Map<string, T>()
	for (const code of codes) {
		map.set(normalizeLabel(code), code)
		for (const labels of labelSets) {
			const label = labels[code]
			for (const text of typeof label === 'string' ? [label] : (label ?? [])) map.set(normalizeLabel(text), code)
		}
	}
	return map
}

/** Splits a list cell such as "专精特新、高新技术企业;链主" on 、 , ; / and new lines. */
export function splitList(raw: string) {
	return [
		...new Set(
			toHalfWidth(raw)
				.split(/[、,;/\n]/)
				.map((item) => item.trim())
				.filter(Boolean),
		),
	]
}

/**
 * The form company names are compared in: half-width, no spaces, no brackets of
 * any kind, lower-case Latin. So 中国稀土集团（赣州）有限公司, 中国稀土集团(赣州)有限公司
 * and 中国稀土集团 【赣州】有限公司 compare equal. Legal-form suffixes (有限公司…) stay
 * part of the name: 某某 and 某某有限公司 do not (an alias can say they are one).
 */
export function normalizeCompanyName(name: string) {
	return toHalfWidth(name)
		.replace(/[\s()[\]{}【】〔〕〈〉《》]/g, '')
		.toLowerCase()
}
