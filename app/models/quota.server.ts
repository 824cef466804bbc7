import { type Db } from '~/db.server'
import { type Conflict, VersionConflict } from '~/domain/concurrency/conflict'
import { normalizationFactor } from '~/domain/quota/pace'
import {
	decimalText,
	type QuotaRulesFormData,
	type QuotaRulesFormValues,
	quotaRulesFormValues,
	shareText,
	type UnitSharesValues,
	unitSharesFormValues,
	type UnitTargetsData,
} from '~/domain/quota/quota-forms'
import { type QuotaTargetData, type QuotaTargetFormValues, quotaTargetFormValues } from '~/domain/quota/quota-target-form'
import { parseQuotaRules } from '~/domain/quota/rules'
import { type RegionScope } from '~/domain/region/scope'
import { type Prisma } from '~/generated/prisma/client'
import { type FieldErrors, type Refusal, refusal } from '~/utils/forms'
import { recordAudit } from './audit.server'
import { BUMP_VERSION, compareAndSet } from './concurrency.server'
import { regionWhere } from './region.server'

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
	sources: true,
	members: true,
	/** A staged target's value per year (ADR 0042). */
	yearValues: { orderBy: { year: 'asc' }, select: { year: true, value: true, valueMax: true, normalizedValue: true } },
} as const satisfies Prisma.QuotaSelect

/** Listed responsible units in clause order, with a unit's own share of the target and its version. */
export const QUOTA_UNITS_SELECT = {
	orderBy: { position: 'asc' },
	select: { position: true, target: true, version: true, unit: { select: { id: true, name: true, nameEn: true } } },
} as const satisfies Prisma.Quota$unitsArgs

/** The policy documents of the reader's regions (ADR 0029: a document and its quotas are its saver's region's), newest first. */
export function listDocuments(db: Db, scope: RegionScope) {
	return db.policyDocument.findMany({
		where: regionWhere(scope),
		orderBy: { issuedDate: { sort: 'desc', nulls: 'last' } },
		select: {
			id: true,
			title: true,
			docNumber: true,
			issuer: true,
			issuedDate: true,
			region: { select: { id: true, name: true, nameEn: true } },
			_count: { select: { quotas: true } },
		},
	})
}

/**
 * One quota with what its page shows beside the progress: document, listed units and their shares, the stored rule.
 * Null outside the viewer's scope (ADR 0029): another county's quota is not found, to read or to change.
 */
