import { type Page } from 'playwright-core'
import { expect, test } from 'vitest'
import { signIn, watchForErrors } from './browser'
import { ownServerWithBrowser, countyOf } from './own-server'

// ADR 0015 as two officers meet it: both open the same record, one saves, the
// other's save is not taken silently but shows what is stored now beside what
// they typed, and they save theirs knowingly or drop it. Two browser contexts are
// two people: separate cookies, separate sessions.

const own = ownServerWithBrowser()

async function person(role: 'staff' | 'manager') {
	const context = await own.browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' })
	const page = await context.newPage()
	const problems = watchForErrors(page)
	await signIn(page, own.baseUrl, role)
	return { page, problems, close: () => context.close() }
}

/** The comparison row of a field: stored and submitted as shown, and whether it is marked as differing. */
async function conflictRow(page: Page, field: string) {
	const row = page.getByTestId('conflict').locator(`tr[data-field="${field}"]`)
	return {
		current: await row.getByTestId('conflict-current').textContent(),
		submitted: await row.getByTestId('conflict-submitted').textContent(),
		changed: (await row.getAttribute('data-changed')) === 'true',
	}
}

test('two people edit one company: the later save shows the comparison, and re-applying stores the second person’s value', async () => {
	const company = await own.db.company.create({
		data: { name: '（示例）并发编辑演示磁材有限公司', isLocal: true, isSample: true, contactName: '原联系人', address: '赣县区工业园' },
		select: { id: true },
	})
	const a = await person('manager')
	const b = await person('staff')
	await a.page.goto(`${own.baseUrl}/companies/${company.id}/edit`)
	await b.page.goto(`${own.baseUrl}/companies/${company.id}/edit`)

	await a.page.getByLabel('联系人', { exact: true }).fill('张主任')
	await a.page.getByRole('button', { name: '保存', exact: true }).click()
	await a.page.waitForURL(`${own.baseUrl}/companies/${company.id}`)
	await expect
		.poll(async () => (await own.db.company.findUniqueOrThrow({ where: { id: company.id }, select: { contactName: true } })).contactName)
		.toBe('张主任')

	await b.page.getByLabel('联系人', { exact: true }).fill('李经理')
	await b.page.getByRole('button', { name: '保存', exact: true }).click()
	await expect.poll(() => b.page.getByTestId('conflict').isVisible()).toBe(true)
	expect(await b.page.getByRole('heading', { name: /已被修改/ }).count()).toBe(1)
	expect(await conflictRow(b.page, 'contactName')).toEqual({ current: '张主任', submitted: '李经理', changed: true })
	expect(await conflictRow(b.page, 'address')).toEqual({ current: '赣县区工业园', submitted: '赣县区工业园', changed: false })
	// Nothing of B's was written.
	expect((await own.db.company.findUniqueOrThrow({ where: { id: company.id }, select: { contactName: true } })).contactName).toBe('张主任')
	// The form below still holds what B typed.
	expect(await b.page.getByLabel('联系人', { exact: true }).inputValue()).toBe('李经理')
	// The refusal is brought into view, though the save button sat at the foot of the form.
	expect(await b.page.getByTestId('conflict').evaluate((section) => section.getBoundingClientRect().top >= 0 && section === document.activeElement)).toBe(true)
	await b.page.screenshot({ path: 'test-results/conflict-company-1440.png' })
	await b.page.setViewportSize({ width: 390, height: 844 })
	await b.page.getByTestId('conflict').screenshot({ path: 'test-results/conflict-company-390.png' })

	await b.page.getByTestId('conflict-reapply').click()
	await b.page.waitForURL(`${own.baseUrl}/companies/${company.id}`)
	expect(await own.db.company.findUniqueOrThrow({ where: { id: company.id }, select: { contactName: true, address: true, version: true } })).toEqual({
		contactName: '李经理',
		address: '赣县区工业园',
		version: 3,
	})

	expect([...a.problems, ...b.problems]).toEqual([])
	await a.close()
	await b.close()
})

