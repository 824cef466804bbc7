import { type LoaderFunctionArgs } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { SampleBadge } from '~/components/sample-badge'
import { prisma } from '~/db.server'
import { currentStageDate } from '~/domain/project/stages'
import { useLocale, useLocalizedName } from '~/i18n/use-localized'
import { listProjects } from '~/models/project.server'
import { requirePermission } from '~/utils/auth.server'
import { formatCNY, formatDate } from '~/utils/format'

export async function loader({ request }: LoaderFunctionArgs) {
	await requirePermission(request, 'read:any')
	const projects = await listProjects(prisma)
	const totalInvestmentCNY = projects.reduce((sum, p) => sum + p.investmentCNY, 0)
	return { projects, totalInvestmentCNY }
}

export default function ProjectsPage() {
	const { projects, totalInvestmentCNY } = useLoaderData<typeof loader>()
	const { t } = useTranslation()
	const locale = useLocale()
	const localized = useLocalizedName()
	return (
		<>
			<h1>{t('projects.title')}</h1>
			{projects.length === 0 ? (
				<p>{t('projects.empty')}</p>
			) : (
				<table className="data-table">
					<thead>
						<tr>
							<th>{t('projects.name')}</th>
							<th>{t('projects.company')}</th>
							<th>{t('projects.type')}</th>
							<th className="num">{t('projects.investment')}</th>
							<th>{t('projects.stage')}</th>
							<th>{t('projects.stageDate')}</th>
							<th>{t('projects.unit')}</th>
							<th>{t('projects.clusterLeading')}</th>
							<th>{t('projects.links')}</th>
						</tr>
					</thead>
					<tbody>
						{projects.map((p) => (
							<tr key={p.id}>
								<td>
									{p.title} <SampleBadge show={p.isSample} />
								</td>
								<td>{p.company.name}</td>
								<td>{t(`projects.types.${p.type}`, { defaultValue: p.type })}</td>
								<td className="num">{formatCNY(p.investmentCNY, locale)}</td>
								<td>{t(`projects.stages.${p.stage}`, { defaultValue: p.stage })}</td>
								<td>{formatDate(currentStageDate(p))}</td>
								<td>{localized(p.responsibleUnit)}</td>
								<td>{p.isClusterLeading ? t('app.yes') : ''}</td>
								<td>{p.links.map((l) => localized(l)).join('、')}</td>
							</tr>
						))}
					</tbody>
					<tfoot>
						<tr>
							<th>{t('app.total')}</th>
							<td data-testid="project-count">{t('projects.count', { count: projects.length })}</td>
							<td />
							<td className="num" data-testid="project-total">
								{formatCNY(totalInvestmentCNY, locale)}
							</td>
							<td colSpan={5} />
						</tr>
					</tfoot>
				</table>
			)}
		</>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
