// Quotas and reports of a region (issue #12 §3, ADR 0029): a city's target counts every county's
// qualifying projects, split per county, with the counties ranked (县区赛马) on the dashboard and in
// the reports; a county's target counts its own; a county never sees the city's or the other
// county's quotas and reports. Runs on SQLite and, in the PostgreSQL suite, on PostgreSQL.
import { beforeAll, describe, expect, test } from 'vitest'
import { prisma } from '~/db.server'
import { cardField, type DocumentValues, type ReviewCardValues } from '~/domain/quota/target-review'
import { parseReportPeriod } from '~/domain/report/period'
import { issueReport } from '~/models/issued-report.server'
import { loadQuotaProgress } from '~/models/quota-progress.server'
import { createRegion, createUnit, installationHomeRegion } from '~/models/region.server'
import { requireReportAudience, loadReportDocument } from '~/models/report.server'
import { seedSampleEvidence } from '~/models/stage-evidence.server'
import { createUser } from '~/models/user.server'
import { loader as homeLoader } from '~/routes/_index'
import { loader as auditLoader } from '~/routes/audit'
import { loader as auditExportLoader } from '~/routes/audit_.export'
import { loader as dataLoader } from '~/routes/data._index'
import { action as quotaAction, loader as quotaLoader } from '~/routes/quotas.$id'
import { loader as dashboardLoader } from '~/routes/quotas._index'
import { action as importAction, loader as importLoader } from '~/routes/quotas.import'
import { action as reportAction, loader as reportLoader } from '~/routes/reports.$kind'
import { loader as reportsIndexLoader } from '~/routes/reports._index'
import { loader as searchLoader } from '~/routes/search'
import { UserError } from '~/utils/user-error'
import { actorNamed } from '../helpers/actors'
import { BASE, formRequest, getRequest, loginWith, statusOf, unwrap } from '../helpers/requests'

const args = (request: Request, params: Record<string, string> = {}) => ({ request, params, context: {} })
const PASSWORD = 'quota-region-pass-2026'
const YEAR = 2025
const AS_OF = '2025-12-31'

const signIn = (username: string) => loginWith(username, PASSWORD)

type World = Awaited<ReturnType<typeof buildWorld>>
let w: World

/**
 * 配额市 with 丙县 (and its 丙园区) and 丁县. Signed and verified in 2025: two projects of 丙县 (one
 * in its park), one of 丁县, one filed at the city itself; one of 丙县 signed in 2024. Firms flagged
 * local: two in 丙县, one in 丁县, one registered at the city (a city-level group), one in a region
 * outside the city; each holds the 专精特新 tag.
 */
