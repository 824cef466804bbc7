import fs from 'node:fs'
import { type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, expect, inject, test } from 'vitest'
import { launchBrowser, seriousViolations, signIn, watchForErrors } from './browser'

// Issue #15 §6: the review page shows the document's structure beside the cards,
// marks where each field was read, and lets the reviewer merge and split cards.
// The plan is written for this test: a target of the 主要目标 restated in other
// words in the tasks (the extractor keeps two cards), and one number for two
// kinds of firms (one card the reviewer splits).

const baseUrl = inject('baseUrl')
let browser: Browser

beforeAll(async () => {
	browser = await launchBrowser()
	fs.mkdirSync('test-results', { recursive: true })
})
afterAll(async () => {
	await browser?.close()
})

const PLAN = [
	'（核验）审核页面三年行动方案（2025-2027年）',
	'一、主要目标',
	'到2027年，全区引进核验亿元以上项目15个，建成2-3个核验公共服务平台和20个左右核验示范车间。',
	'二、重点任务',
	'（一）招大引强。三年内招引核验亿元项目15个以上。〔责任单位：区核验商务局〕',
	'（二）培育主体。每年新增核验高新技术企业和核验专精特新企业各10家。〔责任单位：区核验科技局、区核验工信局〕',
	'附件',
	'重点任务分工表',
	'序号\t重点任务\t牵头单位',
	'1\t招大引强\t区核验商务局',
].join('\n')

async function extract(page: Page, title: string) {
	await page.goto(`${baseUrl}/quotas/import`)
	await page.getByLabel(/文件标题|Document title/).fill(title)
	await page.getByLabel(/文件全文|Full text/).fill(PLAN)
	await page.getByTestId('extract-targets').click()
	await expect.poll(() => page.getByTestId('target-card').count()).toBe(5)
}

const card = (page: Page, text: string) => page.getByTestId('target-card').filter({ has: page.locator(`input[value="${text}"]`) })
const marks = (page: Page, testId: 'source-mark' | 'source-field-mark') => page.getByTestId('policy-text').getByTestId(testId).allInnerTexts()

