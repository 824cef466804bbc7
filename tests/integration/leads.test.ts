import { expect, test } from 'vitest'
import { prisma } from '~/db.server'
import { BOARD_COLUMN_LIMIT, LEAD_PAGE_SIZE } from '~/domain/lead/filters'
import { startOfDay } from '~/domain/lead/status'
import { nameSortKey } from '~/domain/names/sort-key'
import { createGapLeads } from '~/models/lead.server'
import { loader as homeLoader } from '~/routes/_index'
import { action as leadAction, loader as leadLoader } from '~/routes/leads.$id'
import { action as boardAction, loader as leadsLoader } from '~/routes/leads._index'
import { action as newLeadAction } from '~/routes/leads.new'
import { type Refusal } from '~/utils/forms'
import { actorNamed, demoCountyId } from '../helpers/actors'
import { demoUser } from '../helpers/demo-users'
import { formRequest, getRequest, loginAs, thrown } from '../helpers/requests'

/** The demo county: records made here belong to it, as the app's own would (ADR 0026). */
const county = await demoCountyId()

const args = (request: Request, params: Record<string, string> = {}) => ({ request, params, context: {} })
const DAY = 24 * 60 * 60 * 1000
const today = () => startOfDay(new Date())
const daysAgo = (n: number) => new Date(today().getTime() - n * DAY)

/** Actions return data() (status + body); a plain object means 200. */
function unwrap<T>(result: unknown): { status: number; body: T } {
	if (result && typeof result === 'object' && 'type' in result && result.type === 'DataWithResponseInit') {
		const { data, init } = result as unknown as { data: T; init: ResponseInit | null }
		return { status: init?.status ?? 200, body: data }
	}
	return { status: 200, body: result as T }
}

async function staff() {
	const user = await prisma.user.findUniqueOrThrow({ where: { username: demoUser('staff').username }, select: { id: true, unitId: true } })
	return { ...user, cookie: await loginAs('staff') }
}

let companySeq = 0
/** A lead on a fresh company, created the way the app does (so it has its first stage change). */
async function newLead(ownerId: string, fields: { stage?: string; nextActionDate?: Date | null; createdAt?: Date; name?: string } = {}) {
	const company = await prisma.company.create({
		data: { name: fields.name ?? `测试线索企业${++companySeq}`, isLocal: false, isSample: true },
		select: { id: true, name: true },
	})
	return prisma.lead.create({
		data: {
			regionId: county,
			companyId: company.id,
			ownerId,
			source: 'other',
			stage: fields.stage ?? 'new',
			nextActionDate: fields.nextActionDate ?? null,
			...(fields.createdAt ? { createdAt: fields.createdAt } : {}),
		},
		select: { id: true, companyId: true, stage: true },
	})
}

const stageOf = async (id: string) => (await prisma.lead.findUniqueOrThrow({ where: { id }, select: { stage: true } })).stage
const changesOf = (leadId: string) =>
	prisma.leadStageChange.findMany({ where: { leadId }, orderBy: { at: 'asc' }, select: { fromStage: true, toStage: true, userId: true } })

function move(cookie: string, leadId: string, toStage: string, headers: Record<string, string> = {}) {
	return boardAction(args(formRequest('/leads?index', { leadId, toStage }, { Cookie: cookie, ...headers })))
}