async function buildWorld() {
	const city = await createRegion(prisma, { code: 'q-city', name: '配额市', nameEn: 'Quota City', kind: 'city', parentCode: 'jx' })
	const c = await createRegion(prisma, { code: 'q-city-c', name: '丙县', nameEn: 'County C', kind: 'county', parentCode: 'q-city' })
	const park = await createRegion(prisma, { code: 'q-city-c-park', name: '丙园区', nameEn: 'Park C', kind: 'park', parentCode: 'q-city-c' })
	const d = await createRegion(prisma, { code: 'q-city-d', name: '丁县', nameEn: 'County D', kind: 'county', parentCode: 'q-city' })
	const elsewhere = await createRegion(prisma, { code: 'q-other', name: '外市', nameEn: 'Elsewhere', kind: 'city', parentCode: 'jx' })
	const unitC = await createUnit(prisma, { name: '丙县商务局', nameEn: 'County C Commerce', regionCode: 'q-city-c' })
	const unitD = await createUnit(prisma, { name: '丁县商务局', nameEn: 'County D Commerce', regionCode: 'q-city-d' })
	const user = (username: string, role: 'staff' | 'manager', unitId: string | undefined, regionId: string) =>
		createUser(prisma, { username, name: username, role, password: PASSWORD, unitId, regionId }, null)
	await user('q.city', 'manager', undefined, city.id)
	await user('q.manager.c', 'manager', unitC.id, c.id)
	await user('q.staff.d', 'staff', unitD.id, d.id)

	const firm = async (name: string, regionId: string) => {
		const { id } = await prisma.company.create({
			data: { name, isLocal: true, regionId, tags: { create: [{ tag: 'zhuanjingtexin', grantedYear: 2024 }] } },
			select: { id: true },
		})
		return id
	}
	const firms = {
		c1: await firm('配额测试丙县甲公司', c.id),
		c2: await firm('配额测试丙园区乙公司', park.id),
		d1: await firm('配额测试丁县丙公司', d.id),
		cityGroup: await firm('配额测试市级集团', city.id),
		outside: await firm('配额测试外市公司', elsewhere.id),
	}
	const project = async (title: string, regionId: string, unitId: string | null, signed: string) => {
		const { id } = await prisma.project.create({
			data: {
				title,
				companyId: firms.c1,
				type: 'new',
				investmentCNY: 600_000_000n,
				stage: 'signed',
				negotiatingDate: new Date(`${signed.slice(0, 4)}-01-05T00:00:00Z`),
				signedDate: new Date(`${signed}T00:00:00Z`),
				responsibleUnitId: unitId,
				regionId,
			},
			select: { id: true },
		})
		await prisma.$transaction((tx) => seedSampleEvidence(tx, id, []))
		return id
	}
	const projects = {
		c1: await project('配额测试丙县项目一', c.id, unitC.id, '2025-03-10'),
		park: await project('配额测试丙园区项目', park.id, unitC.id, '2025-06-10'),
		d1: await project('配额测试丁县项目', d.id, unitD.id, '2025-04-15'),
		city: await project('配额测试市本级项目', city.id, null, '2025-05-20'),
		old: await project('配额测试丙县旧项目', c.id, unitC.id, '2024-07-01'),
	}
	const quota = async (regionId: string, metric: string, kind: 'projects' | 'companies_with_tag', value: number, filters: object) =>
		(
			await prisma.quota.create({
				data: {
					regionId,
					excerpt: metric,
					metric,
					kind,
					op: '>=',
					value,
					unit: kind === 'projects' ? '个' : '家',
					period: 'annual',
					filters: JSON.stringify(filters),
				},
				select: { id: true },
			})
		).id
	const quotas = {
		cityProjects: await quota(city.id, '配额市引进项目', 'projects', 4, {}),
		cityFirms: await quota(city.id, '配额市专精特新企业', 'companies_with_tag', 10, { anyTag: ['zhuanjingtexin'] }),
		cProjects: await quota(c.id, '丙县引进项目', 'projects', 2, {}),
		cFirms: await quota(c.id, '丙县专精特新企业', 'companies_with_tag', 2, { anyTag: ['zhuanjingtexin'] }),
		dProjects: await quota(d.id, '丁县引进项目', 'projects', 2, {}),
	}
	const cookies = { city: await signIn('q.city'), managerC: await signIn('q.manager.c'), staffD: await signIn('q.staff.d') }
	return { city, c, park, d, elsewhere, firms, projects, quotas, cookies }
}

beforeAll(async () => {
	w = await buildWorld()
}, 60_000)

const progressOf = async (username: string, quotaId: string) => {
	const actor = await actorNamed(username)
	const [progress] = await loadQuotaProgress(prisma, { year: YEAR, asOf: AS_OF, scope: actor.scope, quotaIds: [quotaId] })
	return progress
}
const itemIds = (progress: { items: { id: string }[] } | undefined) => progress!.items.map((i) => i.id).sort()

