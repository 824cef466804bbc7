import { expect, test } from 'vitest'
import { prisma } from '~/db.server'
import { nameSortKey } from '~/domain/names/sort-key'
import { type Prisma } from '~/generated/prisma/client'
import { action as projectAction, loader as projectLoader, type ProjectPageActionResult } from '~/routes/projects.$id'
import { loader as listLoader } from '~/routes/projects._index'
import { action as newAction, loader as newLoader } from '~/routes/projects.new'
import { demoCountyId } from '../helpers/actors'
import { BASE, getRequest, loginAs, thrown } from '../helpers/requests'

/** The demo county: records made here belong to it, as the app's own would (ADR 0026). */
const county = await demoCountyId()

const args = (request: Request, params: Record<string, string> = {}) => ({ request, params, context: {} })

/** A form post; repeated names (several chain links) as several entries. */
function post(path: string, cookie: string, fields: Record<string, string | string[]>, headers: Record<string, string> = {}) {
	const body = new URLSearchParams()
	for (const [name, value] of Object.entries(fields)) for (const v of [value].flat()) body.append(name, v)
	return new Request(`${BASE}${path}`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookie, ...headers },
		body,
	})
}

/** An action's data() result (status + body); a plain object means 200. */
function unwrap<T>(result: unknown): { status: number; body: T } {
	if (result && typeof result === 'object' && 'type' in result && result.type === 'DataWithResponseInit') {
		const { data, init } = result as unknown as { data: T; init: ResponseInit | null }
		return { status: init?.status ?? 200, body: data }
	}
	return { status: 200, body: result as T }
}

async function list(cookie: string, query = '') {
	return listLoader(args(getRequest(`/projects${query}`, cookie)))
}

/** What the filtered set should be, computed straight from the database. */
async function direct(where: Prisma.ProjectWhereInput) {
	const [rows, sum] = await Promise.all([
		prisma.project.findMany({ where, select: { id: true, stage: true } }),
		prisma.project.aggregate({ where, _sum: { investmentCNY: true } }),
	])
	const stageCounts: Record<string, number> = { negotiating: 0, signed: 0, started: 0, producing: 0, terminated: 0 }
	for (const row of rows) stageCounts[row.stage]! += 1
	return { ids: rows.map((r) => r.id).sort(), total: rows.length, totalInvestmentCNY: Number(sum._sum.investmentCNY ?? 0n), stageCounts }
}

async function expectListMatches(cookie: string, query: string, where: Prisma.ProjectWhereInput) {
	const page = await list(cookie, query)
	const expected = await direct(where)
	expect(page.projects.map((p) => p.id).sort(), query).toEqual(expected.ids)
	expect(page.total, query).toBe(expected.total)
	expect(page.totalInvestmentCNY, query).toBe(expected.totalInvestmentCNY)
	expect(page.stageCounts, query).toEqual(expected.stageCounts)
	return page
}

const year = (y: number) => ({ gte: new Date(Date.UTC(y, 0, 1)), lt: new Date(Date.UTC(y + 1, 0, 1)) })

async function someIds() {
	const [company, unit, links] = await Promise.all([
		prisma.company.findFirstOrThrow({ where: { name: '中国稀土集团有限公司' }, select: { id: true } }),
		prisma.unit.findFirstOrThrow({ where: { name: '区工信局' }, select: { id: true } }),
		prisma.chainLink.findMany({ where: { key: { in: ['re_metal', 'ndfeb_magnet'] } }, orderBy: { key: 'asc' }, select: { id: true } }),
	])
	return { companyId: company.id, unitId: unit.id, linkIds: links.map((l) => l.id) }
}

const validForm = (ids: Awaited<ReturnType<typeof someIds>>) => ({
	intent: 'create',
	title: '集成测试磁材项目',
	companyId: ids.companyId,
	type: 'new',
	investmentWan: '1234.56',
	incrementWan: '',
	stage: 'signed',
	negotiatingDate: '2025-01-10',
	signedDate: '2025-03-01',
	startedDate: '',
	producingDate: '',
	terminatedDate: '',
	responsibleUnitId: ids.unitId,
	isClusterLeading: 'on',
	linkIds: ids.linkIds,
	notes: '测试备注',
	source: '',
})

