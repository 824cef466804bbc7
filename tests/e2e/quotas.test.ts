import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import ExcelJS from 'exceljs'
import { type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, expect, inject, test } from 'vitest'
import { launchBrowser, signIn, watchForErrors } from './browser'

const baseUrl = inject('baseUrl')
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chainlead-quota-e2e-'))
let browser: Browser

beforeAll(async () => {
	browser = await launchBrowser()
})
afterAll(async () => {
	await browser?.close()
	fs.rmSync(dir, { recursive: true, force: true })
})

/**
 * The year before the demo was seeded (today: the e2e server seeds as `npm start` does): the seed dates its
 * sample projects relative to that day (ADR 0021), and the ones it plans for "last year" are the ones read here.
 */
const LAST_YEAR = String(new Date().getUTCFullYear() - 1)

// A paragraph in the style of a county plan: one project quota with an investment line, one company quota.
const POLICY = [
	'二、重点任务',
	'（一）招大引强',
	`1．${LAST_YEAR}年，引进重大产业项目3个以上（单个项目投资不低于5亿元），新增高新技术企业5家。〔责任单位：区商务局、区工信局〕`,
].join('\n')

async function download(page: Page, click: () => Promise<void>) {
	const [file] = await Promise.all([page.waitForEvent('download'), click()])
	const target = path.join(dir, file.suggestedFilename())
	await file.saveAs(target)
	return target
}

async function sheetRows(file: string, name: string) {
	const workbook = new ExcelJS.Workbook()
	await workbook.xlsx.readFile(file)
	const rows: unknown[][] = []
	workbook.getWorksheet(name)!.eachRow((row) => rows.push((row.values as unknown[]).slice(1)))
	return rows
}

test('a manager reads clause 16 on the dashboard, finds the same figure in the monthly report, and turns a pasted policy paragraph into quotas', async () => {
	const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 1000 }, acceptDownloads: true })
	const page = await context.newPage()
	const problems = watchForErrors(page)
	await signIn(page, baseUrl, 'manager')

	// 目标考核 for last year: clause （六）16 counts the rare-earth projects signed that year and lists them.
	await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '目标考核', exact: true }).click()
	await page.getByLabel('考核年度').selectOption(LAST_YEAR)
	await page.getByRole('button', { name: '查看', exact: true }).click()
	const clause16 = page.locator('[data-testid="quota-row"][data-section="（六）16"]')
	await expect.poll(() => clause16.innerText()).toContain('稀土集团万吨级稀土金属项目')
	const clause16Actual = Number(await clause16.getAttribute('data-actual'))
	expect(clause16Actual).toBeGreaterThan(0)

	// The 月调度表 for December of that year opens in exceljs with the same figure.
	await page.goto(`${baseUrl}/reports/monthly?year=${LAST_YEAR}&month=12`)
	const report = await download(page, () => page.getByTestId('report-download').click())
	const progressRows = await sheetRows(report, '目标进度')
	const header = progressRows.find((row) => row.includes('实际完成'))!
	const reportRow = progressRows.find((row) => row[0] === '（六）16')!
	expect(reportRow[header.indexOf('实际完成')]).toBe(clause16Actual)

	// Paste a paragraph: both targets are found and highlighted in the text.
	await page.goto(`${baseUrl}/quotas`)
	await page.getByRole('link', { name: '导入政策文件' }).click()
	await page.getByLabel('文件标题').fill('（测试）招大引强工作要点')
	await page.getByLabel('文件全文').fill(POLICY)
	await page.getByTestId('extract-targets').click()
	const cards = page.getByTestId('target-card')
	await expect.poll(() => cards.count()).toBe(2)
	expect(await page.getByTestId('policy-text').locator('mark').count()).toBe(2)
	expect(await cards.nth(0).getByLabel('单个项目最低投资').inputValue()).toBe('5')

	// Correct the first (3 → 2 projects), discard the second, save.
	await cards.nth(0).getByLabel('目标值').fill('2')
	await cards.nth(1).getByTestId('target-accept').uncheck()
	await page.getByTestId('save-targets').click()
	await page.waitForURL(/\/quotas\?.*saved=1/)
	expect(page.url()).toContain(`year=${LAST_YEAR}`)
	await expect.poll(() => page.getByTestId('import-saved').innerText()).toContain('1')

	// On the dashboard: only last year's signing at or above 5亿元 counts.
	const saved = page.locator('[data-testid="quota-row"]', { hasText: '引进重大产业项目' })
	await expect.poll(() => saved.count()).toBe(1)
	expect(await saved.innerText()).toContain('2 个')
	expect(await saved.getAttribute('data-actual')).toBe('1')
	expect(await saved.innerText()).toContain('稀土集团万吨级稀土金属项目')
	expect(await page.locator('[data-testid="quota-row"]', { hasText: '新增高新技术企业5家' }).count()).toBe(0)

	// Its page lists what counted and what did not, with the reason.
	await saved.getByRole('link', { name: '引进重大产业项目' }).click()
	await page.waitForURL(/\/quotas\/[^/?]+/)
	const excluded = await page.getByTestId('quota-excluded').innerText()
	expect(excluded).toContain('（示例）微特电机生产基地')
	expect(excluded).toMatch(/1\.5\s?亿元 < 5\s?亿元/)
	expect(await page.getByTestId('quota-items').innerText()).toContain('稀土集团万吨级稀土金属项目')

	expect(problems).toEqual([])
	await context.close()
})

