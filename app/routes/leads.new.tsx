import { zodResolver } from '@hookform/resolvers/zod'
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, redirect } from '@remix-run/node'
import { Form, Link, useActionData, useFetcher, useLoaderData } from '@remix-run/react'
import { useForm } from 'react-hook-form'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { ErrorList, useCheckedSubmit, useFormFields } from '~/components/forms'
import { LeadFields } from '~/components/lead/lead-form'
import { RegionSelect } from '~/components/region-select'
import { FieldLabel, RequiredLegend } from '~/components/required-mark'
import { prisma } from '~/db.server'
import { actorOf } from '~/domain/auth/record-access'
import { type LeadData, type LeadInput, leadRefusal, leadSchema } from '~/domain/lead/schemas'
import { userText } from '~/domain/text/text-field'
import { createLead, leadFormOptions, searchLeadCompanies } from '~/models/lead.server'
import { requirePermission } from '~/utils/auth.server'
import { fieldErrors, type Refusal, refusal } from '~/utils/forms'
import { pageTitle } from '~/utils/page-title'
import { UserError } from '~/utils/user-error'

const querySchema = z.object({
	q: userText().trim().max(100).catch(''),
	companyId: userText().trim().max(64).catch(''),
})

/** `?q=` narrows the company list by name; `?companyId=` preselects a company (e.g. from a company page). */
export async function loader({ request }: LoaderFunctionArgs) {
	const user = await requirePermission(request, 'write:crm')
	const { q, companyId } = querySchema.parse(Object.fromEntries(new URL(request.url).searchParams))
	const [companies, options] = await Promise.all([searchLeadCompanies(prisma, q, companyId || null, user.scope), leadFormOptions(prisma, user)])
	return { q, companyId, companies, options }
}

export async function action({ request }: ActionFunctionArgs) {
	const user = await requirePermission(request, 'write:crm')
	const parsed = leadSchema.safeParse(Object.fromEntries(await request.formData()))
	if (!parsed.success) {
		return data<Refusal>(refusal(fieldErrors(parsed.error), 'leads.errors.fixFields'), { status: 400 })
	}
	try {
		const lead = await createLead(prisma, parsed.data, actorOf(user))
		return redirect(`/leads/${lead.id}`)
	} catch (error) {
		if (!(error instanceof UserError)) throw error
		return data<Refusal>(leadRefusal(error), { status: error.status })
	}
}

export const handle = pageTitle('leads.form.title')

export default function NewLeadPage() {
	const loaderData = useLoaderData<typeof loader>()
	const result = useActionData<typeof action>()
	const { t } = useTranslation()
	// With JavaScript the search reloads only the company list, keeping what is typed below.
	const search = useFetcher<typeof loader>()
	const companies = search.data?.companies ?? loaderData.companies
	const { options } = loaderData
	const defaults = {
		companyId: loaderData.companyId,
		ownerId: options.defaultOwnerId,
		unitId: options.defaultUnitId ?? '',
		regionId: options.defaultRegionId ?? '',
		priority: 'medium',
		source: '',
		nextActionDate: '',
		notes: '',
	}
	const form = useForm<LeadInput, unknown, LeadData>({
		resolver: zodResolver(leadSchema),
		defaultValues: defaults as LeadInput,
	})
	const fields = useFormFields(form, result?.errors ?? {})
	const onSubmit = useCheckedSubmit(form)

	return (
		<>
			<p>
				<Link to="/leads">← {t('leads.detail.back')}</Link>
			</p>
			<h1>{t('leads.form.title')}</h1>
			<search.Form method="get" className="search-bar" role="search">
				{/* The chosen company stays in the list whatever the search finds. */}
				<input type="hidden" name="companyId" value={form.watch('companyId') ?? ''} />
				<input type="search" name="q" defaultValue={loaderData.q} aria-label={t('leads.form.companySearch')} placeholder={t('leads.form.companySearch')} />
				<button type="submit">{t('leads.form.find')}</button>
			</search.Form>
			<p className="muted">{t('leads.form.companyMatches', { count: companies.length })}</p>
			<ErrorList messages={[result?.formError]} />
			<Form method="post" className="stack narrow lead-form" noValidate onSubmit={onSubmit}>
				<RequiredLegend />
				<label>
					<FieldLabel required>{t('leads.company')}</FieldLabel>
					<select {...fields.register('companyId')} defaultValue={defaults.companyId} required>
						<option value="">{t('leads.form.chooseCompany')}</option>
						{companies.map((c) => (
							<option key={c.id} value={c.id}>
								{c.name}
								{c.isSample ? ` · ${t('app.sample')}` : ''}
								{c.openLeadId ? ` ${t('leads.form.hasOpenLead')}` : ''}
							</option>
						))}
					</select>
					{fields.errorFor('companyId')}
				</label>
				<RegionSelect field={fields.register('regionId')} regions={options.regions} defaultValue={defaults.regionId} error={fields.errorFor('regionId')} />
				<LeadFields register={fields.register} errorFor={fields.errorFor} defaults={defaults} options={options} assignmentLocked={options.assignmentLocked} />
				<div>
					<button type="submit" className="button-primary">
						{t('leads.form.create')}
					</button>
				</div>
			</Form>
		</>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
