import { normalizeQuantity } from '~/domain/policy/numbers'
import { type Locale } from '~/i18n/i18n'
import { countNoun, type Counting, MONEY_SCALES, unitLabel } from '~/i18n/units'
import { displayUnit } from './display-unit'
import { formatTarget } from './format-target'
import { type QuotaProgress } from './progress'

/**
 * How a quota's figures read. Policies write 亿元, 万吨, 家 or 个; Chinese pages
 * show the unit as written (display-unit.ts), an English reader wants CNY bn,
 * t, firms or projects. Figures are the quota's normalized values (CNY, t, kW…
 * or the count unit itself), divided by `scale` and followed by `label(value)`
 * (singular or plural). The scale of money and power follows the size of the
 * target, so one quota reads in one scale.
 */
export type EnglishUnit = { scale: number; label: (value: number) => string }

/** Normalized units shown as they are, under their English symbol. */
const SYMBOLS: Record<string, string> = { t: 't', tce: 'tce', m2: 'm²', km: 'km', TEU: 'TEU', 亩: 'mu', pp: 'pp', '%': '%', '‰': '‰', 倍: '×' }

/** Normalized units with prefixed scales, largest first. */
const SCALES: Record<string, readonly (readonly [number, string])[]> = {
	CNY: MONEY_SCALES,
	USD: [
		[1e9, 'USD bn'],
		[1e6, 'USD M'],
		[1, 'USD'],
	],
	kW: [
		[1e6, 'GW'],
		[1e3, 'MW'],
		[1, 'kW'],
	],
	kWh: [
		[1e6, 'GWh'],
		[1e3, 'MWh'],
		[1, 'kWh'],
	],
}

/** The English unit of figures in `normalizedUnit` whose target is about `magnitude` of them; a 个 or 项 counts `counting`. */
export function englishUnit(normalizedUnit: string, magnitude: number, counting: Counting = 'items'): EnglishUnit {
	const scales = SCALES[normalizedUnit]
	if (scales) {
		const [scale, label] = scales.find(([s]) => Math.abs(magnitude) >= s) ?? scales[scales.length - 1]!
		return { label: () => label, scale }
	}
	const symbol = SYMBOLS[normalizedUnit]
	if (symbol !== undefined) return { label: () => symbol, scale: 1 }
	if (countNoun(normalizedUnit, undefined) !== null) return { label: (value) => countNoun(normalizedUnit, value, counting)!, scale: 1 }
	// A unit we have no English for: a bare number rather than a Chinese word on an English page (the metric says what it counts).
	return { label: () => (/[\u3400-\u9fff]/u.test(normalizedUnit) ? '' : normalizedUnit), scale: 1 }
}

type Target = { op: string; value: number; valueMax: number | null; unit: string; kind: string }

/** A quota that counts projects calls its 个 and 项 projects. */
const countingOf = (quota: Pick<Target, 'kind'>): Counting => (quota.kind === 'projects' ? 'projects' : 'items')

/** A quota's English unit, scaled by its target as the policy wrote it. */
export function englishUnitOf(quota: Target) {
	const target = normalizeQuantity(quota.value, quota.unit)
	return { normalizedUnit: target.unit, ...englishUnit(target.unit, target.value, countingOf(quota)) }
}

/** The unit the policy wrote, named in `locale`, beside a field typed in it (亿元 → "CNY 100 M", 个 → "projects"). */
export function quotaUnitLabel(quota: Pick<Target, 'unit' | 'kind'>, locale: Locale) {
	return unitLabel(quota.unit, locale, { counting: countingOf(quota) })
}

/** formatTarget for English pages: "≥ 10 projects", "> 20 CNY bn", "≥ 1 firm". */
export function formatTargetInEnglish(quota: Target) {
	const { label, scale } = englishUnitOf(quota)
	const inEnglish = (value: number) => normalizeQuantity(value, quota.unit).value / scale
	const valueMax = quota.valueMax === null ? null : inEnglish(quota.valueMax)
	const value = inEnglish(quota.value)
	return formatTarget({ op: quota.op, value, valueMax, unit: label(valueMax ?? value) }).trimEnd()
}

/** What a quota's figures are formatted by: its units, its target and what it counts. */
export type FigureUnits = Pick<QuotaProgress, 'unit' | 'normalizedUnit' | 'op' | 'value' | 'valueMax' | 'kind'>

/**
 * How a quota's normalized figures are written in `locale`: divided by `scale`
 * and followed by `unit(value)`. Chinese in the unit the policy wrote (亿元,
 * 万吨, 个…), English in English units (CNY bn, t, firms, projects).
 */
export function quotaFigureFormat(quota: FigureUnits, locale: Locale) {
	const english = locale === 'en' ? englishUnitOf(quota) : null
	// An English unit applies to figures in the normalized unit it was worked out for.
	const { unit, scale }: { unit: (value: number) => string; scale: number } =
		english && english.normalizedUnit === quota.normalizedUnit
			? { unit: english.label, scale: english.scale }
			: (({ unit, scale }) => ({ unit: () => unit, scale }))(displayUnit(quota))
	const numberFormat = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 })
	/** A figure already divided by `scale`, with its unit. */
	const scaled = (value: number) => {
		const text = numberFormat.format(value)
		const label = unit(value)
		return label === '%' ? `${text}%` : label === '' ? text : `${text} ${label}`
	}
	return {
		scale,
		unit,
		/** The unit as a column names it, for figures of any size (plural: "firms"). */
		unitName: unit(0),
		number: (value: number) => numberFormat.format(value / scale),
		figure: (value: number) => scaled(value / scale),
		scaled,
		target: english ? formatTargetInEnglish(quota) : formatTarget(quota),
	}
}
