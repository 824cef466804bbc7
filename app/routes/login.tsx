import { type ActionFunctionArgs, data, type LoaderFunctionArgs, redirect } from '@remix-run/node'
import { Form, useActionData, useNavigation, useSearchParams } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { ErrorList } from '~/components/forms'
import { type ThrottleNotice, throttleNotice, useThrottleMessage } from '~/components/throttle-notice'
import { loginSchema } from '~/domain/auth/login-schema'
import { NUL_MESSAGE } from '~/domain/text/text-field'
import { assertSameOrigin, getOptionalUser, login, safeRedirect } from '~/utils/auth.server'
import { type Refusal, refusal } from '~/utils/forms'
import { pageTitle } from '~/utils/page-title'

export async function loader({ request }: LoaderFunctionArgs) {
	const user = await getOptionalUser(request)
	if (user) throw redirect(safeRedirect(new URL(request.url).searchParams.get('redirectTo')))
	return null
}

/** A refused sign-in: why (formError) and, while the throttle holds the username or address back, until when. */
type LoginRefusal = Refusal & { notice: ThrottleNotice | null }

export async function action({ request, context }: ActionFunctionArgs) {
	assertSameOrigin(request)
	const form = await request.formData()
	const parsed = loginSchema.safeParse(Object.fromEntries(form))
	const refuse = (formError: string | null, status: number, notice: ThrottleNotice | null = null) =>
		data<LoginRefusal>({ ...refusal({}, formError), notice }, { status })
	// A username with U+0000 names nobody (and is never looked up: PostgreSQL's text cannot hold it).
	if (!parsed.success) return refuse(parsed.error.issues.some((issue) => issue.message === NUL_MESSAGE) ? 'auth.invalidCredentials' : 'auth.required', 400)
	const outcome = await login(request, context, parsed.data)
	// Signed in: the redirect (with its cookie) is thrown, so the action's data is only ever a refusal.
	if (outcome instanceof Response) throw outcome
	if (outcome.reason === 'disabled') return refuse('auth.disabled', 403)
	// Unknown usernames are throttled like real ones, so a wait or lock reveals nothing.
	const notice = throttleNotice(outcome.lock, outcome.retryAt)
	// Held back: the notice says until when; the password was not looked at.
	if (outcome.reason === 'throttled') return refuse(null, 429, notice)
	return refuse('auth.invalidCredentials', 400, notice)
}

export default function LoginPage() {
	const { t } = useTranslation()
	const actionData = useActionData<typeof action>()
	const [searchParams] = useSearchParams()
	const navigation = useNavigation()
	const throttleMessage = useThrottleMessage()
	return (
		<section className="login-card">
			<h1>{t('auth.loginTitle')}</h1>
			{actionData ? <ErrorList id="login-error" messages={[actionData.formError, actionData.notice ? throttleMessage(actionData.notice) : null]} /> : null}
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
