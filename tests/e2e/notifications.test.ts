import { type Browser } from 'playwright-core'
import { afterAll, beforeAll, expect, inject, test } from 'vitest'
import { launchBrowser, seriousViolations, signIn, watchForErrors } from './browser'

const baseUrl = inject('baseUrl')
let browser: Browser

beforeAll(async () => {
	browser = await launchBrowser()
})
afterAll(async () => {
	await browser?.close()
})

const unreadCount = async (text: string) => Number(/(\d+)/.exec(text.split('，').at(-1) ?? text.split(',').at(-1) ?? '')?.[1] ?? NaN)

for (const viewport of [
	{ width: 1440, height: 900 },
	{ width: 390, height: 844 },
]) {
	test(`at ${viewport.width}: a staff member opens the bell, sees an overdue lead's notification and marks it read`, async () => {
		const context = await browser.newContext({ locale: 'zh-CN', viewport })
		const page = await context.newPage()
		const problems = watchForErrors(page)
		await signIn(page, baseUrl, 'staff')
		// The seeded staff member has overdue leads (the demo is dated relative to the seed day).
		if (viewport.width < 640) {
			// On a phone the bell folds into the menu; the menu button shows the count.
			await expect.poll(() => page.locator('.menu-count').count()).toBe(1)
			await page.getByTestId('menu-button').click()
		}
		const bell = page.getByTestId('notification-bell')
		await expect.poll(async () => ((await bell.textContent()) ?? '').replace(/\s+/g, '')).toMatch(/^通知\d+（\d+条未读）$/)
		expect(Number(await bell.getAttribute('data-unread'))).toBeGreaterThan(0)
		await bell.click()
		await page.waitForURL((url) => url.pathname === '/notifications')
		await page.getByTestId('notification-list').waitFor()
		expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width)

		const item = page.locator('[data-testid="notification-lead_overdue"][data-read="0"]').first()
		const text = await item.locator('.notification-text').innerText()
		expect(text).toMatch(/：下一步行动日期 \d{4}-\d{2}-\d{2} 已过，尚未跟进$/)
		const href = await item.locator('.notification-text').getAttribute('href')
		expect(href).toMatch(/^\/leads\//)
		const summary = page.getByTestId('notification-summary')
		const unreadBefore = await unreadCount(await summary.innerText())
		await item.getByTestId('mark-read').click()
		// The same notification, now read: found by its link, it has no button left.
		const same = page.locator(`[data-testid="notification-lead_overdue"]:has(a[href="${href}"])`).first()
		await expect.poll(() => same.getAttribute('data-read')).toBe('1')
		await expect.poll(async () => unreadCount(await summary.innerText())).toBe(unreadBefore - 1)
		expect(await same.getByTestId('mark-read').count()).toBe(0)
		expect(await seriousViolations(page)).toEqual([])
		expect(problems).toEqual([])
		await context.close()
	})
}
