// Gap analysis of a chain: the chain's links and edges, and per link the
// summary of its firms in force (counts, Σ, Σ², the top firm) read in one SQL
// statement, so a page never ships a chain's 10,000 figures to JavaScript.
// The flags are decided in app/domain/chain/gap-analysis.ts alone. Firm rows
// (names, shares, prospects) are read only for the links a page lists.
//
// Standard SQL (CTEs, correlated subqueries, CASE, COALESCE) through Prisma.sql with
// bound parameters; it runs unchanged on SQLite and PostgreSQL.
import { type Db } from '~/db.server'
import { type Actor } from '~/domain/auth/record-access'
import { type AnalysisFirm, analyzeChain, DEFAULT_GAP_SETTINGS, type GapSettings, type LinkFirmSummary, localFirmShares } from '~/domain/chain/gap-analysis'
import { LINK_STAGES, type LinkStage } from '~/domain/chain/link-stages'
import { type ProspectLeadsData } from '~/domain/chain/prospect-leads-schema'
import { linkWeakness, rankProspects, type Prospect } from '~/domain/chain/prospects'
import { type RegionScope } from '~/domain/region/scope'
import { Prisma } from '~/generated/prisma/client'
import { i18nFor, type Locale } from '~/i18n/i18n'
import { UserError } from '~/utils/user-error'
import { EDGE_FACTOR_SELECT } from './chain.server'
import { companiesWithOpenLeads, createGapLeads } from './lead.server'
import { regionSql } from './region.server'
import { sqlNumber, sqlNumberOrNull, sqlTextOrNull } from './sql-values.server'

/** A chain by id or slug, with its links (in order) and edges: what the analysis and the map need. */
export async function loadChain(db: Db, idOrSlug: string) {
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
			edges: { select: { id: true, fromLinkId: true, toLinkId: true, ...EDGE_FACTOR_SELECT } },
		},
	})
	if (!chain) return null
	return { ...chain, links: chain.links.map((l) => ({ ...l, stage: asStage(l.stage) })) }
}

export type LoadedChain = NonNullable<Awaited<ReturnType<typeof loadChain>>>

function asStage(stage: string): LinkStage {
	return (LINK_STAGES as readonly string[]).includes(stage) ? (stage as LinkStage) : 'material'
}

/**
 * True for a figure row `f` in force in `year`: per company and link the latest
 * row dated up to the year, an undated row when no dated one applies (the rule
 * of pickFiguresForYear; of two undated rows, the one with the smaller id).
 * Index probes on the unique (companyId, linkId, year) key, not a window over
 * every row: most pairs have one figure, and a window sorts them all.
 */
function inForce(year: number) {
	return Prisma.sql`(f."year" IS NULL OR f."year" <= ${year})
		AND NOT EXISTS (SELECT 1 FROM "CompanyLink" g WHERE g."companyId" = f."companyId" AND g."linkId" = f."linkId"
			AND g."year" <= ${year} AND (f."year" IS NULL OR g."year" > f."year"))
		AND (f."year" IS NOT NULL OR NOT EXISTS (SELECT 1 FROM "CompanyLink" g WHERE g."companyId" = f."companyId" AND g."linkId" = f."linkId"
			AND g."year" IS NULL AND g."id" < f."id"))`
}

/** SQL true when the company `c` is a leader by the settings: mirrors isLeader in the domain. */
function leaderCondition(settings: GapSettings) {
	const byTag =
		settings.leaderTags.length > 0
			? Prisma.sql`c."id" IN (SELECT t."companyId" FROM "CompanyTag" t WHERE t."tag" IN (${Prisma.join(settings.leaderTags)}))`
			: Prisma.sql`1 = 0`
	return Prisma.sql`(c."revenueCNY" >= ${settings.leaderRevenueCNY} OR ${byTag})`
}

/**
 * Per link of the chain that has firms in force, the summary the analysis
 * needs (LinkFirmSummary, equal to summarizeFirms over the same rows) and how
 * many of its firms are sample data, in one statement. The top local firm is
 * the one with the largest quantity (all unknown: any), then the smallest companyId.
 */
