import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { expect, test } from 'vitest'
import { signIn, watchForErrors } from './browser'
import { ownServerWithBrowser } from './own-server'

// ADR 0017: uploads are read, checked and committed on a worker thread with a
// heap of its own. A file that needs more than that heap stops the import, not
// the server: the page says why and that nothing was written, every other page
// keeps answering, nothing of the upload is left behind, and the next file gets
// a fresh worker. The heap is set small here so that a file of a few thousand
// rows is "too large", yet large enough for the worker's own code: since this
// session's merges (region scope, the pinyin sort keys) a 40 MB worker could not
// even preview a 20-row file.

const HEAP_MB = 64
const own = ownServerWithBrowser({ IMPORT_WORKER_HEAP_MB: String(HEAP_MB) })

function companiesCsv(rows: number, prefix: string) {
	const lines = ['企业名称,所属行业,联系人,联系电话,地址,企业简介']
	const about = '稀土永磁材料研发、生产与销售；'.repeat(20)
	for (let i = 0; i < rows; i++)
		lines.push(`${prefix}${i}号有限公司,稀土新材料,联系人${i % 97},0797-${String(1_000_000 + i).slice(-7)},赣州市赣县区工业园${i % 50}号,${about}${i}`)
	const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'chainlead-worker-')), `${prefix}.csv`)
	fs.writeFileSync(file, lines.join('\n'))
	return file
}

const uploadsLeft = () => fs.readdirSync(path.join(own.dataDir, 'imports'), { withFileTypes: true }).filter((entry) => entry.isDirectory()).length

test('a file that outgrows the import worker heap is refused with its reason; the server keeps serving, keeps nothing, and the next file imports', async () => {
	const page = await own.browser.newPage({ locale: 'zh-CN' })
	const problems = watchForErrors(page)
	await signIn(page, own.baseUrl, 'manager')
	const tooLarge = companiesCsv(40_000, '内存上限')
	for (let attempt = 1; attempt <= 2; attempt++) {
		await page.goto(`${own.baseUrl}/data/import`)
		await page.getByTestId('import-kind').selectOption('companies')
		await page.getByTestId('import-file').setInputFiles(tooLarge)
		await page.getByTestId('import-upload').click()
		await expect.poll(() => page.getByTestId('import-error').allInnerTexts(), { timeout: 120_000 }).toContainEqual(expect.stringContaining(`${HEAP_MB} MB`))
		expect(await page.getByTestId('import-error').innerText()).toContain('数据库未做任何修改')
		expect(uploadsLeft()).toBe(0)
		// The server itself is fine: other pages answer, and the next attempt gets a new worker.
		expect((await fetch(`${own.baseUrl}/login`)).status).toBe(200)
	}

	await page.getByTestId('import-kind').selectOption('companies')
	await page.getByTestId('import-file').setInputFiles(companiesCsv(20, '内存之内'))
	await page.getByTestId('import-upload').click()
	await page.waitForURL(/\/data\/import\/[^/?]+$/)
	await expect.poll(() => page.getByTestId('import-count-create').innerText()).toContain('20')
	await page.getByTestId('import-commit').click()
	await page.waitForURL(/\/data\/import\?batch=/)
	expect(await own.db.company.count({ where: { name: { startsWith: '内存之内' } } })).toBe(20)
	expect(await own.db.company.count({ where: { name: { startsWith: '内存上限' } } })).toBe(0)
	expect(own.server.output()).not.toMatch(/heap out of memory|FATAL ERROR/)
	expect(problems).toEqual([])
})
