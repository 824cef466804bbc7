// The company search index (ADR 0018) must never change a result: the companies
// list, the lead list and the new-lead company picker find exactly what the LIKE
// predicate they used before finds (same total, same rows, same order), whether the
// index is flushed or every company is dirty, after writes of every kind. On
// PostgreSQL (ADR 0023), where the trigram indexes are always current and Prisma's
// `contains` is case-sensitive, the LIKE they must match is SQLite's, worked out here.
import { beforeAll, describe, expect, test } from 'vitest'
import { engineOf, prisma } from '~/db.server'
import { parseCompanyListQuery } from '~/domain/company/list-query'
import { foldAsciiCase } from '~/domain/company/search-grams'
import { normalizeUscc } from '~/domain/company/uscc'
import { resolveMapping } from '~/domain/import/fields'
import { readImportFile } from '~/domain/import/read-file'
import { parseLeadFilters } from '~/domain/lead/filters'
import { nameSortKey } from '~/domain/names/sort-key'
import { type Prisma } from '~/generated/prisma/client'
import { dirtyCompanyCount, flushCompanySearch, INDEXED_MATCH_LIMIT, rebuildCompanySearch } from '~/models/company-search.server'
import { listCompanies } from '~/models/company.server'
import { generateDemoData } from '~/models/demo-data.server'
import { planImport, publishImport } from '~/models/import-commit.server'
import { undoImport } from '~/models/import-undo.server'
import { listLeadsPage, searchLeadCompanies } from '~/models/lead.server'

const SEED = 20261212
const PAGE = 50

const onSqlite = engineOf() === 'sqlite'

/**
 * SQLite's `LIKE '%q%'` (Prisma's `contains` there): `%` and `_` are wildcards, ASCII letters
 * match either case, nothing else is folded, and there is no escape character.
 */
