import { expect, test } from 'vitest'
import { seriousViolations, signIn, watchForErrors } from './browser'
import { ownServerWithBrowser } from './own-server'

// A manager corrects a saved quota's target on its page (values by year, the comparison), sees the
// quota counted against the new value, and a wrong value is refused in words. On a server of its own:
// it changes a seeded quota that other browser tests read.
const own = ownServerWithBrowser()

test('a manager corrects a quota’s target: values by year are saved and shown, a fractional count is refused with a message', async () => {
	const { id } = await own.db.quota.findFirstOrThrow({ where: { section: '（六）16' }, select: { id: true } })
	const year = new Date().getUTCFullYear()
	const context = await own.browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } })
	const page = await context.newPage()
	const problems = watchForErrors(page)
	await signIn(page, own.baseUrl, 'manager')
	await page.goto(`${own.baseUrl}/quotas/${id}?year=${year}`)
	const form = page.getByTestId('quota-target-form')
	expect(await form.getByLabel('考核指标').inputValue()).not.toBe('')

	// A count of projects is a whole number: refused on its field, nothing saved.
	await form.getByLabel('分年度目标').fill(`${year - 1}：10；${year}：12.5`)
	await form.getByLabel('周期').selectOption('by_year')
	await form.getByRole('button', { name: '保存目标' }).click()
	await expect.poll(() => form.getByRole('alert').allInnerTexts()).toContain('家、个、项、人次等须为整数')
	expect(await page.getByTestId('quota-year-values').count()).toBe(0)

	await form.getByLabel('分年度目标').fill(`${year - 1}：10；${year}：14`)
	await form.getByLabel('比较方式').selectOption('>=')
	await form.getByRole('button', { name: '保存目标' }).click()
	await expect.poll(() => page.getByRole('status').allInnerTexts()).toContain('已保存。')
	const values = page.getByTestId('quota-year-values')
	expect(await values.locator(`li[data-year="${year}"]`).innerText()).toContain('14')
	expect(await values.locator(`li[data-year="${year - 1}"]`).innerText()).toContain('10')
	// The form shows what is stored now.
	expect(await form.getByLabel('分年度目标').inputValue()).toBe(`${year - 1}：10；${year}：14`)
	expect(await seriousViolations(page)).toEqual([])
	expect(problems).toEqual([])
	await context.close()
})
