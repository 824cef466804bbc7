import { type Browser, type BrowserContext, type Page } from 'playwright-core'
import { afterAll, beforeAll, expect, inject, test } from 'vitest'
import { launchBrowser, signIn, watchForErrors } from './browser'

const baseUrl = inject('baseUrl')
let browser: Browser
const contexts: BrowserContext[] = []

beforeAll(async () => {
	browser = await launchBrowser()
})
afterAll(async () => {
	await browser?.close()
})

async function newPage(width = 1440) {
	const context = await browser.newContext({ locale: 'zh-CN', viewport: { width, height: 900 } })
	contexts.push(context)
	const page = await context.newPage()
	page.on('dialog', (dialog) => void dialog.accept())
	return { page, problems: watchForErrors(page) }
}

async function signInWith(page: Page, username: string, password: string) {
	await page.goto(`${baseUrl}/login`)
	await page.getByLabel('用户名').fill(username)
	await page.getByLabel('密码').fill(password)
	await page.getByRole('button', { name: '登录' }).click()
	await page.waitForURL((url) => !url.pathname.startsWith('/login'))
}

/** Full-page screenshots at a desktop and a phone width, for a person to look at. */
async function screenshots(page: Page, name: string) {
	for (const width of [1440, 390]) {
		await page.setViewportSize({ width, height: 900 })
		await page.screenshot({ path: `test-results/${name}-${width}.png`, fullPage: true })
	}
	await page.setViewportSize({ width: 1440, height: 900 })
}

test('admin resets a staff password; staff signs in with the temporary one, must set a new one (a weak one is refused with the rule), then works', async () => {
	const admin = await newPage()
	await signIn(admin.page, baseUrl, 'admin')
	await admin.page.getByRole('link', { name: '用户管理' }).click()
	await admin.page.waitForURL(`${baseUrl}/admin/users`)
	await admin.page.getByLabel('用户名').fill('chen.e2e')
	await admin.page.getByLabel('姓名').fill('陈测试')
	await admin.page.getByLabel('所属单位').selectOption({ label: '区商务局' })
	await admin.page.getByLabel('初始密码').fill('first-password-1')
	await admin.page.getByRole('button', { name: '新建用户' }).click()
	await expect.poll(() => admin.page.getByRole('status').innerText()).toBe('已创建用户 chen.e2e。')

	// The staff member works as usual for a while (this session ends with the reset).
	const staff = await newPage()
	await signInWith(staff.page, 'chen.e2e', 'first-password-1')
	await expect.poll(() => staff.page.locator('h1').innerText()).toContain('陈测试')

	await expect.poll(() => admin.page.getByTestId('user-row-chen.e2e').innerText()).toContain('正常')
	await screenshots(admin.page, 'admin-users')
	// The link is named by the username it shows; its tooltip says whose account it opens.
	const manage = admin.page.getByRole('link', { name: 'chen.e2e', exact: true })
	expect(await manage.getAttribute('title')).toBe('管理 陈测试 的账号')
	await manage.click()
	await admin.page.waitForURL(/\/admin\/users\/[^/]+$/)
	await expect.poll(() => admin.page.locator('h1').innerText()).toContain('陈测试')
	await expect.poll(() => admin.page.getByTestId('session-row').count()).toBe(1)
	await admin.page.getByRole('button', { name: '生成临时密码并重置' }).click()
	const temporary = (await admin.page.getByTestId('temporary-password').innerText()).trim()
	expect(temporary).toMatch(/^[A-Za-z2-9]{4}-[A-Za-z2-9]{4}-[A-Za-z2-9]{4}$/)
	await expect.poll(() => admin.page.getByTestId('session-row').count()).toBe(0)
	await expect.poll(() => admin.page.locator('.account-badges').innerText()).toContain('待设新密码')
	await screenshots(admin.page, 'admin-user')

	// The old session has ended.
	await staff.page.goto(`${baseUrl}/leads`)
	expect(new URL(staff.page.url()).pathname).toBe('/login')

	// With the temporary password only the change-password page (and sign-out) opens.
	await signInWith(staff.page, 'chen.e2e', temporary)
	expect(new URL(staff.page.url()).pathname).toBe('/account/password')
	await expect.poll(() => staff.page.locator('h1').innerText()).toBe('请设置新密码')
	expect(await staff.page.getByRole('navigation', { name: '主导航' }).count()).toBe(0)
	await staff.page.goto(`${baseUrl}/leads`)
	expect(new URL(staff.page.url()).pathname).toBe('/account/password')
	await expect.poll(() => staff.page.locator('h1').innerText()).toBe('请设置新密码')
	await screenshots(staff.page, 'forced-password')

	await staff.page.getByLabel('临时密码（管理员告知的密码）').fill(temporary)
	await staff.page.getByLabel('新密码', { exact: true }).fill('short')
	await staff.page.getByLabel('再次输入新密码').fill('short')
	await staff.page.getByRole('button', { name: '保存新密码' }).click()
	await expect.poll(() => staff.page.getByRole('alert').first().innerText()).toBe('密码需 10–128 个字符')
	expect(new URL(staff.page.url()).pathname).toBe('/account/password')

	await staff.page.getByLabel('新密码', { exact: true }).fill('chen-own-password-1')
	await staff.page.getByLabel('再次输入新密码').fill('chen-own-password-1')
	await staff.page.getByRole('button', { name: '保存新密码' }).click()
	await staff.page.waitForURL(`${baseUrl}/`)
	await expect.poll(() => staff.page.locator('h1').innerText()).toContain('陈测试')
	await staff.page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '招商线索', exact: true }).click()
	await staff.page.waitForURL(`${baseUrl}/leads`)

	// Their own account page: details and this session; a second sign-in shows up there too.
	const phone = await newPage(390)
	await signInWith(phone.page, 'chen.e2e', 'chen-own-password-1')
	await staff.page.getByRole('link', { name: /当前用户：陈测试/ }).click()
	await staff.page.waitForURL(`${baseUrl}/account`)
	await expect.poll(() => staff.page.getByTestId('session-row').count()).toBe(2)
	expect(await staff.page.locator('.is-current').innerText()).toContain('本设备')
	await screenshots(staff.page, 'account')
	// Sign the other device out from here.
	await staff.page
		.locator('[data-testid="session-row"]:not(.is-current)')
		.getByRole('button', { name: /退出登录/ })
		.click()
	await expect.poll(() => staff.page.getByRole('status').innerText()).toBe('该会话已结束。')
	await phone.page.reload()
	expect(new URL(phone.page.url()).pathname).toBe('/login')

	// The same page in English.
	await staff.page.getByTestId('switch-language').click()
	await expect.poll(() => staff.page.locator('h1').innerText()).toBe('My account')
	expect(await staff.page.locator('main').innerText()).toContain('This device')
	await screenshots(staff.page, 'account-en')

	expect([...admin.problems, ...staff.problems, ...phone.problems]).toEqual([])
	await Promise.all(contexts.map((c) => c.close()))
})