function sqliteLike(q: string) {
	const pattern = Array.from(foldAsciiCase(`%${q}%`), (c) => (c === '%' ? '.*' : c === '_' ? '.' : c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('')
	const regex = new RegExp(`^${pattern}$`, 'su')
	return (text: string) => regex.test(foldAsciiCase(text))
}

/** The companies whose name (or, `aliases`, an alias) is LIKE '%q%', computed here from every company. */
async function sqliteLikeIds(q: string, { aliases }: { aliases: boolean }) {
	const like = sqliteLike(q)
	const companies = await prisma.company.findMany({ select: { id: true, name: true, aliases: { select: { name: true } } } })
	return companies.filter((c) => like(c.name) || (aliases && c.aliases.some((a) => like(a.name)))).map((c) => c.id)
}

/** Today's `q` of the companies list before the index: name, USCC or alias, by (SQLite's) LIKE. */
async function oldCompanyWhere(q: string): Promise<Prisma.CompanyWhereInput> {
	const byUscc = { uscc: { equals: normalizeUscc(q) } }
	if (onSqlite) return { OR: [{ name: { contains: q } }, byUscc, { aliases: { some: { name: { contains: q } } } }] }
	return { OR: [{ id: { in: await sqliteLikeIds(q, { aliases: true }) } }, byUscc] }
}

/** A company name LIKE '%q%' (SQLite's), as a where. */
async function nameLike(q: string): Promise<Prisma.CompanyWhereInput> {
	return onSqlite ? { name: { contains: q } } : { id: { in: await sqliteLikeIds(q, { aliases: false }) } }
}

/** Companies waiting for the SQLite index's flush; PostgreSQL has no such list (its indexes are always current). */
const dirtyCount = async () => {
	const count = await dirtyCompanyCount(prisma)
	if (!onSqlite) expect(count).toBe(0)
	return count
}

/** Every page of the list for `q` by the old predicate and by listCompanies: both must agree. */
async function expectSameCompanies(q: string) {
	const where = await oldCompanyWhere(q)
	const total = await prisma.company.count({ where })
	const pages = Math.max(1, Math.ceil(total / PAGE))
	for (const page of new Set([1, 2, pages])) {
		const expected = await prisma.company.findMany({
			where,
			orderBy: [{ nameSortKey: 'asc' }, { id: 'asc' }],
			skip: (Math.min(page, pages) - 1) * PAGE,
			take: PAGE,
			select: { id: true },
		})
		const listed = await listCompanies(prisma, parseCompanyListQuery(new URLSearchParams({ q, page: String(page) })))
		expect(listed.total, `total for ${JSON.stringify(q)}`).toBe(total)
		expect(
			listed.rows.map((r) => r.id),
			`page ${page} for ${JSON.stringify(q)}`,
		).toEqual(expected.map((r) => r.id))
	}
	// By name (拼音, ADR 0027) descending, and a page past the end (the last page).
	const last = await prisma.company.findMany({
		where,
		orderBy: [{ nameSortKey: 'desc' }, { id: 'desc' }],
		skip: (pages - 1) * PAGE,
		take: PAGE,
		select: { id: true },
	})
	const listedLast = await listCompanies(prisma, parseCompanyListQuery(new URLSearchParams({ q, dir: 'desc', page: '99999' })))
	expect(listedLast.total).toBe(total)
	expect(listedLast.rows.map((r) => r.id)).toEqual(last.map((r) => r.id))
	// Another order alone (counted by the index, paged by Prisma).
	const recent = await prisma.company.findMany({
		where,
		orderBy: [{ revenueCNY: { sort: 'desc', nulls: 'last' } }, { nameSortKey: 'asc' }, { id: 'asc' }],
		take: PAGE,
		select: { id: true },
	})
	const listedRecent = await listCompanies(prisma, parseCompanyListQuery(new URLSearchParams({ q, sort: 'revenue', dir: 'desc' })))
	expect(listedRecent.total).toBe(total)
	expect(listedRecent.rows.map((r) => r.id)).toEqual(recent.map((r) => r.id))
	// With another filter and another order too.
	const filtered = { AND: [where, { isLocal: false }] }
	const expected = await prisma.company.findMany({ where: filtered, orderBy: [{ updatedAt: 'desc' }, { id: 'asc' }], take: PAGE, select: { id: true } })
	const listed = await listCompanies(prisma, parseCompanyListQuery(new URLSearchParams({ q, local: '0', sort: 'updatedAt', dir: 'desc' })))
	expect(listed.total).toBe(await prisma.company.count({ where: filtered }))
	expect(listed.rows.map((r) => r.id)).toEqual(expected.map((r) => r.id))
	return total
}

/** The lead list's and the new-lead picker's `q`: company name only, by LIKE. */
async function expectSameLeads(q: string) {
	const user = await prisma.user.findFirstOrThrow({ select: { id: true } })
	const where: Prisma.LeadWhereInput = { company: await nameLike(q) }
	const listed = await listLeadsPage(prisma, parseLeadFilters(new URLSearchParams({ q })), { id: user.id, scope: { kind: 'all' } }, { now: new Date() })
	expect(listed.total, `leads for ${JSON.stringify(q)}`).toBe(await prisma.lead.count({ where }))
	const picked = await searchLeadCompanies(prisma, q, null, { kind: 'all' })
	const expected = await prisma.company.findMany({ where: await nameLike(q), orderBy: [{ nameSortKey: 'asc' }, { id: 'asc' }], take: 50, select: { id: true } })
	expect(picked.map((c) => c.id)).toEqual(expected.map((c) => c.id))
}

// Names that test the edges: ASCII case, LIKE wildcards and quotes, spaces, emoji.
const SPECIAL = [
	{ id: 'search-1', name: 'Jiangxi ABC Magnet Co., Ltd.', aliases: ['ABC磁材', '江西ABC'] },
	{ id: 'search-2', name: '赣州100%稀土_新材料有限公司', aliases: ['百分百稀土'] },
	{ id: 'search-3', name: '“恒源”科技 (赣州) 😀有限公司', aliases: ["O'Neil 恒源"] },
	{ id: 'search-4', name: 'Ärzte 稀土 GmbH', aliases: [] },
	{ id: 'search-5', name: '赣州abc稀土有限公司', aliases: ['稀土abc'] },
]

let queries: string[] = []

beforeAll(async () => {
	await generateDemoData(process.env.DATABASE_URL!, { companies: 3000, leads: 400, projects: 0, seed: SEED })
	for (const c of SPECIAL) {
		await prisma.company.create({
			data: {
				id: c.id,
				name: c.name,
				nameSortKey: nameSortKey(c.name),
				isLocal: false,
				aliases: { create: c.aliases.map((name) => ({ kind: 'former', name })) },
			},
		})
	}
	// Queries from the data itself: bigrams, 字号 and whole names, from names and short names.
	const names = await prisma.company.findMany({
		where: { id: { startsWith: `demo-${SEED}-` } },
		orderBy: { id: 'asc' },
		take: 40,
		select: { name: true, uscc: true },
	})
	const shorts = await prisma.companyAlias.findMany({
		where: { companyId: { startsWith: `demo-${SEED}-` } },
		orderBy: { id: 'asc' },
		take: 10,
		select: { name: true },
	})
	const fromData = names.flatMap((c, i) => [c.name.slice(4 + (i % 5), 6 + (i % 5)), c.name.slice(4, 9), ...(i < 5 ? [c.name, c.uscc ?? ''] : [])])
	queries = [
		...new Set([
			...fromData,
			...shorts.map((a) => a.name.slice(-3)),
			'稀',
			'a',
			'恒源',
			'稀土',
			'有限公司',
			'abc',
			'ABC',
			'aBc M',
			'co., ltd',
			'100%',
			'%稀',
			'_新',
			'稀土_',
			'“恒源”',
			'"恒源"',
			"O'Neil",
			"o'neil 恒",
			'😀有',
			') 😀',
			'ärz',
			'Ärz',
			'zz',
			'不存在的企业',
			'磁材江西',
		]),
	].filter((q) => q !== '')
})

// Every query against every page, several hundred statements a test: minutes on a loaded machine.
const MANY_QUERIES = { timeout: 300_000 }

describe('the companies list finds what LIKE finds', MANY_QUERIES, () => {
	test('before the first flush (every company dirty)', async () => {
		if (onSqlite) expect(await dirtyCount()).toBeGreaterThan(3000)
		else await dirtyCount()
		for (const q of queries) await expectSameCompanies(q)
	})

	test('after a flush', async () => {
		const flushed = await flushCompanySearch(prisma)
		if (onSqlite) expect(flushed).toBeGreaterThan(3000)
		else expect(flushed).toBe(0)
		expect(await dirtyCount()).toBe(0)
		let served = 0
		for (const q of queries) {
			const total = await expectSameCompanies(q)
			if (q.length > 1 && total <= INDEXED_MATCH_LIMIT) served++
		}
		expect(served).toBeGreaterThan(40)
	})

	test('after renames, alias changes and deletes that nobody flushed', async () => {
		const [a, b, c, d] = await prisma.company.findMany({
			where: { id: { startsWith: `demo-${SEED}-` } },
			orderBy: { id: 'desc' },
			take: 4,
			select: { id: true, name: true },
		})
		// Prisma writes, raw SQL writes and a cascade, none followed by a flush.
		await prisma.company.update({ where: { id: a!.id }, data: { name: '改名后的钕铁硼公司' } })
		await prisma.$executeRaw`UPDATE "Company" SET "name" = 'ABC Renamed 恒源' WHERE "id" = ${b!.id}`
		await prisma.companyAlias.create({ data: { companyId: c!.id, kind: 'former', name: '旧名钕铁硼' } })
		await prisma.$executeRaw`UPDATE "CompanyAlias" SET "name" = '江西XYZ' WHERE "companyId" = 'search-1' AND "name" = '江西ABC'`
		await prisma.companyAlias.deleteMany({ where: { companyId: 'search-5' } })
		await prisma.company.delete({ where: { id: d!.id } })
		await prisma.$executeRaw`DELETE FROM "Company" WHERE "id" = 'search-4'`
		expect(await dirtyCount()).toBe(onSqlite ? 7 : 0)
		for (const q of [...queries, '钕铁硼', '改名后', 'renamed', '旧名', 'xyz', '江西abc', a!.name.slice(4, 8), d!.name.slice(4, 8)])
			await expectSameCompanies(q)
		await flushCompanySearch(prisma)
		for (const q of ['钕铁硼', '改名后', 'renamed', '旧名', 'xyz', '江西abc', 'abc', a!.name.slice(4, 8), d!.name.slice(4, 8)]) await expectSameCompanies(q)
	})

	test('after an import published without a flush, its undo, and a rebuild', async () => {
		const csv = '企业名称,简称\n导入的恒源钕铁硼有限公司,导入恒源\nImported abc Magnets,IMP\n'
		const sheet = await readImportFile(new TextEncoder().encode(csv), 'x.csv')
		const options = {
			mapping: resolveMapping('companies', sheet.headers),
			overrides: {},
			actions: {},
			duplicateAction: 'skip' as const,
			createMissingCompanies: false,
			defaultOwnerId: null,
			importer: null,
		}
		const request = { kind: 'companies' as const, sheet, options, fileName: 'x.csv', userId: null }
		const { batchId } = await publishImport(prisma, await planImport(prisma, request))
		expect(await dirtyCount()).toBe(onSqlite ? 2 : 0)
		for (const q of ['恒源', '导入', 'ABC', 'magnets', 'imp', '钕铁硼']) await expectSameCompanies(q)
		await undoImport(prisma, batchId!, null) // flushes after itself
		expect(await dirtyCount()).toBe(0)
		for (const q of ['恒源', '导入', 'ABC', 'magnets', 'imp']) await expectSameCompanies(q)
		await rebuildCompanySearch(prisma)
		for (const q of queries) await expectSameCompanies(q)
	})

	test('the generator’s raw inserts (a second connection) without a flush', async () => {
		await generateDemoData(process.env.DATABASE_URL!, { companies: 500, leads: 0, projects: 0, seed: SEED + 1 })
		expect(await dirtyCount()).toBe(onSqlite ? 500 : 0)
		for (const q of queries.slice(0, 30)) await expectSameCompanies(q)
		await flushCompanySearch(prisma)
	})
})

test('the lead list and the new-lead picker find what LIKE on the company name finds', MANY_QUERIES, async () => {
	await prisma.$executeRaw`UPDATE "Company" SET "name" = "name" || ' 脏' WHERE "id" IN (SELECT "companyId" FROM "Lead" LIMIT 20)`
	if (onSqlite) expect(await dirtyCount()).toBeGreaterThan(0)
	else await dirtyCount()
	for (const q of [...queries, '脏', ' 脏']) await expectSameLeads(q)
	await flushCompanySearch(prisma)
	for (const q of [...queries, '脏', ' 脏']) await expectSameLeads(q)
})
