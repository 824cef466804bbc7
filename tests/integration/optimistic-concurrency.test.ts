import { describe, expect, test } from 'vitest'
import { prisma } from '~/db.server'
import { asPosted, deleteFormValues, edgeFormValues, figureFormValues, linkFormValues } from '~/domain/chain/edit-schemas'
import { type CompanyFormValues, tagYearInputName } from '~/domain/company/company-schema'
import { type Conflict } from '~/domain/concurrency/conflict'
import { leadEditFormValues, type LeadEditValues } from '~/domain/lead/schemas'
import { projectFormValues } from '~/domain/project/project-schema'
import { action as chainEditAction, loader as chainEditLoader } from '~/routes/chains.$slug.edit/route'
import { action as editCompanyAction, loader as editCompanyLoader } from '~/routes/companies.$id_.edit'
import { action as leadAction, loader as leadLoader } from '~/routes/leads.$id'
import { action as boardAction } from '~/routes/leads._index'
import { action as projectAction, loader as projectLoader, type ProjectPageActionResult } from '~/routes/projects.$id'
import { action as evidenceAction } from '~/routes/projects.$id_.evidence.$stage'
import { action as quotaAction, loader as quotaLoader } from '~/routes/quotas.$id'
import { demoCountyId } from '../helpers/actors'
import { demoUser } from '../helpers/demo-users'
import { formRequest, getRequest, loginAs, unwrap } from '../helpers/requests'

/** The demo county: records made here belong to it, as the app's own would (ADR 0026). */
const county = await demoCountyId()

// ADR 0015: two people edit the same record. The later save of a form opened
// before the other's change is refused (409) with the stored values beside the
// submitted ones; posting the submitted values again, now at the new version,
// saves them. Moves, evidence and other writes make older forms stale too.

const args = (request: Request, params: Record<string, string> = {}) => ({ request, params, context: {} })

/** A form post; list values as repeated fields, a ticked checkbox as "on". */
function postForm(path: string, cookie: string, fields: Record<string, string | boolean | readonly string[]>) {
	const body = new URLSearchParams()
	for (const [name, value] of Object.entries(fields)) {
		if (typeof value === 'boolean') {
			if (value) body.append(name, 'on')
		} else for (const v of [value].flat()) body.append(name, v)
	}
	return new Request(`http://localhost:3000${path}`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookie }, body })
}

