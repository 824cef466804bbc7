// Counting of the register-sized quota kinds in SQL: companies with a tag
// (and/or a revenue line) and sums of a figure (output, capacity, revenue).
// For each quota one statement classifies every candidate row — counted (no
// reason) or excluded with the first rule it fails, with the codes of
// app/domain/quota/count-companies.ts and count-sum.ts, in the order of the
// rules' reference (tests/helpers/quota-rules-reference.ts). That one
// statement is aggregated per reason (counts, sums, sample flags) and, ordered
// by name with a LIMIT, gives the first rows of each list, so only those leave
// the database (readClassified): figures and lists come from one
// classification, and the domain turns the listed rows into items.
//
// A quota of a region (ADR 0029) counts as local only the companies registered
// in its region or under it (and, for the home region's quotas, those with no
// region); the counted rows are grouped by region too, for the breakdown over
// the regions under the quota's.
//
// Lists are bound as JSON text, read with json_each on SQLite and the jsonb
// functions on PostgreSQL (sql-dialect.server.ts); yes/no columns are 0/1 on
// SQLite and booleans on PostgreSQL, so they are only tested, never compared
// with numbers, and aggregated through CASE.
import { type Db } from '~/db.server'
import { companyExclusionDetail, companyItem } from '~/domain/quota/count-companies'
import { figureItem, figureProblems, revenueItem, revenueProblems, unitFactor, matchesLinks } from '~/domain/quota/count-sum'
import { type ExcludedItem, type QuotaItem, type QuotaProblem } from '~/domain/quota/progress'
import { type CompanyRules, type SumRules } from '~/domain/quota/rules'
import { type CountedInRegion, type RegionReach } from '~/domain/region/reach'
import { Prisma } from '~/generated/prisma/client'
import { jsonArrayText, jsonKeys, jsonNumberEntries, jsonObject, jsonStrings, unindexed, writtenOrder } from './sql-dialect.server'

/** A counted kind's figures and the first rows of its lists (`limit` each; null = all). */
export type SqlCount = {
	actual: number
	itemCount: number
	excludedCount: number
	hasSample: boolean
	items: QuotaItem[]
	excluded: ExcludedItem[]
	problems: QuotaProblem[]
	/** The counted figure by the region of its company. */
	byRegion: CountedInRegion[]
}

export type LinkRef = { chainSlug: string; linkKey: string; linkName: string; linkNameEn: string; linkUnit: string }

const json = (value: unknown) => JSON.stringify(value)
const num = (value: unknown) => (value === null || value === undefined ? 0 : Number(value))

type Group = { n: number; total: number; sample: boolean; unknown: number }

/**
 * Is company `c` local to the quota (localTo in app/domain/region/reach.ts):
 * flagged local and, for a quota of a region other than the home region,
 * registered in its reach or above it. Written so that a company without a
 * region is FALSE there, never NULL (NOT NULL would count it).
 */
function localSql(reach: RegionReach): Prisma.Sql {
	if (reach.unplaced) return Prisma.sql`c."isLocal"`
	return Prisma.sql`(c."isLocal" AND c."regionId" IS NOT NULL AND c."regionId" IN (${jsonStrings(json([...reach.regionIds!, ...reach.above]))}))`
}

/**
 * Reads classified rows (`reason` null = counted; each row has "name", "id",
 * "isSample", "regionId" and the `columns` the caller lists) in one statement: the rows
 * are classified once into a materialized CTE, grouped per reason and region — count,
 * Σ `amount`, whether any row is sample data, how many are `unknown` — and
 * the first `items` counted and `excluded` excluded rows (by name, then id)
 * ride along as JSON arrays in two extra result rows. (Window functions over
 * the rows were 4× slower on SQLite: they sort every row per window; a
 * separate statement per list classified the rows again.) `unknown` is a condition.
 */
