import { type Page } from 'playwright-core'
import { expect, test } from 'vitest'
import { demoUser } from '../helpers/demo-users'
import { seriousViolations, watchForErrors } from './browser'
import { ownServerWithBrowser } from './own-server'

// #13 §4: the Sankey says where the material goes and where it leaks, the map's colours rank the links.
// A server of its own: another file edits a factor of this chain.
const own = ownServerWithBrowser()
const CHAIN = '/chains/rare-earth-ganxian'
const VIEWPORTS = [
	{ width: 1440, height: 900 },
	{ width: 390, height: 844 },
]
const CASES = (['zh-CN', 'en'] as const).flatMap((locale) => VIEWPORTS.map((viewport) => ({ locale, viewport })))

/** Signs in as the manager with the page in `locale` (the switch on the sign-in page sets the language cookie). */
async function openAs(locale: 'zh-CN' | 'en', viewport: { width: number; height: number }) {
	const context = await own.browser.newContext({ locale, viewport, hasTouch: viewport.width < 500 })
	const page = await context.newPage()
	const problems = watchForErrors(page)
	await page.goto(`${own.baseUrl}/login`)
	if ((await page.locator('html').getAttribute('lang')) !== locale) {
		await page.getByTestId('switch-language').click()
		await expect.poll(() => page.locator('html').getAttribute('lang')).toBe(locale)
	}
	const { username, password } = demoUser('manager')
	await page.getByLabel(/用户名|Username/).fill(username)
	await page.getByLabel(/密码|Password/).fill(password)
	await page.getByRole('button', { name: /^(登录|Sign in)$/ }).click()
	await page.waitForURL((url) => !url.pathname.startsWith('/login'))
	return { context, page, problems }
}

const pageWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth)
const texts = async (page: Page, selector: string) => (await page.locator(selector).allTextContents()).map((t) => t.replace(/\s+/g, ' ').trim())

