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

const instances = new Map<Locale, i18n>()

/**
 * The i18next instance of a locale, made once per process and shared by every
 * render in that language. Nothing changes an instance after init (no
 * changeLanguage, no added resources), so concurrent requests can share it; a
 * fresh instance per request cost about 2 ms of server CPU, and its caches
 * started cold each time. Resources are bundled, so init is synchronous.
 */
export function i18nFor(locale: Locale): i18n {
	let instance = instances.get(locale)
	if (!instance) {
		instance = createInstance()
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
		memoizeLanguageHierarchy(instance)
		instances.set(locale, instance)
	}
	return instance
}

/**
 * i18next works out the language fallback chain on every t() call, through
 * Intl.getCanonicalLocales for a code like zh-CN: half the cost of a call, and a
 * busy page makes hundreds of calls (profile of the office-load bench). With a
 * fixed language and fallback, the chain never changes, so it is computed once
 * per (language, fallback) pair. Relies on i18next's LanguageUtil, pinned in
 * package.json; i18n.test.ts checks the chain still resolves both locales.
 */
function memoizeLanguageHierarchy(instance: i18n) {
	const languageUtils = instance.services.languageUtils as {
		toResolveHierarchy: (code: string, fallbackCode?: unknown) => readonly string[]
	}
	const compute = languageUtils.toResolveHierarchy.bind(languageUtils)
	const chains = new Map<string, readonly string[]>()
	languageUtils.toResolveHierarchy = (code, fallbackCode) => {
		if (typeof code !== 'string' || (fallbackCode !== undefined && typeof fallbackCode !== 'string')) return compute(code, fallbackCode)
		const key = `${code}\u0000${fallbackCode ?? ''}`
		let chain = chains.get(key)
		if (!chain) {
			chain = Object.freeze(compute(code, fallbackCode))
			chains.set(key, chain)
		}
		return chain
	}
}
