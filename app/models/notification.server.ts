// The notification centre (ADR 0038): each user's items, made from the lead model's own
// overdue and due queries, the audit log and the quotas' pace, stored once per key.
import { type Db } from '~/db.server'
import { isManager } from '~/domain/auth/record-access'
import { type Role } from '~/domain/auth/roles'
import { parseLeadFilters } from '~/domain/lead/filters'
import { isOverdue, startOfDay } from '~/domain/lead/status'
import { type NotificationDraft, notificationKey } from '~/domain/notify/items'
import { DASHBOARD_LIMITS } from '~/domain/quota/dashboard'
import { overviewRow } from '~/domain/quota/overview'
import { type RegionScope } from '~/domain/region/scope'
import { Prisma } from '~/generated/prisma/client'
import { formatDate } from '~/utils/format'
import { todayInChina } from '~/utils/today'
import { listLeadsPage } from './lead.server'
import { loadQuotaProgress } from './quota-progress.server'
import { regionWhere } from './region.server'

/** Whose notifications: the signed-in user as the models see them. */
export type NotifiedUser = { id: string; role: Role; unitId: string | null; scope: RegionScope }

/** Changes by others this far back become items (older ones were news before the centre existed). */
const CHANGE_WINDOW_DAYS = 7
/** Items made per kind and refresh at most: the lists link to everything. */
const MAX_PER_KIND = 100
const DAY_MS = 24 * 60 * 60 * 1000
export const NOTIFICATION_PAGE_SIZE = 50

/** The user's overdue leads and the leads due today, by the lead list's own filters and markers. */
async function leadDrafts(db: Db, user: NotifiedUser, now: Date): Promise<NotificationDraft[]> {
	const viewer = { id: user.id, scope: user.scope }
	const clock = { now }
	const [overdue, due] = await Promise.all([
		listLeadsPage(db, parseLeadFilters(new URLSearchParams('owner=me&overdue=1')), viewer, clock, MAX_PER_KIND),
		listLeadsPage(db, parseLeadFilters(new URLSearchParams('owner=me&due=1')), viewer, clock, MAX_PER_KIND),
	])
	const today = startOfDay(now).getTime()
	const drafts: NotificationDraft[] = []
	for (const lead of overdue.rows) {
		if (!lead.nextActionDate || !isOverdue(lead, now)) continue
		const day = formatDate(lead.nextActionDate)
		drafts.push({
			kind: 'lead_overdue',
			key: notificationKey.leadOverdue(lead.id, day),
			entity: 'Lead',
			entityId: lead.id,
			params: { company: lead.company.name, day },
			href: `/leads/${lead.id}`,
		})
	}
	for (const lead of due.rows) {
		// The week's follow-ups: only today's are due today.
		if (!lead.nextActionDate || lead.nextActionDate.getTime() - today >= DAY_MS || isOverdue(lead, now)) continue
		const day = formatDate(lead.nextActionDate)
		drafts.push({
			kind: 'lead_due',
			key: notificationKey.leadDue(lead.id, day),
			entity: 'Lead',
			entityId: lead.id,
			params: { company: lead.company.name, day },
			href: `/leads/${lead.id}`,
		})
	}
	return drafts
}

const CHANGE_ACTIONS = ['update', 'delete', 'undo', 'merge', 'verify', 'reject']

/** Changes other users made lately to the leads and projects the user owns (in their scope), from the audit log. */
async function changeDrafts(db: Db, user: NotifiedUser, now: Date): Promise<NotificationDraft[]> {
	const [leads, projects] = await Promise.all([
		db.lead.findMany({ where: { ownerId: user.id, ...regionWhere(user.scope) }, select: { id: true, company: { select: { name: true } } } }),
		db.project.findMany({ where: { ownerId: user.id, ...regionWhere(user.scope) }, select: { id: true, title: true } }),
	])
	const names = new Map<string, { entity: 'Lead' | 'Project'; name: string }>([
		...leads.map((l) => [l.id, { entity: 'Lead' as const, name: l.company.name }] as const),
		...projects.map((p) => [p.id, { entity: 'Project' as const, name: p.title }] as const),
	])
	if (names.size === 0) return []
	const since = new Date(now.getTime() - CHANGE_WINDOW_DAYS * DAY_MS)
	const drafts: NotificationDraft[] = []
	const ids = [...names.keys()]
	// IN lists of a few hundred: both engines take them, whatever a user owns.
	for (let i = 0; i < ids.length && drafts.length < MAX_PER_KIND; i += 500) {
		const rows = await db.auditLog.findMany({
			where: {
				entity: { in: ['Lead', 'Project'] },
				entityId: { in: ids.slice(i, i + 500) },
				action: { in: CHANGE_ACTIONS },
				at: { gte: since },
				userId: { not: null },
				NOT: { userId: user.id },
			},
			orderBy: { at: 'desc' },
			take: MAX_PER_KIND,
			select: { id: true, entity: true, entityId: true, action: true, user: { select: { name: true } } },
		})
		for (const row of rows) {
			const record = names.get(row.entityId)
			if (!record || record.entity !== row.entity) continue
			drafts.push({
				kind: 'record_changed',
				key: notificationKey.change(row.id),
				entity: row.entity,
				entityId: row.entityId,
				params: { entity: record.entity, name: record.name, by: row.user?.name ?? '', action: row.action === 'delete' ? 'delete' : 'update' },
				href: row.action === 'delete' ? '/' : `/${row.entity === 'Lead' ? 'leads' : 'projects'}/${row.entityId}`,
			})
		}
	}
	return drafts.slice(0, MAX_PER_KIND)
}

