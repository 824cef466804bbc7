import { useTranslation } from 'react-i18next'
import { describeLinkFlags, type NameLookup } from '~/domain/chain/describe-flag'
import { type LinkAnalysis } from '~/domain/chain/gap-analysis'
import { useLocale, useLocalizedName } from '~/i18n/use-localized'
import { type ChainPageData } from '~/models/chain-page.server'

/** Link and company names for flag sentences, in the current language. */
export function useGapText(data: { chain: Pick<ChainPageData['chain'], 'links'>; companyNames: ChainPageData['companyNames'] }) {
	const { t } = useTranslation()
	const locale = useLocale()
	const localized = useLocalizedName()
	const linkById = new Map(data.chain.links.map((l) => [l.id, l]))
	const names: NameLookup = {
		link: (id) => localized(linkById.get(id)),
		company: (id) => data.companyNames[id] ?? id,
		unit: (id) => linkById.get(id)?.unit ?? '',
	}
	return {
		names,
		locale,
		flagsOf: (link: LinkAnalysis) => describeLinkFlags(link, (key, options) => t(key, options), names, locale),
	}
}

export function formatCompact(value: number, locale: string) {
	return new Intl.NumberFormat(locale, { notation: 'compact', maximumFractionDigits: 1 }).format(value)
}
