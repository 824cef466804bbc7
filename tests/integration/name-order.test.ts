import ExcelJS from 'exceljs'
import { beforeAll, expect, test } from 'vitest'
import { engineOf, prisma } from '~/db.server'
import { type Actor } from '~/domain/auth/record-access'
import { parseCompanyForm } from '~/domain/company/company-schema'
import { parseCompanyListQuery } from '~/domain/company/list-query'
import { resolveMapping } from '~/domain/import/fields'
import { cellText, readImportFile } from '~/domain/import/read-file'
import { parseLeadFilters } from '~/domain/lead/filters'
import { nameSortKey } from '~/domain/names/sort-key'
import { parseProjectListQuery } from '~/domain/project/list-query'
import { listCompanies, saveCompanyForm } from '~/models/company.server'
import { generateDemoData } from '~/models/demo-data.server'
import { runImport } from '~/models/import-commit.server'
import { listLeadsPage } from '~/models/lead.server'
import { listProjects, PROJECT_PAGE_SIZE } from '~/models/project.server'
import { fillMissingSortKeys } from '~/models/sort-keys.server'
import { loader as exportFile } from '~/routes/data.export.$file'
import { actorNamed } from '../helpers/actors'
import { companyForm, uscc } from '../helpers/company-forms'
import { getRequest, loginAs } from '../helpers/requests'

// 拼音 order of names (ADR 0027) on the list pages, through every writer of a name, and in exports
// (#13 §7: exports honour the list's sort and filters).

const MARK = '拼序测试'
/** First characters by 拼音: a, bai, chen, dan/shan (单氏: shàn), gan, zeng (曾氏), zhou; by code point they sort otherwise. */
const HEADS = ['周', '曾', '陈', '白', '阿', '赣', '单', '安', '爱', '包']
const byKey = (a: string, b: string) => (nameSortKey(a) < nameSortKey(b) ? -1 : nameSortKey(a) > nameSortKey(b) ? 1 : 0)

let manager: Actor
const names: string[] = []

beforeAll(async () => {
	manager = await actorNamed('leader')
	// 70 companies (more than a page) through the importer's bulk insert, each with a USCC for the update below.
	for (let i = 0; i < 70; i++) names.push(`${HEADS[i % HEADS.length]}氏${MARK}${String.fromCharCode(0x4e00 + ((i * 7919) % 2000))}${i}号有限公司`)
	const rows = names.map((name, i) => `${name},${uscc(`PY${String(i).padStart(5, '0')}`)}`).join('\n')
	const sheet = await readImportFile(new TextEncoder().encode(`企业名称,统一社会信用代码\n${rows}\n`), 'names.csv')
	const options = {
		mapping: resolveMapping('companies', sheet.headers),
		overrides: {},
		actions: {},
		duplicateAction: 'update' as const,
		createMissingCompanies: false,
		defaultOwnerId: null,
		importer: null,
	}
	const outcome = await runImport(prisma, { kind: 'companies', sheet, options, fileName: 'names.csv', userId: null })
	expect(outcome.created).toBe(70)
})

/** Every page of the companies list for `query`, in order. */
async function allPages(query: string) {
	const ids: string[] = []
	for (let page = 1; ; page++) {
		const list = await listCompanies(prisma, parseCompanyListQuery(new URLSearchParams(`${query}&page=${page}`)))
		ids.push(...list.rows.map((r) => r.name))
		if (page >= list.pageCount) return { total: list.total, names: ids }
	}
}

