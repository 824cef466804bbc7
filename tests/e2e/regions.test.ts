// The region hierarchy (issue #12 §3, ADR 0026) through the real pages, on a server of its own:
// 赣州市 with the seeded 赣县区 and a second county, 南康区 (sample data of this test only).
import { beforeAll, expect, test } from 'vitest'
import { countedFactsOf } from '~/domain/project/counted-facts'
import { sampleEvidence } from '~/domain/project/verification'
import { hashPassword } from '~/utils/password-hash.server'
import { signIn, signInWith, watchForErrors } from './browser'
import { ownServerWithBrowser } from './own-server'

const own = ownServerWithBrowser()
const PASSWORD = 'region-browser-2026'
const NANKANG_FIRM = '（示例）南康家具智造有限公司'
const CITY_QUOTA = '（示例）全市引进项目'
let nankangLeadId = ''
let cityQuotaId = ''

beforeAll(async () => {
	const db = own.db
	const city = await db.region.findUniqueOrThrow({ where: { code: 'jx-gz' }, select: { id: true } })
	const nankang = await db.region.create({
		data: { code: 'jx-gz-nk', name: '南康区', nameEn: 'Nankang District', kind: 'county', parentId: city.id },
		select: { id: true },
	})
	const unit = await db.unit.create({ data: { name: '南康区商务局', nameEn: 'Nankang Commerce Bureau', regionId: nankang.id }, select: { id: true } })
	const hash = await hashPassword(PASSWORD)
	const account = (username: string, name: string, role: string, regionId: string, unitId: string | null) =>
		db.user.create({ data: { username, name, role, regionId, unitId, password: { create: { hash } } }, select: { id: true } })
	const zhou = await account('nk.zhou', '周招商', 'staff', nankang.id, unit.id)
	await account('gz.chen', '陈局长', 'manager', city.id, null)
	const firm = await db.company.create({ data: { name: NANKANG_FIRM, isLocal: true, isSample: true }, select: { id: true } })
	const lead = await db.lead.create({
		data: { companyId: firm.id, ownerId: zhou.id, unitId: unit.id, regionId: nankang.id, source: 'expo', priority: 'high', isSample: true },
		select: { id: true },
	})
	nankangLeadId = lead.id
	// The city's target (ADR 0029) and a project 南康区 signed this year, verified.
	// Pure domain helpers only: loading the models' module graph in a browser-test worker timed out under CI load.
	const year = new Date().getUTCFullYear()
	const facts = {
		type: 'new',
		investmentCNY: 300_000_000n,
		incrementCNY: null,
		isClusterLeading: false,
		stage: 'signed',
		negotiatingDate: new Date(Date.UTC(year, 0, 10)),
		signedDate: new Date(Date.UTC(year, 1, 20)),
		startedDate: null,
		producingDate: null,
		terminatedDate: null,
		responsibleUnitId: unit.id,
	}
	const project = await db.project.create({
		data: { title: '（示例）南康家具智造产业园项目', companyId: firm.id, regionId: nankang.id, isSample: true, ...facts },
		select: { id: true },
	})
	const evidence = sampleEvidence(countedFactsOf({ ...facts, linkIds: [] }), [], new Date())
	await db.stageEvidence.createMany({ data: evidence.map((row) => ({ ...row, projectId: project.id })) })
	const quota = await db.quota.create({
		data: { regionId: city.id, excerpt: CITY_QUOTA, metric: CITY_QUOTA, kind: 'projects', op: '>=', value: 20, unit: '个', period: 'annual', filters: '{}' },
		select: { id: true },
	})
	cityQuotaId = quota.id
})

const viewports = [
	{ width: 1440, height: 900 },
	{ width: 390, height: 844 },
]

test('a 赣县区 staff member sees the county’s leads, never 南康区’s, whose page is not found', async () => {
	const context = await own.browser.newContext({ locale: 'zh-CN', viewport: viewports[0] })
	const page = await context.newPage()
	const problems = watchForErrors(page)
	await signIn(page, own.baseUrl, 'staff')
	await page.goto(`${own.baseUrl}/leads?view=table`)
	const table = page.locator('table.data-table tbody')
	await expect.poll(() => table.innerText()).toContain('华东伺服电机')
	expect(await table.innerText()).not.toContain(NANKANG_FIRM)
	const response = await page.goto(`${own.baseUrl}/leads/${nankangLeadId}`)
	expect(response?.status()).toBe(404)
	expect(await page.locator('main').innerText()).not.toContain(NANKANG_FIRM)
	expect(problems.filter((p) => !p.includes('404'))).toEqual([])
	await context.close()
})