test('moving a card on the board changes the stage, records the change and audits it', async () => {
	const me = await staff()
	const lead = await newLead(me.id, { stage: 'contacted' })
	const result = unwrap(await move(me.cookie, lead.id, 'negotiating'))
	expect(result).toEqual({ status: 200, body: { ok: true, leadId: lead.id, stage: 'negotiating' } })
	expect(await stageOf(lead.id)).toBe('negotiating')
	expect(await changesOf(lead.id)).toEqual([{ fromStage: 'contacted', toStage: 'negotiating', userId: me.id }])
	const audit = await prisma.auditLog.findMany({
		where: { entity: 'Lead', entityId: lead.id, action: 'update' },
		select: { userId: true, before: true, after: true },
	})
	expect(audit).toEqual([{ userId: me.id, before: '{"stage":"contacted"}', after: '{"stage":"negotiating"}' }])

	// Backwards and to dropped are moves too; a dropped lead then stays put.
	expect(unwrap(await move(me.cookie, lead.id, 'dropped')).status).toBe(200)
	const again = unwrap<Refusal>(await move(me.cookie, lead.id, 'new'))
	expect(again).toMatchObject({ status: 409, body: { ok: false, errors: { toStage: 'leads.validation.moveNotAllowed' }, formError: null } })
	expect(await stageOf(lead.id)).toBe('dropped')
})

test('a move to converted is refused: conversion goes through "convert to project"', async () => {
	const me = await staff()
	const lead = await newLead(me.id, { stage: 'negotiating' })
	const result = unwrap<Refusal>(await move(me.cookie, lead.id, 'converted'))
	expect(result).toMatchObject({ status: 400, body: { ok: false, leadId: lead.id, errors: { toStage: 'leads.validation.moveNotAllowed' } } })
	expect(await stageOf(lead.id)).toBe('negotiating')
	expect(await changesOf(lead.id)).toEqual([])
	expect(await prisma.auditLog.count({ where: { entityId: lead.id } })).toBe(0)
	// An unknown lead is refused the same way, without a trace.
	expect(unwrap(await move(me.cookie, 'no-such-lead', 'visited')).status).toBe(404)
})

test('a request from another origin is refused with 403 and changes nothing', async () => {
	const me = await staff()
	const lead = await newLead(me.id)
	const evil = { Cookie: me.cookie, Origin: 'https://evil.example' }
	const board = await thrown(() => move(me.cookie, lead.id, 'contacted', { Origin: 'https://evil.example' }))
	expect((board as Response).status).toBe(403)
	const page = await thrown(() => leadAction(args(formRequest(`/leads/${lead.id}`, { intent: 'convert' }, evil), { id: lead.id })))
	expect((page as Response).status).toBe(403)
	const create = await thrown(() =>
		newLeadAction(args(formRequest('/leads/new', { companyId: lead.companyId, ownerId: me.id, priority: 'high', source: 'expo' }, evil))),
	)
	expect((create as Response).status).toBe(403)
	expect(await stageOf(lead.id)).toBe('new')
	expect(await prisma.project.count({ where: { companyId: lead.companyId } })).toBe(0)
})

test('logging a visit saves the activity and moves a new lead to visited; other kinds leave the stage', async () => {
	const me = await staff()
	const lead = await newLead(me.id)
	const log = async (fields: Record<string, string>) =>
		unwrap(await leadAction(args(formRequest(`/leads/${lead.id}`, { intent: 'logActivity', ...fields }, { Cookie: me.cookie }), { id: lead.id })))

	expect(await log({ kind: 'call', notes: '电话预约' })).toEqual({ status: 200, body: { ok: true, intent: 'logActivity', movedTo: null } })
	expect(await stageOf(lead.id)).toBe('new')
	expect(await log({ kind: 'visit', people: '王总', notes: '实地拜访，参观产线' })).toEqual({
		status: 200,
		body: { ok: true, intent: 'logActivity', movedTo: 'visited' },
	})
	expect(await stageOf(lead.id)).toBe('visited')
	expect(await changesOf(lead.id)).toEqual([{ fromStage: 'new', toStage: 'visited', userId: me.id }])

	const activities = await prisma.activity.findMany({
		where: { leadId: lead.id },
		orderBy: { createdAt: 'asc' },
		select: { kind: true, date: true, people: true, notes: true, companyId: true, userId: true },
	})
	expect(activities).toEqual([
		{ kind: 'call', date: today(), people: null, notes: '电话预约', companyId: lead.companyId, userId: me.id },
		{ kind: 'visit', date: today(), people: '王总', notes: '实地拜访，参观产线', companyId: lead.companyId, userId: me.id },
	])
	expect(await prisma.auditLog.count({ where: { entity: 'Activity', userId: me.id, after: { contains: lead.id } } })).toBe(2)

	// Without a kind, or with overlong notes, nothing is saved.
	const bad = await log({ kind: '', notes: 'x'.repeat(2001) })
	expect(bad).toMatchObject({ status: 400, body: { ok: false, errors: { kind: 'leads.validation.pickKind', notes: 'leads.validation.tooLong' } } })
	expect(await prisma.activity.count({ where: { leadId: lead.id } })).toBe(2)

	// The lead page shows the timeline and the stage history.
	const page = await leadLoader(args(getRequest(`/leads/${lead.id}`, me.cookie), { id: lead.id }))
	expect(page.lead.activities.map((a) => a.kind).sort()).toEqual(['call', 'visit'])
	expect(page.lead.stageChanges).toMatchObject([{ fromStage: 'new', toStage: 'visited' }])
	const missing = await thrown(() => leadLoader(args(getRequest('/leads/nope', me.cookie), { id: 'nope' })))
	expect((missing as Response).status).toBe(404)
})

