// Reading the audit log (/audit and its CSV export): rows filtered and paged, each with the record it
// is about named and linked, and its before/after snapshots as field changes whose references
// (a company, a user, a unit…) are named too. Names are read in one query per kind of record a page
// mentions, never per row.
import { type Db } from '~/db.server'
import { type AuditChange, type AuditNames, type AuditRefEntity, auditChanges, auditRefs, refKey } from '~/domain/audit/audit-changes'
import { AUDIT_PAGE_SIZE, type AuditQuery, chinaDayEnd, chinaDayStart } from '~/domain/audit/audit-query'
import { type RegionScope } from '~/domain/region/scope'
import { type Prisma } from '~/generated/prisma/client'
import { type Locale } from '~/i18n/i18n'
import { regionWhere } from './region.server'

type Translate = (key: string, options?: Record<string, unknown>) => string

/** What the page links a row's record to, when it has a page. */
export type AuditObject = { name: string; href: string | null }

export type AuditRow = {
	id: string
	at: Date
	user: { id: string; name: string; username: string } | null
	action: string
	entity: string
	entityId: string
	ip: string | null
	object: AuditObject
	changes: AuditChange[]
}

const ROW_SELECT = {
	id: true,
	at: true,
	entity: true,
	entityId: true,
	action: true,
	before: true,
	after: true,
	ip: true,
	user: { select: { id: true, name: true, username: true } },
} as const satisfies Prisma.AuditLogSelect

type StoredRow = Prisma.AuditLogGetPayload<{ select: typeof ROW_SELECT }>

/**
 * The entries a reader's scope holds (ADR 0029): those made by the accounts of
 * their regions; admins read every entry. An entry of the command line (no
 * account) or of an account without a region is read by admins, and by users
 * without a region only on an installation that has no regions: once regions
 * exist such entries (a regionless admin's change to any county's record, the
 * command line's imports) are every county's business, and a user without a
 * region reads none of it (ADR 0026: a forgotten region shows nothing).
 */
async function auditScopeWhere(db: Pick<Db, 'region'>, scope: RegionScope): Promise<Prisma.AuditLogWhereInput> {
	if (scope.kind === 'all') return {}
	if (scope.kind === 'unassigned') return (await db.region.count()) === 0 ? { OR: [{ userId: null }, { user: { regionId: null } }] } : { id: { in: [] } }
	return { user: regionWhere(scope) }
}

export async function auditWhere(db: Pick<Db, 'region'>, query: AuditQuery, scope: RegionScope): Promise<Prisma.AuditLogWhereInput> {
	return {
		...(await auditScopeWhere(db, scope)),
		...(query.user ? { userId: query.user } : {}),
		...(query.entity ? { entity: query.entity } : {}),
		...(query.object ? { entityId: query.object } : {}),
		...(query.from || query.to
			? { at: { ...(query.from ? { gte: chinaDayStart(query.from) } : {}), ...(query.to ? { lt: chinaDayEnd(query.to) } : {}) } }
			: {}),
	}
}

const ORDER: Prisma.AuditLogOrderByWithRelationInput[] = [{ at: 'desc' }, { id: 'desc' }]

/** One page of the filtered log, newest first; a page past the end shows the last page. */
export async function listAuditPage(db: Db, query: AuditQuery, scope: RegionScope, options: { t: Translate; locale: Locale; admin: boolean }) {
	const where = await auditWhere(db, query, scope)
	const total = await db.auditLog.count({ where })
	const pageCount = Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE))
	const page = Math.min(query.page, pageCount)
	const stored = await db.auditLog.findMany({ where, orderBy: ORDER, skip: (page - 1) * AUDIT_PAGE_SIZE, take: AUDIT_PAGE_SIZE, select: ROW_SELECT })
	const { rows, names } = await describeRows(db, stored, options)
	return { total, page, pageCount, rows, names }
}

/** The filtered log in batches, newest first, for the export (rows and the names their values need). */
export async function* auditBatches(db: Db, query: AuditQuery, scope: RegionScope, options: { t: Translate; locale: Locale }, batchSize = 500) {
	const where = await auditWhere(db, query, scope)
	let cursor: string | null = null
	for (;;) {
		const stored: StoredRow[] = await db.auditLog.findMany({
			where,
			orderBy: ORDER,
			take: batchSize,
			...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
			select: ROW_SELECT,
		})
		if (stored.length === 0) return
		yield await describeRows(db, stored, { ...options, admin: false })
		if (stored.length < batchSize) return
		cursor = stored[stored.length - 1]!.id
	}
}

