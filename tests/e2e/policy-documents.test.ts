import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { type Browser } from 'playwright-core'
import { afterAll, beforeAll, expect, inject, test } from 'vitest'
import { docx } from '../fixtures/policy/docx'
import { launchBrowser, signIn, watchForErrors } from './browser'

// Issue #15: a plan as bureaus receive it, a Word file ending with its 重点任务分工表
// (a measure in one cell, its 责任单位 in the next), uploaded through the real page
// and read on the server's import worker; the saved quotas carry their units.

const baseUrl = inject('baseUrl')
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chainlead-policy-e2e-'))
let browser: Browser

beforeAll(async () => {
	browser = await launchBrowser()
})
afterAll(async () => {
	await browser?.close()
	fs.rmSync(dir, { recursive: true, force: true })
})

const PLAN = docx([
	'（测试）工业园区提质增效三年行动方案（2025-2027年）',
	'一、主要目标',
	'推动园区提质增效，重点任务分解如下。',
	'附件',
	'重点任务分工表',
	{
		table: [
			['序号', '重点任务', '牵头单位', '配合单位'],
			['1', '每年新增测试园区规上企业8家以上。', '区测试工信局', '区测试统计局'],
			['2', '建成2-3个测试公共服务平台和20个左右测试示范车间。', { text: '区测试科技局', rowSpan: 'start' }, ''],
			['3', '每年推动至少40个投资800万元以上的测试技改项目入库。', { text: '', rowSpan: 'continue' }, '区测试发改局'],
		],
	},
])

test('a manager uploads a .docx with a task table and saves targets that carry their 责任单位', async () => {
	const file = path.join(dir, '行动方案.docx')
	fs.writeFileSync(file, PLAN)
	const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 1000 } })
	const page = await context.newPage()
	const problems = watchForErrors(page)
	await signIn(page, baseUrl, 'manager')

	await page.goto(`${baseUrl}/quotas/import`)
	await page.getByLabel('文件标题').fill('（测试）工业园区提质增效三年行动方案')
	await page.getByLabel(/或上传文件/).setInputFiles(file)
	await page.getByTestId('extract-targets').click()

	const cards = page.getByTestId('target-card')
	await expect.poll(() => cards.count()).toBe(4)
	// The text as read keeps the table: a row per line, cells apart.
	expect(await page.getByTestId('policy-text').innerText()).toContain('每年新增测试园区规上企业8家以上。')
	const units = await Promise.all([0, 1, 2, 3].map((i) => cards.nth(i).getByLabel('责任单位').inputValue()))
	expect(units).toEqual(['区测试工信局、区测试统计局', '区测试科技局', '区测试科技局', '区测试科技局、区测试发改局'])
	const values = await Promise.all([0, 1, 2, 3].map((i) => cards.nth(i).getByLabel('目标值').inputValue()))
	expect(values).toEqual(['8', '2', '20', '40'])
	expect(await cards.nth(3).getByLabel('单个项目最低投资').inputValue()).toBe('800')

	await page.getByTestId('save-targets').click()
	await page.waitForURL(/\/quotas\?.*saved=4/)
	await expect.poll(() => page.getByTestId('import-saved').innerText()).toContain('4')

	// On the dashboard of the plan's first year: each quota with its lead unit and the others.
	expect(page.url()).toContain('year=2025')
	const row = (metric: string) => page.locator('[data-testid="quota-row"]', { hasText: metric })
	await expect.poll(() => row('新增测试园区规上企业').count()).toBe(1)
	expect(await row('新增测试园区规上企业').innerText()).toMatch(/区测试工信局[\s\S]*区测试统计局/)
	expect(await row('测试技改项目入库').innerText()).toMatch(/区测试科技局[\s\S]*区测试发改局/)
	expect(await row('建成测试示范车间').innerText()).toContain('区测试科技局')

	expect(problems).toEqual([])
	await context.close()
})

// ADR 0042: written for this test — a target of the 主要目标 restated in the task list, and a staged share.
const RESTATED_AND_STAGED = [
	'（测试）数字化转型三年行动方案（2025-2027年）',
	'一、主要目标',
	'到2027年，全区新增测试数字化车间16个以上。到2025年，测试企业数字化转型占比达到40%；到2026年达到45%；到2027年达到50%。',
	'二、重点任务',
	'（一）建设车间。到2027年，新增测试数字化车间16个以上。〔责任单位：区测试工信局〕',
].join('\n')

test('a restated and a staged target save one quota each, the staged one with its value per year', async () => {
	const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 1000 } })
	const page = await context.newPage()
	const problems = watchForErrors(page)
	await signIn(page, baseUrl, 'manager')

	await page.goto(`${baseUrl}/quotas/import`)
	await page.getByLabel('文件标题').fill('（测试）数字化转型三年行动方案')
	await page.getByLabel('文件全文').fill(RESTATED_AND_STAGED)
	await page.getByTestId('extract-targets').click()

	const cards = page.getByTestId('target-card')
	await expect.poll(() => cards.count()).toBe(2)
	const restated = cards.filter({ hasText: '新增测试数字化车间' })
	const staged = cards.filter({ has: page.locator('[data-testid="card-stages"]:not([value=""])') })
	expect(await restated.getByTestId('target-sources').locator('li').count()).toBe(2)
	expect(await restated.getByLabel('责任单位').inputValue()).toBe('区测试工信局')
	expect(await staged.getByTestId('card-stages').inputValue()).toBe('2025：40；2026：45；2027：50')

	await page.getByTestId('save-targets').click()
	await page.waitForURL(/\/quotas\?.*saved=2/)
	const row = page.locator('[data-testid="quota-row"]', { hasText: '数字化转型占比' })
	await expect.poll(() => row.count()).toBe(1)
	expect(await page.locator('[data-testid="quota-row"]', { hasText: '新增测试数字化车间' }).count()).toBe(1)
	// The dashboard opens on 2025: the share is due at that year's 40 %.
	expect(await row.innerText()).toContain('40')

	await row.getByRole('link').first().click()
	await page.waitForURL(/\/quotas\/[^/?]+/)
	const yearValues = page.getByTestId('quota-year-values').locator('li')
	await expect.poll(() => yearValues.count()).toBe(3)
	expect(await yearValues.allInnerTexts()).toEqual([expect.stringContaining('40'), expect.stringContaining('45'), expect.stringContaining('50')])

	expect(problems).toEqual([])
	await context.close()
})
