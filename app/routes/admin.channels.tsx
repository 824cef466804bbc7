import { type ActionFunctionArgs, data, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { FieldError, fieldAria } from '~/components/forms'
import { prisma } from '~/db.server'
import { newChannelSchema, PROVIDERS } from '~/domain/notify/providers'
import { getLocale } from '~/i18n/locale.server'
import { useLocalizedName } from '~/i18n/use-localized'
import { createChannel, deleteChannel, getChannelName, listChannels, listDeliveries, setChannelEnabled } from '~/models/notify-channel.server'
import { sendTestMessage } from '~/models/notify-digest.server'
import { listUnits } from '~/models/unit.server'
import { requirePermission } from '~/utils/auth.server'
import { formatDateTime } from '~/utils/format'
import { type ActionResult, type FieldErrors, fieldErrors, formText, refusal } from '~/utils/forms'
import { pageTitle } from '~/utils/page-title'
import { clientAddressOf } from '~/utils/request-context.server'

/** Admins only: a robot's webhook is a credential to a group chat (ADR 0038). */
export async function loader({ request }: LoaderFunctionArgs) {
	await requirePermission(request, 'manage:notify')
	const [channels, deliveries, units] = await Promise.all([listChannels(prisma), listDeliveries(prisma), listUnits(prisma)])
	return {
		units,
		channels: channels.map((c) => ({ ...c, last: c.last ? { ...c.last, createdAt: c.last.createdAt.toISOString() } : null })),
		deliveries: deliveries.map((d) => ({ ...d, createdAt: d.createdAt.toISOString() })),
	}
}

type ChannelResult = ActionResult<
	| { intent: 'create'; name: string }
	| { intent: 'test'; name: string; status: 'sent' | 'rejected' | 'failed'; errorKey: string | null; error: string | null }
	| { intent: 'toggle' | 'delete' },
	{ intent: 'create' }
>

const idSchema = z.object({ id: z.string().min(1).max(100) })

export async function action({ request, context }: ActionFunctionArgs) {
	const admin = await requirePermission(request, 'manage:notify')
	const actor = { id: admin.id, address: clientAddressOf(context) }
	const form = await request.formData()
	const values = Object.fromEntries(form)
	const intent = formText(form, 'intent') ?? ''
	if (intent === 'create') {
		const parsed = newChannelSchema.safeParse(values)
		if (!parsed.success) return data<ChannelResult>({ ...refusal(fieldErrors(parsed.error)), intent: 'create' }, { status: 400 })
		const id = await createChannel(prisma, parsed.data, actor)
		if (!id) return data<ChannelResult>({ ...refusal({ unitId: 'notify.errors.unit' }), intent: 'create' }, { status: 400 })
		return data<ChannelResult>({ ok: true, intent: 'create', name: parsed.data.name })
	}
	const target = idSchema.safeParse(values)
	if (!target.success || !['test', 'enable', 'disable', 'delete'].includes(intent)) throw new Response('Bad request', { status: 400 })
	const { id } = target.data
	const name = await getChannelName(prisma, id)
	if (name === null) throw new Response('Not found', { status: 404 })
	if (intent === 'test') {
		const delivery = await sendTestMessage(prisma, id, await getLocale(request))
		if (!delivery) throw new Response('Not found', { status: 404 })
		return data<ChannelResult>({ ok: true, intent: 'test', name, status: delivery.status, errorKey: delivery.errorKey, error: delivery.error })
	}
	if (intent === 'delete') {
		if (!(await deleteChannel(prisma, id, actor))) throw new Response('Not found', { status: 404 })
		return data<ChannelResult>({ ok: true, intent: 'delete' })
	}
	if (!(await setChannelEnabled(prisma, id, intent === 'enable', actor))) throw new Response('Not found', { status: 404 })
	return data<ChannelResult>({ ok: true, intent: 'toggle' })
}

export const handle = pageTitle('notify.admin.title')

export default function ChannelsPage() {
	const { channels, deliveries, units } = useLoaderData<typeof loader>()
	const result = useActionData<typeof action>()
	const navigation = useNavigation()
	const busy = navigation.state !== 'idle'
	const { t } = useTranslation()
	const localized = useLocalizedName()
	const errors: FieldErrors = result?.ok === false ? result.errors : {}
	const errorFor = (field: keyof FieldErrors) => <FieldError id={field} message={errors[field]} />
	return (
		<>
			<h1>{t('notify.admin.title')}</h1>
			<p className="muted">{t('notify.admin.intro')}</p>
			{result?.ok && result.intent === 'test' ? (
				result.status === 'sent' ? (
					<p className="notice-ok" role="status" data-testid="test-result">
						{t('notify.admin.testSent', { name: result.name })}
					</p>
				) : (
					<div className="notice-error" role="alert" data-testid="test-result">
						<p>{t('notify.admin.testFailed', { name: result.name, reason: t(result.errorKey ?? 'notify.errors.rejected') })}</p>
						{result.error ? <p className="mono">{result.error}</p> : null}
					</div>
				)
			) : null}
			{result?.ok && result.intent === 'create' ? (
				<p className="notice-ok" role="status">
					{t('notify.admin.added', { name: result.name })}
				</p>
			) : null}

			<section className="panel">
				<h2>{t('notify.admin.channels')}</h2>
				{channels.length === 0 ? (
					<p className="muted">{t('notify.admin.none')}</p>
				) : (
					<div className="table-scroll">
						<table className="data-table stack-table" data-testid="channel-table">
							<thead>
								<tr>
									<th>{t('notify.admin.unit')}</th>
									<th>{t('notify.admin.name')}</th>
									<th>{t('notify.admin.provider')}</th>
									<th>{t('notify.admin.webhook')}</th>
									<th>{t('notify.admin.state')}</th>
									<th>{t('notify.admin.lastDelivery')}</th>
									<th>{t('app.actions')}</th>
								</tr>
							</thead>
							<tbody>
								{channels.map((c) => (
									<tr key={c.id} data-testid={`channel-${c.name}`}>
										<td data-label={t('notify.admin.unit')}>{localized(c.unit)}</td>
										<td data-label={t('notify.admin.name')}>{c.name}</td>
										<td data-label={t('notify.admin.provider')}>{t(`notify.providers.${c.provider}`)}</td>
										<td data-label={t('notify.admin.webhook')}>
											<span className="channel-webhook">{c.webhook}</span>
											<br />
											<span className="muted">{c.signed ? t('notify.admin.signed') : t('notify.admin.unsigned')}</span>
										</td>
										<td data-label={t('notify.admin.state')}>
											<span className={c.enabled ? 'badge badge-ok' : 'badge'}>{c.enabled ? t('notify.admin.enabled') : t('notify.admin.disabled')}</span>
										</td>
										<td data-label={t('notify.admin.lastDelivery')}>
											{c.last
												? `${formatDateTime(c.last.createdAt)} · ${t(`notify.status.${c.last.status}`, { defaultValue: c.last.status })}`
												: t('notify.admin.never')}
										</td>
										<td data-label={t('app.actions')}>
											<div className="channel-actions">
												<Form method="post">
													<input type="hidden" name="id" value={c.id} />
													<button type="submit" name="intent" value="test" disabled={busy || !c.enabled}>
														{t('notify.admin.test')}
													</button>
												</Form>
												<Form method="post">
													<input type="hidden" name="id" value={c.id} />
													<button type="submit" name="intent" value={c.enabled ? 'disable' : 'enable'} disabled={busy}>
														{c.enabled ? t('notify.admin.disable') : t('notify.admin.enable')}
													</button>
												</Form>
												<Form
													method="post"
													onSubmit={(event) => {
														if (!window.confirm(t('notify.admin.removeConfirm', { name: c.name }))) event.preventDefault()
													}}
												>
													<input type="hidden" name="id" value={c.id} />
													<button type="submit" name="intent" value="delete" className="danger" disabled={busy}>
														{t('notify.admin.remove')}
													</button>
												</Form>
											</div>
										</td>
									</tr>
								))}
							</tbody>
						</table>
					</div>
				)}
			</section>

			<section className="panel">
				<h2>{t('notify.admin.add')}</h2>
				<Form method="post" className="stack" autoComplete="off" data-testid="channel-form">
					<input type="hidden" name="intent" value="create" />
					<label>
						{t('notify.admin.unit')}
						<select name="unitId" required {...fieldAria('unitId', errors.unitId)}>
							<option value="">—</option>
							{units.map((u) => (
								<option key={u.id} value={u.id}>
									{localized(u)}
								</option>
							))}
						</select>
						{errorFor('unitId')}
					</label>
					<label>
						{t('notify.admin.provider')}
						<select name="provider" required defaultValue="dingtalk" {...fieldAria('provider', errors.provider)}>
							{PROVIDERS.map((p) => (
								<option key={p} value={p}>
									{t(`notify.providers.${p}`)}
								</option>
							))}
						</select>
						{errorFor('provider')}
					</label>
					<label>
						{t('notify.admin.name')}
						<input name="name" required maxLength={60} {...fieldAria('name', errors.name)} />
						{errorFor('name')}
					</label>
					<label>
						{t('notify.admin.webhook')}
						<input name="webhookUrl" required maxLength={500} spellCheck={false} {...fieldAria('webhookUrl', errors.webhookUrl, 'webhook-hint')} />
						<span className="muted" id="webhook-hint">
							{t('notify.admin.webhookHint')}
						</span>
						{errorFor('webhookUrl')}
					</label>
					<label>
						{t('notify.admin.secret')}
						<input
							name="secret"
							type="password"
							maxLength={200}
							spellCheck={false}
							autoComplete="new-password"
							{...fieldAria('secret', errors.secret, 'secret-hint')}
						/>
						<span className="muted" id="secret-hint">
							{t('notify.admin.secretHint')}
						</span>
						{errorFor('secret')}
					</label>
					<div>
						<button type="submit" className="primary" disabled={busy}>
							{t('notify.admin.save')}
						</button>
					</div>
				</Form>
				<p className="muted">{t('notify.admin.digestHint')}</p>
			</section>

			<section className="panel">
				<h2>{t('notify.admin.log')}</h2>
				<p className="muted">{t('notify.admin.logIntro')}</p>
				{deliveries.length === 0 ? (
					<p className="muted">{t('notify.admin.logEmpty')}</p>
				) : (
					<div className="table-scroll">
						<table className="data-table stack-table" data-testid="delivery-log">
							<thead>
								<tr>
									<th>{t('notify.admin.when')}</th>
									<th>{t('notify.admin.channel')}</th>
									<th>{t('notify.admin.purpose')}</th>
									<th>{t('notify.admin.status')}</th>
									<th className="num">{t('notify.admin.attempts')}</th>
									<th>{t('notify.admin.error')}</th>
								</tr>
							</thead>
							<tbody>
								{deliveries.map((d) => (
									<tr key={d.id}>
										<td className="nowrap" data-label={t('notify.admin.when')}>
											{formatDateTime(d.createdAt)}
										</td>
										<td data-label={t('notify.admin.channel')}>
											{d.channel.name} <span className="muted">({localized(d.channel.unit)})</span>
										</td>
										<td data-label={t('notify.admin.purpose')}>
											{t(`notify.purposes.${d.purpose}`, { defaultValue: d.purpose })}
											{d.day ? ` ${d.day}` : ''}
										</td>
										<td data-label={t('notify.admin.status')}>
											<span className={d.status === 'sent' ? 'badge badge-ok' : 'badge badge-danger'}>
												{t(`notify.status.${d.status}`, { defaultValue: d.status })}
											</span>
										</td>
										<td className="num" data-label={t('notify.admin.attempts')}>
											{d.attempts}
										</td>
										<td data-label={t('notify.admin.error')}>
											{d.errorKey ? t(d.errorKey) : ''}
											{d.error ? <span className="mono muted"> {d.error}</span> : null}
										</td>
									</tr>
								))}
							</tbody>
						</table>
					</div>
				)}
			</section>
		</>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
