import { type Db } from '~/db.server'

export async function listProjects(db: Db) {
	const rows = await db.project.findMany({
		orderBy: [{ signedDate: 'desc' }, { title: 'asc' }],
		select: {
			id: true,
			title: true,
			type: true,
			investmentCNY: true,
			stage: true,
			negotiatingDate: true,
			signedDate: true,
			startedDate: true,
			producingDate: true,
			terminatedDate: true,
			isClusterLeading: true,
			isSample: true,
			company: { select: { id: true, name: true } },
			responsibleUnit: { select: { name: true, nameEn: true } },
			links: { select: { link: { select: { id: true, name: true, nameEn: true } } } },
		},
	})
	return rows.map((p) => ({
		...p,
		investmentCNY: Number(p.investmentCNY),
		links: p.links.map((l) => l.link),
	}))
}
