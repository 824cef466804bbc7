import { type Db } from '~/db.server'

export const COMPANY_PAGE_SIZE = 50

/** Search by name, short/former name or USCC; newest facts first within a name. */
export async function listCompanies(db: Db, { q, page }: { q: string; page: number }) {
	const term = q.trim()
	const where = term
		? {
				OR: [
					{ name: { contains: term } },
					{ uscc: { equals: term.toUpperCase() } },
					{ aliases: { some: { name: { contains: term } } } },
				],
			}
		: {}
	const [total, rows] = await Promise.all([
		db.company.count({ where }),
		db.company.findMany({
			where,
			orderBy: [{ isLocal: 'desc' }, { name: 'asc' }],
			skip: (page - 1) * COMPANY_PAGE_SIZE,
			take: COMPANY_PAGE_SIZE,
			select: {
				id: true,
				name: true,
				uscc: true,
				kind: true,
				isLocal: true,
				revenueCNY: true,
				isSample: true,
				source: true,
				region: { select: { name: true, nameEn: true } },
				aliases: { select: { kind: true, name: true } },
				tags: { select: { tag: true } },
				links: { select: { link: { select: { id: true, name: true, nameEn: true } } } },
			},
		}),
	])
	return {
		total,
		rows: rows.map((c) => ({
			...c,
			revenueCNY: c.revenueCNY === null ? null : Number(c.revenueCNY),
			tags: c.tags.map((t) => t.tag),
			// A company may hold several years of figures at one link; list each link once.
			links: [...new Map(c.links.map((l) => [l.link.id, l.link])).values()],
		})),
	}
}