describe('counting', () => {
	test("a city's target counts every county's projects and its own, split per county with the park under its county", async () => {
		const progress = await progressOf('q.city', w.quotas.cityProjects)
		expect(itemIds(progress)).toEqual([w.projects.c1, w.projects.park, w.projects.d1, w.projects.city].sort())
		expect(progress!.actual).toBe(4)
		expect(progress!.region).toEqual({ id: w.city.id, name: '配额市', nameEn: 'Quota City' })
		expect(progress!.regions.map((p) => [p.regionId, p.own, p.actual, p.items])).toEqual([
			[w.c.id, false, 2, 2],
			[w.d.id, false, 1, 1],
			[w.city.id, true, 1, 1],
		])
		expect(progress!.regions.reduce((sum, p) => sum + p.actual, 0)).toBe(progress!.actual)
	})

	test("a county's target counts only its own projects (its park's too), never the other county's nor the city's", async () => {
		const c = await progressOf('q.manager.c', w.quotas.cProjects)
		expect(itemIds(c)).toEqual([w.projects.c1, w.projects.park].sort())
		expect(c!.regions.map((p) => [p.regionId, p.actual])).toEqual([
			[w.park.id, 1],
			[w.c.id, 1],
		])
		const d = await progressOf('q.staff.d', w.quotas.dProjects)
		expect(itemIds(d)).toEqual([w.projects.d1])
		// Nothing under 丁县: no split.
		expect(d!.regions).toEqual([])
	})

	test('local firms count for the region they are registered in, or one below the level they are registered at; a firm elsewhere does not', async () => {
		const city = await progressOf('q.city', w.quotas.cityFirms)
		expect(itemIds(city)).toEqual([w.firms.c1, w.firms.c2, w.firms.d1, w.firms.cityGroup].sort())
		expect(city!.excluded.map((e) => [e.id, e.reason])).toContainEqual([w.firms.outside, 'not_local'])
		expect(city!.regions.map((p) => [p.regionId, p.actual])).toEqual([
			[w.c.id, 2],
			[w.d.id, 1],
			[w.city.id, 1],
		])
		const c = await progressOf('q.manager.c', w.quotas.cFirms)
		// The city-level group is courted by the county as its own; 丁县's firm is not local to 丙县.
		expect(itemIds(c)).toEqual([w.firms.c1, w.firms.c2, w.firms.cityGroup].sort())
		expect(c!.excluded.map((e) => [e.id, e.reason])).toContainEqual([w.firms.d1, 'not_local'])
	})
})

describe('who sees which quota', () => {
	test("a county manager's dashboard holds their county's quotas only; the city manager's every quota of the city", async () => {
		const county = await dashboardLoader(args(getRequest(`/quotas?year=${YEAR}`, w.cookies.managerC)))
		const countyIds = county.quotas.map((q) => q.quotaId)
		expect(countyIds).toEqual(expect.arrayContaining([w.quotas.cProjects, w.quotas.cFirms]))
		for (const id of [w.quotas.cityProjects, w.quotas.cityFirms, w.quotas.dProjects]) expect(countyIds).not.toContain(id)

		const city = await dashboardLoader(args(getRequest(`/quotas?year=${YEAR}`, w.cookies.city)))
		expect(city.quotas.map((q) => q.quotaId).sort()).toEqual(Object.values(w.quotas).sort())
		expect(city.regions.map((r) => r.name).sort()).toEqual(['丁县', '丙县', '配额市'].sort())
		// The city manager narrows the dashboard to one county's targets.
		const narrowed = await dashboardLoader(args(getRequest(`/quotas?year=${YEAR}&region=${w.c.id}`, w.cookies.city)))
		expect(narrowed.quotas.map((q) => q.quotaId).sort()).toEqual([w.quotas.cProjects, w.quotas.cFirms].sort())
		expect(narrowed.total).toBe(2)
	})

	test("another county's or the city's quota page is not found, to read or to change", async () => {
		expect(await statusOf(() => quotaLoader(args(getRequest(`/quotas/${w.quotas.cityProjects}`, w.cookies.managerC), { id: w.quotas.cityProjects })))).toBe(404)
		expect(await statusOf(() => quotaLoader(args(getRequest(`/quotas/${w.quotas.cProjects}`, w.cookies.staffD), { id: w.quotas.cProjects })))).toBe(404)
		const change = formRequest(
			`/quotas/${w.quotas.dProjects}`,
			{ intent: 'manual', value: '1', evidence: 'x', date: '2025-06-30' },
			{ Cookie: w.cookies.managerC },
		)
		expect(await statusOf(() => quotaAction(args(change, { id: w.quotas.dProjects })))).toBe(404)
		const own = await quotaLoader(
			args(getRequest(`/quotas/${w.quotas.cityProjects}?year=${YEAR}&asOf=${AS_OF}`, w.cookies.city), { id: w.quotas.cityProjects }),
		)
		expect(own.progress.regions.map((p) => p.regionId)).toEqual([w.c.id, w.d.id, w.city.id])
	})

	test('the header search and the home tile find only the quotas of the scope', async () => {
		const search = await searchLoader(args(getRequest(`/search?q=${encodeURIComponent('引进项目')}`, w.cookies.staffD)))
		expect(search.results!.quotas.rows.map((q) => q.id)).toEqual([w.quotas.dProjects])
		expect(search.results!.quotas.total).toBe(1)
		const home = await homeLoader(args(getRequest('/', w.cookies.staffD)))
		expect(home.counts.quotas).toBe(1)
	})
})