describe('companies', () => {
	/** The company form as the browser posts it: tags ticked, each tag's year in its own input. */
	const companyFields = ({ tags, tagYears, ...text }: CompanyFormValues) => ({
		...text,
		tags,
		...Object.fromEntries(Object.entries(tagYears).map(([tag, year]) => [tagYearInputName(tag as keyof typeof tagYears), year])),
	})
	type EditResult = { ok: false; values: CompanyFormValues; conflict: Conflict<CompanyFormValues> | null }
	const save = async (cookie: string, id: string, values: CompanyFormValues) =>
		unwrap<EditResult | string>(await editCompanyAction(args(postForm(`/companies/${id}/edit`, cookie, companyFields(values)), { id })))
	const openForm = async (cookie: string, id: string) => (await editCompanyLoader(args(getRequest(`/companies/${id}/edit`, cookie), { id }))).values
	const stored = (id: string) => prisma.company.findUniqueOrThrow({ where: { id }, select: { contactName: true, address: true, version: true } })

	test('a stale save is refused with the stored values; the fresh one saves; re-applying saves the submitted values', async () => {
		const cookie = await loginAs('manager')
		const { id } = await prisma.company.create({ data: { name: '（测试）并发编辑企业', isLocal: true, contactName: '原联系人' }, select: { id: true } })
		const formA = await openForm(cookie, id)
		const formB = await openForm(cookie, id)
		expect(formA.version).toBe('1')

		expect(await save(cookie, id, { ...formA, contactName: '甲填的联系人' })).toMatchObject({ status: 302 })
		expect(await stored(id)).toEqual({ contactName: '甲填的联系人', address: null, version: 2 })

		const stale = await save(cookie, id, { ...formB, contactName: '乙填的联系人', address: '乙填的地址' })
		expect(stale.status).toBe(409)
		const { conflict, values } = stale.body as EditResult
		expect(conflict?.current).toMatchObject({ contactName: '甲填的联系人', address: '', version: '2' })
		expect(conflict?.submitted).toMatchObject({ contactName: '乙填的联系人', address: '乙填的地址', version: '2' })
		// The form comes back with the submitted values at the new version: one click saves them.
		expect(values).toEqual(conflict?.submitted)
		expect(await stored(id)).toEqual({ contactName: '甲填的联系人', address: null, version: 2 })

		expect(await save(cookie, id, values)).toMatchObject({ status: 302 })
		expect(await stored(id)).toEqual({ contactName: '乙填的联系人', address: '乙填的地址', version: 3 })
	})

	test('a stale form that changes nothing saves nothing; a form without a version is treated as stale', async () => {
		const cookie = await loginAs('manager')
		const { id } = await prisma.company.create({ data: { name: '（测试）并发未改企业', isLocal: true }, select: { id: true } })
		const old = await openForm(cookie, id)
		expect(await save(cookie, id, { ...old, industry: '稀土冶炼' })).toMatchObject({ status: 302 })
		const audits = await prisma.auditLog.count({ where: { entity: 'Company', entityId: id } })
		// The same values as stored, from a form opened before the change: nothing to lose, nothing written.
		expect(await save(cookie, id, { ...old, industry: '稀土冶炼' })).toMatchObject({ status: 302 })
		expect(await prisma.auditLog.count({ where: { entity: 'Company', entityId: id } })).toBe(audits)
		const unversioned = await save(cookie, id, { ...(await openForm(cookie, id)), version: '', industry: '磁材' })
		expect(unversioned.status).toBe(409)
		expect((await prisma.company.findUniqueOrThrow({ where: { id }, select: { industry: true } })).industry).toBe('稀土冶炼')
	})

	test('staff whose form went stale when a manager changed the tags get the tags as stored, not a refusal of the tags', async () => {
		const staff = await loginAs('staff')
		const manager = await loginAs('manager')
		const { id } = await prisma.company.create({
			data: { name: '（测试）并发资质企业', isLocal: true, tags: { create: { tag: 'gaoxin', grantedYear: 2023 } } },
			select: { id: true },
		})
		const staffForm = await openForm(staff, id)
		const managerForm = await openForm(manager, id)
		expect(await save(manager, id, { ...managerForm, tagYears: { ...managerForm.tagYears, gaoxin: '2024' } })).toMatchObject({ status: 302 })

		const stale = await save(staff, id, { ...staffForm, contactPhone: '0797-7654321' })
		expect(stale.status).toBe(409)
		const { conflict } = stale.body as EditResult
		expect(conflict?.current.tagYears.gaoxin).toBe('2024')
		expect(conflict?.submitted).toMatchObject({ contactPhone: '0797-7654321', tags: ['gaoxin'] })
		expect(conflict?.submitted.tagYears.gaoxin).toBe('2024')
		expect(await save(staff, id, conflict!.submitted)).toMatchObject({ status: 302 })
		expect(await prisma.company.findUniqueOrThrow({ where: { id }, select: { contactPhone: true, tags: { select: { grantedYear: true } } } })).toEqual({
			contactPhone: '0797-7654321',
			tags: [{ grantedYear: 2024 }],
		})
	})
})

