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
