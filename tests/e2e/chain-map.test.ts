import { type Browser } from 'playwright-core'
import { afterAll, beforeAll, expect, inject, test } from 'vitest'
import { launchBrowser, signIn, watchForErrors } from './browser'

const baseUrl = inject('baseUrl')
let browser: Browser

beforeAll(async () => {
	browser = await launchBrowser()
})
afterAll(async () => {
	await browser?.close()
})

test('staff open the chain map, click a broken link, read why, and turn its prospect into a lead', async () => {
	const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 1000 } })
	const page = await context.newPage()
	const problems = watchForErrors(page)
	await signIn(page, baseUrl, 'staff')

	await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '产业链图谱', exact: true }).click()
	await page.getByRole('link', { name: '赣县区稀土新材料及应用产业链' }).click()
	const map = page.getByTestId('chain-map')
	await expect.poll(() => map.locator('.map-node').count()).toBeGreaterThan(15)
	// Edges carry their factors, and unknown ones say so.
	expect(await map.locator('.edge-label').allTextContents()).toEqual(expect.arrayContaining(['×1.43', '系数未知']))

	// Hovering shows the figures; clicking opens the side panel with flags and reasons.
	const fluid = map.locator('[data-link-key="motor_fluid"]')
	expect(await fluid.getAttribute('class')).toContain('severity-opening')
	await fluid.hover()
	await expect.poll(() => map.locator('.map-tooltip').textContent()).toContain('流体电机')
	await fluid.click()
	const panel = page.getByTestId('link-panel')
	await expect.poll(() => panel.locator('h2').innerText()).toBe('流体电机')
	expect(new URL(page.url()).searchParams.get('link')).toBe('motor_fluid')
	expect(await panel.getByTestId('link-flags').innerText()).toMatch(/断链：本地没有企业，上游钕铁硼磁材（成品）的本地产出在这里无人承接/)

	// One click makes a lead for the selected external company; a second time it is already a lead.
	const form = panel.getByTestId('prospect-leads-form')
	const candidate = form.getByRole('checkbox', { name: /（示例）深圳流体电机有限公司/ })
	await candidate.check()
	await form.getByRole('button', { name: '为所选企业生成线索' }).click()
	await expect.poll(() => form.getByTestId('leads-created').innerText()).toContain('已生成 1 条线索')
	await expect.poll(() => form.getByText('已有线索').count()).toBe(1)
	expect(await form.getByRole('checkbox', { name: /深圳流体电机/ }).count()).toBe(0)

	// Keyboard: Escape closes the panel; Tab to a link and Enter opens it.
	await page.keyboard.press('Escape')
	await expect.poll(() => panel.count()).toBe(0)
	await map.locator('[data-link-key="ndfeb_alloy"]').focus()
	await page.keyboard.press('Enter')
	await expect.poll(() => page.getByTestId('link-panel').locator('h2').innerText()).toBe('钕铁硼合金/毛坯')
	// This year's magnets (the seed's sample output of the year it runs: 9,800 + 20,000 t, ADR 0021) × 1.43 t alloy per t.
	expect(await page.getByTestId('link-flags').innerText()).toMatch(/短板：本地供给 4,000 t，本地需求 42,614 t，保障率 9%/)
	await page.screenshot({ path: 'test-results/chain-map-zh.png' })

	// The new lead is on the lead list.
	await page.keyboard.press('Escape')
	await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '招商线索', exact: true }).click()
	await expect.poll(() => page.locator('main').innerText()).toContain('（示例）深圳流体电机有限公司')
	expect(problems).toEqual([])
	await context.close()
})

test('the Sankey view draws material flow, and the prospect list (the targets page) works in English', async () => {
	const context = await browser.newContext({ locale: 'en', viewport: { width: 1440, height: 1000 } })
	const page = await context.newPage()
	const problems = watchForErrors(page)
	await signIn(page, baseUrl, 'manager')
	await page.getByTestId('switch-language').click()
	await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('en')

	await page.goto(`${baseUrl}/chains/rare-earth-ganxian`)
	await page.getByRole('link', { name: 'Material flow (Sankey)' }).click()
	await expect.poll(() => page.getByTestId('sankey').locator('.sankey-band').count()).toBeGreaterThan(3)
	await page.screenshot({ path: 'test-results/chain-sankey-en.png' })

	await page.getByRole('link', { name: 'Target company list' }).click()
	await expect.poll(() => page.locator('h1').innerText()).toBe('Target company list')
	const rows = page.getByTestId('prospect-leads-form').locator('tbody tr')
	expect(await rows.count()).toBeGreaterThan(3)
	// Filtering by link narrows the list to that link.
	await page.locator('select[name=link]').selectOption({ label: 'Rare-earth hydrogen-storage alloys' })
	await page.getByRole('button', { name: 'Show' }).click()
	await expect.poll(() => rows.count()).toBe(1)
	expect(await rows.first().innerText()).toContain('Broken link')
	expect(problems).toEqual([])
	await context.close()
})

test('a manager edits a factor with its source; the change is audited and the map recomputes', async () => {
	const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 1000 } })
	const page = await context.newPage()
	const problems = watchForErrors(page)
	await signIn(page, baseUrl, 'manager')
	await page.goto(`${baseUrl}/chains/rare-earth-ganxian?link=ndfeb_alloy`)
	expect(await page.getByTestId('link-panel').innerText()).toContain('42,614 t')
	await page.keyboard.press('Escape')
	await page.getByRole('link', { name: '编辑环节与系数' }).click()

	const row = page.getByTestId('edit-edges').locator('tbody tr').filter({ hasText: '钕铁硼合金/毛坯' }).filter({ hasText: '钕铁硼磁材（成品）' }).first()
	await row.getByLabel('转换系数', { exact: true }).fill('1.25')
	await row.getByRole('button', { name: '保存' }).click()
	await expect.poll(() => page.locator('main').innerText()).toContain('上下游关系已保存。')

	await page.goto(`${baseUrl}/chains/rare-earth-ganxian?link=ndfeb_alloy`)
	// This year's 29,800 t of magnets × 1.25 t alloy per t magnet.
	await expect.poll(() => page.getByTestId('link-panel').innerText()).toContain('37,250 t')
	// The audit log names the edge and words the change.
	await page.goto(`${baseUrl}/audit?entity=ChainEdge`)
	const entry = await page.locator('main table tbody tr').first().innerText()
	expect(entry).toContain('钕铁硼合金/毛坯 → 钕铁硼磁材（成品）')
	expect(entry).toMatch(/转换系数\s+\S+\s*→\s*1\.25/)
	expect(problems).toEqual([])
	await context.close()
})
