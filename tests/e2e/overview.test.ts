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

const STATUS_RANK: Record<string, number> = { behind: 0, on_track: 1, achieved: 2, not_due: 3 }
const rowStatuses = (page: import('playwright-core').Page) =>
	page.getByTestId('overview-row').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-status') ?? ''))

test('目标一览 at 1440: a header sorts the rows through the URL, the order survives a reload, a row opens its quota page', async () => {
	const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } })
	const page = await context.newPage()
	const problems = watchForErrors(page)
	await signIn(page, baseUrl, 'manager')
	await page.goto(`${baseUrl}/quotas?year=2025`)
	const overview = page.getByTestId('quota-overview')
	const cards = await page.getByTestId('quota-row').count()
	expect(await overview.getByTestId('overview-row').count()).toBe(cards)

	await overview.getByRole('link', { name: /^状态/ }).click()
	await page.waitForURL(/sort=status/)
	expect(new URL(page.url()).searchParams.get('year')).toBe('2025')
	// The URL can change before the sorted rows are drawn: read them once the header says they are sorted.
	await expect.poll(() => overview.getByRole('columnheader', { name: /状态/ }).getAttribute('aria-sort')).toBe('ascending')
	const statuses = await rowStatuses(page)
	expect(statuses).toEqual([...statuses].sort((a, b) => STATUS_RANK[a]! - STATUS_RANK[b]!))
	// The same header again turns the order round; a reload keeps it.
	await overview.getByRole('link', { name: /^状态/ }).click()
	await page.waitForURL(/dir=desc/)
	await page.reload()
	expect(await rowStatuses(page)).toEqual([...statuses].reverse().sort((a, b) => STATUS_RANK[b]! - STATUS_RANK[a]!))

	// A row's metric opens that quota's page for the year.
	const first = overview.getByTestId('overview-row').first()
	const metric = (await first.getByRole('rowheader').getByRole('link').innerText()).trim()
	const quotaId = await first.getAttribute('data-quota-id')
	await first.getByRole('rowheader').getByRole('link').click()
	await page.waitForURL(new RegExp(`/quotas/${quotaId}\\?year=2025`))
	await expect.poll(() => page.getByRole('heading', { level: 1 }).innerText()).toContain(metric)
	expect(problems).toEqual([])
	await context.close()
})

test('目标一览 at 390: the filters fold and the first target is on the first screen; rows are cards without sideways scrolling, and the sort form orders them without the headers', async () => {
	const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 390, height: 844 } })
	const page = await context.newPage()
	const problems = watchForErrors(page)
	await signIn(page, baseUrl, 'manager')
	await page.goto(`${baseUrl}/quotas?year=2025`)
	const overview = page.getByTestId('quota-overview')
	expect(await overview.getByRole('columnheader').first().isVisible()).toBe(false)
	expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
	const card = await overview.getByTestId('overview-row').first().boundingBox()
	expect(card!.width).toBeLessThanOrEqual(390)
	await expect.poll(() => page.getByTestId('filter-disclosure').getAttribute('open')).toBeNull()
	expect(card!.y).toBeLessThan(844)

	const form = page.getByRole('form', { name: '排序' })
	await form.getByLabel('排序').selectOption('actual')
	await form.getByLabel('顺序').selectOption('desc')
	await form.getByRole('button', { name: '排序' }).click()
	await page.waitForURL(/sort=actual/)
	expect(new URL(page.url()).searchParams.get('year')).toBe('2025')
	expect(new URL(page.url()).searchParams.get('dir')).toBe('desc')
	const actualOf = (row: import('playwright-core').Locator) => row.getAttribute('data-actual')
	expect(await actualOf(overview.getByTestId('overview-row').first())).not.toBeNull()

	await overview.getByTestId('overview-row').first().getByRole('rowheader').getByRole('link').click()
	await page.waitForURL(/\/quotas\/[^/?]+\?year=2025/)
	expect(problems).toEqual([])
	await context.close()
})
