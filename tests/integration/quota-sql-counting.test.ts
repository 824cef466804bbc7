// The quota figures come from SQL (counts and sums per quota, unit and
// period; item lists paged). This test pins them to what the code computed
// before that change: tests/helpers/quota-progress-reference.ts is the former
// loadQuotaProgress, kept verbatim, which loaded every fact into JavaScript and
// counted there. Both run on the same generated database (the seed's 赣县区
// quotas, generated companies and projects, 核验 in every state, quotas with
// every kind of rule) and must agree on everything the dashboard, the quota
// page and the 月调度/季通报/年考核 show.
import { beforeAll, expect, test } from 'vitest'
import { prisma } from '~/db.server'
import { ITEM_PREVIEW } from '~/domain/quota/dashboard'
import { type QuotaProgress } from '~/domain/quota/progress'
import { rankUnits } from '~/domain/quota/unit-ranking'
import { buildReport } from '~/domain/report/build-report'
import { Prisma } from '~/generated/prisma/client'
import { generateDemoData } from '~/models/demo-data.server'
import { loadQuotaProgress } from '~/models/quota-progress.server'
import { loadReportInputs, requireReportPeriod, WHOLE_INSTALLATION_AUDIENCE } from '~/models/report.server'
import { loader as quotaPageLoader } from '~/routes/quotas.$id'
import { loader as dashboardLoader } from '~/routes/quotas._index'
import { demoCountyId, WHOLE_INSTALLATION } from '../helpers/actors'
import { loadQuotaProgressReference } from '../helpers/quota-progress-reference'
import { getRequest, loginAs } from '../helpers/requests'

/**
 * Sums of fractional figures (capacity in 万吨: value × 0.0001) were added item
 * by item in JavaScript and are now added by SQLite in its own order (and with
 * its compensated summation): they may differ in the last binary digits, far
 * below anything a page or report shows. Numbers compare to 12 significant
 * digits; integers (counts, CNY, most figures) stay exact.
 */
function rounded<T>(value: T): T {
	if (typeof value === 'number') return (Number.isInteger(value) ? value : Number(value.toPrecision(12))) as T
	if (Array.isArray(value)) return value.map(rounded) as T
	if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rounded(v)])) as T
	return value
}

const NOW = new Date('2025-09-30T04:00:00Z')
const WINDOWS = [
	{ year: 2025, asOf: '2025-09-30' },
	{ year: 2025, asOf: '2025-12-31' },
	{ year: 2025, asOf: '2025-03-31' },
	{ year: 2024, asOf: '2024-12-31' },
	{ year: 2026, asOf: '2026-06-30' },
	// A day before the year it counts: nothing in the window, the pipeline is what has not been reached by the day.
	{ year: 2026, asOf: '2025-08-31' },
]

/** Quotas beyond the seed's, one per kind of rule the counting knows, with unit shares on some. */
const EXTRA_QUOTAS: { kind: string; unit: string; filters: object }[] = [
	{ kind: 'projects', unit: '亿元', filters: { measure: 'investment', countStage: 'started', minInvestmentCNY: 100_000_000 } },
	{ kind: 'projects', unit: '个', filters: { countStage: 'producing', projectTypes: ['new', 'capital_increase'] } },
	{ kind: 'projects', unit: '个', filters: { clusterLeadingOnly: true } },
	{ kind: 'projects', unit: '个', filters: { chainSlugs: ['rare-earth-ganxian'], linkKeys: ['ndfeb_magnet', 'motor_nev'] } },
	{ kind: 'companies_with_tag', unit: '家', filters: { anyTag: ['gaoxin', 'zhuanjingtexin'], localOnly: false } },
	{ kind: 'companies_with_tag', unit: '家', filters: { anyTag: ['gaoxin'], newInYear: true, minRevenueCNY: 50_000_000 } },
	{ kind: 'companies_with_tag', unit: '家', filters: { anyTag: ['zhuanjingtexin', 'xiaojuren'], chainSlugs: ['rare-earth-ganxian'] } },
	{ kind: 'companies_with_tag', unit: '家', filters: { minRevenueCNY: 100_000_000, chainSlugs: ['rare-earth-ganxian'] } },
	{ kind: 'sum', unit: '万吨', filters: { figure: 'capacity', localOnly: false } },
	{ kind: 'sum', unit: '吨', filters: { figure: 'output', chainSlugs: ['rare-earth-ganxian'] } },
	{ kind: 'sum', unit: '亿元', filters: { figure: 'revenue', localOnly: false } },
	{ kind: 'sum', unit: '个', filters: { figure: 'revenue' } },
	{ kind: 'sum', unit: '吨', filters: { figure: 'output', chainSlugs: ['no-such-chain'] } },
]

