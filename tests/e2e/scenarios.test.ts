import { type Page } from 'playwright-core'
import { expect, test } from 'vitest'
import { demoUser } from '../helpers/demo-users'
import { seriousViolations, watchForErrors } from './browser'
import { ownServerWithBrowser } from './own-server'

// 情景推演 (#14 §1, ADR 0035) on real pages: from the chain page, a promotion officer builds and saves a
// scenario in which the only local 钕铁硼合金 maker stops and outside alloy is cut, and sees the links
// downstream turn red in the table and on the map. A server of its own: the scenarios are written to it.
const own = ownServerWithBrowser()
const CHAIN = 'rare-earth-ganxian'
const COMPANY = '江西粤磁稀土新材料科技有限公司'

async function openAs(locale: 'zh-CN' | 'en', viewport: { width: number; height: number }) {
	const context = await own.browser.newContext({ locale, viewport, hasTouch: viewport.width < 500 })
	const page = await context.newPage()
	const problems = watchForErrors(page)
	await page.goto(`${own.baseUrl}/login`)
	if ((await page.locator('html').getAttribute('lang')) !== locale) {
		await page.getByTestId('switch-language').click()
		await expect.poll(() => page.locator('html').getAttribute('lang')).toBe(locale)
	}
	const { username, password } = demoUser('staff')
	await page.getByLabel(/用户名|Username/).fill(username)
	await page.getByLabel(/密码|Password/).fill(password)
	await page.getByRole('button', { name: /^(登录|Sign in)$/ }).click()
	await page.waitForURL((url) => !url.pathname.startsWith('/login'))
	return { context, page, problems }
}

const pageWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth)
const rowOf = (page: Page, key: string) => page.locator(`[data-testid="scenario-table"] tr[data-link-key="${key}"]`)

test.each([
	{ locale: 'zh-CN' as const, viewport: { width: 1440, height: 900 }, name: '粤磁停产且合金外购中断' },
	{ locale: 'en' as const, viewport: { width: 390, height: 844 }, name: 'Yueci stops, outside alloy cut' },
])(
	'in $locale at $viewport.width px: a scenario that removes a company turns the links downstream red, saved and shown on the map',
	async ({ locale, viewport, name }) => {
		const zh = locale === 'zh-CN'
		const links = await own.db.chainLink.findMany({ where: { chain: { slug: CHAIN } }, select: { id: true, key: true } })
		const idOf = (key: string) => links.find((l) => l.key === key)!.id
		const company = await own.db.company.findFirstOrThrow({ where: { name: COMPANY }, select: { id: true } })
		const { context, page, problems } = await openAs(locale, viewport)

		// From the chain page to its scenarios, and a new one.
		await page.goto(`${own.baseUrl}/chains/${CHAIN}`)
		await page.getByTestId('open-scenarios').click()
		await page.waitForURL((url) => url.pathname === `/chains/${CHAIN}/scenarios`)
		await page.getByLabel(zh ? '名称' : 'Name').fill(name)
		await page.getByRole('button', { name: zh ? '新建' : 'Create' }).click()
		await page.waitForURL((url) => /\/scenarios\/[^/]+$/.test(url.pathname))
		const scenarioUrl = page.url()
		await expect.poll(() => page.locator('h1').innerText()).toBe(name)
		// No change yet: the magnets are not urgent today.
		expect(await rowOf(page, 'ndfeb_magnet').getAttribute('data-after')).not.toBe('critical')

		// The company stops at the alloy link…
		const companyForm = page.getByTestId('add-company')
		await companyForm.locator('select[name="companyLink"]').selectOption(`${company.id}|${idOf('ndfeb_alloy')}`)
		await companyForm.locator('input[name="cutPercent"]').fill('100')
		await companyForm.getByRole('button', { name: zh ? '加入' : 'Add' }).click()
		await expect.poll(() => page.getByTestId('scenario-changes').locator('li').count()).toBe(1)
		// …its magnets lose the alloy it made locally (amber: outside alloy still comes)…
		await expect.poll(() => page.getByTestId('lost-input').innerText()).toContain(zh ? '钕铁硼磁材（成品）' : 'Finished NdFeB magnets')
		// …and outside alloy is cut too.
		const external = page.getByTestId('add-external')
		await external.locator('select[name="linkId"]').selectOption(idOf('ndfeb_alloy'))
		await external.getByRole('button', { name: zh ? '加入' : 'Add' }).click()
		await expect.poll(() => page.getByTestId('scenario-changes').locator('li').count()).toBe(2)

		// Downstream links turn red: the magnets and the motors they feed.
		for (const key of ['ndfeb_magnet', 'motor_nev', 'motor_wind']) {
			await expect.poll(() => rowOf(page, key).getAttribute('data-after'), { message: key }).toBe('critical')
			expect(await rowOf(page, key).getAttribute('data-turned'), key).toBe('red')
			expect(await rowOf(page, key).locator('.badge.flag-red').first().innerText()).toBe(zh ? '变红' : 'Turns red')
		}
		expect(await page.getByTestId('turned-red').innerText()).toContain(zh ? '新能源汽车驱动电机' : 'NEV traction motors')

		// The map shows the chain after the changes, and today's on request.
		const magnetNode = page.getByTestId('chain-map').locator('[data-link-key="ndfeb_magnet"]')
		expect(await magnetNode.getAttribute('data-level')).toBe('critical')
		expect(await magnetNode.getAttribute('aria-label')).toContain(zh ? '断供' : 'Input lost')
		await page.getByTestId('map-before').click()
		await expect.poll(() => magnetNode.getAttribute('data-level')).not.toBe('critical')
		await page.getByTestId('map-after').click()
		await expect.poll(() => magnetNode.getAttribute('data-level')).toBe('critical')

		if (viewport.width < 500) expect(await pageWidth(page)).toBeLessThanOrEqual(viewport.width)
		await expect.poll(() => seriousViolations(page), { message: 'axe violations' }).toEqual([])
		await page.screenshot({ path: `test-results/scenario-${locale}-${viewport.width}.png`, fullPage: true })

		// Saved: the list shows it, and it opens again with both changes.
		await page.goto(`${own.baseUrl}/chains/${CHAIN}/scenarios`)
		await page.getByTestId('scenario-list').getByRole('link', { name }).click()
		await page.waitForURL(scenarioUrl)
		await expect.poll(() => page.getByTestId('scenario-changes').locator('li').count()).toBe(2)
		const stored = await own.db.scenario.findFirstOrThrow({ where: { name }, select: { changes: true, author: { select: { username: true } } } })
		expect(stored.author.username).toBe(demoUser('staff').username)
		expect(JSON.parse(stored.changes)).toEqual([
			{ kind: 'company', companyId: company.id, linkId: idOf('ndfeb_alloy'), cutPercent: 100 },
			{ kind: 'external', linkId: idOf('ndfeb_alloy'), cutPercent: 100 },
		])
		expect(problems).toEqual([])
		await context.close()
	},
)
