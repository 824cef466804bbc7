import { zodResolver } from '@hookform/resolvers/zod'
import { type ActionFunctionArgs, data, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useSubmit } from '@remix-run/react'
import { useForm } from 'react-hook-form'
import { useTranslation } from 'react-i18next'
import { AccountStateBadges } from '~/components/account-state'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { ErrorList, useFormFields } from '~/components/forms'
import { RoleUnitFields } from '~/components/role-unit-fields'
import { ThrottleTable } from '~/components/throttle-table'
import { prisma } from '~/db.server'
import { parseThrottleKey } from '~/domain/auth/login-throttle'
import { type NewUser, newUserSchema } from '~/domain/auth/user-schema'
import { useLocalizedName } from '~/i18n/use-localized'
import { listRegionOptions } from '~/models/company.server'
import { listThrottles, unlockThrottle } from '~/models/login-throttle.server'
import { installationHomeRegion } from '~/models/region.server'
import { listUnits } from '~/models/unit.server'
import { createUser, listUsers } from '~/models/user.server'
import { requirePermission } from '~/utils/auth.server'
import { formatDateTime } from '~/utils/format'
import { type ActionResult, fieldErrors, refusal, refusalOf } from '~/utils/forms'
import { pageTitle } from '~/utils/page-title'
import { clientAddressOf } from '~/utils/request-context.server'
import { UserError } from '~/utils/user-error'

export async function loader({ request }: LoaderFunctionArgs) {
	await requirePermission(request, 'manage:users')
	const now = new Date()
	const [users, units, regions, homeRegionId, throttles] = await Promise.all([
		listUsers(prisma, now),
		listUnits(prisma),
		listRegionOptions(prisma),
		installationHomeRegion(prisma),
		listThrottles(prisma, now),
	])
	// Only what holds someone back; a single typo is on the user's own page.
	const heldBack = throttles.filter((t) => t.retryAt !== null)
	const byUsername = new Map(heldBack.filter((t) => t.kind === 'user').map((t) => [t.subject, t]))
	return {
		users: users.map((u) => ({ ...u, throttle: byUsername.get(u.username) ?? null })),
		units,
		regions,
		/** A new account's region unless the admin picks another: the installation's own (ADR 0026). */
		homeRegionId,
		throttles: heldBack,
	}
}

/** Which form the answer is for: an unlock of the sign-in limits table, or the new-account form. */
type UsersResult = ActionResult<{ intent: 'unlock'; unlocked: string } | { intent: 'create'; username: string }, { intent: 'create' }>

export async function action({ request, context }: ActionFunctionArgs) {
	const actor = await requirePermission(request, 'manage:users')
	const values = Object.fromEntries(await request.formData())
	if (values.intent === 'unlock') {
		const key = typeof values.key === 'string' ? values.key : ''
		const parsedKey = parseThrottleKey(key)
		if (!parsedKey) throw new Response('Unknown sign-in limit', { status: 400 })
		await unlockThrottle(prisma, key, { id: actor.id, address: clientAddressOf(context) })
		return data<UsersResult>({ ok: true, intent: 'unlock', unlocked: parsedKey.subject })
	}
	const parsed = newUserSchema.safeParse(values)
	if (!parsed.success) return data<UsersResult>({ ...refusal(fieldErrors(parsed.error)), intent: 'create' }, { status: 400 })
	try {
		const user = await createUser(prisma, parsed.data, actor.id)
		return data<UsersResult>({ ok: true, intent: 'create', username: user.username })
	} catch (error) {
		if (error instanceof UserError) return data<UsersResult>({ ...refusalOf(error), intent: 'create' }, { status: error.status })
		throw error
	}
}

export const handle = pageTitle('users.title')

