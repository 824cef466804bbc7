// The region hierarchy (issue #12 §3, ADR 0026): a city with two counties on one installation.
// A county's people never see the other county's leads and projects; the city's manager sees both.
// Runs on SQLite and, in the PostgreSQL suite, on PostgreSQL.
import { beforeAll, describe, expect, test } from 'vitest'
import { prisma } from '~/db.server'
import { resolveMapping } from '~/domain/import/fields'
import { readImportFile } from '~/domain/import/read-file'
import { runImport } from '~/models/import-commit.server'
import { createRegion, createUnit } from '~/models/region.server'
import { createUser } from '~/models/user.server'
import { loader as homeLoader } from '~/routes/_index'
import { loader as companyLoader } from '~/routes/companies.$id'
import { loader as exportLoader } from '~/routes/data.export.$file'
import { action as leadAction, loader as leadLoader } from '~/routes/leads.$id'
import { action as boardAction, loader as leadsLoader } from '~/routes/leads._index'
import { action as bulkAction } from '~/routes/leads.bulk'
import { action as newLeadAction, loader as newLeadLoader } from '~/routes/leads.new'
import { action as projectAction, loader as projectLoader } from '~/routes/projects.$id'
import { loader as evidenceLoader } from '~/routes/projects.$id_.evidence.$stage'
import { loader as projectsLoader } from '~/routes/projects._index'
import { action as newProjectAction } from '~/routes/projects.new'
import { actorNamed } from '../helpers/actors'
import { BASE, formRequest, getRequest, loginWith, statusOf, unwrap } from '../helpers/requests'

const args = (request: Request, params: Record<string, string> = {}) => ({ request, params, context: {} })
const PASSWORD = 'region-test-pass-2026'

const signIn = (username: string) => loginWith(username, PASSWORD)

type World = Awaited<ReturnType<typeof buildWorld>>
let w: World

/** 测试市 with 甲县 (and its 甲园区) and 乙县, a 商务局 each, a staff member each and the city's manager. */
async function buildWorld() {
	const city = await createRegion(prisma, { code: 't-city', name: '测试市', nameEn: 'Test City', kind: 'city', parentCode: 'jx' })
	const a = await createRegion(prisma, { code: 't-city-a', name: '甲县', nameEn: 'County A', kind: 'county', parentCode: 't-city' })
	const park = await createRegion(prisma, { code: 't-city-a-park', name: '甲园区', nameEn: 'Park A', kind: 'park', parentCode: 't-city-a' })
	const b = await createRegion(prisma, { code: 't-city-b', name: '乙县', nameEn: 'County B', kind: 'county', parentCode: 't-city' })
	const unitA = await createUnit(prisma, { name: '甲县商务局', nameEn: 'County A Commerce', regionCode: 't-city-a' })
	const unitB = await createUnit(prisma, { name: '乙县商务局', nameEn: 'County B Commerce', regionCode: 't-city-b' })
	const user = (username: string, role: 'staff' | 'manager', unitId: string | undefined, regionId: string | undefined) =>
		createUser(prisma, { username, name: username, role, password: PASSWORD, unitId, regionId }, null)
	const staffA = await user('staff.a', 'staff', unitA.id, a.id)
	const managerA = await user('manager.a', 'manager', unitA.id, a.id)
	const staffB = await user('staff.b', 'staff', unitB.id, b.id)
	const cityManager = await user('city.manager', 'manager', undefined, city.id)
	const nowhere = await user('no.region', 'manager', undefined, undefined)
	// The register is shared: both counties court the same firm.
	const firm = await prisma.company.create({ data: { name: '区域测试共享企业有限公司', isLocal: false }, select: { id: true, name: true } })
	const other = await prisma.company.create({ data: { name: '区域测试乙县企业有限公司', isLocal: true }, select: { id: true } })
	const cookies = {
		staffA: await signIn('staff.a'),
		managerA: await signIn('manager.a'),
		staffB: await signIn('staff.b'),
		city: await signIn('city.manager'),
		nowhere: await signIn('no.region'),
	}
	return { city, a, park, b, unitA, unitB, staffA, managerA, staffB, cityManager, nowhere, firm, other, cookies }
}

beforeAll(async () => {
	w = await buildWorld()
})

async function newLead(cookie: string, fields: Record<string, string>) {
	const result = await newLeadAction(args(formRequest('/leads/new', { priority: 'medium', source: 'expo', ...fields }, { Cookie: cookie })))
	if (!(result instanceof Response)) return { id: null, refused: unwrap<{ errors: Record<string, string> }>(result) }
	return { id: result.headers.get('Location')!.split('/').pop()!, refused: null }
}

