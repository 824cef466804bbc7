import { type ActionFunctionArgs, data, type LoaderFunctionArgs, redirect } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { closedReportList } from '~/components/closed-period-notice'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { ErrorList, Field } from '~/components/forms'
import { prisma } from '~/db.server'
import { actorOf } from '~/domain/auth/record-access'
import { deleteCompanyFormSchema } from '~/domain/company/merge'
import { VersionConflict } from '~/domain/concurrency/conflict'
import { CORRECTION_REASON_MAX } from '~/domain/report/closed-periods'
import { useLocale } from '~/i18n/use-localized'
import { deleteCompany, planDelete } from '~/models/company-merge.server'
import { requirePermission } from '~/utils/auth.server'
import { fieldErrors, type Refusal, refusal, refusalOf } from '~/utils/forms'
import { pageTitle } from '~/utils/page-title'
import { UserError } from '~/utils/user-error'

// `$id_`: /companies/:id/delete renders on its own, not inside the company page.

export async function loader({ request, params }: LoaderFunctionArgs) {
	await requirePermission(request, 'manage:companies')
	const plan = await planDelete(prisma, params.id ?? '')
	if (!plan) throw new Response('Company not found', { status: 404 })
	return { plan }
}

/** A refused delete (success redirects to the list): why, and the reason as posted, for the form to show again. */
type DeleteRefusal = Refusal & { reason: string }

export async function action({ request, params }: ActionFunctionArgs) {
	const user = await requirePermission(request, 'manage:companies')
	const form = Object.fromEntries(await request.formData())
	const reason = typeof form.reason === 'string' ? form.reason : ''
	const parsed = deleteCompanyFormSchema.safeParse(form)
	if (!parsed.success) {
		const errors = fieldErrors(parsed.error)
		// The reason is the user's to fix, under its field; the version is the page's.
		return data<DeleteRefusal>({ ...refusal(errors, errors.reason ? null : 'errors.badRequest'), reason }, { status: 400 })
	}
	try {
		await deleteCompany(prisma, actorOf(user), { companyId: params.id ?? '', ...parsed.data })
		return redirect('/companies')
	} catch (error) {
		if (error instanceof VersionConflict) return data<DeleteRefusal>({ ...refusal({}, 'companyMerge.errors.stale'), reason }, { status: 409 })
		if (!(error instanceof UserError)) throw error
		if (error.status === 404) throw new Response('Company not found', { status: 404 })
		return data<DeleteRefusal>({ ...refusalOf(error), reason }, { status: error.status })
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
					<Field
						id="delete-reason"
						className="stack"
						label={t('companyMerge.delete.reason')}
						required
						hint={t('companyMerge.delete.reasonHint')}
						error={actionData?.errors.reason}
					>
						{(control) => (
							<textarea
								name="reason"
								rows={2}
								required
								maxLength={CORRECTION_REASON_MAX}
								className="input-wide"
								defaultValue={actionData?.reason ?? ''}
								{...control}
							/>
						)}
					</Field>
					<ErrorList messages={[actionData?.formError]} />
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
