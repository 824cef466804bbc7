import { type Browser } from 'playwright-core'
import { afterAll, beforeAll, expect, inject, test } from 'vitest'
import { demoUser } from '../helpers/demo-users'
import { launchBrowser, signIn, watchForErrors } from './browser'

// U+0000 typed into a form or an address (issue #12 §2, ADR 0034) through the production server,
// on SQLite and on PostgreSQL (whose text cannot hold it): refused in plain words on its field, the
// other fields kept, no 500; in an address, dropped from a page's address and refused for a write.

const baseUrl = inject('baseUrl')
const NAME = '（示例）空字符浏览器测试有限公司'
let browser: Browser

beforeAll(async () => {
	browser = await launchBrowser()
})
afterAll(async () => {
	await browser?.close()
})

async function cookieOf(role: 'staff') {
	const { username, password } = demoUser(role)
	const response = await fetch(`${baseUrl}/login`, {
		method: 'POST',
		redirect: 'manual',
		headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: baseUrl },
		body: new URLSearchParams({ username, password, redirectTo: '/' }),
	})
	return response.headers.get('Set-Cookie')!.split(';')[0]!
}

test('a company name typed with U+0000 is refused on its field, in Chinese and in English, and the other fields stay as typed', async () => {
	for (const [locale, message] of [
		['zh-CN', '含有空字符（U+0000'],
		['en', 'Contains a NUL character (U+0000'],
	] as const) {
		const context = await browser.newContext({ locale, viewport: { width: 1440, height: 900 } })
		const page = await context.newPage()
		const problems = watchForErrors(page)
		await signIn(page, baseUrl, 'staff')
		if (locale === 'en') {
			await page.getByTestId('switch-language').click()
			await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('en')
		}
		await page.goto(`${baseUrl}/companies/new`)
		await page.locator('input[name="name"]').fill(`${NAME}\u0000`)
		await page.locator('input[name="industry"]').fill('稀土永磁')
		await page.locator('#company-form button[type="submit"]').first().click()
		await expect.poll(() => page.locator('#name-error').innerText()).toContain(message)
		expect(await page.locator('input[name="industry"]').inputValue()).toBe('稀土永磁')
		expect(new URL(page.url()).pathname).toBe('/companies/new')
		expect(problems).toEqual([])
		await context.close()
	}
	// Nothing was stored.
	const list = await fetch(`${baseUrl}/companies?q=${encodeURIComponent('空字符浏览器测试')}`, { headers: { Cookie: await cookieOf('staff') } })
	expect(await list.text()).not.toContain(NAME)
})

test('over HTTP: a posted form with U+0000 gets 400 and its field message, never 500; an address with %00 is answered without it', async () => {
	const cookie = await cookieOf('staff')
	const posted = await fetch(`${baseUrl}/companies/new`, {
		method: 'POST',
		redirect: 'manual',
		headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: baseUrl, Cookie: cookie },
		body: new URLSearchParams({ name: `${NAME}\u0000`, kind: 'enterprise', isLocal: '1', industry: '稀土永磁' }),
	})
	expect(posted.status).toBe(400)
	const html = await posted.text()
	expect(html).toContain('含有空字符（U+0000')
	expect(html).toContain('value="稀土永磁"')

	// A search or a record address with %00: the same address without it.
	const search = await fetch(`${baseUrl}/companies?q=%E7%A8%80%00%E5%9C%9F`, { redirect: 'manual', headers: { Cookie: cookie } })
	expect(search.status).toBe(302)
	expect(search.headers.get('Location')).toBe('/companies?q=%E7%A8%80%E5%9C%9F')
	expect((await fetch(`${baseUrl}/companies?q=%00`, { headers: { Cookie: cookie } })).status).toBe(200)
	const record = await fetch(`${baseUrl}/companies/%00`, { redirect: 'manual', headers: { Cookie: cookie } })
	expect([record.status, record.headers.get('Location')]).toEqual([302, '/companies/'])
	// Never to another site.
	const away = await fetch(`${baseUrl}/%00/evil.example/x`, { redirect: 'manual' })
	expect(away.headers.get('Location')).toBe('/evil.example/x')
	// A write to such an address is refused before the app reads it, in both languages.
	const write = await fetch(`${baseUrl}/companies/%00/edit`, {
		method: 'POST',
		redirect: 'manual',
		headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: baseUrl, Cookie: cookie },
		body: 'name=x',
	})
	expect(write.status).toBe(400)
	const refusal = await write.text()
	expect(refusal).toContain('地址中含有空字符')
	expect(refusal).toContain('NUL character (%00)')
})
