// Company name search through the bigram index (ADR 0018). The index is the FTS5
// table `CompanySearch` (made in the migration 20261206182211_company_search_index),
// one row per company keyed by CompanySearchEntry.key; triggers put every company
// whose name or aliases were written into CompanySearchDirty, and a search reads
// those with LIKE. So the index may lag behind writes without ever changing a
// result: the flush below only makes searches cheaper again.
// On PostgreSQL (ADR 0023) there is no side index to keep: GIN trigram indexes
// (pg_trgm) on Company.name and CompanyAlias.name, which PostgreSQL maintains
// itself, serve the same predicate, written to match SQLite's LIKE exactly.
import { setImmediate as pause } from 'node:timers/promises'
import { type Db, engineOf } from '~/db.server'
import { companyNameKey } from '~/domain/company/duplicates'
import { gramTokens, MAX_PHRASE_GRAMS, nameKeyMatchExpression, searchDocument, searchMatchExpression } from '~/domain/company/search-grams'
import { Prisma } from '~/generated/prisma/client'

type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0]
type Client = Db | Tx

/**
 * More matches than this are searched with LIKE, as before the index: Prisma binds each id
 * of an `in` list as its own parameter, at most 999 a statement on SQLite.
 */
export const INDEXED_MATCH_LIMIT = 500

/** Companies re-indexed per transaction of a flush; the event loop turns between them. */
const FLUSH_SLICE = 500

/**
 * The companies whose name (`aliases: true`: or a 简称/曾用名) contains `q` as Prisma's
 * `contains` finds them (SQLite `LIKE '%q%'`), as a `where`. Through the index this is an
 * `id in` list of the companies the index proposes and the LIKE itself confirms; a query
 * the index cannot serve (one character, LIKE wildcards) or one matching more than
 * INDEXED_MATCH_LIMIT companies is the LIKE over every company, as it always was.
 */
export async function companyNameContains(db: Client, q: string, { aliases }: { aliases: boolean }): Promise<Prisma.CompanyWhereInput> {
	const postgres = engineOf() === 'postgresql'
	const ids = await (postgres ? trigramMatches(db, q, aliases) : indexedMatches(db, q, aliases))
	if (ids) return { id: { in: ids } }
	// On PostgreSQL Prisma's `contains` is a case-sensitive LIKE; `insensitive` (ILIKE) is SQLite's
	// LIKE except that it also folds non-ASCII letters ('Ä', full-width 'Ａ'): only searches matching more
	// than INDEXED_MATCH_LIMIT companies come here (ADR 0023). The option exists on the PostgreSQL client only.
	const contains = (postgres ? { contains: q, mode: 'insensitive' } : { contains: q }) as Prisma.StringFilter
	const byName: Prisma.CompanyWhereInput = { name: contains }
	return aliases ? { OR: [byName, { aliases: { some: { name: contains } } }] } : byName
}

/**
 * The companies list's `q` alone (name, alias or the exact USCC `uscc`), answered from the index:
 * how many companies match, and a page of their ids sorted by name; null when the index cannot
 * answer exactly. Exact because a phrase of consecutive bigrams within one value is the substring
 * itself (the LIKE), as long as the phrase is the whole query's; dirty companies are read by LIKE.
 * Frequent words, too many for an `id in` list, are served here without reading every company.
 */
