import { type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { SampleBadge } from '~/components/sample-badge'
import { prisma } from '~/db.server'
import { listOverdueLeads } from '~/models/lead.server'
import { requirePermission } from '~/utils/auth.server'
import { formatDate } from '~/utils/format'

export async function loader({ request }: LoaderFunctionArgs) {
	const user = await requirePermission(request, 'read:any')
	const [chains, companies, leads, projects, quotas, overdue] = await Promise.all([
		prisma.chain.count(),
		prisma.company.count(),
		prisma.lead.count(),
		prisma.project.count(),
		prisma.quota.count(),
		listOverdueLeads(prisma, user.id),
	])
	return { user: { name: user.name }, counts: { chains, companies, leads, projects, quotas }, overdue }
}

const TILES = [
	{ key: 'chains', to: '/chains' },
	{ key: 'companies', to: '/companies' },
	{ key: 'leads', to: '/leads' },
	{ key: 'projects', to: '/projects' },
	{ key: 'quotas', to: '/quotas' },
] as const

export default function Home() {
	const { user, counts, overdue } = useLoaderData<typeof loader>()
	const { t } = useTranslation()
	return (
		<>
			<h1>{t('home.welcome', { name: user.name })}</h1>
			<h2>{t('home.summary')}</h2>
			<ul className="tiles">
				{TILES.map((tile) => (
					<li key={tile.key}>
						<Link to={tile.to} className="tile">
							<span className="tile-value" data-testid={`count-${tile.key}`}>
								{counts[tile.key]}
							</span>
							<span className="tile-label">{t(`home.${tile.key}`)}</span>
						</Link>
					</li>
				))}
			</ul>
			<h2>{t('home.myOverdue')}</h2>
			{overdue.length === 0 ? (
				<p>{t('home.noOverdue')}</p>
			) : (
				<ul className="plain-list">
					{overdue.map((lead) => (
						<li key={lead.id} className="overdue">
							{lead.company.name} · {t(`leads.stages.${lead.stage}`)} · {t('home.nextAction')}{' '}
							{formatDate(lead.nextActionDate)} <SampleBadge show={lead.isSample} />
						</li>
					))}
				</ul>
			)}
		</>
	)
}

export const meta: MetaFunction = () => [{ title: '链招 ChainLead' }]

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