describe('leads', () => {
	type LeadResult = { ok: boolean; conflict?: Conflict<LeadEditValues> | null }
	const edit = async (cookie: string, id: string, values: LeadEditValues) =>
		unwrap<LeadResult>(await leadAction(args(postForm(`/leads/${id}`, cookie, { intent: 'update', ...values }), { id })))
	const openForm = async (cookie: string, id: string) => {
		const { lead } = await leadLoader(args(getRequest(`/leads/${id}`, cookie), { id }))
		return leadEditFormValues({ ...lead, ownerId: lead.owner.id, unitId: lead.unit?.id ?? null })
	}
	const newLead = async () => {
		const owner = await prisma.user.findUniqueOrThrow({ where: { username: demoUser('staff').username }, select: { id: true, unitId: true } })
		const company = await prisma.company.create({ data: { name: `（测试）并发线索企业${Math.random()}`, isLocal: false }, select: { id: true } })
		return prisma.lead.create({
			data: { regionId: county, companyId: company.id, ownerId: owner.id, unitId: owner.unitId, source: 'expo', priority: 'medium' },
			select: { id: true },
		})
	}
	const versionOf = async (id: string) => (await prisma.lead.findUniqueOrThrow({ where: { id }, select: { version: true } })).version

	test('a move on the board makes an open edit form stale; its save is refused with the stored values, then re-applied', async () => {
		const cookie = await loginAs('staff')
		const lead = await newLead()
		const form = await openForm(cookie, lead.id)
		expect(unwrap(await boardAction(args(formRequest('/leads?index', { leadId: lead.id, toStage: 'contacted' }, { Cookie: cookie }))))).toMatchObject({
			status: 200,
		})
		expect(await versionOf(lead.id)).toBe(2)

		const stale = await edit(cookie, lead.id, { ...form, priority: 'high', notes: '约好下周拜访' })
		expect(stale.status).toBe(409)
		expect(stale.body.conflict).toMatchObject({
			current: { priority: 'medium', notes: '', version: '2' },
			submitted: { priority: 'high', notes: '约好下周拜访', version: '2' },
		})
		expect(await prisma.lead.findUniqueOrThrow({ where: { id: lead.id }, select: { priority: true, stage: true } })).toEqual({
			priority: 'medium',
			stage: 'contacted',
		})

		expect(await edit(cookie, lead.id, stale.body.conflict!.submitted)).toMatchObject({ status: 200, body: { ok: true } })
		expect(await prisma.lead.findUniqueOrThrow({ where: { id: lead.id }, select: { priority: true, notes: true, stage: true, version: true } })).toEqual({
			priority: 'high',
			notes: '约好下周拜访',
			stage: 'contacted',
			version: 3,
		})
	})

	test('a visit that moves the lead bumps its version; a fresh form saves', async () => {
		const cookie = await loginAs('staff')
		const lead = await newLead()
		const visit = { intent: 'logActivity', kind: 'visit', date: '2026-11-30', people: '', notes: '' }
		expect(unwrap(await leadAction(args(formRequest(`/leads/${lead.id}`, visit, { Cookie: cookie }), { id: lead.id })))).toMatchObject({
			body: { movedTo: 'visited' },
		})
		expect(await versionOf(lead.id)).toBe(2)
		const form = await openForm(cookie, lead.id)
		expect(await edit(cookie, lead.id, { ...form, notes: '已拜访' })).toMatchObject({ status: 200, body: { ok: true } })
		expect(await versionOf(lead.id)).toBe(3)
	})
})

describe('projects', () => {
	const manager = () => loginAs('manager')
	const openForm = async (cookie: string, id: string) => {
		const { project } = await projectLoader(args(getRequest(`/projects/${id}`, cookie), { id }))
		return { project, values: { intent: 'update', ...projectFormValues({ ...project, linkIds: project.links.map((l) => l.id) }) } }
	}
	const save = async (cookie: string, id: string, values: Record<string, string | boolean | readonly string[]>) =>
		unwrap<ProjectPageActionResult>(await projectAction(args(postForm(`/projects/${id}`, cookie, values), { id })))
	const newProject = async () => {
		const company = await prisma.company.create({ data: { name: `（测试）并发项目企业${Math.random()}`, isLocal: true }, select: { id: true } })
		return prisma.project.create({
			data: {
				regionId: county,
				title: '（测试）并发项目',
				companyId: company.id,
				type: 'new',
				investmentCNY: 100_000_000n,
				stage: 'negotiating',
				negotiatingDate: new Date('2026-10-01T00:00:00Z'),
			},
			select: { id: true },
		})
	}
	const versionOf = async (id: string) => (await prisma.project.findUniqueOrThrow({ where: { id }, select: { version: true } })).version

	test('a stage advance makes an open edit form stale; the stale save is refused with the stored values; re-applied it saves', async () => {
		const cookie = await manager()
		const { id } = await newProject()
		const before = await openForm(cookie, id)
		const advanced = await save(cookie, id, { intent: 'advance', toStage: 'signed', date: '2026-11-20' })
		expect(advanced).toMatchObject({ status: 200, body: { ok: true, stage: 'signed' } })
		expect(await versionOf(id)).toBe(2)

		const stale = await save(cookie, id, { ...before.values, investmentWan: '12000' })
		expect(stale.status).toBe(409)
		const body = stale.body as Extract<ProjectPageActionResult, { intent: 'update'; ok: false }>
		expect(body.conflict?.current).toMatchObject({ stage: 'signed', signedDate: '2026-11-20', investmentWan: '10000', version: '2' })
		expect(body.conflict?.submitted).toMatchObject({ stage: 'negotiating', signedDate: '', investmentWan: '12000', version: '2' })
		expect((await prisma.project.findUniqueOrThrow({ where: { id }, select: { investmentCNY: true } })).investmentCNY).toBe(100_000_000n)

		// Re-applied knowingly, on top of the signed project: the submitted values are saved as they are.
		const reapplied = await save(cookie, id, { intent: 'update', ...body.values, stage: 'signed', signedDate: '2026-11-20' })
		expect(reapplied).toMatchObject({ status: 200, body: { ok: true, changed: true } })
		expect(await prisma.project.findUniqueOrThrow({ where: { id }, select: { investmentCNY: true, stage: true, version: true } })).toEqual({
			investmentCNY: 120_000_000n,
			stage: 'signed',
			version: 3,
		})
	})

	test('evidence for a stage bumps the project version; a fresh form still saves', async () => {
		const cookie = await manager()
		const { id } = await newProject()
		await save(cookie, id, { intent: 'advance', toStage: 'signed', date: '2026-11-20' })
		const before = await versionOf(id)
		const form = new FormData()
		form.set('docNumber', '赣县商务〔2026〕9号')
		const request = new Request(`http://localhost:3000/projects/${id}/evidence/signed`, { method: 'POST', body: form, headers: { Cookie: cookie } })
		expect((await evidenceAction(args(request, { id, stage: 'signed' }))).status).toBe(200)
		expect(await versionOf(id)).toBe(before + 1)

		const opened = await openForm(cookie, id)
		expect(await save(cookie, id, { ...opened.values, notes: '已交签约合同' })).toMatchObject({ status: 200, body: { ok: true, changed: true } })
	})
})