beforeAll(async () => {
	const url = process.env.DATABASE_URL!
	await generateDemoData(url, { companies: 3_000, leads: 0, projects: 600, seed: 424242, now: NOW })
	// Plain SQL that both engines read (substr and length rather than SQLite's negative substr).
	await prisma.$transaction(async (tx) => {
		// Years of 认定 2018–2026 by the id's last digit, unknown for 9 (the generator records none).
		await tx.$executeRaw`UPDATE "CompanyTag" SET "grantedYear" = CASE substr("companyId", length("companyId"), 1) WHEN '9' THEN NULL ELSE 2018 + CAST(substr("companyId", length("companyId"), 1) AS INTEGER) END
			WHERE "companyId" LIKE 'demo-%'`
		// 核验 in every state: rejected, pending, missing, and verified facts that no longer hold (changed).
		const evidence = (await tx.$queryRaw<{ id: string }[]>`SELECT "id" FROM "StageEvidence" WHERE "id" LIKE 'demo-%' ORDER BY "id"`).map((r) => r.id)
		const every = (ids: string[], n: number, r: number) => Prisma.join(ids.filter((_, i) => i % n === r))
		await tx.$executeRaw`UPDATE "StageEvidence" SET "status" = 'rejected' WHERE "id" IN (${every(evidence, 11, 1)})`
		await tx.$executeRaw`UPDATE "StageEvidence" SET "status" = 'pending' WHERE "id" IN (${every(evidence, 11, 2)})`
		await tx.$executeRaw`DELETE FROM "StageEvidence" WHERE "id" IN (${every(evidence, 11, 3)})`
		const projects = (await tx.$queryRaw<{ id: string }[]>`SELECT "id" FROM "Project" WHERE "id" LIKE 'demo-%' ORDER BY "id"`).map((r) => r.id)
		await tx.$executeRaw`UPDATE "Project" SET "investmentCNY" = "investmentCNY" + 1 WHERE "id" IN (${every(projects, 13, 5)})`
		await tx.$executeRaw`UPDATE "Project" SET "isClusterLeading" = TRUE WHERE "id" IN (${every(projects, 7, 0)})`
		// Some generated revenue unknown, so revenue quotas meet it.
		await tx.$executeRaw`UPDATE "Company" SET "revenueCNY" = NULL WHERE "id" LIKE 'demo-%' AND substr("id", length("id") - 1, 2) = '17'`
	})
	const units = await prisma.unit.findMany({ orderBy: { name: 'asc' }, select: { id: true } })
	const manager = await prisma.user.findFirstOrThrow({ where: { role: 'manager' }, select: { id: true } })
	for (const [n, q] of EXTRA_QUOTAS.entries()) {
		const metric = `测试指标${n + 1}`
		await prisma.quota.create({
			data: {
				// The county's, as a quota saved from its policy page would be (ADR 0029).
				regionId: await demoCountyId(),
				excerpt: metric,
				metric,
				kind: q.kind,
				op: '>=',
				value: 10 + n,
				unit: q.unit,
				period: 'annual',
				filters: JSON.stringify(q.filters),
				units: { create: units.slice(n % 3, (n % 3) + 2).map((u, position) => ({ unitId: u.id, position, target: position === 0 && n % 2 === 0 ? 3 : null })) },
			},
			select: { id: true },
		})
	}
	const manual = await prisma.quota.findMany({ where: { kind: 'manual' }, orderBy: { id: 'asc' }, select: { id: true } })
	for (const [n, q] of manual.entries()) {
		for (const date of ['2024-06-30', '2025-03-31', '2025-06-30', '2025-09-30', '2025-12-31']) {
			await prisma.quotaManualEntry.create({
				data: {
					quotaId: q.id,
					year: Number(date.slice(0, 4)),
					value: n + Number(date.slice(5, 7)) / 3,
					evidence: `${date} 统计报表`,
					date: new Date(`${date}T00:00:00Z`),
					userId: manager.id,
				},
			})
		}
	}
}, 120_000)

