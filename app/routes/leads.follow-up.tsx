import { type LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { StatCard } from '~/components/home/home-panels'
import { CalendarGapNote } from '~/components/lead/calendar-gap-note'
import { prisma } from '~/db.server'
import { isManager } from '~/domain/auth/record-access'
import { FOLLOW_UP_MEASURES, type FollowUpMeasure } from '~/domain/lead/service-levels'
import { useLocalizedName } from '~/i18n/use-localized'
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

function CountCells({
	counts,
	where,
	team,
	label,
}: {
	counts: Record<FollowUpMeasure, number>
	where: { owner?: string; unit?: string }
	team: boolean
	label: string
}) {
	const { t } = useTranslation()
	return (
		<>
			{FOLLOW_UP_MEASURES.map((measure) => (
				<td key={measure} data-label={t(`followUp.measures.${measure}`)} className="num">
					{counts[measure] > 0 && (where.owner || where.unit) ? (
						<Link
							to={drillHref(measure, where, team)}
							aria-label={t('followUp.drill', { who: label, measure: t(`followUp.measures.${measure}`), count: counts[measure] })}
						>
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

			<FollowUpTable
				kind="owners"
				title={t('followUp.byOwner')}
				whoHeader={t('leads.owner')}
				team={team}
				rows={owners.map((owner) => ({ key: owner.id, name: owner.name, counts: owner.counts, where: { owner: owner.id }, ownerId: owner.id }))}
			/>
			<FollowUpTable
				kind="units"
				title={t('followUp.byUnit')}
				whoHeader={t('leads.unit')}
				team={team}
				rows={units.map((unit) => ({
					key: unit.id ?? 'none',
					name: unit.id ? localized({ name: unit.name, nameEn: unit.nameEn }) : t('followUp.noUnit'),
					counts: unit.counts,
					where: unit.id ? { unit: unit.id } : {},
				}))}
			/>
			<p className="muted">{t('leads.followUpRulesNote')}</p>
		</>
	)
}

/** One table of 跟进督办: a row per owner or unit, a column per measure, each count opening its leads. */
function FollowUpTable({
	kind,
	title,
	whoHeader,
	team,
	rows,
}: {
	kind: 'owners' | 'units'
	title: string
	whoHeader: string
	team: boolean
	rows: { key: string; name: string; counts: Record<FollowUpMeasure, number>; where: { owner?: string; unit?: string }; ownerId?: string }[]
}) {
	const { t } = useTranslation()
	const headingId = `follow-up-${kind}-heading`
	return (
		<section aria-labelledby={headingId}>
			<h2 id={headingId}>{title}</h2>
			{rows.length === 0 ? (
				<p>{t('followUp.none')}</p>
			) : (
				<table className="data-table stack-table" data-testid={`follow-up-${kind}`}>
					<thead>
						<tr>
							<th scope="col">{whoHeader}</th>
							{FOLLOW_UP_MEASURES.map((measure) => (
								<th key={measure} scope="col" className="num">
									{t(`followUp.measures.${measure}`)}
								</th>
							))}
						</tr>
					</thead>
					<tbody>
						{rows.map((row) => (
							<tr key={row.key} data-owner={row.ownerId}>
								<th scope="row">{row.name}</th>
								<CountCells counts={row.counts} where={row.where} team={team} label={row.name} />
							</tr>
						))}
					</tbody>
				</table>
			)}
		</section>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
