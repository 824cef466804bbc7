import { type ActionFunctionArgs, data, type LoaderFunctionArgs, redirect } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { CompanyForm } from '~/components/company-form'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { prisma } from '~/db.server'
import { actorOf, isManager } from '~/domain/auth/record-access'
import { EMPTY_COMPANY_FORM, parseCompanyForm } from '~/domain/company/company-schema'
import { companyFormRefusal, listRegionOptions, saveCompanyForm } from '~/models/company.server'
import { requirePermission } from '~/utils/auth.server'
import { pageTitle } from '~/utils/page-title'

export async function loader({ request }: LoaderFunctionArgs) {
	const user = await requirePermission(request, 'write:crm')
	return { regions: await listRegionOptions(prisma), countedFactsLocked: !isManager(user) }
}

export async function action({ request }: ActionFunctionArgs) {
	const user = await requirePermission(request, 'write:crm')
	const form = parseCompanyForm(await request.formData())
	if (!form.data) return data(companyFormRefusal(form.values, { errors: form.errors }), { status: 400 })
	const result = await saveCompanyForm(prisma, { actor: actorOf(user), companyId: null }, form.data)
	return result.ok ? redirect(`/companies/${result.id}`) : data(companyFormRefusal(form.values, result), { status: result.status })
}

export const handle = pageTitle('companyDb.form.newTitle')

export default function NewCompanyPage() {
	const { regions, countedFactsLocked } = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const { t } = useTranslation()
	return (
		<>
			<h1>{t('companyDb.form.newTitle')}</h1>
			<CompanyForm
				id="company-form"
				defaults={actionData?.values ?? EMPTY_COMPANY_FORM}
				serverErrors={actionData?.errors ?? {}}
				formError={actionData?.formError ?? null}
				regions={regions}
				cancelTo="/companies"
				countedFactsLocked={countedFactsLocked}
				// A manager's new company whose tags or revenue issued reports would count needs a reason (ADR 0011).
				closed={actionData?.ok === false && actionData.closed.length > 0 ? { reports: actionData.closed, askReason: !countedFactsLocked } : undefined}
				creating
				duplicates={actionData?.ok === false ? actionData.duplicates : []}
			/>
		</>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
