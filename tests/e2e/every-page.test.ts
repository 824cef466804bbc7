import fs from 'node:fs'
import path from 'node:path'
import { type BrowserContext } from 'playwright-core'
import { afterAll, expect, test } from 'vitest'
import { routeModuleFiles, ROUTES_DIR } from '../helpers/route-modules'
import { seriousViolations, signIn, svgTextContrastProblems, watchForErrors } from './browser'
import { ownServerWithBrowser } from './own-server'

// Every page of the app, as the role that may see it, at a desk and on a phone (#13 §3 and §8):
// no serious or critical axe-core violation, SVG text as readable as axe asks of other text, and at 390 px
// no page scrolls sideways. The walk runs on a server of its own, because it makes the records a few
// pages need (a merge, an upload).
const own = ownServerWithBrowser()

type Role = 'staff' | 'manager' | 'admin'
type Ids = Record<'company' | 'otherCompany' | 'lead' | 'project' | 'quota' | 'user' | 'merge' | 'upload' | 'scenario', string>
/** A page as the role that may see it; `:name` parts are the ids of demo records (and of a merge and an upload made below). */
type Visit = { role: Role | null; path: string; status?: number }
const DESK = { width: 1440, height: 900 }
const PHONE = { width: 390, height: 844 }
const CHAIN = '/chains/rare-earth-ganxian'
const manager = (path: string): Visit => ({ role: 'manager', path })

/** The app's routes (app/routes) that render a page; resource routes (exports, XLSX, evidence files, JSON) have none. */
const VISITS: Visit[] = [
	{ role: null, path: '/login' },
	{ role: 'staff', path: '/' },
	manager('/'),
	manager('/account'),
	{ role: 'staff', path: '/calendar' },
	manager('/calendar'),
	manager('/account/password'),
	manager('/audit'),
	manager('/chains'),
	manager(CHAIN),
	manager(`${CHAIN}?link=motor_fluid`),
	manager(`${CHAIN}?view=sankey`),
	manager(`${CHAIN}/edit`),
	manager(`${CHAIN}/targets?link=motor_fluid`),
	manager(`${CHAIN}/funnel`),
	manager(`${CHAIN}/funnel?span=q4&link=motor_servo`),
	manager(`${CHAIN}?view=funnel`),
	manager(`${CHAIN}/scenarios`),
	manager(`${CHAIN}/scenarios/:scenario`),
	manager('/leads?funnel=rare-earth-ganxian&funnelPeriod=2026&funnelStage=opened'),
	manager('/projects?funnel=rare-earth-ganxian&funnelPeriod=2026&funnelStage=signed'),
	manager('/companies'),
	manager('/companies/new'),
	manager('/companies/:company'),
	manager('/companies/:company/edit'),
	manager('/companies/:company/merge'),
	manager('/companies/:company/merge?with=:otherCompany'),
	manager('/companies/:company/delete'),
	manager('/companies/merges/:merge'),
	manager('/data'),
	manager('/data/import'),
	manager('/data/import/:upload'),
	manager('/leads'),
	manager('/leads?view=board'),
	manager('/leads/new'),
	manager('/leads/follow-up'),
	{ role: 'staff', path: '/leads/follow-up' },
	manager('/settings/service-levels'),
	{ role: 'staff', path: '/settings/service-levels' },
	manager('/leads/:lead'),
	manager('/projects'),
	manager('/projects/new'),
	manager('/projects/:project'),
	manager('/quotas'),
	manager('/quotas/:quota'),
	manager('/quotas/import'),
	manager('/reports'),
	manager('/reports/monthly'),
	manager('/reports/quarterly'),
	manager('/reports/annual'),
	manager('/search'),
	manager('/search?q=稀土'),
	{ role: 'staff', path: '/notifications' },
	{ role: 'manager', path: '/no/such/page', status: 404 },
	{ role: 'admin', path: '/admin/users' },
	{ role: 'admin', path: '/admin/users/:user' },
	{ role: 'admin', path: '/admin/channels' },
]
/** Pages not walked here: /setup answers 404 once an account exists (first-run.test.ts walks it), and /cross-site-refused is the 403 page a refused cross-site post lands on (cross-site.test.ts). */
const NOT_WALKED = ['setup.tsx', 'cross-site-refused.tsx']

