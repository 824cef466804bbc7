import fs from 'node:fs'
import path from 'node:path'
import { type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { createPrisma } from '~/db.server'
import { type ServerProcess, startServer } from '../helpers/server-process'
import { launchBrowser, watchForErrors } from './browser'
import { copyTestDatabase, type TestDatabase } from './databases'

// A real install on an empty database, as a bureau's IT officer meets it:
// the token from the server console, the first-run page, then the app.
let browser: Browser
let server: ServerProcess
let database: TestDatabase
// What the reverse proxy says about the client (TRUST_PROXY=1): audit rows record it.
const CLIENT_ADDRESS = '203.0.113.7'

beforeAll(async () => {
	browser = await launchBrowser()
	database = await copyTestDatabase('emptyDb')
	server = await startServer({ ...database.env, CHAINLEAD_MODE: 'install', TRUST_PROXY: '1' })
})
afterAll(async () => {
	await browser?.close()
	await server?.stop()
	await database?.remove()
})

async function newPage(width = 1440) {
	const context = await browser.newContext({ locale: 'zh-CN', viewport: { width, height: 900 }, extraHTTPHeaders: { 'X-Forwarded-For': CLIENT_ADDRESS } })
	const page = await context.newPage()
	return { page, problems: watchForErrors(page) }
}

const submit = (page: Page) => page.getByRole('button', { name: '创建管理员并登录' }).click()
const fieldError = (page: Page, field: string) => page.locator(`#setup-${field}-error`).innerText()

test('first run: token from the console, refusals in plain words, then the first admin signs in and /setup is gone', async () => {
	const token = /setup token: ([0-9a-f]{32})/.exec(server.output())?.[1] ?? ''
	expect(token).toHaveLength(32)
	expect(server.output()).toContain('real install')
	expect(server.output()).toContain(`${server.baseUrl}/setup?token=${token}`)

	// The link printed on the console fills in the token.
	const { page: linked } = await newPage()
	await linked.goto(`${server.baseUrl}/setup?token=${token}`)
	expect(await linked.getByLabel('设置令牌').inputValue()).toBe(token)
	await linked.close()

	const { page, problems } = await newPage()
	await page.goto(`${server.baseUrl}/`)
	await page.waitForURL(`${server.baseUrl}/setup`)
	await page.goto(`${server.baseUrl}/companies`)
	await page.waitForURL(`${server.baseUrl}/setup`)
	await expect.poll(() => page.locator('h1').innerText()).toBe('首次设置')
	await page.screenshot({ path: 'test-results/setup-1440.png', fullPage: true })
	await page.setViewportSize({ width: 390, height: 844 })
	await page.screenshot({ path: 'test-results/setup-390.png', fullPage: true })
	await page.setViewportSize({ width: 1440, height: 900 })

	// A wrong token: refused by the server, with what to do; nothing typed is lost.
	await page.getByLabel('设置令牌').fill('0'.repeat(32))
	await page.getByLabel('用户名').fill('chen.admin')
	await page.getByLabel('姓名').fill('陈主任')
	await page.getByLabel('密码', { exact: true }).fill('bureau-own-passphrase')
	await page.getByLabel('再次输入密码').fill('bureau-own-passphrase')
	await page.getByRole('radio', { name: /^载入示例数据/ }).check()
	await submit(page)
	await expect.poll(() => fieldError(page, 'token')).toBe('设置令牌不正确或已失效。请核对服务器控制台上显示的令牌；重启服务器会生成新的令牌。')
	expect(await page.getByLabel('用户名').inputValue()).toBe('chen.admin')
	expect(await page.getByLabel('姓名').inputValue()).toBe('陈主任')
	expect(await page.getByRole('radio', { name: /^载入示例数据/ }).isChecked()).toBe(true)

	// The right token with weak passwords: the rules show in the browser before anything is posted.
	const posts: string[] = []
	page.on('request', (request) => {
		if (request.method() === 'POST') posts.push(request.url())
	})
	await page.getByLabel('设置令牌').fill(token)
	expect(await page.locator('#setup-token-error').count()).toBe(0)
	for (const [password, message] of [
		['short', '密码需 10–128 个字符'],
		['chainlead-admin', '不能使用演示账号的公开密码，请另设密码'],
		['Chen.Admin', '密码不能与用户名相同'],
	]) {
		await page.getByLabel('密码', { exact: true }).fill(password!)
		await page.getByLabel('再次输入密码').fill(password!)
		await submit(page)
		await expect.poll(() => fieldError(page, 'password')).toBe(message)
	}
	await page.getByLabel('密码', { exact: true }).fill('bureau-own-passphrase')
	await page.getByLabel('再次输入密码').fill('bureau-own-passphrase!')
	await submit(page)
	await expect.poll(() => fieldError(page, 'passwordConfirm')).toBe('两次输入的密码不一致')
	expect(posts).toEqual([])

	// A good password: the admin exists, is signed in, and the sample data is there.
	await page.getByLabel('再次输入密码').fill('bureau-own-passphrase')
	await submit(page)
	await page.waitForURL(`${server.baseUrl}/`, { timeout: 30_000 })
	await expect.poll(() => page.locator('.user-badge').innerText()).toBe('当前用户：陈主任（管理员）')
	expect(Number(await page.getByTestId('count-companies').innerText())).toBeGreaterThan(0)
	expect(Number(await page.getByTestId('count-leads').innerText())).toBeGreaterThan(0)

	// /setup is gone, and so is its token.
	const gone = await page.goto(`${server.baseUrl}/setup`)
	expect(gone?.status()).toBe(404)
	expect(fs.existsSync(path.join(database.dir, '.setup-token'))).toBe(false)

	// The owners of the sample leads exist only as disabled accounts nobody can sign in as.
	const { page: other } = await newPage()
	await other.goto(`${server.baseUrl}/login`)
	await other.getByLabel('用户名').fill('zhang')
	await other.getByLabel('密码').fill('demo-pass-2026')
	await other.getByRole('button', { name: '登录' }).click()
	await expect.poll(() => other.getByRole('alert').innerText()).toBe('用户名或密码错误，请重试。')

	const db = createPrisma(database.url)
	const users = (await db.user.findMany({ orderBy: { username: 'asc' }, select: { username: true, role: true, disabledAt: true } })).map(
		({ disabledAt, ...user }) => ({
			...user,
			disabled: disabledAt !== null,
		}),
	)
	const audit = await db.auditLog.findMany({ where: { entity: 'User' }, orderBy: { action: 'asc' }, select: { action: true, ip: true } })
	await db.$disconnect()
	expect(users).toEqual([
		{ username: 'chen.admin', role: 'admin', disabled: false },
		{ username: 'lina', role: 'staff', disabled: true },
		{ username: 'zhang', role: 'staff', disabled: true },
	])
	// The admin's creation and sign-in, and zhang's refused sign-in, each with the address the proxy gave.
	expect(audit).toEqual([
		{ action: 'create', ip: CLIENT_ADDRESS },
		{ action: 'login', ip: CLIENT_ADDRESS },
		{ action: 'login_failed', ip: CLIENT_ADDRESS },
	])
	expect(problems).toEqual([])
})

test('the real install starts again with its sample data: no setup token, no refusal', async () => {
	expect(await server.stop()).toBe(0)
	server = await startServer({ ...database.env, CHAINLEAD_MODE: 'install', TRUST_PROXY: '1' })
	expect(server.output()).toContain('real install')
	expect(server.output()).not.toContain('setup token')
	const { page } = await newPage()
	const response = await page.goto(`${server.baseUrl}/setup`)
	expect(response?.status()).toBe(404)
})