/** The record a user filter or a "this record only" filter names, for the page's filter line. */
export async function auditObjectName(db: Db, entity: string, entityId: string, options: { t: Translate; locale: Locale }) {
	const { objects } = await namesFor(db, [{ entity, entityId, before: null, after: null }], [], options)
	return objects.get(refKey(entity, entityId))?.name ?? null
}

function parse(json: string | null): unknown {
	if (json === null) return null
	try {
		return JSON.parse(json) as unknown
	} catch {
		return json
	}
}

async function describeRows(db: Db, stored: StoredRow[], options: { t: Translate; locale: Locale; admin: boolean }) {
	const parsed = stored.map((row) => {
		const before = parse(row.before)
		const after = parse(row.after)
		return { row, before, after, changes: auditChanges(row.entity, before, after) }
	})
	const values = parsed.flatMap((p) => p.changes.flatMap((c) => [c.before, c.after, ...(c.subject ? [c.subject] : [])]))
	const { objects, names } = await namesFor(
		db,
		parsed.map((p) => ({ entity: p.row.entity, entityId: p.row.entityId, before: p.before, after: p.after })),
		[...auditRefs(values)],
		options,
	)
	const rows: AuditRow[] = parsed.map(({ row, changes }) => ({
		id: row.id,
		at: row.at,
		user: row.user,
		action: row.action,
		entity: row.entity,
		entityId: row.entityId,
		ip: row.ip,
		object: objects.get(refKey(row.entity, row.entityId)) ?? { name: options.t('audit.gone', { id: row.entityId.slice(0, 8) }), href: null },
		changes,
	}))
	// Users link to their account page only for admins, who may open it.
	if (!options.admin) for (const row of rows) if (row.entity === 'User') row.object = { ...row.object, href: null }
	return { rows, names }
}

type Subject = { entity: string; entityId: string; before: unknown; after: unknown }

/** A name kept in a snapshot: what a deleted record was called. */
function snapshotName(subject: Subject) {
	for (const snapshot of [subject.before, subject.after]) {
		if (typeof snapshot === 'object' && snapshot !== null) {
			const record = snapshot as Record<string, unknown>
			for (const field of ['name', 'title', 'metric', 'fileName', 'periodKey', 'username', 'keptName']) {
				if (typeof record[field] === 'string' && record[field]) return record[field]
			}
		}
	}
	return null
}

/**
 * Names (and pages) of the rows' records and of the records their values point at: one query per
 * kind of record. A record deleted since is named from its snapshot.
 */
