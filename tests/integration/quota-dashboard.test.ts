import { expect, test } from 'vitest'
import { prisma } from '~/db.server'
import { ITEM_PREVIEW, QUOTA_STATUSES } from '~/domain/quota/dashboard'
import { loader } from '~/routes/quotas._index'
import { getRequest, loginAs, thrown } from '../helpers/requests'

const args = (request: Request) => ({ request, params: {}, context: {} })

async function dashboard(query: string, role: 'staff' | 'manager' = 'staff') {
	return loader(args(getRequest(`/quotas${query}`, await loginAs(role))))
}

const RARE_EARTH_CLAUSE = '每年引进稀土新材料及应用项目10个以上'

/**
 * The projects (六)16 should count, straight from the database: signed in the
 * year by asOf, touching a link of the rare-earth chain, not terminated by
 * asOf, and a 增资 only with an increment.
 */
function qualifyingProjects(year: number, asOf: string) {
	const asOfEnd = new Date(`${asOf}T23:59:59Z`)
	return prisma.project.findMany({
		where: {
			signedDate: { gte: new Date(Date.UTC(year, 0, 1)), lte: asOfEnd },
			links: { some: { link: { chain: { slug: 'rare-earth-ganxian' } } } },
			OR: [{ terminatedDate: null }, { terminatedDate: { gt: asOfEnd } }],
			NOT: { type: 'capital_increase', OR: [{ incrementCNY: null }, { incrementCNY: { lte: 0 } }] },
		},
		select: { id: true, responsibleUnitId: true },
	})
}

test('for a seeded year, (六)16 counts the rare-earth projects signed that year and lists them', async () => {
	for (const year of [2024, 2025]) {
		const page = await dashboard(`?year=${year}`)
		expect(page.query.year).toBe(year)
		expect(page.asOf).toBe(`${year}-12-31`)
		const row = page.quotas.find((q) => q.excerpt === RARE_EARTH_CLAUSE)
		expect(row, `year ${year}`).toMatchObject({ section: '（六）16', op: '>=', value: 10, unit: '个', period: 'annual', kind: 'projects' })
		const expected = await qualifyingProjects(year, page.asOf)
		expect(expected.length, `the seed has rare-earth projects signed in ${year}`).toBeGreaterThan(0)
		expect(row!.actual, `year ${year}`).toBe(expected.length)
		expect(row!.itemCount).toBe(expected.length)
		const expectedIds = expected.map((p) => p.id)
		for (const item of row!.items) expect(expectedIds).toContain(item.id)
		expect(row!.items.length).toBe(Math.min(expected.length, ITEM_PREVIEW))
		// 赛马比拼 ranks on the only projects quota: each unit's items are its own qualifying projects.
		for (const unit of page.ranking) expect(unit.items, unit.unitName).toBe(expected.filter((p) => p.responsibleUnitId === unit.unitId).length)
	}
})

test('quotas come grouped by document, in the order their clauses stand in the text', async () => {
	const page = await dashboard('?year=2025')
	const total = await prisma.quota.count()
	expect(page.quotas.length).toBe(total)
	const documents = await prisma.policyDocument.findMany({ select: { id: true, text: true } })
	const textOf = new Map(documents.map((d) => [d.id, d.text]))
	for (let i = 1; i < page.quotas.length; i++) {
		const [before, after] = [page.quotas[i - 1]!, page.quotas[i]!]
		if (before.document?.id !== after.document?.id || !after.document) continue
		const text = textOf.get(after.document.id)!
		expect(text.indexOf(before.excerpt), `${before.section} before ${after.section}`).toBeLessThanOrEqual(text.indexOf(after.excerpt))
	}
	// Each document's quotas are together: a document never reappears after another one.
	const runs = page.quotas.map((q) => q.document?.id ?? null).filter((id, i, all) => i === 0 || id !== all[i - 1])
	expect(new Set(runs).size).toBe(runs.length)
})

