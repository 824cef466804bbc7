import { type Db } from '~/db.server'
import { type Actor, isManager } from '~/domain/auth/record-access'
import { CN_CALENDAR } from '~/domain/calendar/cn-calendar'
import { VersionConflict } from '~/domain/concurrency/conflict'
import {
	DEFAULT_SERVICE_LEVELS,
	effectiveLevels,
	levelsAuditSnapshot,
	parseStoredLevels,
	type ServiceLevels,
	type ServiceLevelsForm,
} from '~/domain/lead/service-levels'
import { calendarGaps, type FollowUpRules } from '~/domain/lead/status'
import { ancestorIds, inScope, type RegionNode, type RegionScope } from '~/domain/region/scope'
import { UserError } from '~/utils/user-error'
import { recordAudit } from './audit.server'
import { BUMP_VERSION, compareAndSet } from './concurrency.server'
import { listScopeRegions, loadRegionNodes } from './region.server'

/** Every region's own levels (a row per region that has its own; a few at most). */
async function loadStoredLevels(db: Pick<Db, 'serviceLevelSetting'>) {
	const rows = await db.serviceLevelSetting.findMany({ select: { regionId: true, levels: true, version: true } })
	return {
		levels: new Map(rows.map((r) => [r.regionId, parseStoredLevels(r.levels)])),
		versions: new Map(rows.map((r) => [r.regionId, r.version])),
	}
}

/**
 * The follow-up rules of every region a scope sees, grouped by equal levels so a list query needs one
 * branch per group and stage, not per region. `null` stands for records without a region (the defaults).
 */
export type FollowUpPolicy = {
	calendar: FollowUpRules['calendar']
	rulesFor(regionId: string | null): FollowUpRules
	groups: { regionIds: (string | null)[]; rules: FollowUpRules }[]
}

export function buildFollowUpPolicy(nodes: readonly RegionNode[], stored: ReadonlyMap<string, ServiceLevels>, scope: RegionScope): FollowUpPolicy {
	const calendar = CN_CALENDAR
	const byRegion = new Map<string | null, FollowUpRules>()
	const groups = new Map<string, { regionIds: (string | null)[]; rules: FollowUpRules }>()
	const seen: (string | null)[] = [...nodes.filter((n) => inScope(scope, n.id)).map((n) => n.id), ...(inScope(scope, null) ? [null] : [])]
	for (const regionId of seen) {
		const { levels } = effectiveLevels(regionId, regionId === null ? [] : ancestorIds(nodes, regionId), stored)
		const key = JSON.stringify(levels)
		const group = groups.get(key) ?? { regionIds: [], rules: { levels, calendar } }
		group.regionIds.push(regionId)
		groups.set(key, group)
		byRegion.set(regionId, group.rules)
	}
	const fallback = { levels: DEFAULT_SERVICE_LEVELS, calendar }
	return { calendar, rulesFor: (regionId) => byRegion.get(regionId) ?? fallback, groups: [...groups.values()] }
}

/** The follow-up rules for the records a scope sees (read per request: the region tree and the few stored rows). */
export async function loadFollowUpPolicy(db: Pick<Db, 'region' | 'serviceLevelSetting'>, scope: RegionScope) {
	const [nodes, stored] = await Promise.all([loadRegionNodes(db), loadStoredLevels(db)])
	return buildFollowUpPolicy(nodes, stored.levels, scope)
}

/**
 * The settings page: each region of the viewer's scope with the levels that apply to it, where they
 * come from (own, inherited from an ancestor, defaults) and the version a form for it starts from.
 */
export async function listServiceLevelSettings(db: Db, scope: RegionScope) {
	const [regions, nodes, stored] = await Promise.all([listScopeRegions(db, scope), loadRegionNodes(db), loadStoredLevels(db)])
	return regions.map((region) => {
		const { levels, origin } = effectiveLevels(region.id, ancestorIds(nodes, region.id), stored.levels)
		return { region, levels, origin: origin, version: stored.versions.get(region.id) ?? 0 }
	})
}

/**
 * Saves a region's own levels. Managers and admins only, for a region of their scope; the form carries
 * the version it was opened at (0: the region had none of its own) and a stale one is refused with a
 * VersionConflict (ADR 0015). Writes an audit row with the levels before and after.
 */
