import { type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, expect, inject, test } from 'vitest'
import { demoUser } from '../helpers/demo-users'
import { launchBrowser, signIn, watchForErrors } from './browser'

const baseUrl = inject('baseUrl')
let browser: Browser

beforeAll(async () => {
	browser = await launchBrowser()
})
afterAll(async () => {
	await browser?.close()
})

async function newPage() {
	const context = await browser.newContext({ locale: 'zh-CN' })
	const page = await context.newPage()
	return { page, problems: watchForErrors(page) }
}

// What each nav page must show from the seeded 赣县区 data, in each language.
const PAGES = [
	{ nav: { zh: '产业链图谱', en: 'Chain map' }, path: '/chains', expectText: /赣县区稀土新材料及应用产业链|Ganxian rare-earth new materials/ },
	{ nav: { zh: '招商线索', en: 'Leads' }, path: '/leads', expectText: /（示例）|中国稀土|稀土/ },
	{ nav: { zh: '企业库', en: 'Companies' }, path: '/companies', expectText: /中国稀土集团/ },
	{ nav: { zh: '项目', en: 'Projects' }, path: '/projects', expectText: /项目/ },
	{ nav: { zh: '目标考核', en: 'Quotas' }, path: '/quotas', expectText: /（六）16/ },
	{ nav: { zh: '导入导出', en: 'Import / export' }, path: '/data', expectText: /赣区府字〔2024〕39号/ },
] as const

async function visitEveryNavPage(page: Page, lang: 'zh' | 'en') {
	for (const item of PAGES) {
		await page
			.getByRole('navigation', { name: lang === 'zh' ? '主导航' : 'Main navigation' })
			.getByRole('link', { name: item.nav[lang], exact: true })
			.click()
		await page.waitForURL(`${baseUrl}${item.path}`)
		// The heading starts with the nav label (the quota dashboard adds its year).
		await expect.poll(() => page.locator('h1').innerText()).toMatch(new RegExp(`^${item.nav[lang]}`))
		const rows = await page.locator('table tbody tr').count()
		expect(rows, `${item.path} lists seeded rows`).toBeGreaterThan(0)
		expect(await page.locator('main').innerText()).toMatch(item.expectText)
		await page.screenshot({ path: `test-results/${lang}${item.path.replace(/\//g, '-')}.png`, fullPage: false })
	}
}

test('a wrong password shows a clear message and stays on the login page', async () => {
	const { page, problems } = await newPage()
	await page.goto(`${baseUrl}/login`)
	await page.getByLabel('用户名').fill(demoUser('staff').username)
	await page.getByLabel('密码').fill('definitely-wrong')
	await page.getByRole('button', { name: '登录' }).click()
	await expect.poll(() => page.getByRole('alert').innerText()).toBe('用户名或密码错误，请重试。')
	expect(new URL(page.url()).pathname).toBe('/login')
	expect(problems).toEqual([])
})

test('staff sign in, see every nav page with seeded data in Chinese, switch to English and see them again', async () => {
	const { page, problems } = await newPage()
	await signIn(page, baseUrl, 'staff')
	await expect.poll(() => page.locator('h1').innerText()).toContain(demoUser('staff').name)
	expect(Number(await page.getByTestId('count-companies').innerText())).toBeGreaterThan(0)
	await visitEveryNavPage(page, 'zh')

	await page.getByTestId('switch-language').click()
	await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('en')
	// The switch keeps you on the page you were on.
	expect(new URL(page.url()).pathname).toBe('/data')
	await visitEveryNavPage(page, 'en')

	// A chain's detail page shows its links, factors with sources, and "factor unknown" where none is sourced.
	await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Chain map' }).click()
	await page.locator('main table tbody tr a').first().click()
	await expect.poll(() => page.getByTestId('chain-edges').locator('tbody tr').count()).toBeGreaterThan(5)
	expect(await page.getByTestId('chain-edges').innerText()).toContain('Factor unknown')
	// Sources read by name; the reference code (RE01…) is kept for the curious in the name's tooltip (ADR 0028).
	expect(await page.getByTestId('chain-edges').innerText()).toContain('MIIT rare-earth industry conditions 2016')
	expect(await page.getByTestId('chain-edges').locator('.source-name').first().getAttribute('title')).toMatch(/^RE\d\d · chain-reference\.csv$/)

	await page.getByTestId('switch-language').click()
	await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('zh-CN')
	expect(problems).toEqual([])
})

test('an unknown route gives a clear 404 page', async () => {
	const { page, problems } = await newPage()
	await signIn(page, baseUrl, 'staff')
	const response = await page.goto(`${baseUrl}/no/such/page`)
	expect(response?.status()).toBe(404)
	expect(await page.locator('h1').innerText()).toBe('页面不存在')
	expect(await page.locator('main').innerText()).toContain('/no/such/page')
	expect(problems).toEqual([])
})

