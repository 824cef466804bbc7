// The daily digest (ADR 0038): for a day, every enabled account's notification centre brought up
// to date and summed up in a digest item, then each unit's chat channels sent one message with
// its members' news. Each (account, day) and (channel, day) is claimed once in DigestRun, so a
// second run the same day sends nothing; a channel whose delivery failed is released so the next
// run tries it again.
import { type Db } from '~/db.server'
import { roleSchema } from '~/domain/auth/roles'
import { digestCounts, digestHasNews, notificationKey, notificationText } from '~/domain/notify/items'
import { type ChatMessage } from '~/domain/notify/message'
import { Prisma } from '~/generated/prisma/client'
import { i18nFor, type Locale } from '~/i18n/i18n'
import { refreshNotifications, storeNotifications } from './notification.server'
import { type Delivery, sendToChannel } from './notify-channel.server'
import { loadRegionScope } from './region.server'

/** Claims (subject, day); false when it was claimed before. */
async function claim(db: Db, subject: string, day: string) {
	try {
		await db.digestRun.create({ data: { subject, day }, select: { id: true } })
		return true
	} catch (error) {
		if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') return false
		throw error
	}
}

const NEWS_KINDS = ['lead_overdue', 'lead_due', 'record_changed', 'quota_behind']
/** Lines per member in a unit's message; the rest is "and n more" (the centre has them all). */
const LINES_PER_MEMBER = 8

export type DigestOptions = { day: string; now?: Date; locale?: Locale; baseUrl?: string | null; sleep?: (ms: number) => Promise<void> }

export type DigestSummary = {
	day: string
	users: { digested: number; alreadyDone: number; withNews: number }
	channels: {
		channel: string
		unit: string
		outcome: 'sent' | 'rejected' | 'failed' | 'already_sent' | 'nothing_to_send'
		attempts: number
		error: string | null
	}[]
}

/** The digest of `day` for every enabled account and every enabled unit channel. */
export async function runDailyDigest(db: Db, options: DigestOptions): Promise<DigestSummary> {
	const now = options.now ?? new Date()
	const locale = options.locale ?? 'zh-CN'
	const { t } = i18nFor(locale)
	const { day } = options
	const users = await db.user.findMany({
		where: { disabledAt: null },
		orderBy: { username: 'asc' },
		select: { id: true, name: true, role: true, unitId: true, regionId: true },
	})
	const summary: DigestSummary = { day, users: { digested: 0, alreadyDone: 0, withNews: 0 }, channels: [] }

	// 1. Each account: its centre up to date, then one digest item for the day.
	for (const user of users) {
		const role = roleSchema.parse(user.role)
		const scope = await loadRegionScope(db, { role, regionId: user.regionId })
		await refreshNotifications(db, { id: user.id, role, unitId: user.unitId, scope }, now)
		if (!(await claim(db, `user:${user.id}`, day))) {
			summary.users.alreadyDone++
			continue
		}
		summary.users.digested++
		const unread = await db.notification.findMany({ where: { userId: user.id, readAt: null, kind: { in: NEWS_KINDS } }, select: { kind: true } })
		const counts = digestCounts(unread)
		if (!digestHasNews(counts)) continue
		summary.users.withNews++
		await storeNotifications(db, user.id, [
			{ kind: 'digest', key: notificationKey.digest(day), entity: 'Digest', entityId: day, params: { day, ...counts }, href: '/notifications' },
		])
	}

	// 2. Each enabled channel: one message with its unit's members' unread news.
	const channels = await db.notifyChannel.findMany({
		where: { enabled: true },
		orderBy: [{ unitId: 'asc' }, { createdAt: 'asc' }],
		select: { id: true, name: true, unitId: true, unit: { select: { name: true, nameEn: true } } },
	})
	for (const channel of channels) {
		const unitName = locale === 'en' ? channel.unit.nameEn : channel.unit.name
		const report = (outcome: DigestSummary['channels'][number]['outcome'], delivery?: Delivery) =>
			summary.channels.push({ channel: channel.name, unit: unitName, outcome, attempts: delivery?.attempts ?? 0, error: delivery?.error ?? null })
		const subject = `channel:${channel.id}`
		if (!(await claim(db, subject, day))) {
			report('already_sent')
			continue
		}
		const message = await unitMessage(db, channel.unitId, unitName, day, t, users)
		if (!message) {
			report('nothing_to_send')
			continue
		}
		const delivery = await sendToChannel(db, channel.id, message, {
			purpose: 'digest',
			day,
			now,
			baseUrl: options.baseUrl,
			sleep: options.sleep,
			more: (n) => t('notify.digest.more', { count: n }),
		})
		if (!delivery) continue
		// Failed or refused: released, so the next run (after the fix) sends the day's digest.
		if (delivery.status !== 'sent') await db.digestRun.deleteMany({ where: { subject, day } })
		report(delivery.status, delivery)
	}
	return summary
}

type Translate = (key: string, options?: Record<string, unknown>) => string

/** A unit's message: for each member with news, a heading line and their items; null when nobody has any. */
async function unitMessage(
	db: Db,
	unitId: string,
	unitName: string,
	day: string,
	t: Translate,
	users: readonly { id: string; name: string; unitId: string | null }[],
) {
	const lines: ChatMessage['lines'] = []
	for (const member of users.filter((u) => u.unitId === unitId)) {
		const items = await db.notification.findMany({
			where: { userId: member.id, readAt: null, kind: { in: NEWS_KINDS } },
			orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
			select: { kind: true, params: true, href: true },
		})
		if (items.length === 0) continue
		const counts = digestCounts(items)
		lines.push({ text: t('notify.digest.member', { name: member.name, ...counts }) })
		// Overdue first: what needs doing today.
		const ordered = [...items].sort((a, b) => NEWS_KINDS.indexOf(a.kind) - NEWS_KINDS.indexOf(b.kind))
		for (const item of ordered.slice(0, LINES_PER_MEMBER)) lines.push({ text: `· ${notificationText(t, item)}`, href: item.href })
		if (ordered.length > LINES_PER_MEMBER) lines.push({ text: t('notify.digest.more', { count: ordered.length - LINES_PER_MEMBER }) })
	}
	if (lines.length === 0) return null
	return { title: t('notify.digest.title', { unit: unitName, day }), lines }
}

/** A test message to one channel, for the admin page's "send a test" button. */
export async function sendTestMessage(db: Db, channelId: string, locale: Locale, sleep?: (ms: number) => Promise<void>) {
	const { t } = i18nFor(locale)
	return sendToChannel(
		db,
		channelId,
		{ title: t('notify.test.title'), lines: [{ text: t('notify.test.body') }] },
		{ purpose: 'test', sleep, more: (n) => t('notify.digest.more', { count: n }) },
	)
}