/** The reference's result with the list sizes and sample flag the reports read, derived from its full lists. */
const withSummary = (q: Omit<QuotaProgress, 'counts' | 'hasSample'>): QuotaProgress => ({
	...q,
	counts: { items: q.items.length, awaiting: q.awaiting.length, excluded: q.excluded.length, pipeline: q.pipeline.length },
	hasSample: q.items.some((item) => item.isSample),
})

const withoutSummary = ({ counts: _counts, hasSample: _hasSample, ...rest }: QuotaProgress) => rest

test('every quota, every list and figure: the SQL counting equals the former in-memory counting', async () => {
	for (const window of WINDOWS) {
		const [sqlPath, reference] = await Promise.all([
			loadQuotaProgress(prisma, { ...window, scope: WHOLE_INSTALLATION }),
			loadQuotaProgressReference(prisma, window),
		])
		expect(sqlPath.length).toBe(reference.length)
		for (const [i, expected] of reference.entries()) {
			const actual = sqlPath[i]!
			expect(rounded(withoutSummary(actual)), `${expected.metric} ${window.asOf}`).toEqual(rounded(expected))
			expect(actual.counts).toEqual({
				items: expected.items.length,
				awaiting: expected.awaiting.length,
				excluded: expected.excluded.length,
				pipeline: expected.pipeline.length,
			})
			expect(actual.hasSample).toBe(expected.items.some((item) => item.isSample))
		}
	}
	// The dataset reaches every branch the reference has: otherwise equality proves little.
	const all = await loadQuotaProgressReference(prisma, WINDOWS[0]!)
	const reasons = new Set(all.flatMap((q) => q.excluded.map((e) => e.reason)))
	for (const reason of [
		'terminated',
		'below_min_investment',
		'evidence_rejected',
		'tag_not_new',
		'tag_year_unknown',
		'tag_granted_later',
		'not_local',
		'outside_chain',
		'below_min_revenue',
		'project_type',
		'not_cluster_leading',
	]) {
		expect(reasons, reason).toContain(reason)
	}
	const states = new Set(all.flatMap((q) => q.awaiting.map((a) => a.verification)))
	for (const state of ['missing', 'pending', 'changed']) expect(states, state).toContain(state)
	expect(all.some((q) => q.pipeline.length > 0)).toBe(true)
	expect(all.some((q) => q.problems.some((p) => p.key === 'revenue_unknown'))).toBe(true)
})

test('lists limited for the dashboard keep their totals and the first items', async () => {
	const window = WINDOWS[0]!
	const limits = { items: ITEM_PREVIEW, awaiting: 0, excluded: 2, pipeline: 0 }
	const [limited, reference] = await Promise.all([
		loadQuotaProgress(prisma, { ...window, scope: WHOLE_INSTALLATION, limits }),
		loadQuotaProgressReference(prisma, window),
	])
	for (const [i, expected] of reference.entries()) {
		const actual = limited[i]!
		expect(actual.items).toEqual(expected.items.slice(0, ITEM_PREVIEW))
		expect(actual.excluded).toEqual(expected.excluded.slice(0, 2))
		expect(actual.awaiting).toEqual([])
		expect(actual.pipeline).toEqual([])
		expect(actual.counts.items).toBe(expected.items.length)
		expect(actual.counts.excluded).toBe(expected.excluded.length)
		expect(rounded({ ...actual, items: [], awaiting: [], excluded: [], pipeline: [], counts: null, hasSample: null })).toEqual(
			rounded({
				...expected,
				items: [],
				awaiting: [],
				excluded: [],
				pipeline: [],
				counts: null,
				hasSample: null,
			}),
		)
	}
	expect(rounded(rankUnits(limited))).toEqual(rounded(rankUnits(reference)))
})