const listedLeadIds = async (cookie: string, query = '') => {
	const page = await leadsLoader(args(getRequest(`/leads?view=table${query}`, cookie)))
	return page.leads.map((l) => l.id)
}
const boardLeadIds = async (cookie: string) => {
	const page = await leadsLoader(args(getRequest('/leads?view=board', cookie)))
	return page.board!.flatMap((c) => c.cards.map((card) => card.id))
}
const exported = async (cookie: string, list: 'leads' | 'projects') =>
	(await exportLoader(args(getRequest(`/data/export/${list}.csv`, cookie), { file: `${list}.csv` }))).text()

describe('leads of two counties under one city', () => {
	let leadA: string
	let leadB: string

	beforeAll(async () => {
		leadA = (await newLead(w.cookies.staffA, { companyId: w.firm.id, ownerId: w.staffA.id, unitId: w.unitA.id })).id!
		// Another county may court the same firm: the open lead of 甲县 is not 乙县's business.
		leadB = (await newLead(w.cookies.staffB, { companyId: w.firm.id, ownerId: w.staffB.id, unitId: w.unitB.id })).id!
	})

	test('a new lead belongs to its creator’s county', async () => {
		const stored = await prisma.lead.findMany({ where: { id: { in: [leadA, leadB] } }, orderBy: { createdAt: 'asc' }, select: { id: true, regionId: true } })
		expect(Object.fromEntries(stored.map((l) => [l.id, l.regionId]))).toEqual({ [leadA]: w.a.id, [leadB]: w.b.id })
		// A second open lead on the same firm in the same county is still refused.
		const again = await newLead(w.cookies.staffA, { companyId: w.firm.id, ownerId: w.staffA.id })
		expect(again.refused).toMatchObject({ status: 409, body: { errors: { companyId: 'leads.errors.openLeadExists' } } })
	})

	test('a county user never sees the other county’s leads: list, board, page, export, home, company page', async () => {
		expect(await listedLeadIds(w.cookies.staffA)).toEqual([leadA])
		expect(await listedLeadIds(w.cookies.staffB)).toEqual([leadB])
		expect(await boardLeadIds(w.cookies.staffB)).toEqual([leadB])
		expect(await statusOf(() => leadLoader(args(getRequest(`/leads/${leadA}`, w.cookies.staffB), { id: leadA })))).toBe(404)
		expect((await leadLoader(args(getRequest(`/leads/${leadB}`, w.cookies.staffB), { id: leadB }))).lead.id).toBe(leadB)
		const csv = await exported(w.cookies.staffB, 'leads')
		expect(csv.trim().split('\n')).toHaveLength(2)
		expect(csv).toContain(w.firm.name)
		const home = await homeLoader(args(getRequest('/', w.cookies.staffB)))
		expect(home.counts.leads).toBe(1)
		// The firm is in the shared register; its page lists only the viewer's county's lead.
		const company = await companyLoader(args(getRequest(`/companies/${w.firm.id}`, w.cookies.staffB), { id: w.firm.id }))
		expect(company.company.leads.map((l) => l.id)).toEqual([leadB])
		// The new-lead picker marks the firm as courted only where the viewer's county courts it.
		const picker = await newLeadLoader(args(getRequest(`/leads/new?q=${encodeURIComponent('区域测试')}`, w.cookies.staffB)))
		expect(picker.companies.find((c) => c.id === w.firm.id)?.openLeadId).toBe(leadB)
	})

	test('the city manager sees both counties, and a county manager only their own', async () => {
		expect((await listedLeadIds(w.cookies.city)).sort()).toEqual([leadA, leadB].sort())
		expect((await boardLeadIds(w.cookies.city)).sort()).toEqual([leadA, leadB].sort())
		expect((await exported(w.cookies.city, 'leads')).trim().split('\n')).toHaveLength(3)
		expect((await homeLoader(args(getRequest('/', w.cookies.city)))).counts.leads).toBe(2)
		const company = await companyLoader(args(getRequest(`/companies/${w.firm.id}`, w.cookies.city), { id: w.firm.id }))
		expect(company.company.leads.map((l) => l.id).sort()).toEqual([leadA, leadB].sort())
		expect(await listedLeadIds(w.cookies.managerA)).toEqual([leadA])
	})

	test('a user without a region sees none of them', async () => {
		expect(await listedLeadIds(w.cookies.nowhere)).toEqual([])
		expect(await statusOf(() => leadLoader(args(getRequest(`/leads/${leadA}`, w.cookies.nowhere), { id: leadA })))).toBe(404)
		expect((await exported(w.cookies.nowhere, 'leads')).trim().split('\n')).toHaveLength(1)
	})

	test('writes to the other county’s lead are refused as not found, and nothing changes', async () => {
		const before = await prisma.lead.findUniqueOrThrow({ where: { id: leadA }, select: { stage: true, version: true, ownerId: true } })
		// Even a manager of 甲县 cannot reach 乙县's lead, and 乙县's staff cannot reach 甲县's.
		const moved = unwrap<{ ok: boolean }>(
			await boardAction(args(formRequest('/leads?index', { leadId: leadA, toStage: 'contacted' }, { Cookie: w.cookies.staffB }))),
		)
		expect(moved.status).toBe(404)
		const edit = {
			intent: 'update',
			ownerId: w.staffB.id,
			unitId: '',
			priority: 'low',
			source: 'expo',
			nextActionDate: '',
			notes: '',
			version: String(before.version),
		}
		expect(await statusOf(() => leadAction(args(formRequest(`/leads/${leadA}`, edit, { Cookie: w.cookies.staffB }), { id: leadA })))).toBe(404)
		const visit = { intent: 'logActivity', kind: 'visit', date: '2026-11-01' }
		expect(await statusOf(() => leadAction(args(formRequest(`/leads/${leadA}`, visit, { Cookie: w.cookies.staffB }), { id: leadA })))).toBe(404)
		const convert = { intent: 'convert', negotiatingDate: '2026-11-01' }
		expect(await statusOf(() => leadAction(args(formRequest(`/leads/${leadB}`, convert, { Cookie: w.cookies.managerA }), { id: leadB })))).toBe(404)
		const bulk = await bulkAction(
			args(
				new Request(`${BASE}/leads/bulk`, {
					method: 'POST',
					headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: w.cookies.staffB },
					body: new URLSearchParams([
						['intent', 'move'],
						['toStage', 'dropped'],
						['lead', `${leadA}:${before.version}`],
					]),
				}),
			),
		)
		// Refused like a deleted lead: 404, no company name, no hint that it exists.
		expect(bulk.status).toBe(404)
		expect(await bulk.json()).toEqual({
			ok: false,
			errors: {},
			formError: { key: 'leads.bulk.refused', params: {} },
			refused: [{ leadId: leadA, company: '', reason: 'leads.errors.notFound' }],
		})
		expect(await prisma.lead.findUniqueOrThrow({ where: { id: leadA }, select: { stage: true, version: true, ownerId: true } })).toEqual(before)
		expect(await prisma.activity.count({ where: { leadId: leadA } })).toBe(0)
	})

	test('the city manager picks a county of the city for a new lead, never one outside it, and hands leads only to people who see them', async () => {
		const picked = await newLead(w.cookies.city, { companyId: w.other.id, ownerId: w.staffB.id, unitId: w.unitB.id, regionId: w.b.id })
		expect(await prisma.lead.findUniqueOrThrow({ where: { id: picked.id! }, select: { regionId: true } })).toEqual({ regionId: w.b.id })
		const county = await prisma.region.findUniqueOrThrow({ where: { code: 'jx-gz-gx' }, select: { id: true } })
		const outside = await newLead(w.cookies.city, { companyId: w.other.id, ownerId: w.cityManager.id, regionId: county.id })
		expect(outside.refused).toMatchObject({ status: 400, body: { errors: { regionId: 'validation.invalidChoice' } } })
		// A county staff member may not pick another county.
		const staffPick = await newLead(w.cookies.staffA, { companyId: w.other.id, ownerId: w.staffA.id, regionId: w.b.id })
		expect(staffPick.refused).toMatchObject({ status: 400, body: { errors: { regionId: 'validation.invalidChoice' } } })
		// 乙县's lead handed to 甲县's staff member, who could not see it: refused.
		const version = String((await prisma.lead.findUniqueOrThrow({ where: { id: picked.id! }, select: { version: true } })).version)
		const handOver = { intent: 'update', ownerId: w.staffA.id, unitId: w.unitB.id, priority: 'low', source: 'expo', nextActionDate: '', notes: '', version }
		const refused = unwrap<{ errors: Record<string, string> }>(
			await leadAction(args(formRequest(`/leads/${picked.id}`, handOver, { Cookie: w.cookies.city }), { id: picked.id! })),
		)
		expect(refused).toMatchObject({ status: 400, body: { errors: { ownerId: 'leads.errors.ownerOutsideRegion' } } })
		// The owner choices of the city's forms are the city's people only.
		const form = await newLeadLoader(args(getRequest('/leads/new', w.cookies.staffA)))
		expect(form.options.owners.map((o) => o.id).sort()).toEqual([w.staffA.id, w.managerA.id].sort())
		// A county with a park offers both for a new lead; the county is the default.
		expect(form.options.regions.map((r) => r.id)).toEqual([w.a.id, w.park.id])
		expect(form.options.defaultRegionId).toBe(w.a.id)
	})

	test('an import matches and updates only leads of the importer’s regions; new rows get the importer’s county', async () => {
		const csv = `企业名称,备注\n${w.firm.name},乙县导入\n`
		const sheet = await readImportFile(new TextEncoder().encode(csv), 'leads.csv')
		const importer = await actorNamed('staff.b')
		await prisma.lead.update({ where: { id: leadB }, data: { stage: 'dropped' } })
		const outcome = await runImport(prisma, {
			kind: 'leads',
			sheet,
			fileName: 'leads.csv',
			userId: importer.id,
			options: {
				mapping: resolveMapping('leads', sheet.headers, {}),
				overrides: {},
				actions: {},
				duplicateAction: 'update',
				createMissingCompanies: false,
				defaultOwnerId: importer.id,
				importer,
			},
		})
		// 甲县's open lead on the firm is not a duplicate for 乙县: a new lead of 乙县, 甲县's untouched.
		expect(outcome).toMatchObject({ created: 1, updated: 0, errors: [] })
		const created = await prisma.lead.findFirstOrThrow({ where: { notes: '乙县导入' }, select: { regionId: true, ownerId: true } })
		expect(created).toEqual({ regionId: w.b.id, ownerId: w.staffB.id })
		expect((await prisma.lead.findUniqueOrThrow({ where: { id: leadA }, select: { notes: true } })).notes).toBeNull()
	})
})

