import { type Db } from '~/db.server'
import { recordAudit } from './audit.server'
import { listUnits } from './unit.server'
import { listUsers } from './user.server'

const OPEN_STAGES = ['new', 'contacted', 'visited', 'negotiating']

const leadSelect = {
	id: true,
	stage: true,
	priority: true,
	source: true,
	nextActionDate: true,
	isSample: true,
	company: { select: { id: true, name: true, isSample: true } },
	owner: { select: { id: true, name: true } },
	unit: { select: { name: true, nameEn: true } },
} as const

export function listLeads(db: Db) {
	return db.lead.findMany({
		orderBy: [{ nextActionDate: 'asc' }, { createdAt: 'desc' }],
		select: leadSelect,
	})
}

/** Open leads of one owner whose next action date has passed. */
export function listOverdueLeads(db: Db, ownerId: string, now = new Date()) {
	return db.lead.findMany({
		where: { ownerId, stage: { in: OPEN_STAGES }, nextActionDate: { lt: now } },
		orderBy: { nextActionDate: 'asc' },
		select: leadSelect,
	})
}

/** Rows for export, read in pages so a large table never sits in memory at once. */
export async function* iterateLeadsForExport(db: Db, batchSize = 500) {
	let cursor: string | undefined
	for (;;) {
		const batch = await db.lead.findMany({
			take: batchSize,
			...(cursor ? { skip: 1, cursor: { id: cursor } } : {}),
			orderBy: { id: 'asc' },
			select: {
				id: true,
				stage: true,
				priority: true,
				source: true,
				nextActionDate: true,
				notes: true,
				isSample: true,
				company: { select: { name: true, uscc: true } },
				owner: { select: { name: true } },
				unit: { select: { name: true } },
			},
		})
		if (batch.length === 0) return
		yield* batch
		cursor = batch[batch.length - 1]!.id
	}
}

/**
 * Leads for target companies from the gap finder, in one transaction: a
 * company that already has an open lead gets no second one.
 */
export async function createGapLeads(
	db: Db,
	input: { companyIds: readonly string[]; ownerId: string; unitId: string | null; notes: string; userId: string },
) {
	return db.$transaction(async (tx) => {
		const existing = await tx.lead.findMany({
			where: { companyId: { in: [...input.companyIds] }, stage: { in: OPEN_STAGES } },
			select: { companyId: true },
		})
		const skip = new Set(existing.map((l) => l.companyId))
		const created: string[] = []
		for (const companyId of new Set(input.companyIds)) {
			if (skip.has(companyId)) continue
			const lead = await tx.lead.create({
				data: { companyId, ownerId: input.ownerId, unitId: input.unitId, source: 'chain_gap', priority: 'high', notes: input.notes },
				select: { id: true, companyId: true, ownerId: true, unitId: true, stage: true, source: true, notes: true },
			})
			await recordAudit(tx, { userId: input.userId, entity: 'Lead', entityId: lead.id, action: 'create', after: lead })
			created.push(lead.id)
		}
		return { created, skippedCompanyIds: [...skip] }
	})
}

/** Companies among `companyIds` that have an open lead. */
export async function companiesWithOpenLeads(db: Db, companyIds: readonly string[]) {
	const rows = await db.lead.findMany({
		where: { companyId: { in: [...companyIds] }, stage: { in: OPEN_STAGES } },
		select: { companyId: true },
	})
	return new Set(rows.map((r) => r.companyId))
}

/** Owner and unit choices for a lead form, defaulting to the signed-in user and their unit. */
export async function leadFormOptions(db: Db, user: { id: string; unit: { id: string } | null }) {
	const [owners, units] = await Promise.all([listUsers(db), listUnits(db)])
	return { owners: owners.map((o) => ({ id: o.id, name: o.name })), units, defaultOwnerId: user.id, defaultUnitId: user.unit?.id ?? null }
}
