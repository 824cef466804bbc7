import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { type Page } from 'playwright-core'
import { afterAll, expect, test } from 'vitest'
import { todayInChina } from '~/utils/today'
import { signIn, watchForErrors } from './browser'
import { ownServerWithBrowser, countyOf } from './own-server'

// ADR 0011 as a bureau meets it: the manager issues last month's 月调度表, its download stays the same
// file, a later correction needs a reason and shows under 更正 in this month's report.

// A server of its own on a copy of the seeded data: the manager issues a report and edits a project here.
const own = ownServerWithBrowser()
const downloads = fs.mkdtempSync(path.join(os.tmpdir(), 'chainlead-issued-e2e-'))
afterAll(() => fs.rmSync(downloads, { recursive: true, force: true }))

async function downloadSha(page: Page) {
	const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId('report-download').click()])
	const target = path.join(downloads, `${crypto.randomUUID()}-${file.suggestedFilename()}`)
	await file.saveAs(target)
	return { name: file.suggestedFilename(), sha: crypto.createHash('sha256').update(fs.readFileSync(target)).digest('hex') }
}

test('a manager issues last month, downloads the same file twice, corrects a project with a reason and finds it under 更正 this month', async () => {
	// Last month (China calendar) has ended, so it can be issued; a project signed in it counts there.
	const today = todayInChina()
	const [year, month] = today.split('-').map(Number) as [number, number]
	const last = month === 1 ? { year: year - 1, month: 12 } : { year, month: month - 1 }
	const lastQuery = `year=${last.year}&month=${last.month}`
	const signedOn = `${last.year}-${String(last.month).padStart(2, '0')}-10`
	const company = await own.db.company.findFirstOrThrow({ where: { name: '中国稀土集团有限公司' }, select: { id: true } })
	const unit = await own.db.unit.findFirstOrThrow({ where: { name: '区商务局' }, select: { id: true } })
	const project = await own.db.project.create({
		data: {
			regionId: await countyOf(own.db),
			title: '（示例）签发演示稀土深加工项目',
			companyId: company.id,
			type: 'new',
			investmentCNY: 300_000_000n,
			stage: 'signed',
			negotiatingDate: new Date(`${last.year}-${String(last.month).padStart(2, '0')}-02T00:00:00Z`),
			signedDate: new Date(`${signedOn}T00:00:00Z`),
			responsibleUnitId: unit.id,
			isSample: true,
		},
		select: { id: true },
	})

	const context = await own.browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 1000 }, acceptDownloads: true })
	const page = await context.newPage()
	const problems = watchForErrors(page)
	await signIn(page, own.baseUrl, 'manager')

	// Issue last month's report from its page.
	await page.goto(`${own.baseUrl}/reports/monthly?${lastQuery}`)
	await expect.poll(() => page.getByTestId('sheet-changes').innerText()).toContain('（示例）签发演示稀土深加工项目')
	await page.getByTestId('report-issue-open').click()
	await page.getByTestId('report-issue').click()
	await expect.poll(() => page.getByTestId('report-issued').innerText()).toMatch(/^已签发 \d{4}-\d{2}-\d{2} \d{2}:\d{2} · /)
	expect(await page.getByTestId('report-issue').count()).toBe(0)
	await page.screenshot({ path: 'test-results/report-issued-1440.png', fullPage: true })

	// Downloaded twice: the same bytes, the file kept at issue.
	const first = await downloadSha(page)
	const second = await downloadSha(page)
	expect(first.name).toBe(`月调度表-${last.year}-${String(last.month).padStart(2, '0')}.xlsx`)
	expect(second.sha).toBe(first.sha)
	const stored = await own.db.issuedReport.findFirstOrThrow({ where: { year: last.year, month: last.month }, select: { xlsxZhSha256: true } })
	expect(first.sha).toBe(stored.xlsxZhSha256)

	// The project counted in the issued month: the edit form asks for a reason, and refuses the change without one.
	await page.goto(`${own.baseUrl}/projects/${project.id}`)
	const editForm = page.locator('form.project-form')
	await expect.poll(() => editForm.getByTestId('closed-period-notice').innerText()).toContain(`${last.year}年${last.month}月 招商引资月调度表`)
	await editForm.getByLabel('投资额（万元）').fill('45000')
	await editForm.getByRole('button', { name: '保存修改' }).click()
	await expect.poll(() => editForm.getByTestId('closed-period-notice').innerText()).toContain('请填写更正原因')
	await page.screenshot({ path: 'test-results/project-correction-reason-1440.png', fullPage: true })
	await editForm.getByLabel('投资额（万元）').fill('45000')
	await editForm.getByLabel('更正原因').fill('补充协议追加投资 1.5 亿元')
	await editForm.getByRole('button', { name: '保存修改' }).click()
	await expect.poll(() => page.getByRole('status').first().innerText()).toContain('项目已保存')

	// The issued month still downloads the same file; this month's report lists the correction.
	await page.goto(`${own.baseUrl}/reports/monthly?${lastQuery}`)
	expect((await downloadSha(page)).sha).toBe(first.sha)
	await page.goto(`${own.baseUrl}/reports/monthly?year=${year}&month=${month}`)
	const corrections = page.getByTestId('sheet-corrections')
	await expect.poll(() => corrections.innerText()).toContain('（示例）签发演示稀土深加工项目')
	const text = await corrections.innerText()
	expect(text).toContain('总投资：3 亿元 → 4.5 亿元')
	expect(text).toContain('补充协议追加投资 1.5 亿元')
	expect(text).toContain(`${last.year}年${last.month}月 招商引资月调度表（${today.slice(0, 10)} 签发）`)
	await corrections.scrollIntoViewIfNeeded()
	await page.screenshot({ path: 'test-results/report-corrections-1440.png', fullPage: true })

	// Narrow screens: the banner and the corrections table stay readable.
	await page.setViewportSize({ width: 390, height: 844 })
	await corrections.screenshot({ path: 'test-results/report-corrections-390.png' })
	await page.goto(`${own.baseUrl}/reports/monthly?${lastQuery}`)
	await page.screenshot({ path: 'test-results/report-issued-390.png' })

	expect(problems).toEqual([])
	await context.close()
})