test('two people edit one project: the later one drops their change and sees the stored project', async () => {
	const company = await own.db.company.findFirstOrThrow({ where: { isSample: true }, select: { id: true } })
	const project = await own.db.project.create({
		data: {
			regionId: await countyOf(own.db),
			title: '（示例）并发编辑演示项目',
			companyId: company.id,
			type: 'new',
			investmentCNY: 50_000_000n,
			stage: 'negotiating',
			negotiatingDate: new Date('2026-10-01'),
			isSample: true,
		},
		select: { id: true },
	})
	const a = await person('manager')
	const b = await person('manager')
	await a.page.goto(`${own.baseUrl}/projects/${project.id}`)
	await b.page.goto(`${own.baseUrl}/projects/${project.id}`)

	await a.page.locator('#project-notes').fill('已约企业负责人下周面谈')
	await a.page.getByRole('button', { name: '保存修改' }).click()
	await expect
		.poll(async () => (await own.db.project.findUniqueOrThrow({ where: { id: project.id }, select: { notes: true } })).notes)
		.toBe('已约企业负责人下周面谈')

	await b.page.locator('#project-investmentWan').fill('6000')
	await b.page.getByRole('button', { name: '保存修改' }).click()
	await expect.poll(() => b.page.getByTestId('conflict').isVisible()).toBe(true)
	expect(await conflictRow(b.page, 'notes')).toEqual({ current: '已约企业负责人下周面谈', submitted: '（空）', changed: true })
	expect(await conflictRow(b.page, 'investmentWan')).toEqual({ current: '5000', submitted: '6000', changed: true })
	await b.page.getByTestId('conflict').screenshot({ path: 'test-results/conflict-project-1440.png' })

	await b.page.getByTestId('conflict-discard').click()
	await expect.poll(() => b.page.getByTestId('conflict').count()).toBe(0)
	expect(await b.page.locator('#project-notes').inputValue()).toBe('已约企业负责人下周面谈')
	expect(await b.page.locator('#project-investmentWan').inputValue()).toBe('5000')
	expect((await own.db.project.findUniqueOrThrow({ where: { id: project.id }, select: { investmentCNY: true } })).investmentCNY).toBe(50_000_000n)

	expect([...a.problems, ...b.problems]).toEqual([])
	await a.close()
	await b.close()
})

test('two managers edit one quota rule and one chain factor: each later save shows the comparison and re-applies', async () => {
	const quota = await own.db.quota.findFirstOrThrow({ where: { section: '（六）16' }, select: { id: true } })
	const a = await person('manager')
	const b = await person('manager')
	const url = `${own.baseUrl}/quotas/${quota.id}?year=2025`
	await a.page.goto(url)
	await b.page.goto(url)
	await a.page.locator('#rules-minInvestmentYi').fill('5')
	await a.page.getByRole('button', { name: '保存计数规则' }).click()
	await expect
		.poll(async () => JSON.parse((await own.db.quota.findUniqueOrThrow({ where: { id: quota.id }, select: { filters: true } })).filters).minInvestmentCNY)
		.toBe(500_000_000)

	await b.page.locator('#rules-minInvestmentYi').fill('3')
	await b.page.getByRole('button', { name: '保存计数规则' }).click()
	await expect.poll(() => b.page.getByTestId('conflict').isVisible()).toBe(true)
	expect(await conflictRow(b.page, 'minInvestmentYi')).toEqual({ current: '5', submitted: '3', changed: true })
	await b.page.getByTestId('conflict').screenshot({ path: 'test-results/conflict-quota-rule-1440.png' })
	await b.page.getByTestId('conflict-reapply').click()
	await expect
		.poll(async () => JSON.parse((await own.db.quota.findUniqueOrThrow({ where: { id: quota.id }, select: { filters: true } })).filters).minInvestmentCNY)
		.toBe(300_000_000)
	await expect.poll(() => b.page.getByTestId('conflict').count()).toBe(0)

	// A chain's edge factor: the row form's inputs sit in table cells, joined to their form by its id.
	const edit = `${own.baseUrl}/chains/rare-earth-ganxian/edit`
	await a.page.goto(edit)
	await b.page.goto(edit)
	const row = (page: Page) =>
		page.getByTestId('edit-edges').locator('tbody tr').filter({ hasText: '钕铁硼合金/毛坯' }).filter({ hasText: '钕铁硼磁材（成品）' }).first()
	await row(a.page).getByLabel('转换系数', { exact: true }).fill('1.25')
	await row(a.page).getByLabel('来源', { exact: true }).fill('企业调研 2026')
	await row(a.page).getByRole('button', { name: '保存' }).click()
	await expect.poll(() => a.page.locator('main').innerText()).toContain('上下游关系已保存。')

	await row(b.page).getByLabel('转换系数', { exact: true }).fill('1.3')
	await row(b.page).getByLabel('来源', { exact: true }).fill('行业协会 2026')
	await row(b.page).getByRole('button', { name: '保存' }).click()
	await expect.poll(() => b.page.getByTestId('conflict').isVisible()).toBe(true)
	expect(await b.page.getByTestId('conflict').locator('.conflict-subject').textContent()).toBe('钕铁硼合金/毛坯 → 钕铁硼磁材（成品）')
	expect(await conflictRow(b.page, 'factor')).toEqual({ current: '1.25', submitted: '1.3', changed: true })
	await b.page.setViewportSize({ width: 390, height: 844 })
	await b.page.getByTestId('conflict').screenshot({ path: 'test-results/conflict-chain-edge-390.png' })
	await b.page.getByTestId('conflict-reapply').click()
	await expect.poll(() => b.page.getByTestId('conflict').count()).toBe(0)
	const edge = await own.db.chainEdge.findFirstOrThrow({
		where: { chain: { slug: 'rare-earth-ganxian' }, fromLink: { name: '钕铁硼合金/毛坯' }, toLink: { name: '钕铁硼磁材（成品）' } },
		select: { factor: true, source: true },
	})
	expect(edge).toEqual({ factor: 1.3, source: '行业协会 2026' })

	expect([...a.problems, ...b.problems]).toEqual([])
	await a.close()
	await b.close()
})

