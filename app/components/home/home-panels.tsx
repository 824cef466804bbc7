import { Link } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { LeadMarkers } from '~/components/lead/lead-markers'
import { useFigureFormat } from '~/components/quota/charts'
import { QuotaStatusBadge } from '~/components/quota/dashboard-status'
import { SampleBadge } from '~/components/sample-badge'
import { type OverviewRow } from '~/domain/quota/overview'
import { formatDate } from '~/utils/format'

/** The 工作台's panels. Every count is a link to the list it was counted from. */

type Tone = 'alert' | 'warn' | 'calm'

/** A figure card: the number and what it counts, the whole card a link to the filtered list. */
export function StatCard({ href, value, label, tone, testId }: { href: string; value: number; label: string; tone: Tone; testId: string }) {
	return (
		<li>
			<Link to={href} className={`stat-card tone-${tone}`} data-testid={testId}>
				<span className="stat-value" data-testid={`${testId}-value`}>
					{value}
				</span>
				<span className="stat-label">{label}</span>
			</Link>
		</li>
	)
}

type LeadRow = {
	id: string
	stage: string
	nextActionDate: Date | string | null
	isSample: boolean
	overdue: boolean
	stalled: boolean
	company: { name: string; isSample: boolean }
	owner: { name: string }
}

/** The first leads behind a figure, in the list's order, and a link to all of them. */
export function LeadFigurePanel({
	title,
	figure,
	empty,
	showOwner = false,
	testId,
}: {
	title: string
	figure: { count: number; href: string; rows: LeadRow[] }
	empty: string
	showOwner?: boolean
	testId: string
}) {
	const { t } = useTranslation()
	return (
		<section className="home-panel" aria-label={title}>
			<h2>
				{title} <span className="muted">({figure.count})</span>
			</h2>
			{figure.rows.length === 0 ? (
				<p className="muted">{empty}</p>
			) : (
				<ul className="home-list" data-testid={testId}>
					{figure.rows.map((lead) => (
						<li key={lead.id}>
							<Link to={`/leads/${lead.id}`}>{lead.company.name}</Link> <SampleBadge show={lead.isSample || lead.company.isSample} />
							<span className="home-list-meta">
								{t(`leads.stages.${lead.stage}`, { defaultValue: lead.stage })}
								{showOwner ? ` · ${lead.owner.name}` : null}
								{lead.nextActionDate ? ` · ${t('home.nextAction')} ${formatDate(lead.nextActionDate)}` : null}{' '}
								<LeadMarkers overdue={lead.overdue} stalled={lead.stalled} />
							</span>
						</li>
					))}
				</ul>
			)}
			{figure.count > 0 ? (
				<p className="home-more">
					<Link to={figure.href}>{t('home.viewAllCount', { count: figure.count })} →</Link>
				</p>
			) : null}
		</section>
	)
}

function SlippingRow({ row }: { row: OverviewRow }) {
	const { t } = useTranslation()
	const { figure } = useFigureFormat(row)
	return (
		<li>
			<Link to={`/quotas/${row.quotaId}?year=${row.year}`}>{row.metric}</Link> <QuotaStatusBadge status={row.status} />
			<span className="home-list-meta">
				{row.section ? `${row.section} · ` : null}
				<span data-testid="slipping-figures">{t('home.slippingFigures', { actual: figure(row.actual), pace: figure(row.pace) })}</span>
			</span>
		</li>
	)
}

/** Quotas behind pace this year, furthest behind first. */
export function SlippingPanel({ slipping }: { slipping: { count: number; total: number; href: string; rows: OverviewRow[] } }) {
	const { t } = useTranslation()
	return (
		<section className="home-panel" aria-labelledby="home-slipping">
			<h2 id="home-slipping">
				{t('home.slippingTitle')} <span className="muted">({slipping.count})</span>
			</h2>
			{slipping.rows.length === 0 ? (
				<p className="muted">{t('home.noSlipping')}</p>
			) : (
				<ul className="home-list" data-testid="quota-behind-list">
					{slipping.rows.map((row) => (
						<SlippingRow key={row.quotaId} row={row} />
					))}
				</ul>
			)}
			<p className="home-more">
				<Link to={slipping.href}>{t('home.viewAllCount', { count: slipping.count })} →</Link>
			</p>
		</section>
	)
}

type ActivityRow = {
	id: string
	kind: string
	date: Date | string
	notes: string | null
	isSample: boolean
	leadId: string | null
	company: { id: string; name: string }
}

/** What the user logged lately, newest first; each opens its lead (or the company when it has none). */
export function ActivityPanel({ activities }: { activities: ActivityRow[] }) {
	const { t } = useTranslation()
	return (
		<section className="home-panel" aria-labelledby="home-activity">
			<h2 id="home-activity">{t('home.recentActivity')}</h2>
			{activities.length === 0 ? (
				<p className="muted">{t('home.noActivity')}</p>
			) : (
				<ul className="home-list" data-testid="my-activity">
					{activities.map((a) => (
						<li key={a.id}>
							<span className="nowrap">{formatDate(a.date)}</span> {t(`leads.activityKinds.${a.kind}`, { defaultValue: a.kind })} ·{' '}
							<Link to={a.leadId ? `/leads/${a.leadId}` : `/companies/${a.company.id}`}>{a.company.name}</Link> <SampleBadge show={a.isSample} />
							{a.notes ? <span className="home-list-meta">{a.notes}</span> : null}
						</li>
					))}
				</ul>
			)}
		</section>
	)
}