test('the companies list sorts names by 拼音 across pages, both ways, searched or filtered', async () => {
	const expected = [...names].sort(byKey)
	// 阿 before 安 before 白 before 陈, whatever their code points (白 U+767D < 阿 U+963F).
	expect(expected.slice(0, 21).map((n) => n[0])).toEqual([...'阿阿阿阿阿阿阿爱爱爱爱爱爱爱安安安安安安安'])
	expect(expected.map((n) => n[0]).filter((c, i, all) => all.indexOf(c) === i)).toEqual([...'阿爱安白包陈赣单曾周'])
	// The search box alone (the index's pages on SQLite, ADR 0018), a search with a filter, and descending.
	for (const query of [`q=${MARK}`, `q=${MARK}&local=0`]) {
		const listed = await allPages(query)
		expect(listed.total).toBe(70)
		expect(listed.names).toEqual(expected)
	}
	expect((await allPages(`q=${MARK}&dir=desc`)).names).toEqual([...expected].reverse())
	// The whole register (seed data too): in key order, no company twice, none missing.
	const all = await allPages('sort=name')
	expect(all.names).toHaveLength(await prisma.company.count())
	expect(all.names).toEqual([...all.names].sort(byKey))
})

test('renames through the form and the importer keep the key, and the server fills keys left empty', async () => {
	// The form: a rename moves the company from Z to A.
	const target = await prisma.company.findFirstOrThrow({ where: { name: names[0] }, select: { id: true, version: true, uscc: true } })
	const form = new FormData()
	for (const [key, value] of companyForm({
		name: `阿${MARK}改名有限公司`,
		uscc: target.uscc ?? '',
		isLocal: '0',
		version: String(target.version),
		duplicateConfirmed: '1',
	}))
		form.append(key, value)
	const posted = parseCompanyForm(form)
	expect(posted.errors).toBeNull()
	const saved = await saveCompanyForm(prisma, { actor: manager, companyId: target.id }, posted.data!)
	expect(saved).toMatchObject({ ok: true, changed: true })
	// The importer updating by USCC: 陈 → 白.
	const second = names.findIndex((n) => n.startsWith('陈'))
	const sheet = await readImportFile(
		new TextEncoder().encode(`企业名称,统一社会信用代码\n白${MARK}导入改名,${uscc(`PY${String(second).padStart(5, '0')}`)}\n`),
		'rename.csv',
	)
	const options = {
		mapping: resolveMapping('companies', sheet.headers),
		overrides: {},
		actions: {},
		duplicateAction: 'update' as const,
		createMissingCompanies: false,
		defaultOwnerId: null,
		importer: null,
	}
	expect((await runImport(prisma, { kind: 'companies', sheet, options, fileName: 'rename.csv', userId: null })).updated).toBe(1)
	// The generator's bulk inserts (another connection on SQLite).
	await generateDemoData(process.env.DATABASE_URL!, { companies: 40, leads: 10, projects: 10, seed: 20261207 })

	const stored = await prisma.company.findMany({ select: { name: true, nameSortKey: true } })
	for (const c of stored) expect(c.nameSortKey, c.name).toBe(nameSortKey(c.name))
	for (const p of await prisma.project.findMany({ select: { title: true, titleSortKey: true } })) expect(p.titleSortKey, p.title).toBe(nameSortKey(p.title))
	const listed = await allPages(`q=${MARK}`)
	expect(listed.names[0]).toBe(`阿${MARK}改名有限公司`)
	expect(listed.names).toEqual([...listed.names].sort(byKey))

	// Keys as the migration left them (empty), or as hand-made SQL leaves them: filled, in slices, search pages too.
	await prisma.$executeRaw`UPDATE "Company" SET "nameSortKey" = ''`
	await prisma.$executeRaw`UPDATE "Project" SET "titleSortKey" = ''`
	if (engineOf() === 'sqlite') await prisma.$executeRaw`UPDATE "CompanySearchEntry" SET "sortKey" = ''`
	const filled = await fillMissingSortKeys(prisma)
	expect(filled).toBe((await prisma.company.count()) + (await prisma.project.count()))
	for (const c of await prisma.company.findMany({ select: { name: true, nameSortKey: true } })) expect(c.nameSortKey).toBe(nameSortKey(c.name))
	expect(await fillMissingSortKeys(prisma)).toBe(0)
	expect((await allPages(`q=${MARK}`)).names).toEqual(listed.names)
})

