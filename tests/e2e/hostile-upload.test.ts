import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { type Browser } from 'playwright-core'
import { afterAll, beforeAll, expect, inject, test } from 'vitest'
import { hostileFiles } from '../fixtures/hostile/corpus'
import { copyDatabase, type ServerProcess, startServer } from '../helpers/server-process'
import { launchBrowser, signIn, watchForErrors } from './browser'

// Issue #11 §4: a 1.5 MB CSV with a 200,000-field header, uploaded by any
// signed-in user, used to take the server down (V8 out of heap). Through the
// real server: the page says why the file was refused, and the server keeps
// answering. A server of its own, so a crash could not take other tests with it.

const database = copyDatabase(inject('seededDb'))
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chainlead-hostile-e2e-'))
let server: ServerProcess
let browser: Browser

beforeAll(async () => {
	server = await startServer({ DATABASE_URL: database.url })
	browser = await launchBrowser()
})

afterAll(async () => {
	await browser.close()
	await server.stop()
	database.remove()
	fs.rmSync(dir, { recursive: true, force: true })
})

test('staff upload the 200,000-column CSV: the page shows why it was refused, and the server stays up', async () => {
	const wide = hostileFiles().find((f) => f.name === 'wide-header.csv')!
	const file = path.join(dir, wide.name)
	fs.writeFileSync(file, await wide.build())

	const page = await browser.newPage()
	const problems = watchForErrors(page)
	await signIn(page, server.baseUrl, 'staff')
	await page.goto(`${server.baseUrl}/data/import`)
	await page.getByTestId('import-kind').selectOption('companies')
	await page.getByTestId('import-file').setInputFiles(file)
	await page.getByTestId('import-upload').click()
	await expect.poll(() => page.getByTestId('import-error').innerText()).toBe('文件第 1 行有 200000 列，最多 200 列。请删去多余的列后再导入。')

	// The next request is answered: the page again, and a fresh sign-in page over plain HTTP.
	await page.goto(`${server.baseUrl}/data/import`)
	await expect.poll(() => page.getByTestId('import-upload-form').isVisible()).toBe(true)
	expect((await fetch(`${server.baseUrl}/login`)).status).toBe(200)
	expect(server.output()).not.toMatch(/heap out of memory|FATAL/i)
	expect(problems).toEqual([])
	await page.close()
})