for (const viewport of viewports) {
	test(`at ${viewport.width}: the 市 manager sees both counties’ leads and files a new lead under either`, async () => {
		const context = await own.browser.newContext({ locale: 'zh-CN', viewport })
		const page = await context.newPage()
		const problems = watchForErrors(page)
		await signInWith(page, own.baseUrl, 'gz.chen', PASSWORD)
		await page.goto(`${own.baseUrl}/leads?view=table`)
		const main = page.locator('main')
		await expect.poll(() => main.innerText()).toContain(NANKANG_FIRM)
		expect(await main.innerText()).toContain('华东伺服电机')
		await page.screenshot({ path: `test-results/regions-city-leads-${viewport.width}.png`, fullPage: false })
		await page.goto(`${own.baseUrl}/leads/${nankangLeadId}`)
		await expect.poll(() => main.innerText()).toContain('南康区')
		await page.goto(`${own.baseUrl}/leads/new`)
		const region = page.getByLabel('归属区域')
		const options = (await region.locator('option').allInnerTexts()).map((o) => o.trim())
		expect(options).toEqual(['赣州市', '赣县区', '赣州高新区', '南康区'])
		await page.screenshot({ path: `test-results/regions-new-lead-${viewport.width}.png`, fullPage: true })
		expect(problems).toEqual([])
		await context.close()
	})

	test(`at ${viewport.width}: an admin sets an account’s region on 用户管理`, async () => {
		const context = await own.browser.newContext({ locale: 'zh-CN', viewport })
		const page = await context.newPage()
		const problems = watchForErrors(page)
		await signIn(page, own.baseUrl, 'admin')
		await page.goto(`${own.baseUrl}/admin/users`)
		await expect.poll(() => page.getByTestId('user-row-nk.zhou').innerText()).toContain('南康区')
		// The new-account form starts at the installation's own region: with units in two counties, the city.
		expect(await page.getByLabel('所属区域').locator('option:checked').innerText()).toContain('赣州市')
		await page.screenshot({ path: `test-results/regions-admin-users-${viewport.width}.png`, fullPage: true })
		const zhou = await own.db.user.findUniqueOrThrow({ where: { username: 'nk.zhou' }, select: { id: true } })
		await page.goto(`${own.baseUrl}/admin/users/${zhou.id}`)
		const county = await own.db.region.findUniqueOrThrow({ where: { code: 'jx-gz-gx' }, select: { id: true } })
		const select = page.getByLabel('所属区域')
		// Regions are indented under their parents.
		expect((await select.locator('option').allInnerTexts()).map((o) => o.trim())).toEqual([
			'（未指定：只看无区域的记录）',
			'北京市',
			'深圳市',
			'苏州市',
			'江西省',
			'赣州市',
			'赣县区',
			'赣州高新区',
			'南康区',
			'宁波市',
		])
		await select.selectOption(county.id)
		await page.screenshot({ path: `test-results/regions-admin-user-${viewport.width}.png`, fullPage: true })
		await page.getByRole('button', { name: '保存' }).click()
		await expect
			.poll(async () => (await own.db.user.findUniqueOrThrow({ where: { id: zhou.id }, select: { region: { select: { name: true } } } })).region?.name)
			.toBe('赣县区')
		// Back for the other viewport's run.
		const nankang = await own.db.region.findUniqueOrThrow({ where: { code: 'jx-gz-nk' }, select: { id: true } })
		await own.db.user.update({ where: { id: zhou.id }, data: { regionId: nankang.id }, select: { id: true } })
		expect(problems).toEqual([])
		await context.close()
	})
}

for (const viewport of viewports) {
	test(`at ${viewport.width}: the 市 manager ranks the counties on the city's target, reads its split and opens a county's report`, async () => {
		const context = await own.browser.newContext({ locale: 'zh-CN', viewport })
		const page = await context.newPage()
		const problems = watchForErrors(page)
		await signInWith(page, own.baseUrl, 'gz.chen', PASSWORD)
		await page.goto(`${own.baseUrl}/quotas`)
		const ranking = page.getByTestId('region-ranking')
		await expect.poll(() => ranking.innerText()).toContain('南康区')
		const rows = (await ranking.locator('tbody tr th').allInnerTexts()).map((r) => r.replace(/\s+/g, ' ').trim())
		expect(rows).toHaveLength(2)
		expect(rows.map((r) => r.replace(/^\d+ /, '')).sort()).toEqual(['南康区', '赣县区'])
		await page.getByRole('region', { name: '县区赛马' }).screenshot({ path: `test-results/regions-ranking-${viewport.width}.png` })

		await page.locator('section.quota-overview').getByRole('link', { name: CITY_QUOTA }).click()
		await page.waitForURL(new RegExp(`/quotas/${cityQuotaId}`))
		const parts = page.getByTestId('region-parts')
		await expect.poll(() => parts.innerText()).toContain('南康区')
		const nankang = parts.locator('tr', { hasText: '南康区' })
		expect(Number(await nankang.locator('[data-actual]').getAttribute('data-actual'))).toBeGreaterThanOrEqual(1)
		await page.screenshot({ path: `test-results/regions-city-quota-${viewport.width}.png`, fullPage: true })

		await page.goto(`${own.baseUrl}/reports/quarterly`)
		await page.getByTestId('report-region').selectOption({ label: '\u3000南康区' })
		await page.getByRole('button', { name: '查看' }).click()
		await expect.poll(() => page.getByTestId('report-region-name').innerText()).toBe('南康区')
		expect(page.url()).toContain('region=')
		expect(problems).toEqual([])
		await context.close()
	})
}

test('a 南康区 staff member sees neither the city’s target nor its report', async () => {
	const context = await own.browser.newContext({ locale: 'zh-CN', viewport: viewports[0] })
	const page = await context.newPage()
	await signInWith(page, own.baseUrl, 'nk.zhou', PASSWORD)
	await page.goto(`${own.baseUrl}/quotas`)
	await expect.poll(() => page.locator('main').innerText()).toContain('目标考核')
	expect(await page.locator('main').innerText()).not.toContain(CITY_QUOTA)
	expect((await page.goto(`${own.baseUrl}/quotas/${cityQuotaId}`))?.status()).toBe(404)
	const city = await own.db.region.findUniqueOrThrow({ where: { code: 'jx-gz' }, select: { id: true } })
	expect((await page.goto(`${own.baseUrl}/reports/quarterly?region=${city.id}`))?.status()).toBe(404)
	await context.close()
})