test.each(CASES)(
	'the Sankey in $locale at $viewport.width px shows every link with a figure, with its figures, leaks and gaps',
	async ({ locale, viewport }) => {
		const { context, page, problems } = await openAs(locale, viewport)
		const zh = locale === 'zh-CN'
		await page.goto(`${own.baseUrl}${CHAIN}?view=sankey`)
		const sankey = page.getByTestId('sankey')
		await expect.poll(() => sankey.locator('.sankey-band').count()).toBeGreaterThan(10)

		// Every link the table lists (each link with a figure) is in the diagram, with its local output.
		const rows = page.getByTestId('flow-table').locator('tbody tr')
		const rowCount = await rows.count()
		expect(rowCount).toBe(13)
		const nodeLabels = (await sankey.locator('.sankey-node').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('aria-label') ?? ''))).map((l) =>
			l.replace(/\s+/g, ''),
		)
		const diagramText = (await sankey.textContent())!.replace(/\s+/g, '')
		for (let i = 0; i < rowCount; i++) {
			const name = (await rows.nth(i).locator('th').innerText()).trim()
			const produced = (await rows.nth(i).locator('td').first().innerText()).trim()
			const label = nodeLabels.find((l) => l.startsWith(name.replace(/\s+/g, '')))
			expect(label, `${name} in the diagram`).toBeDefined()
			expect(label).toContain(produced.replace(/\s+/g, ''))
			// What it brings in and what leaks are beside it, with the same figures.
			for (const column of [2, 3] as const) {
				const figure = (
					await rows
						.nth(i)
						.locator('td')
						.nth(column === 2 ? 1 : 3)
						.innerText()
				).trim()
				if (figure !== '—') expect(diagramText, `${name}: ${figure}`).toContain(figure.replace(/\s+/g, ''))
			}
		}
		// The seed's story: alloy, PrNd oxide and mixed rare earths come from outside; metals and ore leave.
		// (Compared without spaces: a label wraps into lines.)
		const stubs = (await sankey.locator('[data-testid="sankey-stub"]').allTextContents()).map((s) => s.replace(/\s+/g, ''))
		const figuresOf = (pattern: RegExp) => stubs.filter((s) => pattern.test(s)).map((s) => s.replace(pattern, ''))
		expect(figuresOf(zh ? /^县外补入/ : /^Broughtin/)).toEqual(expect.arrayContaining(['38,614t', '11,765t', '10,638tREO']))
		expect(figuresOf(zh ? /^流出县外/ : /^Leavesthecounty/)).toEqual(expect.arrayContaining(['8,800t', '3,000tREO']))
		expect(figuresOf(zh ? /^去向未定/ : /^Destinationnotknown/)).toContain(zh ? '28,795t（伺服电机系数未知）' : '28,795t(factorunknownforServomotors)')
		// Recycling is an arc from the recycling link back to the separated oxides, named with both and its figure:
		// it leaves the recycling link's right edge and ends at the oxides' left edge.
		expect(figuresOf(zh ? /^回流至/ : /^Backto/)).toEqual([])
		const arc = sankey.getByTestId('sankey-return').locator('path[role="img"]')
		expect(await arc.count()).toBe(1)
		expect(await arc.getAttribute('aria-label')).toBe(
			zh
				? '稀土二次资源回收的回收料回流至上游分离稀土氧化物：2,800 t REO'
				: 'Material recovered by Rare-earth secondary-resource recycling goes back upstream to Separated rare-earth oxides: 2,800 t REO',
		)
		const ends = await arc.evaluate((path: SVGPathElement) => {
			const start = path.getPointAtLength(0)
			const end = path.getPointAtLength(path.getTotalLength())
			return { start: [start.x, start.y], end: [end.x, end.y] }
		})
		const nodeBox = (key: string) =>
			sankey.locator(`.sankey-node[data-link-key="${key}"] rect`).evaluate((rect: SVGRectElement) => ({
				x: rect.x.baseVal.value,
				y: rect.y.baseVal.value,
				width: rect.width.baseVal.value,
				height: rect.height.baseVal.value,
			}))
		const [recycling, oxides] = [await nodeBox('recycling'), await nodeBox('separated_oxides')]
		expect(ends.start[0]).toBeCloseTo(recycling.x + recycling.width, 3)
		expect(ends.start[1]).toBeGreaterThan(recycling.y)
		expect(ends.start[1]).toBeLessThan(recycling.y + recycling.height)
		expect(ends.end[0]).toBeCloseTo(oxides.x, 3)
		expect(ends.end[1]).toBeGreaterThan(oxides.y)
		expect(ends.end[1]).toBeLessThan(oxides.y + oxides.height)
		// Its label is readable where the arc turns up into the oxides (the start of a phone's box).
		const label = sankey.getByTestId('sankey-return').locator('text')
		expect((await label.textContent())!.replace(/\s+/g, '')).toBe(zh ? '回流至分离稀土氧化物2,800tREO' : 'BacktoSeparatedrare-earthoxides2,800tREO')
		const [labelBox, scrollBox] = [(await label.boundingBox())!, (await page.locator('.sankey-scroll').first().boundingBox())!]
		expect(labelBox.x).toBeGreaterThanOrEqual(scrollBox.x)
		expect(labelBox.x + labelBox.width).toBeLessThanOrEqual(scrollBox.x + scrollBox.width)
		// Every band between two links carries its figure (or says its factor is unknown).
		const linkBands = await sankey.locator('.sankey-band[data-kind="local"], .sankey-band[data-kind="unknown"]').count()
		expect(await sankey.locator('.band-figure').count()).toBe(linkBands)
		expect(await texts(page, '.band-figure')).toEqual(expect.arrayContaining(['42,614 t', '130 t', '5 t', zh ? '系数未知' : 'Factor unknown']))
		// The page names the largest gaps and leaks first, and a legend says what each colour of band means.
		const highlights = await page.getByTestId('flow-highlights').innerText()
		expect(highlights).toMatch(
			zh ? /缺口最大（靠县外补入）：\s*钕铁硼合金\/毛坯 38,614 t/ : /Largest gaps \(brought in from outside\):\s*NdFeB alloy and blanks 38,614 t/,
		)
		expect(highlights).toMatch(
			zh ? /外流最多（流出县外）：\s*稀土金属及合金 8,800 t/ : /Largest outflows \(leave the county\):\s*Rare-earth metals and alloys 8,800 t/,
		)
		expect(await page.getByTestId('sankey-legend').locator('li').count()).toBe(7)
		expect(await page.getByTestId('sankey-legend').innerText()).toContain(zh ? '县外补入（缺口）' : 'Brought in from outside (gap)')
		expect(await page.getByTestId('flow-no-figure').innerText()).toContain(zh ? '稀土发光材料' : 'Rare-earth phosphors')
		// The sample data stays marked as sample.
		expect(await page.locator('.sample-note').count()).toBe(1)

		// No page-wide sideways scroll; on a phone the diagram keeps its size and scrolls in its own box.
		expect(await pageWidth(page)).toBeLessThanOrEqual(viewport.width)
		const box = page.locator('.sankey-scroll').first()
		const scrolls = await box.evaluate((el) => el.scrollWidth > el.clientWidth + 1)
		expect(scrolls).toBe(viewport.width < 500)
		if (scrolls) expect(await box.getAttribute('role')).toBe('region')
		await expect.poll(() => seriousViolations(page), { message: 'axe violations' }).toEqual([])

		// A node opens the link's panel, by keyboard too.
		await sankey.locator('.sankey-node[data-link-key="ndfeb_alloy"]').focus()
		await page.keyboard.press('Enter')
		await expect.poll(() => page.getByTestId('link-panel').locator('h2').innerText()).toBe(zh ? '钕铁硼合金/毛坯' : 'NdFeB alloy and blanks')
		await page.keyboard.press('Escape')

		await page.screenshot({ path: `test-results/chain-sankey-${locale}-${viewport.width}.png`, fullPage: true })
		expect(problems).toEqual([])
		await context.close()
	},
)