test('the unit filter keeps the quotas the unit answers for', async () => {
	const unit = await prisma.unit.findFirstOrThrow({ where: { name: '区工信局' }, select: { id: true } })
	const page = await dashboard(`?year=2025&unit=${unit.id}`)
	const listed = await prisma.quota.findMany({ where: { units: { some: { unitId: unit.id } } }, select: { id: true } })
	expect(listed.length).toBeGreaterThan(0)
	expect(page.quotas.map((q) => q.quotaId).sort()).toEqual(listed.map((q) => q.id).sort())
	expect(page.total).toBe(listed.length)
	expect(page.query.unit).toBe(unit.id)
})

test('the status filter shows exactly the quotas the summary counts for that status', async () => {
	const all = await dashboard('?year=2025')
	const seen: string[] = []
	for (const status of QUOTA_STATUSES) {
		const page = await dashboard(`?year=2025&status=${status}`)
		expect(page.quotas.every((q) => q.status === status)).toBe(true)
		expect(page.quotas.length, status).toBe(all.statusCounts[status])
		// The summary ignores the status filter, so it can switch to another status.
		expect(page.statusCounts).toEqual(all.statusCounts)
		seen.push(...page.quotas.map((q) => q.quotaId))
	}
	expect(seen.sort()).toEqual(all.quotas.map((q) => q.quotaId).sort())
})

test('the kind filter and nonsense parameters', async () => {
	const page = await dashboard('?year=2025&kind=manual')
	const manual = await prisma.quota.findMany({ where: { kind: 'manual' }, select: { id: true } })
	expect(page.quotas.map((q) => q.quotaId).sort()).toEqual(manual.map((q) => q.id).sort())
	const nonsense = await dashboard('?year=abc&status=late&kind=nope&unit=')
	expect(nonsense.query).toMatchObject({ unit: null, status: null, kind: null })
	expect(nonsense.query.year).toBe(Number(nonsense.asOf.slice(0, 4)))
	expect(nonsense.quotas.length).toBe(await prisma.quota.count())
})

test('staff can read the dashboard but not import; managers can import', async () => {
	const staff = await dashboard('?year=2025')
	expect(staff.canImport).toBe(false)
	const manager = await dashboard('?year=2025', 'manager')
	expect(manager.canImport).toBe(true)
	expect(manager.report).toEqual({ month: 12, quarter: 4 })
	const anonymous = await thrown(() => loader(args(getRequest('/quotas'))))
	expect(anonymous).toBeInstanceOf(Response)
	expect((anonymous as Response).headers.get('Location')).toMatch(/^\/login\?redirectTo=/)
})

test('the overview has one row per quota with the cards’ figures, sorted on the server by the column in the URL', async () => {
	const page = await dashboard('?year=2025')
	expect(page.sort).toEqual({ sort: 'clause', dir: 'asc' })
	// Reading order, as the cards; each row carries the card's figures and a month-end series for dated kinds.
	expect(page.overview.map((r) => r.quotaId)).toEqual(page.quotas.map((q) => q.quotaId))
	for (const row of page.overview) {
		const card = page.quotas.find((q) => q.quotaId === row.quotaId)!
		expect(row).toMatchObject({ actual: card.actual, awaitingActual: card.awaitingActual, pace: card.pace, status: card.status, target: card.target })
		expect(row.monthly === null, card.kind).toBe(card.kind !== 'projects' && card.kind !== 'manual')
		if (row.monthly) expect(row.monthly).toHaveLength(13)
	}
	// The series of (六)16 ends at the card's actual: the cumulative count of the year's verified signings.
	const clause16 = page.overview.find((r) => r.section === '（六）16')!
	expect(clause16.monthly!.at(-1)).toBe(clause16.actual)

	const byDone = await dashboard('?year=2025&sort=actual&dir=desc')
	const shares = byDone.overview.map((r) => r.done)
	expect(shares).toEqual([...shares].sort((a, b) => b - a))
	expect(byDone.overview).toHaveLength(page.overview.length)
	// A nonsense sort falls back to reading order; the filters still apply to the overview.
	expect((await dashboard('?year=2025&sort=evil')).overview.map((r) => r.quotaId)).toEqual(page.quotas.map((q) => q.quotaId))
	const behind = await dashboard('?year=2025&status=behind&sort=pace')
	expect(behind.overview.every((r) => r.status === 'behind')).toBe(true)
	expect(behind.overview.map((r) => r.paceGap)).toEqual(behind.overview.map((r) => r.paceGap).sort((a, b) => a - b))
})