async function readClassified<R extends { reason: string | null }>(
	db: Db,
	rows: Prisma.Sql,
	{ columns, amount, unknown, items, excluded }: { columns: string[]; amount: Prisma.Sql; unknown: Prisma.Sql; items: number | null; excluded: number | null },
) {
	// Column names are the caller's constants, never input.
	const object = jsonObject(Object.fromEntries([...columns, 'reason'].map((c) => [c, Prisma.raw(`l."${c}"`)])))
	const list = (name: string, where: Prisma.Sql, limit: number | null) =>
		limit === 0
			? Prisma.empty
			: Prisma.sql`UNION ALL SELECT ${name}, NULL, NULL, NULL, NULL, NULL, (SELECT ${jsonArrayText(object)} FROM (
					SELECT * FROM r WHERE ${where} ORDER BY r."name", r."id" LIMIT ${limit === null || !Number.isFinite(limit) ? Number.MAX_SAFE_INTEGER : Math.floor(limit)}
				) l)`
	const found = await db.$queryRaw<
		{ reason: string | null; regionId: string | null; n: unknown; total: unknown; sample: unknown; unknown: unknown; list: string | null }[]
	>(
		Prisma.sql`WITH r AS MATERIALIZED (${rows})
			SELECT r."reason", r."regionId", count(*) AS "n", sum(${amount}) AS "total", max(CASE WHEN r."isSample" THEN 1 ELSE 0 END) AS "sample",
				sum(CASE WHEN ${unknown} THEN 1 ELSE 0 END) AS "unknown", NULL AS "list"
			FROM r GROUP BY r."reason", r."regionId"
			${list('_items', Prisma.sql`r."reason" IS NULL`, items)}
			${list('_excluded', Prisma.sql`r."reason" IS NOT NULL`, excluded)}`,
	)
	const groups = new Map<string | null, Group>()
	const byRegion: CountedInRegion[] = []
	const listed = { items: [] as R[], excluded: [] as R[] }
	for (const g of found) {
		if (g.reason === '_items' || g.reason === '_excluded') {
			listed[g.reason === '_items' ? 'items' : 'excluded'] = JSON.parse(g.list ?? '[]') as R[]
			continue
		}
		const group = groups.get(g.reason) ?? { n: 0, total: 0, sample: false, unknown: 0 }
		groups.set(g.reason, {
			n: group.n + num(g.n),
			total: group.total + num(g.total),
			sample: group.sample || num(g.sample) > 0,
			unknown: group.unknown + num(g.unknown),
		})
		if (g.reason === null) byRegion.push({ regionId: g.regionId, amount: num(g.total), items: num(g.n) })
	}
	const excludedCount = [...groups].reduce((sum, [reason, g]) => (reason === null ? sum : sum + g.n), 0)
	return { groups, counted: groups.get(null) ?? { n: 0, total: 0, sample: false, unknown: 0 }, byRegion, excludedCount, ...listed }
}

/**
 * Companies holding any of the rule's tags (every company when it names none),
 * each with the first condition it fails as `reason` (null = counts):
 * tag_not_new / tag_year_unknown (新增 only), tag_granted_later, not_local,
 * outside_chain, below_min_revenue — the order of exclusionReason in
 * tests/helpers/quota-rules-reference.ts. Tags are aggregated per company
 * first (any tag granted in the year, any year known, all granted later), as 0/1.
 */