describe('县区赛马', () => {
	test("the city manager's dashboard ranks the counties by their part of the city's targets", async () => {
		const page = await dashboardLoader(args(getRequest(`/quotas?year=${YEAR}`, w.cookies.city)))
		const ranking = page.regionRankings.find((r) => r.parent.id === w.city.id)!
		expect(ranking.quotas).toBe(2)
		// 丙县: (2/4 + 2/10) / 2 = 35 %; 丁县: (1/4 + 1/10) / 2 = 17.5 %.
		expect(ranking.rows.map((r) => [r.regionId, r.rank, r.score, r.items])).toEqual([
			[w.c.id, 1, 35, 4],
			[w.d.id, 2, 17.5, 2],
		])
		// A county with one park is no ranking.
		const county = await dashboardLoader(args(getRequest(`/quotas?year=${YEAR}`, w.cookies.managerC)))
		expect(county.regionRankings).toEqual([])
	})
})

describe('reports of a region', () => {
	const june = () => {
		const parsed = parseReportPeriod('quarterly', { year: '2025', quarter: '2' }, '2026-12-07')
		if (!parsed.ok) throw new Error(parsed.error.key)
		return parsed.period
	}

	test("the city's 季通报 holds the city's targets with the counties ranked; the county's holds its own, and none of the other county's projects", async () => {
		const city = await loadReportDocument(prisma, june(), await requireReportAudience(prisma, await actorNamed('q.city'), null), 'zh-CN')
		expect(city.regionName).toBe('配额市')
		const progress = city.sheets.find((s) => s.key === 'progress')!
		expect(progress.rows.map((r) => r.cells[1])).toEqual(expect.arrayContaining(['配额市引进项目', '配额市专精特新企业']))
		expect(progress.rows.map((r) => r.cells[1])).not.toContain('丙县引进项目')
		const ranking = city.sheets.find((s) => s.key === 'regionRanking')!
		expect(ranking.rows.map((r) => [r.cells[2], r.cells[1]])).toEqual([
			['丙县', 1],
			['丁县', 2],
		])

		const county = await loadReportDocument(prisma, june(), await requireReportAudience(prisma, await actorNamed('q.manager.c'), null), 'zh-CN')
		const signed = county.sheets.find((s) => s.key === 'signed')!
		expect(signed.rows.map((r) => r.cells[1])).toEqual(['配额测试丙园区项目'])
		expect(county.sheets.find((s) => s.key === 'progress')!.rows.map((r) => r.cells[1])).not.toContain('配额市引进项目')
		expect(county.sheets.some((s) => s.key === 'regionRanking')).toBe(false)
	})

	test("a county user may not open the city's report nor the other county's: not found", async () => {
		const city = (user: string) => getRequest(`/reports/quarterly?year=2025&quarter=2&region=${w.city.id}`, user)
		expect(await statusOf(() => reportLoader(args(city(w.cookies.managerC), { kind: 'quarterly' })))).toBe(404)
		const other = getRequest(`/reports/quarterly?year=2025&quarter=2&region=${w.c.id}`, w.cookies.staffD)
		expect(await statusOf(() => reportLoader(args(other, { kind: 'quarterly' })))).toBe(404)
		// The city manager opens a county's.
		const county = await reportLoader(args(getRequest(`/reports/quarterly?year=2025&quarter=2&region=${w.d.id}`, w.cookies.city), { kind: 'quarterly' }))
		expect(county.document.regionName).toBe('丁县')
		expect(county.regions.map((r) => r.id)).toEqual(expect.arrayContaining([w.city.id, w.c.id, w.d.id]))
	})

	test('each region issues its own report of a period; a county sees its own in the list, the city sees both', async () => {
		const period = june()
		await issueReport(prisma, await actorNamed('q.manager.c'), period, await requireReportAudience(prisma, await actorNamed('q.manager.c'), null), {
			today: '2026-12-07',
		})
		await issueReport(prisma, await actorNamed('q.city'), period, await requireReportAudience(prisma, await actorNamed('q.city'), null), {
			today: '2026-12-07',
		})
		const stored = await prisma.issuedReport.findMany({
			where: { periodKey: 'quarterly-2025-Q2', regionId: { in: [w.c.id, w.city.id] } },
			select: { regionId: true, regionKey: true },
		})
		expect(stored.map((r) => r.regionId).sort()).toEqual([w.c.id, w.city.id].sort())
		expect(stored.every((r) => r.regionKey === r.regionId)).toBe(true)

		const countyList = await reportsIndexLoader(args(getRequest('/reports', w.cookies.managerC)))
		expect(countyList.issued.filter((r) => r.year === 2025 && r.quarter === 2).map((r) => r.region?.id)).toEqual([w.c.id])
		const otherCounty = await reportsIndexLoader(args(getRequest('/reports', w.cookies.staffD)))
		expect(otherCounty.issued.some((r) => r.region?.id === w.c.id || r.region?.id === w.city.id)).toBe(false)
		const cityList = await reportsIndexLoader(args(getRequest('/reports', w.cookies.city)))
		expect(
			cityList.issued
				.filter((r) => r.year === 2025 && r.quarter === 2)
				.map((r) => r.region?.id)
				.sort(),
		).toEqual([w.c.id, w.city.id].sort())

		// The county's page shows its issued version; 丁县 has none.
		const countyPage = await reportLoader(args(getRequest('/reports/quarterly?year=2025&quarter=2', w.cookies.managerC), { kind: 'quarterly' }))
		expect(countyPage.issued).not.toBeNull()
		const dPage = await reportLoader(args(getRequest('/reports/quarterly?year=2025&quarter=2', w.cookies.staffD), { kind: 'quarterly' }))
		expect(dPage.issued).toBeNull()

		// The audit log: the county manager reads the county's entries, not the city's; the city manager reads both.
		const issuers = async (cookie: string) => {
			const page = await auditLoader(args(getRequest('/audit?entity=IssuedReport', cookie)))
			return page.rows.map((r) => r.user?.username)
		}
		expect(await issuers(w.cookies.managerC)).toEqual(['q.manager.c'])
		expect((await issuers(w.cookies.city)).sort()).toEqual(['q.city', 'q.manager.c'])
		const countyUsers = await auditLoader(args(getRequest('/audit', w.cookies.managerC)))
		expect(countyUsers.users.map((u) => u.username)).not.toContain('q.city')
		const exported = await (await auditExportLoader(args(getRequest('/audit/export?entity=IssuedReport', w.cookies.managerC)))).text()
		expect(exported).toContain('q.manager.c')
		expect(exported).not.toContain('q.city')
	})
})

