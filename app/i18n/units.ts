import { type Locale } from './i18n'

/**
 * Units that come from data in the reader's language: a policy writes 家, 个,
 * 亿元 or 万吨, a chain link counts its output in 台 or "t REO". Chinese pages
 * show them as written; English pages show the English unit ("firms", "units",
 * "t REO", "CNY 100 M"), never a Chinese character beside a figure. A unit we do
 * not know is shown as written (it is data, not ours to guess).
 */

/** What a 个 or 项 counts where the context knows: projects (a quota counting projects), else items. */
export type Counting = 'projects' | 'items'

/** Chinese count units (量词) and the English noun they count, singular and plural. */
const COUNT_NOUNS: Record<string, readonly [one: string, other: string]> = {
	家: ['firm', 'firms'],
	个: ['item', 'items'],
	项: ['item', 'items'],
	户: ['household', 'households'],
	所: ['institution', 'institutions'],
	座: ['facility', 'facilities'],
	条: ['line', 'lines'],
	场: ['event', 'events'],
	场次: ['event', 'events'],
	次: ['time', 'times'],
	人次: ['visit', 'visits'],
	批次: ['batch', 'batches'],
	人: ['person', 'people'],
	名: ['person', 'people'],
	位: ['person', 'people'],
	台: ['unit', 'units'],
	套: ['set', 'sets'],
	件: ['piece', 'pieces'],
	只: ['piece', 'pieces'],
	处: ['site', 'sites'],
	支: ['team', 'teams'],
	款: ['model', 'models'],
	种: ['kind', 'kinds'],
	部: ['unit', 'units'],
	篇: ['article', 'articles'],
	辆: ['vehicle', 'vehicles'],
	间: ['room', 'rooms'],
	栋: ['building', 'buildings'],
	例: ['case', 'cases'],
}

/** Measure units written in Chinese and their English symbols. */
const SYMBOLS: Record<string, string> = {
	元: 'CNY',
	美元: 'USD',
	吨: 't',
	吨标准煤: 'tce',
	吨标煤: 'tce',
	千克: 'kg',
	公斤: 'kg',
	千瓦时: 'kWh',
	度: 'kWh',
	兆瓦时: 'MWh',
	吉瓦时: 'GWh',
	千瓦: 'kW',
	兆瓦: 'MW',
	吉瓦: 'GW',
	平方公里: 'km²',
	平方米: 'm²',
	公顷: 'ha',
	公里: 'km',
	标准箱: 'TEU',
	标箱: 'TEU',
	亩: 'mu',
	个百分点: 'pp',
	百分点: 'pp',
	倍: '×',
}

/** 万 and 亿 before a unit; money follows the app's convention (CNY 10,000, CNY 100 M), other units read 10k t. */
const MULTIPLIERS = [
	{ prefix: '万亿', factor: 1e12, money: 'CNY trillion', other: 'trillion' },
	{ prefix: '亿', factor: 1e8, money: 'CNY 100 M', other: '100 M' },
	{ prefix: '万', factor: 1e4, money: 'CNY 10,000', other: '10k' },
] as const

const PLURAL = new Intl.PluralRules('en')
/** A leading run of Chinese characters: the unit proper; what follows names the material ("吨 REO"). */
const HEAD = /^([\u3400-\u9fff]+)(.*)$/su

function nounFor(word: string, counting: Counting | undefined) {
	return (word === '个' || word === '项') && counting ? (counting === 'projects' ? (['project', 'projects'] as const) : COUNT_NOUNS[word]) : COUNT_NOUNS[word]
}

/** One Chinese unit word (no multiplier) in English for `value` of it; null when we do not know it. */
function englishWord(word: string, value: number | undefined, counting: Counting | undefined): string | null {
	const noun = nounFor(word, counting)
	if (noun) return value !== undefined && PLURAL.select(value) === 'one' ? noun[0] : noun[1]
	return SYMBOLS[word] ?? null
}

/** A unit as written, split into its multiplier (万吨 → 万 × 吨), its word and the rest; null when it is not Chinese or not known. */
function readChineseUnit(unit: string) {
	const match = HEAD.exec(unit.trim())
	if (!match) return null
	const [, head, rest] = match as unknown as [string, string, string]
	if (COUNT_NOUNS[head] || SYMBOLS[head]) return { multiplier: null, word: head, rest }
	const multiplier = MULTIPLIERS.find((m) => head.startsWith(m.prefix) && (COUNT_NOUNS[head.slice(m.prefix.length)] || SYMBOLS[head.slice(m.prefix.length)]))
	return multiplier ? { multiplier, word: head.slice(multiplier.prefix.length), rest } : null
}

/**
 * A unit as data writes it, in `locale`, for a figure of `value` (singular or
 * plural) — the unit itself, not rescaled: 亿元 reads "CNY 100 M" beside a
 * field typed in 亿元. zh-CN: as written.
 */
export function unitLabel(unit: string, locale: Locale, options: { value?: number; counting?: Counting } = {}): string {
	if (locale !== 'en') return unit
	const read = readChineseUnit(unit)
	if (!read) return unit
	const { multiplier, word, rest } = read
	if (multiplier) {
		const base = word === '元' ? multiplier.money : `${multiplier.other} ${englishWord(word, undefined, options.counting)}`
		return `${base}${rest}`
	}
	return `${englishWord(word, options.value, options.counting)}${rest}`
}

/**
 * A figure and its unit as the reader expects them: in English a Chinese unit
 * with 万 or 亿 is rescaled to its base unit (3 万吨 → 30,000 t) and money reads
 * in CNY M or CNY bn as quota figures do; otherwise `unitLabel`. zh-CN: as written.
 */
export function localizedQuantity(value: number, unit: string, locale: Locale, counting?: Counting): { value: number; unit: string } {
	if (locale !== 'en') return { value, unit }
	const read = readChineseUnit(unit)
	if (!read) return { value, unit }
	const base = value * (read.multiplier?.factor ?? 1)
	if (read.word === '元') {
		const scale = MONEY_SCALES.find(([s]) => Math.abs(base) >= s) ?? MONEY_SCALES[MONEY_SCALES.length - 1]!
		return { value: base / scale[0], unit: `${scale[1]}${read.rest}` }
	}
	return { value: base, unit: `${englishWord(read.word, base, counting)}${read.rest}` }
}

/** Money in English, largest scale first: the scale of a quota's figures and of chain quantities in 元. */
export const MONEY_SCALES: readonly (readonly [number, string])[] = [
	[1e9, 'CNY bn'],
	[1e6, 'CNY M'],
	[1, 'CNY'],
]

/** The English noun a count unit counts (家 → firms, 1 家 → firm); null for a unit that is not a count. */
export function countNoun(unit: string, value: number | undefined, counting?: Counting): string | null {
	const noun = nounFor(unit, counting)
	return noun ? (value !== undefined && PLURAL.select(value) === 'one' ? noun[0] : noun[1]) : null
}