describe('chain links, edges and company figures', () => {
	const SLUG = 'rare-earth-ganxian'
	type ChainResult = { ok: boolean; values?: Record<string, string>; conflict?: Conflict<Record<string, string>> | null }
	const post = async (cookie: string, fields: Record<string, string>) =>
		unwrap<ChainResult>(await chainEditAction(args(formRequest(`/chains/${SLUG}/edit`, fields, { Cookie: cookie }), { slug: SLUG })))
	const page = async (cookie: string) => (await chainEditLoader(args(getRequest(`/chains/${SLUG}/edit`, cookie), { slug: SLUG }))).chain

	test('a link renamed meanwhile: the stale rename is refused with the stored name; re-applied, it saves', async () => {
		const cookie = await loginAs('manager')
		const link = (await page(cookie)).links.find((l) => l.key === 'ndfeb_magnet')!
		const opened = asPosted(linkFormValues(link))
		expect(await post(cookie, { ...opened, name: '钕铁硼永磁材料' })).toMatchObject({ status: 200, body: { ok: true } })

		const stale = await post(cookie, { ...opened, unit: '吨' })
		expect(stale.status).toBe(409)
		expect(stale.body.conflict).toMatchObject({
			current: { name: '钕铁硼永磁材料', unit: link.unit, version: String(link.version + 1) },
			submitted: { name: link.name, unit: '吨', version: String(link.version + 1) },
		})
		expect(await post(cookie, stale.body.values!)).toMatchObject({ status: 200, body: { ok: true } })
		expect(await prisma.chainLink.findUniqueOrThrow({ where: { id: link.id }, select: { name: true, unit: true, version: true } })).toEqual({
			name: link.name,
			unit: '吨',
			version: link.version + 2,
		})
	})

	test('an edge factor changed meanwhile: the stale factor is refused, the fresh one saves', async () => {
		const cookie = await loginAs('manager')
		const edge = (await page(cookie)).edges.find((e) => e.fromLink.name === '稀土金属及合金' && e.toLink.name === '钕铁硼合金/毛坯')!
		const opened = asPosted(edgeFormValues(edge))
		expect(await post(cookie, { ...opened, factor: '0.31', source: '企业调研 2026' })).toMatchObject({ status: 200, body: { ok: true } })
		const stale = await post(cookie, { ...opened, factor: '0.29', source: '另一份调研' })
		expect(stale).toMatchObject({
			status: 409,
			body: { conflict: { current: { factor: '0.31', source: '企业调研 2026' }, submitted: { factor: '0.29', source: '另一份调研' } } },
		})
		expect((await prisma.chainEdge.findUniqueOrThrow({ where: { id: edge.id }, select: { factor: true } })).factor).toBe(0.31)

		const fresh = asPosted(edgeFormValues((await page(cookie)).edges.find((e) => e.id === edge.id)!))
		expect(await post(cookie, { ...fresh, factorUnit: 't metal per t alloy' })).toMatchObject({ status: 200, body: { ok: true, changed: true } })
	})

	test('a company figure changed meanwhile: the stale figure is refused with the stored one; re-applied, it saves', async () => {
		const cookie = await loginAs('manager')
		const figure = (await page(cookie)).figures[0]!
		const opened = asPosted(figureFormValues({ ...figure, companyId: figure.company.id, linkId: figure.link.id }))
		expect(await post(cookie, { ...opened, source: '企业年报（修订）' })).toMatchObject({ status: 200, body: { ok: true } })
		const stale = await post(cookie, { ...opened, capacity: '123' })
		expect(stale).toMatchObject({
			status: 409,
			body: { conflict: { current: { source: '企业年报（修订）' }, submitted: { capacity: '123', source: figure.source ?? '' } } },
		})
		expect(await post(cookie, stale.body.values!)).toMatchObject({ status: 200, body: { ok: true, changed: true } })
		expect(await prisma.companyLink.findUniqueOrThrow({ where: { id: figure.id }, select: { capacity: true, version: true } })).toEqual({
			capacity: 123,
			version: figure.version + 2,
		})
	})
})

