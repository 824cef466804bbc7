import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import ExcelJS from 'exceljs'
import { type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, expect, inject, test } from 'vitest'
import { usccCheckChar } from '~/domain/company/uscc'
import { launchBrowser, signIn, watchForErrors } from './browser'

const baseUrl = inject('baseUrl')
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chainlead-crm-e2e-'))
let browser: Browser

beforeAll(async () => {
	browser = await launchBrowser()
})
afterAll(async () => {
	await browser?.close()
	fs.rmSync(dir, { recursive: true, force: true })
})

const uscc = (body17: string) => body17 + usccCheckChar(body17)!
const NAMES = ['（示例）浏览器测试磁材有限公司', '（示例）浏览器测试电机股份有限公司', '（示例）浏览器测试回收科技有限公司']
const GOOD = [uscc('91360700MA35E2E01'), uscc('91360700MA35E2E02'), uscc('91360700MA35E2E03')]
// The second row's code has a wrong check digit: the user fixes it in the preview.
const BROKEN = GOOD[1]!.slice(0, 17) + (GOOD[1]!.endsWith('0') ? '1' : '0')

async function writeCompaniesXlsx(file: string) {
	const workbook = new ExcelJS.Workbook()
	const sheet = workbook.addWorksheet('企业名单')
	sheet.addRow(['企业名称', '统一社会信用代码', '注册资本', '所属行业', '联系人', '联系电话'])
	sheet.addRow([NAMES[0], GOOD[0], '500万元', '磁性材料', '王经理', '0797-0000001'])
	sheet.addRow([NAMES[1], BROKEN, '1.2亿元', '电机制造', '李经理', '0797-0000002'])
	sheet.addRow([NAMES[2], GOOD[2], '3000万', '资源回收', '赵经理', '0797-0000003'])
	await workbook.xlsx.writeFile(file)
}

async function download(page: Page, click: () => Promise<void>) {
	const [file] = await Promise.all([page.waitForEvent('download'), click()])
	const target = path.join(dir, file.suggestedFilename())
	await file.saveAs(target)
	return target
}

async function readRows(file: string) {
	const workbook = new ExcelJS.Workbook()
	await workbook.xlsx.readFile(file)
	const rows: unknown[][] = []
	workbook.worksheets[0]!.eachRow((row) => rows.push((row.values as unknown[]).slice(1)))
	return rows
}