function companyRows(rules: CompanyRules, year: number, reach: RegionReach): Prisma.Sql {
	const tagged = rules.anyTag.length > 0
	const atChains =
		rules.chainSlugs.length > 0
			? Prisma.sql`EXISTS (
				SELECT 1 FROM "CompanyLink" f JOIN "ChainLink" l ON l."id" = f."linkId" JOIN "Chain" ch ON ch."id" = l."chainId"
				WHERE f."companyId" = c."id" AND ch."slug" IN (${jsonStrings(json(rules.chainSlugs))}))`
			: null
	const belowMin = rules.minRevenueCNY !== null ? Prisma.sql`c."revenueCNY" IS NULL OR c."revenueCNY" < ${rules.minRevenueCNY}` : null
	const columns = Prisma.sql`c."id", c."name", c."isLocal", c."isSample", c."revenueCNY", c."regionId"`
	if (!tagged) {
		// Without a tag condition only the counted companies and those short of the revenue line for want of a
		// figure matter (nothing else is listed), so the other conditions filter instead of classifying.
		const where = [
			...(rules.localOnly ? [localSql(reach)] : []),
			...(atChains ? [atChains] : []),
			...(rules.minRevenueCNY !== null ? [Prisma.sql`(c."revenueCNY" IS NULL OR c."revenueCNY" >= ${rules.minRevenueCNY})`] : []),
		]
		const reason = belowMin ? Prisma.sql`CASE WHEN ${belowMin} THEN 'below_min_revenue' END` : Prisma.sql`NULL`
		return Prisma.sql`SELECT ${columns}, ${reason} AS "reason" FROM "Company" c ${where.length > 0 ? Prisma.sql`WHERE ${Prisma.join(where, ' AND ')}` : Prisma.empty}`
	}
	const whens: Prisma.Sql[] = []
	if (rules.newInYear) whens.push(Prisma.sql`WHEN t."newInYear" = 0 THEN CASE WHEN t."anyKnown" = 1 THEN 'tag_not_new' ELSE 'tag_year_unknown' END`)
	whens.push(Prisma.sql`WHEN t."allLater" = 1 THEN 'tag_granted_later'`)
	if (rules.localOnly) whens.push(Prisma.sql`WHEN NOT ${localSql(reach)} THEN 'not_local'`)
	if (atChains) whens.push(Prisma.sql`WHEN NOT ${atChains} THEN 'outside_chain'`)
	if (belowMin) whens.push(Prisma.sql`WHEN ${belowMin} THEN 'below_min_revenue'`)
	return Prisma.sql`SELECT ${columns}, CASE ${Prisma.join(whens, ' ')} END AS "reason"
		FROM (
			SELECT "companyId",
				max(CASE WHEN "grantedYear" = ${year} THEN 1 ELSE 0 END) AS "newInYear",
				max(CASE WHEN "grantedYear" IS NOT NULL THEN 1 ELSE 0 END) AS "anyKnown",
				min(CASE WHEN "grantedYear" > ${year} THEN 1 ELSE 0 END) AS "allLater"
			FROM "CompanyTag" WHERE "tag" IN (${jsonStrings(json(rules.anyTag))}) GROUP BY "companyId"
		) t JOIN "Company" c ON c."id" = t."companyId"`
}

type CompanyRow = { id: string; name: string; isLocal: number | boolean; isSample: number | boolean; revenueCNY: bigint | number | null; reason: string | null }

/** "Companies with a tag": counted and excluded companies (excluded ones are listed only under a tag condition, as before). */
export async function countCompaniesSql(
	db: Db,
	rules: CompanyRules,
	year: number,
	reach: RegionReach,
	limits: { items: number | null; excluded: number | null },
): Promise<SqlCount> {
	const tagged = rules.anyTag.length > 0
	const found = await readClassified<CompanyRow>(db, companyRows(rules, year, reach), {
		columns: ['id', 'name', 'isSample', 'revenueCNY'],
		amount: Prisma.sql`1`,
		unknown: Prisma.sql`r."revenueCNY" IS NULL`,
		items: limits.items,
		excluded: tagged ? limits.excluded : 0,
	})
	const tagsOf = await listedTags(db, rules, [...found.items, ...found.excluded])
	const facts = (row: CompanyRow) => ({ id: row.id, name: row.name, isSample: Boolean(row.isSample) })
	const unknown = found.groups.get('below_min_revenue')?.unknown ?? 0
	return {
		actual: found.counted.n,
		itemCount: found.counted.n,
		excludedCount: tagged ? found.excludedCount : 0,
		hasSample: found.counted.sample,
		items: found.items.map((row) => companyItem(facts(row), tagsOf.get(row.id) ?? [])),
		excluded: found.excluded.map((row) => {
			const tags = tagsOf.get(row.id) ?? []
			const revenueCNY = row.revenueCNY === null ? null : Number(row.revenueCNY)
			return { ...companyItem(facts(row), tags), amount: 0, reason: row.reason!, detail: companyExclusionDetail(row.reason!, rules, { revenueCNY }, tags) }
		}),
		// Without a tag condition the companies failing the revenue line for want of a figure are counted, not listed.
		problems: !tagged && unknown > 0 ? [{ key: 'revenue_unknown', values: { companies: unknown } }] : [],
		byRegion: found.byRegion,
	}
}