describe('deleting chain links, edges and company figures', () => {
	const SLUG = 'rare-earth-ganxian'
	type ChainResult = { ok: boolean; gone?: true; formError?: { key: string } | null; conflict?: Conflict<Record<string, string>> | null }
	const post = async (cookie: string, fields: Record<string, string>) =>
		unwrap<ChainResult>(await chainEditAction(args(formRequest(`/chains/${SLUG}/edit`, fields, { Cookie: cookie }), { slug: SLUG })))
	const page = async (cookie: string) => (await chainEditLoader(args(getRequest(`/chains/${SLUG}/edit`, cookie), { slug: SLUG }))).chain
	const linkOf = async (key: string) => prisma.chainLink.findFirstOrThrow({ where: { key, chain: { slug: SLUG } }, select: { id: true, chainId: true } })
	const deletes = (entity: string, entityId: string) => prisma.auditLog.count({ where: { entity, entityId, action: 'delete' } })

	/** A new edge of the chain, as the edit page then shows it, and its delete form. */
	async function newEdge(cookie: string, from: string, to: string) {
		const [a, b] = await Promise.all([linkOf(from), linkOf(to)])
		const { id } = await prisma.chainEdge.create({
			data: { chainId: a.chainId, fromLinkId: a.id, toLinkId: b.id, factor: 0.5, source: '测试调研' },
			select: { id: true },
		})
		const edge = (await page(cookie)).edges.find((e) => e.id === id)!
		return { id, form: deleteFormValues('deleteEdge', asPosted(edgeFormValues(edge))) }
	}

	test('an edge changed since the page showed it: the delete is refused with what changed; “delete anyway” deletes it; a second delete finds it gone', async () => {
		const cookie = await loginAs('manager')
		const { id, form } = await newEdge(cookie, 'prnd_oxide', 'phosphor')
		// Someone else corrects the factor meanwhile.
		const edited = asPosted(edgeFormValues((await page(cookie)).edges.find((e) => e.id === id)!))
		expect(await post(cookie, { ...edited, factor: '0.8', source: '企业调研 2026' })).toMatchObject({ status: 200, body: { ok: true, changed: true } })

		const stale = await post(cookie, form)
		expect(stale.status).toBe(409)
		expect(stale.body.conflict).toEqual({
			current: expect.objectContaining({ intent: 'deleteEdge', edgeId: id, version: '2', factor: '0.8', source: '企业调研 2026' }),
			submitted: expect.objectContaining({ intent: 'deleteEdge', edgeId: id, version: '2', factor: '0.5', source: '测试调研' }),
		})
		expect(await prisma.chainEdge.count({ where: { id } })).toBe(1)
		expect(await deletes('ChainEdge', id)).toBe(0)

		// “Delete anyway” posts the delete of the edge as stored now.
		expect(await post(cookie, stale.body.conflict!.current)).toMatchObject({ status: 200, body: { ok: true, changed: true } })
		expect(await prisma.chainEdge.count({ where: { id } })).toBe(0)
		expect(await deletes('ChainEdge', id)).toBe(1)

		// The first tab's form again: the edge is gone, and the answer says so.
		expect(await post(cookie, form)).toMatchObject({ status: 200, body: { ok: true, changed: false, gone: true } })
		expect(await deletes('ChainEdge', id)).toBe(1)
	})

	test('a fresh delete goes through; so does a stale one whose row was changed back to what the page showed', async () => {
		const cookie = await loginAs('manager')
		const fresh = await newEdge(cookie, 'prnd_oxide', 'catalyst')
		expect(await post(cookie, fresh.form)).toMatchObject({ status: 200, body: { ok: true, changed: true } })
		expect(await prisma.chainEdge.count({ where: { id: fresh.id } })).toBe(0)

		const company = await prisma.company.findFirstOrThrow({ where: { name: '中科三环' }, select: { id: true } })
		const magnet = await linkOf('ndfeb_magnet')
		const { id } = await prisma.companyLink.create({
			data: { companyId: company.id, linkId: magnet.id, year: 2031, capacity: 100, source: '测试' },
			select: { id: true },
		})
		const shown = (await page(cookie)).figures.find((f) => f.id === id)!
		const form = deleteFormValues('deleteFigure', asPosted(figureFormValues({ ...shown, companyId: shown.company.id, linkId: shown.link.id })))
		const opened = asPosted(figureFormValues({ ...shown, companyId: shown.company.id, linkId: shown.link.id }))
		await post(cookie, { ...opened, capacity: '200' })
		await post(cookie, { ...opened, capacity: '100', version: '2' })
		expect(await prisma.companyLink.findUniqueOrThrow({ where: { id }, select: { capacity: true, version: true } })).toEqual({ capacity: 100, version: 3 })
		expect(await post(cookie, form)).toMatchObject({ status: 200, body: { ok: true, changed: true } })
		expect(await prisma.companyLink.count({ where: { id } })).toBe(0)
	})

	test('a link that gained an edge since the page showed it is not deleted: the comparison shows the count', async () => {
		const cookie = await loginAs('manager')
		const chain = await page(cookie)
		const created = await post(cookie, {
			intent: 'createLink',
			key: 'delete_race',
			name: '删除竞态测试环节',
			nameEn: 'Delete race link',
			stage: 'application',
			unit: '台',
			source: '测试',
		})
		expect(created.body.ok).toBe(true)
		const link = (await page(cookie)).links.find((l) => l.key === 'delete_race')!
		const usage = { edges: String(link._count.outgoing + link._count.incoming), figures: String(link._count.companies) }
		const form = deleteFormValues('deleteLink', { ...asPosted(linkFormValues(link)), ...usage })
		expect(usage).toEqual({ edges: '0', figures: '0' })
		const magnet = chain.links.find((l) => l.key === 'ndfeb_magnet')!
		await prisma.chainEdge.create({ data: { chainId: chain.id, fromLinkId: magnet.id, toLinkId: link.id, factor: 1, source: '测试' } })

		const stale = await post(cookie, form)
		expect(stale).toMatchObject({
			status: 409,
			body: { conflict: { current: { edges: '1', figures: '0', version: '1' }, submitted: { edges: '0', figures: '0' } } },
		})
		expect(await prisma.chainLink.count({ where: { id: link.id } })).toBe(1)
		expect(await prisma.chainEdge.count({ where: { toLinkId: link.id } })).toBe(1)

		expect(await post(cookie, stale.body.conflict!.current)).toMatchObject({ status: 200, body: { ok: true, changed: true } })
		expect(await prisma.chainLink.count({ where: { id: link.id } })).toBe(0)
		expect(
			await deletes(
				'ChainEdge',
				(
					await prisma.auditLog.findFirstOrThrow({
						where: { entity: 'ChainEdge', action: 'delete', before: { contains: link.id } },
						select: { entityId: true },
					})
				).entityId,
			),
		).toBe(1)
	})

	test('staff may not delete: the version is no licence', async () => {
		const manager = await loginAs('manager')
		const { id, form } = await newEdge(manager, 're_metal', 'phosphor')
		const staff = await loginAs('staff')
		const refused = await chainEditAction(args(formRequest(`/chains/${SLUG}/edit`, form, { Cookie: staff }), { slug: SLUG })).catch((error: unknown) => error)
		expect((refused as Response).status).toBe(403)
		expect(await prisma.chainEdge.count({ where: { id } })).toBe(1)
	})
})