/** Signs in an account without a region (made on first use): the first admin of an install that added regions later, a forgotten one. */
async function regionless(username: string, role: 'manager' | 'admin') {
	if (!(await prisma.user.findUnique({ where: { username }, select: { id: true } })))
		await createUser(prisma, { username, name: username, role, password: PASSWORD }, null)
	return signIn(username)
}

/** Saves a one-clause policy document through /quotas/import's two steps, as the page posts them; the save's answer. */
async function savePolicy(cookie: string, title: string, regionId: string) {
	const document = { title, docNumber: '', issuer: '', issuedDate: '', regionId, text: '每年引进项目4个以上。' }
	const extract = new FormData()
	extract.set('intent', 'extract')
	for (const [name, value] of Object.entries(document)) extract.set(name, value)
	const review = unwrap<{ step: string; document: DocumentValues; cards: ReviewCardValues[] }>(
		await importAction(args(new Request(`${BASE}/quotas/import`, { method: 'POST', headers: { Cookie: cookie }, body: extract }))),
	).body
	expect(review.step).toBe('review')
	const body = new URLSearchParams({ intent: 'save', ...review.document, cardCount: String(review.cards.length) })
	review.cards.forEach((card, index) => {
		for (const [field, value] of Object.entries(card) as [keyof ReviewCardValues, ReviewCardValues[keyof ReviewCardValues]][]) {
			if (typeof value === 'boolean') {
				if (value) body.append(cardField(index, field), 'on')
			} else for (const v of [value].flat()) body.append(cardField(index, field), v)
		}
	})
	return importAction(
		args(new Request(`${BASE}/quotas/import`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookie }, body })),
	)
}

