import { type LoaderFunctionArgs } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { SampleBadge } from '~/components/sample-badge'
import { prisma } from '~/db.server'
import { useLocalizedName } from '~/i18n/use-localized'
import { listLeads } from '~/models/lead.server'
import { requirePermission } from '~/utils/auth.server'
import { formatDate } from '~/utils/format'

const OPEN = new Set(['new', 'contacted', 'visited', 'negotiating'])

export async function loader({ request }: LoaderFunctionArgs) {
	await requirePermission(request, 'read:any')
	return { leads: await listLeads(prisma), today: formatDate(new Date()) }
}

export default function LeadsPage() {
	const { leads, today } = useLoaderData<typeof loader>()
	const { t } = useTranslation()
	const localized = useLocalizedName()
	return (
		<>
			<h1>{t('leads.title')}</h1>
			<p className="muted">{t('leads.count', { count: leads.length })}</p>
			{leads.length === 0 ? (
				<p>{t('leads.empty')}</p>
			) : (
				<table className="data-table">
					<thead>
						<tr>
							<th>{t('leads.company')}</th>
							<th>{t('leads.owner')}</th>
							<th>{t('leads.unit')}</th>
							<th>{t('leads.stage')}</th>
							<th>{t('leads.priority')}</th>
							<th>{t('leads.source')}</th>
							<th>{t('leads.nextAction')}</th>
						</tr>
					</thead>
					<tbody>
						{leads.map((lead) => {
							const next = formatDate(lead.nextActionDate)
							const overdue = OPEN.has(lead.stage) && next !== '' && next < today
							return (
								<tr key={lead.id} className={overdue ? 'overdue' : undefined}>
									<td>
										{lead.company.name} <SampleBadge show={lead.isSample} />
									</td>
									<td>{lead.owner.name}</td>
									<td>{localized(lead.unit)}</td>
									<td>{t(`leads.stages.${lead.stage}`, { defaultValue: lead.stage })}</td>
									<td>{t(`leads.priorities.${lead.priority}`, { defaultValue: lead.priority })}</td>
									<td>{t(`leads.sources.${lead.source}`, { defaultValue: lead.source })}</td>
									<td>
										{next}
										{overdue ? <span className="badge badge-warn">{t('leads.overdue')}</span> : null}
									</td>
								</tr>
							)
						})}
					</tbody>
				</table>
			)}
		</>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
