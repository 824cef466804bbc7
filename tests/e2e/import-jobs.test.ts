import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { expect, test } from 'vitest'
import { demoUser } from '../helpers/demo-users'
import { signIn, watchForErrors } from './browser'
import { ownServerWithBrowser } from './own-server'

// ADR 0014 as a bureau meets it: the server stopped in the middle of a commit; the
// upload's page says the import was cut off and nothing was written, and one more
// click on 确认导入 commits it, once.

const own = ownServerWithBrowser()

test('an import cut off by a restart says so on its page and is committed once by clicking 确认导入 again', async () => {
	const page = await own.browser.newPage({ locale: 'zh-CN' })
	const problems = watchForErrors(page)
	await signIn(page, own.server.baseUrl, 'staff')
	const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'chainlead-jobs-')), '中断重试.csv')
	fs.writeFileSync(file, '企业名称,所属行业\n中断重试一有限公司,稀土新材料\n中断重试二有限公司,永磁电机\n')
	await page.goto(`${own.server.baseUrl}/data/import`)
	await page.getByTestId('import-kind').selectOption('companies')
	await page.getByTestId('import-file').setInputFiles(file)
	await page.getByTestId('import-upload').click()
	await page.waitForURL(/\/data\/import\/[^/?]+$/)
	const uploadId = new URL(page.url()).pathname.split('/').pop()!

	// What a server killed mid-commit leaves: the job still "running" under a process that is gone.
	const staff = await own.db.user.findUniqueOrThrow({ where: { username: demoUser('staff').username }, select: { id: true } })
	await own.db.importJob.create({
		data: { id: uploadId, kind: 'companies', fileName: '中断重试.csv', userId: staff.id, status: 'running', processId: 'a-process-that-died' },
		select: { id: true },
	})
	await page.reload()
	await expect.poll(() => page.getByTestId('import-interrupted').innerText()).toContain('数据库未做任何修改')
	expect(await own.db.company.count({ where: { name: { startsWith: '中断重试' } } })).toBe(0)

	await page.getByTestId('import-commit').click()
	await page.waitForURL(/\/data\/import\?batch=/)
	await expect.poll(() => page.getByText('导入完成').count()).toBeGreaterThan(0)
	expect(await own.db.company.count({ where: { name: { startsWith: '中断重试' } } })).toBe(2)
	expect(await own.db.importJob.findUniqueOrThrow({ where: { id: uploadId }, select: { status: true, batchId: true } })).toMatchObject({
		status: 'committed',
		batchId: expect.any(String),
	})
	// The upload is gone once committed: it cannot be committed twice.
	expect((await page.goto(`${own.server.baseUrl}/data/import/${uploadId}`))?.status()).toBe(404)
	expect(await own.db.importBatch.count({ where: { fileName: '中断重试.csv' } })).toBe(1)
	expect(problems).toEqual([])
})
