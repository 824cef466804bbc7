import { prisma } from '~/db.server'
import { type Actor } from '~/domain/auth/record-access'
import { roleSchema } from '~/domain/auth/roles'
import { type RegionScope } from '~/domain/region/scope'
import { loadRegionScope } from '~/models/region.server'

/** The account as the models see it when it signs in: role, unit, region and what it sees (ADR 0026). */
export async function actorNamed(username: string): Promise<Actor> {
	const user = await prisma.user.findUniqueOrThrow({ where: { username }, select: { id: true, role: true, unitId: true, regionId: true } })
	const role = roleSchema.parse(user.role)
	return { id: user.id, role, unitId: user.unitId, regionId: user.regionId, scope: await loadRegionScope(prisma, { role, regionId: user.regionId }) }
}

/** The seeded county (赣县区): the region of the demo's accounts, leads and projects. */
export async function demoCountyId() {
	return (await prisma.region.findUniqueOrThrow({ where: { code: 'jx-gz-gx' }, select: { id: true } })).id
}

/** What an admin (or the CLI) sees: the whole installation. */
export const WHOLE_INSTALLATION: RegionScope = { kind: 'all' }