/**
 * The rule's tags of the listed companies only, with their years of 认定, in
 * the order they were recorded (the item's detail lists them so): raw SQL for
 * that order (writtenOrder).
 */
async function listedTags(db: Db, rules: CompanyRules, rows: CompanyRow[]) {
	const byCompany = new Map<string, { tag: string; grantedYear: number | null }[]>()
	if (rows.length === 0 || rules.anyTag.length === 0) return byCompany
	const ids = [...new Set(rows.map((r) => r.id))]
	const tags = await db.$queryRaw<{ companyId: string; tag: string; grantedYear: bigint | number | null }[]>(Prisma.sql`
		SELECT "companyId", "tag", "grantedYear" FROM "CompanyTag"
		WHERE "companyId" IN (${jsonStrings(json(ids))}) AND "tag" IN (${jsonStrings(json(rules.anyTag))})
		ORDER BY ${writtenOrder()}`)
	for (const t of tags) {
		const tag = { tag: t.tag, grantedYear: t.grantedYear === null ? null : Number(t.grantedYear) }
		byCompany.set(t.companyId, [...(byCompany.get(t.companyId) ?? []), tag])
	}
	return byCompany
}

/** The links a sum rule looks at, each with its factor to the quota's unit (null: cannot be converted), as a JSON object keyed by link id. */
function linkFactors(rules: SumRules, links: Map<string, LinkRef>, normalizedUnit: string) {
	const factors: Record<string, number | null> = {}
	for (const [id, link] of links) if (matchesLinks(rules, [link])) factors[id] = unitFactor(link.linkUnit, normalizedUnit)
	return json(factors)
}

/**
 * The year's figures (output or capacity) at the rule's links, each with its
 * amount in the quota's unit and `reason` not_local / unit_mismatch (null =
 * counts), as in countSum of tests/helpers/quota-rules-reference.ts.
 * The factors' entries are the link ids (`key`) and their factors (`value`,
 * NULL when not convertible).
 */
function figureRows(rules: SumRules, year: number, factors: string, reach: RegionReach): Prisma.Sql {
	const column = rules.figure === 'capacity' ? Prisma.raw('f."capacity"') : Prisma.raw('f."output"')
	const notLocal = rules.localOnly ? Prisma.sql`WHEN NOT ${localSql(reach)} THEN 'not_local'` : Prisma.empty
	return Prisma.sql`SELECT f."id", f."companyId", c."name", c."name" AS "companyName", (f."isSample" OR c."isSample") AS "isSample", c."regionId",
			l."name" AS "linkName", l."nameEn" AS "linkNameEn", l."unit" AS "linkUnit", ${column} AS "value", ${column} * fx.value AS "amount",
			CASE ${notLocal} WHEN fx.value IS NULL THEN 'unit_mismatch' ELSE NULL END AS "reason"
		FROM ${jsonNumberEntries(factors, 'fx')}
		JOIN "CompanyLink" f ON f."linkId" = fx.key AND f."year" = ${year} AND ${column} IS NOT NULL
		JOIN "ChainLink" l ON l."id" = f."linkId"
		JOIN "Company" c ON c."id" = f."companyId"`
}

type FigureRow = {
	id: string
	companyId: string
	companyName: string
	isSample: number | boolean
	linkName: string
	linkNameEn: string
	linkUnit: string
	value: number
	reason: string | null
}

/**
 * Companies at the rule's links (any year's figure places them there; every
 * company when the rule names no chain or link), local ones only when asked,
 * with their latest revenue; `reason` is 'unknown' when none is recorded.
 */
