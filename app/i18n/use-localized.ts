import { useTranslation } from 'react-i18next'
import { DEFAULT_LOCALE, isLocale, type Locale } from './i18n'

type Named = { name: string; nameEn: string }

export function useLocale(): Locale {
	const { i18n } = useTranslation()
	return isLocale(i18n.language) ? i18n.language : DEFAULT_LOCALE
}

/** Picks the Chinese or English name of a record for the current UI language. */
export function useLocalizedName() {
	const english = useLocale() === 'en'
	return (record: Named | null | undefined) => (record ? (english ? record.nameEn : record.name) : '')
}
