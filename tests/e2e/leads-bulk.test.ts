// Bulk actions on the lead list (#13 §7), clicked through the real page on a server of its own
// (the moves would change the sample leads other browser tests read).
import { beforeAll, expect, test } from 'vitest'
import { demoUser } from '../helpers/demo-users'
import { signIn, watchForErrors } from './browser'
import { ownServerWithBrowser, countyOf } from './own-server'

const own = ownServerWithBrowser()

// Leads of their own to act on: six new ones for the staff member, three visited ones of another.
beforeAll(async () => {
	const staff = await own.db.user.findUniqueOrThrow({ where: { username: demoUser('staff').username }, select: { id: true, unitId: true } })
	const other = await own.db.user.findFirstOrThrow({ where: { role: 'staff', id: { not: staff.id } }, select: { id: true, unitId: true } })
	const make = async (name: string, owner: { id: string; unitId: string | null }, stage: string) => {
		const company = await own.db.company.create({ data: { name, isLocal: false, isSample: true }, select: { id: true } })
		await own.db.lead.create({
			data: {
				regionId: await countyOf(own.db),
				companyId: company.id,
				ownerId: owner.id,
				unitId: owner.unitId,
				source: 'expo',
				priority: 'medium',
				stage,
				isSample: true,
			},
			select: { id: true },
		})
	}
	for (let i = 1; i <= 6; i++) await make(`（示例）批量新线索企业${i}`, staff, 'new')
	for (let i = 1; i <= 3; i++) await make(`（示例）批量转交企业${i}`, other, 'visited')
})

for (const viewport of [
	{ width: 1440, height: 900 },
	{ width: 390, height: 844 },
]) {
	test(`at ${viewport.width}: staff tick two of their new leads and move them to 已接洽; the list shows it and the bar says how many`, async () => {
		const context = await own.browser.newContext({ locale: 'zh-CN', viewport })
		const page = await context.newPage()
		const problems = watchForErrors(page)
		await signIn(page, own.baseUrl, 'staff')
		await page.goto(`${own.baseUrl}/leads?owner=me&stage=new&q=${encodeURIComponent('批量新线索')}`)
		const rows = page.locator('table.data-table tbody tr')
		const before = await rows.count()
		expect(before).toBeGreaterThanOrEqual(2)
		const names = [await rows.nth(0).locator('a').first().innerText(), await rows.nth(1).locator('a').first().innerText()]
		// On a phone the actions wait for the first tick; at a desk they are there, disabled.
		expect(await page.getByLabel('移到阶段').isVisible()).toBe(viewport.width > 390)
		for (const name of names) await page.getByRole('checkbox', { name: `选择“${name}”` }).check()
		await expect.poll(() => page.getByLabel('移到阶段').isVisible()).toBe(true)
		await expect.poll(() => page.getByTestId('bulk-lead-bar').innerText()).toContain('已选 2 条线索')
		await page.screenshot({ path: `test-results/leads-bulk-${viewport.width}.png`, fullPage: false })
		await page.getByLabel('移到阶段').selectOption({ label: '已接洽' })
		await page.getByRole('button', { name: '移动', exact: true }).click()
		await expect.poll(() => page.getByTestId('bulk-lead-result').innerText()).toContain('已更新 2 条线索')
		// The list revalidates: the two left the "new" filter, the selection is cleared.
		await expect.poll(() => rows.count()).toBe(before - 2)
		expect(await page.getByTestId('bulk-lead-bar').innerText()).toContain('已选 0 条线索')
		const moved = await own.db.lead.findMany({ where: { company: { name: { in: names } }, stage: 'contacted' }, select: { id: true } })
		expect(moved).toHaveLength(2)
		// Staff do not get the hand-over controls (the server refuses them too).
		expect(await page.getByLabel('转交给').count()).toBe(0)
		expect(problems).toEqual([])
		await context.close()
	})
}

test('a manager hands leads over and drops one after confirming; a lead changed meanwhile refuses the whole action by name', async () => {
	const context = await own.browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } })
	const page = await context.newPage()
	const problems = watchForErrors(page)
	await signIn(page, own.baseUrl, 'manager')
	await page.goto(`${own.baseUrl}/leads?q=${encodeURIComponent('批量转交')}`)
	const rows = page.locator('table.data-table tbody tr')
	expect(await rows.count()).toBeGreaterThanOrEqual(2)
	const [first, second] = [await rows.nth(0).locator('a').first().innerText(), await rows.nth(1).locator('a').first().innerText()]
	const leader = await own.db.user.findFirstOrThrow({ where: { username: 'leader' }, select: { id: true, name: true } })

	// A colleague changes the second lead after the list was shown.
	await page.getByRole('checkbox', { name: `选择“${first}”` }).check()
	await page.getByRole('checkbox', { name: `选择“${second}”` }).check()
	const changed = await own.db.lead.findFirstOrThrow({ where: { company: { name: second } }, select: { id: true } })
	await own.db.lead.update({ where: { id: changed.id }, data: { notes: '同事刚改过', version: { increment: 1 } }, select: { id: true } })
	await page.getByLabel('转交给').selectOption({ label: leader.name })
	await page.getByRole('button', { name: '转交', exact: true }).click()
	await expect.poll(() => page.getByTestId('bulk-lead-result').innerText()).toContain('未做任何改动')
	expect(await page.getByTestId('bulk-lead-result').innerText()).toContain(`${second}: 列表显示之后已被修改`)
	expect(await own.db.lead.count({ where: { company: { name: first }, ownerId: leader.id } })).toBe(0)

	// After a reload the list carries the new version: the hand-over goes through.
	await page.reload()
	await page.getByRole('checkbox', { name: `选择“${first}”` }).check()
	await page.getByRole('checkbox', { name: `选择“${second}”` }).check()
	await page.getByLabel('转交给').selectOption({ label: leader.name })
	await page.getByRole('button', { name: '转交', exact: true }).click()
	await expect.poll(() => page.getByTestId('bulk-lead-result').innerText()).toContain('已更新')
	expect(await own.db.lead.count({ where: { company: { name: { in: [first, second] } }, ownerId: leader.id } })).toBe(2)

	// 放弃 asks first; cancelling drops nothing.
	await page.getByRole('checkbox', { name: `选择“${first}”` }).check()
	await page.getByRole('button', { name: '放弃所选' }).click()
	await page.getByRole('button', { name: '取消' }).click()
	expect(await own.db.lead.count({ where: { company: { name: first }, stage: 'dropped' } })).toBe(0)
	await page.getByRole('button', { name: '放弃所选' }).click()
	await page.getByRole('button', { name: '确认放弃' }).click()
	await expect.poll(() => own.db.lead.count({ where: { company: { name: first }, stage: 'dropped' } })).toBe(1)
	expect(problems).toEqual([])
	await context.close()
})