test('converting a lead creates a project in 洽谈 dated today, remembering the lead, and redirects to it', async () => {
	const me = await staff()
	const lead = await newLead(me.id, { stage: 'negotiating', name: '测试转项目企业' })
	await prisma.lead.update({ where: { id: lead.id }, data: { unitId: me.unitId }, select: { id: true } })
	const convert = () => leadAction(args(formRequest(`/leads/${lead.id}`, { intent: 'convert', title: '' }, { Cookie: me.cookie }), { id: lead.id }))

	const response = (await convert()) as Response
	expect(response.status).toBe(302)
	const project = await prisma.project.findFirstOrThrow({
		where: { companyId: lead.companyId },
		select: {
			id: true,
			title: true,
			type: true,
			investmentCNY: true,
			stage: true,
			negotiatingDate: true,
			responsibleUnitId: true,
			leadId: true,
			isSample: true,
			notes: true,
		},
	})
	expect(response.headers.get('Location')).toBe(`/projects/${project.id}`)
	expect(project).toMatchObject({
		// The funnel follows the pursuit from the lead into its project (ADR 0032).
		leadId: lead.id,
		title: '测试转项目企业 项目',
		type: 'new',
		investmentCNY: 0n,
		stage: 'negotiating',
		negotiatingDate: today(),
		responsibleUnitId: me.unitId,
		isSample: false,
	})
	expect(project.notes).toContain('投资额待填')
	expect(await prisma.project.findUniqueOrThrow({ where: { id: project.id }, select: { titleSortKey: true } })).toEqual({
		titleSortKey: nameSortKey('测试转项目企业 项目'),
	})
	expect(await stageOf(lead.id)).toBe('converted')
	expect(await changesOf(lead.id)).toEqual([{ fromStage: 'negotiating', toStage: 'converted', userId: me.id }])
	expect(await prisma.auditLog.count({ where: { entity: 'Project', entityId: project.id, action: 'create', userId: me.id } })).toBe(1)
	expect(await prisma.auditLog.count({ where: { entity: 'Lead', entityId: lead.id, action: 'update', after: '{"stage":"converted"}' } })).toBe(1)

	// A converted lead is not converted twice.
	const again = unwrap<Refusal>(await convert())
	expect(again).toMatchObject({ status: 409, body: { ok: false, formError: { key: 'leads.errors.cannotConvert' } } })
	expect(await prisma.project.count({ where: { companyId: lead.companyId } })).toBe(1)
})