/** The URL pattern of a Remix flat route module: `companies.$id_.edit.tsx` (or `companies.$id_.edit/route.tsx`) → ^/companies/[^/]+/edit$. */
function routePattern(file: string) {
	const segments = file
		.replace(/(\/route)?\.tsx$/, '')
		.split('.')
		.filter((segment) => segment !== '_index')
		.map((segment) => segment.replace(/_$/, ''))
	return new RegExp(`^/${segments.map((segment) => (segment === '$' ? '.*' : segment.startsWith('$') ? '[^/]+' : segment)).join('/')}$`)
}
let ids: Ids | null = null
/** One signed-in browser context per viewport and role, made on first use. */
const contexts = new Map<string, Promise<BrowserContext>>()

type Language = 'zh-CN' | 'en'

function contextFor(role: Role | null, viewport: { width: number; height: number }, language: Language = 'zh-CN') {
	const key = `${viewport.width}:${role}:${language}`
	let context = contexts.get(key)
	if (!context) {
		context = (async () => {
			const made = await own.browser.newContext({ locale: language, viewport, hasTouch: viewport.width < 500 })
			if (language === 'en') {
				// As a user switches: the header's language button on the sign-in page (its header does not fold).
				const page = await made.newPage()
				await page.goto(`${own.baseUrl}/login`)
				await page.getByTestId('switch-language').click()
				await page.getByRole('button', { name: 'Sign in' }).waitFor()
				await page.close()
			}
			if (role) {
				const page = await made.newPage()
				await signIn(page, own.baseUrl, role)
				await page.close()
			}
			return made
		})()
		contexts.set(key, context)
	}
	return context
}