describe('an account without a region, on an installation with regions (review of ADR 0029)', () => {
	/** A manager nobody gave a region: ADR 0026 says they see records without one only, never every county's. */
	const nowhere = () => regionless('q.nowhere', 'manager')
	const worldProjects = () => [w.projects.c1, w.projects.park, w.projects.d1, w.projects.city]

	test("never reads a county's projects through a target it saves on /quotas/import", async () => {
		const cookie = await nowhere()
		await savePolicy(cookie, '无区域用户的方案', '')
		// ADR 0029: a quota has no region only on an installation without regions.
		expect(await prisma.quota.count({ where: { regionId: null } })).toBe(0)

		// Whatever the save answered, nothing the manager now sees lists a county's or the city's project.
		const dashboard = await dashboardLoader(args(getRequest(`/quotas?year=${YEAR}`, cookie)))
		for (const row of dashboard.quotas) {
			const page = await quotaLoader(args(getRequest(`/quotas/${row.quotaId}?year=${YEAR}&asOf=${AS_OF}`, cookie), { id: row.quotaId }))
			const seen = [...page.progress.items, ...page.progress.excluded, ...page.progress.awaiting, ...page.progress.pipeline].map((i) => i.id)
			expect(seen.filter((id) => worldProjects().includes(id))).toEqual([])
			expect(page.progress.actual).toBe(0)
		}
	})

	test("never reads a county's projects through a target left without a region (an install upgraded before it had regions)", async () => {
		const cookie = await nowhere()
		// The migration leaves an install without regions with quotas without one; the operator then adds the city and its counties.
		const { id } = await prisma.quota.create({
			data: { excerpt: '升级前的目标', metric: '升级前的引进项目', kind: 'projects', op: '>=', value: 4, unit: '个', period: 'annual', filters: '{}' },
			select: { id: true },
		})
		try {
			const page = await quotaLoader(args(getRequest(`/quotas/${id}?year=${YEAR}&asOf=${AS_OF}`, cookie), { id }))
			const seen = [...page.progress.items, ...page.progress.excluded, ...page.progress.awaiting, ...page.progress.pipeline].map((i) => i.id)
			expect(seen.filter((p) => worldProjects().includes(p))).toEqual([])
		} finally {
			await prisma.quota.delete({ where: { id } })
		}
	})

	test("neither reads nor issues a region's report, and asking for another region's is not found", async () => {
		const cookie = await nowhere()
		// 丙县 issued its 季通报 of 2025 Q2 above; the manager without a region sees it neither in the list nor on the page.
		expect((await reportsIndexLoader(args(getRequest('/reports', cookie)))).issued).toEqual([])
		const page = await reportLoader(args(getRequest('/reports/quarterly?year=2025&quarter=2', cookie), { kind: 'quarterly' }))
		expect([page.issued, page.canIssue, page.region, page.regions]).toEqual([null, false, null, []])
		expect(await statusOf(() => reportLoader(args(getRequest(`/reports/quarterly?year=2025&quarter=2&region=${w.c.id}`, cookie), { kind: 'quarterly' })))).toBe(
			404,
		)
		const issue = await reportAction(args(formRequest('/reports/monthly?year=2025&month=5', { intent: 'issue' }, { Cookie: cookie }), { kind: 'monthly' }))
		expect(unwrap(issue)).toMatchObject({ status: 403, body: { ok: false, formError: { key: 'reports.issue.noRegion' } } })
		expect(await prisma.issuedReport.count({ where: { periodKey: 'monthly-2025-05' } })).toBe(0)
	})

	test('reads no entry of the audit log made by the command line or by an admin without a region', async () => {
		const cookie = await nowhere()
		// An admin without a region (the first admin of an install that added its regions later) changes 丙县's target.
		const root = await regionless('q.root', 'admin')
		const rules = formRequest(`/quotas/${w.quotas.cProjects}`, { intent: 'rules', version: '1', kind: 'projects', countStage: 'started' }, { Cookie: root })
		await quotaAction(args(rules, { id: w.quotas.cProjects }))
		expect(await prisma.auditLog.count({ where: { user: { username: 'q.root' } } })).toBeGreaterThan(0)

		const page = await auditLoader(args(getRequest('/audit', cookie)))
		// The command line's entries (regions, units, accounts of the city above) and the admin's are the admins' (ADR 0029).
		expect(page.rows.filter((r) => r.user === null || r.user.username === 'q.root').map((r) => [r.entity, r.user?.username ?? null])).toEqual([])
		const exported = await (await auditExportLoader(args(getRequest('/audit/export', cookie)))).text()
		expect(exported).not.toContain('q.root')
		expect(exported).not.toContain('q-city-c')
	})
})

