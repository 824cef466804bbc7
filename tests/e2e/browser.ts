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

/**
 * SVG text below WCAG AA contrast (4.5:1, 3:1 when large) against what is drawn behind it, one line each.
 * axe-core leaves SVG text unchecked (its background is "an image node": incomplete, never a violation), so
 * this reads the text's fill and the first opaque shapes or boxes under its centre; a halo (paint-order
 * stroke, an opaque stroke at least 2 px wide) is the text's own background. Text clipped out of its SVG
 * (a map window) is skipped. Scrolls the page, and back to the top when done.
 */
export async function svgTextContrastProblems(page: Page) {
	return page.evaluate(() => {
		type Rgba = [number, number, number, number]
		const parse = (value: string): Rgba | null => {
			const parts = /rgba?\(([^)]+)\)/
				.exec(value)?.[1]
				?.split(/[\s,/]+/)
				.filter(Boolean)
				.map(Number)
			return parts && parts.length >= 3 ? [parts[0]!, parts[1]!, parts[2]!, parts[3] ?? 1] : null
		}
		const over = (top: Rgba, below: Rgba): Rgba => [0, 1, 2].map((i) => top[i]! * top[3] + below[i]! * (1 - top[3])).concat(1) as Rgba
		const luminance = (c: Rgba) =>
			[0, 1, 2]
				.map((i) => c[i]! / 255)
				.map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4))
				.reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i]!, 0)
		const ratio = (a: Rgba, b: Rgba) => {
			const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x)
			return (light! + 0.05) / (dark! + 0.05)
		}
		const problems: string[] = []
		for (const text of document.querySelectorAll<SVGTextContentElement>('svg text, svg tspan')) {
			// Checked where its characters are: a <text> made of <tspan> lines is checked line by line.
			if (![...text.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim())) continue
			const style = getComputedStyle(text)
			const fill = parse(style.fill)
			if (!fill || style.visibility !== 'visible') continue
			text.scrollIntoView({ block: 'center', inline: 'center' })
			const box = text.getBoundingClientRect()
			const frame = text.ownerSVGElement!.getBoundingClientRect()
			const [x, y] = [box.left + box.width / 2, box.top + box.height / 2]
			if (box.width === 0 || x < frame.left || x > frame.right || y < frame.top || y > frame.bottom) continue
			let background: Rgba = [255, 255, 255, 1]
			const halo = parse(style.stroke)
			if (style.paintOrder.startsWith('stroke') && halo && halo[3] === 1 && parseFloat(style.strokeWidth) >= 2) background = halo
			else {
				const layers: Rgba[] = []
				for (const element of document.elementsFromPoint(x, y)) {
					if (element instanceof SVGTextContentElement) continue
					const s = getComputedStyle(element)
					const shape = element instanceof SVGElement && !(element instanceof SVGSVGElement)
					const color = parse(shape ? s.fill : s.backgroundColor)
					if (!color) continue
					const alpha = color[3] * (shape ? Number(s.fillOpacity) : 1) * Number(s.opacity)
					if (alpha === 0) continue
					layers.push([color[0], color[1], color[2], alpha])
					if (alpha >= 1) break
				}
				background = layers.reduceRight<Rgba>((below, layer) => over(layer, below), background)
			}
			const foreground = over([fill[0], fill[1], fill[2], fill[3] * Number(style.fillOpacity)], background)
			const size = parseFloat(style.fontSize)
			const needed = size >= 24 || (Number(style.fontWeight) >= 700 && size >= 18.66) ? 3 : 4.5
			const contrast = ratio(foreground, background)
			if (contrast < needed) {
				const where = text.closest('[data-link-key], [class]')?.getAttribute('class') ?? text.tagName
				problems.push(
					`"${text.textContent.trim().slice(0, 24)}" (${where}, ${style.fill} on rgb(${background.slice(0, 3).map(Math.round).join(', ')})): ${contrast.toFixed(2)} < ${needed}`,
				)
			}
		}
		window.scrollTo(0, 0)
		return problems
	})
}
