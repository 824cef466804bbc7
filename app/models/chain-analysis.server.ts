import { type Db } from '~/db.server'
import { analyzeChain, type AnalysisFirm, type GapSettings, pickFiguresForYear } from '~/domain/chain/gap-analysis'
import { LINK_STAGES, type LinkStage } from '~/domain/chain/link-stages'
import { rankTargets } from '~/domain/chain/targets'
import { companiesWithOpenLeads } from './lead.server'
import { EDGE_FACTOR_SELECT } from './chain.server'

/** A chain by id or slug, with everything the gap analysis and the map need. */
export async function loadChainForAnalysis(db: Db, idOrSlug: string) {
	const chain = await db.chain.findFirst({
		where: { OR: [{ id: idOrSlug }, { slug: idOrSlug }] },
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
				select: { id: true, key: true, name: true, nameEn: true, stage: true, unit: true, source: true, sortOrder: true },
			},
			edges: {
				select: {
					id: true,
					fromLinkId: true,
					toLinkId: true,
					...EDGE_FACTOR_SELECT,
				},
			},
		},
	})
	if (!chain) return null
	const figures = await db.companyLink.findMany({
		where: { link: { chainId: chain.id } },
		select: {
			id: true,
			companyId: true,
			linkId: true,
			year: true,
			capacity: true,
			output: true,
			source: true,
			isSample: true,
			company: {
				select: { name: true, isLocal: true, isSample: true, revenueCNY: true, tags: { select: { tag: true } } },
			},
		},
	})
	const links = chain.links.map((l) => ({ ...l, stage: asStage(l.stage) }))
	return { ...chain, links, figures }
}

export type ChainForAnalysis = NonNullable<Awaited<ReturnType<typeof loadChainForAnalysis>>>
export type ChainFigure = ChainForAnalysis['figures'][number]

function asStage(stage: string): LinkStage {
	return (LINK_STAGES as readonly string[]).includes(stage) ? (stage as LinkStage) : 'material'
}

/** The figures in force in `year`, as analysis rows (revenue in CNY as a number). */
export function firmsForYear(chain: ChainForAnalysis, year: number): (AnalysisFirm & { figure: ChainFigure })[] {
	const rows = chain.figures.map((f) => ({
		companyId: f.companyId,
		linkId: f.linkId,
		isLocal: f.company.isLocal,
		year: f.year,
		capacity: f.capacity,
		output: f.output,
		revenueCNY: f.company.revenueCNY === null ? null : Number(f.company.revenueCNY),
		tags: f.company.tags.map((t) => t.tag),
		figure: f,
	}))
	return pickFiguresForYear(rows, year)
}

export function analyzeLoadedChain(chain: ChainForAnalysis, year: number, settings?: GapSettings) {
	const firms = firmsForYear(chain, year)
	return { firms, analysis: analyzeChain({ links: chain.links, edges: chain.edges, firms, year, settings }) }
}

/** Years that have figures, newest first; the default analysis year is the current one. */
export function figureYears(chain: ChainForAnalysis) {
	return [...new Set(chain.figures.map((f) => f.year).filter((y): y is number => y !== null))].sort((a, b) => b - a)
}

/** Gap analysis of one chain and year with its ranked targets: what the map, the target list and the CLI show. */
export async function loadGapReport(db: Db, idOrSlug: string, year: number, linkId?: string) {
	const chain = await loadChainForAnalysis(db, idOrSlug)
	if (!chain) return null
	const { firms, analysis } = analyzeLoadedChain(chain, year)
	const targets = rankTargets({ analysis, edges: chain.edges, firms, linkId })
	return { chain, firms, analysis, targets, years: figureYears(chain) }
}

export type GapReport = NonNullable<Awaited<ReturnType<typeof loadGapReport>>>

/** Ranked targets with what the list shows: company, the link it would fill, and whether it already is a lead. */
export async function targetRows(db: Db, report: GapReport, targets = report.targets) {
	const openLeads = await companiesWithOpenLeads(db, [...new Set(targets.map((c) => c.companyId))])
	const companyById = new Map(report.firms.map((f) => [f.companyId, f.figure.company]))
	const linkById = new Map(report.chain.links.map((l) => [l.id, l]))
	return targets.map((c) => {
		const link = linkById.get(c.linkId)!
		return {
			...c,
			name: companyById.get(c.companyId)?.name ?? '',
			isSample: companyById.get(c.companyId)?.isSample ?? false,
			hasOpenLead: openLeads.has(c.companyId),
			linkName: { name: link.name, nameEn: link.nameEn },
			unit: link.unit,
		}
	})
}