describe('policy documents of a region', () => {
	test('/data lists the documents of the reader’s regions only; the 市 sees its counties’ with their region named', async () => {
		const doc = (title: string, regionId: string) => prisma.policyDocument.create({ data: { title, text: title, regionId }, select: { id: true } })
		await doc('配额市招商方案', w.city.id)
		await doc('丙县招商方案', w.c.id)
		const titles = async (cookie: string) => (await dataLoader(args(getRequest('/data', cookie)))).documents.map((d) => `${d.title}@${d.region?.name ?? ''}`)
		expect(await titles(w.cookies.staffD)).not.toEqual(expect.arrayContaining([expect.stringMatching(/^(配额市|丙县)招商方案/)]))
		expect(await titles(w.cookies.managerC)).toEqual(['丙县招商方案@丙县'])
		expect(await titles(w.cookies.city)).toEqual(expect.arrayContaining(['配额市招商方案@配额市', '丙县招商方案@丙县']))
	})
})

describe('the policy import’s region picker (review of ADR 0029)', () => {
	test("an admin without a region starts on the installation's own region, not on none (which would be refused)", async () => {
		const page = await importLoader(args(getRequest('/quotas/import', await regionless('q.root', 'admin'))))
		expect(page.defaultRegionId).toBe(await installationHomeRegion(prisma))
		expect(page.regions.map((r) => r.id)).toContain(page.defaultRegionId)
	})

	test('an admin posting a region that does not exist is told so; nothing is saved', async () => {
		const root = await regionless('q.root', 'admin')
		const before = await prisma.policyDocument.count()
		const answer = unwrap<{ step: string; formError: { key: string } | null }>(await savePolicy(root, '不存在区域的方案', 'no-such-region'))
		expect(answer).toMatchObject({ status: 400, body: { step: 'review', formError: { key: 'policyImport.errors.region' } } })
		expect(await prisma.policyDocument.count()).toBe(before)
	})
})

describe('issuing a region’s report (review of ADR 0029)', () => {
	const march = () => {
		const parsed = parseReportPeriod('monthly', { year: '2025', month: '3' }, '2026-12-07')
		if (!parsed.ok) throw new Error(parsed.error.key)
		return parsed.period
	}

	test('two managers issuing the same region’s period at once: one report, the other told who issued it; another region’s issue of the period stands', async () => {
		const period = march()
		const city = await actorNamed('q.city')
		const county = await actorNamed('q.manager.c')
		const cAudience = await requireReportAudience(prisma, county, null)
		const results = await Promise.allSettled([
			issueReport(prisma, county, period, cAudience, { today: '2026-12-07' }),
			issueReport(prisma, city, period, await requireReportAudience(prisma, city, w.c.id), { today: '2026-12-07' }),
			issueReport(prisma, city, period, await requireReportAudience(prisma, city, null), { today: '2026-12-07' }),
		])
		const [first, second, cityOwn] = results
		expect(cityOwn.status).toBe('fulfilled')
		expect([first.status, second.status].sort()).toEqual(['fulfilled', 'rejected'])
		const refused = (first.status === 'rejected' ? first.reason : (second as PromiseRejectedResult).reason) as UserError
		expect(refused).toBeInstanceOf(UserError)
		expect(refused).toMatchObject({ messageKey: 'reports.issue.alreadyIssued', status: 409 })
		expect(await prisma.issuedReport.count({ where: { periodKey: 'monthly-2025-03', regionKey: w.c.id } })).toBe(1)
		expect(await prisma.issuedReport.count({ where: { periodKey: 'monthly-2025-03', regionKey: w.city.id } })).toBe(1)
	})
})
