import { type ActionFunctionArgs, data, type LoaderFunctionArgs, redirect } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { CompanyConflict, CompanyForm } from '~/components/company-form'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { prisma } from '~/db.server'
import { actorOf, isManager } from '~/domain/auth/record-access'
import { parseCompanyForm, toCompanyFormValues } from '~/domain/company/company-schema'
import {
	closedReportsReadingCompany,
	companyFormRefusal,
	CompanyNotFoundError,
	getCompanyForEdit,
	listRegionOptions,
	saveCompanyForm,
} from '~/models/company.server'
import { requirePermission } from '~/utils/auth.server'
import { pageTitle } from '~/utils/page-title'

// `$id_`: /companies/:id/edit renders on its own, not inside the company page.

export async function loader({ request, params }: LoaderFunctionArgs) {
	const user = await requirePermission(request, 'write:crm')
	const [company, regions] = await Promise.all([getCompanyForEdit(prisma, params.id ?? ''), listRegionOptions(prisma)])
	if (!company) throw new Response('Company not found', { status: 404 })
	return {
		company: { id: company.id, name: company.name },
		values: toCompanyFormValues(company),
		regions,
		countedFactsLocked: !isManager(user),
		// Issued reports that read its tags and revenue: a manager's change to them needs a reason (ADR 0011).
		closed: { reports: await closedReportsReadingCompany(prisma, company), askReason: isManager(user) },
	}
}

export async function action({ request, params }: ActionFunctionArgs) {
	const user = await requirePermission(request, 'write:crm')
	try {
		const form = parseCompanyForm(await request.formData())
		if (!form.data) return data(companyFormRefusal(form.values, { errors: form.errors }), { status: 400 })
		const result = await saveCompanyForm(prisma, { actor: actorOf(user), companyId: params.id ?? '' }, form.data)
		return result.ok ? redirect(`/companies/${result.id}`) : data(companyFormRefusal(form.values, result), { status: result.status })
	} catch (error) {
		if (error instanceof CompanyNotFoundError) throw new Response('Company not found', { status: 404 })
		throw error
	}
}

const FORM_ID = 'company-form'

type HandleData = Awaited<ReturnType<typeof loader>>
export const handle = pageTitle<HandleData>(({ company }, { t }) => t('companyDb.form.editTitle', { name: company.name }))

export default function EditCompanyPage() {
	const { company, values, regions, countedFactsLocked, closed } = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const { t } = useTranslation()
	const conflict = actionData?.ok === false ? actionData.conflict : null
	return (
		<>
			<p>
				<Link to={`/companies/${company.id}`}>← {t('companyDb.backToCompany')}</Link>
			</p>
			<h1>{t('companyDb.form.editTitle', { name: company.name })}</h1>
			{conflict ? <CompanyConflict conflict={conflict} regions={regions} formId={FORM_ID} discardTo={`/companies/${company.id}/edit`} /> : null}
			<CompanyForm
				// A conflict starts the form again from the submitted values at the stored version (locked fields as stored).
				key={conflict ? `conflict-${conflict.current.version}` : 'edit'}
				id={FORM_ID}
				defaults={actionData?.values ?? values}
				serverErrors={actionData?.errors ?? {}}
				formError={actionData?.formError ?? null}
				regions={regions}
				cancelTo={`/companies/${company.id}`}
				countedFactsLocked={countedFactsLocked}
				// A refusal names the reports the change would alter, which may be more than those reading the company now.
				closed={actionData?.ok === false && actionData.closed.length > 0 ? { ...closed, reports: actionData.closed } : closed}
				companyId={company.id}
				duplicates={actionData?.ok === false ? actionData.duplicates : []}
			/>
		</>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