export default function UsersPage() {
	const { users, units, regions, homeRegionId, throttles } = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const { t } = useTranslation()
	const localized = useLocalizedName()
	const submit = useSubmit()
	const form = useForm<NewUser>({
		resolver: zodResolver(newUserSchema),
		defaultValues: { username: '', name: '', role: 'staff', password: '', unitId: '', regionId: homeRegionId ?? '' },
	})
	const fields = useFormFields(form, actionData?.ok === false ? actionData.errors : {})

	return (
		<>
			<h1>{t('users.title')}</h1>
			<div className="table-scroll">
				<table className="data-table stack-table">
					<thead>
						<tr>
							<th>{t('users.username')}</th>
							<th>{t('users.name')}</th>
							<th>{t('users.role')}</th>
							<th>{t('users.unit')}</th>
							<th>{t('users.region')}</th>
							<th>{t('users.status')}</th>
							<th>{t('users.lastSeen')}</th>
							<th className="num">{t('users.activeSessions')}</th>
						</tr>
					</thead>
					<tbody>
						{users.map((u) => (
							<tr key={u.id} data-testid={`user-row-${u.username}`} className={u.disabledAt ? 'is-disabled' : undefined}>
								<td className="mono">
									<Link to={`/admin/users/${u.id}`} title={t('users.manageNamed', { name: u.name })}>
										{u.username}
									</Link>
								</td>
								<td data-label={t('users.name')}>{u.name}</td>
								<td data-label={t('users.role')}>{t(`roles.${u.role}`, { defaultValue: u.role })}</td>
								<td data-label={t('users.unit')}>{localized(u.unit)}</td>
								<td data-label={t('users.region')}>{u.region ? localized(u.region) : <span className="muted">{t('users.noRegion')}</span>}</td>
								<td data-label={t('users.status')}>
									<AccountStateBadges account={u} throttle={u.throttle} />
								</td>
								<td className="nowrap" data-label={t('users.lastSeen')}>
									{formatDateTime(u.lastSeenAt) || '—'}
								</td>
								<td className="num" data-label={t('users.activeSessions')}>
									{u.activeSessions}
								</td>
							</tr>
						))}
					</tbody>
				</table>
			</div>

			<h2>{t('users.locks.title')}</h2>
			<p className="intro">{t('users.locks.intro')}</p>
			{actionData?.ok && actionData.intent === 'unlock' ? (
				<p className="form-success" role="status">
					{t('users.locks.cleared', { subject: actionData.unlocked })}
				</p>
			) : null}
			<ThrottleTable rows={throttles} />

			<h2>{t('users.create')}</h2>
			{actionData?.ok && actionData.intent === 'create' ? (
				<p className="form-success" role="status">
					{t('users.created', { username: actionData.username })}
				</p>
			) : null}
			{/* Validated by the same zod schema here and in the action; works without JS too. */}
			<Form
				method="post"
				className="stack narrow"
				noValidate
				onSubmit={(event) => {
					const target = event.currentTarget
					event.preventDefault()
					void form.handleSubmit(() => {
						submit(target)
						form.reset()
					})(event)
				}}
			>
				<ErrorList messages={[actionData?.ok === false ? actionData.formError : null]} />
				<label>
					{t('users.username')}
					<input {...fields.register('username')} autoComplete="off" />
					{fields.errorFor('username')}
				</label>
				<label>
					{t('users.name')}
					<input {...fields.register('name')} />
					{fields.errorFor('name')}
				</label>
				<RoleUnitFields
					role={fields.register('role')}
					unit={fields.register('unitId')}
					// In the server-rendered HTML too: react-hook-form sets values only after hydration.
					region={{ ...fields.register('regionId'), defaultValue: homeRegionId ?? '' }}
					units={units}
					regions={regions}
					roleError={fields.errorFor('role')}
					unitError={fields.errorFor('unitId')}
					regionError={fields.errorFor('regionId')}
				/>
				<label>
					{t('users.password')}
					<input type="password" {...fields.register('password')} autoComplete="new-password" />
					{fields.errorFor('password')}
				</label>
				<button type="submit" className="button-primary">
					{t('users.create')}
				</button>
			</Form>
		</>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