export function getQuota(db: Db, id: string, scope: RegionScope) {
	return db.quota.findFirst({
		where: { id, ...regionWhere(scope) },
		select: {
			id: true,
			...QUOTA_TARGET_SELECT,
			updatedAt: true,
			version: true,
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

/**
 * A save's outcome: the refusal shape of every action (ADR 0045) with its HTTP status; a refused stale save (409)
 * carries the stored values beside the submitted ones (ADR 0015).
 */
export type QuotaSaveResult<C = never> = { ok: true; changed: boolean } | (Refusal & { status: 400 | 404 | 409; conflict: Conflict<C> | null })

const notFound = { ...refusal({}, 'quota.errors.notFound'), status: 404, conflict: null } as const
const stale = <C>(conflict: Conflict<C>) => ({ ...refusal({}), status: 409, conflict }) as const

/**
 * Stores a quota's counting rule (kind + filters JSON) with an audit row. The
 * chains and links it names must exist: a misspelt key would count nothing
 * without saying so. A rule edited from a page loaded before the rule's last
 * change is refused unless it changes nothing.
 */
export async function saveQuotaRules(db: Db, userId: string, quotaId: string, form: QuotaRulesFormData): Promise<QuotaSaveResult<QuotaRulesFormValues>> {
	const { rules } = form
	const quota = await db.quota.findUnique({ where: { id: quotaId }, select: { kind: true, filters: true, version: true } })
	if (!quota) return notFound
	if (rules.kind !== 'manual') {
		const chains = await listRuleChains(db)
		const errors: FieldErrors = {}
		if (rules.rules.chainSlugs.some((slug) => !chains.some((c) => c.slug === slug))) errors.chainSlugs = 'quota.validation.unknownChain'
		const offered = chains.filter((c) => rules.rules.chainSlugs.length === 0 || rules.rules.chainSlugs.includes(c.slug)).flatMap((c) => c.links)
		const linkKeys = 'linkKeys' in rules.rules ? rules.rules.linkKeys : []
		if (linkKeys.some((key) => !offered.some((l) => l.key === key))) errors.linkKeys = 'quota.validation.unknownLink'
		if (Object.keys(errors).length > 0) return { ...refusal(errors), status: 400, conflict: null }
	}
	const after = { kind: rules.kind, filters: JSON.stringify(rules.rules) }
	if (after.kind === quota.kind && after.filters === quota.filters) return { ok: true, changed: false }
	try {
		if (form.version !== quota.version) throw new VersionConflict()
		await db.$transaction(async (tx) => {
			await compareAndSet(tx.quota.updateMany({ where: { id: quotaId, version: quota.version }, data: { ...after, ...BUMP_VERSION } }))
			await recordAudit(tx, { userId, entity: 'Quota', entityId: quotaId, action: 'update', before: quota, after })
		})
	} catch (error) {
		if (!(error instanceof VersionConflict)) throw error
		const stored = await db.quota.findUnique({ where: { id: quotaId }, select: { kind: true, filters: true, version: true } })
		if (!stored) return notFound
		const current = quotaRulesFormValues(parseQuotaRules(stored.kind, stored.filters).rules, stored.version)
		return stale({ current, submitted: quotaRulesFormValues(rules, stored.version) })
	}
	return { ok: true, changed: true }
}

const TARGET_STATE_SELECT = {
	metric: true,
	op: true,
	value: true,
	valueMax: true,
	normalizedValue: true,
	period: true,
	startYear: true,
	endYear: true,
	members: true,
	version: true,
	yearValues: { orderBy: { year: 'asc' }, select: { year: true, value: true, valueMax: true, normalizedValue: true } },
} as const satisfies Prisma.QuotaSelect

/**
 * Corrects a saved quota's target (metric, comparison, value, period and years,
 * value per year, member word) with an audit row of before and after; the year
 * values are replaced as a whole. A form opened before the target's last change
 * is refused unless it changes nothing (ADR 0015). The unit and counting rule stay.
 */
export async function saveQuotaTarget(db: Db, userId: string, quotaId: string, data: QuotaTargetData): Promise<QuotaSaveResult<QuotaTargetFormValues>> {
	const stored = await db.quota.findUnique({ where: { id: quotaId }, select: TARGET_STATE_SELECT })
	if (!stored) return notFound
	const { version, ...after } = data
	const { version: storedVersion, ...before } = stored
	const comparable = (t: typeof after | typeof before) =>
		JSON.stringify([t.metric, t.op, t.value, t.valueMax, t.period, t.startYear, t.endYear, t.members, t.yearValues.map((y) => [y.year, y.value, y.valueMax])])
	if (comparable(after) === comparable(before)) return { ok: true, changed: false }
	try {
		if (version !== storedVersion) throw new VersionConflict()
		await db.$transaction(async (tx) => {
			const { yearValues, ...columns } = after
			await compareAndSet(tx.quota.updateMany({ where: { id: quotaId, version: storedVersion }, data: { ...columns, ...BUMP_VERSION } }))
			await tx.quotaYearValue.deleteMany({ where: { quotaId } })
			if (yearValues.length > 0) await tx.quotaYearValue.createMany({ data: yearValues.map((y) => ({ quotaId, ...y })) })
			await recordAudit(tx, { userId, entity: 'Quota', entityId: quotaId, action: 'update', before, after })
		})
	} catch (error) {
		if (!(error instanceof VersionConflict)) throw error
		const current = await db.quota.findUnique({ where: { id: quotaId }, select: TARGET_STATE_SELECT })
		if (!current) return notFound
		const submitted = quotaTargetFormValues({ ...after, version: current.version })
		return stale({ current: quotaTargetFormValues(current), submitted })
	}
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
	if (quota.kind !== 'manual') return { ...refusal({}, 'quota.errors.notManual'), status: 400, conflict: null }
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

const UNIT_SHARES_SELECT = {
	value: true,
	normalizedValue: true,
	units: { orderBy: { position: 'asc' }, select: { unitId: true, target: true, version: true } },
} as const

/**
 * Sets the listed units' own shares (typed in the clause's unit, stored
 * normalized); null = the quota's target applies. Each share is its own row
 * with its own version: a save that would overwrite a share changed since the
 * page was loaded is refused whole (ADR 0015); shares it leaves as stored may
 * have moved on meanwhile.
 */
export async function saveUnitTargets(db: Db, userId: string, quotaId: string, shares: UnitTargetsData): Promise<QuotaSaveResult<UnitSharesValues>> {
	const quota = await db.quota.findUnique({ where: { id: quotaId }, select: UNIT_SHARES_SELECT })
	if (!quota) return notFound
	const factor = normalizationFactor(quota)
	const changes = quota.units
		.filter((u) => u.unitId in shares)
		.map((u) => {
			const posted = shares[u.unitId]!
			return {
				unitId: u.unitId,
				before: u.target,
				after: posted.target === null ? null : posted.target * factor,
				version: u.version,
				stale: posted.version !== u.version,
			}
		})
		.filter((c) => c.before !== c.after)
	if (changes.length === 0) return { ok: true, changed: false }
	try {
		if (changes.some((c) => c.stale)) throw new VersionConflict()
		await db.$transaction(async (tx) => {
			for (const c of changes) {
				await compareAndSet(tx.quotaUnit.updateMany({ where: { quotaId, unitId: c.unitId, version: c.version }, data: { target: c.after, ...BUMP_VERSION } }))
			}
			const values = (key: 'before' | 'after') => Object.fromEntries(changes.map((c) => [c.unitId, c[key]]))
			await recordAudit(tx, {
				userId,
				entity: 'Quota',
				entityId: quotaId,
				action: 'update',
				before: { unitTargets: values('before') },
				after: { unitTargets: values('after') },
			})
		})
	} catch (error) {
		if (!(error instanceof VersionConflict)) throw error
		const stored = await db.quota.findUnique({ where: { id: quotaId }, select: UNIT_SHARES_SELECT })
		if (!stored) return notFound
		const storedFactor = normalizationFactor(stored)
		const sharesOf = (submitted: boolean) =>
			unitSharesFormValues(
				stored.units.map((u) => {
					const posted = submitted ? shares[u.unitId] : undefined
					const share = posted ? (posted.target === null ? '' : decimalText(posted.target)) : shareText(u.target, storedFactor)
					return { unitId: u.unitId, share, version: u.version }
				}),
			)
		return stale({ current: sharesOf(false), submitted: sharesOf(true) })
	}
	return { ok: true, changed: true }
}
