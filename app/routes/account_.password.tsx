import { zodResolver } from '@hookform/resolvers/zod'
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, redirect } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { useForm } from 'react-hook-form'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { ErrorList, useCheckedSubmit, useFormFields } from '~/components/forms'
import { type ThrottleNotice, throttleNotice, useThrottleMessage } from '~/components/throttle-notice'
import { prisma } from '~/db.server'
import { type ChangePasswordInput, changePasswordSchema } from '~/domain/auth/account-schemas'
import { verifyCurrentPassword } from '~/models/login.server'
import { changeOwnPassword } from '~/models/user.server'
import { assertSameOrigin, requireUser } from '~/utils/auth.server'
import { type FieldErrors, fieldErrors, type Refusal, refusal } from '~/utils/forms'
import { pageTitle } from '~/utils/page-title'
import { clientAddressOf } from '~/utils/request-context.server'

// The one page (with sign-out) a user whose password was reset can reach.
export async function loader({ request }: LoaderFunctionArgs) {
	const user = await requireUser(request)
	return { username: user.username, forced: user.mustChangePassword }
}

/** A refused change (a change redirects): the fields, and the sign-in throttle's wait when the current password was guessed at. */
type PasswordRefusal = Refusal & { notice: ThrottleNotice | null }

export async function action({ request, context }: ActionFunctionArgs) {
	assertSameOrigin(request)
	const user = await requireUser(request)
	const address = clientAddressOf(context)
	const refuse = (errors: FieldErrors, formError: string | null, notice: ThrottleNotice | null, status = 400) =>
		data<PasswordRefusal>({ ...refusal(errors, formError), notice }, { status })
	// The username comes from the session, never from the form.
	const parsed = changePasswordSchema.safeParse({ ...Object.fromEntries(await request.formData()), username: user.username })
	if (!parsed.success) return refuse(fieldErrors(parsed.error), 'account.password.fixFields', null)

	const current = await verifyCurrentPassword(prisma, { userId: user.id, username: user.username, password: parsed.data.currentPassword, address })
	if (!current.ok) {
		const notice = throttleNotice(current.lock, current.retryAt)
		if (current.reason === 'throttled') return refuse({}, null, notice, 429)
		return refuse({ currentPassword: 'account.password.wrongCurrent' }, null, notice)
	}
	const { sessionsEnded } = await changeOwnPassword(prisma, { userId: user.id, keepSessionId: user.sessionId, password: parsed.data.password, address })
	return redirect(user.mustChangePassword ? '/' : `/account?passwordChanged=${sessionsEnded}`)
}

export const handle = pageTitle('account.password.title')

export default function ChangePasswordPage() {
	const { username, forced } = useLoaderData<typeof loader>()
	const refused = useActionData<typeof action>()
	const navigation = useNavigation()
	const { t } = useTranslation()
	const form = useForm<ChangePasswordInput>({
		resolver: zodResolver(changePasswordSchema),
		defaultValues: { username, currentPassword: '', password: '', confirmPassword: '' },
	})
	const fields = useFormFields(form, refused?.errors ?? {})
	const onSubmit = useCheckedSubmit(form)
	const throttleMessage = useThrottleMessage()

	return (
		<section className="password-card">
			<h1>{t(forced ? 'account.password.forcedTitle' : 'account.password.title')}</h1>
			<p className={forced ? 'callout-warn' : 'intro'}>{t(forced ? 'account.password.forcedIntro' : 'account.password.intro')}</p>
			<ErrorList messages={[refused?.formError, refused?.notice ? throttleMessage(refused.notice) : null]} />
			<Form method="post" className="stack" noValidate onSubmit={onSubmit}>
				{/* For password managers: which account this new password belongs to. */}
				<input type="text" name="username" value={username} autoComplete="username" readOnly hidden />
				<label>
					{t(forced ? 'account.password.currentForced' : 'account.password.current')}
					<input type="password" {...fields.register('currentPassword')} autoComplete="current-password" />
					{fields.errorFor('currentPassword')}
				</label>
				{/* The rules sit outside the label so the field's name stays "new password". */}
				<div className="field">
					<label>
						{t('account.password.new')}
						<input type="password" {...fields.register('password')} {...fields.aria('password', 'password-rules')} autoComplete="new-password" />
					</label>
					<span className="field-hint muted" id="password-rules">
						{t('account.password.rules')}
					</span>
					{fields.errorFor('password')}
				</div>
				<label>
					{t('account.password.confirm')}
					<input type="password" {...fields.register('confirmPassword')} autoComplete="new-password" />
					{fields.errorFor('confirmPassword')}
				</label>
				<button type="submit" className="button-primary" disabled={navigation.state === 'submitting'}>
					{navigation.state === 'submitting' ? t('account.password.saving') : t('account.password.submit')}
				</button>
			</Form>
			{forced ? null : (
				<p>
					<Link to="/account">← {t('account.password.backToAccount')}</Link>
				</p>
			)}
		</section>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