export async function companiesNamed(db: Client, q: string, uscc: string) {
	if (engineOf() === 'postgresql') return companiesNamedPostgres(db, q, uscc)
	const expression = searchMatchExpression(q, 'all')
	if (!expression || gramTokens(q).length > MAX_PHRASE_GRAMS) return null
	const matches = likeMatches(`%${q}%`, true)
	// Index rows of dirty companies may be stale: those are read by LIKE instead. The USCC's
	// company comes once, unless its name or aliases matched already. CROSS JOIN: from the (usually
	// empty) dirty list, never a scan of every entry or company to probe it.
	const [{ n }] = await db.$queryRaw<[{ n: bigint | number }]>`
		SELECT (
			SELECT count(*) FROM "CompanySearch" WHERE "CompanySearch" MATCH ${expression} AND rowid NOT IN (
				SELECT e."key" FROM "CompanySearchDirty" d CROSS JOIN "CompanySearchEntry" e ON e."companyId" = d."companyId")
		) + (
			SELECT count(*) FROM "CompanySearchDirty" d CROSS JOIN "Company" c ON c."id" = d."companyId" WHERE ${matches}
		) + (
			SELECT count(*) FROM "Company" c WHERE c."uscc" = ${uscc} AND NOT ${matches}
		) AS "n"`
	const all = Prisma.sql`
		SELECT e."companyId" AS "id", e."sortKey" AS "sortKey" FROM "CompanySearch" s JOIN "CompanySearchEntry" e ON e."key" = s.rowid
		WHERE "CompanySearch" MATCH ${expression} AND e."companyId" NOT IN (SELECT "companyId" FROM "CompanySearchDirty")
		UNION ALL
		SELECT c."id", c."nameSortKey" FROM "CompanySearchDirty" d CROSS JOIN "Company" c ON c."id" = d."companyId" WHERE ${matches}
		UNION ALL
		SELECT c."id", c."nameSortKey" FROM "Company" c WHERE c."uscc" = ${uscc} AND NOT ${matches}`
	return {
		total: Number(n),
		/**
		 * Ids of one page in 拼音 order, as the list sorts (ADR 0027): an entry's sort key is the
		 * company's, unless it is dirty and read from Company.
		 */
		async page({ dir, skip, take }: { dir: 'asc' | 'desc'; skip: number; take: number }) {
			const order = dir === 'desc' ? Prisma.sql`DESC` : Prisma.sql`ASC`
			const rows = await db.$queryRaw<{ id: string }[]>`SELECT "id" FROM (${all}) ORDER BY "sortKey" ${order}, "id" ${order} LIMIT ${take} OFFSET ${skip}`
			return rows.map((r) => r.id)
		},
	}
}

/**
 * Whether a where of companyNameContains matches no company at all: joined by OR with an indexed
 * condition, say so instead, as SQLite scans for `1=0 OR uscc = ?` (Prisma's empty `in`).
 */
export function matchesNoCompany(where: Prisma.CompanyWhereInput) {
	const id = where.id
	return typeof id === 'object' && id !== null && 'in' in id && Array.isArray(id.in) && id.in.length === 0
}

/**
 * On PostgreSQL (ADR 0023): SQLite's `LIKE` is PostgreSQL's `ILIKE` under the "C" collation
 * (ASCII letters folded, nothing else) with no escape character (`\` is literal in SQLite).
 * The trigram index serves the same ILIKE under the database's collation, which folds at least
 * as much: it finds a superset, the "C" ILIKE keeps exactly SQLite's matches. An alias match
 * goes through `IN`, so the alias index is read once rather than probed per company.
 */
function postgresMatches(pattern: string, aliases: boolean) {
	const like = (column: Prisma.Sql) => Prisma.sql`(${column} ILIKE ${pattern} ESCAPE '' AND ${column} COLLATE "C" ILIKE ${pattern} ESCAPE '')`
	const byAlias = aliases ? Prisma.sql`OR c."id" IN (SELECT a."companyId" FROM "CompanyAlias" a WHERE ${like(Prisma.sql`a."name"`)})` : Prisma.empty
	return Prisma.sql`(${like(Prisma.sql`c."name"`)} ${byAlias})`
}

/** companyNameContains on PostgreSQL: every match, through the trigram indexes; null past INDEXED_MATCH_LIMIT. */
async function trigramMatches(db: Client, q: string, aliases: boolean) {
	const rows = await db.$queryRaw<{ id: string }[]>`
		SELECT c."id" FROM "Company" c WHERE ${postgresMatches(`%${q}%`, aliases)} LIMIT ${INDEXED_MATCH_LIMIT + 1}`
	return rows.length > INDEXED_MATCH_LIMIT ? null : rows.map((r) => r.id)
}

/** companiesNamed on PostgreSQL: count and pages straight from the trigram indexes, never null. */
function companiesNamedPostgres(db: Client, q: string, uscc: string) {
	const where = Prisma.sql`${postgresMatches(`%${q}%`, true)} OR c."uscc" = ${uscc}`
	return db.$queryRaw<[{ n: bigint | number }]>`SELECT count(*) AS "n" FROM "Company" c WHERE ${where}`.then(([{ n }]) => ({
		total: Number(n),
		async page({ dir, skip, take }: { dir: 'asc' | 'desc'; skip: number; take: number }) {
			// The sort keys in code-point order, as SQLite's BINARY collation sorts them (ADR 0027).
			const order = dir === 'desc' ? Prisma.sql`DESC` : Prisma.sql`ASC`
			const rows = await db.$queryRaw<{ id: string }[]>`
				SELECT c."id" FROM "Company" c WHERE ${where} ORDER BY c."nameSortKey" COLLATE "C" ${order}, c."id" ${order} LIMIT ${take} OFFSET ${skip}`
			return rows.map((r) => r.id)
		},
	}))
}