test('staff import companies from XLSX, fix a row, find them, work a lead across the board into a project, and export', async () => {
	const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 1000 }, acceptDownloads: true })
	const page = await context.newPage()
	const problems = watchForErrors(page)
	page.on('dialog', (dialog) => void dialog.accept())
	await signIn(page, baseUrl, 'staff')

	// Import: upload, the bad check digit is reported, fix it inline, commit.
	const xlsx = path.join(dir, '企业名单.xlsx')
	await writeCompaniesXlsx(xlsx)
	await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '导入导出', exact: true }).click()
	await page.getByTestId('import-link').click()
	await page.getByTestId('import-kind').selectOption('companies')
	await page.getByTestId('import-file').setInputFiles(xlsx)
	await page.getByTestId('import-upload').click()
	await page.waitForURL(/\/data\/import\/[^/?]+$/)
	await expect.poll(() => page.getByTestId('import-count-invalid').innerText()).toContain('1')
	expect(await page.getByTestId('import-commit').isDisabled()).toBe(true)
	const badRow = page.getByTestId('invalid-row-3')
	await badRow.getByLabel('统一社会信用代码（3）').fill(GOOD[1]!)
	await page.getByTestId('fix-row-3').click()
	await expect.poll(() => page.getByTestId('invalid-row-3').count()).toBe(0)
	await expect.poll(() => page.getByTestId('import-count-create').innerText()).toContain('3')
	await page.getByTestId('import-commit').click()
	await page.waitForURL(/\/data\/import\?batch=/)
	await expect.poll(() => page.getByTestId('import-done').innerText()).toMatch(/3/)

	// The companies are found by name and by USCC.
	await page.goto(`${baseUrl}/companies?q=${encodeURIComponent('浏览器测试')}`)
	await expect.poll(() => page.locator('main table tbody tr').count()).toBe(3)
	await page.goto(`${baseUrl}/companies?q=${GOOD[1]}`)
	expect(await page.locator('main table tbody').innerText()).toContain(NAMES[1])

	// A lead moves across the board with the keyboard-usable "move to" control.
	await page.goto(`${baseUrl}/leads?view=board`)
	// One of the staff member's own leads (ADR 0010: another unit's would be refused).
	const company = '（示例）深蓝医疗电机有限公司'
	await page.getByLabel(`将“${company}”移到`).selectOption('contacted')
	// The card moves at once (optimistic); the reload waits for the server's answer, or it would race the write.
	const moveStored = page.waitForResponse((response) => response.request().method() === 'POST' && /^\/leads(\.data)?$/.test(new URL(response.url()).pathname))
	await page.getByTestId('lead-board').locator('li', { hasText: company }).getByRole('button', { name: '移动' }).click()
	await expect.poll(() => page.locator('[data-stage="contacted"]').innerText()).toContain(company)
	expect((await moveStored).ok()).toBe(true)
	await page.reload()
	expect(await page.locator('[data-stage="contacted"]').innerText()).toContain(company)

	// Log a visit in two clicks: the lead moves to 已拜访 by itself.
	await page.locator('[data-stage="contacted"]').getByRole('link', { name: company }).click()
	await page.waitForURL(/\/leads\/[^/]+$/)
	await page.getByTestId('log-activity').getByLabel('拜访').check()
	await page.getByTestId('log-activity').getByRole('button', { name: '保存' }).click()
	await expect.poll(() => page.getByTestId('log-activity').innerText()).toContain('已记录跟进，线索已自动进入“已拜访”')
	await expect.poll(() => page.getByTestId('stage-history').innerText()).toMatch(/已接洽\s+已拜访/)

	// Convert it to a project: talks began last week, so the 洽谈 date is set back from today.
	const talksBegan = new Date(Date.now() - 7 * 24 * 60 * 60 * 1000).toISOString().slice(0, 10)
	expect(await page.getByTestId('convert-negotiating-date').inputValue()).toBe(new Date().toISOString().slice(0, 10))
	await page.getByTestId('convert-negotiating-date').fill(talksBegan)
	await page.getByRole('button', { name: '转为项目' }).click()
	await page.waitForURL(/\/projects\/[^/]+$/)
	// The URL changes before the project page renders (client-side navigation): wait for its content.
	await expect.poll(() => page.locator('main').innerText()).toContain(talksBegan)
	expect(await page.locator('main').innerText()).toContain(company)
	expect(await page.locator('main').innerText()).toContain('洽谈')

	// Export the lead list as XLSX: it opens with exceljs and shows the converted lead.
	await page.goto(`${baseUrl}/leads`)
	await page.locator('.export-form summary').click()
	const leadsFile = await download(page, () => page.getByTestId('export-leads').getByRole('button', { name: /XLSX/ }).click())
	expect(path.basename(leadsFile)).toMatch(/^leads-\d{4}-\d{2}-\d{2}\.xlsx$/)
	const leadRows = await readRows(leadsFile)
	expect(leadRows[0]).toContain('企业名称')
	const converted = leadRows.find((r) => r[0] === company)!
	expect(converted).toContain('已转项目')

	// Export the imported companies and import that file again: every row is recognised as already there.
	await page.goto(`${baseUrl}/companies?q=${encodeURIComponent('浏览器测试')}`)
	await page.locator('.export-form summary').click()
	const companiesFile = await download(page, () => page.getByTestId('export-companies').getByRole('button', { name: /XLSX/ }).click())
	const companyRows = await readRows(companiesFile)
	expect(
		companyRows
			.slice(1)
			.map((r) => r[0])
			.sort(),
	).toEqual([...NAMES].sort())
	expect(
		companyRows
			.slice(1)
			.map((r) => r[1])
			.sort(),
	).toEqual([...GOOD].sort())
	await page.goto(`${baseUrl}/data/import`)
	await page.getByTestId('import-kind').selectOption('companies')
	await page.getByTestId('import-file').setInputFiles(companiesFile)
	await page.getByTestId('import-upload').click()
	await page.waitForURL(/\/data\/import\/[^/?]+$/)
	await expect.poll(() => page.getByTestId('import-count-duplicates').innerText()).toContain('3')
	expect(await page.getByTestId('import-count-create').innerText()).toContain('0')
	await page.getByTestId('import-cancel').click()

	expect(problems).toEqual([])
	await context.close()
})