/** The records a few pages need and the demo records' ids, made and read once. */
async function demoIds(): Promise<Ids> {
	if (ids) return ids
	const id = async (found: Promise<{ id: string }>) => (await found).id
	const { db } = own
	const page = await (await contextFor('manager', DESK)).newPage()
	// A merge record: two companies made through the form, the second merged into the first.
	const created: string[] = []
	for (const name of ['巡检合并甲有限公司', '巡检合并乙有限公司']) {
		await page.goto(`${own.baseUrl}/companies/new`)
		await page.getByLabel('企业名称').fill(name)
		await page.getByRole('button', { name: '保存' }).click()
		await page.waitForURL(/\/companies\/c[a-z0-9]+$/)
		created.push(new URL(page.url()).pathname.split('/').pop()!)
	}
	await page.goto(`${own.baseUrl}/companies/${created[1]}/merge?with=${created[0]}`)
	await page.getByRole('button', { name: '确认合并' }).click()
	await page.waitForURL(/\/companies\/merges\//)
	const merge = new URL(page.url()).pathname.split('/').pop()!
	// An upload waiting on its preview page.
	await page.goto(`${own.baseUrl}/data/import`)
	await page.getByTestId('import-kind').selectOption('companies')
	await page
		.getByTestId('import-file')
		.setInputFiles({ name: '巡检企业.csv', mimeType: 'text/csv', buffer: Buffer.from('企业名称,所属行业\n巡检导入一有限公司,稀土新材料\n') })
	await page.getByTestId('import-upload').click()
	await page.waitForURL(/\/data\/import\/[^/?]+$/)
	const upload = new URL(page.url()).pathname.split('/').pop()!
	await page.close()
	// A 情景推演 (ADR 0035) whose changes turn links red: the only local alloy maker stops, outside alloy is cut.
	const alloy = await db.chainLink.findFirstOrThrow({
		where: { key: 'ndfeb_alloy', chain: { slug: 'rare-earth-ganxian' } },
		select: { id: true, chainId: true },
	})
	const yueci = await id(db.company.findFirstOrThrow({ where: { name: '江西粤磁稀土新材料科技有限公司' }, select: { id: true } }))
	const leader = await db.user.findUniqueOrThrow({ where: { username: 'leader' }, select: { id: true, regionId: true } })
	const changes = [
		{ kind: 'company', companyId: yueci, linkId: alloy.id, cutPercent: 100 },
		{ kind: 'external', linkId: alloy.id, cutPercent: 100 },
	]
	const scenario = await id(
		db.scenario.create({
			data: { chainId: alloy.chainId, name: '巡检情景', year: 2026, changes: JSON.stringify(changes), authorId: leader.id, regionId: leader.regionId },
			select: { id: true },
		}),
	)
	ids = {
		company: await id(db.company.findFirstOrThrow({ where: { name: '中国稀土集团有限公司' }, select: { id: true } })),
		otherCompany: await id(db.company.findFirstOrThrow({ where: { name: '赣州稀土矿业有限公司' }, select: { id: true } })),
		lead: await id(db.lead.findFirstOrThrow({ orderBy: { createdAt: 'asc' }, select: { id: true } })),
		project: await id(db.project.findFirstOrThrow({ orderBy: { createdAt: 'asc' }, select: { id: true } })),
		quota: await id(db.quota.findFirstOrThrow({ orderBy: { createdAt: 'asc' }, select: { id: true } })),
		user: await id(db.user.findUniqueOrThrow({ where: { username: 'zhang' }, select: { id: true } })),
		merge,
		upload,
		scenario,
	}
	return ids
}

afterAll(async () => {
	for (const context of contexts.values()) await (await context).close()
})

test('the walk below visits every page route of app/routes (a route with a default export; the others are resource routes)', () => {
	const pages = routeModuleFiles().filter((file) => fs.readFileSync(path.join(ROUTES_DIR, file), 'utf8').includes('export default function'))
	expect(pages.length).toBeGreaterThan(30)
	const missing = pages.filter((file) => !NOT_WALKED.includes(file) && !VISITS.some((visit) => routePattern(file).test(visit.path.replace(/\?.*$/, ''))))
	expect(missing).toEqual([])
})

// In Chinese at a desk and on a phone, and in English on a phone, where longer words are likeliest to overflow.
const SETTINGS = [
	{ viewport: DESK, language: 'zh-CN' },
	{ viewport: PHONE, language: 'zh-CN' },
	{ viewport: PHONE, language: 'en' },
] as const
const WALK = SETTINGS.flatMap(({ viewport, language }) => VISITS.map((visit) => ({ viewport, language, visit, as: visit.role ?? 'signed out' })))

test.each(WALK)(
	'$visit.path at $viewport.width px in $language ($as): no serious or critical axe violation, no sideways scroll, a title of its own',
	async ({ viewport, language, visit }) => {
		const known = await demoIds()
		const path = visit.path.replace(/:(\w+)/g, (_, name: keyof Ids) => known[name])
		const page = await (await contextFor(visit.role, viewport, language)).newPage()
		const problems = watchForErrors(page)
		const response = await page.goto(`${own.baseUrl}${path}`)
		expect(response?.status()).toBe(visit.status ?? 200)
		expect(new URL(page.url()).pathname, 'not redirected').toBe(path.split('?')[0])
		// Polled: what the page sets once hydrated (focusable scroll boxes, the board's cues) settles first.
		await expect.poll(() => seriousViolations(page), { message: 'axe violations' }).toEqual([])
		await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth), { message: 'page width' }).toBeLessThanOrEqual(viewport.width)
		// Each page names itself in the tab and for screen readers, not only the app.
		expect(await page.title()).not.toMatch(/^(链招|ChainLead|链招 ChainLead)?$/)
		const name = `${visit.role ?? 'anon'}${visit.path.replace(/[/?=&:]+/g, '-')}`.slice(0, 80)
		await page.screenshot({ path: `test-results/pages/${viewport.width}${language === 'en' ? '-en' : ''}-${name}.png` })
		// axe-core leaves SVG text (chart labels, map nodes) unchecked: its contrast is checked here.
		expect(await svgTextContrastProblems(page), 'SVG text contrast').toEqual([])
		expect(problems).toEqual([])
		await page.close()
	},
)