const counts = async () => ({ projects: await prisma.project.count(), audits: await prisma.auditLog.count() })

test('list filters and totals match a direct Prisma query on the same filter', async () => {
	const cookie = await loginAs('staff')
	const all = await expectListMatches(cookie, '', {})
	expect(all.total).toBeGreaterThanOrEqual(10)
	expect(all.totalInvestmentCNY).toBe(all.projects.reduce((s, p) => s + p.investmentCNY, 0))

	const { unitId, linkIds } = await someIds()
	await expectListMatches(cookie, '?stage=signed', { stage: 'signed' })
	await expectListMatches(cookie, '?type=capital_increase', { type: 'capital_increase' })
	await expectListMatches(cookie, `?unit=${unitId}`, { responsibleUnitId: unitId })
	await expectListMatches(cookie, `?link=${linkIds[0]}`, { links: { some: { linkId: linkIds[0] } } })
	await expectListMatches(cookie, '?leading=1', { isClusterLeading: true })
	const signed2025 = await expectListMatches(cookie, '?yearStage=signed&year=2025', { signedDate: year(2025) })
	expect(signed2025.total).toBeGreaterThan(0)
	await expectListMatches(cookie, '?yearStage=started&year=2025', { startedDate: year(2025) })
	// 5 亿元 = 500,000,000 CNY; "4.5" must not drift.
	await expectListMatches(cookie, '?minYi=5', { investmentCNY: { gte: 500_000_000n } })
	await expectListMatches(cookie, '?minYi=4.5', { investmentCNY: { gte: 450_000_000n } })
	await expectListMatches(cookie, `?q=${encodeURIComponent('稀土集团')}`, {
		OR: [
			{ title: { contains: '稀土集团' } },
			{ company: { name: { contains: '稀土集团' } } },
			{ company: { aliases: { some: { name: { contains: '稀土集团' } } } } },
		],
	})
	const combined = await expectListMatches(cookie, '?leading=1&minYi=10&yearStage=signed&year=2024', {
		isClusterLeading: true,
		investmentCNY: { gte: 1_000_000_000n },
		signedDate: year(2024),
	})
	expect(combined.total).toBeGreaterThan(0)
	// Nonsense parameters are ignored, not fatal.
	await expectListMatches(cookie, '?stage=won&type=x&year=abc&minYi=lots&sort=up&page=-1', {})
})

test('the list sorts by signed date or investment and pages 50 at a time over the whole filtered set', async () => {
	const cookie = await loginAs('staff')
	const byInvestment = (await list(cookie, '?sort=investment_desc')).projects.map((p) => p.investmentCNY)
	expect(byInvestment).toEqual([...byInvestment].sort((a, b) => b - a))
	const signed = (await list(cookie, '?sort=signed_asc')).projects.map((p) => p.signedDate)
	const dated = signed.filter((d) => d !== null).map((d) => new Date(d).getTime())
	expect(dated).toEqual([...dated].sort((a, b) => a - b))
	// Projects without a signed date come last.
	expect(signed.slice(dated.length).every((d) => d === null)).toBe(true)

	const { companyId } = await someIds()
	await prisma.project.createMany({
		data: Array.from({ length: 55 }, (_, i) => ({
			regionId: county,
			title: `分页测试项目 ${String(i).padStart(2, '0')}`,
			companyId,
			type: 'new',
			investmentCNY: 10_000n,
			stage: 'negotiating',
			negotiatingDate: new Date('2025-05-01'),
			isSample: true,
		})),
	})
	const query = `?q=${encodeURIComponent('分页测试项目')}&sort=investment_asc`
	const first = await list(cookie, query)
	expect(first.projects).toHaveLength(50)
	expect(first.total).toBe(55)
	expect(first.pageCount).toBe(2)
	expect(first.totalInvestmentCNY).toBe(55 * 10_000)
	expect(first.stageCounts.negotiating).toBe(55)
	const second = await list(cookie, `${query}&page=2`)
	expect(second.projects).toHaveLength(5)
	expect(new Set([...first.projects, ...second.projects].map((p) => p.id)).size).toBe(55)
	await prisma.project.deleteMany({ where: { title: { startsWith: '分页测试项目' } } })
})