test('two managers on one chain: a figure changed meanwhile is not deleted silently; “delete anyway” deletes it as stored now', async () => {
	const company = await own.db.company.findFirstOrThrow({ where: { name: '中科三环' }, select: { id: true } })
	const magnet = await own.db.chainLink.findFirstOrThrow({ where: { key: 'ndfeb_magnet', chain: { slug: 'rare-earth-ganxian' } }, select: { id: true } })
	const figure = await own.db.companyLink.create({
		data: { companyId: company.id, linkId: magnet.id, year: 2032, capacity: 500, source: '企业调研 2026' },
		select: { id: true },
	})
	const a = await person('manager')
	const b = await person('manager')
	const edit = `${own.baseUrl}/chains/rare-earth-ganxian/edit`
	await a.page.goto(edit)
	await b.page.goto(edit)
	const row = (page: Page) => page.locator(`tr:has(form#upsertFigure-${figure.id})`)

	await row(a.page).getByLabel('产能', { exact: true }).fill('650')
	await row(a.page).getByRole('button', { name: '保存' }).click()
	await expect.poll(() => a.page.locator('main').innerText()).toContain('企业产能/产量已保存。')

	// B chose to delete what the page showed (500), and confirms the browser's question.
	b.page.once('dialog', (dialog) => void dialog.accept())
	await row(b.page).getByRole('button', { name: '删除' }).click()
	await expect.poll(() => b.page.getByTestId('conflict').isVisible()).toBe(true)
	expect(await b.page.getByRole('heading', { name: /未删除/ }).count()).toBe(1)
	expect(await conflictRow(b.page, 'capacity')).toEqual({ current: '650', submitted: '500', changed: true })
	expect(await own.db.companyLink.count({ where: { id: figure.id } })).toBe(1)
	await b.page.getByTestId('conflict').screenshot({ path: 'test-results/conflict-chain-delete-1440.png' })

	await b.page.getByTestId('conflict-reapply').click()
	await expect.poll(() => own.db.companyLink.count({ where: { id: figure.id } })).toBe(0)
	await expect.poll(() => b.page.locator('main').innerText()).toContain('企业产能/产量已删除。')
	expect(await b.page.getByTestId('conflict').count()).toBe(0)

	// A's page still shows the figure; deleting it there says it is gone already.
	a.page.once('dialog', (dialog) => void dialog.accept())
	await row(a.page).getByRole('button', { name: '删除' }).click()
	await expect.poll(() => a.page.locator('main').innerText()).toContain('该产能/产量数据已被删除')

	expect([...a.problems, ...b.problems]).toEqual([])
	await a.close()
	await b.close()
})