test('the conversion asks for the 洽谈 date: by default the day the lead entered 洽谈中, earlier on request, never inside an issued period', async () => {
	const me = await staff()
	const manager = await loginAs('manager')
	const lead = await newLead(me.id, { stage: 'visited', name: '测试补录洽谈日期企业' })
	expect(unwrap(await move(me.cookie, lead.id, 'negotiating')).status).toBe(200)
	const page = await leadLoader(args(getRequest(`/leads/${lead.id}`, me.cookie), { id: lead.id }))
	expect(page.negotiatingSince).toBe(page.today)

	const convert = (negotiatingDate: string) =>
		leadAction(args(formRequest(`/leads/${lead.id}`, { intent: 'convert', title: '', negotiatingDate }, { Cookie: me.cookie }), { id: lead.id }))
	expect(unwrap(await convert('2025-02-30'))).toMatchObject({ status: 400, body: { errors: { negotiatingDate: 'leads.validation.date' } } })

	// March 2025's 月调度 is issued: it read stage dates from 1 January to 31 March 2025.
	const { action: reportAction } = await import('~/routes/reports.$kind')
	const issued = await reportAction(args(formRequest('/reports/monthly?year=2025&month=3', { intent: 'issue' }, { Cookie: manager }), { kind: 'monthly' }))
	expect((issued as Response).status).toBe(302)
	const closed = unwrap<{ errors: Record<string, string> }>(await convert('2025-02-10'))
	expect(closed).toMatchObject({ status: 409, body: { errors: { negotiatingDate: 'leads.errors.convertDateClosed' } } })
	expect(await prisma.project.count({ where: { companyId: lead.companyId } })).toBe(0)
	expect(await stageOf(lead.id)).toBe('negotiating')

	// Talks began in May 2025, after the issued period: the project is dated then, so a 签约 in June is in order.
	expect(((await convert('2025-05-20')) as Response).status).toBe(302)
	const project = await prisma.project.findFirstOrThrow({ where: { companyId: lead.companyId }, select: { stage: true, negotiatingDate: true } })
	expect(project).toEqual({ stage: 'negotiating', negotiatingDate: new Date('2025-05-20T00:00:00Z') })
})

test('a new lead starts in new with its first stage change and audit; a second open lead for the company is refused', async () => {
	const me = await staff()
	const company = await prisma.company.create({ data: { name: '测试新建线索企业', isLocal: false, isSample: true }, select: { id: true } })
	const fields = { companyId: company.id, ownerId: me.id, unitId: '', priority: 'high', source: 'expo', nextActionDate: '2026-12-20', notes: '展会结识' }
	const post = (f: Record<string, string>) => newLeadAction(args(formRequest('/leads/new', f, { Cookie: me.cookie })))

	const invalid = unwrap<{ errors: Record<string, string> }>(await post({ ...fields, source: 'tv', nextActionDate: '2026-02-30' }))
	expect(invalid).toMatchObject({ status: 400, body: { errors: { source: 'leads.validation.pickSource', nextActionDate: 'leads.validation.date' } } })
	// Blank required choices say which choice is missing.
	const blank = unwrap<{ errors: Record<string, string> }>(await post({ ...fields, companyId: '', source: '' }))
	expect(blank.body.errors).toEqual({ companyId: 'leads.validation.pickCompany', source: 'leads.validation.pickSource' })

	const response = (await post(fields)) as Response
	const lead = await prisma.lead.findFirstOrThrow({
		where: { companyId: company.id },
		select: { id: true, stage: true, nextActionDate: true, notes: true, version: true },
	})
	expect(response.headers.get('Location')).toBe(`/leads/${lead.id}`)
	expect(lead).toMatchObject({ stage: 'new', nextActionDate: new Date('2026-12-20T00:00:00Z'), notes: '展会结识' })
	expect(await changesOf(lead.id)).toEqual([{ fromStage: null, toStage: 'new', userId: me.id }])
	expect(await prisma.auditLog.count({ where: { entity: 'Lead', entityId: lead.id, action: 'create' } })).toBe(1)

	const duplicate = unwrap<{ errors: Record<string, string> }>(await post(fields))
	expect(duplicate).toMatchObject({ status: 409, body: { errors: { companyId: 'leads.errors.openLeadExists' } } })
	const foreign = unwrap<{ errors: Record<string, string> }>(await post({ ...fields, companyId: 'nope', ownerId: me.id }))
	expect(foreign.body.errors).toEqual({ companyId: 'validation.invalidChoice' })
	expect(await prisma.lead.count({ where: { companyId: company.id } })).toBe(1)

	// Editing on the lead page is audited and leaves the stage alone.
	const edit = await leadAction(
		args(
			formRequest(
				`/leads/${lead.id}`,
				{ ...fields, intent: 'update', priority: 'low', notes: '改为低优先级', version: String(lead.version) },
				{ Cookie: me.cookie },
			),
			{ id: lead.id },
		),
	)
	expect(unwrap(edit)).toEqual({ status: 200, body: { ok: true, intent: 'update' } })
	const audit = await prisma.auditLog.findFirstOrThrow({
		where: { entity: 'Lead', entityId: lead.id, action: 'update' },
		select: { before: true, after: true },
	})
	expect(JSON.parse(audit.before!)).toMatchObject({ priority: 'high', stage: 'new' })
	expect(JSON.parse(audit.after!)).toMatchObject({ priority: 'low', notes: '改为低优先级', stage: 'new' })
})

