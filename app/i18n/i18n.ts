import { createInstance, type i18n } from 'i18next'
import { initReactI18next } from 'react-i18next'
import { en } from './locales/en'
import { zhCN } from './locales/zh-CN'

export const LOCALES = ['zh-CN', 'en'] as const
export type Locale = (typeof LOCALES)[number]
export const DEFAULT_LOCALE: Locale = 'zh-CN'

export function isLocale(value: unknown): value is Locale {
	return typeof value === 'string' && (LOCALES as readonly string[]).includes(value)
}

const resources = {
	'zh-CN': { translation: zhCN },
	en: { translation: en },
}

/**
 * One instance per render tree: the server makes one per request, the client one
 * per locale, so concurrent requests in different languages never share state.
 * Resources are bundled (both languages are small), so init is synchronous.
 */
export function createI18n(locale: Locale): i18n {
	const instance = createInstance()
	void instance.use(initReactI18next).init({
		lng: locale,
		fallbackLng: DEFAULT_LOCALE,
		resources,
		initAsync: false,
		interpolation: { escapeValue: false }, // React escapes
		returnNull: false,
		// The CLI prints JSON on stdout: no banner from the library.
		showSupportNotice: false,
	})
	return instance
}