test('a reviewer sees the structure, each field’s source marked, merges two cards and splits one, and saves the right quotas', async () => {
	const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 1000 } })
	const page = await context.newPage()
	const problems = watchForErrors(page)
	await signIn(page, baseUrl, 'manager')
	await extract(page, '（核验）审核页面三年行动方案')

	// The structure pane: headings, paragraphs and the task table with its cells.
	const structure = page.getByTestId('policy-text')
	expect(await structure.getByRole('heading', { name: '一、主要目标' }).count()).toBe(1)
	expect(await structure.locator('table td').allInnerTexts()).toEqual(['序号', '重点任务', '牵头单位', '1', '招大引强', '区核验商务局'])

	// Selecting a card marks its clause; focusing a field marks the characters it was read from.
	const projects = card(page, '全区引进核验亿元以上项目')
	await projects.getByTestId('show-source').click()
	await expect.poll(() => marks(page, 'source-mark')).toEqual(['全区引进核验亿元以上项目15个'])
	await projects.getByLabel('目标值').focus()
	await expect.poll(() => marks(page, 'source-field-mark')).toEqual(['15'])
	await projects.getByLabel('考核指标').focus()
	await expect.poll(() => marks(page, 'source-field-mark')).toEqual(['全区引进核验亿元以上项目'])
	const restated = card(page, '三年内招引核验亿元项目')
	await restated.getByLabel('责任单位').focus()
	// The unit in the note after the clause, not the table's cell further down.
	await expect.poll(() => marks(page, 'source-field-mark')).toEqual(['区核验商务局'])
	const noteAt = await page.getByTestId('source-field-mark').evaluate((mark) => mark.closest('p')?.textContent ?? '')
	expect(noteAt).toContain('〔责任单位：区核验商务局〕')
	expect(await page.getByTestId('source-field-mark').isVisible()).toBe(true)
	await page.screenshot({ path: 'test-results/policy-review-zh-1440.png' })

	// Merge the restatement into the first card: its 以上 and both cards' units.
	await projects.getByTestId('merge-card').click()
	const panel = projects.getByTestId('merge-panel')
	const other = (await panel.getByTestId('merge-with').locator('option').allInnerTexts()).find((label) => label.includes('三年内招引核验亿元项目'))!
	await panel.getByTestId('merge-with').selectOption({ label: other })
	await panel.getByTestId('merge-choice-value').getByRole('radio').nth(1).check()
	await panel.getByTestId('merge-choice-responsibleUnits').getByRole('radio', { name: '两者的责任单位都保留' }).check()
	expect(await seriousViolations(page)).toEqual([])
	await projects.screenshot({ path: 'test-results/policy-review-zh-1440-merge.png' })
	await panel.getByTestId('merge-confirm').click()
	await expect.poll(() => page.getByTestId('target-card').count()).toBe(4)
	const merged = card(page, '全区引进核验亿元以上项目')
	expect(await merged.getByLabel('比较方式').inputValue()).toBe('>=')
	expect(await merged.getByLabel('责任单位').inputValue()).toBe('区核验商务局')
	expect(await merged.getByTestId('target-sources').locator('li').count()).toBe(2)
	// Both places are marked when the merged card's value is in focus.
	await merged.getByLabel('目标值').focus()
	await expect.poll(() => marks(page, 'source-field-mark')).toEqual(['15', '15'])

	// Split the card of two kinds of firms: two cards, one each, the number and units kept.
	const firms = card(page, '新增核验高新技术企业和核验专精特新企业各')
	await firms.getByTestId('split-card').click()
	await expect.poll(() => page.getByTestId('target-card').count()).toBe(5)
	await expect.poll(() => page.getByTestId('review-announcement').innerText()).toContain('拆分')
	const hightech = card(page, '新增核验高新技术企业')
	const specialised = card(page, '新增核验专精特新企业')
	expect([await hightech.getByLabel('目标值').inputValue(), await specialised.getByLabel('目标值').inputValue()]).toEqual(['10', '10'])
	expect(await specialised.getByLabel('责任单位').inputValue()).toBe('区核验科技局、区核验工信局')
	// Both stay editable: the second's value is corrected by hand.
	await specialised.getByLabel('目标值').fill('8')
	expect(await seriousViolations(page)).toEqual([])

	await page.getByTestId('save-targets').click()
	await page.waitForURL(/\/quotas\?.*saved=5/)
	// One quota per card as it stood: the dashboard may list a quota in more than one place, so count quota ids.
	const row = (metric: string) => page.locator('[data-testid="quota-row"]', { has: page.getByRole('heading', { name: metric, exact: true }) })
	const quotas = async (metric: string) => new Set(await row(metric).evaluateAll((rows) => rows.map((r) => r.getAttribute('data-quota-id')))).size
	await expect.poll(() => quotas('全区引进核验亿元以上项目')).toBe(1)
	expect(await quotas('三年内招引核验亿元项目')).toBe(0)
	expect(await row('全区引进核验亿元以上项目').first().innerText()).toContain('区核验商务局')
	expect([await quotas('新增核验高新技术企业'), await quotas('新增核验专精特新企业')]).toEqual([1, 1])
	expect(await row('新增核验高新技术企业').first().locator('.quota-figures dd').first().innerText()).toContain('10')
	expect(await row('新增核验专精特新企业').first().locator('.quota-figures dd').first().innerText()).toContain('8')
	expect(await quotas('新增核验高新技术企业和核验专精特新企业各')).toBe(0)

	expect(problems).toEqual([])
	await context.close()
})

