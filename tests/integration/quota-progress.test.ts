import { describe, expect, test } from 'vitest'
import { prisma } from '~/db.server'
import { loadQuotaProgress } from '~/models/quota-progress.server'
import { action as quotaAction, loader as quotaLoader, type QuotaPageActionResult } from '~/routes/quotas.$id'
import '../helpers/setup-db'
import { demoCountyId, WHOLE_INSTALLATION } from '../helpers/actors'
import { BASE, getRequest, loginAs, thrown } from '../helpers/requests'

const inYear = (y: number) => ({ gte: new Date(Date.UTC(y, 0, 1)), lt: new Date(Date.UTC(y + 1, 0, 1)) })
const yearEnd2025 = { year: 2025, asOf: '2025-12-31' }

async function clause16() {
	return prisma.quota.findFirstOrThrow({ where: { section: '（六）16' }, select: { id: true, createdAt: true, documentId: true } })
}

/** A projects quota made for the test, with the given counting rules. */
async function projectsQuota(filters: object, metric = '测试项目') {
	return prisma.quota.create({
		data: {
			regionId: await demoCountyId(),
			excerpt: metric,
			metric,
			kind: 'projects',
			op: '>=',
			value: 1,
			unit: '个',
			period: 'annual',
			filters: JSON.stringify(filters),
		},
		select: { id: true },
	})
}

test('clause 16 counts the projects signed in the year that touch the rare-earth chain, each with its 责任单位', async () => {
	const { id } = await clause16()
	const expected = await prisma.project.findMany({
		where: {
			signedDate: inYear(2025),
			OR: [{ terminatedDate: null }, { terminatedDate: { gt: new Date('2025-12-31T00:00:00Z') } }],
			links: { some: { link: { chain: { slug: 'rare-earth-ganxian' } } } },
		},
		select: { id: true, responsibleUnit: { select: { name: true } } },
	})
	expect(expected.length).toBeGreaterThan(0)
	const [progress] = await loadQuotaProgress(prisma, { scope: WHOLE_INSTALLATION, ...yearEnd2025, quotaIds: [id] })
	expect(progress).toMatchObject({ quotaId: id, section: '（六）16', kind: 'projects', target: 10, year: 2025, asOf: '2025-12-31' })
	expect(progress!.items.map((i) => i.id).sort()).toEqual(expected.map((p) => p.id).sort())
	expect(progress!.actual).toBe(expected.length)
	for (const item of progress!.items) {
		expect(item.unitName).toBe(expected.find((p) => p.id === item.id)!.responsibleUnit?.name)
	}
	expect(progress!.status).toBe(expected.length >= 10 ? 'achieved' : 'behind')
	// Listed units first, lead unit 区商务局 at 0; the units' actuals add up to the count.
	expect(progress!.units[0]).toMatchObject({ unitName: '区商务局', position: 0 })
	expect(progress!.units.reduce((sum, u) => sum + u.actual, 0)).toBe(expected.length)
	expect(progress!.cumulative.at(-1)?.actual).toBe(expected.length)
	expect(progress!.pipeline).toEqual([])
})

test('a 5亿元 line leaves out the 1.5亿元 微特电机 base and says why', async () => {
	const quota = await projectsQuota({ chainSlugs: ['rare-earth-ganxian'], minInvestmentCNY: 500_000_000 })
	const [progress] = await loadQuotaProgress(prisma, { scope: WHOLE_INSTALLATION, ...yearEnd2025, quotaIds: [quota.id] })
	const motorBase = await prisma.project.findFirstOrThrow({ where: { title: '（示例）微特电机生产基地' }, select: { id: true } })
	expect(progress!.items.map((i) => i.id)).not.toContain(motorBase.id)
	expect(progress!.excluded.find((e) => e.id === motorBase.id)).toMatchObject({
		reason: 'below_min_investment',
		detail: { key: 'below_min', values: { amountCNY: 150_000_000, minCNY: 500_000_000 } },
		amount: 0,
	})
	const expected = await prisma.project.count({
		where: {
			signedDate: inYear(2025),
			terminatedDate: null,
			links: { some: { link: { chain: { slug: 'rare-earth-ganxian' } } } },
			OR: [
				{ type: { not: 'capital_increase' }, investmentCNY: { gte: 500_000_000n } },
				{ type: 'capital_increase', incrementCNY: { gte: 500_000_000n } },
			],
		},
	})
	expect(progress!.actual).toBe(expected)
})

