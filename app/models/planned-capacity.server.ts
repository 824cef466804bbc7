// Planned capacity on leads and projects (ADR 0036): which links a record may plan capacity at
// (the chain in reach of the user's scope and the record's region), for the forms and for the
// server's check of a posted link.
import { type Db } from '~/db.server'
import { chainInReach } from '~/domain/capacity/planned'
import { type RegionScope } from '~/domain/region/scope'
import { loadRegionNodes } from './region.server'

type Reader = Pick<Db, 'chain' | 'chainLink' | 'region'>

/** The chains (and their material links, in chain order) a record of `recordRegionId` may plan capacity at. */
export async function plannedLinkOptions(db: Reader, scope: RegionScope, recordRegionId: string | null) {
	const [chains, regions] = await Promise.all([
		db.chain.findMany({
			orderBy: { createdAt: 'asc' },
			select: {
				id: true,
				regionId: true,
				name: true,
				nameEn: true,
				links: { where: { stage: { not: 'supporting' } }, orderBy: [{ sortOrder: 'asc' }, { id: 'asc' }], select: { id: true, name: true, nameEn: true, unit: true } },
			},
		}),
		loadRegionNodes(db),
	])
	return chains
		.filter((c) => chainInReach({ chainRegionId: c.regionId, scope, recordRegionId, regions }))
		.map((c) => ({ id: c.id, name: c.name, nameEn: c.nameEn, links: c.links }))
}

export type PlannedLinkOptions = Awaited<ReturnType<typeof plannedLinkOptions>>

/** Whether `linkId` is a material link of a chain in reach (a posted id is never trusted). */
export async function plannedLinkAllowed(db: Reader, linkId: string, scope: RegionScope, recordRegionId: string | null) {
	const link = await db.chainLink.findUnique({ where: { id: linkId }, select: { stage: true, chain: { select: { regionId: true } } } })
	if (!link || link.stage === 'supporting') return false
	return chainInReach({ chainRegionId: link.chain.regionId, scope, recordRegionId, regions: await loadRegionNodes(db) })
}
