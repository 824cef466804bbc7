import crypto from 'node:crypto'
import { zodResolver } from '@hookform/resolvers/zod'
import { type ActionFunctionArgs, data, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { type MouseEvent } from 'react'
import { useForm } from 'react-hook-form'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { AccountStateBadges } from '~/components/account-state'
import { Address } from '~/components/address'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { ErrorList, useCheckedSubmit, useFormFields } from '~/components/forms'
import { RoleUnitFields } from '~/components/role-unit-fields'
import { SessionTable } from '~/components/session-table'
import { UnlockButton, useThrottleSummary } from '~/components/throttle-table'
import { prisma } from '~/db.server'
import { type ResetPasswordInput, resetPasswordSchema } from '~/domain/auth/account-schemas'
import { usernameKey } from '~/domain/auth/login-throttle'
import { roleSchema } from '~/domain/auth/roles'
import { generateTemporaryPassword } from '~/domain/auth/temporary-password'
import { type EditUserInput, editUserSchema } from '~/domain/auth/user-schema'
import { userText } from '~/domain/text/text-field'
import { useLocalizedName } from '~/i18n/use-localized'
import { listAccountAudit } from '~/models/audit.server'
import { listRegionOptions } from '~/models/company.server'
import { getThrottle, unlockThrottle } from '~/models/login-throttle.server'
import { listUserSessions, revokeAllUserSessions, revokeUserSession } from '~/models/session.server'
import { listUnits } from '~/models/unit.server'
import { getAccount, resetAccountPassword, setAccountDisabled, updateAccountProfile } from '~/models/user.server'
import { requirePermission, signedOutRedirect } from '~/utils/auth.server'
import { formatDateTime } from '~/utils/format'
import { type ActionResult, type FieldErrors, fieldErrors, refusal, refusalOf } from '~/utils/forms'
import { pageTitle } from '~/utils/page-title'
import { clientAddressOf } from '~/utils/request-context.server'
import { UserError } from '~/utils/user-error'

export async function loader({ request, params }: LoaderFunctionArgs) {
	await requirePermission(request, 'manage:users')
	const now = new Date()
	const account = await getAccount(prisma, params.id ?? '')
	if (!account) throw new Response('User not found', { status: 404 })
	const [sessions, throttle, history, units, regions] = await Promise.all([
		listUserSessions(prisma, account.id, now),
		getThrottle(prisma, usernameKey(account.username).key, now),
		listAccountAudit(prisma, account.id),
		listUnits(prisma),
		listRegionOptions(prisma),
	])
	return { account: { ...account, role: roleSchema.parse(account.role) }, sessions, throttle, history, units, regions }
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>

const INTENTS = ['profile', 'disable', 'enable', 'resetTyped', 'resetGenerated', 'revoke', 'revokeAll', 'unlock'] as const
type Intent = (typeof INTENTS)[number]

/** Every answer names the form (`intent`) it is for: the page has one per panel. */
type Result = ActionResult<
	| { intent: 'profile'; changed: boolean }
	| { intent: 'disable' | 'enable' | 'revoke' | 'revokeAll' | 'unlock'; count: number }
	| { intent: 'resetTyped' | 'resetGenerated'; count: number; temporaryPassword: string | null },
	{ intent: Intent }
>

const sessionIdSchema = z.object({ sessionId: userText().min(1) })

export async function action({ request, params, context }: ActionFunctionArgs) {
	const admin = await requirePermission(request, 'manage:users')
	const actor = { id: admin.id, address: clientAddressOf(context) }
	const values = Object.fromEntries(await request.formData())
	const intent = INTENTS.find((i) => i === values.intent)
	if (!intent) throw new Response('Unknown form', { status: 400 })
	const account = await getAccount(prisma, params.id ?? '')
	if (!account) throw new Response('User not found', { status: 404 })
	const done = (result: Result) => data(result)
	const refuse = (errors: FieldErrors, formError: string | null, status = 400) => data<Result>({ ...refusal(errors, formError), intent }, { status })
	try {
		switch (intent) {
			case 'profile': {
				const parsed = editUserSchema.safeParse(values)
				if (!parsed.success) return refuse(fieldErrors(parsed.error), 'users.errors.fixFields')
				return done({ ok: true, intent, changed: await updateAccountProfile(prisma, account.id, parsed.data, actor) })
			}
			case 'disable':
			case 'enable': {
				const changed = await setAccountDisabled(prisma, account.id, intent === 'disable', actor)
				return done({ ok: true, intent, count: changed?.sessionsEnded ?? 0 })
			}
			case 'resetTyped':
			case 'resetGenerated': {
				let password: string
				if (intent === 'resetTyped') {
					// The username comes from the account, never from the form.
					const parsed = resetPasswordSchema.safeParse({ ...values, username: account.username })
					if (!parsed.success) return refuse(fieldErrors(parsed.error), 'users.errors.fixFields')
					password = parsed.data.password
				} else password = generateTemporaryPassword((size) => crypto.randomBytes(size))
				const { sessionsEnded } = await resetAccountPassword(prisma, account.id, { password, generated: intent === 'resetGenerated' }, actor)
				// Shown once, in this response only; never stored or logged.
				return done({ ok: true, intent, count: sessionsEnded, temporaryPassword: intent === 'resetGenerated' ? password : null })
			}
			case 'revoke': {
				const parsed = sessionIdSchema.safeParse(values)
				if (!parsed.success) throw new Response('No session given', { status: 400 })
				const revoked = await revokeUserSession(prisma, account.id, parsed.data.sessionId, actor)
				if (!revoked) return refuse({}, 'sessions.notFound', 404)
				if (parsed.data.sessionId === admin.sessionId) return signedOutRedirect(request)
				return done({ ok: true, intent, count: 1 })
			}
			case 'revokeAll': {
				const count = await revokeAllUserSessions(prisma, account.id, actor)
				if (account.id === admin.id) return signedOutRedirect(request)
				return done({ ok: true, intent, count })
			}
			case 'unlock': {
				await unlockThrottle(prisma, usernameKey(account.username).key, actor)
				return done({ ok: true, intent, count: 1 })
			}
		}
	} catch (error) {
		if (!(error instanceof UserError)) throw error
		// Deleted while the page was open: its page is gone.
		if (error.status === 404) throw new Response('User not found', { status: 404 })
		if (error.field !== null) return refuse({ [error.field]: error.messageKey }, 'users.errors.fixFields', error.status)
		return data<Result>({ ...refusalOf(error), intent }, { status: error.status })
	}
}

/** The last submission's result when it came from one of `intents`. */
function useResultOf(...intents: Intent[]) {
	const result = useActionData<typeof action>()
	return result && intents.includes(result.intent) ? result : null
}

function ResultMessage({ intents, success }: { intents: Intent[]; success: (count: number) => string | null }) {
	const result = useResultOf(...intents)
	if (!result) return null
	if (!result.ok) return <ErrorList messages={[result.formError]} />
	const message = success('count' in result ? result.count : 0)
	return message ? (
		<p className="form-success" role="status">
			{message}
		</p>
	) : null
}

/** A submit button that asks first (the dialog is skipped without JS; the action still checks everything). */
function confirmFirst(question: string) {
	return (event: MouseEvent<HTMLButtonElement>) => {
		if (!window.confirm(question)) event.preventDefault()
	}
}

type HandleData = Awaited<ReturnType<typeof loader>>
export const handle = pageTitle<HandleData>(({ account }, { t }) => t('users.detail.title', { name: account.name }))

export default function AdminUserPage() {
	const { account, sessions, throttle, history, units, regions } = useLoaderData<typeof loader>()
	const { t } = useTranslation()
	const localized = useLocalizedName()
	const throttleSummary = useThrottleSummary()

	return (
		<div className="account-admin">
			<p>
				<Link to="/admin/users">← {t('users.detail.back')}</Link>
			</p>
			<h1>
				{t('users.detail.title', { name: account.name })} <span className="mono muted">{account.username}</span>
			</h1>
			<p className="account-badges">
				<AccountStateBadges account={account} throttle={throttle} /> <span className="muted">{t(`roles.${account.role}`, { defaultValue: account.role })}</span>
				{account.unit ? <span className="muted"> · {localized(account.unit)}</span> : null}
			</p>

			<div className="panel-grid">
				<section aria-labelledby="profile" className="panel">
					<h2 id="profile">{t('users.detail.profile')}</h2>
					<ProfileForm account={account} units={units} regions={regions} />
				</section>

				<section aria-labelledby="reset" className="panel">
					<h2 id="reset">{t('users.detail.reset')}</h2>
					<ResetPassword name={account.name} username={account.username} />
				</section>

				<section aria-labelledby="state" className="panel">
					<h2 id="state">{t('users.detail.state')}</h2>
					<ResultMessage
						intents={['disable', 'enable']}
						success={(n) => (account.disabledAt ? t('users.detail.disabledDone', { count: n }) : t('users.detail.enabledDone'))}
					/>
					<p>{account.disabledAt ? t('users.detail.disabledNote', { time: formatDateTime(account.disabledAt) }) : t('users.detail.enabledNote')}</p>
					{account.mustChangePassword ? <p className="muted">{t('users.detail.mustChangeNote')}</p> : null}
					<h3 id="lock">{t('users.detail.lock')}</h3>
					<ResultMessage intents={['unlock']} success={() => t('users.locks.cleared', { subject: account.username })} />
					{throttle ? (
						<p>
							{throttleSummary(throttle)} <UnlockButton lockKey={throttle.key} subject={account.username} />
						</p>
					) : (
						<p className="muted">{t('users.detail.noLock')}</p>
					)}
					<Form method="post" className="state-form">
						{account.disabledAt ? (
							<button type="submit" name="intent" value="enable">
								{t('users.detail.enable')}
							</button>
						) : (
							<>
								<p className="muted">{t('users.detail.disableHint')}</p>
								<button
									type="submit"
									name="intent"
									value="disable"
									className="button-danger"
									onClick={confirmFirst(t('users.detail.confirmDisable', { name: account.name }))}
								>
									{t('users.detail.disable')}
								</button>
							</>
						)}
					</Form>
				</section>

				<section aria-labelledby="sessions" className="panel panel-wide">
					<h2 id="sessions">{t('users.detail.sessions')}</h2>
					<ResultMessage intents={['revoke', 'revokeAll']} success={(n) => (n === 1 ? t('sessions.revoked') : t('sessions.revokedAll', { count: n }))} />
					<SessionTable sessions={sessions} />
					{sessions.length > 1 ? (
						<Form method="post" className="form-row">
							<button type="submit" name="intent" value="revokeAll" onClick={confirmFirst(t('sessions.confirmRevokeAll', { name: account.name }))}>
								{t('sessions.revokeAll')}
							</button>
						</Form>
					) : null}
				</section>

				<section aria-labelledby="history" className="panel panel-wide">
					<h2 id="history">{t('users.detail.history')}</h2>
					<AccountHistory history={history} />
				</section>
			</div>
		</div>
	)
}

function ProfileForm({ account, units, regions }: { account: LoaderData['account']; units: LoaderData['units']; regions: LoaderData['regions'] }) {
	const { t } = useTranslation()
	const result = useResultOf('profile')
	const navigation = useNavigation()
	const defaults: EditUserInput = { name: account.name, role: account.role, unitId: account.unitId ?? '', regionId: account.regionId ?? '' }
	// `values`: after a save the loader's new data becomes the form's.
	const form = useForm<EditUserInput>({ resolver: zodResolver(editUserSchema), values: defaults })
	const fields = useFormFields(form, result && !result.ok ? result.errors : {})
	const onSubmit = useCheckedSubmit(form)
	return (
		<Form method="post" className="stack" noValidate onSubmit={onSubmit}>
			<input type="hidden" name="intent" value="profile" />
			{result?.ok && result.intent === 'profile' ? (
				<p className="form-success" role="status">
					{t(result.changed ? 'users.detail.saved' : 'users.detail.unchanged')}
				</p>
			) : null}
			<ErrorList messages={[result?.ok === false ? result.formError : null]} />
			<label>
				{t('users.name')}
				<input {...fields.register('name')} defaultValue={defaults.name} />
				{fields.errorFor('name')}
			</label>
			<RoleUnitFields
				role={{ ...fields.register('role'), defaultValue: defaults.role }}
				unit={{ ...fields.register('unitId'), defaultValue: defaults.unitId }}
				region={{ ...fields.register('regionId'), defaultValue: defaults.regionId }}
				units={units}
				regions={regions}
				roleError={fields.errorFor('role')}
				unitError={fields.errorFor('unitId')}
				regionError={fields.errorFor('regionId')}
			/>
			<p>
				<button type="submit" className="button-primary" disabled={navigation.state === 'submitting'}>
					{t('users.detail.save')}
				</button>
			</p>
		</Form>
	)
}

function ResetPassword({ name, username }: { name: string; username: string }) {
	const { t } = useTranslation()
	const result = useResultOf('resetTyped', 'resetGenerated')
	const form = useForm<ResetPasswordInput>({ resolver: zodResolver(resetPasswordSchema), defaultValues: { username, password: '' } })
	const fields = useFormFields(form, result && !result.ok ? result.errors : {})
	const onSubmit = useCheckedSubmit(form, () => form.reset({ username, password: '' }))
	return (
		<>
			<p className="muted">{t('users.detail.resetIntro')}</p>
			{result?.ok && 'temporaryPassword' in result ? (
				<div className="temporary-password" role="status">
					<p>{t('users.detail.resetDone', { n: result.count, name })}</p>
					{result.temporaryPassword ? (
						<>
							<p className="temporary-password-value mono" data-testid="temporary-password">
								{result.temporaryPassword}
							</p>
							<p className="muted">{t('users.detail.shownOnce')}</p>
						</>
					) : null}
				</div>
			) : null}
			<ErrorList messages={[result?.ok === false ? result.formError : null]} />
			<Form method="post" className="stack" noValidate onSubmit={onSubmit}>
				<input type="hidden" name="intent" value="resetTyped" />
				<div className="field">
					<label>
						{t('users.detail.temporaryPassword')}
						{/* Visible text: the admin reads it out to the user. */}
						<input
							type="text"
							{...fields.register('password')}
							{...fields.aria('password', 'reset-rules')}
							autoComplete="off"
							spellCheck={false}
							className="mono"
						/>
					</label>
					<span className="field-hint muted" id="reset-rules">
						{t('account.password.rules')}
					</span>
					{fields.errorFor('password')}
				</div>
				<p className="button-row">
					<button type="submit">{t('users.detail.resetTyped')}</button>
				</p>
			</Form>
			<p className="or-line">{t('users.detail.or')}</p>
			<Form method="post">
				<button
					type="submit"
					name="intent"
					value="resetGenerated"
					className="button-primary"
					onClick={confirmFirst(t('users.detail.confirmGenerate', { name }))}
				>
					{t('users.detail.resetGenerated')}
				</button>
			</Form>
		</>
	)
}

type HistoryRow = LoaderData['history'][number]

/** Reads the `after` JSON the account's audit rows carry: a failed sign-in's reason and the lock it started. */
function historyDetail(row: HistoryRow) {
	if (!row.after) return null
	try {
		const after = JSON.parse(row.after) as { reason?: string; lockedUntil?: string | null }
		return { reason: after.reason ?? null, lockedUntil: after.lockedUntil ?? null }
	} catch {
		return null
	}
}

function AccountHistory({ history }: { history: readonly HistoryRow[] }) {
	const { t } = useTranslation()
	if (history.length === 0) return <p className="muted">{t('users.detail.historyEmpty')}</p>
	return (
		<div className="table-scroll">
			<table className="data-table compact">
				<thead>
					<tr>
						<th>{t('users.detail.at')}</th>
						<th>{t('users.detail.event')}</th>
						<th>{t('users.detail.by')}</th>
						<th>{t('users.detail.address')}</th>
					</tr>
				</thead>
				<tbody>
					{history.map((row) => {
						const detail = historyDetail(row)
						const event = t(`audit.actions.${row.action}`, { defaultValue: row.action })
						return (
							<tr key={row.id}>
								<td className="nowrap">{formatDateTime(row.at)}</td>
								<td>
									{detail?.reason
										? t('users.detail.eventWithReason', { event, reason: t(`users.detail.reasons.${detail.reason}`, { defaultValue: detail.reason }) })
										: event}
									{detail?.lockedUntil ? (
										<span className="badge badge-danger">{t('users.detail.lockedUntil', { time: formatDateTime(detail.lockedUntil) })}</span>
									) : null}
								</td>
								<td>{row.user?.name ?? '—'}</td>
								<td>
									<Address ip={row.ip} />
								</td>
							</tr>
						)
					})}
				</tbody>
			</table>
		</div>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