test('a forbidden page gives a clear 403 page, and only admins can create users', async () => {
	const staff = await newPage()
	await signIn(staff.page, baseUrl, 'staff')
	// Staff have no link to user management; typing the address gets a 403 page.
	expect(await staff.page.getByRole('link', { name: '用户管理' }).count()).toBe(0)
	const response = await staff.page.goto(`${baseUrl}/admin/users`)
	expect(response?.status()).toBe(403)
	expect(await staff.page.locator('h1').innerText()).toBe('无权访问')
	expect(await staff.page.locator('main').innerText()).toContain('招商专员')

	const admin = await newPage()
	await signIn(admin.page, baseUrl, 'admin')
	await admin.page.getByRole('link', { name: '用户管理' }).click()
	await admin.page.waitForURL(`${baseUrl}/admin/users`)
	// Client-side validation uses the same zod schema as the server.
	await admin.page.getByLabel('用户名').fill('zhao.liu')
	await admin.page.getByLabel('姓名').fill('赵六')
	await admin.page.getByLabel('初始密码').fill('short')
	await admin.page.getByRole('button', { name: '新建用户' }).click()
	await expect.poll(() => admin.page.getByRole('alert').first().innerText()).toBe('密码需 10–128 个字符')
	await admin.page.getByLabel('初始密码').fill('a-long-password')
	await admin.page.getByRole('button', { name: '新建用户' }).click()
	await expect.poll(() => admin.page.getByRole('status').innerText()).toBe('已创建用户 zhao.liu。')
	await expect.poll(() => admin.page.locator('table').innerText()).toContain('赵六')

	// The new user can sign in.
	const fresh = await newPage()
	await fresh.page.goto(`${baseUrl}/login`)
	await fresh.page.getByLabel('用户名').fill('zhao.liu')
	await fresh.page.getByLabel('密码').fill('a-long-password')
	await fresh.page.getByRole('button', { name: '登录' }).click()
	await expect.poll(() => fresh.page.locator('h1').innerText()).toContain('赵六')

	// Sign out returns to the login page, and pages then ask for login again.
	await fresh.page.getByRole('button', { name: '退出登录' }).click()
	await fresh.page.waitForURL(`${baseUrl}/login`)
	await fresh.page.goto(`${baseUrl}/projects`)
	expect(new URL(fresh.page.url()).pathname).toBe('/login')
	expect([...staff.problems, ...admin.problems, ...fresh.problems]).toEqual([])
})

test('the lead list downloads as a UTF-8 CSV with BOM', async () => {
	const { page } = await newPage()
	await signIn(page, baseUrl, 'staff')
	await page.goto(`${baseUrl}/data`)
	const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-leads').click()])
	expect(download.suggestedFilename()).toMatch(/^leads-\d{4}-\d{2}-\d{2}\.csv$/)
	const stream = await download.createReadStream()
	const chunks: Buffer[] = []
	for await (const chunk of stream) chunks.push(chunk as Buffer)
	const text = Buffer.concat(chunks).toString('utf8')
	expect(text.charCodeAt(0)).toBe(0xfeff)
	const lines = text.slice(1).trim().split('\r\n')
	expect(lines[0]).toBe(
		'企业名称,统一社会信用代码,所属环节,本地/外地,负责人,责任单位,线索阶段,优先级,来源渠道,下次跟进日期,备注,规划产能环节,规划年产能,预计达产年份,创建时间,示例数据',
	)
	expect(lines.length).toBeGreaterThan(1)
})

test('the lead board shows all six columns at 1440 px; narrower, it says the board scrolls and where columns hide', async () => {
	const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } })
	const page = await context.newPage()
	const problems = watchForErrors(page)
	await signIn(page, baseUrl, 'staff')
	await page.goto(`${baseUrl}/leads?view=board`)
	const board = page.getByTestId('lead-board')
	const frame = page.locator('.lead-board-frame')
	// Wide: every column inside the board's box, no cue.
	expect(await board.evaluate((element) => element.scrollWidth <= element.clientWidth)).toBe(true)
	expect(await page.getByTestId('board-scroll-hint').count()).toBe(0)

	await page.setViewportSize({ width: 390, height: 844 })
	await expect.poll(() => page.getByTestId('board-scroll-hint').innerText()).toContain('左右滑动')
	expect(await frame.getAttribute('data-hidden-right')).toBe('true')
	expect(await frame.getAttribute('data-hidden-left')).toBeNull()
	// The page itself never scrolls sideways: only the board does.
	expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
	// Scrolled to its end (the keyboard works too: the board takes focus), the cue moves to the other side.
	await board.evaluate((element) => element.scrollTo({ left: element.scrollWidth }))
	await expect.poll(() => frame.getAttribute('data-hidden-left')).toBe('true')
	expect(await frame.getAttribute('data-hidden-right')).toBeNull()
	expect(problems).toEqual([])
	await context.close()
})