/** The dashboard as it was built from the reference: every figure, the first items, the list sizes, the ranking. */
function referenceRow({ items, awaiting, excluded, pipeline, counts: _counts, ...figures }: QuotaProgress) {
	return {
		...figures,
		items: items.slice(0, ITEM_PREVIEW),
		itemCount: items.length,
		awaitingCount: awaiting.length,
		excludedCount: excluded.length,
		pipelineCount: pipeline.length,
	}
}

test('the dashboard page shows the figures, previews, counts and ranking the former counting gave', async () => {
	const cookie = await loginAs('manager')
	for (const year of [2024, 2025]) {
		const page = await dashboardLoader({ request: getRequest(`/quotas?year=${year}`, cookie), params: {}, context: {} })
		const reference = await loadQuotaProgressReference(prisma, { year, asOf: page.asOf })
		const byId = new Map(reference.map((q) => [q.quotaId, q]))
		expect(page.quotas.length).toBe(reference.length)
		for (const row of page.quotas) {
			const { document: _document, ...shown } = row
			expect(rounded(shown), row.metric).toEqual(rounded(referenceRow(withSummary(byId.get(row.quotaId)!))))
		}
		expect(rounded(page.ranking)).toEqual(rounded(rankUnits(reference)))
	}
})

test('the quota page lists what the former counting listed, 500 a list, with the totals', async () => {
	const cookie = await loginAs('manager')
	const reference = await loadQuotaProgressReference(prisma, { year: 2025, asOf: '2025-09-30' })
	for (const expected of reference) {
		const page = await quotaPageLoader({
			request: getRequest(`/quotas/${expected.quotaId}?year=2025&asOf=2025-09-30`, cookie),
			params: { id: expected.quotaId },
			context: {},
		})
		const { counts: _counts, hasSample: _hasSample, ...shown } = page.progress
		expect(rounded(shown), expected.metric).toEqual(
			rounded({
				...expected,
				items: expected.items.slice(0, 500),
				excluded: expected.excluded.slice(0, 500),
				pipeline: expected.pipeline.slice(0, 500),
				awaiting: expected.awaiting.slice(0, 500),
			}),
		)
		expect(page.totals).toEqual({
			items: expected.items.length,
			excluded: expected.excluded.length,
			pipeline: expected.pipeline.length,
			awaiting: expected.awaiting.length,
		})
	}
})

test('月调度表, 季通报 and 年考核 are the reports the former counting built', async () => {
	const queries = [
		['monthly', 'year=2025&month=6'],
		['monthly', 'year=2025&month=9'],
		['quarterly', 'year=2025&quarter=3'],
		['annual', 'year=2025'],
		['annual', 'year=2024'],
	] as const
	for (const [kind, query] of queries) {
		const period = requireReportPeriod(kind, new URL(`http://localhost/reports/${kind}?${query}`), 'zh-CN')
		const inputs = await loadReportInputs(prisma, period, WHOLE_INSTALLATION_AUDIENCE, NOW)
		const reference = await loadQuotaProgressReference(prisma, { year: period.year, asOf: period.asOf })
		expect(rounded(buildReport(inputs)), `${kind} ${query}`).toEqual(rounded(buildReport({ ...inputs, progress: reference.map(withSummary) })))
	}
})

// Review of ADR 0029: "The home region's quotas also take records without a region, so nothing that counted before
// stops counting", and the README: upgrading "a county install counts and shows exactly what it did". ADR 0026: a
// firm's region is where it is registered, often another province; whether it is local is the bureau's flag.
test("upgrading: a firm flagged local but registered in another province still counts for the home region's targets, as before", async () => {
	const window = WINDOWS[1]!
	const reference = await loadQuotaProgressReference(prisma, window)
	// A seeded target counting local firms only (the rule's default), with firms counted.
	const localOnly = await prisma.quota.findMany({
		where: { kind: 'companies_with_tag', NOT: { filters: { contains: '"localOnly":false' } } },
		select: { id: true },
	})
	const quota = reference.find((q) => localOnly.some((l) => l.id === q.quotaId) && q.items.length > 0)!
	const firm = quota.items[0]!.id
	const stored = await prisma.company.findUniqueOrThrow({ where: { id: firm }, select: { regionId: true, isLocal: true } })
	expect(stored.isLocal).toBe(true)
	const ningbo = await prisma.region.findUniqueOrThrow({ where: { code: 'zj-nb' }, select: { id: true } })
	await prisma.company.update({ where: { id: firm }, data: { regionId: ningbo.id } })
	try {
		// The quota is the seeded county's (the home region's), as the migration left every existing quota.
		expect((await prisma.quota.findUniqueOrThrow({ where: { id: quota.quotaId }, select: { regionId: true } })).regionId).toBe(await demoCountyId())
		const [counted] = await loadQuotaProgress(prisma, { ...window, scope: WHOLE_INSTALLATION, quotaIds: [quota.quotaId] })
		expect(counted!.excluded.find((e) => e.id === firm)?.reason).toBeUndefined()
		expect(counted!.actual).toBe(quota.actual)
	} finally {
		await prisma.company.update({ where: { id: firm }, data: { regionId: stored.regionId } })
	}
})

