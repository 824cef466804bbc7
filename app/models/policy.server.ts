import { type Db } from '~/db.server'
import { type ExtractedTarget } from '~/domain/policy/target'
import { type QuotaRules } from '~/domain/quota/rules'
import { matchUnit, type PolicyDocumentData } from '~/domain/quota/target-review'
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
	}
}

/**
 * Saves a reviewed policy document and its accepted targets as quotas, all or
 * nothing: the document with its full text, one quota per target linked to the
 * document and clause, its responsible units in the order listed (lead unit
 * first), and an audit row for every record created. Document and quotas
 * belong to `regionId` (ADR 0029): they count that region and what is under it.
 */
export function savePolicyWithQuotas(db: Db, input: PolicyImport, userId: string, regionId: string | null) {
	return db.$transaction(async (tx) => {
		const { text, ...fields } = input.document
		const document = await tx.policyDocument.create({ data: { ...fields, text, regionId }, select: { id: true } })
		await recordAudit(tx, { userId, entity: 'PolicyDocument', entityId: document.id, action: 'create', after: { ...fields, textLength: text.length } })

		const { idByName, created } = await resolveUnits(
			tx,
			userId,
			input.quotas.flatMap((q) => q.target.responsibleUnits),
		)
		const quotaIds: string[] = []
		for (const { target, rules } of input.quotas) {
			// Two names of one unit (区工信局 and 区工信局 with a stray space) link it once, at its first place.
			const unitIds = [...new Set(target.responsibleUnits.map((name) => idByName.get(name)!))]
			const data = quotaData(target, rules)
			const quota = await tx.quota.create({
				data: { ...data, documentId: document.id, regionId, units: { create: unitIds.map((unitId, position) => ({ unitId, position })) } },
				select: { id: true },
			})
			await recordAudit(tx, { userId, entity: 'Quota', entityId: quota.id, action: 'create', after: { ...data, documentId: document.id, regionId, unitIds } })
			quotaIds.push(quota.id)
		}
		return { documentId: document.id, quotaIds, createdUnits: created }
	})
}
