/**
 * Numbers and units the way Chinese policy texts write them: 1,000 / 3.5 /
 * full-width １０ / 二十 / 两, units with 万/亿 multipliers (亿元, 万吨, 万千瓦),
 * and the normalised value a quota is counted in (CNY, t, kW, m2, %…).
 */

/**
 * Full-width digits, point, percent, minus and plus become their ASCII forms,
 * one character for one, so every offset into the folded text is an offset
 * into the original. The full-width comma is left alone: it separates clauses.
 */
export function foldWidth(text: string) {
	return text.replace(/[０-９．％－＋]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
}

const CHINESE_DIGITS: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 }
const CHINESE_POWERS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 }

/**
 * 十 → 10, 二十 → 20, 一百零五 → 105, 两千 → 2000, 千 → 1000. Null for what is not a
 * well-formed numeral (一一 in 唯一一家, 二〇二四 read digit by digit), so such
 * runs are never taken for quantities. 万/亿 are handled as unit multipliers.
 */
export function parseChineseNumber(text: string): number | null {
	let total = 0
	let digit: number | null = null
	let lastPower = Infinity
	for (const c of text) {
		const d = CHINESE_DIGITS[c]
		if (d !== undefined) {
			// Two digits in a row are only valid after 零 (一百零五).
			if (digit !== null && digit !== 0) return null
			digit = d
			continue
		}
		const power = CHINESE_POWERS[c]
		if (power === undefined || power >= lastPower) return null
		// A bare leading 十, 百 or 千 means one of it (十五, 突破千亿元).
		const multiplier = digit ?? (total === 0 ? 1 : null)
		if (multiplier === null || multiplier === 0) return null
		total += multiplier * power
		lastPower = power
		digit = null
	}
	total += digit ?? 0
	return total > 0 ? total : null
}

/** 1,000 → 1000, 3.5 → 3.5, 二十 → 20; null when the text is not a number. */
export function parseNumber(text: string): number | null {
	if (/^\d/.test(text)) {
		const value = Number(text.replaceAll(',', ''))
		return Number.isFinite(value) ? value : null
	}
	return parseChineseNumber(text)
}

type BaseUnit = { normalized: string; factor: number; isCount?: true }

const count = (unit: string): [string, BaseUnit] => [unit, { normalized: unit, factor: 1, isCount: true }]

/**
 * Units a target may be stated in, with what their value is normalised to. A
 * count unit (个, 家, 项…) may precede its noun ("20个以上集群引领性项目") and
 * still be the target; other units directly before a noun qualify it ("10亿元企业").
 */
const BASE_UNITS = new Map<string, BaseUnit>([
	['元', { normalized: 'CNY', factor: 1 }],
	['美元', { normalized: 'USD', factor: 1 }],
	['吨标准煤', { normalized: 'tce', factor: 1 }],
	['吨标煤', { normalized: 'tce', factor: 1 }],
	['吨', { normalized: 't', factor: 1 }],
	['千克', { normalized: 't', factor: 0.001 }],
	['公斤', { normalized: 't', factor: 0.001 }],
	['千瓦时', { normalized: 'kWh', factor: 1 }],
	['兆瓦时', { normalized: 'kWh', factor: 1000 }],
	['吉瓦时', { normalized: 'kWh', factor: 1_000_000 }],
	['千瓦', { normalized: 'kW', factor: 1 }],
	['兆瓦', { normalized: 'kW', factor: 1000 }],
	['吉瓦', { normalized: 'kW', factor: 1_000_000 }],
	['kWh', { normalized: 'kWh', factor: 1 }],
	['MWh', { normalized: 'kWh', factor: 1000 }],
	['GWh', { normalized: 'kWh', factor: 1_000_000 }],
	['kW', { normalized: 'kW', factor: 1 }],
	['MW', { normalized: 'kW', factor: 1000 }],
	['GW', { normalized: 'kW', factor: 1_000_000 }],
	['平方公里', { normalized: 'm2', factor: 1_000_000 }],
	['平方米', { normalized: 'm2', factor: 1 }],
	['公顷', { normalized: 'm2', factor: 10_000 }],
	['公里', { normalized: 'km', factor: 1 }],
	['标准箱', { normalized: 'TEU', factor: 1 }],
	['标箱', { normalized: 'TEU', factor: 1 }],
	['亩', { normalized: '亩', factor: 1 }],
	...[
		'个',
		'家',
		'项',
		'户',
		'所',
		'座',
		'条',
		'场',
		'场次',
		'次',
		'人次',
		'批次',
		'人',
		'名',
		'位',
		'台',
		'套',
		'件',
		'处',
		'支',
		'款',
		'种',
		'部',
		'篇',
		'辆',
		'只',
		'间',
		'栋',
		'例',
	].map(count),
])

