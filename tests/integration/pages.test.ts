import { expect, test } from 'vitest'
import { prisma } from '~/db.server'
import { loader as homeLoader } from '~/routes/_index'
import { loader as chainLoader } from '~/routes/chains.$slug._index'
import { loader as chainsLoader } from '~/routes/chains._index'
import { loader as companiesLoader } from '~/routes/companies._index'
import { loader as exportFile } from '~/routes/data.export.$file'
import { loader as leadsLoader } from '~/routes/leads._index'
import { loader as projectsLoader } from '~/routes/projects._index'
import { loader as quotasLoader } from '~/routes/quotas._index'
import { demoCountyId } from '../helpers/actors'
import { getRequest, loginAs, thrown } from '../helpers/requests'

/** The demo county: records made here belong to it, as the app's own would (ADR 0026). */
const county = await demoCountyId()

const args = (request: Request, params: Record<string, string> = {}) => ({ request, params, context: {} })

test('every list page returns the seeded data', async () => {
	const cookie = await loginAs('staff')
	const chains = await chainsLoader(args(getRequest('/chains', cookie)))
	expect(chains.chains.length).toBeGreaterThanOrEqual(2)
	const companies = await companiesLoader(args(getRequest('/companies', cookie)))
	expect(companies.total).toBeGreaterThan(10)
	expect((await leadsLoader(args(getRequest('/leads', cookie)))).leads.length).toBeGreaterThan(0)
	const projects = await projectsLoader(args(getRequest('/projects', cookie)))
	expect(projects.projects.length).toBeGreaterThan(0)
	expect(projects.totalInvestmentCNY).toBe(projects.projects.reduce((s, p) => s + p.investmentCNY, 0))
	const quotas = await quotasLoader(args(getRequest('/quotas', cookie)))
	expect(quotas.quotas.find((q) => q.section === '（六）16')).toMatchObject({ op: '>=', value: 10, unit: '个', period: 'annual' })
	const home = await homeLoader(args(getRequest('/', cookie)))
	expect(home.counts.companies).toBe(companies.total)
})

test('company search finds a company by its short name and by part of its name', async () => {
	const cookie = await loginAs('staff')
	const alias = await prisma.companyAlias.findFirstOrThrow({ where: { kind: 'short' }, select: { name: true, company: { select: { id: true } } } })
	const byAlias = await companiesLoader(args(getRequest(`/companies?q=${encodeURIComponent(alias.name)}`, cookie)))
	expect(byAlias.companies.map((c) => c.id)).toContain(alias.company.id)
	const none = await companiesLoader(args(getRequest(`/companies?q=${encodeURIComponent('不存在的企业名称xyz')}`, cookie)))
	expect(none.total).toBe(0)
	// Nonsense paging input falls back to page 1 instead of failing.
	const paged = await companiesLoader(args(getRequest('/companies?page=-4', cookie)))
	expect(paged.page).toBe(1)
})

test('a chain page shows null factors as unknown, and an unknown chain is a 404', async () => {
	const cookie = await loginAs('staff')
	const { chain } = await chainLoader(args(getRequest('/chains/rare-earth-ganxian', cookie), { slug: 'rare-earth-ganxian' }))
	expect(chain.links.length).toBeGreaterThan(15)
	expect(chain.edges.some((e) => e.factor === null)).toBe(true)
	expect(chain.edges.filter((e) => e.factor !== null).every((e) => e.source)).toBe(true)
	const missing = await thrown(() => chainLoader(args(getRequest('/chains/nope', cookie), { slug: 'nope' })))
	expect((missing as Response).status).toBe(404)
})

test('the lead CSV export escapes formula injection and starts with a BOM', async () => {
	const cookie = await loginAs('staff')
	const owner = await prisma.user.findFirstOrThrow({ select: { id: true } })
	const company = await prisma.company.create({
		data: { name: '=HYPERLINK("http://evil.example","点我")', isLocal: false, isSample: true },
		select: { id: true },
	})
	await prisma.lead.create({ data: { regionId: county, companyId: company.id, ownerId: owner.id, source: 'other', isSample: true }, select: { id: true } })
	const response = await exportFile(args(getRequest('/data/export/leads.csv', cookie), { file: 'leads.csv' }))
	expect(response.headers.get('Content-Type')).toBe('text/csv; charset=utf-8')
	expect(response.headers.get('Content-Disposition')).toMatch(/attachment; filename="leads-\d{4}-\d{2}-\d{2}\.csv"/)
	const bytes = new Uint8Array(await response.arrayBuffer())
	expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
	const text = new TextDecoder().decode(bytes)
	expect(text).toContain(`"'=HYPERLINK(""http://evil.example"",""点我"")"`)
	expect(text).not.toMatch(/(^|\n|,)=HYPERLINK/)
	const rows = text.trim().split('\r\n')
	expect(rows.length).toBe((await prisma.lead.count()) + 1)
})
