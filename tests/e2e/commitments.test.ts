import { expect, test } from 'vitest'
import { signIn, watchForErrors } from './browser'
import { countyOf, ownServerWithBrowser } from './own-server'

// 履约 (ADR 0039) as a manager meets it: a signed project whose 开工 deadline has passed shows
// 签约未开工 on its page, in the project list's 履约预警 filter, on the 工作台 and in the calendar.

// A server of its own: the test changes a project others read.
const own = ownServerWithBrowser()

const dayText = (date: Date) => date.toISOString().slice(0, 10)

test('a 开工 deadline in the past on a signed project: 签约未开工 on the page, in the list filter, on the home page and the calendar', async () => {
	const company = await own.db.company.create({ data: { name: '（示例）履约演示磁材有限公司', isLocal: true, isSample: true }, select: { id: true } })
	const project = await own.db.project.create({
		data: {
			regionId: await countyOf(own.db),
			title: '（示例）履约演示磁材项目',
			companyId: company.id,
			type: 'new',
			investmentCNY: 300_000_000n,
			stage: 'signed',
			negotiatingDate: new Date('2026-01-05'),
			signedDate: new Date('2026-02-10'),
			isSample: true,
		},
		select: { id: true },
	})
	// Ten days ago, in China's calendar as the app counts it.
	const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date())
	const deadline = dayText(new Date(Date.parse(`${today}T00:00:00Z`) - 10 * 86_400_000))

	const page = await own.browser.newPage({ viewport: { width: 1440, height: 1000 } })
	const problems = watchForErrors(page)
	await signIn(page, own.baseUrl, 'manager')
	await page.goto(`${own.baseUrl}/projects/${project.id}`)
	expect(await page.getByTestId('commitment-warnings').count()).toBe(0)

	// The manager records the agreement's commitments on the project form.
	await page.locator('#project-commitStartBy').fill(deadline)
	await page.locator('#project-commitProduceBy').fill('2028-06-30')
	await page.locator('#project-commitLandMu').fill('150')
	await expect.poll(() => page.getByTestId('commitment-fields').textContent()).toContain('投资强度 200 万元/亩')
	await page.locator('#project-commitOutputWan').fill('80000')
	await page.locator('#project-commitTaxWan').fill('4000')
	await page.getByRole('button', { name: '保存修改' }).click()
	await expect.poll(() => page.getByRole('status').first().textContent()).toContain('项目已保存')

	// The page warns: 签约未开工, 10 days overdue; the facts show the intensity.
	await expect.poll(() => page.getByTestId('commitment-warnings').textContent()).toContain('签约未开工')
	expect(await page.getByTestId('commitment-warnings').textContent()).toContain(`开工期限 ${deadline} 已过，逾期 10 天`)
	expect(await page.getByTestId('commitment-intensity').textContent()).toBe('200 万元/亩')
	await page.screenshot({ path: 'test-results/commitments-project-1440.png', fullPage: true })

	// The list's 履约预警 filter finds it, with its badge.
	await page.goto(`${own.baseUrl}/projects`)
	await page.getByTestId('commit-filter').selectOption('broken')
	await page.getByRole('button', { name: '筛选', exact: true }).click()
	await page.waitForURL(/commit=broken/)
	// The seeded projects have no commitments: the filtered list is this project alone, with its badge.
	await expect.poll(() => page.locator('tbody tr').count()).toBe(1)
	const row = page.locator('tr', { hasText: '（示例）履约演示磁材项目' })
	expect(await row.getByTestId('commitment-badge').textContent()).toBe('签约未开工')
	await page.screenshot({ path: 'test-results/commitments-list-1440.png', fullPage: true })

	// The 工作台 panel and the calendar (a manager sees the whole scope).
	await page.goto(`${own.baseUrl}/`)
	await expect.poll(() => page.getByTestId('home-commitments').textContent()).toContain('（示例）履约演示磁材项目')
	await page.screenshot({ path: 'test-results/commitments-home-1440.png', fullPage: true })
	await page.goto(`${own.baseUrl}/calendar?month=${deadline.slice(0, 7)}`)
	await expect.poll(() => page.getByTestId('calendar-grid').textContent()).toContain('开工期限：（示例）履约演示磁材项目')
	await page.screenshot({ path: 'test-results/calendar-1440.png', fullPage: true })

	// The account page makes a feed address once.
	await page.goto(`${own.baseUrl}/account`)
	await page.getByRole('button', { name: '生成订阅地址' }).click()
	await expect.poll(() => page.getByTestId('feed-url').inputValue()).toMatch(/\/calendar\/feed\/[A-Za-z0-9_-]{43}\.ics$/)
	const feedUrl = await page.getByTestId('feed-url').inputValue()
	await page.screenshot({ path: 'test-results/account-feed-1440.png', fullPage: true })
	// A calendar app, without the session's cookie, reads the deadline.
	const feed = await fetch(feedUrl)
	expect(feed.status).toBe(200)
	expect((await feed.text()).replace(/\r\n /g, '')).toContain(`DTSTART;VALUE=DATE:${deadline.replaceAll('-', '')}`)
	expect(problems).toEqual([])
	await page.close()

	// On a phone: the warning, the filtered list and the calendar as a list of days.
	const phone = await own.browser.newPage({ viewport: { width: 390, height: 844 } })
	const phoneProblems = watchForErrors(phone)
	await signIn(phone, own.baseUrl, 'manager')
	await phone.goto(`${own.baseUrl}/projects/${project.id}`)
	await expect.poll(() => phone.getByTestId('commitment-warnings').textContent()).toContain('签约未开工')
	await phone.screenshot({ path: 'test-results/commitments-project-390.png', fullPage: true })
	await phone.goto(`${own.baseUrl}/projects?commit=broken`)
	await expect.poll(() => phone.getByText('（示例）履约演示磁材项目').count()).toBeGreaterThan(0)
	await phone.screenshot({ path: 'test-results/commitments-list-390.png', fullPage: true })
	await phone.goto(`${own.baseUrl}/calendar?month=${deadline.slice(0, 7)}`)
	expect(await phone.getByTestId('calendar-grid').isVisible()).toBe(false)
	await expect.poll(() => phone.getByTestId('calendar-list').textContent()).toContain('开工期限：（示例）履约演示磁材项目')
	await phone.screenshot({ path: 'test-results/calendar-390.png', fullPage: true })
	await phone.goto(`${own.baseUrl}/`)
	await phone.screenshot({ path: 'test-results/commitments-home-390.png', fullPage: true })
	await phone.goto(`${own.baseUrl}/account`)
	await phone.screenshot({ path: 'test-results/account-feed-390.png', fullPage: true })
	// No page is wider than the phone.
	expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
	expect(phoneProblems).toEqual([])
	await phone.close()
})
