import { createHash } from 'node:crypto'
import { type Db } from '~/db.server'
import { mergeRestatements } from '~/domain/policy/consolidate'
import { normalizeQuantity } from '~/domain/policy/numbers'
import { type ExtractedTarget } from '~/domain/policy/target'
import { type QuotaRules } from '~/domain/quota/rules'
import { matchUnit, type PolicyDocumentData } from '~/domain/quota/target-review'
import { formatDate } from '~/utils/format'
import { UserError } from '~/utils/user-error'
import { recordAudit } from './audit.server'

type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0]

/** Chains and their links, for suggesting and choosing what a quota counts. */
export function listChainsForRules(db: Db) {
	return db.chain.findMany({
		orderBy: { createdAt: 'asc' },
		select: {
			slug: true,
			name: true,
			nameEn: true,
			links: { orderBy: { sortOrder: 'asc' }, select: { key: true, name: true, nameEn: true } },
		},
	})
}

export type PolicyImport = {
	/** The region is savePolicyWithQuotas' own argument: the route decides it from the user's scope. */
	document: Omit<PolicyDocumentData, 'regionId'>
	/** Accepted targets in the order reviewed, each with its counting rule. */
	quotas: { target: ExtractedTarget; rules: QuotaRules }[]
}

/**
 * The units named by the targets, in first-mention order, as ids: an existing
 * unit by exact or normalized name, else a new one (its English name unknown,
 * so the Chinese name stands in). Returns the id per name and the names created.
 */
async function resolveUnits(tx: Tx, userId: string, names: string[]) {
	const units = await tx.unit.findMany({ select: { id: true, name: true } })
	const idByName = new Map<string, string>()
	const created: string[] = []
	for (const name of names) {
		if (idByName.has(name)) continue
		const existing = matchUnit(name, units)
		if (existing) {
			idByName.set(name, existing.id)
			continue
		}
		const unit = await tx.unit.create({ data: { name, nameEn: name }, select: { id: true, name: true, nameEn: true } })
		await recordAudit(tx, { userId, entity: 'Unit', entityId: unit.id, action: 'create', after: unit })
		units.push(unit)
		idByName.set(name, unit.id)
		created.push(name)
	}
	return { idByName, created }
}

/** The text's fingerprint: line endings and spaces at line ends do not make another document. */
export function documentTextHash(text: string) {
	const folded = text
		.replace(/\r\n?/g, '\n')
		.replace(/[ \t\u3000]+$/gm, '')
		.trim()
	return createHash('sha256').update(folded).digest('hex')
}

/** A document of the same text already saved for the region, if any (the newest). */
export function findSavedDocument(db: Db | Tx, text: string, regionId: string | null) {
	return db.policyDocument.findFirst({
		where: { textHash: documentTextHash(text), regionId },
		orderBy: { createdAt: 'desc' },
		select: { id: true, title: true, createdAt: true, _count: { select: { quotas: true } } },
	})
}

/**
 * The accepted targets, each once: a card that restates an earlier one (same
 * metric, value, period…) joins it — its places and 责任单位 added — and the
 * earlier card's counting rule stands.
 */
export function mergeRestatedQuotas(quotas: PolicyImport['quotas']): PolicyImport['quotas'] {
	const kept: PolicyImport['quotas'] = []
	for (const quota of quotas) {
		const i = kept.findIndex((k) => mergeRestatements([k.target, quota.target]).length === 1)
		if (i === -1) kept.push(quota)
		else kept[i] = { ...kept[i]!, target: mergeRestatements([kept[i]!.target, quota.target])[0]! }
	}
	return kept
}

function quotaData(target: ExtractedTarget, rules: QuotaRules) {
	return {
		section: target.section,
		excerpt: target.excerpt,
		metric: target.metric,
		kind: rules.kind,
		op: target.op,
		value: target.value,
		valueMax: target.valueMax,
		unit: target.unit,
		normalizedValue: target.normalized.value,
		normalizedUnit: target.normalized.unit,
		period: target.period,
		startYear: target.startYear,
		endYear: target.endYear,
		filters: JSON.stringify(rules.rules),
		sources: JSON.stringify(target.sources.length > 1 ? target.sources : []),
		members: target.members,
	}
}

/** A staged target's rows: each year's value, normalized as the quota's value is. */
function yearValueRows(target: ExtractedTarget) {
	return target.stages.map((s) => ({ year: s.year, value: s.value, valueMax: s.valueMax, normalizedValue: normalizeQuantity(s.value, target.unit).value }))
}

/**
 * Saves a reviewed policy document and its accepted targets as quotas, all or
 * nothing: the document with its full text, one quota per target linked to the
 * document and clause, its responsible units in the order listed (lead unit
 * first), and an audit row for every record created. Document and quotas
 * belong to `regionId` (ADR 0029): they count that region and what is under it.
 * A text saved before for the region is refused (UserError, 409): nothing is saved again (ADR 0042).
 */
export function savePolicyWithQuotas(db: Db, input: PolicyImport, userId: string, regionId: string | null) {
	return db.$transaction(async (tx) => {
		const { text, ...fields } = input.document
		const earlier = await findSavedDocument(tx, text, regionId)
		// The same text saved before for this region: say so rather than duplicate its quotas (ADR 0042).
		if (earlier) {
			const params = { title: earlier.title, date: formatDate(earlier.createdAt), count: earlier._count.quotas }
			throw new UserError('policyImport.errors.alreadySaved', { status: 409, params })
		}
		const document = await tx.policyDocument.create({ data: { ...fields, text, textHash: documentTextHash(text), regionId }, select: { id: true } })
		await recordAudit(tx, { userId, entity: 'PolicyDocument', entityId: document.id, action: 'create', after: { ...fields, textLength: text.length } })

		const { idByName, created } = await resolveUnits(
			tx,
			userId,
			input.quotas.flatMap((q) => q.target.responsibleUnits),
		)
		const quotaIds: string[] = []
		for (const { target: stated, rules } of mergeRestatedQuotas(input.quotas)) {
			// A staged target is due by its last stage's year.
			const lastStage = stated.stages.at(-1)
			const target = lastStage && (stated.endYear === null || stated.endYear < lastStage.year) ? { ...stated, endYear: lastStage.year } : stated
			// Two names of one unit (区工信局 and 区工信局 with a stray space) link it once, at its first place.
			const unitIds = [...new Set(target.responsibleUnits.map((name) => idByName.get(name)!))]
			const data = quotaData(target, rules)
			const quota = await tx.quota.create({
				data: {
					...data,
					documentId: document.id,
					regionId,
					units: { create: unitIds.map((unitId, position) => ({ unitId, position })) },
					yearValues: { create: yearValueRows(target) },
				},
				select: { id: true },
			})
			await recordAudit(tx, {
				userId,
				entity: 'Quota',
				entityId: quota.id,
				action: 'create',
				after: { ...data, documentId: document.id, regionId, unitIds, yearValues: target.stages },
			})
			quotaIds.push(quota.id)
		}
		return { documentId: document.id, quotaIds, createdUnits: created }
	})
}