test('creating a project in 签约 without its signed date is refused on that field and writes nothing', async () => {
	const cookie = await loginAs('staff')
	const before = await counts()
	const result = unwrap<{ ok: false; errors: Record<string, string>; values: { title: string; linkIds: string[] } }>(
		await newAction(args(post('/projects/new', cookie, { ...validForm(await someIds()), signedDate: '' }))),
	)
	expect(result.status).toBe(400)
	expect(result.body.errors).toEqual({ signedDate: 'projects.validation.stageDateRequired' })
	// What was typed comes back to show again.
	expect(result.body.values.title).toBe('集成测试磁材项目')
	expect(result.body.values.linkIds).toHaveLength(2)
	expect(await counts()).toEqual(before)
})

test('增资 without its increment, or above the investment, is refused; a valid increment is stored in CNY', async () => {
	const cookie = await loginAs('manager')
	const ids = await someIds()
	const before = await counts()
	const refused = unwrap<{ ok: false; errors: Record<string, string> }>(
		await newAction(args(post('/projects/new', cookie, { ...validForm(ids), type: 'capital_increase', incrementWan: '' }))),
	)
	expect(refused.status).toBe(400)
	expect(refused.body.errors).toEqual({ incrementWan: 'projects.validation.incrementRequired' })
	const above = unwrap<{ ok: false; errors: Record<string, string> }>(
		await newAction(args(post('/projects/new', cookie, { ...validForm(ids), type: 'capital_increase', incrementWan: '2000' }))),
	)
	expect(above.body.errors).toEqual({ incrementWan: 'projects.validation.incrementAboveInvestment' })
	expect(await counts()).toEqual(before)

	const created = await newAction(
		args(post('/projects/new', cookie, { ...validForm(ids), title: '增资测试项目', type: 'capital_increase', incrementWan: '300.5' })),
	)
	expect(created).toBeInstanceOf(Response)
	const project = await prisma.project.findFirstOrThrow({ where: { title: '增资测试项目' }, select: { investmentCNY: true, incrementCNY: true } })
	expect(project).toEqual({ investmentCNY: 12_345_600n, incrementCNY: 3_005_000n })
})

test('a valid new project is stored exactly, with its links, and audited', async () => {
	const cookie = await loginAs('manager')
	const ids = await someIds()
	const loaded = await newLoader(args(getRequest(`/projects/new?company=${ids.companyId}`, cookie)))
	expect(loaded.defaults).toMatchObject({ companyId: ids.companyId, stage: 'negotiating', type: 'new' })
	expect(loaded.defaults.negotiatingDate).toMatch(/^\d{4}-\d{2}-\d{2}$/)
	expect(loaded.options.companies.length).toBeGreaterThan(10)

	const before = await counts()
	const response = await newAction(args(post('/projects/new', cookie, validForm(ids))))
	if (!(response instanceof Response)) throw new Error('expected a redirect')
	expect(response.status).toBe(302)
	const id = response.headers.get('Location')?.replace('/projects/', '') ?? ''
	const project = await prisma.project.findUniqueOrThrow({
		where: { id },
		select: {
			title: true,
			titleSortKey: true,
			investmentCNY: true,
			incrementCNY: true,
			stage: true,
			signedDate: true,
			isClusterLeading: true,
			responsibleUnitId: true,
			notes: true,
			source: true,
			isSample: true,
			links: { select: { linkId: true } },
		},
	})
	expect(project).toMatchObject({
		title: '集成测试磁材项目',
		titleSortKey: nameSortKey('集成测试磁材项目'),
		investmentCNY: 12_345_600n,
		incrementCNY: null,
		stage: 'signed',
		signedDate: new Date('2025-03-01T00:00:00Z'),
		isClusterLeading: true,
		responsibleUnitId: ids.unitId,
		notes: '测试备注',
		source: null,
		isSample: false,
	})
	expect(project.links.map((l) => l.linkId).sort()).toEqual([...ids.linkIds].sort())
	expect(await counts()).toEqual({ projects: before.projects + 1, audits: before.audits + 1 })

	const audit = await prisma.auditLog.findFirstOrThrow({
		where: { entity: 'Project', entityId: id, action: 'create' },
		select: { before: true, after: true, user: { select: { username: true } } },
	})
	expect(audit.before).toBeNull()
	expect(JSON.parse(audit.after ?? '{}')).toMatchObject({ title: '集成测试磁材项目', investmentCNY: '12345600', stage: 'signed' })
	expect(audit.user?.username).toBeTruthy()
})