test('on a phone the header folds behind a menu button, so the page starts near the top; the menu opens the nav and closes on navigating', async () => {
	const context = await own.browser.newContext({ locale: 'zh-CN', viewport: PHONE, hasTouch: true })
	const page = await context.newPage()
	const problems = watchForErrors(page)
	await signIn(page, own.baseUrl, 'staff')
	await page.goto(`${own.baseUrl}/companies`)
	const nav = page.getByRole('navigation', { name: '主导航' })
	const menu = page.getByRole('button', { name: '菜单' })
	expect(await nav.isVisible()).toBe(false)
	expect(await page.getByRole('button', { name: '退出登录' }).isVisible()).toBe(false)
	expect((await page.locator('h1').boundingBox())!.y).toBeLessThan(100)
	expect(await menu.getAttribute('aria-expanded')).toBe('false')
	expect(await page.title()).toBe('企业库 · 链招')

	await menu.tap()
	await expect.poll(() => nav.isVisible()).toBe(true)
	expect(await menu.getAttribute('aria-expanded')).toBe('true')
	expect(await page.getByRole('button', { name: '退出登录' }).isVisible()).toBe(true)
	// Every nav link is a thumb-sized target.
	for (const box of await nav.getByRole('link').evaluateAll((links) => links.map((l) => l.getBoundingClientRect().height)))
		expect(box).toBeGreaterThanOrEqual(44)
	await nav.getByRole('link', { name: '招商线索', exact: true }).tap()
	await page.waitForURL(`${own.baseUrl}/leads`)
	await expect.poll(() => page.title()).toBe('招商线索 · 链招')
	await expect.poll(() => nav.isVisible()).toBe(false)
	expect(await menu.getAttribute('aria-expanded')).toBe('false')

	// At a desk there is no menu button: the nav is always there.
	await page.setViewportSize(DESK)
	expect(await menu.isVisible()).toBe(false)
	expect(await nav.isVisible()).toBe(true)
	expect(problems).toEqual([])
	await context.close()
})

test('on a phone lists are cards: each row shows its fields under their column names, no column a character wide', async () => {
	const context = await own.browser.newContext({ locale: 'zh-CN', viewport: PHONE, hasTouch: true })
	const page = await context.newPage()
	const problems = watchForErrors(page)
	await signIn(page, own.baseUrl, 'manager')
	for (const path of ['/companies', '/projects', '/leads', CHAIN]) {
		await page.goto(`${own.baseUrl}${path}`)
		const row = page.locator('main table.stack-table tbody tr').first()
		const cells = await row
			.locator('td')
			.evaluateAll((tds) =>
				tds
					.filter((td) => td.getBoundingClientRect().height > 0)
					.map((td) => ({ width: td.getBoundingClientRect().width, label: getComputedStyle(td, '::before').content })),
			)
		// The row is one card as wide as the screen allows; its cells are full rows of it, labelled but the first.
		expect((await row.boundingBox())!.width, path).toBeGreaterThan(340)
		for (const cell of cells) expect(cell.width, path).toBeGreaterThan(300)
		expect(
			cells.slice(1).every((cell) => cell.label !== 'none' && cell.label.length > 2),
			path,
		).toBe(true)
	}
	// On the chain page (the last one): a link's supply under its column's name.
	const supply = page.getByTestId('gap-table').locator('tbody tr', { hasText: '离子型稀土矿' }).locator('td').nth(2)
	expect(await supply.evaluate((td) => getComputedStyle(td, '::before').content)).toBe('"本地供给"')
	expect(await supply.innerText()).toBe('3,000 t REO')
	expect(problems).toEqual([])
	await context.close()
})

