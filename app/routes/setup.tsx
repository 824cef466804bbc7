import { zodResolver } from '@hookform/resolvers/zod'
import { type ActionFunctionArgs, data, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useNavigation, useSubmit } from '@remix-run/react'
import { type InputHTMLAttributes } from 'react'
import { useForm } from 'react-hook-form'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { ErrorList, FieldError, fieldAria } from '~/components/forms'
import { prisma } from '~/db.server'
import { SETUP_DATA_CHOICES, type SetupData, type SetupField, type SetupFormValues, setupSchema } from '~/domain/setup/first-run'
import { completeFirstRunSetup, isSetupPending } from '~/models/first-run.server'
import { hasSetupToken } from '~/models/setup-token.server'
import { assertSameOrigin, login } from '~/utils/auth.server'
import { fieldErrors, type Refusal, refusal } from '~/utils/forms'
import { pageTitle } from '~/utils/page-title'
import { clientAddressOf } from '~/utils/request-context.server'

/** Gone for good once an account exists. */
async function requireSetupPending() {
	if (!(await isSetupPending(prisma))) throw new Response('Not Found', { status: 404, statusText: 'Not Found' })
}

export async function loader({ request }: LoaderFunctionArgs) {
	await requireSetupPending()
	// The console prints a link with the token in it; the field starts with it.
	return { token: new URL(request.url).searchParams.get('token') ?? '', tokenIssued: hasSetupToken() }
}

const SETUP_FIELDS = ['token', 'username', 'name', 'password', 'passwordConfirm', 'data'] as const satisfies readonly SetupField[]

/** What the form shows again after a refusal: never the passwords. */
type EchoedValues = Pick<SetupFormValues, 'token' | 'username' | 'name' | 'data'>
type SetupRefusal = Refusal & { values: EchoedValues }

export async function action({ request, context }: ActionFunctionArgs) {
	assertSameOrigin(request)
	await requireSetupPending()
	const form = await request.formData()
	const text = (name: SetupField) => {
		const value = form.get(name)
		return typeof value === 'string' ? value : ''
	}
	const choice = SETUP_DATA_CHOICES.find((c) => c === text('data')) ?? 'sample'
	const refuse = (refused: Refusal) =>
		data<SetupRefusal>({ ...refused, values: { token: text('token'), username: text('username'), name: text('name'), data: choice } }, { status: 400 })

	const parsed = setupSchema.safeParse(Object.fromEntries(SETUP_FIELDS.map((name) => [name, text(name)])))
	if (!parsed.success) return refuse(refusal(fieldErrors(parsed.error)))
	const result = await completeFirstRunSetup(prisma, parsed.data, clientAddressOf(context))
	if (!result.ok) return refuse(result)
	const signedIn = await login(request, context, { username: parsed.data.username, password: parsed.data.password, redirectTo: '/' })
	if (!(signedIn instanceof Response)) throw new Error('The first admin was created but could not sign in')
	// Thrown, so the action's data is only ever a refusal.
	throw signedIn
}

export default function SetupPage() {
	const loaderData = useLoaderData<typeof loader>()
	const refused = useActionData<typeof action>()
	const { t } = useTranslation()
	const submit = useSubmit()
	const navigation = useNavigation()
	const defaults: SetupFormValues = {
		token: refused?.values.token ?? loaderData.token,
		username: refused?.values.username ?? '',
		name: refused?.values.name ?? '',
		password: '',
		passwordConfirm: '',
		data: refused?.values.data ?? 'sample',
	}
	const form = useForm<SetupFormValues, unknown, SetupData>({ resolver: zodResolver(setupSchema), defaultValues: defaults })
	const typed = form.watch()
	/** The server's word on a field holds until the field is edited (a corrected token is no longer "wrong"). */
	const serverError = (name: SetupField) => {
		const sent = refused?.values[name as keyof EchoedValues]
		return sent === undefined || sent === typed[name] ? refused?.errors[name] : undefined
	}
	const errorKey = (name: SetupField) => form.formState.errors[name]?.message ?? serverError(name)

	/** aria attributes tying an input to its hint and error. */
	const described = (name: SetupField, hint: boolean) => fieldAria(`setup-${name}`, errorKey(name), hint ? `setup-${name}-hint` : null)
	const notes = (name: SetupField, hint?: string) => (
		<>
			{hint ? (
				<span className="field-hint muted" id={`setup-${name}-hint`}>
					{hint}
				</span>
			) : null}
			<FieldError id={`setup-${name}`} message={errorKey(name)} />
		</>
	)
	// Hint and error sit outside the label, so the input's name is just its label.
	const input = (name: Exclude<SetupField, 'data'>, props: InputHTMLAttributes<HTMLInputElement> & { hint?: string }) => {
		const { hint, ...inputProps } = props
		return (
			<div className="setup-field">
				<label htmlFor={`setup-${name}`}>{t(`setup.${name}`)}</label>
				<input id={`setup-${name}`} {...inputProps} {...described(name, !!hint)} {...form.register(name)} defaultValue={defaults[name]} />
				{notes(name, hint)}
			</div>
		)
	}

	return (
		<section className="setup-card" aria-labelledby="setup-title">
			<h1 id="setup-title">{t('setup.title')}</h1>
			<p className="intro">{t('setup.intro')}</p>
			{loaderData.tokenIssued ? null : (
				<div data-testid="setup-no-token">
					<ErrorList messages={['setup.noToken']} />
				</div>
			)}
			<ErrorList messages={[refused?.formError]} />
			{/* Checked by the same zod schema here and in the action; works without JavaScript too. */}
			<Form
				method="post"
				className="stack"
				noValidate
				onSubmit={(event) => {
					const target = event.currentTarget
					event.preventDefault()
					void form.handleSubmit(() => submit(target))(event)
				}}
			>
				{input('token', { autoComplete: 'off', spellCheck: false, className: 'mono', hint: t('setup.tokenHint') })}
				<fieldset className="stack">
					<legend>{t('setup.admin')}</legend>
					{input('username', { autoComplete: 'username', hint: t('setup.usernameHint') })}
					{input('name', { autoComplete: 'name' })}
					{input('password', { type: 'password', autoComplete: 'new-password', hint: t('setup.passwordHint') })}
					{input('passwordConfirm', { type: 'password', autoComplete: 'new-password' })}
				</fieldset>
				<fieldset className="stack" {...described('data', false)}>
					<legend>{t('setup.data')}</legend>
					{SETUP_DATA_CHOICES.map((choice) => (
						<label key={choice} className="choice">
							<input type="radio" value={choice} {...form.register('data')} defaultChecked={defaults.data === choice} />
							<span>
								<strong>{t(`setup.${choice}`)}</strong>
								<span className="muted">{t(`setup.${choice}Hint`)}</span>
							</span>
						</label>
					))}
					{notes('data')}
				</fieldset>
				<button type="submit" className="button-primary" disabled={navigation.state === 'submitting'}>
					{navigation.state === 'submitting' ? t('setup.submitting') : t('setup.submit')}
				</button>
			</Form>
		</section>
	)
}

export const handle = pageTitle('setup.title')

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
