// 链上转化 (ADR 0032): a chain's funnel for a period as the viewer's regions see it (ADR 0026):
// per link the gap finder's prospects and the stage figures of the pursuits at it, the level the map
// colours it by and who answers for it; the chain as a whole; the same funnel per unit and owner.
// The pursuits come from funnel-records.server.ts, the figures from app/domain/funnel/funnel.ts.
import { type Db } from '~/db.server'
import { funnelFigures, funnelLevel, isWeakLink, pursuitsOf, responsibles } from '~/domain/funnel/funnel'
import { type RegionScope } from '~/domain/region/scope'
import { type ReportFunnel } from '~/domain/report/build-report'
import { type ReportPeriod } from '~/domain/report/period'
import { countProspects, loadGapAnalysis } from './chain-analysis.server'
import { chinaDayStart, cohortAt, type FunnelWindow, loadPursuits, nextDay } from './funnel-records.server'

/** Names of the units and owners a funnel shows. */
async function responsibleNames(db: Db, unitIds: readonly (string | null)[], ownerIds: readonly (string | null)[]) {
	const present = (list: readonly (string | null)[]) => [...new Set(list.filter((id): id is string => id !== null))]
	const [units, owners] = await Promise.all([
		db.unit.findMany({ where: { id: { in: present(unitIds) } }, select: { id: true, name: true, nameEn: true } }),
		db.user.findMany({ where: { id: { in: present(ownerIds) } }, select: { id: true, name: true } }),
	])
	return { units: new Map(units.map((u) => [u.id, u])), owners: new Map(owners.map((o) => [o.id, o])) }
}

/**
 * A chain's funnel for a period as the viewer's scope sees it: per link the prospects, the stage
 * figures, the level the map colours it by and who answers for its pursuits; the chain as a whole
 * (each pursuit once, whatever its links); and the same funnel per unit and per owner. Null when
 * no chain has that id or slug.
 */
export async function loadChainFunnel(db: Db, input: { chain: string; year: number; window: FunnelWindow; scope: RegionScope }) {
	const gap = await loadGapAnalysis(db, input.chain, input.year)
	if (!gap) return null
	const { window, scope } = input
	const [all, prospects] = await Promise.all([
		loadPursuits(db, { chainId: gap.chain.id, window, scope }),
		// Prospects with a lead opened by asOf, in any year.
		countProspects(db, gap, scope, chinaDayStart(nextDay(window.asOf))),
	])
	const pursuits = cohortAt(all, window, {}).filter((p) => p.linkIds.length > 0)
	const analysisById = new Map(gap.analysis.links.map((l) => [l.linkId, l]))
	const links = gap.chain.links.map((link) => {
		const here = pursuitsOf(pursuits, { linkId: link.id })
		const figures = funnelFigures(here, window.asOf)
		const analysis = analysisById.get(link.id)
		const prospectFigures = prospects.byLink.get(link.id) ?? { proposed: 0, withLead: 0 }
		return {
			linkId: link.id,
			key: link.key,
			flags: analysis?.flags.map((f) => ({ code: f.code, severity: f.severity })) ?? [],
			prospects: prospectFigures,
			figures,
			level: funnelLevel({ wanted: isWeakLink(analysis?.flags ?? []) || prospectFigures.proposed > 0, figures, prospectsWithLead: prospectFigures.withLead }),
			units: responsibles(here, 'unitId'),
			owners: responsibles(here, 'ownerId'),
		}
	})
	const unitRows = responsibles(pursuits, 'unitId')
	const ownerRows = responsibles(pursuits, 'ownerId')
	const names = await responsibleNames(
		db,
		unitRows.map((u) => u.id),
		ownerRows.map((o) => o.id),
	)
	return {
		gap,
		window,
		links,
		total: funnelFigures(pursuits, window.asOf),
		prospects: prospects.chain,
		byUnit: unitRows.map((u) => ({
			id: u.id,
			unit: u.id === null ? null : (names.units.get(u.id) ?? null),
			figures: funnelFigures(pursuitsOf(pursuits, { unitId: u.id }), window.asOf),
		})),
		byOwner: ownerRows.map((o) => ({
			id: o.id,
			owner: o.id === null ? null : (names.owners.get(o.id) ?? null),
			figures: funnelFigures(pursuitsOf(pursuits, { ownerId: o.id }), window.asOf),
		})),
		unitNames: Object.fromEntries(names.units),
		ownerNames: Object.fromEntries(names.owners),
	}
}

export type ChainFunnel = NonNullable<Awaited<ReturnType<typeof loadChainFunnel>>>

/**
 * Every chain's funnel for a report period (the 季通报), in the report's scope (ADR 0029: a region and what is under it),
 * taken at the period's asOf: the chain's figures and its responsible units'.
 */
export async function loadUnitFunnels(db: Db, period: Pick<ReportPeriod, 'year' | 'start' | 'end' | 'asOf'>, scope: RegionScope): Promise<ReportFunnel[]> {
	const chains = await db.chain.findMany({ orderBy: { createdAt: 'asc' }, select: { slug: true } })
	const funnels: ReportFunnel[] = []
	for (const { slug } of chains) {
		const funnel = await loadChainFunnel(db, { chain: slug, year: period.year, window: { start: period.start, end: period.end, asOf: period.asOf }, scope })
		if (!funnel) continue
		funnels.push({
			chain: { name: funnel.gap.chain.name, nameEn: funnel.gap.chain.nameEn },
			total: funnel.total,
			units: funnel.byUnit.map((u) => ({ unit: u.id === null || !u.unit ? null : { id: u.id, name: u.unit.name, nameEn: u.unit.nameEn }, figures: u.figures })),
		})
	}
	return funnels
}
