// How urgent a link is for the bureau, ranked, so the map's colour carries
// information: the flags (ADR 0005) stay as they are, this orders them. A link
// the county has to bring in from outside comes before one whose material
// leaks out, which comes before an empty slot nobody local needs filled yet,
// which comes before a working link that carries a risk. See ADR 0028.
import { type LinkAnalysis } from './gap-analysis'

/** Worst first. */
export const SEVERITY_LEVELS = ['critical', 'serious', 'opening', 'risk', 'sound', 'idle'] as const
export type SeverityLevel = (typeof SEVERITY_LEVELS)[number]

type Flagged = Pick<LinkAnalysis, 'flags' | 'health'>

/**
 * - critical: 断链 where local downstream production needs the input, or 短板 (or a scenario's 断供) below the red line;
 * - serious: 短板 or 断供 above it, or 外流 (material leaves unprocessed);
 * - opening: 断链 where local output has no local taker, or a missing supporting trade (延链/配套 openings);
 * - risk: only 单点依赖 or 缺龙头;
 * - sound: local and unflagged; idle: nothing local around it.
 */
export function linkSeverity(link: Flagged): SeverityLevel {
	const has = (test: (flag: LinkAnalysis['flags'][number]) => boolean) => link.flags.some(test)
	if (has((f) => f.reason.key === 'broken_downstream' || ((f.code === 'shortfall' || f.code === 'input_lost') && f.severity === 'red'))) return 'critical'
	if (has((f) => f.code === 'shortfall' || f.code === 'outflow' || f.code === 'input_lost')) return 'serious'
	if (has((f) => f.code === 'broken')) return 'opening'
	if (link.flags.length > 0) return 'risk'
	return link.health === 'idle' ? 'idle' : 'sound'
}

/** Links worst first: by level, then by how much of the need is uncovered (shortfall) or left over (outflow), then in chain order. */
export function rankLinks<T extends Flagged & Pick<LinkAnalysis, 'linkId' | 'supply' | 'demand'>>(links: readonly T[]): T[] {
	const level = (l: T) => SEVERITY_LEVELS.indexOf(linkSeverity(l))
	// Share of the local need not met locally (1 for a broken link), or of the output not used locally.
	const gap = (l: T) => {
		const larger = Math.max(l.demand, l.supply ?? 0)
		return larger > 0 ? Math.abs(l.demand - (l.supply ?? 0)) / larger : 0
	}
	return links
		.map((l, index) => ({ l, index }))
		.sort((a, b) => level(a.l) - level(b.l) || gap(b.l) - gap(a.l) || a.index - b.index)
		.map(({ l }) => l)
}
