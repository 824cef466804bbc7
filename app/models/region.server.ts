import { type Db } from '~/db.server'
import { regionTree } from '~/domain/company/list-query'
import { type NewRegion, parentKindProblem } from '~/domain/region/region-schema'
import { homeRegion, type RegionScope, regionScope } from '~/domain/region/scope'
import { Prisma } from '~/generated/prisma/client'
import { recordAudit } from './audit.server'

type Reader = Pick<Db, 'region' | 'unit'>

/** The region tree as the scope rules read it (a few hundred rows at most). */
export function loadRegionNodes(db: Pick<Db, 'region'>) {
	return db.region.findMany({ select: { id: true, parentId: true } })
}

/** What this user sees (ADR 0026): admins everything, others their region's subtree, no region only records without one. */
export async function loadRegionScope(db: Pick<Db, 'region'>, user: { role: string; regionId: string | null }): Promise<RegionScope> {
	if (user.role === 'admin') return { kind: 'all' }
	if (user.regionId === null) return { kind: 'unassigned' }
	return regionScope(await loadRegionNodes(db), user)
}

/**
 * The scope as a filter on a record's own `regionId` (Lead, Project): an indexed
 * `regionId IN (…)`, `regionId IS NULL`, or nothing for the whole installation.
 */
export function regionWhere(scope: RegionScope): { regionId?: { in: string[] } | null } {
	if (scope.kind === 'all') return {}
	if (scope.kind === 'unassigned') return { regionId: null }
	return { regionId: { in: [...scope.regionIds] } }
}

/** The same filter in raw SQL on `column` (a quoted column reference). */
export function regionSql(scope: RegionScope, column: Prisma.Sql): Prisma.Sql {
	if (scope.kind === 'all') return Prisma.sql`TRUE`
	if (scope.kind === 'unassigned') return Prisma.sql`${column} IS NULL`
	return Prisma.sql`${column} IN (${Prisma.join(scope.regionIds)})`
}

/**
 * Activities follow their lead or project; one logged on a company alone (the
 * demo's company visits) follows its author's region.
 */
export function activityRegionWhere(scope: RegionScope): Prisma.ActivityWhereInput {
	if (scope.kind === 'all') return {}
	const where = regionWhere(scope)
	return {
		OR: [{ lead: where }, { leadId: null, project: where }, { leadId: null, projectId: null, user: where }],
	}
}

/**
 * Can a new quota (and its policy document) belong to `regionId` (ADR 0029): a region that exists, or none
 * only while the installation has no regions. Once regions exist a quota without one counts the whole
 * installation and is shown to accounts without a region, which see nothing of the counties (ADR 0026).
 */
export async function quotaRegionAllowed(db: Pick<Db, 'region'>, regionId: string | null) {
	return regionId === null ? (await db.region.count()) === 0 : (await db.region.count({ where: { id: regionId } })) === 1
}

/** Regions of the scope, parents first with their depth, for region pickers. */
export async function listScopeRegions(db: Pick<Db, 'region'>, scope: RegionScope) {
	const regions = await db.region.findMany({
		where: scope.kind === 'all' ? {} : scope.kind === 'unassigned' ? { id: { in: [] } } : { id: { in: [...scope.regionIds] } },
		orderBy: { code: 'asc' },
		select: { id: true, code: true, name: true, nameEn: true, kind: true, parentId: true },
	})
	return regionTree(regions)
}

/**
 * The region tree with names (by code) and the installation's home region
 * (homeRegion over the units' regions, as the region migration placed everyone).
 */
export async function loadRegionTree(db: Reader) {
	const [regions, units] = await Promise.all([
		db.region.findMany({ orderBy: { code: 'asc' }, select: { id: true, parentId: true, name: true, nameEn: true } }),
		db.unit.findMany({ where: { regionId: { not: null } }, select: { regionId: true } }),
	])
	return {
		regions,
		home: homeRegion(
			regions,
			units.map((u) => u.regionId!),
		),
	}
}

/** The installation's home region: the default of a new account. */
export async function installationHomeRegion(db: Reader) {
	return (await loadRegionTree(db)).home
}

/** Adds a region under `parentCode` (a county under its city…), audited; refused on an unknown parent, a used code or a kind out of place. */
export async function createRegion(db: Db, input: NewRegion & { parentCode: string | null }) {
	return db.$transaction(async (tx) => {
		const parent = input.parentCode ? await tx.region.findUnique({ where: { code: input.parentCode }, select: { id: true, kind: true } }) : null
		if (input.parentCode && !parent) throw new RegionError(`unknown parent region: ${input.parentCode}`)
		const problem = parentKindProblem(input.kind, parent?.kind ?? null)
		if (problem) throw new RegionError(problem)
		if (await tx.region.findUnique({ where: { code: input.code }, select: { id: true } })) throw new RegionError(`region code in use: ${input.code}`)
		const region = await tx.region.create({
			data: { code: input.code, name: input.name, nameEn: input.nameEn, kind: input.kind, parentId: parent?.id ?? null },
			select: { id: true, code: true, name: true, nameEn: true, kind: true, parentId: true },
		})
		await recordAudit(tx, { userId: null, entity: 'Region', entityId: region.id, action: 'create', after: region })
		return region
	})
}

/** Adds a 责任单位 in a region (区商务局 of a county), audited. */
export async function createUnit(db: Db, input: { name: string; nameEn: string; regionCode: string }) {
	return db.$transaction(async (tx) => {
		const region = await tx.region.findUnique({ where: { code: input.regionCode }, select: { id: true } })
		if (!region) throw new RegionError(`unknown region: ${input.regionCode}`)
		if (await tx.unit.findUnique({ where: { name: input.name }, select: { id: true } })) throw new RegionError(`unit name in use: ${input.name}`)
		const unit = await tx.unit.create({
			data: { name: input.name, nameEn: input.nameEn, regionId: region.id },
			select: { id: true, name: true, nameEn: true, regionId: true },
		})
		await recordAudit(tx, { userId: null, entity: 'Unit', entityId: unit.id, action: 'create', after: unit })
		return unit
	})
}

/** Gives an account a region (or none), audited; it takes effect on the account's next request. */
export async function setUserRegion(db: Db, username: string, regionCode: string | null) {
	return db.$transaction(async (tx) => {
		const user = await tx.user.findUnique({ where: { username }, select: { id: true, regionId: true } })
		if (!user) throw new RegionError(`unknown user: ${username}`)
		const region = regionCode ? await tx.region.findUnique({ where: { code: regionCode }, select: { id: true } }) : null
		if (regionCode && !region) throw new RegionError(`unknown region: ${regionCode}`)
		const regionId = region?.id ?? null
		if (regionId !== user.regionId) {
			await tx.user.update({ where: { id: user.id }, data: { regionId }, select: { id: true } })
			await recordAudit(tx, { userId: null, entity: 'User', entityId: user.id, action: 'update', before: { regionId: user.regionId }, after: { regionId } })
		}
		return { username, regionId, changed: regionId !== user.regionId }
	})
}

/** A region command refused (the CLI prints the message). */
export class RegionError extends Error {
	constructor(message: string) {
		super(message)
		this.name = 'RegionError'
	}
}

/** The region tree for `regions:list`: parents first, with each region's units and users counted. */
export async function listRegionSummary(db: Db) {
	const regions = await db.region.findMany({
		orderBy: { code: 'asc' },
		select: { id: true, code: true, name: true, nameEn: true, kind: true, parentId: true, _count: { select: { units: true, users: true } } },
	})
	return regionTree(regions).map(({ _count, ...r }) => ({ ...r, units: _count.units, users: _count.users }))
}
