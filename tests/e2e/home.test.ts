import { type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, expect, inject, test } from 'vitest'
import { launchBrowser, signIn, watchForErrors } from './browser'

const baseUrl = inject('baseUrl')
let browser: Browser

beforeAll(async () => {
	browser = await launchBrowser()
})
afterAll(async () => {
	await browser?.close()
})

const VIEWPORTS = [
	{ width: 1440, height: 900 },
	{ width: 390, height: 844 },
]

/** The figure on a stat card, then where its link lands and the count that list shows. */
async function followCard(page: Page, testId: string, listCount: string) {
	const value = Number(await page.getByTestId(`${testId}-value`).innerText())
	await page.getByTestId(testId).click()
	await page.waitForURL((url) => url.pathname !== '/')
	await page.getByTestId(listCount).waitFor()
	const shown = Number((await page.getByTestId(listCount).innerText()).replace(/[^\d]/g, ''))
	return { value, shown, url: new URL(page.url()) }
}

for (const viewport of VIEWPORTS) {
	test(`工作台 of a leader at ${viewport.width}: the team’s overdue leads, the quotas behind pace and the month’s signings open lists with the same counts`, async () => {
		const context = await browser.newContext({ locale: 'zh-CN', viewport })
		const page = await context.newPage()
		const problems = watchForErrors(page)
		await signIn(page, baseUrl, 'manager')
		expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width)

		const overdue = await followCard(page, 'team-overdue', 'lead-count')
		expect(overdue.url.pathname).toBe('/leads')
		expect(overdue.url.searchParams.get('overdue')).toBe('1')
		expect(overdue.url.searchParams.has('owner')).toBe(false)
		expect(overdue.shown).toBe(overdue.value)
		expect(overdue.value).toBeGreaterThan(0)

		await page.goto(`${baseUrl}/`)
		const behindValue = Number(await page.getByTestId('quota-behind-value').innerText())
		await page.getByTestId('quota-behind').click()
		await page.waitForURL(/\/quotas\?.*status=behind/)
		// The client navigates: the URL changes before the new page has rendered.
		await expect.poll(() => page.getByTestId('status-count-behind').getAttribute('aria-current')).toBe('true')
		expect(await page.getByTestId('overview-row').count()).toBe(behindValue)
		expect(Number(await page.getByTestId('status-count-behind').locator('strong').innerText())).toBe(behindValue)

		await page.goto(`${baseUrl}/`)
		const signings = await followCard(page, 'month-signings', 'project-count')
		expect(signings.url.pathname).toBe('/projects')
		expect(signings.url.searchParams.get('month')).not.toBeNull()
		expect(signings.shown).toBe(signings.value)

		// A bar of the chart opens that month's projects.
		await page.goto(`${baseUrl}/`)
		const bar = page.locator('.signings-chart a').first()
		const label = (await bar.getAttribute('aria-label')) ?? ''
		await bar.click()
		await page.waitForURL(/\/projects\?.*month=1(&|$)/)
		expect(Number((await page.getByTestId('project-count').innerText()).replace(/[^\d]/g, ''))).toBe(Number(label.match(/(\d+) 个/)![1]))
		expect(problems).toEqual([])
		await context.close()
	})

	test(`工作台 of a staff member at ${viewport.width}: their own overdue leads, follow-ups and activity, each figure the count of its list`, async () => {
		const context = await browser.newContext({ locale: 'zh-CN', viewport })
		const page = await context.newPage()
		const problems = watchForErrors(page)
		await signIn(page, baseUrl, 'staff')
		// The staff home has rendered once its own cards are there; only then does an absent team card mean something.
		await page.getByTestId('my-overdue').waitFor()
		expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width)
		expect(await page.getByTestId('team-overdue').count()).toBe(0)
		await expect.poll(() => page.getByTestId('my-activity').locator('li').count()).toBeGreaterThan(0)

		for (const card of ['my-overdue', 'my-due', 'my-stalled']) {
			await page.goto(`${baseUrl}/`)
			const figure = await followCard(page, card, 'lead-count')
			expect(figure.url.searchParams.get('owner'), card).toBe('me')
			expect(figure.shown, card).toBe(figure.value)
		}
		expect(problems).toEqual([])
		await context.close()
	})
}
