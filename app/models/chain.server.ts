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

export async function getChainDetail(db: Db, slug: string) {
	return db.chain.findUnique({
		where: { slug },
		select: {
			id: true,
			slug: true,
			name: true,
			nameEn: true,
			description: true,
			source: true,
			region: { select: { name: true, nameEn: true } },
			links: {
				orderBy: { sortOrder: 'asc' },
				select: {
					id: true,
					key: true,
					name: true,
					nameEn: true,
					stage: true,
					unit: true,
					companies: {
						orderBy: { company: { name: 'asc' } },
						select: {
							year: true,
							capacity: true,
							output: true,
							isSample: true,
							company: { select: { id: true, name: true, isLocal: true, isSample: true } },
						},
					},
				},
			},
			edges: {
				select: {
					id: true,
					factor: true,
					factorLow: true,
					factorHigh: true,
					factorUnit: true,
					referenceId: true,
					confidence: true,
					source: true,
					fromLink: { select: { key: true, name: true, nameEn: true, sortOrder: true } },
					toLink: { select: { key: true, name: true, nameEn: true, sortOrder: true } },
				},
			},
		},
	})
}
