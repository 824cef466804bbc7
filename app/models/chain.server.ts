import { type Db } from '~/db.server'

export async function listChains(db: Db) {
	const chains = await db.chain.findMany({
		orderBy: { createdAt: 'asc' },
		select: {
			id: true,
			slug: true,
			name: true,
			nameEn: true,
			source: true,
			region: { select: { name: true, nameEn: true } },
			_count: { select: { links: true, edges: true } },
		},
	})
	return chains
}

/** An edge's factor with its range, unit and provenance: what every edge read shows or audits. */
export const EDGE_FACTOR_SELECT = {
	factor: true,
	factorLow: true,
	factorHigh: true,
	factorUnit: true,
	referenceId: true,
	confidence: true,
	source: true,
} as const