test.each(CASES)(
	'the map in $locale at $viewport.width px: colours ranked by urgency with a legend, whole tags, sources by name',
	async ({ locale, viewport }) => {
		const { context, page, problems } = await openAs(locale, viewport)
		const zh = locale === 'zh-CN'
		await page.goto(`${own.baseUrl}${CHAIN}`)
		const map = page.getByTestId('chain-map')
		await expect.poll(() => map.locator('.map-node').count()).toBe(22)

		// Colour carries information: several levels, the urgent ones are the links the county brings in.
		const levelOf = (key: string) => map.locator(`[data-link-key="${key}"]`).evaluate((n) => [...n.classList].find((c) => c.startsWith('severity-')))
		expect(await levelOf('mixed_reo')).toBe('severity-critical')
		expect(await levelOf('prnd_oxide')).toBe('severity-critical')
		expect(await levelOf('ndfeb_alloy')).toBe('severity-critical')
		expect(await levelOf('re_metal')).toBe('severity-serious')
		expect(await levelOf('motor_fluid')).toBe('severity-opening')
		expect(await levelOf('motor_nev')).toBe('severity-risk')
		const legend = page.getByTestId('severity-legend')
		expect(await legend.locator('li').evaluateAll((items) => items.map((i) => i.getAttribute('data-level')))).toEqual([
			'critical',
			'serious',
			'opening',
			'risk',
			'sound',
			'idle',
		])
		const first = await legend.locator('li').first().innerText()
		expect(first).toMatch(zh ? /急需补链\s*（3 个）/ : /Urgent gap\s*\(3\)/)
		expect(first).toContain(
			zh ? '混合稀土（碳酸稀土）、镨钕氧化物、钕铁硼合金/毛坯' : 'Mixed rare earths (carbonate, as REO), PrNd oxide, NdFeB alloy and blanks',
		)

		// Tags are whole: every flag of a node is in its text, nothing squeezed.
		expect(await map.locator('text[textLength]').count()).toBe(0)
		const ore = await map.locator('[data-link-key="ionic_ore"] .node-flags').allTextContents()
		expect(ore.map((line) => line.trim()).join(' · ')).toBe(
			zh ? '缺龙头 · 单点依赖 · 外流/延链机会' : 'No leader · Single-point dependency · Outflow / extension opportunity',
		)
		// Edges show the factor; the source's name and the reference code are in the tooltip only.
		const edgeLabels = await texts(page, '[data-testid="chain-map"] .edge-label')
		expect(edgeLabels).toEqual(expect.arrayContaining(['×1.43', zh ? '系数未知' : 'Factor unknown']))
		expect(edgeLabels.filter((l) => /\b[A-Z]{2}\d{2}\b/.test(l))).toEqual([])
		const alloyEdge = (await map.locator('.map-edge title').allTextContents()).find((t) => t.includes('×1.43'))
		expect(alloyEdge).toContain(zh ? '磁材加工良率 60–80%（himagnet） (RE13)' : 'Magnet machining yield 60–80% (himagnet) (RE13)')
		// The edge table names the source; the code is its tooltip.
		const source = page
			.getByTestId('chain-edges')
			.locator('tbody tr')
			.filter({ hasText: zh ? '钕铁硼合金/毛坯' : 'NdFeB alloy and blanks' })
			.filter({ hasText: zh ? '钕铁硼磁材（成品）' : 'Finished NdFeB magnets' })
			.first()
			.locator('.source-name')
		expect(await source.innerText()).toBe(zh ? '磁材加工良率 60–80%（himagnet）' : 'Magnet machining yield 60–80% (himagnet)')
		expect(await source.getAttribute('title')).toContain('RE13')

		expect(await pageWidth(page)).toBeLessThanOrEqual(viewport.width)
		await expect.poll(() => seriousViolations(page), { message: 'axe violations' }).toEqual([])
		await page.screenshot({ path: `test-results/chain-map-${locale}-${viewport.width}.png`, fullPage: true })

		// The edit page lists links by name; the key is only a tooltip.
		await page.goto(`${own.baseUrl}${CHAIN}/edit`)
		const firstCells = await page.getByTestId('edit-links').locator('tbody tr th[scope="row"]').allInnerTexts()
		expect(firstCells).toContain(zh ? '离子型稀土矿' : 'Ion-adsorption rare-earth ore')
		expect(firstCells).not.toContain('ionic_ore')
		expect(problems).toEqual([])
		await context.close()
	},
)
