import http from 'node:http'
import { type AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { signIn, watchForErrors } from './browser'
import { ownServerWithBrowser } from './own-server'

// A signed-in officer opens a page on another site that posts a form to
// ChainLead. Another port of the same host is another origin but the same site,
// so the browser even sends the SameSite=Lax session cookie: only the Origin
// check stands between that page and the officer's data. The officer must see
// the app's 403 page saying why, and nothing may change.

const own = ownServerWithBrowser()
let attacker: http.Server
let attackerUrl = ''

const COMPANY = '跨站提交测试企业'

beforeAll(async () => {
	attacker = http.createServer((_req, res) => {
		res.setHeader('Content-Type', 'text/html; charset=utf-8')
		res.end(`<!doctype html><meta charset="utf-8"><title>抽奖</title>
			<form method="post" action="${own.baseUrl}/companies/new">
				<input name="name" value="${COMPANY}"><input name="isLocal" value="0">
				<button type="submit">领取奖品</button>
			</form>`)
	})
	await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve))
	attackerUrl = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}/`
})
afterAll(() => new Promise<void>((resolve) => attacker.close(() => resolve())))

const companiesNamed = () => own.db.company.count({ where: { name: COMPANY } })

describe('a form posted from another site', () => {
	test.each([
		['zh-CN', '已拒绝来自其他网站的请求', '数据未作任何改动'],
		['en', 'Request from another site refused', 'nothing was changed'],
	])('gets the 403 page in %s, and nothing is written', async (locale, title, text) => {
		const context = await own.browser.newContext({ viewport: { width: 1440, height: 900 }, locale })
		const page = await context.newPage()
		await signIn(page, own.baseUrl, 'manager')
		if (locale === 'en') {
			await page.getByTestId('switch-language').click()
			await page.waitForFunction(() => document.documentElement.lang === 'en')
		}
		await page.goto(attackerUrl)
		const [answer] = await Promise.all([page.waitForResponse(`${own.baseUrl}/cross-site-refused`), page.getByRole('button').click()])
		expect(answer.status()).toBe(403)
		expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(title)
		expect(await page.getByRole('alert').textContent()).toContain(text)
		// The app's own page, in its shell: the signed-in navigation is there.
		expect(await page.locator('nav').count()).toBeGreaterThan(0)
		expect(await companiesNamed()).toBe(0)
		await context.close()
	})

	test('the same form from ChainLead itself still saves', async () => {
		const context = await own.browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' })
		const page = await context.newPage()
		const problems = watchForErrors(page)
		await signIn(page, own.baseUrl, 'manager')
		await page.goto(`${own.baseUrl}/companies/new`)
		await page.getByLabel('企业名称').fill(COMPANY)
		await page.getByRole('button', { name: '保存', exact: true }).click()
		await page.waitForURL((url) => /^\/companies\/[^/]+$/.test(url.pathname) && !url.pathname.endsWith('/new'))
		// The URL changes as the client navigates; the company's page renders just after.
		await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toContain(COMPANY)
		expect(await companiesNamed()).toBe(1)
		expect(problems).toEqual([])
		await context.close()
	})
})

describe('over plain HTTP', () => {
	const post = (headers: Record<string, string>) =>
		fetch(`${own.baseUrl}/login`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
			body: new URLSearchParams({ username: 'leader', password: 'wrong-password-1' }),
		})

	test.each([
		['another origin', { Origin: 'https://evil.example' }],
		['an opaque "null" origin', { Origin: 'null' }],
		['an Origin that is no URL', { Origin: 'not a url' }],
		['a forwarded host other than the origin', { Origin: 'https://chainlead.example', 'X-Forwarded-Host': 'other.example' }],
	])('%s is refused with 403 before any action runs', async (_label, headers) => {
		const answer = await post(headers)
		// Sent on to the refusal page, whose answer is the 403.
		expect(answer.redirected).toBe(true)
		expect(new URL(answer.url).pathname).toBe('/cross-site-refused')
		expect(answer.status).toBe(403)
		expect(await answer.text()).toContain('已拒绝来自其他网站的请求')
	})

	test('the same origin, a matching forwarded host, or no Origin (a non-browser client) reach the action', async () => {
		const allowed: Record<string, string>[] = [{ Origin: own.baseUrl }, { Origin: 'https://chainlead.example', 'X-Forwarded-Host': 'chainlead.example' }, {}]
		for (const headers of allowed) {
			const answer = await post(headers)
			// The login action answers a wrong password itself: not the refusal.
			expect(answer.status).not.toBe(403)
			expect(await answer.text()).not.toContain('已拒绝来自其他网站的请求')
		}
	})
})