test('on a phone the list filters fold behind 筛选 with how many are set, so the list starts on the first screen; a tap opens them; at a desk they are open', async () => {
	const context = await own.browser.newContext({ locale: 'zh-CN', viewport: PHONE, hasTouch: true })
	const page = await context.newPage()
	const problems = watchForErrors(page)
	await signIn(page, own.baseUrl, 'manager')
	// Each list with two filters set: the folded summary says so.
	const LISTS = [
		{ path: '/companies?local=1&revenue=unknown', field: '搜索', list: 'main table.stack-table tbody tr' },
		{ path: '/leads?stage=new&overdue=1', field: '企业名称', list: 'main table.stack-table tbody tr' },
		{ path: '/projects?stage=signed&type=new', field: '项目名称或企业', list: 'main table tbody tr' },
		{ path: '/audit?entity=User&from=2020-01-01', field: '起始日期', list: 'main table.audit-table tbody tr' },
	]
	for (const { path, field, list } of LISTS) {
		await page.goto(`${own.baseUrl}${path}`)
		const disclosure = page.getByTestId('filter-disclosure')
		await expect.poll(() => disclosure.evaluate((details) => (details as HTMLDetailsElement).open), { message: path }).toBe(false)
		const summary = disclosure.locator('summary')
		expect(await summary.innerText(), path).toMatch(/^筛选\s*2 项生效$/)
		expect((await summary.boundingBox())!.height, path).toBeGreaterThanOrEqual(44)
		expect(await disclosure.getByLabel(field, { exact: true }).isVisible(), path).toBe(false)
		// The first record is on the first screen, not under the filters.
		const first = (await page.locator(list).first().boundingBox())!
		expect(first.y, path).toBeLessThan(PHONE.height - 100)
		await summary.tap()
		await expect.poll(() => disclosure.getByLabel(field, { exact: true }).isVisible(), { message: path }).toBe(true)
		expect(await disclosure.evaluate((details) => (details as HTMLDetailsElement).open)).toBe(true)
		expect(await page.evaluate(() => document.documentElement.scrollWidth), path).toBeLessThanOrEqual(PHONE.width)
	}
	await page.goto(`${own.baseUrl}/companies`)
	await expect.poll(() => page.getByTestId('filter-disclosure').evaluate((details) => (details as HTMLDetailsElement).open)).toBe(false)
	expect(await page.getByTestId('filter-disclosure').locator('summary').innerText()).toMatch(/^筛选\s*未筛选$/)
	await page.screenshot({ path: 'test-results/pages/390-filters-folded.png' })

	// At a desk the filters are open from the start, and still say how many are set.
	await page.setViewportSize(DESK)
	await page.goto(`${own.baseUrl}/leads?stage=new&overdue=1`)
	const disclosure = page.getByTestId('filter-disclosure')
	expect(await disclosure.evaluate((details) => (details as HTMLDetailsElement).open)).toBe(true)
	expect(await disclosure.getByLabel('企业名称', { exact: true }).isVisible()).toBe(true)
	expect(await page.getByTestId('filter-count').innerText()).toBe('2 项生效')
	expect(problems).toEqual([])
	await context.close()
})

test('the chain map by keyboard: Tab reaches the links, Enter opens one in the panel and takes focus there, Escape closes it and focus returns', async () => {
	const context = await own.browser.newContext({ locale: 'zh-CN', viewport: DESK })
	const page = await context.newPage()
	const problems = watchForErrors(page)
	await signIn(page, own.baseUrl, 'staff')
	await page.goto(`${own.baseUrl}${CHAIN}`)
	const focusedKey = () => page.evaluate(() => document.activeElement?.getAttribute('data-link-key') ?? null)
	let presses = 0
	while ((await focusedKey()) === null && presses++ < 60) await page.keyboard.press('Tab')
	const first = await focusedKey()
	expect(first).not.toBeNull()
	const name = await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))
	expect(name).toMatch(/（(急需补链|短板或外流|延链空白|有风险|健全|本地无相关产业)）$/)

	await page.keyboard.press('Enter')
	const panel = page.getByTestId('link-panel')
	await expect.poll(() => panel.isVisible()).toBe(true)
	expect(new URL(page.url()).searchParams.get('link')).toBe(first)
	await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('link-panel-title')
	expect(name).toContain(await panel.locator('h2').innerText())
	await page.keyboard.press('Escape')
	await expect.poll(() => panel.count()).toBe(0)
	expect(await focusedKey()).toBe(first)

	// The next link by Tab, opened with Space.
	await page.keyboard.press('Tab')
	const second = await focusedKey()
	expect(second).not.toBeNull()
	expect(second).not.toBe(first)
	await page.keyboard.press(' ')
	await expect.poll(() => new URL(page.url()).searchParams.get('link')).toBe(second)
	await expect.poll(() => panel.isVisible()).toBe(true)
	expect(problems).toEqual([])
	await context.close()
})

