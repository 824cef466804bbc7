import { type Db } from '~/db.server'
import { type Role, roleHasPermission } from '~/domain/auth/roles'
import { chainFlows } from '~/domain/chain/flows'
import { familySankeys, layoutFamilySankey } from '~/domain/chain/sankey'
import { type RegionScope } from '~/domain/region/scope'
import { parseReportPeriod } from '~/domain/report/period'
import { type GapAnalysis, gapProspects, loadChainFirms, loadGapAnalysis, localFirmRows, prospectRows } from '~/models/chain-analysis.server'
import { loadChainFunnel } from '~/models/funnel.server'
import { leadFormOptions } from '~/models/lead.server'
import { todayInChina } from '~/utils/today'

/** The Sankey's natural width: what fits the page at a desk; on a phone its box scrolls. */
const SANKEY_WIDTH = 1320

/** The selected link's panel lists this many local firms and candidates; the prospect list has them all. */
const PANEL_ROWS = 50

type ChainPageUser = { id: string; role: Role; unit: { id: string } | null; regionId: string | null; scope: RegionScope }

/**
 * Everything the chain page shows for one analysis year (null: no such chain): the chain, its gap analysis
 * and flows, the selected link's panel (`linkKey`) and, on the 链上转化 view (`withFunnel`), the funnel's progress.
 */
export async function loadChainPage(
	db: Db,
	user: ChainPageUser,
	{ slug, year, linkKey, withFunnel }: { slug: string; year: number; linkKey: string | null; withFunnel: boolean },
) {
	const gap = await loadGapAnalysis(db, slug, year)
	if (!gap) return null
	const { chain, analysis } = gap

	const feedback = new Set(analysis.feedbackEdgeIds)
	const { balances, flows } = chainFlows(analysis, chain.links, chain.edges)
	const sankeys = familySankeys({ balances, flows }, chain.links, chain.edges, feedback).map((s) => ({
		family: s.family,
		layout: layoutFamilySankey(s, SANKEY_WIDTH),
	}))
	const canCreateLeads = roleHasPermission(user.role, 'write:crm')

	// Firms are read for the selected link only: a chain may have tens of thousands.
	const selected = chain.links.find((l) => l.key === linkKey)
	const panel = selected ? await linkPanelData(db, gap, selected.id, user.scope) : null
	const progress = withFunnel ? await funnelProgress(db, chain.slug, year, user.scope) : null

	return {
		chain: {
			id: chain.id,
			slug: chain.slug,
			name: chain.name,
			nameEn: chain.nameEn,
			description: chain.description,
			source: chain.source,
			links: chain.links,
			edges: [...chain.edges].sort((a, b) => order(chain.links, a) - order(chain.links, b)),
		},
		year,
		years: gap.years,
		analysis,
		flows: { balances, flows, sankeys },
		hasSampleData: gap.hasSampleData,
		companyNames: gap.companyNames,
		panel,
		leadForm: canCreateLeads && panel ? await leadFormOptions(db, user) : null,
		progress,
		canEdit: roleHasPermission(user.role, 'write:chain'),
	}
}

/** What the chain page and its components (map, Sankey, link panel) show. */
export type ChainPageData = NonNullable<Awaited<ReturnType<typeof loadChainPage>>>

async function linkPanelData(db: Db, gap: GapAnalysis, linkId: string, scope: RegionScope) {
	const firms = await loadChainFirms(db, gap, { linkIds: [linkId] })
	const localFirms = localFirmRows(gap, linkId, firms)
	const candidates = gapProspects(gap, firms, linkId)
	return {
		linkId,
		localFirms: localFirms.slice(0, PANEL_ROWS),
		localFirmCount: localFirms.length,
		candidates: await prospectRows(db, gap, candidates.slice(0, PANEL_ROWS), firms, scope),
		candidateCount: candidates.length,
	}
}

/**
 * The map coloured by 链上转化 (ADR 0032): per link how far the pursuits that entered the funnel in
 * the analysis year have got (as of today) and its three main counts; null for a year not begun.
 */
async function funnelProgress(db: Db, slug: string, year: number, scope: RegionScope) {
	const today = todayInChina()
	const period = parseReportPeriod('annual', { year: String(year) }, today)
	if (!period.ok) return null
	const funnel = await loadChainFunnel(db, { chain: slug, year, window: { start: period.period.start, end: period.period.end, asOf: today }, scope })
	if (!funnel) return null
	const reached = (stages: readonly { stage: string; reached: number }[], stage: string) => stages.find((s) => s.stage === stage)?.reached ?? 0
	return {
		asOf: today,
		links: Object.fromEntries(
			funnel.links.map((l) => [
				l.linkId,
				{
					level: l.level,
					pursuits: l.figures.pursuits,
					opened: reached(l.figures.stages, 'opened'),
					negotiating: reached(l.figures.stages, 'negotiating'),
					signed: reached(l.figures.stages, 'signed'),
				},
			]),
		),
	}
}

function order(links: readonly { id: string; sortOrder: number }[], edge: { fromLinkId: string; toLinkId: string }) {
	const at = (id: string) => links.find((l) => l.id === id)?.sortOrder ?? 0
	return at(edge.fromLinkId) * 1000 + at(edge.toLinkId)
}
