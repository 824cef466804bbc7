import { type LoaderFunctionArgs } from '@remix-run/node'
import { prisma } from '~/db.server'
import { writeCalendar } from '~/domain/calendar/ical'
import { type CalendarItem, itemPath } from '~/domain/calendar/month'
import { daysBetween } from '~/domain/project/commitments'
import { i18nFor, isLocale } from '~/i18n/i18n'
import { loadCalendarItems, resolveCalendarFeed } from '~/models/calendar.server'
import { todayInChina } from '~/utils/today'

/** How far back and ahead the feed reaches, in days from today. */
const FEED_PAST_DAYS = 90
const FEED_FUTURE_DAYS = 400

const shift = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10)

/**
 * /calendar/feed/<token>.ics (ADR 0039): a user's iCalendar feed, for calendar apps,
 * which cannot sign in: the secret token in the URL is the credential. Read-only
 * (GET only, no action); an unknown, revoked or malformed token, or a disabled
 * account, is 404 — the same answer, so a guess learns nothing.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
	const token = (params.token ?? '').replace(/\.ics$/, '')
	const user = await resolveCalendarFeed(prisma, token)
	if (!user) throw new Response('Not found', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' } })
	const url = new URL(request.url)
	const lang = url.searchParams.get('lang')
	const { t } = i18nFor(isLocale(lang) ? lang : 'zh-CN')
	const today = todayInChina()
	const items = await loadCalendarItems(prisma, user, shift(today, -FEED_PAST_DAYS), shift(today, FEED_FUTURE_DAYS), today)
	const summary = (item: CalendarItem) => t(`calendar.${item.kind}`, { company: item.label, title: item.label })
	const body = writeCalendar({
		prodId: '-//ChainLead//Calendar//ZH',
		name: t('calendar.feed.calendarName', { name: user.name }),
		stamp: new Date(),
		events: items.map((item) => ({
			// One entry per record and kind: a moved follow-up date updates the entry.
			uid: `${item.kind}-${item.id}@chainlead`,
			day: item.day,
			summary: item.overdue ? `${summary(item)}${t('calendar.overdueDays', { count: -daysBetween(today, item.day) })}` : summary(item),
			url: `${url.origin}${itemPath(item)}`,
			categories: [t(`calendar.categories.${item.kind}`)],
		})),
	})
	return new Response(body, {
		headers: {
			'Content-Type': 'text/calendar; charset=utf-8',
			'Content-Disposition': 'inline; filename="chainlead.ics"',
			'Cache-Control': 'private, no-store',
			'Referrer-Policy': 'no-referrer',
			'X-Robots-Tag': 'noindex',
		},
	})
}
