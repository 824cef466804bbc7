import { type ActionFunctionArgs, data, type LoaderFunctionArgs, redirect } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { closedReportList } from '~/components/closed-period-notice'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { prisma } from '~/db.server'
import { actorOf } from '~/domain/auth/record-access'
import { deleteCompanyFormSchema } from '~/domain/company/merge'
import { VersionConflict } from '~/domain/concurrency/conflict'
import { CORRECTION_REASON_MAX } from '~/domain/report/closed-periods'
import { useLocale } from '~/i18n/use-localized'
import { CompanyMergeError, deleteCompany, planDelete } from '~/models/company-merge.server'
import { requirePermission } from '~/utils/auth.server'
import { pageTitle } from '~/utils/page-title'

// `$id_`: /companies/:id/delete renders on its own, not inside the company page.

export async function loader({ request, params }: LoaderFunctionArgs) {
	await requirePermission(request, 'manage:companies')
	const plan = await planDelete(prisma, params.id ?? '')
	if (!plan) throw new Response('Company not found', { status: 404 })
	return { plan }
}

type DeleteRefusal = { error: string; counts: { leads: number; projects: number; activities: number } | null; reason: string }

export async function action({ request, params }: ActionFunctionArgs) {
	const user = await requirePermission(request, 'manage:companies')
	const form = Object.fromEntries(await request.formData())
	const reason = typeof form.reason === 'string' ? form.reason : ''
	const parsed = deleteCompanyFormSchema.safeParse(form)
	if (!parsed.success) return data<DeleteRefusal>({ error: parsed.error.issues[0]?.message ?? 'errors.badRequest', counts: null, reason }, { status: 400 })
	try {
		await deleteCompany(prisma, actorOf(user), { companyId: params.id ?? '', ...parsed.data })
		return redirect('/companies')
	} catch (error) {
		if (error instanceof VersionConflict) return data<DeleteRefusal>({ error: 'companyMerge.errors.stale', counts: null, reason }, { status: 409 })
		if (!(error instanceof CompanyMergeError)) throw error
		if (error.status === 404) throw new Response('Company not found', { status: 404 })
		return data<DeleteRefusal>({ error: error.messageKey, counts: error.details.counts ?? null, reason }, { status: error.status })
	}
}

type HandleData = Awaited<ReturnType<typeof loader>>
export const handle = pageTitle<HandleData>(({ plan }, { t }) => t('companyMerge.delete.title', { name: plan.name }))

export default function DeleteCompanyPage() {
	const { plan } = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const { t } = useTranslation()
	const locale = useLocale()
	const navigation = useNavigation()
	const blocked = plan.counts.leads + plan.counts.projects + plan.counts.activities > 0
	const error = actionData?.error
	return (
		<>
			<p>
				<Link to={`/companies/${plan.id}`}>← {t('companyMerge.back')}</Link>
			</p>
			<h1>{t('companyMerge.delete.title', { name: plan.name })}</h1>
			<p className="muted">{t('companyMerge.delete.intro')}</p>
			{blocked ? (
				<div className="callout-warn" role="note">
					<p>{t('companyMerge.delete.blocked', plan.counts)}</p>
					<Link to={`/companies/${plan.id}/merge`} className="button-primary button-as-link">
						{t('companyMerge.delete.mergeInstead')}
					</Link>
				</div>
			) : (
				<Form method="post" className="panel delete-company" noValidate>
					<input type="hidden" name="version" value={plan.version} />
					{plan.counts.figures > 0 ? <p>{t('companyMerge.delete.figures', { count: plan.counts.figures })}</p> : null}
					{plan.closed.length > 0 ? (
						<p className="callout-warn" role="note">
							{t('companyMerge.delete.closed', { reports: closedReportList(plan.closed, t, locale) })}
						</p>
					) : null}
					<label className="stack">
						<span>
							{t('companyMerge.delete.reason')}
							<span aria-hidden="true"> *</span>
						</span>
						<textarea
							name="reason"
							rows={2}
							required
							maxLength={CORRECTION_REASON_MAX}
							className="input-wide"
							defaultValue={actionData?.reason ?? ''}
							aria-invalid={error === 'companyMerge.errors.reasonRequired' ? true : undefined}
							aria-describedby="delete-reason-hint"
						/>
						<span className="field-hint muted" id="delete-reason-hint">
							{t('companyMerge.delete.reasonHint')}
						</span>
					</label>
					{error ? (
						<p className="form-error" role="alert">
							{t(error, actionData?.counts ?? {})}
						</p>
					) : null}
					<button type="submit" className="button-danger" disabled={navigation.state === 'submitting'}>
						{navigation.state === 'submitting' ? t('companyMerge.delete.deleting') : t('companyMerge.delete.submit')}
					</button>
				</Form>
			)}
		</>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
