// The calendar (ADR 0039): a user's follow-ups (open leads' next action dates)
// and the 开工/投产 deadlines of projects, read alike by the calendar page and by
// the iCalendar feed; and the feed's secret token, stored as its SHA-256 only.
import crypto from 'node:crypto'
import { type Db } from '~/db.server'
import { isManager } from '~/domain/auth/record-access'
import { roleSchema } from '~/domain/auth/roles'
import { type CalendarItem } from '~/domain/calendar/month'
import { OPEN_LEAD_STAGES } from '~/domain/lead/stages'
import { type RegionScope } from '~/domain/region/scope'
import { formatDate } from '~/utils/format'
import { recordAudit } from './audit.server'
import { loadRegionScope, regionWhere } from './region.server'

/** Whose calendar: staff see their own leads and projects, managers and admins everything in their scope. */
export type CalendarViewer = { id: string; role: string; scope: RegionScope }

const day = (text: string) => new Date(`${text}T00:00:00Z`)

/**
 * The entries from `from` to `to` (YYYY-MM-DD, both included): follow-ups of
 * open leads; 开工 deadlines of projects signed or in talks and not started,
 * 投产 deadlines of projects not producing; terminated projects left out.
 * `overdue`: the day is before `today`.
 */
export async function loadCalendarItems(db: Db, viewer: CalendarViewer, from: string, to: string, today: string): Promise<CalendarItem[]> {
	const range = { gte: day(from), lte: day(to) }
	const own = isManager({ role: roleSchema.parse(viewer.role) }) ? {} : { ownerId: viewer.id }
	const [leads, starts, produces] = await Promise.all([
		db.lead.findMany({
			where: { ...regionWhere(viewer.scope), ...own, stage: { in: [...OPEN_LEAD_STAGES] }, nextActionDate: range },
			select: { id: true, nextActionDate: true, isSample: true, company: { select: { name: true } } },
		}),
		db.project.findMany({
			where: { ...regionWhere(viewer.scope), ...own, stage: { in: ['negotiating', 'signed'] }, startedDate: null, commitStartBy: range },
			select: { id: true, title: true, isSample: true, commitStartBy: true },
		}),
		db.project.findMany({
			where: { ...regionWhere(viewer.scope), ...own, stage: { in: ['negotiating', 'signed', 'started'] }, producingDate: null, commitProduceBy: range },
			select: { id: true, title: true, isSample: true, commitProduceBy: true },
		}),
	])
	const item = (kind: CalendarItem['kind'], id: string, date: Date | null, label: string, isSample: boolean): CalendarItem => {
		const text = formatDate(date)
		return { kind, day: text, id, label, overdue: text < today, isSample }
	}
	return [
		...leads.map((l) => item('followUp', l.id, l.nextActionDate, l.company.name, l.isSample)),
		...starts.map((p) => item('startBy', p.id, p.commitStartBy, p.title, p.isSample)),
		...produces.map((p) => item('produceBy', p.id, p.commitProduceBy, p.title, p.isSample)),
	]
}

// ---------- the feed's token ----------

/** 32 random bytes, URL-safe: what the feed URL carries. */
function newToken() {
	return crypto.randomBytes(32).toString('base64url')
}

export function hashFeedToken(token: string) {
	return crypto.createHash('sha256').update(token, 'utf8').digest('hex')
}

/** Tokens are 43 URL-safe characters; anything else is not looked up. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/

/** Whether the user has a feed, and when it was made and last read (never the token: only its hash is kept). */
export function getCalendarFeed(db: Db, userId: string) {
	return db.calendarFeed.findUnique({ where: { userId }, select: { createdAt: true, lastReadAt: true } })
}

/** Who acts on a feed, for its audit row. */
type FeedActor = { id: string; address?: string | null }

/**
 * A new token for the user's feed (the old one, if any, stops working at once); returned once, stored
 * hashed. Audited under the user's id (one feed per user): when, and whether it replaced one — never
 * the token nor its hash.
 */
export async function createCalendarFeed(db: Db, userId: string, actor: FeedActor = { id: userId }) {
	const token = newToken()
	const tokenHash = hashFeedToken(token)
	return db.$transaction(async (tx) => {
		const before = await tx.calendarFeed.findUnique({ where: { userId }, select: { createdAt: true } })
		const feed = await tx.calendarFeed.upsert({
			where: { userId },
			create: { userId, tokenHash },
			update: { tokenHash, createdAt: new Date(), lastReadAt: null },
			select: { createdAt: true },
		})
		await recordAudit(tx, {
			userId: actor.id,
			ip: actor.address ?? null,
			entity: 'CalendarFeed',
			entityId: userId,
			action: before ? 'update' : 'create',
			before: before ? { createdAt: before.createdAt } : undefined,
			after: { createdAt: feed.createdAt },
		})
		return token
	})
}

/** Ends the user's feed; false when there was none. Audited as createCalendarFeed. */
export async function revokeCalendarFeed(db: Db, userId: string, actor: FeedActor = { id: userId }) {
	return db.$transaction(async (tx) => {
		const before = await tx.calendarFeed.findUnique({ where: { userId }, select: { createdAt: true, lastReadAt: true } })
		if (!before) return false
		await tx.calendarFeed.deleteMany({ where: { userId } })
		await recordAudit(tx, { userId: actor.id, ip: actor.address ?? null, entity: 'CalendarFeed', entityId: userId, action: 'delete', before })
		return true
	})
}

/**
 * The user a feed token belongs to, with their scope as of now (a role or
 * region changed since the token was made applies at once); null for an unknown
 * or revoked token and for a disabled account.
 */
export async function resolveCalendarFeed(db: Db, token: string, now = new Date()) {
	if (!TOKEN_SHAPE.test(token)) return null
	const feed = await db.calendarFeed.findUnique({
		where: { tokenHash: hashFeedToken(token) },
		select: { id: true, user: { select: { id: true, name: true, role: true, regionId: true, disabledAt: true } } },
	})
	if (!feed || feed.user.disabledAt) return null
	const role = roleSchema.parse(feed.user.role)
	const scope = await loadRegionScope(db, { role, regionId: feed.user.regionId })
	await db.calendarFeed.update({ where: { id: feed.id }, data: { lastReadAt: now }, select: { id: true } })
	return { id: feed.user.id, name: feed.user.name, role, scope }
}
