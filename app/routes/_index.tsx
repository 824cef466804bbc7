import { type LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { CommitmentPanel } from '~/components/commitments'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { LeadFigurePanel, SlippingPanel, StatCard, ActivityPanel } from '~/components/home/home-panels'
import { SigningsChart } from '~/components/home/signings-chart'
import { CalendarGapNote } from '~/components/lead/calendar-gap-note'
import { prisma } from '~/db.server'
import { isManager } from '~/domain/auth/record-access'
import { DUE_SOON_DAYS } from '~/domain/lead/status'
import { countHomeTiles, loadLeaderHome, loadStaffHome } from '~/models/home.server'
import { followUpClock } from '~/models/service-level.server'
import { requirePermission } from '~/utils/auth.server'
import { pageTitle } from '~/utils/page-title'
import { todayInChina } from '~/utils/today'

export async function loader({ request }: LoaderFunctionArgs) {
	const user = await requirePermission(request, 'read:any')
	const { clock, calendarGaps } = await followUpClock(prisma, user.scope)
	const [counts, view] = await Promise.all([
		countHomeTiles(prisma, user.scope),
		// Managers answer for the bureau: they see the team's work; staff see their own day.
		isManager(user) ? loadLeaderHome(prisma, user, clock, todayInChina(clock.now)) : loadStaffHome(prisma, user, clock),
	])
	return {
		user: { name: user.name },
		counts,
		view,
		calendarGaps,
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
	const { user, counts, view, calendarGaps } = useLoaderData<typeof loader>()
	const { t } = useTranslation()
	return (
		<div className="home">
			<h1>{t('home.welcome', { name: user.name })}</h1>
			<CalendarGapNote years={calendarGaps} />
			{view.kind === 'leader' ? (
				<>
					<ul className="stat-cards" aria-label={t('home.attention')}>
						<StatCard
							testId="team-overdue"
							href={view.overdue.href}
							value={view.overdue.count}
							label={t('home.teamOverdue')}
							tone={view.overdue.count > 0 ? 'alert' : 'calm'}
						/>
						<StatCard
							testId="team-stalled"
							href={view.stalled.href}
							value={view.stalled.count}
							label={t('home.teamStalled')}
							tone={view.stalled.count > 0 ? 'warn' : 'calm'}
						/>
						<StatCard
							testId="quota-behind"
							href={view.slipping.href}
							value={view.slipping.count}
							label={t('home.quotasBehind', { total: view.slipping.total })}
							tone={view.slipping.count > 0 ? 'alert' : 'calm'}
						/>
						<StatCard
							testId="month-signings"
							href={view.signings.href}
							value={view.signings.count}
							label={t('home.monthSignings', { month: view.signings.month })}
							tone="calm"
						/>
					</ul>
					<p className="no-print">
						<Link to="/leads/follow-up">{t('leads.followUpLink')}</Link>
					</p>
					<div className="home-grid">
						<LeadFigurePanel testId="team-overdue-list" title={t('home.teamOverdue')} figure={view.overdue} empty={t('home.noOverdue')} showOwner />
						<SlippingPanel slipping={view.slipping} />
						<LeadFigurePanel testId="team-stalled-list" title={t('home.teamStalled')} figure={view.stalled} empty={t('home.noStalled')} showOwner />
						<CommitmentPanel figure={view.commitments} />
						<section className="home-panel" aria-labelledby="home-signings">
							<h2 id="home-signings">{t('home.signingsTitle', { year: view.signings.year })}</h2>
							<SigningsChart months={view.signings.months} current={view.signings.month} year={view.signings.year} />
							<p className="muted home-note">{t('home.signingsNote')}</p>
						</section>
					</div>
				</>
			) : (
				<>
					<ul className="stat-cards" aria-label={t('home.myDay')}>
						<StatCard
							testId="my-overdue"
							href={view.overdue.href}
							value={view.overdue.count}
							label={t('home.myOverdue')}
							tone={view.overdue.count > 0 ? 'alert' : 'calm'}
						/>
						<StatCard testId="my-due" href={view.due.href} value={view.due.count} label={t('home.myDue', { days: DUE_SOON_DAYS })} tone="calm" />
						<StatCard
							testId="my-stalled"
							href={view.stalled.href}
							value={view.stalled.count}
							label={t('home.myStalled')}
							tone={view.stalled.count > 0 ? 'warn' : 'calm'}
						/>
					</ul>
					<div className="home-grid">
						<LeadFigurePanel testId="my-overdue-list" title={t('home.myOverdue')} figure={view.overdue} empty={t('home.noOverdue')} />
						<LeadFigurePanel testId="my-due-list" title={t('home.myDue', { days: DUE_SOON_DAYS })} figure={view.due} empty={t('home.noDue')} />
						<LeadFigurePanel testId="my-stalled-list" title={t('home.myStalled')} figure={view.stalled} empty={t('home.noStalled')} />
						<CommitmentPanel figure={view.commitments} />
						<ActivityPanel activities={view.activities} />
					</div>
				</>
			)}
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
		</div>
	)
}

export const handle = pageTitle('home.title')

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
