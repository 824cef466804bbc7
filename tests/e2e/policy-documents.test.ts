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
