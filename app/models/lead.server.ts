import { type Db } from '~/db.server'

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
