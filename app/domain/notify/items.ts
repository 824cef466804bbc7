/**
 * What the notification centre holds (ADR 0038). Each item is made from a record
 * at a moment and keyed so that making it again stores nothing new: a lead's
 * overdue item is keyed by its due day (a new date, a new reminder), a change by
 * its audit row, a quota behind pace by the month (at most one reminder a month
 * while it stays behind), a digest by its day.
 */
export const NOTIFICATION_KINDS = ['lead_overdue', 'lead_due', 'record_changed', 'quota_behind', 'digest'] as const
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number]

/** Parameters of each kind's sentence (stored as JSON, translated when shown). */
export type NotificationParams = {
	lead_overdue: { company: string; day: string }
	lead_due: { company: string; day: string }
	record_changed: { entity: 'Lead' | 'Project'; name: string; by: string; action: string }
	quota_behind: { metric: string; done: number; pace: number }
	digest: { day: string; overdue: number; due: number; changed: number; behind: number }
}

export type NotificationDraft = {
	[K in NotificationKind]: { kind: K; key: string; entity: string; entityId: string; params: NotificationParams[K]; href: string }
}[NotificationKind]

export const notificationKey = {
	leadOverdue: (leadId: string, day: string) => `lead_overdue:${leadId}:${day}`,
	leadDue: (leadId: string, day: string) => `lead_due:${leadId}:${day}`,
	change: (auditId: string) => `audit:${auditId}`,
	quotaBehind: (quotaId: string, today: string) => `quota_behind:${quotaId}:${today.slice(0, 7)}`,
	digest: (day: string) => `digest:${day}`,
}

type Translate = (key: string, options?: Record<string, unknown>) => string

function parse(params: string): Record<string, unknown> {
	try {
		const value = JSON.parse(params) as unknown
		return value && typeof value === 'object' ? (value as Record<string, unknown>) : {}
	} catch {
		return {}
	}
}

/** The sentence of a stored notification in the reader's language. */
export function notificationText(t: Translate, item: { kind: string; params: string }) {
	const params = parse(item.params)
	if (item.kind === 'record_changed') {
		return t('notify.text.record_changed', {
			...params,
			entity: t(`notify.entities.${params.entity === 'Project' ? 'Project' : 'Lead'}`),
			action: t(`notify.actions.${typeof params.action === 'string' && ['update', 'delete', 'create'].includes(params.action) ? params.action : 'update'}`),
		})
	}
	if ((NOTIFICATION_KINDS as readonly string[]).includes(item.kind)) return t(`notify.text.${item.kind}`, params)
	return t('notify.text.unknown')
}

/** Digest counts of a user's unread items by kind. */
export function digestCounts(items: readonly { kind: string }[]) {
	const count = (kind: NotificationKind) => items.filter((i) => i.kind === kind).length
	return { overdue: count('lead_overdue'), due: count('lead_due'), changed: count('record_changed'), behind: count('quota_behind') }
}

/** A digest worth sending: something due, changed or behind. */
export function digestHasNews(counts: ReturnType<typeof digestCounts>) {
	return counts.overdue + counts.due + counts.changed + counts.behind > 0
}