/** Prisma's `contains` on the name (and the aliases) of company `c`, as SQL: the predicate every candidate must pass. */
function likeMatches(pattern: string, aliases: boolean) {
	const byAlias = aliases ? Prisma.sql`OR EXISTS (SELECT 1 FROM "CompanyAlias" a WHERE a."companyId" = c."id" AND a."name" LIKE ${pattern})` : Prisma.empty
	return Prisma.sql`(c."name" LIKE ${pattern} ${byAlias})`
}

/** The ids matching `q` through the index (see companyNameContains), or null when it cannot say. */
async function indexedMatches(db: Client, q: string, aliases: boolean) {
	const expression = searchMatchExpression(q, aliases ? 'all' : 'name')
	if (!expression) return null
	// The very pattern Prisma's `contains` binds (it escapes nothing), so the check is its LIKE.
	const pattern = `%${q}%`
	const matches = likeMatches(pattern, aliases)
	// The index's candidates (but not its possibly stale rows of dirty companies), then every dirty
	// company; the LIKE decides for both. UNION ALL streams, so LIMIT stops a frequent word early.
	// CROSS JOIN keeps SQLite from scanning every company to probe the (usually empty) dirty list.
	const rows = await db.$queryRaw<{ id: string }[]>`
		SELECT c."id" FROM "CompanySearch" s
			JOIN "CompanySearchEntry" e ON e."key" = s.rowid
			JOIN "Company" c ON c."id" = e."companyId"
		WHERE "CompanySearch" MATCH ${expression} AND e."companyId" NOT IN (SELECT "companyId" FROM "CompanySearchDirty") AND ${matches}
		UNION ALL
		SELECT c."id" FROM "CompanySearchDirty" d CROSS JOIN "Company" c ON c."id" = d."companyId" WHERE ${matches}
		LIMIT ${INDEXED_MATCH_LIMIT + 1}`
	return rows.length > INDEXED_MATCH_LIMIT ? null : rows.map((r) => r.id)
}

/**
 * The companies whose name or a 简称/曾用名 has one of the name `keys` (companyNameKey): those
 * the index finds by the `keys` column, and the dirty ones (whose rows may be stale) checked here
 * by computing their keys. Exact, like the search: the index only saves reading every company.
 */
export async function companiesWithNameKeys(db: Client, keys: readonly string[]): Promise<string[]> {
	if (engineOf() === 'postgresql') return nameKeyMatchesPostgres(db, keys)
	const expression = nameKeyMatchExpression(keys)
	if (!expression) return []
	const indexed = await db.$queryRaw<{ id: string }[]>`
		SELECT e."companyId" AS "id" FROM "CompanySearch" s JOIN "CompanySearchEntry" e ON e."key" = s.rowid
		WHERE "CompanySearch" MATCH ${expression} AND e."companyId" NOT IN (SELECT "companyId" FROM "CompanySearchDirty")`
	const dirty = await db.$queryRaw<{ id: string; name: string; aliases: string }[]>`
		SELECT c."id", c."name", (SELECT json_group_array(a."name") FROM "CompanyAlias" a WHERE a."companyId" = c."id") AS "aliases"
		FROM "CompanySearchDirty" d CROSS JOIN "Company" c ON c."id" = d."companyId"`
	const wanted = new Set(keys)
	const matching = dirty.filter((c) => [c.name, ...(JSON.parse(c.aliases) as string[])].some((value) => wanted.has(companyNameKey(value))))
	return [...new Set([...indexed, ...matching].map((c) => c.id))]
}

/**
 * companiesWithNameKeys on PostgreSQL: the companies whose name or alias has one of `keys` by the
 * expression indexes over chainlead_company_name_key (the migration company_merges_and_audit_by_user),
 * then checked with companyNameKey, which decides: the SQL function finds, the app's key confirms.
 */
async function nameKeyMatchesPostgres(db: Client, keys: readonly string[]) {
	if (keys.length === 0) return []
	const wanted = Prisma.sql`SELECT jsonb_array_elements_text(${JSON.stringify(keys)}::jsonb)`
	const candidates = await db.$queryRaw<{ id: string; name: string }[]>`
		SELECT c."id", c."name" FROM "Company" c WHERE chainlead_company_name_key(c."name") IN (${wanted})
		UNION ALL
		SELECT a."companyId", a."name" FROM "CompanyAlias" a WHERE chainlead_company_name_key(a."name") IN (${wanted})`
	const keySet = new Set(keys)
	return [...new Set(candidates.filter((c) => keySet.has(companyNameKey(c.name))).map((c) => c.id))]
}

