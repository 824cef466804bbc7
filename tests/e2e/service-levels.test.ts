import { type Page } from 'playwright-core'
import { expect, test } from 'vitest'
import { demoUser } from '../helpers/demo-users'
import { seriousViolations, signIn, watchForErrors } from './browser'
import { countyOf, ownServerWithBrowser } from './own-server'

// Follow-up service levels (#14 §3, ADR 0037) on real pages: a manager shortens the county's follow-up
// interval for contacted leads on 跟进时限, and a lead last contacted three days ago turns overdue in the
// 跟进督办 team view, its number opening the list that holds it. A server of its own: the levels are written.
const own = ownServerWithBrowser()
const COMPANY = '时限浏览器测试企业有限公司'
const DAY = 86_400_000

const pageWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth)
const overdueOf = async (page: Page, ownerId: string) =>
	Number(await page.locator(`[data-testid="follow-up-owners"] tr[data-owner="${ownerId}"] td`).first().innerText())

test.each([
	{ locale: 'zh-CN' as const, viewport: { width: 1440, height: 900 } },
	{ locale: 'en' as const, viewport: { width: 390, height: 844 } },
])('in $locale at $viewport.width px: a shorter follow-up interval makes a contacted lead overdue in the team view', async ({ locale, viewport }) => {
	const county = await countyOf(own.db)
	// The county starts on the defaults and without the other viewport's lead (that run set its own levels).
	await own.db.serviceLevelSetting.deleteMany({ where: { regionId: county } })
	await own.db.company.deleteMany({ where: { name: { startsWith: COMPANY } } })
	const staff = await own.db.user.findUniqueOrThrow({ where: { username: demoUser('staff').username }, select: { id: true } })
	const today = new Date(new Date().toISOString().slice(0, 10))
	const name = `${COMPANY}${locale}`
	const company = await own.db.company.create({ data: { name, isLocal: false }, select: { id: true } })
	const lead = await own.db.lead.create({
		data: { companyId: company.id, ownerId: staff.id, regionId: county, source: 'expo', stage: 'contacted', createdAt: new Date(today.getTime() - 40 * DAY) },
		select: { id: true },
	})
	// Three calendar days are at most three working days: within the default five, never within none.
	await own.db.activity.create({
		data: { kind: 'call', date: new Date(today.getTime() - 3 * DAY), companyId: company.id, leadId: lead.id, userId: staff.id },
		select: { id: true },
	})

	const context = await own.browser.newContext({ locale, viewport, hasTouch: viewport.width < 500 })
	const page = await context.newPage()
	const problems = watchForErrors(page)
	await page.goto(`${own.baseUrl}/login`)
	if ((await page.locator('html').getAttribute('lang')) !== locale) {
		await page.getByTestId('switch-language').click()
		await expect.poll(() => page.locator('html').getAttribute('lang')).toBe(locale)
	}
	await signIn(page, own.baseUrl, 'manager')

	// The list page leads to the team view.
	await page.goto(`${own.baseUrl}/leads`)
	await page.getByTestId('follow-up-link').click()
	await page.waitForURL(/\/leads\/follow-up$/)
	await page.getByTestId('follow-up-owners').waitFor()
	const before = await overdueOf(page, staff.id)
	expect(await pageWidth(page)).toBeLessThanOrEqual(viewport.width)

	// The levels page: the county's form, contacted leads followed up on the same working day.
	await page.getByRole('link', { name: /跟进时限|service levels/ }).click()
	await page.waitForURL(/\/settings\/service-levels$/)
	const form = page.getByTestId(`levels-form-${county}`)
	await form.locator('input[name="levels.stages.contacted.followUpDays"]').fill('0')
	await form.getByRole('button', { name: /保存时限|Save levels/ }).click()
	await form.getByRole('status').waitFor()
	await expect.poll(() => page.getByTestId(`levels-origin-${county}`).innerText()).toMatch(/本地区单独设置|own levels/)
	expect(await pageWidth(page)).toBeLessThanOrEqual(viewport.width)
	expect(await seriousViolations(page)).toEqual([])

	// Refused on the field, before posting, when the stall threshold would be shorter than the interval.
	await form.locator('input[name="levels.stages.visited.stallDays"]').fill('1')
	await form.getByRole('button', { name: /保存时限|Save levels/ }).click()
	await expect.poll(() => form.getByRole('alert').first().innerText()).toMatch(/不能短于|cannot be shorter/)

	await page.goto(`${own.baseUrl}/leads/follow-up`)
	await page.getByTestId('follow-up-owners').waitFor()
	expect(await overdueOf(page, staff.id)).toBe(before + 1)
	await page.locator(`[data-testid="follow-up-owners"] tr[data-owner="${staff.id}"] td a`).first().click()
	await page.waitForURL(/\/leads\?.*overdue=1/)
	const url = new URL(page.url())
	expect(url.searchParams.get('owner')).toBe(staff.id)
	await page.getByTestId('lead-count').waitFor()
	expect(Number((await page.getByTestId('lead-count').innerText()).replace(/[^\d]/g, ''))).toBe(before + 1)
	url.searchParams.set('q', name)
	await page.goto(url.toString())
	await page.getByText(name).first().waitFor()
	expect(Number((await page.getByTestId('lead-count').innerText()).replace(/[^\d]/g, ''))).toBe(1)
	expect(problems).toEqual([])

	await context.close()
})
