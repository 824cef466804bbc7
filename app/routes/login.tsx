import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, redirect } from '@remix-run/node'
import { Form, useActionData, useNavigation, useSearchParams } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { loginSchema } from '~/domain/auth/login-schema'
import { assertSameOrigin, getOptionalUser, login, safeRedirect } from '~/utils/auth.server'

export async function loader({ request }: LoaderFunctionArgs) {
	const user = await getOptionalUser(request)
	if (user) throw redirect(safeRedirect(new URL(request.url).searchParams.get('redirectTo')))
	return null
}

export async function action({ request }: ActionFunctionArgs) {
	assertSameOrigin(request)
	const form = await request.formData()
	const parsed = loginSchema.safeParse(Object.fromEntries(form))
	if (!parsed.success) return { error: 'required' as const }
	const response = await login(parsed.data.username, parsed.data.password, parsed.data.redirectTo ?? '/')
	if (!response) return { error: 'invalidCredentials' as const }
	return response
}

export default function LoginPage() {
	const { t } = useTranslation()
	const actionData = useActionData<typeof action>()
	const [searchParams] = useSearchParams()
	const navigation = useNavigation()
	return (
		<section className="login-card">
			<h1>{t('auth.loginTitle')}</h1>
			{actionData?.error ? (
				<p className="form-error" role="alert" id="login-error">
					{t(`auth.${actionData.error}`)}
				</p>
			) : null}
			<Form method="post" className="stack">
				<input type="hidden" name="redirectTo" value={searchParams.get('redirectTo') ?? '/'} />
				<label>
					{t('auth.username')}
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

export const meta: MetaFunction = () => [{ title: 'ChainLead · 链招' }]

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