/** Units that take no 万/亿 multiplier. */
const PLAIN_UNITS = new Map<string, BaseUnit>([
	['个百分点', { normalized: 'pp', factor: 1 }],
	['百分点', { normalized: 'pp', factor: 1 }],
	['%', { normalized: '%', factor: 1 }],
	['‰', { normalized: '‰', factor: 1 }],
	['倍', { normalized: '倍', factor: 1 }],
])

const MULTIPLIERS: Record<string, number> = { 万亿: 1e12, 亿: 1e8, 万: 1e4 }

const longestFirst = (words: Iterable<string>) => [...words].sort((a, b) => b.length - a.length)
const escape = (word: string) => word.replace(/[.*+?^${}()|[\]\\%]/g, '\\$&')

/** Regex source for a unit as written: plain units first (个百分点 before 个), then [万亿|亿|万] + base unit. */
export const UNIT_SOURCE = `(?:${longestFirst(PLAIN_UNITS.keys()).map(escape).join('|')}|(?:万亿|亿|万)?(?:${longestFirst(BASE_UNITS.keys()).map(escape).join('|')}))`

/**
 * Regex source for a count unit without a multiplier (个, 家, 项…), not where it
 * starts a longer word (个百分点, 个月): a whole number of them is never
 * written with decimals, so "3.15个" is item 3 and 15 个.
 */
export const COUNT_UNIT_SOURCE = `(?:${longestFirst([...BASE_UNITS].filter(([, u]) => u.isCount).map(([unit]) => unit))
	.map(escape)
	.join('|')})(?!百分点|月|工作日|小时|季度|星期)`

/** Splits 万吨 into its multiplier and base unit; null for text that is not a unit. */
function readUnit(unit: string): { multiplier: number; base: BaseUnit } | null {
	const plain = PLAIN_UNITS.get(unit)
	if (plain) return { multiplier: 1, base: plain }
	for (const prefix of ['万亿', '亿', '万', '']) {
		if (!unit.startsWith(prefix)) continue
		const base = BASE_UNITS.get(unit.slice(prefix.length))
		if (base) return { multiplier: MULTIPLIERS[prefix] ?? 1, base }
	}
	return null
}

/** 个, 家, 项, 万人…: things counted one by one. */
export function isCountUnit(unit: string) {
	return readUnit(unit)?.base.isCount === true
}

/** 亿元, 万元, 元 (CNY only). */
export function isMoneyUnit(unit: string) {
	return readUnit(unit)?.base.normalized === 'CNY'
}

/**
 * The value in the unit quotas are counted in: money in CNY (or USD), mass in
 * t, power in kW, area in m2, percent as %, 个百分点 as pp; counts keep their
 * unit, 万人 becoming 人 ×10,000.
 */
export function normalizeQuantity(value: number, unit: string): { value: number; unit: string } {
	const read = readUnit(unit)
	if (!read) return { value, unit }
	// toPrecision drops float noise such as 1.7 × 1e8 = 170000000.00000003.
	return { value: Number((value * read.multiplier * read.base.factor).toPrecision(15)), unit: read.base.normalized }
}