/**
 * Rewrites the index rows of `companyIds` from the companies as stored (removing those of
 * deleted companies) and clears them from the dirty list. Run it inside the transaction
 * that wrote them, or in its own: what it reads and writes must be one snapshot.
 */
export async function reindexCompanies(tx: Tx, companyIds: readonly string[]) {
	// PostgreSQL keeps its trigram indexes itself: nothing to re-index there.
	if (companyIds.length === 0 || engineOf() === 'postgresql') return
	const ids = JSON.stringify(companyIds)
	const stored = await tx.$queryRaw<{ id: string; name: string; sortKey: string; aliases: string }[]>`
		SELECT c."id", c."name", c."nameSortKey" AS "sortKey", (SELECT json_group_array(a."name") FROM "CompanyAlias" a WHERE a."companyId" = c."id") AS "aliases"
		FROM "Company" c WHERE c."id" IN (SELECT "value" FROM json_each(${ids}))`
	await tx.$executeRaw`DELETE FROM "CompanySearch" WHERE rowid IN (
		SELECT "key" FROM "CompanySearchEntry" WHERE "companyId" IN (SELECT "value" FROM json_each(${ids})))`
	await tx.$executeRaw`DELETE FROM "CompanySearchEntry" WHERE "companyId" IN (SELECT "value" FROM json_each(${ids}))`
	if (stored.length > 0) {
		const documents = JSON.stringify(
			stored.map((c) => ({ id: c.id, companyName: c.name, sortKey: c.sortKey, ...searchDocument(c.name, JSON.parse(c.aliases) as string[]) })),
		)
		await tx.$executeRaw`INSERT INTO "CompanySearchEntry" ("companyId", "name", "sortKey")
			SELECT "value" ->> 'id', "value" ->> 'companyName', "value" ->> 'sortKey' FROM json_each(${documents})`
		await tx.$executeRaw`INSERT INTO "CompanySearch" (rowid, "name", "aliases", "keys")
			SELECT e."key", j."value" ->> 'name', j."value" ->> 'aliases', j."value" ->> 'keys'
			FROM json_each(${documents}) j JOIN "CompanySearchEntry" e ON e."companyId" = j."value" ->> 'id'`
	}
	await tx.$executeRaw`DELETE FROM "CompanySearchDirty" WHERE "companyId" IN (SELECT "value" FROM json_each(${ids}))`
}

const running = new WeakMap<Db, Promise<number>>()

/**
 * Re-indexes every dirty company, FLUSH_SLICE a transaction with a pause between, until
 * none is left; returns how many it re-indexed. A call while a flush of the same client
 * runs joins it (that flush goes on until the dirty list is empty). `stopped` ends it
 * between slices (shutdown).
 */
export function flushCompanySearch(db: Db, { stopped = () => false }: { stopped?: () => boolean } = {}) {
	// Nothing waits on PostgreSQL: no triggers fill the dirty list there.
	if (engineOf() === 'postgresql') return Promise.resolve(0)
	let flush = running.get(db)
	if (!flush) {
		flush = (async () => {
			let done = 0
			try {
				while (!stopped()) {
					const count = await db.$transaction(async (tx) => {
						const ids = await tx.$queryRaw<{ companyId: string }[]>`SELECT "companyId" FROM "CompanySearchDirty" LIMIT ${FLUSH_SLICE}`
						await reindexCompanies(
							tx,
							ids.map((r) => r.companyId),
						)
						return ids.length
					})
					done += count
					if (count < FLUSH_SLICE) break
					await pause()
				}
				return done
			} finally {
				running.delete(db)
			}
		})()
		running.set(db, flush)
	}
	return flush
}

/** Marks every company dirty and flushes: a full rebuild (the CLI's `search:reindex --full`). */
export async function rebuildCompanySearch(db: Db) {
	if (engineOf() === 'postgresql') return 0
	await db.$executeRaw`INSERT INTO "CompanySearchDirty" ("companyId") SELECT "id" FROM "Company" WHERE "id" NOT IN (SELECT "companyId" FROM "CompanySearchDirty")`
	return flushCompanySearch(db)
}

/** How many companies wait for the flush (searched with LIKE meanwhile). */
export async function dirtyCompanyCount(db: Client) {
	return db.companySearchDirty.count()
}