function revenueRows(rules: SumRules, factors: string | null, reach: RegionReach): Prisma.Sql {
	const local = rules.localOnly ? localSql(reach) : Prisma.sql`1 = 1`
	const atLinks =
		factors === null
			? Prisma.sql`1 = 1`
			: // Not through the (companyId, linkId) index once per listed link: a company has a link or two, the rule may list dozens.
				Prisma.sql`EXISTS (SELECT 1 FROM "CompanyLink" f WHERE f."companyId" = c."id" AND ${unindexed('f."linkId"')} IN (${jsonKeys(factors)}))`
	return Prisma.sql`SELECT c."id", c."name", c."isSample", c."revenueCNY", c."regionId", CASE WHEN c."revenueCNY" IS NULL THEN 'unknown' END AS "reason"
		FROM "Company" c WHERE ${local} AND ${atLinks}`
}

/** "Sum of a figure": Σ over the counted rows in SQL; the excluded figures (not local, unit) listed a page at a time. */
export async function countSumSql(
	db: Db,
	rules: SumRules,
	year: number,
	normalizedUnit: string,
	links: Map<string, LinkRef>,
	reach: RegionReach,
	limits: { items: number | null; excluded: number | null },
): Promise<SqlCount> {
	if (rules.figure === 'revenue') {
		if (normalizedUnit !== 'CNY')
			return {
				actual: 0,
				itemCount: 0,
				excludedCount: 0,
				hasSample: false,
				items: [],
				excluded: [],
				problems: revenueProblems(normalizedUnit, 0, 0),
				byRegion: [],
			}
		const everywhere = rules.chainSlugs.length === 0 && rules.linkKeys.length === 0
		const found = await readClassified<{ id: string; name: string; isSample: number | boolean; revenueCNY: bigint | number; reason: string | null }>(
			db,
			revenueRows(rules, everywhere ? null : linkFactors(rules, links, normalizedUnit), reach),
			{ columns: ['id', 'name', 'isSample', 'revenueCNY'], amount: Prisma.sql`r."revenueCNY"`, unknown: Prisma.sql`FALSE`, items: limits.items, excluded: 0 },
		)
		return {
			actual: found.counted.total,
			itemCount: found.counted.n,
			excludedCount: 0,
			hasSample: found.counted.sample,
			items: found.items.map((c) => revenueItem({ id: c.id, name: c.name, isSample: Boolean(c.isSample), revenueCNY: Number(c.revenueCNY) })),
			excluded: [],
			problems: revenueProblems(normalizedUnit, found.counted.n, found.groups.get('unknown')?.n ?? 0),
			byRegion: found.byRegion,
		}
	}
	const found = await readClassified<FigureRow>(db, figureRows(rules, year, linkFactors(rules, links, normalizedUnit), reach), {
		columns: ['id', 'companyId', 'companyName', 'isSample', 'linkName', 'linkNameEn', 'linkUnit', 'value'],
		amount: Prisma.sql`r."amount"`,
		unknown: Prisma.sql`FALSE`,
		...limits,
	})
	// One problem per link and unit, in the order their first figure comes (by company name, then id); few rows, read in full only when some link's unit does not convert.
	const unconvertible = found.groups.has('unit_mismatch')
		? await db.$queryRaw<{ linkName: string; linkNameEn: string; linkUnit: string }[]>(
				Prisma.sql`SELECT "linkName", "linkNameEn", "linkUnit" FROM (${figureRows(rules, year, linkFactors(rules, links, normalizedUnit), reach)}) AS u
				WHERE "reason" = 'unit_mismatch' GROUP BY "linkName", "linkNameEn", "linkUnit" ORDER BY min("name"), min("id")`,
			)
		: []
	const figure = (row: FigureRow) => ({ ...row, isSample: Boolean(row.isSample), value: Number(row.value) })
	return {
		actual: found.counted.total,
		itemCount: found.counted.n,
		excludedCount: found.excludedCount,
		hasSample: found.counted.sample,
		items: found.items.map((row) => figureItem(figure(row), normalizedUnit, null)),
		excluded: found.excluded.map((row) => figureItem(figure(row), normalizedUnit, row.reason)),
		problems: figureProblems(rules, year, normalizedUnit, unconvertible, found.counted.n),
		byRegion: found.byRegion,
	}
}