/** A view's transform attribute as numbers: translate(x,y) scale(k). */
function viewOf(transform: string | null) {
	const [x, y, k] = (transform?.match(/^translate\(([-\d.e]+),([-\d.e]+)\) scale\(([-\d.e]+)\)$/) ?? []).slice(1).map(Number)
	return { x: x!, y: y!, k: k! }
}

test('the chain map by touch on a phone: one finger drags the map (not the page), two fingers pinch it, a tap on a link opens its panel on the screen', async () => {
	const context = await own.browser.newContext({ locale: 'zh-CN', viewport: PHONE, hasTouch: true })
	const page = await context.newPage()
	const problems = watchForErrors(page)
	await signIn(page, own.baseUrl, 'staff')
	await page.goto(`${own.baseUrl}${CHAIN}`)
	await expect.poll(() => page.getByText('点环节看详情；单指滑动，双指缩放').isVisible()).toBe(true)
	const svg = page.getByTestId('chain-map')
	const view = page.getByTestId('map-view')
	// Hydrated, the map is a window at reading size: its viewBox is its size on the screen.
	await svg.scrollIntoViewIfNeeded()
	const box = (await svg.boundingBox())!
	await expect.poll(() => svg.getAttribute('viewBox')).toBe(`0 0 ${Math.round(box.width)} ${Math.round(box.height)}`)
	const start = viewOf(await view.getAttribute('transform'))
	expect(start.k).toBe(1)
	const scrolled = await page.evaluate(() => window.scrollY)

	// Touches as the screen sends them (pointer events of type touch): one finger right to left and up a little.
	const cdp = await context.newCDPSession(page)
	const touch = (type: 'touchStart' | 'touchMove' | 'touchEnd', points: [number, number][]) =>
		cdp.send('Input.dispatchTouchEvent', { type, touchPoints: points.map(([x, y], id) => ({ x, y, id })) })
	/** One finger from `from`, moved by `by` in ten steps, held still a moment before it lifts (a flick's fling would swallow the next tap). */
	const drag = async (from: { x: number; y: number }, by: { x: number; y: number }) => {
		await touch('touchStart', [[from.x, from.y]])
		for (let step = 1; step <= 10; step++) await touch('touchMove', [[from.x + (by.x * step) / 10, from.y + (by.y * step) / 10]])
		for (let hold = 0; hold < 3; hold++) {
			await page.waitForTimeout(60)
			await touch('touchMove', [[from.x + by.x, from.y + by.y]])
		}
		await touch('touchEnd', [])
	}
	const at = { x: box.x + box.width * 0.8, y: box.y + box.height / 2 }
	await drag(at, { x: -250, y: -30 })
	await expect.poll(async () => viewOf(await view.getAttribute('transform')).x).toBeLessThan(start.x - 200)
	const dragged = viewOf(await view.getAttribute('transform'))
	expect(dragged.y).toBeLessThan(start.y - 20)
	expect(dragged.k).toBe(1)
	// The map moved, not the page, and the drag opened nothing.
	expect(await page.evaluate(() => window.scrollY)).toBe(scrolled)
	expect(await page.getByTestId('link-panel').count()).toBe(0)

	// Two fingers spread apart: the map grows about them; 复位 brings the start back.
	await touch('touchStart', [
		[at.x - 80, at.y],
		[at.x - 40, at.y],
	])
	for (let step = 1; step <= 5; step++)
		await touch('touchMove', [
			[at.x - 80 - 8 * step, at.y],
			[at.x - 40 + 8 * step, at.y],
		])
	await touch('touchEnd', [])
	await expect.poll(async () => viewOf(await view.getAttribute('transform')).k).toBeGreaterThan(1.5)
	await page.getByRole('button', { name: '复位' }).tap()
	await expect.poll(async () => viewOf(await view.getAttribute('transform'))).toEqual(start)

	// 钕铁硼合金/毛坯 lies off the window to the right: drag it into view, then tap it.
	const alloy = page.locator('[data-link-key="ndfeb_alloy"]')
	const node = (await alloy.boundingBox())!
	expect(node.x).toBeGreaterThan(box.x + box.width)
	const from = { x: box.x + box.width / 2, y: box.y + box.height / 2 }
	await drag(from, { x: from.x - (node.x + node.width / 2), y: from.y - (node.y + node.height / 2) })
	await expect.poll(async () => (await alloy.boundingBox())!.x).toBeGreaterThan(box.x)
	await alloy.tap()
	const panel = page.getByTestId('link-panel')
	await expect.poll(() => panel.locator('h2').innerText()).toBe('钕铁硼合金/毛坯')
	const drawer = (await panel.boundingBox())!
	expect(drawer.x).toBeGreaterThanOrEqual(0)
	expect(drawer.x + drawer.width).toBeLessThanOrEqual(PHONE.width)
	expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width)
	expect(await panel.getByTestId('link-flags').innerText()).toContain('短板')
	await page.screenshot({ path: 'test-results/pages/390-chain-panel-by-touch.png' })
	await panel.getByRole('button', { name: '关闭' }).tap()
	await expect.poll(() => panel.count()).toBe(0)
	expect(problems).toEqual([])
	await context.close()
})

