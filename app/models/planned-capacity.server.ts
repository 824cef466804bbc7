// Planned capacity on leads and projects (ADR 0040): which links a record may plan capacity at
// (the chain in reach of the user's scope and the record's region), for the forms and for the
// server's check of a posted link.
import { type Db } from '~/db.server'
import { chainInReach } from '~/domain/capacity/planned'
import { type RegionScope } from '~/domain/region/scope'
import { rankByGapClosed } from '~/domain/scenario/gap-closed'
import { type PlannedRecord } from '~/domain/scenario/scenario'
import { loadChain, loadLinkSummaries, type LoadedChain } from './chain-analysis.server'
import { loadRegionNodes, regionWhere } from './region.server'

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
				links: {
					where: { stage: { not: 'supporting' } },
					orderBy: [{ sortOrder: 'asc' }, { id: 'asc' }],
					select: { id: true, name: true, nameEn: true, unit: true },
				},
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

const OPEN_LEAD_STAGES = ['new', 'contacted', 'visited', 'negotiating']
/** Projects still to land: 投产 already makes its output (the company's figures carry it), 终止 never will. */
const OPEN_PROJECT_STAGES = ['negotiating', 'signed', 'started']

export type NamedPlannedRecord = PlannedRecord & { name: string; stage: string; regionId: string | null }

/**
 * The leads and projects with planned capacity at this chain's links that the viewer's regions hold:
 * all of them, or those named (a scenario's planned changes). A lead dropped or converted (its
 * project carries on) and a terminated project are `closed`.
 */
export async function loadPlannedRecords(
	db: Db,
	chain: Pick<LoadedChain, 'links'>,
	scope: RegionScope,
	named?: { leads: readonly string[]; projects: readonly string[] },
) {
	const linkIds = chain.links.map((l) => l.id)
	const select = { id: true, stage: true, regionId: true, plannedLinkId: true, plannedOutput: true, plannedFromYear: true } as const
	const [leads, projects] = await Promise.all([
		named && named.leads.length === 0
			? []
			: db.lead.findMany({
					where: { ...regionWhere(scope), ...(named ? { id: { in: [...named.leads] } } : { plannedLinkId: { in: linkIds } }) },
					select: { ...select, company: { select: { name: true } } },
					orderBy: { id: 'asc' },
				}),
		named && named.projects.length === 0
			? []
			: db.project.findMany({
					where: { ...regionWhere(scope), ...(named ? { id: { in: [...named.projects] } } : { plannedLinkId: { in: linkIds } }) },
					select: { ...select, title: true },
					orderBy: { id: 'asc' },
				}),
	])
	return [
		...leads.map((l): NamedPlannedRecord => ({
			record: 'lead',
			id: l.id,
			name: l.company.name,
			stage: l.stage,
			regionId: l.regionId,
			linkId: l.plannedLinkId,
			output: l.plannedOutput,
			fromYear: l.plannedFromYear,
			closed: l.stage === 'dropped' || l.stage === 'converted',
		})),
		...projects.map((p): NamedPlannedRecord => ({
			record: 'project',
			id: p.id,
			name: p.title,
			stage: p.stage,
			regionId: p.regionId,
			linkId: p.plannedLinkId,
			output: p.plannedOutput,
			fromYear: p.plannedFromYear,
			closed: p.stage === 'terminated',
		})),
	]
}

/** Open = still to land: a lead in an open stage, a project not yet producing nor terminated. */
export function isOpenPlanned(r: Pick<NamedPlannedRecord, 'record' | 'stage'>) {
	return r.record === 'lead' ? OPEN_LEAD_STAGES.includes(r.stage) : OPEN_PROJECT_STAGES.includes(r.stage)
}

/**
 * The chain's open leads and projects (of the viewer's regions) ranked by the shortfall each would
 * close in `year` (rankByGapClosed), with their names for the pages.
 */
export async function loadGapClosedRanking(db: Db, chain: LoadedChain, year: number, scope: RegionScope) {
	const records = (await loadPlannedRecords(db, chain, scope)).filter(isOpenPlanned)
	if (records.length === 0) return { records: [], links: [] }
	const linked = await loadLinkSummaries(db, chain.id, year)
	const ranking = rankByGapClosed({ links: chain.links, edges: chain.edges, summaries: linked.map((l) => l.summary), firms: [], year }, records)
	const byKey = new Map(records.map((r) => [`${r.record}:${r.id}`, r]))
	return {
		records: ranking.records.map((g) => ({ ...g, name: byKey.get(`${g.record}:${g.id}`)!.name, stage: byKey.get(`${g.record}:${g.id}`)!.stage })),
		links: ranking.links,
	}
}

export type GapClosedRows = Awaited<ReturnType<typeof loadGapClosedRanking>>

/**
 * A lead's or project's place in its chain's gap-closed ranking for `year` (the lead and project
 * pages): its row, how many are ranked, and the shared figure of its link. Null when it has no
 * planned capacity or its chain is gone; `row` null when it is not ranked (closed).
 */
export async function gapClosedOf(db: Db, record: { kind: 'lead' | 'project'; id: string; plannedLinkId: string | null }, year: number, scope: RegionScope) {
	if (!record.plannedLinkId) return null
	const link = await db.chainLink.findUnique({ where: { id: record.plannedLinkId }, select: { chainId: true } })
	const chain = link ? await loadChain(db, link.chainId) : null
	if (!chain) return null
	const ranking = await loadGapClosedRanking(db, chain, year, scope)
	const row = ranking.records.find((r) => r.record === record.kind && r.id === record.id) ?? null
	return {
		chain: { slug: chain.slug, name: chain.name, nameEn: chain.nameEn },
		year,
		row,
		total: ranking.records.length,
		link: ranking.links.find((l) => l.linkId === record.plannedLinkId) ?? null,
		links: chain.links.map((l) => ({ id: l.id, key: l.key, name: l.name, nameEn: l.nameEn, unit: l.unit })),
	}
}

export type GapClosedOf = NonNullable<Awaited<ReturnType<typeof gapClosedOf>>>