test('an investment measure sums the year’s investment, a 增资 with its increment only', async () => {
	const quota = await projectsQuota({ measure: 'investment', chainSlugs: ['rare-earth-ganxian'] }, '引进投资额')
	const [progress] = await loadQuotaProgress(prisma, { scope: WHOLE_INSTALLATION, ...yearEnd2025, quotaIds: [quota.id] })
	const increase = await prisma.project.findFirstOrThrow({
		where: { type: 'capital_increase', signedDate: inYear(2025) },
		select: { id: true, investmentCNY: true, incrementCNY: true },
	})
	expect(increase.incrementCNY).not.toBe(increase.investmentCNY)
	expect(progress!.items.find((i) => i.id === increase.id)?.amount).toBe(Number(increase.incrementCNY))
	const others = await prisma.project.aggregate({
		where: {
			signedDate: inYear(2025),
			terminatedDate: null,
			type: { not: 'capital_increase' },
			links: { some: { link: { chain: { slug: 'rare-earth-ganxian' } } } },
		},
		_sum: { investmentCNY: true },
	})
	expect(progress!.actual).toBe(Number(others._sum.investmentCNY ?? 0n) + Number(increase.incrementCNY))
})

test('mid-year, the count stops at asOf and projects still in talks form the weighted pipeline', async () => {
	const { id } = await clause16()
	const [june] = await loadQuotaProgress(prisma, { scope: WHOLE_INSTALLATION, year: 2025, asOf: '2025-06-30', quotaIds: [id] })
	const signedByJune = await prisma.project.count({
		where: { signedDate: { gte: new Date('2025-01-01T00:00:00Z'), lte: new Date('2025-06-30T00:00:00Z') }, terminatedDate: null },
	})
	expect(june!.actual).toBe(signedByJune)
	const talks = await prisma.project.findMany({
		where: {
			negotiatingDate: { lte: new Date('2025-06-30T00:00:00Z') },
			OR: [{ signedDate: null }, { signedDate: { gt: new Date('2025-06-30T00:00:00Z') } }],
			AND: [{ OR: [{ terminatedDate: null }, { terminatedDate: { gt: new Date('2025-06-30T00:00:00Z') } }] }],
		},
		select: { id: true },
	})
	expect(june!.pipeline.map((p) => p.id).sort()).toEqual(talks.map((p) => p.id).sort())
	expect(june!.pipeline.every((p) => p.stage === 'negotiating' && p.weight > 0 && p.weight < 1)).toBe(true)
	expect(june!.forecast).toBeCloseTo(june!.actual + june!.pipeline.reduce((sum, p) => sum + p.weight, 0))
	expect(june!.pace).toBeCloseTo((10 * 181) / 365)
})

test('a terminated project is listed as excluded, not counted', async () => {
	const quota = await projectsQuota({ countStage: 'signed' })
	const dropped = await prisma.project.findFirstOrThrow({ where: { stage: 'terminated' }, select: { id: true, terminatedDate: true } })
	await prisma.project.update({ where: { id: dropped.id }, data: { signedDate: new Date('2025-04-01T00:00:00Z') } })
	const [progress] = await loadQuotaProgress(prisma, { scope: WHOLE_INSTALLATION, ...yearEnd2025, quotaIds: [quota.id] })
	expect(progress!.excluded.find((e) => e.id === dropped.id)).toMatchObject({ reason: 'terminated' })
	expect(progress!.items.map((i) => i.id)).not.toContain(dropped.id)
	await prisma.project.update({ where: { id: dropped.id }, data: { signedDate: null } })
})

