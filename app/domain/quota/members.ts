import { type RegionPart } from '~/domain/region/reach'
import { opMet } from './pace'
import { type MemberProgress } from './progress'

/**
 * A per-member target (每个园区每年引进3个以上亿元项目, ADR 0042) against each
 * member: the regions directly under the quota's region, each with everything
 * under it. The quota is met when every member meets it; until then it stands
 * as its weakest member does. For a total (or a region with nothing under it)
 * there are no members and `weakest` is null.
 */
export function memberStanding(members: string | null, op: string, target: number, regions: readonly RegionPart[]) {
	const parts = members === null ? [] : regions.filter((r) => !r.own)
	const memberProgress: MemberProgress[] = parts.map((r) => ({
		regionId: r.regionId,
		name: r.name,
		nameEn: r.nameEn,
		actual: r.actual,
		items: r.items,
		met: opMet(op, r.actual, target),
	}))
	return {
		memberProgress,
		membersMet: memberProgress.filter((m) => m.met).length,
		weakest:
			memberProgress.length === 0 ? null : op === '<=' ? Math.max(...memberProgress.map((m) => m.actual)) : Math.min(...memberProgress.map((m) => m.actual)),
	}
}
