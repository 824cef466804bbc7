// Bulk actions on the lead list (#13 §7): all the ticked leads or none, each checked as a single
// change would be (who may, its state, the version the list showed).
import { expect, test } from 'vitest'
import { prisma } from '~/db.server'
import { type BulkLeadResult } from '~/domain/lead/bulk'
import { action as bulkAction } from '~/routes/leads.bulk'
import { demoCountyId } from '../helpers/actors'
import { demoUser } from '../helpers/demo-users'
import { BASE, loginAs } from '../helpers/requests'

/** The demo county: records made here belong to it, as the app's own would (ADR 0026). */
const county = await demoCountyId()

let seq = 0
async function lead(owner: { id: string; unitId: string | null }, stage = 'new') {
	const company = await prisma.company.create({ data: { name: `批量测试企业${++seq}`, isLocal: false, isSample: true }, select: { id: true } })
	return prisma.lead.create({
		data: { regionId: county, companyId: company.id, ownerId: owner.id, unitId: owner.unitId, source: 'expo', priority: 'medium', stage },
		select: { id: true, version: true, stage: true, ownerId: true, unitId: true },
	})
}

async function post(cookie: string, fields: [string, string][]) {
	const request = new Request(`${BASE}/leads/bulk`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookie },
		body: new URLSearchParams(fields),
	})
	const response = await bulkAction({ request, params: {}, context: {} })
	return { status: response.status, body: (await response.json()) as BulkLeadResult }
}

const ticked = (...leads: { id: string; version: number }[]) => leads.map((l): [string, string] => ['lead', `${l.id}:${l.version}`])
const stored = (id: string) => prisma.lead.findUniqueOrThrow({ where: { id }, select: { stage: true, ownerId: true, unitId: true, version: true } })
const users = async () => {
	const staff = await prisma.user.findUniqueOrThrow({ where: { username: demoUser('staff').username }, select: { id: true, unitId: true } })
	const other = await prisma.user.findFirstOrThrow({ where: { role: 'staff', unitId: { not: staff.unitId } }, select: { id: true, unitId: true } })
	const manager = await prisma.user.findUniqueOrThrow({ where: { username: demoUser('manager').username }, select: { id: true, unitId: true } })
	return { staff, other, manager }
}

test('staff move their own leads together; each gets its stage history, audit row and new version', async () => {
	const { staff } = await users()
	const [a, b] = [await lead(staff), await lead(staff, 'contacted')]
	const { status, body } = await post(await loginAs('staff'), [['intent', 'move'], ['toStage', 'contacted'], ...ticked(a, b)])
	expect(status).toBe(200)
	// b already was 已接洽: left as it is.
	expect(body).toEqual({ ok: true, changed: 1, unchanged: 1 })
	expect(await stored(a.id)).toMatchObject({ stage: 'contacted', version: a.version + 1 })
	expect(await stored(b.id)).toMatchObject({ stage: 'contacted', version: b.version })
	expect(await prisma.leadStageChange.count({ where: { leadId: a.id, fromStage: 'new', toStage: 'contacted', userId: staff.id } })).toBe(1)
	expect(await prisma.auditLog.count({ where: { entity: 'Lead', entityId: a.id, action: 'update', userId: staff.id } })).toBe(1)
})

test('one lead that is not theirs refuses the whole action for staff (403), naming it; nothing is written', async () => {
	const { staff, other } = await users()
	const mine = await lead(staff)
	const theirs = await lead(other)
	const { status, body } = await post(await loginAs('staff'), [['intent', 'move'], ['toStage', 'dropped'], ...ticked(mine, theirs)])
	expect(status).toBe(403)
	expect(body).toMatchObject({ ok: false, formError: { key: 'leads.bulk.refused' }, refused: [{ leadId: theirs.id, reason: 'access.notYours' }] })
	expect((body as { refused: { company: string }[] }).refused[0]!.company).toMatch(/^批量测试企业/)
	expect(await stored(mine.id)).toMatchObject({ stage: 'new', version: mine.version })
	expect(await stored(theirs.id)).toMatchObject({ stage: 'new', version: theirs.version })
})

test('a lead changed since the list was shown, or already closed, refuses the action (409); nothing is written', async () => {
	const { staff } = await users()
	const fresh = await lead(staff)
	const stale = await lead(staff)
	await prisma.lead.update({ where: { id: stale.id }, data: { notes: '同事刚改过', version: { increment: 1 } }, select: { id: true } })
	const dropped = await lead(staff, 'dropped')
	const cookie = await loginAs('staff')
	const { status, body } = await post(cookie, [['intent', 'move'], ['toStage', 'visited'], ...ticked(fresh, stale, dropped)])
	expect(status).toBe(409)
	expect(body).toMatchObject({
		ok: false,
		refused: [
			{ leadId: stale.id, reason: 'leads.bulk.refusals.changedSince' },
			{ leadId: dropped.id, reason: 'leads.bulk.refusals.closed' },
		],
	})
	expect(await stored(fresh.id)).toMatchObject({ stage: 'new', version: fresh.version })
	// Not a move at all: 已转项目 is reached only by converting.
	expect((await post(cookie, [['intent', 'move'], ['toStage', 'converted'], ...ticked(fresh)])).body).toMatchObject({
		ok: false,
		formError: { key: 'leads.bulk.validation.pickStage' },
	})
})

test('handing leads over is a manager’s act: staff are refused, a manager hands them over with an audit row each', async () => {
	const { staff, other, manager } = await users()
	const [a, b] = [await lead(staff), await lead(other)]
	const refused = await post(await loginAs('staff'), [['intent', 'reassign'], ['ownerId', other.id], ['unitId', other.unitId ?? ''], ...ticked(a)])
	expect(refused.status).toBe(403)
	expect(refused.body).toMatchObject({ ok: false, refused: [{ leadId: a.id, reason: 'access.reassignIsManagers' }] })
	expect(await stored(a.id)).toMatchObject({ ownerId: staff.id })

	const managerCookie = await loginAs('manager')
	const { status, body } = await post(managerCookie, [['intent', 'reassign'], ['ownerId', manager.id], ['unitId', manager.unitId ?? ''], ...ticked(a, b)])
	expect(status).toBe(200)
	expect(body).toEqual({ ok: true, changed: 2, unchanged: 0 })
	for (const [id, before] of [
		[a.id, staff.id],
		[b.id, other.id],
	] as const) {
		expect(await stored(id)).toMatchObject({ ownerId: manager.id, unitId: manager.unitId })
		const audit = await prisma.auditLog.findFirstOrThrow({ where: { entity: 'Lead', entityId: id, userId: manager.id }, select: { before: true, after: true } })
		expect(JSON.parse(audit.before!)).toMatchObject({ ownerId: before })
		expect(JSON.parse(audit.after!)).toMatchObject({ ownerId: manager.id })
	}
	// An owner that does not exist is refused on its field; nothing changes.
	const ghost = await post(managerCookie, [
		['intent', 'reassign'],
		['ownerId', 'no-such-user'],
		...ticked(await prisma.lead.findUniqueOrThrow({ where: { id: a.id }, select: { id: true, version: true } })),
	])
	expect(ghost).toMatchObject({ status: 400, body: { ok: false, errors: { ownerId: 'validation.invalidChoice' }, formError: null } })
})