test('every seeded quota gets a progress row; a manual quota takes its latest entry, a sum without figures says so', async () => {
	const all = await loadQuotaProgress(prisma, { ...yearEnd2025, scope: WHOLE_INSTALLATION })
	expect(all).toHaveLength(await prisma.quota.count())
	const rd = all.find((q) => q.metric === '集群平均研发投入强度')!
	const leader = await prisma.user.findUniqueOrThrow({ where: { username: 'leader' }, select: { id: true } })
	await prisma.quotaManualEntry.createMany({
		data: [
			{ quotaId: rd.quotaId, year: 2025, value: 2.6, evidence: '上半年统计报表', date: new Date('2025-06-30T00:00:00Z'), userId: leader.id },
			{ quotaId: rd.quotaId, year: 2025, value: 3.4, evidence: '全年统计快报', date: new Date('2025-12-31T00:00:00Z'), userId: leader.id },
		],
	})
	const [june] = await loadQuotaProgress(prisma, { scope: WHOLE_INSTALLATION, year: 2025, asOf: '2025-06-30', quotaIds: [rd.quotaId] })
	expect(june).toMatchObject({ actual: 2.6, status: 'on_track' })
	const [year] = await loadQuotaProgress(prisma, { scope: WHOLE_INSTALLATION, ...yearEnd2025, quotaIds: [rd.quotaId] })
	expect(year).toMatchObject({ actual: 3.4, status: 'achieved' })
	expect(year!.items.map((i) => [i.amount, i.label])).toEqual([
		[2.6, '上半年统计报表'],
		[3.4, '全年统计快报'],
	])
	const metal = all.find((q) => q.metric === '稀土金属及合金产量')!
	expect(metal.actual).toBe(0)
	expect(metal.problems).toEqual([{ key: 'no_output_figures', values: { year: 2025 } }])
	const magnets = all.find((q) => q.metric === '稀土磁性材料产量')!
	const localMagnetOutput = await prisma.companyLink.aggregate({
		where: { year: 2025, company: { isLocal: true }, link: { key: 'ndfeb_magnet', chain: { slug: 'rare-earth-ganxian' } } },
		_sum: { output: true },
	})
	expect(magnets.actual).toBe(localMagnetOutput._sum.output)
	expect(all.filter((q) => q.year === 2025 && q.status === 'not_due')).toEqual([])
	const [later] = await loadQuotaProgress(prisma, { scope: WHOLE_INSTALLATION, year: 2027, asOf: '2027-01-01', quotaIds: [metal.quotaId] })
	expect(later!.status).toBe('not_due')
})

