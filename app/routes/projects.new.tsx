import { type ActionFunctionArgs, data, type LoaderFunctionArgs, redirect } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { ProjectForm } from '~/components/project-form'
import { prisma } from '~/db.server'
import { actorOf, allowedProjectStages, isManager } from '~/domain/auth/record-access'
import { newProjectFormValues, parseProjectForm, type ProjectFormValues } from '~/domain/project/project-schema'
import { type IssuedReportRef } from '~/domain/report/closed-periods'
import { projectFormOptions, saveProjectForm } from '~/models/project.server'
import { requirePermission } from '~/utils/auth.server'
import { type Refusal, refusal } from '~/utils/forms'
import { pageTitle } from '~/utils/page-title'
import { todayInChina } from '~/utils/today'

export async function loader({ request }: LoaderFunctionArgs) {
	const user = await requirePermission(request, 'write:crm')
	const options = await projectFormOptions(prisma, user)
	// /projects/new?company=<id> starts the form for that company (e.g. from its page).
	const wanted = new URL(request.url).searchParams.get('company') ?? ''
	const companyId = options.companies.some((c) => c.id === wanted) ? wanted : ''
	const actor = actorOf(user)
	return { options, stages: allowedProjectStages(actor), askReason: isManager(actor), defaults: newProjectFormValues({ companyId, today: todayInChina() }) }
}

/** A refused new project: the form drawn again from the posted values, with the issued reports it would alter (ADR 0011). */
type NewProjectRefusal = Refusal & { values: ProjectFormValues; closed: IssuedReportRef[] }

export async function action({ request }: ActionFunctionArgs) {
	const user = await requirePermission(request, 'write:crm')
	const form = parseProjectForm(await request.formData())
	if (!form.data) return data<NewProjectRefusal>({ ...refusal(form.errors), values: form.values, closed: [] }, { status: 400 })
	const result = await saveProjectForm(prisma, actorOf(user), form.data, { projectId: null, regionId: form.regionId })
	if (result.ok) return redirect(`/projects/${result.id}`)
	const { ok, errors, formError, closed, status } = result
	return data<NewProjectRefusal>({ ok, errors, formError, closed, values: form.values }, { status })
}

export const handle = pageTitle('projects.new.title')

export default function NewProjectPage() {
	const { options, stages, askReason, defaults } = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const { t } = useTranslation()
	return (
		<>
			<p>
				<Link to="/projects">← {t('projects.backToList')}</Link>
			</p>
			<h1>{t('projects.new.title')}</h1>
			<ProjectForm
				id="project-form"
				intent="create"
				defaults={actionData?.values ?? defaults}
				options={options}
				serverErrors={actionData?.errors ?? {}}
				formError={actionData?.formError ?? null}
				stages={stages}
				// A new project dated into an issued period alters its figures (ADR 0011): the refusal names the reports.
				closed={{ reports: actionData?.closed ?? [], askReason }}
				submitLabel={t('projects.new.submit')}
			/>
		</>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
