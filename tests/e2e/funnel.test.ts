import { type Page } from 'playwright-core'
import { expect, test } from 'vitest'
import { demoUser } from '../helpers/demo-users'
import { seriousViolations, watchForErrors } from './browser'
import { countyOf, ownServerWithBrowser } from './own-server'

// 链上转化 (#14 §2, ADR 0032) on real pages: from the chain page to a weak link's funnel, and from its
// 立线索 number to the lead list, which must list exactly the leads counted. A server of its own: the
// expected leads are read from its database.
const own = ownServerWithBrowser()
const CHAIN = 'rare-earth-ganxian'
/** 伺服电机: flagged 缺龙头/单点依赖, with the sample lead of （示例）华东伺服电机有限公司. */
const LINK = 'motor_servo'

async function openAs(locale: 'zh-CN' | 'en', viewport: { width: number; height: number }) {
	const context = await own.browser.newContext({ locale, viewport, hasTouch: viewport.width < 500 })
	const page = await context.newPage()
	const problems = watchForErrors(page)
	await page.goto(`${own.baseUrl}/login`)
	if ((await page.locator('html').getAttribute('lang')) !== locale) {
		await page.getByTestId('switch-language').click()
		await expect.poll(() => page.locator('html').getAttribute('lang')).toBe(locale)
	}
	const { username, password } = demoUser('manager')
	await page.getByLabel(/用户名|Username/).fill(username)
	await page.getByLabel(/密码|Password/).fill(password)
	await page.getByRole('button', { name: /^(登录|Sign in)$/ }).click()
	await page.waitForURL((url) => !url.pathname.startsWith('/login'))
	return { context, page, problems }
}

/** The China calendar year an instant falls in. */
const chinaYear = (at: Date) => new Date(at.getTime() + 8 * 3_600_000).getUTCFullYear()

/**
 * The leads the funnel must count at the link for `year`, found without the app's code: the county's
 * leads opened that year (China time) whose company sits at the link (no sample project names other links).
 */
async function expectedLeads(year: number) {
	const leads = await own.db.lead.findMany({
		where: {
			regionId: await countyOf(own.db),
			createdAt: { gte: new Date(`${year}-01-01T00:00:00+08:00`), lt: new Date(`${year + 1}-01-01T00:00:00+08:00`) },
			company: { links: { some: { link: { key: LINK, chain: { slug: CHAIN } } } } },
		},
		select: { company: { select: { name: true } } },
	})
	return leads.map((l) => l.company.name).sort()
}

const pageWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth)

test.each([
	{ locale: 'zh-CN' as const, viewport: { width: 1440, height: 900 } },
	{ locale: 'en' as const, viewport: { width: 390, height: 844 } },
])(
	'in $locale at $viewport.width px: a weak link’s funnel opens from the chain page and its 立线索 number lists exactly the counted leads',
	async ({ locale, viewport }) => {
		const zh = locale === 'zh-CN'
		const servoLead = await own.db.lead.findFirstOrThrow({ where: { company: { name: '（示例）华东伺服电机有限公司' } }, select: { createdAt: true } })
		const year = chinaYear(servoLead.createdAt)
		const expected = await expectedLeads(year)
		expect(expected).toContain('（示例）华东伺服电机有限公司')
		const { context, page, problems } = await openAs(locale, viewport)

		// The chain page links to the funnel, for the year it shows.
		await page.goto(`${own.baseUrl}/chains/${CHAIN}?year=${year}`)
		await page.getByTestId('open-funnel').click()
		await page.waitForURL((url) => url.pathname === `/chains/${CHAIN}/funnel`)
		await expect.poll(() => page.getByTestId('funnel-links').locator('tbody tr').count()).toBe(22)

		// The weak link's row: its flags, and a way to its own funnel.
		const row = page.locator(`[data-testid="funnel-links"] tr[data-link-key="${LINK}"]`)
		expect(await row.locator('.badge').allInnerTexts()).toEqual(zh ? ['缺龙头', '单点依赖'] : ['No leader', 'Single-point dependency'])
		await row.locator('th a').click()
		await page.waitForURL((url) => url.searchParams.get('link') === LINK)
		await expect.poll(() => page.locator('#funnel-summary').innerText()).toContain(zh ? '环节：伺服电机' : 'Link: Servo motors')
		const stages = page.getByTestId('funnel-stages')
		const opened = stages.getByTestId('funnel-reached-opened')
		expect(Number(await opened.innerText())).toBe(expected.length)
		expect(await stages.getByTestId('funnel-prospects').innerText()).toMatch(zh ? /已立线索 \d+ \/ 推荐 \d+ 家/ : /\d+ with a lead of \d+ proposed/)
		if (viewport.width < 500) expect(await pageWidth(page)).toBeLessThanOrEqual(viewport.width)
		await expect.poll(() => seriousViolations(page), { message: 'axe violations' }).toEqual([])
		await page.screenshot({ path: `test-results/funnel-${locale}-${viewport.width}.png`, fullPage: true })

		// The number opens the lead list filtered to exactly those leads, and says so.
		await opened.click()
		await page.waitForURL((url) => url.pathname === '/leads' && url.searchParams.get('funnelLink') === LINK)
		const note = page.getByTestId('funnel-filter-note')
		expect(await note.innerText()).toContain(zh ? '伺服电机' : 'Servo motors')
		expect(await note.innerText()).toContain(zh ? '到达「立线索」' : 'reached “Lead opened”')
		expect(await page.getByTestId('lead-count').innerText()).toContain(String(expected.length))
		const listed = (await page.locator('table.data-table tbody tr td:first-child a').allInnerTexts()).map((name) => name.trim()).sort()
		expect(listed).toEqual(expected)
		await page.screenshot({ path: `test-results/funnel-leads-${locale}-${viewport.width}.png`, fullPage: true })

		// Back to the funnel where it came from.
		await note.getByRole('link', { name: zh ? '回到漏斗' : 'Back to the funnel' }).click()
		await page.waitForURL((url) => url.pathname === `/chains/${CHAIN}/funnel` && url.searchParams.get('link') === LINK)

		// The chain map coloured by funnel progress: the link is being courted, the ignored gaps are named.
		await page.goto(`${own.baseUrl}/chains/${CHAIN}?year=${year}`)
		await page.getByTestId('view-funnel').click()
		await page.waitForURL((url) => url.searchParams.get('view') === 'funnel')
		const map = page.getByTestId('chain-map')
		await expect.poll(() => map.locator(`[data-link-key="${LINK}"]`).getAttribute('data-level')).toBe('courted')
		const legend = page.getByTestId('funnel-legend')
		expect(await legend.locator('li').evaluateAll((items) => items.map((i) => i.getAttribute('data-level')))).toEqual([
			'ignored',
			'untouched',
			'courted',
			'talks',
			'landed',
		])
		const ignored = await map.locator('.map-node[data-level="ignored"]').count()
		expect(ignored).toBeGreaterThan(0)
		expect(await legend.locator('li[data-level="ignored"] .count').innerText()).toBe(zh ? `（${ignored} 个）` : `(${ignored})`)
		await page.screenshot({ path: `test-results/funnel-map-${locale}-${viewport.width}.png`, fullPage: true })
		expect(problems).toEqual([])
		await context.close()
	},
)