export async function saveServiceLevels(db: Db, form: ServiceLevelsForm, actor: Actor & { address?: string }) {
	if (!isManager(actor)) throw new UserError('serviceLevels.errors.managersOnly', { status: 403 })
	if (!inScope(actor.scope, form.regionId)) throw new UserError('serviceLevels.errors.regionNotFound', { status: 404 })
	return db.$transaction(async (tx) => {
		const region = await tx.region.findUnique({ where: { id: form.regionId }, select: { id: true } })
		if (!region) throw new UserError('serviceLevels.errors.regionNotFound', { status: 404 })
		const before = await tx.serviceLevelSetting.findUnique({ where: { regionId: form.regionId }, select: { id: true, levels: true, version: true } })
		const levels = JSON.stringify(form.levels)
		if (!before) {
			if (form.version !== 0) throw new VersionConflict()
			const created = await tx.serviceLevelSetting.create({ data: { regionId: form.regionId, levels }, select: { id: true, version: true } })
			await recordAudit(tx, {
				userId: actor.id,
				ip: actor.address ?? null,
				entity: 'ServiceLevelSetting',
				entityId: form.regionId,
				action: 'create',
				after: levelsAuditSnapshot(form.levels),
			})
			return created
		}
		if (before.version !== form.version) {
			if (before.levels === levels) return before
			throw new VersionConflict()
		}
		await compareAndSet(tx.serviceLevelSetting.updateMany({ where: { id: before.id, version: form.version }, data: { levels, ...BUMP_VERSION } }))
		await recordAudit(tx, {
			userId: actor.id,
			ip: actor.address ?? null,
			entity: 'ServiceLevelSetting',
			entityId: form.regionId,
			action: 'update',
			before: levelsAuditSnapshot(parseStoredLevels(before.levels)),
			after: levelsAuditSnapshot(form.levels),
		})
		return { id: before.id, version: before.version + 1 }
	})
}

/** Drops a region's own levels so it inherits again (same rights and version check as saving). */
export async function inheritServiceLevels(db: Db, input: { regionId: string; version: number }, actor: Actor & { address?: string }) {
	if (!isManager(actor)) throw new UserError('serviceLevels.errors.managersOnly', { status: 403 })
	if (!inScope(actor.scope, input.regionId)) throw new UserError('serviceLevels.errors.regionNotFound', { status: 404 })
	return db.$transaction(async (tx) => {
		const before = await tx.serviceLevelSetting.findUnique({ where: { regionId: input.regionId }, select: { id: true, levels: true, version: true } })
		if (!before) return null
		if (before.version !== input.version) throw new VersionConflict()
		await tx.serviceLevelSetting.delete({ where: { id: before.id } })
		await recordAudit(tx, {
			userId: actor.id,
			ip: actor.address ?? null,
			entity: 'ServiceLevelSetting',
			entityId: input.regionId,
			action: 'delete',
			before: levelsAuditSnapshot(parseStoredLevels(before.levels)),
		})
		return null
	})
}

/**
 * The 履约 warning window of each region a scope sees (the service levels' commitmentWarnDays, ADR 0039),
 * grouped by equal windows so the list filter needs one branch per window, not per region.
 */
export type CommitmentWindows = { daysFor(regionId: string | null): number; groups: { regionIds: (string | null)[]; days: number }[] }

export function commitmentWindowsOf(policy: FollowUpPolicy): CommitmentWindows {
	const groups = new Map<number, (string | null)[]>()
	for (const group of policy.groups) {
		const days = group.rules.levels.commitmentWarnDays
		groups.set(days, [...(groups.get(days) ?? []), ...group.regionIds])
	}
	return { daysFor: (regionId) => policy.rulesFor(regionId).levels.commitmentWarnDays, groups: [...groups].map(([days, regionIds]) => ({ days, regionIds })) }
}

/** The 履约 warning windows of the regions a scope sees. */
export async function loadCommitmentWindows(db: Pick<Db, 'region' | 'serviceLevelSetting'>, scope: RegionScope) {
	return commitmentWindowsOf(await loadFollowUpPolicy(db, scope))
}

/** The years without a notice that the scope's thresholds reach into (counted Monday–Friday): pages show a note. */
export function policyCalendarGaps(policy: FollowUpPolicy, now: Date) {
	return [...new Set(policy.groups.flatMap((g) => calendarGaps(now, g.rules)))].sort()
}

/** The loaders' clock: now and the scope's follow-up rules, read once per request, and the calendar note. */
export async function followUpClock(db: Db, scope: RegionScope, now = new Date()) {
	const policy = await loadFollowUpPolicy(db, scope)
	return { clock: { now, policy }, calendarGaps: policyCalendarGaps(policy, now) }
}