/** A Chinese character: none may stand in a figure or its unit on an English page (names and policy text are data and may). */
const CJK = /[\u3400-\u9fff]/u

test('English pages give figures in English units (CNY bn for 亿元, firms for 家, projects for 个, units for 台) on quotas, home, the chain map, the Sankey and the report workbook', async () => {
	const context = await browser.newContext({ locale: 'en', viewport: { width: 1440, height: 1000 }, acceptDownloads: true })
	const page = await context.newPage()
	const problems = watchForErrors(page)
	await signIn(page, baseUrl, 'manager')
	await page.request.post(`${baseUrl}/set-language`, { form: { locale: 'en', returnTo: '/quotas' }, headers: { Origin: baseUrl } })
	const noChinese = (texts: string[], where: string) => {
		expect(texts.length, where).toBeGreaterThan(0)
		for (const text of texts) expect(text, `${where}: ${text}`).not.toMatch(CJK)
	}

	// Quotas: every card's figures and the overview's target, actual and pace cells.
	await page.goto(`${baseUrl}/quotas?year=${LAST_YEAR}`)
	const figures = await page.locator('.quota-card dl').allInnerTexts()
	expect(figures.length).toBeGreaterThan(5)
	// The seed's 产值 clause (> 200 亿元), its 规上企业 clause (50 家) and clause 16 (10 个 projects).
	expect(figures.some((text) => /> 20 CNY bn/.test(text))).toBe(true)
	expect(figures.some((text) => /50 firms/.test(text))).toBe(true)
	expect(figures.some((text) => /≥ 10 projects/.test(text))).toBe(true)
	noChinese(figures, 'quota cards')
	const overview = page.getByTestId('quota-overview')
	noChinese(await overview.locator('td.overview-target, td.overview-actual, td.overview-pace').allInnerTexts(), 'overview')
	// Clause 16's page: each responsible unit's share and actual, in projects.
	await page.locator('[data-testid="quota-row"][data-section="（六）16"]').getByRole('link').first().click()
	await page.waitForURL(/\/quotas\/[^/?]+/)
	// The client navigates: the URL changes before the new page has rendered.
	await expect.poll(() => page.getByTestId('quota-units').locator('td.num').count()).toBeGreaterThan(0)
	const shares = await page.getByTestId('quota-units').locator('td.num').allInnerTexts()
	noChinese(shares, 'unit shares')
	expect(shares.some((text) => /\d+ projects?$/.test(text.trim()))).toBe(true)

	// Home: the quotas behind pace, with their figures.
	await page.goto(`${baseUrl}/`)
	noChinese(await page.getByTestId('slipping-figures').allInnerTexts(), 'home')

	// The chain map: each node's figures line, the gap table's supply and demand cells.
	await page.goto(`${baseUrl}/chains/rare-earth-ganxian`)
	const nodeFigures = await page.locator('[data-testid="chain-map"] .node-figures').allTextContents()
	noChinese(nodeFigures, 'map nodes')
	expect(nodeFigures.some((text) => /20K units/.test(text))).toBe(true)
	const motors = page.getByTestId('gap-table').locator('tbody tr', { hasText: 'NEV traction motors' })
	expect(await motors.locator('td').nth(2).innerText()).toBe('20,000 units')
	noChinese(await page.getByTestId('gap-table').locator('td.num').allInnerTexts(), 'gap table')

	// The Sankey: figures on nodes and bands, family titles and the flow table.
	await page.goto(`${baseUrl}/chains/rare-earth-ganxian?view=sankey`)
	noChinese(await page.locator('.sankey-figure, .band-figure').allTextContents(), 'Sankey figures')
	noChinese(await page.locator('.sankey-family h3').allInnerTexts(), 'Sankey titles')
	noChinese(await page.getByTestId('flow-table').locator('td.num').allInnerTexts(), 'flow table')

	// The English 月调度表 workbook: targets and units in English.
	await page.goto(`${baseUrl}/reports/monthly?year=${LAST_YEAR}&month=12`)
	const report = await download(page, () => page.getByTestId('report-download').click())
	const progressRows = await sheetRows(report, 'Quota progress')
	const header = progressRows.find((row) => row.includes('Target'))!
	const body = progressRows.slice(progressRows.indexOf(header) + 1).filter((row) => typeof row[0] === 'string' && /（/.test(row[0]))
	expect(body.length).toBeGreaterThan(5)
	noChinese(
		body.flatMap((row) => [String(row[header.indexOf('Target')]), String(row[header.indexOf('Unit')])]),
		'report workbook',
	)
	expect(body.some((row) => row[header.indexOf('Target')] === '> 20 CNY bn')).toBe(true)
	expect(problems).toEqual([])
	await context.close()
})