describe('the quota page', () => {
	const args = (request: Request, id: string) => ({ request, params: { id }, context: {} })

	function post(id: string, cookie: string, fields: [string, string][]) {
		return new Request(`${BASE}/quotas/${id}`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookie },
			body: new URLSearchParams(fields),
		})
	}

	/** The versions a page loaded just now would post with the rule or the shares (ADR 0015). */
	async function versions(id: string, intent: string | undefined): Promise<[string, string][]> {
		if (intent === 'rules' || intent === 'target')
			return [['version', String((await prisma.quota.findUniqueOrThrow({ where: { id }, select: { version: true } })).version)]]
		if (intent !== 'unitTargets') return []
		const units = await prisma.quotaUnit.findMany({ where: { quotaId: id }, select: { unitId: true, version: true } })
		return units.map((u) => [`unitVersion.${u.unitId}`, String(u.version)])
	}

	/** An action's data() result (status + body). */
	async function act(id: string, cookie: string, fields: [string, string][]) {
		const posted = [...fields, ...(await versions(id, fields.find(([name]) => name === 'intent')?.[1]))]
		const result = (await quotaAction(args(post(id, cookie, posted), id))) as unknown as { data: QuotaPageActionResult; init: ResponseInit | null }
		return { status: result.init?.status ?? 200, body: result.data }
	}

	const auditRows = (entityId: string) => prisma.auditLog.count({ where: { entityId } })

	test('staff see the page but may not change it; an unknown quota is a 404', async () => {
		const staff = await loginAs('staff')
		const { id } = await clause16()
		const page = await quotaLoader(args(getRequest(`/quotas/${id}?year=2025`, staff), id))
		expect(page).toMatchObject({ canWrite: false, year: 2025, asOf: '2025-12-31', progress: { quotaId: id, section: '（六）16' } })
		expect(page.progress.items.length).toBeGreaterThan(0)
		const refused = await thrown(() =>
			quotaAction(
				args(
					post(id, staff, [
						['intent', 'rules'],
						['kind', 'projects'],
					]),
					id,
				),
			),
		)
		expect((refused as Response).status).toBe(403)
		const missing = await thrown(() => quotaLoader(args(getRequest('/quotas/nope', staff), 'nope')))
		expect((missing as Response).status).toBe(404)
	})

	test('a manager saves a rule: the count changes and the change is audited', async () => {
		const leader = await loginAs('manager')
		const { id } = await clause16()
		const before = (await quotaLoader(args(getRequest(`/quotas/${id}?year=2025`, leader), id))).progress
		const audits = await auditRows(id)
		const saved = await act(id, leader, [
			['intent', 'rules'],
			['kind', 'projects'],
			['countStage', 'signed'],
			['measure', 'count'],
			['chainSlugs', 'rare-earth-ganxian'],
			['categories', '稀土新材料及应用'],
			['minInvestmentYi', '5'],
		])
		expect(saved).toEqual({ status: 200, body: { intent: 'rules', ok: true, changed: true } })
		const stored = await prisma.quota.findUniqueOrThrow({ where: { id }, select: { kind: true, filters: true } })
		expect(JSON.parse(stored.filters)).toMatchObject({ countStage: 'signed', chainSlugs: ['rare-earth-ganxian'], minInvestmentCNY: 500_000_000 })
		const after = (await quotaLoader(args(getRequest(`/quotas/${id}?year=2025`, leader), id))).progress
		expect(after.actual).toBeLessThan(before.actual)
		expect(after.excluded.map((e) => e.reason)).toContain('below_min_investment')
		expect(await auditRows(id)).toBe(audits + 1)
		const again = await act(id, leader, [
			['intent', 'rules'],
			['kind', 'projects'],
			['countStage', 'signed'],
			['measure', 'count'],
			['chainSlugs', 'rare-earth-ganxian'],
			['categories', '稀土新材料及应用'],
			['minInvestmentYi', '5'],
		])
		expect(again.body).toEqual({ intent: 'rules', ok: true, changed: false })
		expect(await auditRows(id)).toBe(audits + 1)
	})

	test('a manager corrects the target: values by year and the member word are stored, each year counts against its own value, audited', async () => {
		const leader = await loginAs('manager')
		const { id } = await projectsQuota({ countStage: 'signed' }, '核对目标：引进项目')
		const metric = '核对目标：引进项目'
		const audits = await auditRows(id)
		const target = (changes: Record<string, string> = {}): [string, string][] =>
			Object.entries({
				intent: 'target',
				metric,
				op: '>=',
				value: '12',
				valueMax: '',
				period: 'by_year',
				startYear: '2024',
				endYear: '2026',
				stages: '2024：8；2025：10；2026：12',
				members: '',
				...changes,
			})
		const saved = await act(id, leader, target())
		expect(saved).toEqual({ status: 200, body: { intent: 'target', ok: true, changed: true } })
		const stored = await prisma.quota.findUniqueOrThrow({
			where: { id },
			select: {
				op: true,
				value: true,
				period: true,
				endYear: true,
				members: true,
				yearValues: { orderBy: { year: 'asc' }, select: { year: true, value: true } },
			},
		})
		expect(stored).toEqual({
			op: '>=',
			value: 12,
			period: 'by_year',
			endYear: 2026,
			members: null,
			yearValues: [
				{ year: 2024, value: 8 },
				{ year: 2025, value: 10 },
				{ year: 2026, value: 12 },
			],
		})
		const page = await quotaLoader(args(getRequest(`/quotas/${id}?year=2025`, leader), id))
		expect(page.progress).toMatchObject({ target: 10 })
		expect(page.targetForm).toMatchObject({ stages: '2024：8；2025：10；2026：12', value: '12' })
		expect(await auditRows(id)).toBe(audits + 1)
		const audit = await prisma.auditLog.findFirstOrThrow({ where: { entityId: id }, orderBy: { at: 'desc' }, select: { after: true } })
		expect(JSON.parse(audit.after!)).toMatchObject({
			value: 12,
			yearValues: [
				{ year: 2024, value: 8 },
				{ year: 2025, value: 10 },
				{ year: 2026, value: 12 },
			],
		})

		// The same form again changes nothing and writes no audit row; one value again drops the values by year.
		expect((await act(id, leader, target())).body).toEqual({ intent: 'target', ok: true, changed: false })
		expect(await auditRows(id)).toBe(audits + 1)
		expect((await act(id, leader, target({ stages: '', members: '园区' }))).body).toMatchObject({ ok: true, changed: true })
		expect(await prisma.quotaYearValue.count({ where: { quotaId: id } })).toBe(0)
		expect((await prisma.quota.findUniqueOrThrow({ where: { id }, select: { members: true } })).members).toBe('园区')
	})

	test('a target form with bad figures or opened before the last change saves nothing', async () => {
		const leader = await loginAs('manager')
		const { id } = await projectsQuota({ countStage: 'signed' }, '核对目标：过期表单')
		const before = await prisma.quota.findUniqueOrThrow({ where: { id }, select: { metric: true, value: true, version: true, op: true, period: true } })
		const form = (changes: Record<string, string>): [string, string][] =>
			Object.entries({
				intent: 'target',
				metric: before.metric,
				op: before.op,
				value: '20',
				valueMax: '',
				period: 'by_year',
				startYear: '',
				endYear: '',
				stages: '',
				members: '',
				...changes,
			})
		const bad = await act(id, leader, form({ value: '二十', stages: '2025：1.5；2026：3' }))
		expect(bad.status).toBe(400)
		expect(bad.body).toMatchObject({ intent: 'target', ok: false, errors: { value: expect.any(String), stages: 'policyImport.validation.wholeNumber' } })
		const range = await act(id, leader, form({ op: 'range', value: '20', valueMax: '10' }))
		expect(range.body).toMatchObject({ ok: false, errors: { valueMax: 'policyImport.validation.rangeInverted' } })
		// A form without a readable version is about the whole form, not a field.
		const noVersion = await act(id, leader, [...form({ value: '30' }), ['version', 'x']])
		expect(noVersion).toMatchObject({ status: 400, body: { intent: 'target', ok: false, errors: {}, formError: { key: 'validation.invalidChoice' } } })
		// Posted with the version of a page loaded before someone else's change: refused, the stored target shown beside it.
		await prisma.quota.update({ where: { id }, data: { value: 25, version: { increment: 1 } } })
		const stale = (await quotaAction(args(post(id, leader, [...form({ value: '30' }), ['version', String(before.version)]]), id))) as unknown as {
			data: QuotaPageActionResult
			init: ResponseInit | null
		}
		expect(stale.init?.status).toBe(409)
		expect(stale.data).toMatchObject({ intent: 'target', ok: false, conflict: { current: { value: '25' }, submitted: { value: '30' } } })
		expect((await prisma.quota.findUniqueOrThrow({ where: { id }, select: { value: true } })).value).toBe(25)
	})

	test('invalid rule input is refused with messages and nothing is saved', async () => {
		const leader = await loginAs('manager')
		const { id } = await clause16()
		const stored = await prisma.quota.findUniqueOrThrow({ where: { id }, select: { kind: true, filters: true } })
		const audits = await auditRows(id)
		const bad = await act(id, leader, [
			['intent', 'rules'],
			['kind', 'projects'],
			['countStage', 'approved'],
			['minInvestmentYi', '五亿'],
		])
		expect(bad).toEqual({
			status: 400,
			body: {
				intent: 'rules',
				ok: false,
				errors: { countStage: 'validation.invalidChoice', minInvestmentYi: 'quota.validation.money.notANumber' },
				formError: null,
				conflict: null,
			},
		})
		const unknown = await act(id, leader, [
			['intent', 'rules'],
			['kind', 'sum'],
			['chainSlugs', 'no-such-chain'],
			['linkKeys', 're_metal'],
		])
		expect(unknown).toMatchObject({
			status: 400,
			body: { ok: false, errors: { chainSlugs: 'quota.validation.unknownChain', linkKeys: 'quota.validation.unknownLink' } },
		})
		expect(await prisma.quota.findUniqueOrThrow({ where: { id }, select: { kind: true, filters: true } })).toEqual(stored)
		expect(await auditRows(id)).toBe(audits)
	})

	test('a manager reports a manual figure with its evidence; without evidence nothing is saved', async () => {
		const leader = await loginAs('manager')
		const quota = await prisma.quota.findFirstOrThrow({ where: { metric: '科技成果转化' }, select: { id: true } })
		const refused = await act(quota.id, leader, [
			['intent', 'manual'],
			['value', '2'],
			['date', '2025-09-30'],
			['evidence', ' '],
		])
		expect(refused).toEqual({
			status: 400,
			body: { intent: 'manual', ok: false, errors: { evidence: 'validation.required' }, formError: null, conflict: null },
		})
		expect(await prisma.quotaManualEntry.count({ where: { quotaId: quota.id } })).toBe(0)
		const saved = await act(quota.id, leader, [
			['intent', 'manual'],
			['value', '2'],
			['date', '2025-09-30'],
			['evidence', '区科创中心成果转化台账'],
		])
		expect(saved.body).toEqual({ intent: 'manual', ok: true, changed: true })
		const page = await quotaLoader(args(getRequest(`/quotas/${quota.id}?year=2025`, leader), quota.id))
		expect(page.manualEntries).toMatchObject([{ value: 2, evidence: '区科创中心成果转化台账', user: { name: expect.any(String) } }])
		expect(page.progress).toMatchObject({ actual: 2, status: 'achieved' })
		const entry = await prisma.quotaManualEntry.findFirstOrThrow({ where: { quotaId: quota.id }, select: { id: true, year: true } })
		expect(entry.year).toBe(2025)
		expect(await auditRows(entry.id)).toBe(1)
		const projectsQuota = await clause16()
		const notManual = await act(projectsQuota.id, leader, [
			['intent', 'manual'],
			['value', '2'],
			['date', '2025-09-30'],
			['evidence', '台账'],
		])
		expect(notManual).toEqual({
			status: 400,
			body: { intent: 'manual', ok: false, errors: {}, formError: { key: 'quota.errors.notManual', params: {} }, conflict: null },
		})
	})

	test('a manager sets a unit’s own share; blank restores the quota target; a negative share is refused', async () => {
		const leader = await loginAs('manager')
		const { id } = await clause16()
		const lead = await prisma.quotaUnit.findFirstOrThrow({ where: { quotaId: id, position: 0 }, select: { unitId: true } })
		const field = `unitTarget.${lead.unitId}`
		expect(
			(
				await act(id, leader, [
					['intent', 'unitTargets'],
					[field, '-1'],
				])
			).body,
		).toEqual({
			intent: 'unitTargets',
			ok: false,
			errors: { [lead.unitId]: 'quota.validation.negative' },
			formError: null,
			conflict: null,
		})
		expect(
			(
				await act(id, leader, [
					['intent', 'unitTargets'],
					[field, '4'],
				])
			).body,
		).toEqual({ intent: 'unitTargets', ok: true, changed: true })
		const [progress] = await loadQuotaProgress(prisma, { scope: WHOLE_INSTALLATION, ...yearEnd2025, quotaIds: [id] })
		expect(progress!.units.find((u) => u.unitId === lead.unitId)?.target).toBe(4)
		await act(id, leader, [
			['intent', 'unitTargets'],
			[field, ''],
		])
		expect(await prisma.quotaUnit.findFirstOrThrow({ where: { quotaId: id, unitId: lead.unitId }, select: { target: true } })).toEqual({ target: null })
	})
})
