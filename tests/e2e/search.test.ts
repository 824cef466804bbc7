import fs from 'node:fs'
import { createRequire } from 'node:module'
import type * as Axe from 'axe-core'
import { type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, expect, inject, test } from 'vitest'
import { launchBrowser, signIn, watchForErrors } from './browser'

// The header's search (#13 §7): typed in the header, results grouped by kind with counts, one
// opened, `/` to focus the box, all by keyboard; at a desk and on a phone (where the box sits in
// the folded menu), in Chinese and English.
const baseUrl = inject('baseUrl')
const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')
let browser: Browser

beforeAll(async () => {
	browser = await launchBrowser()
})
afterAll(async () => {
	await browser?.close()
})

async function seriousViolations(page: Page) {
	if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource)
	return page.evaluate(async () => {
		const axe = (window as unknown as { axe: typeof Axe }).axe
		const { violations } = await axe.run(document, { resultTypes: ['violations'] })
		return violations
			.filter((v) => v.impact === 'serious' || v.impact === 'critical')
			.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`)
	})
}

/** The number in a group's heading, e.g. 企业（10） → 10. */
async function groupCount(page: Page, kind: string) {
	return Number((await page.getByTestId(`search-group-${kind}`).locator('h2').innerText()).replace(/[^\d]/g, ''))
}

const SETTINGS = [
	{ viewport: { width: 1440, height: 900 }, language: 'zh-CN', menu: '菜单', label: '全站搜索', companies: '企业', listCount: 'company-count' },
	{ viewport: { width: 390, height: 844 }, language: 'zh-CN', menu: '菜单', label: '全站搜索', companies: '企业', listCount: 'company-count' },
	{ viewport: { width: 1440, height: 900 }, language: 'en', menu: 'Menu', label: 'Search everything', companies: 'Companies', listCount: 'company-count' },
	{ viewport: { width: 390, height: 844 }, language: 'en', menu: 'Menu', label: 'Search everything', companies: 'Companies', listCount: 'company-count' },
] as const

for (const setting of SETTINGS) {
	const { viewport, language } = setting
	test(`at ${viewport.width} px in ${language}: type in the header, see results grouped with counts, open one; "see all" shows the list's count; / focuses the box`, async () => {
		const phone = viewport.width < 500
		const context = await browser.newContext({ locale: language, viewport, hasTouch: phone })
		const page = await context.newPage()
		const problems = watchForErrors(page)
		if (language === 'en') {
			await page.goto(`${baseUrl}/login`)
			await page.getByTestId('switch-language').click()
			await page.getByRole('button', { name: 'Sign in' }).waitFor()
		}
		await signIn(page, baseUrl, 'staff')
		await page.goto(`${baseUrl}/leads`)
		const box = page.getByRole('search', { name: setting.label }).getByRole('searchbox', { name: setting.label })
		if (phone) {
			// Folded behind the menu button on a phone, as the nav is.
			expect(await box.isVisible()).toBe(false)
			await page.getByRole('button', { name: setting.menu }).tap()
		}
		await box.fill('稀土')
		await box.press('Enter')
		await page.waitForURL(`${baseUrl}/search?q=%E7%A8%80%E5%9C%9F`)
		await page.getByTestId('search-summary').waitFor()
		// Four groups, each with its count; the companies' count is the companies list's for the same words.
		for (const kind of ['companies', 'leads', 'projects', 'quotas']) expect(await page.getByTestId(`search-group-${kind}`).isVisible()).toBe(true)
		const companies = await groupCount(page, 'companies')
		expect(companies).toBeGreaterThan(1)
		expect(await groupCount(page, 'quotas')).toBeGreaterThan(0)
		const group = page.getByRole('region', { name: new RegExp(`^${setting.companies}`) })
		expect(await group.getByRole('listitem').count()).toBe(Math.min(companies, 5))
		await expect.poll(() => seriousViolations(page)).toEqual([])
		expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width)
		fs.mkdirSync('test-results/search', { recursive: true })
		await page.screenshot({ path: `test-results/search/${viewport.width}-${language}.png`, fullPage: true })

		// "See all" opens the filtered list with the same count.
		await group
			.getByRole('link', { name: new RegExp(String(companies)) })
			.last()
			.click()
		await page.waitForURL((url) => url.pathname === '/companies' && url.searchParams.get('q') === '稀土')
		expect(Number((await page.getByTestId(setting.listCount).innerText()).replace(/[^\d]/g, ''))).toBe(companies)
		await page.goBack()
		await page.getByTestId('search-summary').waitFor()

		// By keyboard: `/` from the page focuses the header's box (opening the menu on a phone);
		// Tab reaches the results, Enter opens one.
		await page.locator('h1').click()
		await page.keyboard.press('/')
		await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('header-search')
		expect(await page.evaluate(() => (document.activeElement as HTMLInputElement).value)).toBe('稀土')
		// A `/` typed in a field is text, not the shortcut.
		await page.keyboard.type('/x')
		expect(await page.evaluate(() => (document.activeElement as HTMLInputElement).value)).toBe('稀土/x')
		const firstResult = group.getByRole('link').first()
		const name = await firstResult.innerText()
		for (let presses = 0; presses < 40 && (await page.evaluate(() => document.activeElement?.textContent ?? '')) !== name; presses++)
			await page.keyboard.press('Tab')
		expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(name)
		await page.keyboard.press('Enter')
		await page.waitForURL(/\/companies\/[^/?]+$/)
		// The URL changes before the page renders: wait for the company's own heading.
		await expect.poll(() => page.locator('h1').innerText()).toContain(name)
		expect(problems).toEqual([])
		await context.close()
	})
}

test('a query over 100 characters is refused with a message and kept in the box; control characters are dropped', async () => {
	const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } })
	const page = await context.newPage()
	await signIn(page, baseUrl, 'manager')
	const long = '稀'.repeat(101)
	await page.goto(`${baseUrl}/search?q=${encodeURIComponent(long)}`)
	expect(await page.getByRole('alert').innerText()).toBe('搜索词最多 100 个字，请缩短后再搜索。')
	expect(await page.locator('main').getByRole('searchbox').inputValue()).toBe(long)
	expect(await page.getByTestId('search-summary').count()).toBe(0)
	await page.goto(`${baseUrl}/search?q=${encodeURIComponent('恒源\u0000')}`)
	expect(await page.locator('main').getByRole('searchbox').inputValue()).toBe('恒源')
	expect(await page.getByTestId('search-summary').innerText()).toMatch(/“恒源”/)
	await context.close()
})