test('the chain map by keyboard on a phone: a link reached by Tab outside the window is brought into view', async () => {
	const context = await own.browser.newContext({ locale: 'zh-CN', viewport: PHONE })
	const page = await context.newPage()
	const problems = watchForErrors(page)
	await signIn(page, own.baseUrl, 'staff')
	await page.goto(`${own.baseUrl}${CHAIN}`)
	const svg = page.getByTestId('chain-map')
	await expect.poll(async () => (await svg.getAttribute('viewBox'))?.startsWith(`0 0 ${Math.round((await svg.boundingBox())!.width)} `)).toBe(true)
	const focusedKey = () => page.evaluate(() => document.activeElement?.getAttribute('data-link-key') ?? null)
	for (let presses = 0; (await focusedKey()) !== 'motor_nev' && presses < 80; presses++) await page.keyboard.press('Tab')
	expect(await focusedKey()).toBe('motor_nev')
	const frame = (await svg.boundingBox())!
	await expect
		.poll(async () => {
			const node = (await page.locator('[data-link-key="motor_nev"]').boundingBox())!
			return node.x >= frame.x && node.x + node.width <= frame.x + frame.width && node.y >= frame.y && node.y + node.height <= frame.y + frame.height
		})
		.toBe(true)
	expect(problems).toEqual([])
	await context.close()
})