test('on a phone the document and the cards take turns from the bar at the bottom; English is complete', async () => {
	for (const locale of ['zh-CN', 'en'] as const) {
		const context = await browser.newContext({ locale, viewport: { width: 390, height: 844 }, hasTouch: true })
		const page = await context.newPage()
		const problems = watchForErrors(page)
		await signIn(page, baseUrl, 'manager')
		if (locale === 'en') await page.request.post(`${baseUrl}/set-language`, { form: { locale: 'en', returnTo: '/quotas' }, headers: { Origin: baseUrl } })
		await extract(page, '（核验）审核页面三年行动方案（手机）')
		const lang = locale === 'en' ? 'en' : 'zh'

		// Cards first; the structure is one tap away and shows the card's source.
		expect(await page.getByTestId('policy-text').isVisible()).toBe(false)
		await page.screenshot({ path: `test-results/policy-review-${lang}-390-cards.png` })
		const first = page.getByTestId('target-card').first()
		await first.getByTestId('show-source').click()
		await expect.poll(() => page.getByTestId('policy-text').isVisible()).toBe(true)
		expect(await page.getByTestId('target-card').first().isVisible()).toBe(false)
		await expect.poll(() => page.getByTestId('source-mark').first().isVisible()).toBe(true)
		await page.screenshot({ path: `test-results/policy-review-${lang}-390-document.png` })
		expect(await seriousViolations(page)).toEqual([])
		await page.getByTestId('back-to-card').click()
		await expect.poll(() => first.isVisible()).toBe(true)
		await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('target-card-1')

		if (locale === 'en') {
			await page.setViewportSize({ width: 1440, height: 1000 })
			await page.getByTestId('target-card').nth(1).getByLabel('Target', { exact: true }).focus()
			await expect.poll(() => page.getByTestId('source-field-mark').count()).toBeGreaterThan(0)
			await page.screenshot({ path: 'test-results/policy-review-en-1440.png' })
			// No Chinese in the page's own words (the document and the extracted values are data).
			const chrome = await page.locator('.policy-review-text .field-hint, .policy-review h3, .card-tools, .review-actions').allInnerTexts()
			expect(chrome.join(' ')).not.toMatch(/[\u3400-\u9fff]/u)
		}
		expect(problems).toEqual([])
		await context.close()
	}
})

test('a long plan: typing in a card changes nothing in the document pane, and selecting a field renders again only the blocks it marks', async () => {
	// The county plan of the corpus, three times over (each target once, citing three places).
	const plan = fs.readFileSync('tests/fixtures/policy-corpus/01-ganxian-rare-earth-cluster/source.txt', 'utf8')
	const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 1000 } })
	const page = await context.newPage()
	const problems = watchForErrors(page)
	await signIn(page, baseUrl, 'manager')
	await page.goto(`${baseUrl}/quotas/import`)
	await page.getByLabel('文件标题').fill('（核验）长文件审核')
	await page.getByLabel('文件全文').fill([plan, plan, plan].join('\n'))
	await page.getByTestId('extract-targets').click()
	await expect.poll(() => page.getByTestId('target-card').count()).toBeGreaterThan(10)
	const blocks = page.locator('.policy-outline > *')
	expect(await blocks.count()).toBeGreaterThan(150)

	// Count the outline's blocks that change, from here on.
	await page.evaluate(() => {
		const outline = document.querySelector('.policy-outline')!
		const touched = new Set<Element>()
		;(window as unknown as { touched: Set<Element> }).touched = touched
		new MutationObserver((records) => {
			for (const record of records) {
				let node: Node | null = record.target
				while (node && node.parentNode !== outline) node = node.parentNode
				if (node) touched.add(node as Element)
			}
		}).observe(outline, { subtree: true, childList: true, characterData: true, attributes: true })
	})
	const touched = () => page.evaluate(() => (window as unknown as { touched: Set<Element> }).touched.size)
	const restated = page
		.getByTestId('target-card')
		.filter({ has: page.getByTestId('target-sources') })
		.first()
	await restated.getByLabel('考核指标').focus()
	await expect.poll(() => page.getByTestId('source-field-mark').count()).toBeGreaterThanOrEqual(3)
	// Its three places, and the block the old selection left: nothing else.
	expect(await touched()).toBeLessThanOrEqual(6)
	await page.evaluate(() => (window as unknown as { touched: Set<Element> }).touched.clear())
	await page.keyboard.type('（核对）')
	expect(await restated.getByLabel('考核指标').inputValue()).toContain('（核对）')
	expect(await touched()).toBe(0)
	expect(problems).toEqual([])
	await context.close()
})