test('the project page shows the project, its company, links and activities; editing is audited before/after', async () => {
	const cookie = await loginAs('manager')
	const seeded = await prisma.project.findFirstOrThrow({
		where: { title: '稀土集团万吨级稀土金属项目' },
		select: { id: true, companyId: true, updatedAt: true },
	})
	const user = await prisma.user.findFirstOrThrow({ select: { id: true } })
	await prisma.activity.create({
		data: { kind: 'visit', date: new Date('2025-04-02'), notes: '现场考察进度', companyId: seeded.companyId, projectId: seeded.id, userId: user.id },
		select: { id: true },
	})
	const page = await projectLoader(args(getRequest(`/projects/${seeded.id}`, cookie), { id: seeded.id }))
	expect(page.project).toMatchObject({ stage: 'signed', investmentCNY: 2_000_000_000, company: { name: '中国稀土集团有限公司' } })
	expect(page.project.links.map((l) => l.chain.slug)).toContain('rare-earth-ganxian')
	expect(page.project.activities.map((a) => a.notes)).toContain('现场考察进度')
	expect(page.editProblem).toBeNull()

	const missing = await thrown(() => projectLoader(args(getRequest('/projects/nope', cookie), { id: 'nope' })))
	expect((missing as Response).status).toBe(404)

	const form = {
		intent: 'update',
		title: '稀土集团万吨级稀土金属项目（二期）',
		companyId: seeded.companyId,
		type: 'expansion',
		investmentWan: '250000',
		incrementWan: '',
		stage: 'signed',
		negotiatingDate: '2024-09-01',
		signedDate: '2025-03-18',
		startedDate: '',
		producingDate: '',
		terminatedDate: '',
		responsibleUnitId: '',
		linkIds: page.project.links.map((l) => l.id),
		notes: '',
		source: '',
		version: String(page.project.version),
	}
	const saved = unwrap<ProjectPageActionResult>(await projectAction(args(post(`/projects/${seeded.id}`, cookie, form), { id: seeded.id })))
	expect(saved).toEqual({ status: 200, body: { intent: 'update', ok: true, changed: true } })
	const audit = await prisma.auditLog.findFirstOrThrow({
		where: { entity: 'Project', entityId: seeded.id, action: 'update' },
		select: { before: true, after: true },
	})
	expect(JSON.parse(audit.before ?? '{}')).toMatchObject({
		title: '稀土集团万吨级稀土金属项目',
		type: 'new',
		investmentCNY: '2000000000',
		isClusterLeading: true,
	})
	expect(JSON.parse(audit.after ?? '{}')).toMatchObject({
		title: form.title,
		type: 'expansion',
		investmentCNY: '2500000000',
		isClusterLeading: false,
		responsibleUnitId: null,
	})

	// Saving the same values again changes nothing and writes no audit row.
	const audits = await prisma.auditLog.count()
	const updatedAt = async () => (await prisma.project.findUniqueOrThrow({ where: { id: seeded.id }, select: { updatedAt: true } })).updatedAt
	const savedAt = await updatedAt()
	const again = unwrap<ProjectPageActionResult>(await projectAction(args(post(`/projects/${seeded.id}`, cookie, form), { id: seeded.id })))
	expect(again.body).toEqual({ intent: 'update', ok: true, changed: false })
	expect(await prisma.auditLog.count()).toBe(audits)
	expect(await updatedAt()).toEqual(savedAt)

	// An edit that breaks the stage rules is refused per field.
	const refused = unwrap<ProjectPageActionResult>(
		await projectAction(args(post(`/projects/${seeded.id}`, cookie, { ...form, startedDate: '2025-01-01' }), { id: seeded.id })),
	)
	expect(refused.status).toBe(400)
	expect(refused.body).toMatchObject({ intent: 'update', ok: false, errors: { startedDate: 'projects.validation.dateBeyondStage' } })
})