describe('projects of two counties under one city', () => {
	let projectA: string
	let projectB: string
	const form = (companyId: string, title: string) => ({
		intent: 'create',
		title,
		companyId,
		type: 'new',
		stage: 'negotiating',
		investmentWan: '5000',
		negotiatingDate: '2026-10-01',
	})
	const create = async (cookie: string, fields: Record<string, string>) => {
		const result = await newProjectAction(args(formRequest('/projects/new', fields, { Cookie: cookie })))
		if (result instanceof Response) return result.headers.get('Location')!.split('/').pop()!
		throw new Error(`project refused: ${JSON.stringify(unwrap(result))}`)
	}

	beforeAll(async () => {
		projectA = await create(w.cookies.staffA, form(w.firm.id, '甲县区域测试项目'))
		projectB = await create(w.cookies.city, { ...form(w.other.id, '乙县区域测试项目'), regionId: w.b.id })
	})

	test('a project belongs to its creator’s county, or the county the city manager picked', async () => {
		expect((await prisma.project.findUniqueOrThrow({ where: { id: projectA }, select: { regionId: true } })).regionId).toBe(w.a.id)
		expect((await prisma.project.findUniqueOrThrow({ where: { id: projectB }, select: { regionId: true } })).regionId).toBe(w.b.id)
	})

	test('county users see their own county’s projects only; the city sees both', async () => {
		const listed = async (cookie: string) => (await projectsLoader(args(getRequest('/projects', cookie)))).projects.map((p) => p.id).sort()
		expect(await listed(w.cookies.staffA)).toEqual([projectA])
		expect(await listed(w.cookies.staffB)).toEqual([projectB])
		expect(await listed(w.cookies.city)).toEqual([projectA, projectB].sort())
		expect(await statusOf(() => projectLoader(args(getRequest(`/projects/${projectA}`, w.cookies.staffB), { id: projectA })))).toBe(404)
		expect(
			await statusOf(() => evidenceLoader(args(getRequest(`/projects/${projectA}/evidence/signed`, w.cookies.staffB), { id: projectA, stage: 'signed' }))),
		).toBe(404)
		expect((await projectLoader(args(getRequest(`/projects/${projectA}`, w.cookies.city), { id: projectA }))).project.id).toBe(projectA)
		expect(await exported(w.cookies.staffB, 'projects')).not.toContain('甲县区域测试项目')
		expect(await exported(w.cookies.city, 'projects')).toContain('甲县区域测试项目')
		expect((await homeLoader(args(getRequest('/', w.cookies.staffA)))).counts.projects).toBe(1)
	})

	test('writes to the other county’s project are 404 and change nothing', async () => {
		const before = await prisma.project.findUniqueOrThrow({ where: { id: projectA }, select: { stage: true, version: true, title: true } })
		const advance = { intent: 'advance', toStage: 'signed', date: '2026-11-20' }
		expect(await statusOf(async () => projectAction(args(formRequest(`/projects/${projectA}`, advance, { Cookie: w.cookies.staffB }), { id: projectA })))).toBe(
			404,
		)
		const edit = { ...form(w.firm.id, '改名'), intent: 'update', version: String(before.version) }
		expect(await statusOf(async () => projectAction(args(formRequest(`/projects/${projectA}`, edit, { Cookie: w.cookies.staffB }), { id: projectA })))).toBe(
			404,
		)
		expect(await prisma.project.findUniqueOrThrow({ where: { id: projectA }, select: { stage: true, version: true, title: true } })).toEqual(before)
	})
})
