// First: configures zod in the browser before any schema is built (see the module).
import '~/utils/zod-in-browser'
import { type LinksFunction, type LoaderFunctionArgs } from '@remix-run/node'
import { Links, Meta, Outlet, Scripts, ScrollRestoration, useMatches, useRouteLoaderData } from '@remix-run/react'
import { type ReactNode } from 'react'
import { I18nextProvider } from 'react-i18next'
import { AppShell } from '~/components/app-shell'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { prisma } from '~/db.server'
import { DEFAULT_LOCALE, i18nFor } from '~/i18n/i18n'
import { getLocale } from '~/i18n/locale.server'
import { headerUnreadCount } from '~/models/notification.server'
import appStyles from '~/styles/app.css?url'
import { getOptionalUser } from '~/utils/auth.server'
import { redirectToSetupWhilePending } from '~/utils/first-run.server'
import { useNonce } from '~/utils/nonce'
import { documentTitle } from '~/utils/page-title'

export const links: LinksFunction = () => [
	{ rel: 'stylesheet', href: appStyles },
	{ rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' },
]

export async function loader({ request }: LoaderFunctionArgs) {
	await redirectToSetupWhilePending(request)
	const [locale, user] = await Promise.all([getLocale(request), getOptionalUser(request)])
	// The bell's count (the centre is brought up to date at most every few minutes, ADR 0038).
	const unread =
		user && !user.mustChangePassword ? await headerUnreadCount(prisma, { id: user.id, role: user.role, unitId: user.unit?.id ?? null, scope: user.scope }) : 0
	// Only what the shell shows: the session id and the rest stay on the server.
	return { locale, user: user ? { name: user.name, role: user.role, mustChangePassword: user.mustChangePassword, unread } : null }
}

export function Layout({ children }: { children: ReactNode }) {
	const data = useRouteLoaderData<typeof loader>('root')
	const locale = data?.locale ?? DEFAULT_LOCALE
	const i18n = i18nFor(locale)
	const nonce = useNonce()
	// The page's title comes from the deepest route's handle (utils/page-title), so it follows client-side navigation.
	const title = documentTitle(useMatches(), i18n.t, locale === 'en')
	return (
		<html lang={locale}>
			<head>
				<meta charSet="utf-8" />
				<meta name="viewport" content="width=device-width, initial-scale=1" />
				<title>{title}</title>
				<Meta />
				<Links />
			</head>
			<body>
				<I18nextProvider i18n={i18n}>
					<AppShell user={data?.user ?? null} locale={locale}>
						{children}
					</AppShell>
				</I18nextProvider>
				<ScrollRestoration nonce={nonce} />
				<Scripts nonce={nonce} />
			</body>
		</html>
	)
}

export default function App() {
	return <Outlet />
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
