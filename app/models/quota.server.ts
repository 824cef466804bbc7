import { type Db } from '~/db.server'
import { type Prisma } from '~/generated/prisma/client'
import { normalizationFactor } from '~/domain/quota/pace'
import { type QuotaRules } from '~/domain/quota/rules'
import { recordAudit } from './audit.server'

/** A quota's clause, target and counting rule: what the progress model and the quota page both read. */
export const QUOTA_TARGET_SELECT = {
	section: true,
	excerpt: true,
	metric: true,
	kind: true,
	op: true,
	value: true,
	valueMax: true,
	unit: true,
	normalizedValue: true,
	normalizedUnit: true,
	period: true,
	startYear: true,
	endYear: true,
	filters: true,
} as const satisfies Prisma.QuotaSelect

/** Listed responsible units in clause order, with a unit's own share of the target. */
export const QUOTA_UNITS_SELECT = {
	orderBy: { position: 'asc' },
	select: { position: true, target: true, unit: { select: { id: true, name: true, nameEn: true } } },
} as const satisfies Prisma.Quota$unitsArgs

export function listDocuments(db: Db) {
	return db.policyDocument.findMany({
		orderBy: { issuedDate: 'desc' },
		select: {
			id: true,
			title: true,
			docNumber: true,
			issuer: true,
			issuedDate: true,
			_count: { select: { quotas: true } },
		},
	})
}

/** One quota with what its page shows beside the progress: document, listed units and their shares, the stored rule. */
export function getQuota(db: Db, id: string) {
	return db.quota.findUnique({
		where: { id },
		select: {
			id: true,
			...QUOTA_TARGET_SELECT,
			updatedAt: true,
			document: { select: { id: true, title: true, docNumber: true, issuer: true } },
			units: QUOTA_UNITS_SELECT,
		},
	})
}

/** Chains and their links, for the rule editor's choices and for naming them in the rule's description. */
export function listRuleChains(db: Db) {
	return db.chain.findMany({
		orderBy: { name: 'asc' },
		select: { slug: true, name: true, nameEn: true, links: { orderBy: { sortOrder: 'asc' }, select: { key: true, name: true, nameEn: true } } },
	})
}

/** The figures reported for a manual quota in a year, newest first, with who entered them. */
export function listManualEntries(db: Db, quotaId: string, year: number) {
	return db.quotaManualEntry.findMany({
		where: { quotaId, year },
		orderBy: [{ date: 'desc' }, { createdAt: 'desc' }],
		select: { id: true, value: true, evidence: true, date: true, createdAt: true, user: { select: { name: true } } },
	})
}

export type QuotaSaveResult = { ok: true; changed: boolean } | { ok: false; status: 400 | 404; errors: Record<string, string> }

const notFound: QuotaSaveResult = { ok: false, status: 404, errors: { form: 'quota.errors.notFound' } }

/**
 * Stores a quota's counting rule (kind + filters JSON) with an audit row. The
 * chains and links it names must exist: a misspelt key would count nothing
 * without saying so.
 */
export async function saveQuotaRules(db: Db, userId: string, quotaId: string, rules: QuotaRules): Promise<QuotaSaveResult> {
	const quota = await db.quota.findUnique({ where: { id: quotaId }, select: { kind: true, filters: true } })
	if (!quota) return notFound
	if (rules.kind !== 'manual') {
		const chains = await listRuleChains(db)
		const errors: Record<string, string> = {}
		if (rules.rules.chainSlugs.some((slug) => !chains.some((c) => c.slug === slug))) errors.chainSlugs = 'quota.validation.unknownChain'
		const offered = chains.filter((c) => rules.rules.chainSlugs.length === 0 || rules.rules.chainSlugs.includes(c.slug)).flatMap((c) => c.links)
		const linkKeys = 'linkKeys' in rules.rules ? rules.rules.linkKeys : []
		if (linkKeys.some((key) => !offered.some((l) => l.key === key))) errors.linkKeys = 'quota.validation.unknownLink'
		if (Object.keys(errors).length > 0) return { ok: false, status: 400, errors }
	}
	const after = { kind: rules.kind, filters: JSON.stringify(rules.rules) }
	if (after.kind === quota.kind && after.filters === quota.filters) return { ok: true, changed: false }
	await db.$transaction(async (tx) => {
		await tx.quota.update({ where: { id: quotaId }, data: after, select: { id: true } })
		await recordAudit(tx, { userId, entity: 'Quota', entityId: quotaId, action: 'update', before: quota, after })
	})
	return { ok: true, changed: true }
}

/** Records a reported figure (typed in the clause's unit, stored normalized) for a manual quota. */
export async function addManualEntry(
	db: Db,
	userId: string,
	quotaId: string,
	entry: { value: number; date: Date; evidence: string },
): Promise<QuotaSaveResult> {
	const quota = await db.quota.findUnique({ where: { id: quotaId }, select: { kind: true, value: true, normalizedValue: true } })
	if (!quota) return notFound
	if (quota.kind !== 'manual') return { ok: false, status: 400, errors: { form: 'quota.errors.notManual' } }
	await db.$transaction(async (tx) => {
		const created = await tx.quotaManualEntry.create({
			data: {
				quotaId,
				year: entry.date.getUTCFullYear(),
				value: entry.value * normalizationFactor(quota),
				evidence: entry.evidence,
				date: entry.date,
				userId,
			},
			select: { id: true, quotaId: true, year: true, value: true, evidence: true, date: true },
		})
		await recordAudit(tx, { userId, entity: 'QuotaManualEntry', entityId: created.id, action: 'create', after: created })
	})
	return { ok: true, changed: true }
}

/** Sets the listed units' own shares (typed in the clause's unit, stored normalized); null = the quota's target applies. */
export async function saveUnitTargets(db: Db, userId: string, quotaId: string, targets: Record<string, number | null>): Promise<QuotaSaveResult> {
	const quota = await db.quota.findUnique({
		where: { id: quotaId },
		select: { value: true, normalizedValue: true, units: { select: { unitId: true, target: true } } },
	})
	if (!quota) return notFound
	const factor = normalizationFactor(quota)
	const changes = quota.units
		.filter((u) => u.unitId in targets)
		.map((u) => ({ unitId: u.unitId, before: u.target, after: targets[u.unitId] === null ? null : targets[u.unitId]! * factor }))
		.filter((c) => c.before !== c.after)
	if (changes.length === 0) return { ok: true, changed: false }
	await db.$transaction(async (tx) => {
		for (const c of changes) {
			await tx.quotaUnit.update({ where: { quotaId_unitId: { quotaId, unitId: c.unitId } }, data: { target: c.after }, select: { unitId: true } })
		}
		const shares = (key: 'before' | 'after') => Object.fromEntries(changes.map((c) => [c.unitId, c[key]]))
		await recordAudit(tx, { userId, entity: 'Quota', entityId: quotaId, action: 'update', before: { unitTargets: shares('before') }, after: { unitTargets: shares('after') } })
	})
	return { ok: true, changed: true }
}
