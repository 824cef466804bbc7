import { type LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { SampleBadge } from '~/components/sample-badge'
import { prisma } from '~/db.server'
import { isManager } from '~/domain/auth/record-access'
import { type CalendarItem, itemPath, itemsByDay, monthGrid, monthKey, monthRange, parseCalendarMonth, shiftMonth } from '~/domain/calendar/month'
import { useLocale } from '~/i18n/use-localized'
import { loadCalendarItems } from '~/models/calendar.server'
import { requirePermission } from '~/utils/auth.server'
import { pageTitle } from '~/utils/page-title'
import { todayInChina } from '~/utils/today'

/** Entries a grid cell shows before "n more" (the list below the grid has them all). */
const CELL_ITEMS = 4

/**
 * /calendar?month=2026-12 (ADR 0039): the month's follow-ups and 开工/投产 deadlines —
 * staff their own, managers everything in their scope — as a grid, and as a list on a phone.
 */
export async function loader({ request }: LoaderFunctionArgs) {
	const user = await requirePermission(request, 'read:any')
	const today = todayInChina()
	const month = parseCalendarMonth(new URL(request.url).searchParams.get('month'), today)
	const weeks = monthGrid(month)
	const from = weeks[0]![0]!.day
	const to = weeks[weeks.length - 1]![6]!.day
	const items = await loadCalendarItems(prisma, user, from, to, today)
	return {
		month,
		range: monthRange(month),
		weeks,
		items,
		today,
		prev: monthKey(shiftMonth(month, -1)),
		next: monthKey(shiftMonth(month, 1)),
		current: monthKey(parseCalendarMonth(null, today)),
		scopeWide: isManager(user),
	}
}

export const handle = pageTitle('calendar.title')

function ItemLink({ item }: { item: CalendarItem }) {
	const { t } = useTranslation()
	return (
		<Link
			to={itemPath(item)}
			className={`calendar-item calendar-${item.kind}${item.overdue ? ' calendar-overdue' : ''}`}
			data-testid="calendar-item"
			data-kind={item.kind}
		>
			{t(`calendar.${item.kind}`, { company: item.label, title: item.label })}
			{item.overdue ? <span className="visually-hidden"> ({t('calendar.overdue')})</span> : null} <SampleBadge show={item.isSample} />
		</Link>
	)
}

export default function CalendarPage() {
	const { month, range, weeks, items, today, prev, next, current, scopeWide } = useLoaderData<typeof loader>()
	const { t } = useTranslation()
	const locale = useLocale()
	const byDay = itemsByDay(items)
	const monthName = new Intl.DateTimeFormat(locale, { month: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(month.year, month.month - 1, 1)))
	const label = t('calendar.monthLabel', { year: month.year, month: month.month, monthName })
	// Monday first: 2024-01-01 was a Monday.
	const weekdays = [0, 1, 2, 3, 4, 5, 6].map((i) =>
		new Intl.DateTimeFormat(locale, { weekday: 'short', timeZone: 'UTC' }).format(new Date(Date.UTC(2024, 0, 1 + i))),
	)
	const listDays = [...byDay.entries()].filter(([day]) => day >= range.first && day <= range.last)
	const dayName = (day: string) =>
		new Intl.DateTimeFormat(locale, { weekday: 'short', month: 'numeric', day: 'numeric', timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`))

	return (
		<div className="calendar-page">
			<div className="page-head">
				<h1>{t('calendar.title')}</h1>
				<Link to="/account#calendar-feed">{t('calendar.feedLink')}</Link>
			</div>
			<p className="muted">{t('calendar.intro', { whose: scopeWide ? t('calendar.whoseScope') : t('calendar.whoseOwn') })}</p>
			<nav className="calendar-nav" aria-label={label}>
				<Link to={`?month=${prev}`} rel="prev">
					‹ {t('calendar.prev')}
				</Link>
				<h2 data-testid="calendar-month">{label}</h2>
				<Link to={`?month=${next}`} rel="next">
					{t('calendar.next')} ›
				</Link>
				{monthKey(month) !== current ? <Link to={`?month=${current}`}>{t('calendar.thisMonth')}</Link> : null}
			</nav>

			<table className="calendar-grid" aria-label={t('calendar.gridLabel')} data-testid="calendar-grid">
				<thead>
					<tr>
						{weekdays.map((name) => (
							<th key={name} scope="col">
								{name}
							</th>
						))}
					</tr>
				</thead>
				<tbody>
					{weeks.map((week) => (
						<tr key={week[0]!.day}>
							{week.map(({ day, inMonth }) => {
								const list = byDay.get(day) ?? []
								return (
									<td
										key={day}
										className={`${inMonth ? '' : 'calendar-outside'}${day === today ? ' calendar-today' : ''}`}
										aria-current={day === today ? 'date' : undefined}
									>
										<span className="calendar-day">{Number(day.slice(8))}</span>
										{list.slice(0, CELL_ITEMS).map((item) => (
											<ItemLink key={`${item.kind}-${item.id}`} item={item} />
										))}
										{list.length > CELL_ITEMS ? <span className="muted calendar-more">{t('calendar.more', { count: list.length - CELL_ITEMS })}</span> : null}
									</td>
								)
							})}
						</tr>
					))}
				</tbody>
			</table>

			<section className="calendar-list" aria-label={t('calendar.listLabel')} data-testid="calendar-list">
				{listDays.length === 0 ? (
					<p className="muted">{t('calendar.empty')}</p>
				) : (
					<ol className="plain-list">
						{listDays.map(([day, list]) => (
							<li key={day} className={day === today ? 'calendar-today' : undefined}>
								<h3>
									{dayName(day)}
									{day === today ? <span className="badge badge-current">{t('calendar.today')}</span> : null}
								</h3>
								<ul className="plain-list">
									{list.map((item) => (
										<li key={`${item.kind}-${item.id}`}>
											<ItemLink item={item} />
										</li>
									))}
								</ul>
							</li>
						))}
					</ol>
				)}
			</section>
		</div>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
