import fs from 'node:fs'
import { createRequire } from 'node:module'
import type * as Axe from 'axe-core'
import { chromium, type Browser, type Page } from 'playwright-core'
import { demoUser } from '../helpers/demo-users'

export async function launchBrowser(): Promise<Browser> {
	return chromium.launch({
		executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
		args: [
			'--headless',
			'--no-sandbox',
			'--disable-gpu',
			'--disable-quic',
			'--no-first-run',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
		],
	})
}

/** Signs in through the login form, the way a person does. */
export async function signIn(page: Page, baseUrl: string, role: 'staff' | 'manager' | 'admin') {
	const { username, password } = demoUser(role)
	await signInWith(page, baseUrl, username, password)
}

/** Signs in through the login page with any account's username and password. */
export async function signInWith(page: Page, baseUrl: string, username: string, password: string) {
	await page.goto(`${baseUrl}/login`)
	await page.getByLabel(/用户名|Username/).fill(username)
	await page.getByLabel(/密码|Password/).fill(password)
	await page.getByRole('button', { name: /^(登录|Sign in)$/ }).click()
	await page.waitForURL((url) => !url.pathname.startsWith('/login'))
}

const CSP_VIOLATION = 'CSP violation:'

/** Fails the test on any server error, uncaught page error or Content-Security-Policy violation. */
export function watchForErrors(page: Page) {
	const problems: string[] = []
	// The browser reports a violation as an event (even one the page caught, such as an eval probe), not on the console.
	void page
		.addInitScript((marker) => {
			document.addEventListener('securitypolicyviolation', (event) => {
				console.error(`${marker} ${event.violatedDirective} ${event.blockedURI} at ${event.sourceFile}:${event.lineNumber}`)
			})
		}, CSP_VIOLATION)
		.catch(() => undefined)
	page.on('console', (message) => {
		if (message.text().startsWith(CSP_VIOLATION)) problems.push(`${page.url()} ${message.text()}`)
	})
	page.on('pageerror', (error) => problems.push(`page error: ${error.message}`))
	page.on('response', (response) => {
		if (response.status() >= 500) problems.push(`${response.status()} ${response.url()}`)
	})
	return problems
}

const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

/** Serious and critical axe-core violations, one line each. Injected by evaluation: the app's CSP allows no inline script tag. */
export async function seriousViolations(page: Page) {
	if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource)
	return page.evaluate(async () => {
		const axe = (window as unknown as { axe: typeof Axe }).axe
		const { violations } = await axe.run(document, { resultTypes: ['violations'] })
		return violations
			.filter((v) => v.impact === 'serious' || v.impact === 'critical')
			.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`)
	})
}