test('leads sort by company and projects by title in 拼音 order', async () => {
	const user = await actorNamed('leader')
	const clock = { now: new Date() }
	const leads = await listLeadsPage(prisma, parseLeadFilters(new URLSearchParams('sort=company_asc')), user, clock, 500)
	expect(leads.total).toBeGreaterThan(10)
	const companies = leads.rows.map((r) => r.company.name)
	expect(companies).toEqual([...companies].sort(byKey))
	const desc = await listLeadsPage(prisma, parseLeadFilters(new URLSearchParams('sort=company_desc')), user, clock, 500)
	expect(desc.rows.map((r) => r.company.name)).toEqual([...companies].sort(byKey).reverse())

	const projects = await listProjects(prisma, parseProjectListQuery(new URLSearchParams('sort=title_asc')), user.scope)
	const titles = projects.rows.map((p) => p.title)
	expect(titles.length).toBeGreaterThan(10)
	expect(titles).toEqual([...titles].sort(byKey))
	const page2 = await listProjects(prisma, parseProjectListQuery(new URLSearchParams('sort=title_desc&page=1')), user.scope)
	expect(page2.rows.map((p) => p.title)).toEqual([...titles].sort(byKey).reverse().slice(0, page2.rows.length))
})

const exportArgs = (request: Request, file: string) => ({ request, params: { file }, context: {} })

/** The first column of an export, without its header row. */
async function exportedColumn(cookie: string, list: string, format: 'csv' | 'xlsx', query: string) {
	const response = await exportFile(exportArgs(getRequest(`/data/export/${list}.${format}?${query}`, cookie), `${list}.${format}`))
	expect(response.status).toBe(200)
	if (format === 'csv') {
		const text = new TextDecoder().decode(await response.arrayBuffer()).replace(/^\uFEFF/, '')
		return text
			.trimEnd()
			.split(/\r?\n/)
			.slice(1)
			.map((line) => line.split(',')[0]!.replace(/^"|"$/g, ''))
	}
	const workbook = new ExcelJS.Workbook()
	await workbook.xlsx.load(await response.arrayBuffer())
	const values: string[] = []
	workbook.worksheets[0]!.eachRow((row, n) => {
		if (n > 1) values.push(cellText(row.getCell(1).value).text)
	})
	return values
}

test('exports come out in the order and with the filters the list shows, as CSV and XLSX', async () => {
	const cookie = await loginAs('manager')
	const user = await actorNamed('leader')
	for (const format of ['csv', 'xlsx'] as const) {
		// Companies: a search by name descending, by revenue (unknown last) over the whole register, by last change with a filter.
		for (const query of [`q=${MARK}&dir=desc`, 'sort=revenue&dir=desc', 'local=0&sort=updatedAt']) {
			const listed = await allPages(query)
			expect(await exportedColumn(cookie, 'companies', format, `${query}&columns=name`), `${format} ${query}`).toEqual(listed.names)
		}
		// Leads by company, with a filter.
		const filters = parseLeadFilters(new URLSearchParams('sort=company_desc&stage=new'))
		const leads = await listLeadsPage(prisma, filters, user, { now: new Date() }, 1000)
		expect(leads.rows.length).toBeGreaterThan(0)
		expect(await exportedColumn(cookie, 'leads', format, 'sort=company_desc&stage=new&columns=company')).toEqual(leads.rows.map((r) => r.company.name))
		// Projects by title, and by investment with a filter.
		for (const query of ['sort=title_asc', 'sort=investment_desc&stage=negotiating']) {
			const titles: string[] = []
			for (let page = 1; titles.length === (page - 1) * PROJECT_PAGE_SIZE; page++) {
				const projects = await listProjects(prisma, parseProjectListQuery(new URLSearchParams(`${query}&page=${page}`)), user.scope)
				if (projects.rows.length === 0) break
				titles.push(...projects.rows.map((p) => p.title))
			}
			expect(titles.length).toBeGreaterThan(1)
			expect(await exportedColumn(cookie, 'projects', format, `${query}&columns=title`), `${format} ${query}`).toEqual(titles)
		}
	}
})
