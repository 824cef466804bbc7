import { type LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { CalendarGapNote } from '~/components/lead/calendar-gap-note'
import { StatCard } from '~/components/home/home-panels'
import { prisma } from '~/db.server'
import { isManager } from '~/domain/auth/record-access'
import { useLocalizedName } from '~/i18n/use-localized'
import { FOLLOW_UP_MEASURES, type FollowUpMeasure } from '~/domain/lead/service-levels'
import { followUpTeamCounts } from '~/models/lead.server'
import { followUpClock } from '~/models/service-level.server'
import { requirePermission } from '~/utils/auth.server'
import { pageTitle } from '~/utils/page-title'

/**
 * /leads/follow-up: 跟进督办 (ADR 0037). Managers see, per owner and per unit of their regions, the open
 * leads overdue, stalled and past their first contact by the regions' service levels; staff see their
 * own. Every number opens the /leads list it counts.
 */
export async function loader({ request }: LoaderFunctionArgs) {
	const user = await requirePermission(request, 'read:any')
	const team = isManager(user)
	const { clock, calendarGaps } = await followUpClock(prisma, user.scope)
	const counts = await followUpTeamCounts(prisma, user, clock, !team)
	return { team, calendarGaps, ...counts }
}

export const handle = pageTitle('followUp.title')

/** The /leads list a number counts: the measure's filter and the owner or unit (staff: always their own). */
function drillHref(measure: FollowUpMeasure, where: { owner?: string; unit?: string }, team: boolean) {
	const params = new URLSearchParams({ [measure]: '1' })
	if (!team) params.set('owner', 'me')
	else if (where.owner) params.set('owner', where.owner)
	if (where.unit) params.set('unit', where.unit)
	return `/leads?${params}`
}

function CountCells({ counts, where, team, label }: { counts: Record<FollowUpMeasure, number>; where: { owner?: string; unit?: string }; team: boolean; label: string }) {
	const { t } = useTranslation()
	return (
		<>
			{FOLLOW_UP_MEASURES.map((measure) => (
				<td key={measure} data-label={t(`followUp.measures.${measure}`)} className="num">
					{counts[measure] > 0 && (where.owner || where.unit) ? (
						<Link to={drillHref(measure, where, team)} aria-label={t('followUp.drill', { who: label, measure: t(`followUp.measures.${measure}`), count: counts[measure] })}>
							{counts[measure]}
						</Link>
					) : (
						counts[measure]
					)}
				</td>
			))}
		</>
	)
}

export default function FollowUpPage() {
	const { team, calendarGaps, totals, owners, units } = useLoaderData<typeof loader>()
	const { t } = useTranslation()
	const localized = useLocalizedName()
	return (
		<>
			<p className="no-print">
				<Link to="/leads">← {t('nav.leads')}</Link>
			</p>
			<h1>{t('followUp.title')}</h1>
			<p className="intro">{team ? t('followUp.introTeam') : t('followUp.introMine')}</p>
			<p>
				<Link to="/settings/service-levels">{t('followUp.levelsLink')}</Link>
			</p>
			<CalendarGapNote years={calendarGaps} />
			<ul className="stat-cards" aria-label={t('followUp.totals')}>
				{FOLLOW_UP_MEASURES.map((measure) => (
					<StatCard
						key={measure}
						testId={`follow-up-total-${measure}`}
						href={drillHref(measure, {}, team)}
						value={totals[measure]}
						label={t(`followUp.measures.${measure}`)}
						tone={totals[measure] === 0 ? 'calm' : measure === 'stalled' ? 'warn' : 'alert'}
					/>
				))}
			</ul>

			<section aria-labelledby="follow-up-owners">
				<h2 id="follow-up-owners">{t('followUp.byOwner')}</h2>
				{owners.length === 0 ? (
					<p>{t('followUp.none')}</p>
				) : (
					<table className="data-table stack-table" data-testid="follow-up-owners">
						<thead>
							<tr>
								<th scope="col">{t('leads.owner')}</th>
								{FOLLOW_UP_MEASURES.map((measure) => (
									<th key={measure} scope="col" className="num">
										{t(`followUp.measures.${measure}`)}
									</th>
								))}
							</tr>
						</thead>
						<tbody>
							{owners.map((owner) => (
								<tr key={owner.id} data-owner={owner.id}>
									<th scope="row">{owner.name}</th>
									<CountCells counts={owner.counts} where={{ owner: owner.id }} team={team} label={owner.name} />
								</tr>
							))}
						</tbody>
					</table>
				)}
			</section>

			<section aria-labelledby="follow-up-units">
				<h2 id="follow-up-units">{t('followUp.byUnit')}</h2>
				{units.length === 0 ? (
					<p>{t('followUp.none')}</p>
				) : (
					<table className="data-table stack-table" data-testid="follow-up-units">
						<thead>
							<tr>
								<th scope="col">{t('leads.unit')}</th>
								{FOLLOW_UP_MEASURES.map((measure) => (
									<th key={measure} scope="col" className="num">
										{t(`followUp.measures.${measure}`)}
									</th>
								))}
							</tr>
						</thead>
						<tbody>
							{units.map((unit) => {
								const name = unit.id ? localized({ name: unit.name!, nameEn: unit.nameEn! }) : t('followUp.noUnit')
								return (
									<tr key={unit.id ?? 'none'}>
										<th scope="row">{name}</th>
										<CountCells counts={unit.counts} where={unit.id ? { unit: unit.id } : {}} team={team} label={name} />
									</tr>
								)
							})}
						</tbody>
					</table>
				)}
			</section>
			<p className="muted">{t('leads.followUpRulesNote')}</p>
		</>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