test('moving to the next stage needs its date; the date is stored and the move audited', async () => {
	const cookie = await loginAs('manager')
	const { id } = await prisma.project.findFirstOrThrow({ where: { title: '（示例）微特电机生产基地' }, select: { id: true } })
	const advance = async (fields: Record<string, string>) =>
		unwrap<ProjectPageActionResult>(await projectAction(args(post(`/projects/${id}`, cookie, { intent: 'advance', ...fields }), { id })))

	const noDate = await advance({ toStage: 'started', date: '' })
	expect(noDate.status).toBe(400)
	expect(noDate.body).toMatchObject({ ok: false, errors: { date: 'projects.validation.advanceDateRequired' }, formError: null })
	// Before the signed date (2025-06-18): refused beside the date input.
	const early = await advance({ toStage: 'started', date: '2025-06-01' })
	expect(early.body).toMatchObject({ ok: false, errors: { date: 'projects.validation.stageDateOrder' }, formError: null })
	// Skipping a stage is refused.
	const skip = await advance({ toStage: 'producing', date: '2025-09-01' })
	expect(skip.status).toBe(409)
	expect(skip.body).toMatchObject({ ok: false, formError: { key: 'projects.errors.stageChanged' } })
	expect(await prisma.project.findUniqueOrThrow({ where: { id }, select: { stage: true, startedDate: true } })).toEqual({ stage: 'signed', startedDate: null })

	const moved = await advance({ toStage: 'started', date: '2025-09-01' })
	expect(moved).toEqual({ status: 200, body: { intent: 'advance', ok: true, stage: 'started' } })
	const stored = await prisma.project.findUniqueOrThrow({ where: { id }, select: { stage: true, signedDate: true, startedDate: true } })
	expect(stored).toEqual({ stage: 'started', signedDate: new Date('2025-06-18T00:00:00Z'), startedDate: new Date('2025-09-01T00:00:00Z') })
	const audit = await prisma.auditLog.findFirstOrThrow({ where: { entity: 'Project', entityId: id, action: 'update' }, select: { before: true, after: true } })
	expect(JSON.parse(audit.before ?? '{}')).toMatchObject({ stage: 'signed', startedDate: null })
	expect(JSON.parse(audit.after ?? '{}')).toMatchObject({ stage: 'started', startedDate: '2025-09-01T00:00:00.000Z' })
})

test('a project converted from a lead (investment 0, 洽谈) shows it is unfilled and cannot be signed until it is', async () => {
	const cookie = await loginAs('manager')
	const { companyId } = await someIds()
	const { id } = await prisma.project.create({
		data: { regionId: county, title: '线索转入项目', companyId, type: 'new', investmentCNY: 0n, stage: 'negotiating', negotiatingDate: new Date('2025-07-01') },
		select: { id: true },
	})
	const page = await projectLoader(args(getRequest(`/projects/${id}`, cookie), { id }))
	expect(page.project.investmentCNY).toBe(0)
	const refused = unwrap<ProjectPageActionResult>(
		await projectAction(args(post(`/projects/${id}`, cookie, { intent: 'advance', toStage: 'signed', date: '2025-08-01' }), { id })),
	)
	expect(refused.body).toMatchObject({
		ok: false,
		// Nothing wrong with the date: the message names the stage and the field to complete in the edit form.
		errors: { investmentWan: 'projects.validation.investmentPositive' },
		formError: { key: 'projects.errors.incomplete' },
		toStage: 'signed',
	})
	expect(await prisma.project.findUniqueOrThrow({ where: { id }, select: { stage: true, signedDate: true } })).toEqual({
		stage: 'negotiating',
		signedDate: null,
	})
})

test('a cross-origin POST is refused with 403 and writes nothing', async () => {
	const cookie = await loginAs('staff')
	const ids = await someIds()
	const before = await counts()
	const evil = { Origin: 'https://evil.example' }
	const create = await thrown(() => newAction(args(post('/projects/new', cookie, validForm(ids), evil))))
	expect((create as Response).status).toBe(403)
	const { id } = await prisma.project.findFirstOrThrow({ where: { stage: 'signed' }, select: { id: true } })
	const move = await thrown(() =>
		projectAction(args(post(`/projects/${id}`, cookie, { intent: 'advance', toStage: 'started', date: '2025-12-01' }, evil), { id })),
	)
	expect((move as Response).status).toBe(403)
	expect(await counts()).toEqual(before)
})
