// The companies export reads each page of 1,000 in one SQL statement (JSON per
// page) instead of Prisma's nested selects. This test holds it to the rows the
// nested Prisma select gives (the reader before issue #12), row for row and cell
// for cell through the export's own columns, over several pages, unfiltered (the
// keyset path) and filtered (Prisma finds the ids), with aliases, tags, links,
// regions, missing values and formula-looking text.
import { beforeAll, expect, test } from 'vitest'
import { prisma } from '~/db.server'
import { i18nFor } from '~/i18n/i18n'
import { companyWhereFromQuery } from '~/models/company.server'
import { generateDemoData } from '~/models/demo-data.server'
import { exportColumns, iterateCompanies, streamList } from '~/models/export.server'

const { t } = i18nFor('zh-CN')
const columns = exportColumns(t, 'zh-CN').companies

/** The nested Prisma select the export used before, in id order. */
async function referenceRows(where: object) {
	const rows = await prisma.company.findMany({
		where,
		orderBy: { id: 'asc' },
		select: {
			id: true,
			name: true,
			uscc: true,
			kind: true,
			isLocal: true,
			revenueCNY: true,
			registeredCapitalCNY: true,
			employees: true,
			industry: true,
			contactName: true,
			contactPhone: true,
			address: true,
			description: true,
			source: true,
			isSample: true,
			region: { select: { name: true, nameEn: true } },
			aliases: { select: { kind: true, name: true }, orderBy: [{ kind: 'asc' }, { name: 'asc' }] },
			tags: { select: { tag: true, grantedYear: true }, orderBy: { tag: 'asc' } },
			links: { select: { link: { select: { id: true, name: true, nameEn: true } } }, orderBy: [{ linkId: 'asc' }, { year: 'asc' }] },
		},
	})
	// Money leaves the export as a number either way (Number of the BigInt).
	const money = (v: bigint | null) => (v === null ? null : Number(v))
	return rows.map((r) => [r.id, ...columns.map((c) => c.value({ ...r, revenueCNY: money(r.revenueCNY), registeredCapitalCNY: money(r.registeredCapitalCNY) }))])
}

async function exported(where: ReturnType<typeof companyWhereFromQuery> | object) {
	const rows: unknown[][] = []
	for await (const row of iterateCompanies(prisma, where)) rows.push([row.id, ...columns.map((c) => c.value(row))])
	return rows
}

beforeAll(async () => {
	await generateDemoData(process.env.DATABASE_URL!, { companies: 2_300, leads: 0, projects: 0, seed: 20261207 })
	await prisma.company.create({
		data: {
			name: '=HYPERLINK("http://evil.example","点我")',
			isLocal: true,
			revenueCNY: 9_007_199_254_740_000n,
			description: '第一行\n"第二行", 逗号',
			aliases: {
				create: [
					{ kind: 'short', name: '乙简称' },
					{ kind: 'short', name: '甲简称' },
					{ kind: 'former', name: '-曾用名' },
				],
			},
			tags: { create: [{ tag: 'xiaojuren', grantedYear: 2024 }, { tag: 'gaoxin' }] },
		},
		select: { id: true },
	})
})

test('every company, over several pages, reads exactly as the nested Prisma select did', async () => {
	const reference = await referenceRows({})
	expect(reference.length).toBeGreaterThan(2_300)
	const rows = await exported({})
	expect(rows.length).toBe(reference.length)
	expect(rows).toEqual(reference)
	// Relations made it through: aliases in key order, tags with years in the form's order, links by name.
	const evil = rows.find((r) => r[1] === '=HYPERLINK("http://evil.example","点我")')!
	expect(evil.slice(3, 5)).toEqual(['乙简称、甲简称', '-曾用名'])
	expect(evil[8]).toBe('小巨人（2024）、高新技术企业')
	expect(rows.some((r) => typeof r[7] === 'string' && r[7].length > 0)).toBe(true)
})

test('a filtered export (Prisma finds each page’s ids) reads the same rows as the select with that filter', async () => {
	for (const query of ['local=0', 'tag=gaoxin', 'local=1&revenue=100m_1b', 'q=示例']) {
		const where = await companyWhereFromQuery(prisma, new URLSearchParams(query))
		const reference = await referenceRows(where)
		expect(reference.length).toBeGreaterThan(0)
		expect(await exported(where)).toEqual(reference)
	}
	expect(await exported({ id: 'none-such' })).toEqual([])
})

test('the CSV escapes formula-looking cells and quotes line breaks, as before', async () => {
	const stream = streamList(prisma, 'companies', 'csv', new URLSearchParams('local=1'), {
		t,
		locale: 'zh-CN',
		requested: [],
		viewer: { id: '', scope: { kind: 'all' } },
		audit: { userId: null, ip: null },
	})
	const text = await new Response(stream).text()
	expect(text).toContain(`"'=HYPERLINK(""http://evil.example"",""点我"")"`)
	expect(text).toContain('"第一行\n""第二行"", 逗号"')
	expect(text).toContain(",'-曾用名,")
})
