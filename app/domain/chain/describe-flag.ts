// Flag reasons as sentences in the reader's language: shared by the map, the
// prospect list and the CLI, so they all say the same thing.
import { type Locale } from '~/i18n/i18n'
import { localizedQuantity } from '~/i18n/units'
import { formatCNY } from '~/utils/format'
import { type Flag, type LinkAnalysis } from './gap-analysis'

type Translate = (key: string, options?: Record<string, unknown>) => string
export type NameLookup = { link: (id: string) => string; company: (id: string) => string; unit: (linkId: string) => string }

/**
 * A link's quantity in its unit, named in the reader's language (20,000 台 reads "20,000 units" in English);
 * rounded by its size unless `digits` says how many decimals to keep.
 */
export function formatQuantity(value: number, unit: string, locale: Locale, digits?: number) {
	const shown = localizedQuantity(value, unit, locale)
	digits ??= Math.abs(shown.value) >= 100 ? 0 : Math.abs(shown.value) >= 1 ? 1 : 3
	return `${new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(shown.value)} ${shown.unit}`.trim()
}

export function formatPercent(value: number, locale: Locale) {
	return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format(value)
}

export function describeFlag(flag: Flag, linkId: string, t: Translate, names: NameLookup, locale: Locale): string {
	const r = flag.reason
	const unit = names.unit(linkId)
	const qty = (v: number) => formatQuantity(v, unit, locale)
	const linkList = (ids: readonly string[]) => ids.map(names.link).join(locale === 'en' ? ', ' : '、')
	switch (r.key) {
		case 'broken_downstream':
		case 'broken_upstream':
		case 'broken_supporting':
			return t(`gaps.reasons.${r.key}`, { links: linkList(r.links) })
		case 'shortfall': {
			const text = t('gaps.reasons.shortfall', {
				supply: qty(r.supply),
				demand: qty(r.demand),
				coverage: formatPercent(r.coverage, locale),
				threshold: formatPercent(r.threshold, locale),
			})
			return r.partial ? sentences(locale, text, t('gaps.reasons.shortfallPartial')) : text
		}
		case 'no_leader': {
			const text = t('gaps.reasons.no_leader', { threshold: formatCNY(r.threshold, locale) })
			return r.unknownRevenue > 0 ? sentences(locale, text, t('gaps.reasons.no_leaderUnknown', { count: r.unknownRevenue })) : text
		}
		case 'single_firm':
			return t('gaps.reasons.single_firm', {
				company: names.company(r.companyId),
				share: formatPercent(r.share, locale),
				threshold: formatPercent(r.threshold, locale),
			})
		case 'concentrated':
			return t('gaps.reasons.concentrated', { hhi: Math.round(r.hhi), threshold: r.threshold })
		case 'outflow':
			return t('gaps.reasons.outflow', { supply: qty(r.supply), demand: qty(r.demand), ratio: r.coverage.toFixed(1), threshold: r.threshold })
		case 'outflow_no_taker':
			return t('gaps.reasons.outflow_no_taker', { supply: qty(r.supply), links: linkList(r.links) })
		case 'input_lost':
			return t('gaps.reasons.input_lost', { share: formatPercent(r.ratio, locale), lost: qty(r.lost), links: linkList(r.links) })
	}
}

/** Chinese sentences run on without a space. */
function sentences(locale: Locale, ...parts: string[]) {
	return parts.join(locale === 'en' ? ' ' : '')
}

/** Every flag of a link as {label, sentence}, worst first. */
export function describeLinkFlags(link: LinkAnalysis, t: Translate, names: NameLookup, locale: Locale) {
	return [...link.flags]
		.sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'red' ? -1 : 1))
		.map((flag) => ({
			code: flag.code,
			severity: flag.severity,
			label: t(`gaps.flags.${flag.code}`),
			reason: describeFlag(flag, link.linkId, t, names, locale),
		}))
}
