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

test('a manager merges two records of one company through the pages, and undoes it', async () => {
	const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } })
	const page = await context.newPage()
	const problems = watchForErrors(page)
	await signIn(page, baseUrl, 'manager')
	const create = async (name: string, contact: string, confirm: boolean) => {
		await page.goto(`${baseUrl}/companies/new`)
		await page.getByLabel('企业名称').fill(name)
		await page.getByLabel('联系人').fill(contact)
		if (confirm) {
			await expect.poll(() => page.getByTestId('duplicate-warning').isVisible()).toBe(true)
			await page.getByLabel('我已核对，这是另一家企业，仍然保存').check()
		}
		await page.getByRole('button', { name: '保存' }).click()
		await page.waitForURL(/\/companies\/c[a-z0-9]+$/)
		return new URL(page.url()).pathname
	}
	const kept = await create('浏览器合并·江西金源磁业有限公司', '周经理', false)
	const removed = await create('浏览器合并·江西金源磁业 有限责任公司', '吴经理', true)

	// From the second record's page: 合并…, the likely duplicate is proposed; keep the first one.
	await page.getByRole('link', { name: '合并…' }).click()
	await page.waitForURL(/\/merge$/)
	await page.locator('.merge-candidates li', { hasText: '浏览器合并·江西金源磁业有限公司' }).getByRole('link', { name: '选择' }).click()
	await page.waitForURL(/with=/)
	const table = page.locator('.merge-compare')
	expect(await table.locator('thead').textContent()).toContain('浏览器合并·江西金源磁业有限公司')
	await table.locator('thead th', { hasText: '浏览器合并·江西金源磁业有限公司' }).getByLabel('保留这一家').check()
	await page.waitForURL(/keep=other/)
	await expect.poll(() => page.locator('.merge-preview').textContent()).toContain('“浏览器合并·江西金源磁业 有限责任公司”将被删除')
	await page.getByRole('button', { name: '确认合并' }).click()
	await page.waitForURL(/\/companies\/merges\//)
	const record = page.url()
	// The URL changes before the merge's page renders (client-side navigation): wait for its content.
	await expect.poll(() => page.locator('main').textContent()).toContain('将“浏览器合并·江西金源磁业 有限责任公司”并入“浏览器合并·江西金源磁业有限公司”')

	// The removed record is gone, its name is a 曾用名 of the kept one.
	expect((await page.goto(`${baseUrl}${removed}`))?.status()).toBe(404)
	await page.goto(`${baseUrl}${kept}`)
	expect(await page.locator('.company-profile').textContent()).toContain('浏览器合并·江西金源磁业 有限责任公司')

	// Undo: both are back.
	await page.goto(record)
	await page.getByRole('button', { name: '撤销合并' }).click()
	await expect.poll(() => page.getByRole('status').textContent()).toContain('已恢复')
	expect((await page.goto(`${baseUrl}${removed}`))?.status()).toBe(200)
	expect(problems).toEqual([])
	await context.close()
})