test('the chain map with a mouse at a desk: a drag pans it, the wheel zooms at the pointer, a click still opens a link', async () => {
	const context = await own.browser.newContext({ locale: 'zh-CN', viewport: DESK })
	const page = await context.newPage()
	const problems = watchForErrors(page)
	await signIn(page, own.baseUrl, 'staff')
	await page.goto(`${own.baseUrl}${CHAIN}`)
	const svg = page.getByTestId('chain-map')
	const view = page.getByTestId('map-view')
	await svg.scrollIntoViewIfNeeded()
	const box = (await svg.boundingBox())!
	const start = viewOf(await view.getAttribute('transform'))
	await page.mouse.move(box.x + 20, box.y + 20)
	await page.mouse.down()
	await page.mouse.move(box.x + 120, box.y + 60, { steps: 5 })
	await page.mouse.up()
	await expect.poll(async () => viewOf(await view.getAttribute('transform')).x).toBeGreaterThan(start.x + 50)
	expect(await page.getByTestId('link-panel').count()).toBe(0)
	const panned = viewOf(await view.getAttribute('transform'))
	await page.mouse.wheel(0, -300)
	await expect.poll(async () => viewOf(await view.getAttribute('transform')).k).toBeGreaterThan(panned.k)
	await page.getByRole('button', { name: '复位' }).click()
	await expect.poll(async () => viewOf(await view.getAttribute('transform'))).toEqual(start)
	await page.locator('[data-link-key="motor_fluid"]').click()
	await expect.poll(() => page.getByTestId('link-panel').locator('h2').innerText()).toBe('流体电机')
	expect(problems).toEqual([])
	await context.close()
})

test('the lead board by keyboard: the board scrolls with the arrow keys, and a card moves with its select and button', async () => {
	const context = await own.browser.newContext({ locale: 'zh-CN', viewport: PHONE })
	const page = await context.newPage()
	const problems = watchForErrors(page)
	await signIn(page, own.baseUrl, 'manager')
	await page.goto(`${own.baseUrl}/leads?view=board`)
	const board = page.getByTestId('lead-board')
	await board.focus()
	for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowRight')
	await expect.poll(() => board.evaluate((element) => element.scrollLeft)).toBeGreaterThan(0)

	const company = '（示例）北方风电装备有限公司'
	await page.getByTestId('lead-board').getByRole('link', { name: company }).focus()
	await page.keyboard.press('Tab')
	expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe(`将“${company}”移到`)
	await page.keyboard.press('ArrowDown')
	await page.keyboard.press('Tab')
	expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('移动')
	await page.keyboard.press('Enter')
	await expect.poll(() => page.locator('[data-stage="contacted"]').innerText()).toContain(company)
	expect(await page.locator('[data-stage="new"]').innerText()).not.toContain(company)
	expect(problems).toEqual([])
	await context.close()
})

test('a follow-up is logged on a phone from the keyboard alone: kind by arrow keys, fields by Tab, saved by Enter', async () => {
	const context = await own.browser.newContext({ locale: 'zh-CN', viewport: PHONE, hasTouch: true })
	const page = await context.newPage()
	const problems = watchForErrors(page)
	await signIn(page, own.baseUrl, 'staff')
	await page.goto(`${own.baseUrl}/leads`)
	await page.getByRole('link', { name: '（示例）华东伺服电机有限公司' }).click()
	await page.waitForURL(/\/leads\/[^/]+$/)
	const form = page.getByTestId('log-activity')
	await form.getByLabel('拜访').focus()
	await page.keyboard.press('ArrowRight')
	expect(await form.getByLabel('会谈').isChecked()).toBe(true)
	const focusedName = () => page.evaluate(() => document.activeElement?.getAttribute('name'))
	for (let presses = 0; (await focusedName()) !== 'people' && presses < 10; presses++) await page.keyboard.press('Tab')
	await page.keyboard.type('王总')
	await page.keyboard.press('Tab')
	expect(await focusedName()).toBe('notes')
	await page.keyboard.type('在园区会谈，对方有意扩产')
	await page.keyboard.press('Tab')
	expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('保存')
	// The fields and the button fit the phone's width: one thumb, no sideways scroll.
	expect((await form.getByRole('button', { name: '保存' }).boundingBox())!.height).toBeGreaterThanOrEqual(44)
	expect((await form.locator('textarea').boundingBox())!.width).toBeGreaterThan(340)
	await page.keyboard.press('Enter')
	await expect.poll(() => form.getByRole('status').innerText()).toContain('已记录跟进')
	await expect.poll(() => page.getByTestId('activities').innerText()).toContain('在园区会谈，对方有意扩产')
	expect(problems).toEqual([])
	await context.close()
})