// ADR 0043: after a write, only the quotas counted from what was written are counted again; the others are kept
// from the last count. Whatever the write, every figure and list must still be what the former counting gives.
test('after a write of each kind, the figures kept and those counted again equal the former counting', async () => {
	const window = WINDOWS[0]!
	const limits = { items: ITEM_PREVIEW, awaiting: 0, excluded: 2, pipeline: 0 }
	const check = async (what: string) => {
		const [full, limited, reference] = await Promise.all([
			loadQuotaProgress(prisma, { ...window, scope: WHOLE_INSTALLATION }),
			loadQuotaProgress(prisma, { ...window, scope: WHOLE_INSTALLATION, limits }),
			loadQuotaProgressReference(prisma, window),
		])
		expect(rounded(full.map(withoutSummary)), what).toEqual(rounded(reference))
		expect(rounded(limited.map((q) => q.items)), what).toEqual(rounded(reference.map((q) => q.items.slice(0, ITEM_PREVIEW))))
		expect(rounded(limited.map((q) => [q.actual, q.counts.items, q.counts.excluded])), what).toEqual(
			rounded(reference.map((q) => [q.actual, q.items.length, q.excluded.length])),
		)
		return reference
	}
	const reference = await check('before any write')
	const projectQuota = reference.find((q) => q.kind === 'projects' && q.items.length > 0)!
	const project = projectQuota.items[0]!
	const tagQuota = reference.find((q) => q.kind === 'companies_with_tag' && q.metric === '新增高新技术企业')!
	const revenueQuota = reference.find((q) => q.kind === 'sum' && q.items.length > 0 && q.normalizedUnit === 'CNY')!
	const manualQuota = reference.find((q) => q.kind === 'manual' && q.items.length > 0)!
	const manager = await prisma.user.findFirstOrThrow({ where: { role: 'manager' }, select: { id: true, name: true } })
	const writes: [string, () => Promise<unknown>][] = [
		['a project signed a year earlier', () => prisma.project.update({ where: { id: project.id }, data: { signedDate: new Date('2024-05-01T00:00:00Z') } })],
		[
			'a tag granted in another year',
			() => prisma.companyTag.updateMany({ where: { companyId: tagQuota.items[0]!.id, tag: 'gaoxin' }, data: { grantedYear: 2019 } }),
		],
		['a revenue changed', () => prisma.company.update({ where: { id: revenueQuota.items[0]!.id }, data: { revenueCNY: 123_456_789 } })],
		[
			'a counted project’s company renamed',
			async () => {
				const { companyId } = await prisma.project.findUniqueOrThrow({ where: { id: projectQuota.items[1]!.id }, select: { companyId: true } })
				await prisma.company.update({ where: { id: companyId }, data: { name: '改名测试企业' } })
			},
		],
		['a manual entry changed', () => prisma.quotaManualEntry.updateMany({ where: { quotaId: manualQuota.quotaId, year: window.year }, data: { value: 42 } })],
		['the manager renamed', () => prisma.user.update({ where: { id: manager.id }, data: { name: '改名测试领导' } })],
		['a quota’s target', () => prisma.quota.update({ where: { id: tagQuota.quotaId }, data: { value: 99 } })],
	]
	for (const [what, write] of writes) {
		await write()
		await check(what)
	}
	await prisma.user.update({ where: { id: manager.id }, data: { name: manager.name } })
}, 120_000)