test('leads from the gap finder record their first stage change too', async () => {
	const me = await staff()
	const company = await prisma.company.create({ data: { name: '测试补链线索企业', isLocal: false, isSample: true }, select: { id: true } })
	const { created } = await createGapLeads(prisma, {
		companyIds: [company.id],
		ownerId: me.id,
		unitId: null,
		notes: '补链',
		actor: await actorNamed(demoUser('staff').username),
	})
	expect(created).toHaveLength(1)
	expect(await changesOf(created[0]!)).toEqual([{ fromStage: null, toStage: 'new', userId: me.id }])
})

test('the home page and the filters list the owner’s overdue and stalled leads', async () => {
	const me = await staff()
	const overdue = await newLead(me.id, { stage: 'contacted', nextActionDate: daysAgo(1) })
	const dueToday = await newLead(me.id, { stage: 'contacted', nextActionDate: today() })
	const closedOverdue = await newLead(me.id, { stage: 'dropped', nextActionDate: daysAgo(5) })
	const stalled = await newLead(me.id, { stage: 'visited', createdAt: daysAgo(45), nextActionDate: daysAgo(-10) })
	const active = await newLead(me.id, { stage: 'visited', createdAt: daysAgo(45) })
	await prisma.activity.create({
		data: { kind: 'call', date: daysAgo(3), companyId: active.companyId, leadId: active.id, userId: me.id },
		select: { id: true },
	})
	const oldActivity = await newLead(me.id, { stage: 'new', createdAt: daysAgo(90) })
	await prisma.activity.create({
		data: { kind: 'call', date: daysAgo(40), companyId: oldActivity.companyId, leadId: oldActivity.id, userId: me.id },
		select: { id: true },
	})

	const home = await homeLoader(args(getRequest('/', me.cookie)))
	if (home.view.kind !== 'staff') throw new Error('a staff member gets the staff home')
	const overdueIds = home.view.overdue.rows.map((l) => l.id)
	expect(overdueIds).toContain(overdue.id)
	expect(overdueIds).not.toContain(dueToday.id)
	expect(overdueIds).not.toContain(closedOverdue.id)
	const stalledIds = home.view.stalled.rows.map((l) => l.id)
	expect(stalledIds).toEqual(expect.arrayContaining([stalled.id, oldActivity.id]))
	expect(stalledIds).not.toContain(active.id)
	expect(stalledIds).not.toContain(overdue.id) // created just now
	expect(home.view.stalled.rows.find((l) => l.id === oldActivity.id)!.lastActivityDate).toEqual(daysAgo(40))
	// Due within the week: today's follow-up, not the overdue one nor one ten days out.
	const dueIds = home.view.due.rows.map((l) => l.id)
	expect(dueIds).toContain(dueToday.id)
	expect(dueIds).not.toContain(overdue.id)
	expect(dueIds).not.toContain(stalled.id)
	// Each figure links to the list it was counted from, and that list shows the same number.
	for (const figure of [home.view.overdue, home.view.due, home.view.stalled]) {
		const list = await leadsLoader(args(getRequest(figure.href, me.cookie)))
		expect(list.total, figure.href).toBe(figure.count)
		expect(list.leads.map((l) => l.id).slice(0, figure.rows.length)).toEqual(figure.rows.map((l) => l.id))
	}
	expect(home.calendarGaps).toEqual([])

	const overdueList = await leadsLoader(args(getRequest('/leads?owner=me&overdue=1', me.cookie)))
	expect(overdueList.leads.map((l) => l.id)).toContain(overdue.id)
	expect(overdueList.leads.every((l) => l.overdue && l.owner.id === me.id)).toBe(true)
	const stalledList = await leadsLoader(args(getRequest('/leads?stalled=1', me.cookie)))
	expect(stalledList.leads.map((l) => l.id)).toEqual(expect.arrayContaining([stalled.id, oldActivity.id]))
	expect(stalledList.leads.every((l) => l.stalled)).toBe(true)
	expect(stalledList.leads.map((l) => l.id)).not.toContain(active.id)
})

