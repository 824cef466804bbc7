import { type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { LeadMarkers } from '~/components/lead/lead-markers'
import { SampleBadge } from '~/components/sample-badge'
import { prisma } from '~/db.server'
import { DEFAULT_STALLED_DAYS } from '~/domain/lead/status'
import { listOverdueLeads, listStalledLeads } from '~/models/lead.server'
import { requirePermission } from '~/utils/auth.server'
import { formatDate } from '~/utils/format'

export async function loader({ request }: LoaderFunctionArgs) {
	const user = await requirePermission(request, 'read:any')
	const clock = { now: new Date(), stalledDays: DEFAULT_STALLED_DAYS }
	const [chains, companies, leads, projects, quotas, overdue, stalled] = await Promise.all([
		prisma.chain.count(),
		prisma.company.count(),
		prisma.lead.count(),
		prisma.project.count(),
		prisma.quota.count(),
		listOverdueLeads(prisma, user.id, clock),
		listStalledLeads(prisma, user.id, clock),
	])
	return {
		user: { name: user.name },
		counts: { chains, companies, leads, projects, quotas },
		overdue,
		stalled,
		stalledDays: clock.stalledDays,
	}
}

const TILES = [
	{ key: 'chains', to: '/chains' },
	{ key: 'companies', to: '/companies' },
	{ key: 'leads', to: '/leads' },
	{ key: 'projects', to: '/projects' },
	{ key: 'quotas', to: '/quotas' },
] as const

export default function Home() {
	const { user, counts, overdue, stalled, stalledDays } = useLoaderData<typeof loader>()
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
				<ul className="plain-list" data-testid="my-overdue">
					{overdue.map((lead) => (
						<li key={lead.id} className="overdue">
							<Link to={`/leads/${lead.id}`}>{lead.company.name}</Link> · {t(`leads.stages.${lead.stage}`)} · {t('home.nextAction')}{' '}
							{formatDate(lead.nextActionDate)} <LeadMarkers overdue stalled={lead.stalled} stalledDays={stalledDays} />{' '}
							<SampleBadge show={lead.isSample} />
						</li>
					))}
					<li>
						<Link to="/leads?owner=me&overdue=1">{t('home.viewAll')}</Link>
					</li>
				</ul>
			)}
			<h2>{t('home.myStalled', { days: stalledDays })}</h2>
			{stalled.length === 0 ? (
				<p>{t('home.noStalled')}</p>
			) : (
				<ul className="plain-list" data-testid="my-stalled">
					{stalled.map((lead) => (
						<li key={lead.id} className="stalled">
							<Link to={`/leads/${lead.id}`}>{lead.company.name}</Link> · {t(`leads.stages.${lead.stage}`)} · {t('home.lastActivity')}{' '}
							{lead.lastActivityDate ? formatDate(lead.lastActivityDate) : t('home.noActivityYet')}{' '}
							<SampleBadge show={lead.isSample} />
						</li>
					))}
					<li>
						<Link to="/leads?owner=me&stalled=1">{t('home.viewAll')}</Link>
					</li>
				</ul>
			)}
		</>
	)
}

export const meta: MetaFunction = () => [{ title: '链招 ChainLead' }]

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
