import { type Browser } from 'playwright-core'
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

test('the new-company form warns of a likely duplicate as the name is typed, links to it, and saves only when confirmed', async () => {
	const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } })
	const page = await context.newPage()
	const problems = watchForErrors(page)
	await signIn(page, baseUrl, 'staff')

	// A company to duplicate: created through the same form.
	await page.goto(`${baseUrl}/companies/new`)
	await page.getByLabel('企业名称').fill('浏览器查重·赣州稀源磁材有限公司')
	await page.getByLabel('简称').fill('稀源磁材')
	await page.getByRole('button', { name: '保存' }).click()
	await page.waitForURL(/\/companies\/c[a-z0-9]+$/)
	const existing = new URL(page.url()).pathname

	await page.goto(`${baseUrl}/companies/new`)
	const warning = page.getByTestId('duplicate-warning')
	await page.getByLabel('企业名称').pressSequentially('浏览器查重·赣州稀源磁材 有限责任公司', { delay: 10 })
	await expect.poll(() => warning.isVisible()).toBe(true)
	await expect.poll(() => warning.textContent()).toContain('名称相同（写法不同）')
	expect(await warning.getByRole('link', { name: '浏览器查重·赣州稀源磁材有限公司' }).getAttribute('href')).toBe(existing)

	// A name that is another company's 简称 is flagged too; a new name clears the warning.
	await page.getByLabel('企业名称').fill('稀源磁材')
	await expect.poll(() => warning.textContent()).toContain('与简称/曾用名相同')
	await page.getByLabel('企业名称').fill('浏览器查重·全新的企业名称有限公司')
	await expect.poll(() => warning.count()).toBe(0)

	// Saving a likely duplicate without confirming is refused, nothing typed is lost; confirming saves.
	await page.getByLabel('企业名称').fill('浏览器查重·赣州稀源磁材股份有限公司')
	await page.getByLabel('联系人').fill('陈经理')
	await expect.poll(() => warning.isVisible()).toBe(true)
	await page.getByRole('button', { name: '保存' }).click()
	await expect.poll(() => page.getByText('未保存：该企业可能与上列企业重复').isVisible()).toBe(true)
	expect(new URL(page.url()).pathname).toBe('/companies/new')
	expect(await page.getByLabel('联系人').inputValue()).toBe('陈经理')
	await page.getByLabel('我已核对，这是另一家企业，仍然保存').check()
	await page.getByRole('button', { name: '保存' }).click()
	await page.waitForURL(/\/companies\/c[a-z0-9]+$/)
	expect(new URL(page.url()).pathname).not.toBe(existing)
	await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toContain('浏览器查重·赣州稀源磁材股份有限公司')
	expect(problems).toEqual([])
	await context.close()
})
