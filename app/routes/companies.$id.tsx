import { type LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { CompanyProfile } from '~/components/company-profile'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { SampleBadge } from '~/components/sample-badge'
import { prisma } from '~/db.server'
import { roleHasPermission } from '~/domain/auth/roles'
import { formatQuantity } from '~/domain/chain/describe-flag'
import { useLocale, useLocalizedName } from '~/i18n/use-localized'
import { COMPANY_ACTIVITY_LIMIT, getCompanyDetail } from '~/models/company.server'
import { requirePermission } from '~/utils/auth.server'
import { formatCNY, formatDate } from '~/utils/format'
import { pageTitle } from '~/utils/page-title'

export async function loader({ request, params }: LoaderFunctionArgs) {
	const user = await requirePermission(request, 'read:any')
	const company = await getCompanyDetail(prisma, params.id ?? '', user.scope)
	if (!company) throw new Response('Company not found', { status: 404 })
	return {
		company,
		canWrite: roleHasPermission(user.role, 'write:crm'),
		canManage: roleHasPermission(user.role, 'manage:companies'),
		canReadAudit: roleHasPermission(user.role, 'read:audit'),
		activityLimit: COMPANY_ACTIVITY_LIMIT,
	}
}

type HandleData = Awaited<ReturnType<typeof loader>>
export const handle = pageTitle<HandleData>(({ company }) => company.name)

export default function CompanyPage() {
	const { company, canWrite, canManage, canReadAudit, activityLimit } = useLoaderData<typeof loader>()
	const { t } = useTranslation()
	const locale = useLocale()
	const localized = useLocalizedName()
	const figure = (value: number | null, unit: string) => (value === null ? '' : formatQuantity(value, unit, locale, 3))
	return (
		<>
			<p>
				<Link to="/companies">← {t('companyDb.backToList')}</Link>
			</p>
			<CompanyProfile
				company={company}
				actions={
					<div className="company-actions">
						{canWrite ? (
							<Link to={`/companies/${company.id}/edit`} className="button-primary">
								{t('companyDb.edit')}
							</Link>
						) : null}
						{canManage ? (
							<>
								<Link to={`/companies/${company.id}/merge`} className="button-secondary button-as-link">
									{t('companyMerge.actions.merge')}
								</Link>
								<Link to={`/companies/${company.id}/delete`} className="button-secondary button-as-link">
									{t('companyMerge.actions.delete')}
								</Link>
							</>
						) : null}
						{canReadAudit ? (
							<Link to={`/audit?${new URLSearchParams({ entity: 'Company', object: company.id })}`}>{t('companyMerge.actions.history')}</Link>
						) : null}
					</div>
				}
			/>

			<section aria-labelledby="company-links">
				<h2 id="company-links">{t('companyDb.links.title')}</h2>
				{company.links.length === 0 ? (
					<p className="muted">{t('companyDb.links.empty')}</p>
				) : (
					<div className="table-scroll">
						<table className="data-table stack-table">
							<thead>
								<tr>
									<th>{t('companyDb.links.chain')}</th>
									<th>{t('companyDb.links.link')}</th>
									<th className="num">{t('chains.year')}</th>
									<th className="num">{t('chains.capacity')}</th>
									<th className="num">{t('chains.output')}</th>
									<th>{t('app.source')}</th>
								</tr>
							</thead>
							<tbody>
								{company.links.map((row) => (
									<tr key={row.id}>
										<td>
											<Link to={`/chains/${row.link.chain.slug}`}>{localized(row.link.chain)}</Link>
										</td>
										<td data-label={t('companyDb.links.link')}>
											{localized(row.link)} <SampleBadge show={row.isSample} />
										</td>
										<td className="num" data-label={t('chains.year')}>
											{row.year ?? ''}
										</td>
										<td className="num" data-label={t('chains.capacity')}>
											{figure(row.capacity, row.link.unit)}
										</td>
										<td className="num" data-label={t('chains.output')}>
											{figure(row.output, row.link.unit)}
										</td>
										<td className="source" data-label={t('app.source')}>
											{row.source}
										</td>
									</tr>
								))}
							</tbody>
						</table>
					</div>
				)}
			</section>

			<section aria-labelledby="company-leads">
				<h2 id="company-leads">{t('companyDb.leads.title')}</h2>
				{company.leads.length === 0 ? (
					<p className="muted">{t('companyDb.leads.empty')}</p>
				) : (
					<table className="data-table stack-table">
						<thead>
							<tr>
								<th>{t('leads.stage')}</th>
								<th>{t('leads.priority')}</th>
								<th>{t('leads.owner')}</th>
								<th>{t('leads.nextAction')}</th>
								<th>{t('app.actions')}</th>
							</tr>
						</thead>
						<tbody>
							{company.leads.map((lead) => (
								<tr key={lead.id}>
									<td>
										{t(`leads.stages.${lead.stage}`, { defaultValue: lead.stage })} <SampleBadge show={lead.isSample} />
									</td>
									<td data-label={t('leads.priority')}>{t(`leads.priorities.${lead.priority}`, { defaultValue: lead.priority })}</td>
									<td data-label={t('leads.owner')}>{lead.owner.name}</td>
									<td className="nowrap" data-label={t('leads.nextAction')}>
										{formatDate(lead.nextActionDate)}
									</td>
									<td>
										<Link to={`/leads/${lead.id}`}>{t('companyDb.leads.open')}</Link>
									</td>
								</tr>
							))}
						</tbody>
					</table>
				)}
			</section>

			<section aria-labelledby="company-projects">
				<h2 id="company-projects">{t('companyDb.projects.title')}</h2>
				{company.projects.length === 0 ? (
					<p className="muted">{t('companyDb.projects.empty')}</p>
				) : (
					<table className="data-table stack-table">
						<thead>
							<tr>
								<th>{t('projects.name')}</th>
								<th>{t('projects.type')}</th>
								<th>{t('projects.stage')}</th>
								<th className="num">{t('projects.investment')}</th>
							</tr>
						</thead>
						<tbody>
							{company.projects.map((project) => (
								<tr key={project.id}>
									<td>
										<Link to={`/projects/${project.id}`}>{project.title}</Link> <SampleBadge show={project.isSample} />
									</td>
									<td data-label={t('projects.type')}>{t(`projects.types.${project.type}`, { defaultValue: project.type })}</td>
									<td data-label={t('projects.stage')}>{t(`projects.stages.${project.stage}`, { defaultValue: project.stage })}</td>
									<td className="num" data-label={t('projects.investment')}>
										{formatCNY(project.investmentCNY, locale)}
									</td>
								</tr>
							))}
						</tbody>
					</table>
				)}
			</section>

			<section aria-labelledby="company-activities">
				<h2 id="company-activities">{t('companyDb.activities.title')}</h2>
				{company.activities.length === 0 ? (
					<p className="muted">{t('companyDb.activities.empty')}</p>
				) : (
					<ol className="company-timeline">
						{company.activities.map((activity) => (
							<li key={activity.id}>
								<p className="company-timeline-head">
									<time dateTime={formatDate(activity.date)}>{formatDate(activity.date)}</time>{' '}
									<strong>{t(`companyDb.activityKinds.${activity.kind}`, { defaultValue: activity.kind })}</strong>{' '}
									<span className="muted">{t('companyDb.activities.by', { name: activity.user.name })}</span> <SampleBadge show={activity.isSample} />
								</p>
								{activity.people ? <p>{t('companyDb.activities.people', { names: activity.people })}</p> : null}
								{activity.notes ? <p className="company-timeline-notes">{activity.notes}</p> : null}
							</li>
						))}
					</ol>
				)}
				{company.activities.length >= activityLimit ? <p className="muted">{t('companyDb.activities.limited', { count: activityLimit })}</p> : null}
			</section>
		</>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
