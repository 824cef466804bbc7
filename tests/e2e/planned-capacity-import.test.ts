import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { expect, test } from 'vitest'
import { signIn, watchForErrors } from './browser'
import { countyOf, ownServerWithBrowser } from './own-server'

// Issue #14: planned capacity survives the lead list's export → import as a bureau does it, through the
// pages: the CSV the export gives, the lead gone, the file uploaded and committed on /data/import.

const own = ownServerWithBrowser()

test('a lead’s planned capacity comes back from its exported CSV through the import pages', async () => {
	const page = await own.browser.newPage({ locale: 'zh-CN' })
	const problems = watchForErrors(page)
	await signIn(page, own.server.baseUrl, 'manager')
	const county = await countyOf(own.db)
	const link = await own.db.chainLink.findFirstOrThrow({ where: { chain: { slug: 'rare-earth-ganxian' }, key: 'ndfeb_magnet' }, select: { id: true } })
	const owner = await own.db.user.findFirstOrThrow({ where: { username: 'zhang' }, select: { id: true } })
	const company = await own.db.company.create({ data: { name: '规划产能往返测试有限公司', isLocal: false }, select: { id: true } })
	const planned = { plannedLinkId: link.id, plannedOutput: 3200.5, plannedFromYear: 2028 }
	await own.db.lead.create({
		data: { companyId: company.id, ownerId: owner.id, regionId: county, stage: 'contacted', source: 'chain_gap', ...planned },
		select: { id: true },
	})

	const exported = await page.request.get(`${own.server.baseUrl}/data/export/leads.csv?q=${encodeURIComponent('规划产能往返测试')}`)
	expect(exported.status()).toBe(200)
	const csv = await exported.body()
	expect(csv.toString('utf8')).toContain('规划产能环节')
	await own.db.lead.deleteMany({ where: { companyId: company.id } })

	const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'chainlead-planned-')), '线索导出.csv')
	fs.writeFileSync(file, csv)
	await page.goto(`${own.server.baseUrl}/data/import`)
	await page.getByTestId('import-kind').selectOption('leads')
	await page.getByTestId('import-file').setInputFiles(file)
	await page.getByTestId('import-upload').click()
	await page.waitForURL(/\/data\/import\/[^/?]+$/)
	await page.getByTestId('import-commit').click()
	await page.waitForURL(/\/data\/import\?batch=/)
	await expect.poll(() => page.getByText('导入完成').count()).toBeGreaterThan(0)
	expect(
		await own.db.lead.findFirstOrThrow({ where: { companyId: company.id }, select: { plannedLinkId: true, plannedOutput: true, plannedFromYear: true } }),
	).toEqual(planned)
	expect(problems).toEqual([])
})
