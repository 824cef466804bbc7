import { type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { prisma } from '~/db.server'
import { notificationText } from '~/domain/notify/items'
import { listNotifications, markAllNotificationsRead, markNotificationRead, NOTIFICATION_PAGE_SIZE, refreshNotifications } from '~/models/notification.server'
import { requirePermission } from '~/utils/auth.server'
import { formatDateTime } from '~/utils/format'
import { pageTitle } from '~/utils/page-title'

/** Everyone has a notification centre; each reads only their own (ADR 0038). */
export async function loader({ request }: LoaderFunctionArgs) {
	const user = await requirePermission(request, 'read:any')
	const url = new URL(request.url)
	const page = Math.max(1, Math.min(10_000, Number.parseInt(url.searchParams.get('page') ?? '1', 10) || 1))
	const unreadOnly = url.searchParams.get('unread') === '1'
	// Opening the centre brings it up to date (the header does so only every few minutes).
	await refreshNotifications(prisma, { id: user.id, role: user.role, unitId: user.unit?.id ?? null, scope: user.scope })
	const { total, unread, rows } = await listNotifications(prisma, user.id, { page, unreadOnly })
	return {
		page,
		unreadOnly,
		total,
		unread,
		pages: Math.max(1, Math.ceil(total / NOTIFICATION_PAGE_SIZE)),
		rows: rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString(), readAt: r.readAt?.toISOString() ?? null })),
	}
}

const actionSchema = z.discriminatedUnion('intent', [
	z.object({ intent: z.literal('read'), id: z.string().min(1).max(100) }),
	z.object({ intent: z.literal('readAll') }),
])

export async function action({ request }: ActionFunctionArgs) {
	const user = await requirePermission(request, 'read:any')
	const parsed = actionSchema.safeParse(Object.fromEntries(await request.formData()))
	if (!parsed.success) throw new Response('Bad request', { status: 400 })
	if (parsed.data.intent === 'readAll') return { ok: true as const, marked: await markAllNotificationsRead(prisma, user.id) }
	// Only one's own: another user's id is unknown here.
	if (!(await markNotificationRead(prisma, user.id, parsed.data.id))) throw new Response('Not found', { status: 404 })
	return { ok: true as const, marked: 1 }
}

export const handle = pageTitle('notify.page.title')

export default function NotificationsPage() {
	const { rows, total, unread, unreadOnly, page, pages } = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const navigation = useNavigation()
	const { t } = useTranslation()
	const busy = navigation.state !== 'idle'
	const query = (p: number) => `?${new URLSearchParams({ ...(unreadOnly ? { unread: '1' } : {}), ...(p > 1 ? { page: String(p) } : {}) })}`
	return (
		<>
			<h1>{t('notify.page.title')}</h1>
			<p className="muted">{t('notify.page.intro')}</p>
			<div className="notification-toolbar">
				<span data-testid="notification-summary">{t('notify.page.count', { total, unread })}</span>
				<nav aria-label={t('notify.page.title')} className="channel-actions">
					<Link to="?" aria-current={!unreadOnly ? 'page' : undefined} className={!unreadOnly ? 'button-as-link' : undefined}>
						{t('notify.page.all')}
					</Link>
					<Link to="?unread=1" aria-current={unreadOnly ? 'page' : undefined} className={unreadOnly ? 'button-as-link' : undefined}>
						{t('notify.page.unreadOnly')}
					</Link>
				</nav>
				{unread > 0 ? (
					<Form method="post" className="toolbar-end">
						<input type="hidden" name="intent" value="readAll" />
						<button type="submit" disabled={busy} data-testid="mark-all-read">
							{t('notify.page.markAllRead')}
						</button>
					</Form>
				) : null}
			</div>
			{actionData && actionData.marked > 1 ? (
				<p className="notice-ok" role="status">
					{t('notify.page.markedAll', { count: actionData.marked })}
				</p>
			) : null}
			{rows.length === 0 ? (
				<p className="muted">{unreadOnly ? t('notify.page.emptyUnread') : t('notify.page.empty')}</p>
			) : (
				<ul className="notification-list" data-testid="notification-list">
					{rows.map((n) => (
						<li
							key={n.id}
							className={n.readAt ? 'notification-item' : 'notification-item is-unread'}
							data-testid={`notification-${n.kind}`}
							data-read={n.readAt ? '1' : '0'}
						>
							<div className="notification-body">
								<Link to={n.href} className="notification-text">
									{notificationText(t, n)}
								</Link>
								<span className="notification-meta">
									<span className="badge">{t(`notify.kinds.${n.kind}`, { defaultValue: n.kind })}</span>
									<span>{formatDateTime(n.createdAt)}</span>
									<span>{n.readAt ? t('notify.page.read') : t('notify.page.unread')}</span>
								</span>
							</div>
							{n.readAt ? null : (
								<Form method="post">
									<input type="hidden" name="intent" value="read" />
									<input type="hidden" name="id" value={n.id} />
									<button type="submit" disabled={busy} data-testid="mark-read">
										{t('notify.page.markRead')}
									</button>
								</Form>
							)}
						</li>
					))}
				</ul>
			)}
			{pages > 1 ? (
				<nav className="pager" aria-label={t('notify.page.title')}>
					{page > 1 ? <Link to={query(page - 1)}>{t('notify.page.previous')}</Link> : null}
					<span>
						{page} / {pages}
					</span>
					{page < pages ? <Link to={query(page + 1)}>{t('notify.page.next')}</Link> : null}
				</nav>
			) : null}
		</>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