export async function loadLinkSummaries(db: Db, chainId: string, year: number, settings: GapSettings = DEFAULT_GAP_SETTINGS) {
	const quantity = Prisma.sql`COALESCE(f."output", f."capacity")`
	const rows = await db.$queryRaw<Record<string, unknown>[]>(Prisma.sql`
		WITH "firm" AS (
			SELECT f."linkId", ${quantity} AS "quantity", c."isLocal",
				CASE WHEN f."isSample" OR c."isSample" THEN 1 ELSE 0 END AS "sample",
				CASE WHEN c."revenueCNY" IS NULL THEN 1 ELSE 0 END AS "unknownRevenue",
				CASE WHEN c."isLocal" AND ${leaderCondition(settings)} THEN 1 ELSE 0 END AS "leader"
			FROM "CompanyLink" f JOIN "ChainLink" l ON l."id" = f."linkId" JOIN "Company" c ON c."id" = f."companyId"
			WHERE l."chainId" = ${chainId} AND ${inForce(year)}
		),
		"link" AS (
			SELECT "linkId",
				SUM(CASE WHEN "isLocal" THEN 1 ELSE 0 END) AS "localFirmCount",
				COUNT(CASE WHEN "isLocal" THEN "quantity" END) AS "knownQuantityCount",
				SUM(CASE WHEN "isLocal" THEN "quantity" END) AS "quantitySum",
				SUM(CASE WHEN "isLocal" THEN "quantity" * "quantity" END) AS "quantitySquareSum",
				MAX(CASE WHEN "isLocal" THEN "quantity" END) AS "topQuantity",
				SUM("leader") AS "leaderCount",
				SUM(CASE WHEN "isLocal" THEN "unknownRevenue" ELSE 0 END) AS "unknownRevenueCount",
				SUM(CASE WHEN "isLocal" THEN 0 ELSE 1 END) AS "externalFirmCount",
				SUM("sample") AS "sampleFirmCount"
			FROM "firm" GROUP BY "linkId"
		)
		SELECT k.*, (
			SELECT MIN(f."companyId") FROM "CompanyLink" f JOIN "Company" c ON c."id" = f."companyId"
			WHERE f."linkId" = k."linkId" AND c."isLocal" AND ${inForce(year)}
				AND (${quantity} = k."topQuantity" OR (k."topQuantity" IS NULL AND ${quantity} IS NULL))
		) AS "topCompanyId"
		FROM "link" k`)
	return rows.map((r) => ({
		summary: {
			linkId: String(r.linkId),
			localFirmCount: sqlNumber(r.localFirmCount),
			knownQuantityCount: sqlNumber(r.knownQuantityCount),
			quantitySum: sqlNumber(r.quantitySum),
			quantitySquareSum: sqlNumber(r.quantitySquareSum),
			topCompanyId: sqlTextOrNull(r.topCompanyId),
			topQuantity: sqlNumberOrNull(r.topQuantity),
			leaderCount: sqlNumber(r.leaderCount),
			unknownRevenueCount: sqlNumber(r.unknownRevenueCount),
			externalFirmCount: sqlNumber(r.externalFirmCount),
		} satisfies LinkFirmSummary,
		sampleFirmCount: sqlNumber(r.sampleFirmCount),
	}))
}

/** Years that have figures at the chain's links, newest first. */
export async function figureYears(db: Db, chainId: string) {
	const rows = await db.$queryRaw<{ year: unknown }[]>(Prisma.sql`
		SELECT DISTINCT f."year" FROM "CompanyLink" f JOIN "ChainLink" l ON l."id" = f."linkId"
		WHERE l."chainId" = ${chainId} AND f."year" IS NOT NULL ORDER BY f."year" DESC`)
	return rows.map((r) => Number(r.year))
}

/**
 * A chain's gap analysis for one year without its firm rows: what the map, the
 * table and the CLI's figures need. `companyNames` names the firms the flag
 * reasons mention (单点依赖).
 */
export async function loadGapAnalysis(db: Db, idOrSlug: string, year: number, settings: GapSettings = DEFAULT_GAP_SETTINGS) {
	const chain = await loadChain(db, idOrSlug)
	if (!chain) return null
	const linked = await loadLinkSummaries(db, chain.id, year, settings)
	const years = await figureYears(db, chain.id)
	const analysis = analyzeChain({ links: chain.links, edges: chain.edges, summaries: linked.map((l) => l.summary), year, settings })
	const named = analysis.links.flatMap((l) => l.flags.flatMap((f) => (f.reason.key === 'single_firm' ? [f.reason.companyId] : [])))
	const companies = named.length > 0 ? await db.company.findMany({ where: { id: { in: named } }, select: { id: true, name: true } }) : []
	return {
		chain,
		analysis,
		years,
		settings,
		hasSampleData: linked.some((l) => l.sampleFirmCount > 0),
		companyNames: Object.fromEntries(companies.map((c) => [c.id, c.name])) as Record<string, string>,
	}
}

