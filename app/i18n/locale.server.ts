import { createCookie } from '@remix-run/node'
import { getEnv } from '~/utils/env.server'
import { DEFAULT_LOCALE, isLocale, type Locale } from './i18n'

export const localeCookie = createCookie('lng', {
	path: '/',
	httpOnly: true,
	sameSite: 'lax',
	secure: getEnv().COOKIE_SECURE,
	maxAge: 60 * 60 * 24 * 365,
})

export async function getLocale(request: Request): Promise<Locale> {
	const value: unknown = await localeCookie.parse(request.headers.get('Cookie'))
	return isLocale(value) ? value : DEFAULT_LOCALE
}