describe('quota rules and unit shares', () => {
	type QuotaResult = { ok: boolean; conflict?: Conflict<Record<string, string | boolean | string[]>> | null }
	const clause16 = () => prisma.quota.findFirstOrThrow({ where: { section: '（六）16' }, select: { id: true } })
	const open = async (cookie: string, id: string) => quotaLoader(args(getRequest(`/quotas/${id}?year=2025`, cookie), { id }))
	const post = async (cookie: string, id: string, intent: string, values: Record<string, string | boolean | readonly string[]>) =>
		unwrap<QuotaResult>(await quotaAction(args(postForm(`/quotas/${id}`, cookie, { intent, ...values }), { id })))

	test('a rule changed meanwhile: the stale rule is refused with the stored one; re-applied, it saves', async () => {
		const cookie = await loginAs('manager')
		const { id } = await clause16()
		const { rulesForm } = await open(cookie, id)
		expect(await post(cookie, id, 'rules', { ...rulesForm, minInvestmentYi: '5' })).toMatchObject({ status: 200, body: { ok: true } })

		const stale = await post(cookie, id, 'rules', { ...rulesForm, minInvestmentYi: '3' })
		expect(stale).toMatchObject({
			status: 409,
			body: { conflict: { current: { minInvestmentYi: '5', version: '2' }, submitted: { minInvestmentYi: '3', version: '2' } } },
		})
		expect(JSON.parse((await prisma.quota.findUniqueOrThrow({ where: { id }, select: { filters: true } })).filters)).toMatchObject({
			minInvestmentCNY: 500_000_000,
		})

		expect(await post(cookie, id, 'rules', stale.body.conflict!.submitted)).toMatchObject({ status: 200, body: { ok: true } })
		const stored = await prisma.quota.findUniqueOrThrow({ where: { id }, select: { filters: true, version: true } })
		expect({ ...stored, filters: JSON.parse(stored.filters) }).toMatchObject({ filters: { minInvestmentCNY: 300_000_000 }, version: 3 })
	})

	test('a share changed meanwhile: a stale form that would overwrite it is refused; one that leaves it as stored saves', async () => {
		const cookie = await loginAs('manager')
		const { id } = await clause16()
		const { shares } = await open(cookie, id)
		const [first, second] = await prisma.quotaUnit.findMany({ where: { quotaId: id }, orderBy: { position: 'asc' }, select: { unitId: true, version: true } })
		expect(second).toBeDefined()
		const target = (unitId: string) => `unitTarget.${unitId}`
		expect(await post(cookie, id, 'unitTargets', { ...shares, [target(first!.unitId)]: '4' })).toMatchObject({ status: 200, body: { ok: true } })

		// Opened before, it still holds the old share of the first unit: saving would put it back.
		const stale = await post(cookie, id, 'unitTargets', { ...shares, [target(second!.unitId)]: '2' })
		expect(stale.status).toBe(409)
		expect(stale.body.conflict?.current).toMatchObject({ [target(first!.unitId)]: '4', [target(second!.unitId)]: '' })
		expect(stale.body.conflict?.submitted).toMatchObject({ [target(first!.unitId)]: shares[target(first!.unitId)], [target(second!.unitId)]: '2' })
		expect(await prisma.quotaUnit.findUniqueOrThrow({ where: { quotaId_unitId: { quotaId: id, unitId: second!.unitId } }, select: { target: true } })).toEqual({
			target: null,
		})

		// Typed over the stored share, the same stale form saves: nothing of the other save is lost.
		expect(await post(cookie, id, 'unitTargets', { ...shares, [target(first!.unitId)]: '4', [target(second!.unitId)]: '2' })).toMatchObject({
			status: 200,
			body: { ok: true },
		})
		expect(
			await prisma.quotaUnit.findMany({
				where: { quotaId: id, unitId: { in: [first!.unitId, second!.unitId] } },
				orderBy: { position: 'asc' },
				select: { target: true, version: true },
			}),
		).toEqual([
			{ target: 4, version: first!.version + 1 },
			{ target: 2, version: second!.version + 1 },
		])
	})
})