export type GapAnalysis = NonNullable<Awaited<ReturnType<typeof loadGapAnalysis>>>

/** A firm in force at a link, with what lists show of it. */
export type ChainFirm = AnalysisFirm & { name: string; isSample: boolean; source: string | null }

/**
 * The firms in force at the chain's links for the analysis year: at the links
 * named (all when none), external ones only when asked (the prospect lists).
 */
export async function loadChainFirms(
	db: Db,
	gap: Pick<GapAnalysis, 'chain' | 'analysis'>,
	options: { linkIds?: readonly string[]; externalOnly?: boolean } = {},
) {
	if (options.linkIds?.length === 0) return []
	const external = options.externalOnly ? Prisma.sql`AND NOT c."isLocal"` : Prisma.empty
	const links = options.linkIds ? Prisma.sql`AND f."linkId" IN (${Prisma.join(options.linkIds)})` : Prisma.empty
	const { chain, analysis } = gap
	const rows = await db.$queryRaw<Record<string, unknown>[]>(Prisma.sql`
		SELECT f."companyId", f."linkId", f."year", f."capacity", f."output", f."source", f."isSample", c."isSample" AS "companyIsSample",
			c."name", c."isLocal", c."revenueCNY"
		FROM "CompanyLink" f JOIN "ChainLink" l ON l."id" = f."linkId" JOIN "Company" c ON c."id" = f."companyId"
		WHERE l."chainId" = ${chain.id} ${links} AND ${inForce(analysis.year)} ${external}`)
	const tags = await db.$queryRaw<{ companyId: string; tag: string }[]>(Prisma.sql`
		SELECT t."companyId", t."tag" FROM "CompanyTag" t
		WHERE t."companyId" IN (
			SELECT f."companyId" FROM "CompanyLink" f JOIN "ChainLink" l ON l."id" = f."linkId"
			WHERE l."chainId" = ${chain.id} ${links}
		)`)
	const tagsOf = new Map<string, string[]>()
	for (const t of tags) tagsOf.set(t.companyId, [...(tagsOf.get(t.companyId) ?? []), t.tag])
	return rows.map((r): ChainFirm => ({
		companyId: String(r.companyId),
		linkId: String(r.linkId),
		isLocal: Boolean(r.isLocal),
		year: sqlNumberOrNull(r.year),
		capacity: sqlNumberOrNull(r.capacity),
		output: sqlNumberOrNull(r.output),
		revenueCNY: sqlNumberOrNull(r.revenueCNY),
		tags: tagsOf.get(String(r.companyId)) ?? [],
		name: String(r.name),
		isSample: Boolean(r.isSample) || Boolean(r.companyIsSample),
		source: sqlTextOrNull(r.source),
	}))
}

/** The local firms of one link as the panel and the CLI list them (name, figure year, share, leader). */
export function localFirmRows(gap: Pick<GapAnalysis, 'analysis' | 'settings'>, linkId: string, firms: readonly ChainFirm[]) {
	const link = gap.analysis.links.find((l) => l.linkId === linkId)
	if (!link) return []
	const byId = new Map(firms.filter((f) => f.linkId === linkId).map((f) => [f.companyId, f]))
	return localFirmShares(link, firms, gap.settings).map((row) => {
		const firm = byId.get(row.companyId)!
		return { ...row, name: firm.name, isSample: firm.isSample, year: firm.year }
	})
}

/** Ranked prospects (external firms at weak links) among the firms given. */
export function gapProspects(gap: Pick<GapAnalysis, 'chain' | 'analysis'>, firms: readonly ChainFirm[], linkId?: string) {
	return rankProspects({ analysis: gap.analysis, edges: gap.chain.edges, firms, linkId })
}

/** Ranked prospects of the chain (of one link when given), with the external firms they were ranked from. */
export async function loadGapProspects(db: Db, gap: Pick<GapAnalysis, 'chain' | 'analysis'>, linkId?: string) {
	const firms = await loadChainFirms(db, gap, { linkIds: linkId ? [linkId] : undefined, externalOnly: true })
	return { firms, prospects: gapProspects(gap, firms, linkId) }
}

/** How many companies the gap finder proposes and how many of them have a lead. */
export type ProspectCount = { proposed: number; withLead: number }