/**
 * Quotas of the user's scope behind their pace this year, as the dashboard counts them:
 * for leaders every one they answer for, for staff those their unit is responsible for.
 */
async function quotaDrafts(db: Db, user: NotifiedUser, now: Date): Promise<NotificationDraft[]> {
	const today = todayInChina(now)
	const year = Number(today.slice(0, 4))
	const progress = await loadQuotaProgress(db, { year, asOf: today, scope: user.scope, limits: { ...DASHBOARD_LIMITS, items: 0 } })
	const leader = isManager(user)
	return progress
		.filter((q) => q.status === 'behind' && (leader || (user.unitId !== null && q.units.some((u) => u.unitId === user.unitId))))
		.map(overviewRow)
		.slice(0, MAX_PER_KIND)
		.map((q) => ({
			kind: 'quota_behind' as const,
			key: notificationKey.quotaBehind(q.quotaId, today),
			entity: 'Quota',
			entityId: q.quotaId,
			// Shares of the target, whatever its unit (个, 亿元, 吨): what is done and what the pace line asks by now.
			params: { metric: q.metric, done: Math.round(q.done * 100), pace: q.target > 0 ? Math.round((q.pace / q.target) * 100) : 0 },
			href: `/quotas/${q.quotaId}?year=${year}`,
		}))
}

/** Stores the drafts not stored yet (by key); a draft stored meanwhile by another request is skipped. */
export async function storeNotifications(db: Db, userId: string, drafts: readonly NotificationDraft[]) {
	if (drafts.length === 0) return 0
	const existing = new Set(
		(await db.notification.findMany({ where: { userId, key: { in: drafts.map((d) => d.key) } }, select: { key: true } })).map((n) => n.key),
	)
	let stored = 0
	for (const draft of drafts) {
		if (existing.has(draft.key)) continue
		existing.add(draft.key)
		try {
			await db.notification.create({
				data: {
					userId,
					kind: draft.kind,
					key: draft.key,
					entity: draft.entity,
					entityId: draft.entityId,
					params: JSON.stringify(draft.params),
					href: draft.href,
				},
				select: { id: true },
			})
			stored++
		} catch (error) {
			if (!(error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002')) throw error
		}
	}
	return stored
}

/** Brings the user's notification centre up to date at `now`; how many new items. */
export async function refreshNotifications(db: Db, user: NotifiedUser, now = new Date()) {
	const drafts = (await Promise.all([leadDrafts(db, user, now), changeDrafts(db, user, now), quotaDrafts(db, user, now)])).flat()
	const stored = await storeNotifications(db, user.id, drafts)
	refreshedAt.set(user.id, now.getTime())
	return stored
}

/** When each user's centre was last refreshed in this process (the header refreshes at most this often). */
const refreshedAt = new Map<string, number>()
const HEADER_REFRESH_MS = 5 * 60 * 1000

/** The header's unread count, refreshing the centre first when it was not refreshed lately. */
export async function headerUnreadCount(db: Db, user: NotifiedUser, now = new Date()) {
	const last = refreshedAt.get(user.id)
	if (last === undefined || now.getTime() - last > HEADER_REFRESH_MS) {
		if (refreshedAt.size > 10_000) refreshedAt.clear()
		try {
			await refreshNotifications(db, user, now)
		} catch (error) {
			// The bell must not take every page down: the count of what is stored is shown, the next page tries again.
			refreshedAt.set(user.id, now.getTime())
			console.error('notify: refreshing the notification centre failed', error)
		}
	}
	return countUnread(db, user.id)
}

export function countUnread(db: Db, userId: string) {
	return db.notification.count({ where: { userId, readAt: null } })
}

/** One page of the user's own notifications, unread first, newest first. */
export async function listNotifications(db: Db, userId: string, options: { page: number; unreadOnly: boolean }) {
	const where = { userId, ...(options.unreadOnly ? { readAt: null } : {}) }
	const [total, unread, rows] = await Promise.all([
		db.notification.count({ where }),
		countUnread(db, userId),
		db.notification.findMany({
			where,
			orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
			skip: (options.page - 1) * NOTIFICATION_PAGE_SIZE,
			take: NOTIFICATION_PAGE_SIZE,
			select: { id: true, kind: true, params: true, href: true, createdAt: true, readAt: true },
		}),
	])
	return { total, unread, rows }
}

/** Marks one of the user's own notifications read; false when the user has none with that id. */
export async function markNotificationRead(db: Db, userId: string, id: string, now = new Date()) {
	const { count } = await db.notification.updateMany({ where: { id, userId }, data: { readAt: now } })
	return count > 0
}

export async function markAllNotificationsRead(db: Db, userId: string, now = new Date()) {
	const { count } = await db.notification.updateMany({ where: { userId, readAt: null }, data: { readAt: now } })
	return count
}
