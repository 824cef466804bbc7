import { type ActionFunctionArgs, data, type LoaderFunctionArgs, redirect } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { ClosedPeriodNotice, closedReportList } from '~/components/closed-period-notice'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { ErrorList } from '~/components/forms'
import { prisma } from '~/db.server'
import { actorOf } from '~/domain/auth/record-access'
import { undoMergeFormSchema } from '~/domain/company/merge'
import { type IssuedReportRef } from '~/domain/report/closed-periods'
import { useLocale } from '~/i18n/use-localized'
import { type ChangedSinceMerge, CompanyMergeError, getMerge, undoMerge } from '~/models/company-merge.server'
import { requirePermission } from '~/utils/auth.server'
import { formatDateTime } from '~/utils/format'
import { type Refusal, refusal, refusalOf } from '~/utils/forms'
import { pageTitle } from '~/utils/page-title'
import { UserError } from '~/utils/user-error'

/** /companies/merges/:id: what a merge did, and its undo. */
export async function loader({ request, params }: LoaderFunctionArgs) {
	await requirePermission(request, 'manage:companies')
	const merge = await getMerge(prisma, params.id ?? '')
	if (!merge) throw new Response('Merge not found', { status: 404 })
	return { merge }
}

/** A refused undo (success redirects back here): why, the issued reports it would alter, the changes since the merge it would lose. */
type UndoRefusal = Refusal & { closed: IssuedReportRef[]; changed: ChangedSinceMerge[] }

export async function action({ request, params }: ActionFunctionArgs) {
	const user = await requirePermission(request, 'manage:companies')
	const parsed = undoMergeFormSchema.safeParse(Object.fromEntries(await request.formData()))
	if (!parsed.success)
		return data<UndoRefusal>({ ...refusal({}, parsed.error.issues[0]?.message ?? 'errors.badRequest'), closed: [], changed: [] }, { status: 400 })
	try {
		await undoMerge(prisma, actorOf(user), params.id ?? '', parsed.data.closedReason)
		return redirect(`/companies/merges/${params.id}`)
	} catch (error) {
		if (!(error instanceof UserError)) throw error
		if (error.status === 404) throw new Response('Merge not found', { status: 404 })
		const listed = error instanceof CompanyMergeError ? { closed: error.closed, changed: error.changed } : { closed: [], changed: [] }
		return data<UndoRefusal>({ ...refusalOf(error), ...listed }, { status: error.status })
	}
}

export const handle = pageTitle('companyMerge.record.title')

export default function MergeRecordPage() {
	const { merge } = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const { t } = useTranslation()
	const locale = useLocale()
	const navigation = useNavigation()
	const closed = actionData && actionData.closed.length > 0 ? actionData.closed : merge.closed
	const reports = closedReportList(closed, t, locale)
	const names = { kept: merge.keptName, removed: merge.removedName }
	return (
		<>
			<p>
				<Link to={`/companies/${merge.keptExists ? merge.keptId : ''}`}>← {merge.keptExists ? merge.keptName : t('companyDb.backToList')}</Link>
			</p>
			<h1>{t('companyMerge.record.title')}</h1>
			<p>{t('companyMerge.record.summary', { ...names, user: merge.user.name, at: formatDateTime(merge.at) })}</p>
			<p>{t('companyMerge.record.moved', merge.moves)}</p>
			{merge.filled.length > 0 ? <p>{t('companyMerge.record.filled', { fields: merge.filled.map((f) => t(`companyMerge.fields.${f}`)).join('、') })}</p> : null}
			{merge.undoneAt ? (
				<p className="callout-info" role="status">
					{t('companyMerge.record.undone', { ...names, user: merge.undoneBy ?? '—', at: formatDateTime(merge.undoneAt) })}{' '}
					<Link to={`/companies/${merge.removedId}`}>{merge.removedName}</Link>
				</p>
			) : !merge.keptExists ? (
				<p className="callout-warn">{t('companyMerge.record.keptGone')}</p>
			) : (
				<Form method="post" className="panel merge-undo">
					<p>{t('companyMerge.record.undoHint', names)}</p>
					{closed.length > 0 ? <ClosedPeriodNotice message={t('closedPeriods.companyNotice', { reports })} /> : null}
					<ErrorList messages={[actionData?.formError ? { ...actionData.formError, params: { reports, ...actionData.formError.params } } : null]} />
					{actionData && actionData.changed.length > 0 ? (
						<ul className="merge-changed">
							{actionData.changed.map((c, i) => (
								<li key={i}>{t(`companyMerge.changed.${c.kind}`, { name: c.name })}</li>
							))}
						</ul>
					) : null}
					<button type="submit" className="button-primary" disabled={navigation.state === 'submitting'}>
						{navigation.state === 'submitting' ? t('companyMerge.record.undoing') : t('companyMerge.record.undo')}
					</button>
				</Form>
			)}
		</>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
