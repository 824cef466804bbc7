import { expect, test } from 'vitest'
import { demoUser } from '../helpers/demo-users'
import { signIn, watchForErrors } from './browser'
import { ownServerWithBrowser, countyOf } from './own-server'

// ADR 0010 and 0012 as a bureau meets them: staff read a colleague's lead but cannot hand it over, and
// cannot sign their own project; the manager signs it, and the quota counts it only once a manager has
// verified the signing with an uploaded contract.

// A server of its own on a copy of the seeded data: the manager signs a project here.
const own = ownServerWithBrowser()

test('staff cannot reassign another unit’s lead or sign a project; a manager signs it and it counts once verified', async () => {
	const staff = await own.db.user.findUniqueOrThrow({ where: { username: demoUser('staff').username }, select: { id: true, unitId: true } })
	const otherLead = await own.db.lead.findFirstOrThrow({
		where: { owner: { role: 'staff' }, ownerId: { not: staff.id }, unitId: { not: staff.unitId } },
		select: { id: true, company: { select: { name: true } } },
	})
	const company = await own.db.company.create({ data: { name: '（示例）权限演示电机有限公司', isLocal: true, isSample: true }, select: { id: true } })
	const magnet = await own.db.chainLink.findFirstOrThrow({ where: { chain: { slug: 'rare-earth-ganxian' }, key: 'ndfeb_magnet' }, select: { id: true } })
	const project = await own.db.project.create({
		data: {
			regionId: await countyOf(own.db),
			title: '（示例）权限演示电机项目',
			companyId: company.id,
			type: 'new',
			investmentCNY: 120_000_000n,
			stage: 'negotiating',
			negotiatingDate: new Date('2026-09-01'),
			ownerId: staff.id,
			responsibleUnitId: staff.unitId,
			isSample: true,
			links: { create: { linkId: magnet.id } },
		},
		select: { id: true },
	})
	// 引进稀土新材料及应用项目 (clause （六）16) counts signed rare-earth projects.
	const quota = await own.db.quota.findFirstOrThrow({ where: { section: '（六）16' }, select: { id: true } })

	const page = await own.browser.newPage({ viewport: { width: 1440, height: 900 } })
	const problems = watchForErrors(page)
	await signIn(page, own.baseUrl, 'staff')

	// Someone else's lead: readable, with the reason it cannot be changed, and no forms to change it.
	await page.goto(`${own.baseUrl}/leads/${otherLead.id}`)
	await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toContain(otherLead.company.name)
	await expect.poll(() => page.getByTestId('read-only-lead').textContent()).toContain('不属于您或您所在单位')
	expect(await page.getByRole('button', { name: '保存' }).count()).toBe(0)
	expect(await page.getByTestId('log-activity').count()).toBe(0)
	await page.screenshot({ path: 'test-results/lead-read-only-1440.png', fullPage: true })

	// A stale or forged form is refused on the server too: post the edit form's fields by hand.
	const forged = await page.evaluate(async (id) => {
		const body = new URLSearchParams({ intent: 'update', ownerId: 'someone', unitId: '', priority: 'low', source: 'expo', nextActionDate: '', notes: '' })
		return (await fetch(`/leads/${id}`, { method: 'POST', body })).status
	}, otherLead.id)
	expect(forged).toBe(403)

	// Their own project in 洽谈: editable, but 签约 is for a manager to confirm.
	await page.goto(`${own.baseUrl}/projects/${project.id}`)
	await expect.poll(() => page.getByTestId('advance-refused').textContent()).toContain('只能由领导确认')
	expect(await page.getByRole('button', { name: /确认.*签约|签约/ }).count()).toBe(0)
	const stageOptions = await page.locator('#project-stage option').allTextContents()
	expect(stageOptions).toEqual(['洽谈', '终止'])
	await page.screenshot({ path: 'test-results/project-staff-1440.png', fullPage: true })
	await page.close()

	const manager = await own.browser.newPage({ viewport: { width: 390, height: 844 } })
	const managerProblems = watchForErrors(manager)
	await signIn(manager, own.baseUrl, 'manager')
	await manager.goto(`${own.baseUrl}/projects/${project.id}`)
	await manager.locator('.advance-form input[name="date"]').fill('2026-11-28')
	await manager.locator('.advance-form button[type="submit"]').click()
	await expect.poll(async () => (await own.db.project.findUniqueOrThrow({ where: { id: project.id }, select: { stage: true } })).stage).toBe('signed')
	await expect.poll(() => manager.getByTestId('evidence-signed').getAttribute('data-testid')).toBe('evidence-signed')
	await manager.screenshot({ path: 'test-results/project-manager-390.png', fullPage: true })

	// Signed, but not verified: the quota shows it as awaiting, not in the actual.
	const figures = async () => {
		await manager.goto(`${own.baseUrl}/quotas/${quota.id}?year=2026`)
		const actual = Number(await manager.getByTestId('quota-actual').getAttribute('data-actual'))
		const awaiting = Number(await manager.getByTestId('quota-awaiting-actual').getAttribute('data-awaiting'))
		return { actual, awaiting, listed: await manager.locator(`[data-testid="quota-awaiting"] tr[data-item-id="${project.id}"]`).count() }
	}
	const signed = await figures()
	expect(signed.listed).toBe(1)

	// The manager attaches the scanned contract, then verifies it.
	await manager.goto(`${own.baseUrl}/projects/${project.id}`)
	const card = manager.getByTestId('evidence-signed')
	await expect.poll(() => card.locator('[data-verification]').getAttribute('data-verification')).toBe('missing')
	await card.locator('input[name="docNumber"]').fill('赣县商务〔2026〕31号')
	await card.locator('input[type="file"]').setInputFiles({ name: '签约合同.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.7\n%%EOF\n') })
	await card.getByRole('button', { name: '提交证据' }).click()
	await expect.poll(() => card.locator('[data-verification]').first().getAttribute('data-verification')).toBe('pending')
	await expect.poll(() => card.getByTestId('evidence-file-signed').textContent()).toBe('签约合同.pdf')
	expect(await figures()).toEqual(signed)

	await manager.goto(`${own.baseUrl}/projects/${project.id}`)
	await card.locator('input[name="note"]').fill('合同原件已核')
	await card.getByRole('button', { name: '核验通过' }).click()
	await expect.poll(() => card.locator('[data-verification]').first().getAttribute('data-verification')).toBe('verified')
	await manager.screenshot({ path: 'test-results/project-verified-390.png', fullPage: true })
	expect(await figures()).toEqual({ actual: signed.actual + 1, awaiting: signed.awaiting - 1, listed: 0 })
	await manager.close()
	expect([...problems, ...managerProblems]).toEqual([])
})
