import { type ActionFunctionArgs, type LoaderFunctionArgs, redirect } from '@remix-run/node'
import { Form, useActionData, useNavigation, useSearchParams } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { ThrottleMessage, throttleNotice } from '~/components/throttle-notice'
import { loginSchema } from '~/domain/auth/login-schema'
import { NUL_MESSAGE } from '~/domain/text/text-field'
import { assertSameOrigin, getOptionalUser, login, safeRedirect } from '~/utils/auth.server'
import { pageTitle } from '~/utils/page-title'

export async function loader({ request }: LoaderFunctionArgs) {
	const user = await getOptionalUser(request)
	if (user) throw redirect(safeRedirect(new URL(request.url).searchParams.get('redirectTo')))
	return null
}

export async function action({ request, context }: ActionFunctionArgs) {
	assertSameOrigin(request)
	const form = await request.formData()
	const parsed = loginSchema.safeParse(Object.fromEntries(form))
	// A username with U+0000 names nobody (and is never looked up: PostgreSQL's text cannot hold it).
	if (!parsed.success)
		return { error: parsed.error.issues.some((issue) => issue.message === NUL_MESSAGE) ? ('invalidCredentials' as const) : ('required' as const) }
	const outcome = await login(request, context, parsed.data)
	// Signed in: the redirect (with its cookie) is thrown, so the action's data is only ever a refusal.
	if (outcome instanceof Response) throw outcome
	if (outcome.reason === 'disabled') return { error: 'disabled' as const }
	// Unknown usernames are throttled like real ones, so a wait or lock reveals nothing.
	const notice = throttleNotice(outcome.lock, outcome.retryAt)
	const error = outcome.reason === 'throttled' ? ('throttled' as const) : ('invalidCredentials' as const)
	return notice ? { error, notice } : { error }
}

export default function LoginPage() {
	const { t } = useTranslation()
	const actionData = useActionData<typeof action>()
	const [searchParams] = useSearchParams()
	const navigation = useNavigation()
	const notice = actionData && 'notice' in actionData ? actionData.notice : null
	return (
		<section className="login-card">
			<h1>{t('auth.loginTitle')}</h1>
			{actionData ? (
				<p className="form-error" role="alert" id="login-error">
					{actionData.error === 'throttled' ? null : t(`auth.${actionData.error}`)}
					{actionData.error !== 'throttled' && notice ? <br /> : null}
					{notice ? <ThrottleMessage notice={notice} /> : null}
				</p>
			) : null}
			<Form method="post" className="stack">
				<input type="hidden" name="redirectTo" value={searchParams.get('redirectTo') ?? '/'} />
				<label>
					{t('auth.username')}
					{/* eslint-disable-next-line jsx-a11y/no-autofocus -- signing in is this page's one task, and focus lands where the user would start */}
					<input name="username" autoComplete="username" required autoFocus />
				</label>
				<label>
					{t('auth.password')}
					<input name="password" type="password" autoComplete="current-password" required />
				</label>
				<button type="submit" className="button-primary" disabled={navigation.state === 'submitting'}>
					{t('auth.login')}
				</button>
			</Form>
		</section>
	)
}

export const handle = pageTitle('auth.loginTitle')

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