test('the board shows at most BOARD_COLUMN_LIMIT cards per column with the column total; the table pages by LEAD_PAGE_SIZE', async () => {
	const me = await staff()
	// More than a board column and more than a table page hold.
	const count = Math.max(BOARD_COLUMN_LIMIT, LEAD_PAGE_SIZE) + 12
	const companies = await Promise.all(
		Array.from({ length: count }, (_, i) =>
			prisma.company.create({ data: { name: `批量测试企业${String(i).padStart(3, '0')}`, isLocal: false, isSample: true }, select: { id: true } }),
		),
	)
	await prisma.lead.createMany({ data: companies.map((c) => ({ regionId: county, companyId: c.id, ownerId: me.id, source: 'expo', stage: 'contacted' })) })
	await newLead(me.id, { stage: 'negotiating', name: '批量测试企业洽谈' })

	const board = await leadsLoader(args(getRequest(`/leads?view=board&q=${encodeURIComponent('批量测试企业')}`, me.cookie)))
	const column = (stage: string) => board.board!.find((c) => c.stage === stage)!
	expect(board.board!.map((c) => c.stage)).toEqual(['new', 'contacted', 'visited', 'negotiating', 'converted', 'dropped'])
	expect(column('contacted')).toMatchObject({ total: count })
	expect(column('contacted').cards).toHaveLength(BOARD_COLUMN_LIMIT)
	expect(column('negotiating').total).toBe(1)
	expect(column('new').total).toBe(0)

	// A stage filter leaves only that column; the table pages through the same leads.
	const filtered = await leadsLoader(args(getRequest(`/leads?view=board&stage=negotiating&q=${encodeURIComponent('批量测试企业')}`, me.cookie)))
	expect(filtered.board!.map((c) => c.total)).toEqual([0, 0, 0, 1, 0, 0])
	const page1 = await leadsLoader(args(getRequest(`/leads?stage=contacted&q=${encodeURIComponent('批量测试企业')}`, me.cookie)))
	expect(page1).toMatchObject({ total: count, pageCount: 2 })
	expect(page1.leads).toHaveLength(LEAD_PAGE_SIZE)
	const page2 = await leadsLoader(args(getRequest(`/leads?stage=contacted&page=2&q=${encodeURIComponent('批量测试企业')}`, me.cookie)))
	expect(page2.leads).toHaveLength(count - LEAD_PAGE_SIZE)
	expect(new Set([...page1.leads, ...page2.leads].map((l) => l.id)).size).toBe(count)
})