async function namesFor(db: Db, subjects: Subject[], refs: [AuditRefEntity, Set<string>][], { t, locale }: { t: Translate; locale: Locale }) {
	const en = locale === 'en'
	const localized = (r: { name: string; nameEn: string }) => (en ? r.nameEn : r.name)
	const ids = new Map<string, Set<string>>()
	const want = (entity: string, id: string) => {
		const set = ids.get(entity) ?? new Set<string>()
		set.add(id)
		ids.set(entity, set)
	}
	for (const s of subjects) want(s.entity, s.entityId)
	for (const [entity, set] of refs) for (const id of set) want(entity, id)
	const of = (entity: string) => [...(ids.get(entity) ?? [])]

	const objects = new Map<string, AuditObject>()
	const put = (entity: string, id: string, name: string, href: string | null) => objects.set(refKey(entity, id), { name, href })

	const [
		companies,
		leads,
		projects,
		users,
		units,
		regions,
		levelRegions,
		chains,
		links,
		edges,
		figures,
		quotas,
		entries,
		documents,
		evidence,
		activities,
		batches,
		reports,
		merges,
		scenarios,
		channels,
		feedOwners,
	] = await Promise.all([
		db.company.findMany({ where: { id: { in: of('Company') } }, select: { id: true, name: true } }),
		db.lead.findMany({ where: { id: { in: of('Lead') } }, select: { id: true, company: { select: { name: true } } } }),
		db.project.findMany({ where: { id: { in: of('Project') } }, select: { id: true, title: true } }),
		db.user.findMany({ where: { id: { in: of('User') } }, select: { id: true, name: true, username: true } }),
		db.unit.findMany({ where: { id: { in: of('Unit') } }, select: { id: true, name: true, nameEn: true } }),
		db.region.findMany({ where: { id: { in: of('Region') } }, select: { id: true, name: true, nameEn: true } }),
		// A region's service levels are audited under the region's id (ADR 0037).
		db.region.findMany({ where: { id: { in: of('ServiceLevelSetting') } }, select: { id: true, name: true, nameEn: true } }),
		db.chain.findMany({ where: { id: { in: of('Chain') } }, select: { id: true, slug: true, name: true, nameEn: true } }),
		// With its unit: a scenario's capacity change names it (ChainLinkUnit).
		db.chainLink.findMany({
			where: { id: { in: [...new Set([...of('ChainLink'), ...of('ChainLinkUnit')])] } },
			select: { id: true, name: true, nameEn: true, unit: true, chain: { select: { slug: true } } },
		}),
		db.chainEdge.findMany({
			where: { id: { in: of('ChainEdge') } },
			select: {
				id: true,
				chain: { select: { slug: true } },
				fromLink: { select: { name: true, nameEn: true } },
				toLink: { select: { name: true, nameEn: true } },
			},
		}),
		db.companyLink.findMany({
			where: { id: { in: of('CompanyLink') } },
			select: { id: true, year: true, company: { select: { id: true, name: true } }, link: { select: { name: true, nameEn: true } } },
		}),
		db.quota.findMany({ where: { id: { in: of('Quota') } }, select: { id: true, metric: true } }),
		db.quotaManualEntry.findMany({
			where: { id: { in: of('QuotaManualEntry') } },
			select: { id: true, year: true, quota: { select: { id: true, metric: true } } },
		}),
		db.policyDocument.findMany({ where: { id: { in: of('PolicyDocument') } }, select: { id: true, title: true } }),
		db.stageEvidence.findMany({
			where: { id: { in: of('StageEvidence') } },
			select: { id: true, stage: true, project: { select: { id: true, title: true } } },
		}),
		db.activity.findMany({
			where: { id: { in: of('Activity') } },
			select: { id: true, kind: true, leadId: true, company: { select: { id: true, name: true } } },
		}),
		db.importBatch.findMany({ where: { id: { in: of('ImportBatch') } }, select: { id: true, fileName: true } }),
		db.issuedReport.findMany({ where: { id: { in: of('IssuedReport') } }, select: { id: true, kind: true, year: true, month: true, quarter: true } }),
		db.companyMerge.findMany({ where: { id: { in: of('CompanyMerge') } }, select: { id: true, keptName: true, removedName: true } }),
		db.scenario.findMany({ where: { id: { in: of('Scenario') } }, select: { id: true, name: true, chain: { select: { slug: true } } } }),
		// A chat robot by its name only: its address and secret are never read here (ADR 0038).
		db.notifyChannel.findMany({ where: { id: { in: of('NotifyChannel') } }, select: { id: true, name: true } }),
		// A calendar feed is audited under its user's id (ADR 0039).
		db.user.findMany({ where: { id: { in: of('CalendarFeed') } }, select: { id: true, name: true, username: true } }),
	])

	for (const c of companies) put('Company', c.id, c.name, `/companies/${c.id}`)
	for (const l of leads) put('Lead', l.id, l.company.name, `/leads/${l.id}`)
	for (const p of projects) put('Project', p.id, p.title, `/projects/${p.id}`)
	for (const u of users) put('User', u.id, t('audit.userWithName', { name: u.name, username: u.username }), `/admin/users/${u.id}`)
	for (const u of units) put('Unit', u.id, localized(u), null)
	for (const r of regions) put('Region', r.id, localized(r), null)
	for (const r of levelRegions) put('ServiceLevelSetting', r.id, t('audit.serviceLevelsOf', { region: localized(r) }), '/settings/service-levels')
	for (const c of chains) put('Chain', c.id, localized(c), `/chains/${c.slug}`)
	for (const l of links) {
		put('ChainLink', l.id, localized(l), `/chains/${l.chain.slug}`)
		put('ChainLinkUnit', l.id, l.unit ?? '', null)
	}
	for (const e of edges) put('ChainEdge', e.id, `${localized(e.fromLink)} → ${localized(e.toLink)}`, `/chains/${e.chain.slug}`)
	for (const f of figures)
		put('CompanyLink', f.id, `${f.company.name} · ${localized(f.link)}${f.year === null ? '' : ` · ${f.year}`}`, `/companies/${f.company.id}`)
	for (const q of quotas) put('Quota', q.id, q.metric, `/quotas/${q.id}`)
	for (const e of entries) put('QuotaManualEntry', e.id, `${e.quota.metric} · ${e.year}`, `/quotas/${e.quota.id}`)
	for (const d of documents) put('PolicyDocument', d.id, d.title, null)
	for (const e of evidence) put('StageEvidence', e.id, `${e.project.title} · ${t(`projects.stages.${e.stage}`)}`, `/projects/${e.project.id}`)
	for (const a of activities)
		put(
			'Activity',
			a.id,
			`${a.company.name} · ${t(`leads.activityKinds.${a.kind}`, { defaultValue: a.kind })}`,
			a.leadId ? `/leads/${a.leadId}` : `/companies/${a.company.id}`,
		)
	for (const b of batches) put('ImportBatch', b.id, b.fileName, '/data/import')
	for (const r of reports) {
		const period = t(`reports.periods.${r.kind}`, { year: r.year, month: r.month, quarter: r.quarter })
		const search = new URLSearchParams({
			year: String(r.year),
			...(r.month ? { month: String(r.month) } : {}),
			...(r.quarter ? { quarter: String(r.quarter) } : {}),
		})
		put('IssuedReport', r.id, `${t(`reports.kinds.${r.kind}`)} · ${period}`, `/reports/${r.kind}?${search}`)
	}
	for (const c of channels) put('NotifyChannel', c.id, c.name, '/admin/channels')
	for (const u of feedOwners)
		put('CalendarFeed', u.id, t('audit.calendarFeedOf', { name: t('audit.userWithName', { name: u.name, username: u.username }) }), null)
	for (const s of scenarios) put('Scenario', s.id, s.name, `/chains/${s.chain.slug}/scenarios/${s.id}`)
	for (const m of merges) put('CompanyMerge', m.id, t('audit.mergeName', { kept: m.keptName, removed: m.removedName }), `/companies/merges/${m.id}`)
	for (const s of subjects) {
		const key = refKey(s.entity, s.entityId)
		if (objects.has(key)) continue
		if (s.entity === 'Export') put(s.entity, s.entityId, t(`export.lists.${s.entityId}`, { defaultValue: s.entityId }), null)
		else if (s.entity === 'Login' || s.entity === 'LoginThrottle') put(s.entity, s.entityId, s.entityId, null)
		else {
			const name = snapshotName(s)
			if (name) put(s.entity, s.entityId, t('audit.deleted', { name }), null)
		}
	}
	const names: AuditNames = {}
	for (const [entity, set] of refs) {
		for (const id of set) {
			const object = objects.get(refKey(entity, id))
			if (object) names[refKey(entity, id)] = object.name
		}
	}
	return { objects, names }
}

/** Everyone who may appear as the one who acted in the reader's scope, for the user filter. */
export function auditUserChoices(db: Db, scope: RegionScope) {
	return db.user.findMany({ where: regionWhere(scope), orderBy: [{ name: 'asc' }, { username: 'asc' }], select: { id: true, name: true, username: true } })
}

/** One line of the export: a row's change (a row without changes is one line of its own). */
export type AuditExportLine = { row: AuditRow; change: AuditChange | null; names: AuditNames }

/** The filtered log as export lines, newest first. */
export async function* auditExportLines(
	db: Db,
	query: AuditQuery,
	scope: RegionScope,
	options: { t: Translate; locale: Locale },
): AsyncGenerator<AuditExportLine> {
	for await (const { rows, names } of auditBatches(db, query, scope, options)) {
		for (const row of rows) {
			if (row.changes.length === 0) yield { row, change: null, names }
			for (const change of row.changes) yield { row, change, names }
		}
	}
}