/**
 * The size of the prospect list without reading it (链上转化, ADR 0032): per link how many companies
 * rankProspects would propose (the external firms in force at a link of weakness > 0) and how many of
 * them have a lead the scope sees, opened before `openedBefore` (a UTC instant as text); and the same
 * for the chain, each company once. Counted in SQL: at 100,000 companies the list is tens of thousands.
 */
export async function countProspects(db: Db, gap: Pick<GapAnalysis, 'chain' | 'analysis'>, scope: RegionScope, openedBefore: string) {
	const weakness = linkWeakness(gap.analysis, gap.chain.edges)
	const linkIds = [...weakness].filter(([, w]) => w.weight > 0).map(([id]) => id)
	const byLink = new Map<string, ProspectCount>()
	if (linkIds.length === 0) return { byLink, chain: { proposed: 0, withLead: 0 } satisfies ProspectCount }
	const rows = await db.$queryRaw<{ linkId: string | null; proposed: unknown; withLead: unknown }[]>(Prisma.sql`
		WITH "prospect" AS (
			SELECT f."linkId", f."companyId",
				CASE WHEN EXISTS (SELECT 1 FROM "Lead" l WHERE l."companyId" = f."companyId" AND ${regionSql(scope, Prisma.sql`l."regionId"`)} AND l."createdAt" < ${openedBefore}) THEN 1 ELSE 0 END AS "withLead"
			FROM "CompanyLink" f JOIN "Company" c ON c."id" = f."companyId"
			WHERE f."linkId" IN (${Prisma.join(linkIds)}) AND NOT c."isLocal" AND ${inForce(gap.analysis.year)}
		)
		SELECT "linkId", COUNT(*) AS "proposed", SUM("withLead") AS "withLead" FROM "prospect" GROUP BY "linkId"
		UNION ALL
		SELECT NULL, COUNT(DISTINCT "companyId"), COUNT(DISTINCT CASE WHEN "withLead" = 1 THEN "companyId" END) FROM "prospect"`)
	let chain: ProspectCount = { proposed: 0, withLead: 0 }
	for (const r of rows) {
		const count = { proposed: sqlNumber(r.proposed), withLead: sqlNumber(r.withLead) }
		if (r.linkId === null) chain = count
		else byLink.set(String(r.linkId), count)
	}
	return { byLink, chain }
}

/** Ranked prospects with what the list shows: company, the link it would fill, and whether it already is a lead. */
export async function prospectRows(db: Db, gap: Pick<GapAnalysis, 'chain'>, prospects: readonly Prospect[], firms: readonly ChainFirm[], scope: RegionScope) {
	const openLeads = await companiesWithOpenLeads(db, [...new Set(prospects.map((c) => c.companyId))], scope)
	const companyById = new Map(firms.map((f) => [f.companyId, f]))
	const linkById = new Map(gap.chain.links.map((l) => [l.id, l]))
	return prospects.map((c) => {
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

/**
 * Leads for the prospects a user ticked on the prospect list: only companies the gap finder proposes
 * (never arbitrary ids from the form), an owner and unit that exist, one lead per company without
 * an open one, each noting the chain, the links it would fill and the analysis year in the user's
 * language. A refusal is a UserError.
 */
export async function createLeadsForProspects(db: Db, gap: GapAnalysis, input: ProspectLeadsData & { year: number; actor: Actor; locale: Locale }) {
	const { prospects } = await loadGapProspects(db, gap)
	const proposed = new Map(prospects.map((c) => [c.companyId, c]))
	const companyIds = input.companyIds.filter((id) => proposed.has(id))
	if (companyIds.length === 0) throw new UserError('gaps.targets.noneSelected', { field: 'companyIds' })
	const { t } = i18nFor(input.locale)
	const english = input.locale === 'en'
	const linkNames = new Map(gap.chain.links.map((l) => [l.id, english ? l.nameEn : l.name]))
	const notes = t('gaps.targets.leadNote', {
		chain: english ? gap.chain.nameEn : gap.chain.name,
		links: [...new Set(companyIds.map((id) => linkNames.get(proposed.get(id)!.linkId)))].join(english ? ', ' : '、'),
		year: input.year,
	})
	// Owner and unit are checked in the leads' transaction (with the owner's region).
	return createGapLeads(db, { companyIds, ownerId: input.ownerId, unitId: input.unitId ?? null, notes, actor: input.actor })
}
