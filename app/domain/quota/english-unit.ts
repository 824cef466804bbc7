import { normalizeQuantity } from '~/domain/policy/numbers'
import { formatTarget } from './format-target'

/**
 * How a quota's figures read on English pages. Policies write 亿元, 万吨, 家 or
 * 个; an English reader wants CNY bn, t, firms or a bare count. Figures are the
 * quota's normalized values (CNY, t, kW… or the count unit itself), divided by
 * `scale` and followed by `label` (empty for a bare count). The scale of money
 * and power follows the size of the target, so one quota reads in one scale.
 */
export type EnglishUnit = { label: string; scale: number }

/** Count units (their normalized unit is themselves) and the English noun they count; absent: a bare number. */
const COUNT_NOUNS: Record<string, string> = {
	家: 'firms',
	项: 'items',
	户: 'households',
	人: 'people',
	名: 'people',
	位: 'people',
	人次: 'visits',
	台: 'units',
	套: 'sets',
	件: 'pieces',
	辆: 'vehicles',
	场: 'events',
	场次: 'events',
	次: 'times',
	批次: 'batches',
	篇: 'articles',
	款: 'models',
	种: 'kinds',
	例: 'cases',
	所: 'institutions',
	间: 'rooms',
	栋: 'buildings',
	条: 'lines',
	处: 'sites',
	支: 'teams',
}

/** Normalized units shown as they are, under their English symbol. */
const SYMBOLS: Record<string, string> = { t: 't', tce: 'tce', m2: 'm²', km: 'km', TEU: 'TEU', 亩: 'mu', pp: 'pp', '%': '%', '‰': '‰', 倍: '×' }

/** Normalized units with prefixed scales, largest first. */
const SCALES: Record<string, [number, string][]> = {
	CNY: [
		[1e9, 'CNY bn'],
		[1e6, 'CNY M'],
		[1, 'CNY'],
	],
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

/** The English unit of a quota whose figures are in `normalizedUnit` and whose target is about `magnitude` of them. */
export function englishUnit(normalizedUnit: string, magnitude: number): EnglishUnit {
	const scales = SCALES[normalizedUnit]
	if (scales) {
		const [scale, label] = scales.find(([s]) => Math.abs(magnitude) >= s) ?? scales[scales.length - 1]!
		return { label, scale }
	}
	return { label: SYMBOLS[normalizedUnit] ?? COUNT_NOUNS[normalizedUnit] ?? '', scale: 1 }
}

type Target = { op: string; value: number; valueMax: number | null; unit: string }

/** A quota's English unit, scaled by its target as the policy wrote it. */
export function englishUnitOf(quota: Target) {
	const target = normalizeQuantity(quota.value, quota.unit)
	return { normalizedUnit: target.unit, ...englishUnit(target.unit, target.value) }
}

/** formatTarget for English pages: "≥ 10 firms", "> CNY 20 bn" reads as "> 20 CNY bn", "≥ 10" for a bare count. */
export function formatTargetInEnglish(quota: Target) {
	const { label, scale } = englishUnitOf(quota)
	const inEnglish = (value: number) => normalizeQuantity(value, quota.unit).value / scale
	return formatTarget({ op: quota.op, value: inEnglish(quota.value), valueMax: quota.valueMax === null ? null : inEnglish(quota.valueMax), unit: label }).trimEnd()
}
