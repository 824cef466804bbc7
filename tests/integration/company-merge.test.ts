import { beforeAll, describe, expect, test } from 'vitest'
import { prisma } from '~/db.server'
import { parseCompanyListQuery } from '~/domain/company/list-query'
import { nameSortKey } from '~/domain/names/sort-key'
import { listCompanies } from '~/models/company.server'
import { action as deleteAction, loader as deletePage } from '~/routes/companies.$id_.delete'
import { action as mergeAction, loader as mergePage } from '~/routes/companies.$id_.merge'
import { action as undoAction, loader as mergeRecordPage } from '~/routes/companies.merges.$id'
import { action as reportAction } from '~/routes/reports.$kind'
import { type Refusal } from '~/utils/forms'
import { demoCountyId } from '../helpers/actors'
import { formRequest, getRequest, loginAs, thrown, unwrap } from '../helpers/requests'

/** The demo county: records made here belong to it, as the app's own would (ADR 0026). */
const county = await demoCountyId()

// #13 §6: managers merge two records of one company (reversibly) and delete companies with a reason.

const args = (request: Request, params: Record<string, string> = {}) => ({ request, params, context: {} })

let staff: string
let manager: string
let owner: { id: string; unitId: string | null }
let linkIds: string[]

beforeAll(async () => {
	;[staff, manager] = await Promise.all([loginAs('staff'), loginAs('manager')])
	owner = await prisma.user.findFirstOrThrow({ where: { role: 'staff' }, select: { id: true, unitId: true } })
	linkIds = (await prisma.chainLink.findMany({ take: 3, orderBy: { id: 'asc' }, select: { id: true } })).map((l) => l.id)
})

/** Two records of one company, each with something hanging on it. */
async function twins(tag: string, facts: { keptTag?: boolean } = {}) {
	const kept = await prisma.company.create({
		data: {
			name: `合并测试${tag}·赣州恒源科技有限公司`,
			isLocal: true,
			contactName: '王经理',
			aliases: { create: [{ kind: 'short', name: `恒源${tag}` }] },
			tags: { create: facts.keptTag ? [{ tag: 'gaoxin', grantedYear: 2022 }] : [] },
			links: { create: [{ linkId: linkIds[0]!, year: 2025, capacity: 100 }] },
		},
		select: { id: true, name: true },
	})
	const removed = await prisma.company.create({
		data: {
			name: `合并测试${tag}·赣州恒源科技股份有限公司`,
			isLocal: true,
			uscc: null,
			contactPhone: '0797-1234567',
			revenueCNY: 300_000_000n,
			aliases: { create: [{ kind: 'former', name: `恒源稀土${tag}` }] },
			tags: { create: [{ tag: 'zhuanjingtexin', grantedYear: 2023 }] },
			links: {
				create: [
					{ linkId: linkIds[0]!, year: 2025, capacity: 90 },
					{ linkId: linkIds[1]!, year: 2025, output: 40 },
				],
			},
		},
		select: { id: true, name: true },
	})
	const lead = await prisma.lead.create({
		data: { regionId: county, companyId: removed.id, ownerId: owner.id, unitId: owner.unitId, source: 'expo' },
		select: { id: true },
	})
	const project = await prisma.project.create({
		data: {
			regionId: county,
			title: `合并测试${tag}·项目`,
			companyId: removed.id,
			type: 'new',
			investmentCNY: 10_000_000n,
			stage: 'negotiating',
			negotiatingDate: new Date('2026-10-01'),
			ownerId: owner.id,
		},
		select: { id: true },
	})
	const activity = await prisma.activity.create({
		data: { kind: 'visit', date: new Date('2026-10-02'), companyId: removed.id, leadId: lead.id, userId: owner.id },
		select: { id: true },
	})
	return { kept, removed, lead, project, activity }
}

const versionOf = async (id: string) => (await prisma.company.findUniqueOrThrow({ where: { id }, select: { version: true } })).version

async function merge(cookie: string, keptId: string, removedId: string, extra: Record<string, string> = {}) {
	const form = { keptId, removedId, keptVersion: String(await versionOf(keptId)), removedVersion: String(await versionOf(removedId)), ...extra }
	return unwrap<(Refusal & { closed: unknown[] }) | string>(
		await mergeAction(args(formRequest(`/companies/${keptId}/merge`, form, { Cookie: cookie }), { id: keptId })),
	)
}

/** The merge's id from the redirect a successful merge answers with (its undo page). */
function mergeIdOf(body: Refusal | string) {
	if (typeof body !== 'string') throw new Error(`merge refused: ${body.formError?.key}`)
	return body.split('/').pop()!
}

const search = async (q: string) => (await listCompanies(prisma, parseCompanyListQuery(new URLSearchParams({ q })))).rows.map((r) => r.id)

describe('merge', () => {
	test('the page shows side by side what moves, either way round', async () => {
		const { kept, removed } = await twins('甲')
		const page = await mergePage(args(getRequest(`/companies/${kept.id}/merge?with=${removed.id}`, manager), { id: kept.id }))
		expect(page.suggestions.map((s) => s.id)).toContain(removed.id)
		expect(page.plan).toMatchObject({
			kept: { id: kept.id, counts: { leads: 0, projects: 0, activities: 0, figures: 1 } },
			removed: { id: removed.id, counts: { leads: 1, projects: 1, activities: 1, figures: 2 } },
			moves: { leads: 1, projects: 1, activities: 1, figures: 1 },
			droppedFigures: 1,
			newTags: [{ tag: 'zhuanjingtexin', grantedYear: 2023 }],
			newAliases: [
				{ kind: 'former', name: removed.name },
				{ kind: 'former', name: '恒源稀土甲' },
			],
		})
		expect(page.plan?.filled.map((f) => f.field)).toEqual(['revenueCNY', 'contactPhone'])
		const reversed = await mergePage(args(getRequest(`/companies/${kept.id}/merge?with=${removed.id}&keep=other`, manager), { id: kept.id }))
		expect(reversed.plan).toMatchObject({ kept: { id: removed.id }, removed: { id: kept.id }, moves: { leads: 0, figures: 0 }, droppedFigures: 1 })
	})

	test('moves everything in one audited transaction, keeps the search index right, and undo restores it all', async () => {
		const { kept, removed, lead, project, activity } = await twins('乙')
		const before = await prisma.company.findUniqueOrThrow({ where: { id: removed.id }, select: { version: true, createdAt: true } })
		const merged = await merge(manager, kept.id, removed.id)
		expect(merged.status).toBe(302)
		const mergeId = mergeIdOf(merged.body)

		expect(await prisma.company.findUnique({ where: { id: removed.id } })).toBeNull()
		expect(await prisma.lead.findUniqueOrThrow({ where: { id: lead.id }, select: { companyId: true } })).toEqual({ companyId: kept.id })
		expect(await prisma.project.findUniqueOrThrow({ where: { id: project.id }, select: { companyId: true } })).toEqual({ companyId: kept.id })
		expect(await prisma.activity.findUniqueOrThrow({ where: { id: activity.id }, select: { companyId: true } })).toEqual({ companyId: kept.id })
		const keptNow = await prisma.company.findUniqueOrThrow({
			where: { id: kept.id },
			select: {
				contactName: true,
				contactPhone: true,
				revenueCNY: true,
				aliases: { orderBy: { name: 'asc' }, select: { kind: true, name: true } },
				tags: { select: { tag: true } },
				links: { select: { linkId: true, capacity: true } },
			},
		})
		expect(keptNow).toMatchObject({ contactName: '王经理', contactPhone: '0797-1234567', revenueCNY: 300_000_000n })
		expect(keptNow.aliases).toEqual(
			expect.arrayContaining([
				{ kind: 'former', name: removed.name },
				{ kind: 'short', name: '恒源乙' },
				{ kind: 'former', name: '恒源稀土乙' },
			]),
		)
		expect(keptNow.tags.map((t) => t.tag)).toEqual(['zhuanjingtexin'])
		// The kept company's figure at the same link and year stays; the other one moved.
		expect(keptNow.links.sort((a, b) => a.linkId.localeCompare(b.linkId))).toEqual(
			[
				{ linkId: linkIds[0], capacity: 100 },
				{ linkId: linkIds[1], capacity: null },
			].sort((a, b) => a.linkId!.localeCompare(b.linkId!)),
		)
		// Audited: both companies and every moved record.
		const audited = await prisma.auditLog.findMany({
			where: { action: { in: ['merge', 'update'] }, entityId: { in: [kept.id, removed.id, lead.id, project.id] } },
			select: { entity: true, entityId: true, action: true },
		})
		expect(audited).toEqual(
			expect.arrayContaining([
				{ entity: 'Company', entityId: kept.id, action: 'merge' },
				{ entity: 'Company', entityId: removed.id, action: 'merge' },
				{ entity: 'Lead', entityId: lead.id, action: 'update' },
				{ entity: 'Project', entityId: project.id, action: 'update' },
			]),
		)
		// The search index: the removed name finds the kept company (now an alias), nothing is left dirty.
		expect(await search('合并测试乙·赣州恒源科技股份有限公司')).toEqual([kept.id])
		expect(await search('恒源稀土乙')).toEqual([kept.id])
		expect(await prisma.companySearchDirty.count({ where: { companyId: { in: [kept.id, removed.id] } } })).toBe(0)
		expect(await prisma.companySearchEntry.count({ where: { companyId: removed.id } })).toBe(0)

		const record = await mergeRecordPage(args(getRequest(`/companies/merges/${mergeId}`, manager), { id: mergeId }))
		expect(record.merge).toMatchObject({
			keptName: kept.name,
			removedName: removed.name,
			undoneAt: null,
			moves: { leads: 1, projects: 1, activities: 1, figures: 1, droppedFigures: 1 },
		})

		const undone = unwrap(await undoAction(args(formRequest(`/companies/merges/${mergeId}`, {}, { Cookie: manager }), { id: mergeId })))
		expect(undone.status).toBe(302)
		const restored = await prisma.company.findUniqueOrThrow({
			where: { id: removed.id },
			select: {
				name: true,
				version: true,
				createdAt: true,
				revenueCNY: true,
				contactPhone: true,
				aliases: { select: { name: true } },
				tags: { select: { tag: true, grantedYear: true } },
				links: { select: { linkId: true } },
			},
		})
		expect(restored).toMatchObject({
			name: removed.name,
			createdAt: before.createdAt,
			revenueCNY: 300_000_000n,
			contactPhone: '0797-1234567',
			aliases: [{ name: '恒源稀土乙' }],
			tags: [{ tag: 'zhuanjingtexin', grantedYear: 2023 }],
		})
		expect(restored.version).toBeGreaterThan(before.version)
		// Back in its place in the 拼音 order (ADR 0027).
		expect(await prisma.company.findUniqueOrThrow({ where: { id: removed.id }, select: { nameSortKey: true } })).toEqual({
			nameSortKey: nameSortKey(removed.name),
		})
		expect(restored.links).toHaveLength(2)
		expect(await prisma.lead.findUniqueOrThrow({ where: { id: lead.id }, select: { companyId: true } })).toEqual({ companyId: removed.id })
		expect(await prisma.project.findUniqueOrThrow({ where: { id: project.id }, select: { companyId: true } })).toEqual({ companyId: removed.id })
		expect(await prisma.activity.findUniqueOrThrow({ where: { id: activity.id }, select: { companyId: true } })).toEqual({ companyId: removed.id })
		const keptBack = await prisma.company.findUniqueOrThrow({
			where: { id: kept.id },
			select: { contactPhone: true, revenueCNY: true, aliases: { select: { name: true } }, tags: true, links: { select: { id: true } } },
		})
		expect(keptBack).toEqual({ contactPhone: null, revenueCNY: null, aliases: [{ name: '恒源乙' }], tags: [], links: [expect.anything()] })
		expect(await search('恒源稀土乙')).toEqual([removed.id])
		expect(await search('合并测试乙·赣州恒源科技股份有限公司')).toEqual([removed.id])
		expect(await prisma.companySearchDirty.count({ where: { companyId: { in: [kept.id, removed.id] } } })).toBe(0)
		// Once only.
		const again = unwrap<Refusal>(await undoAction(args(formRequest(`/companies/merges/${mergeId}`, {}, { Cookie: manager }), { id: mergeId })))
		expect(again).toMatchObject({ status: 409, body: { ok: false, formError: { key: 'companyMerge.errors.alreadyUndone' } } })
	})

	test('undo is refused, naming what changed, once a moved record was changed since', async () => {
		const { kept, removed, project } = await twins('丙')
		const mergeId = mergeIdOf((await merge(manager, kept.id, removed.id)).body)
		await prisma.project.update({ where: { id: project.id }, data: { notes: '合并后改过', version: { increment: 1 } } })
		const refused = unwrap<Refusal & { changed: { kind: string; name: string }[] }>(
			await undoAction(args(formRequest(`/companies/merges/${mergeId}`, {}, { Cookie: manager }), { id: mergeId })),
		)
		expect(refused.status).toBe(409)
		expect(refused.body).toMatchObject({
			ok: false,
			formError: { key: 'companyMerge.errors.changedSince' },
			changed: [{ kind: 'project', name: '合并测试丙·项目' }],
		})
		expect(await prisma.company.findUnique({ where: { id: removed.id } })).toBeNull()
	})

	test('a page opened before a change of either company is stale', async () => {
		const { kept, removed } = await twins('丁')
		const form = { keptId: kept.id, removedId: removed.id, keptVersion: String(await versionOf(kept.id)), removedVersion: String(await versionOf(removed.id)) }
		await prisma.company.update({ where: { id: removed.id }, data: { contactName: '别人刚改的', version: { increment: 1 } } })
		const stale = unwrap<Refusal>(await mergeAction(args(formRequest(`/companies/${kept.id}/merge`, form, { Cookie: manager }), { id: kept.id })))
		expect(stale).toMatchObject({ status: 409, body: { ok: false, formError: { key: 'companyMerge.errors.stale' } } })
		expect(await prisma.company.findUnique({ where: { id: removed.id }, select: { id: true } })).not.toBeNull()
	})

	test('staff cannot merge, open the merge page or undo', async () => {
		const { kept, removed } = await twins('戊')
		for (const call of [
			() => mergePage(args(getRequest(`/companies/${kept.id}/merge`, staff), { id: kept.id })),
			() => merge(staff, kept.id, removed.id),
			() => undoAction(args(formRequest('/companies/merges/x', {}, { Cookie: staff }), { id: 'x' })),
		]) {
			expect(((await thrown(call)) as Response).status).toBe(403)
		}
		expect(await prisma.company.count({ where: { id: { in: [kept.id, removed.id] } } })).toBe(2)
	})
})

describe('delete', () => {
	test('is refused while leads or projects hang on the company; with a reason it deletes, audited, out of the index', async () => {
		const { removed } = await twins('己')
		const page = await deletePage(args(getRequest(`/companies/${removed.id}/delete`, manager), { id: removed.id }))
		expect(page.plan.counts).toMatchObject({ leads: 1, projects: 1, activities: 1 })
		const version = String(await versionOf(removed.id))
		const refused = unwrap<Refusal>(
			await deleteAction(args(formRequest(`/companies/${removed.id}/delete`, { reason: '重复登记', version }, { Cookie: manager }), { id: removed.id })),
		)
		// The counts the message names travel as its params.
		expect(refused).toMatchObject({
			status: 409,
			body: { ok: false, formError: { key: 'companyMerge.errors.stillUsed', params: { leads: 1, projects: 1, activities: 1 } } },
		})

		const lone = await prisma.company.create({
			data: { name: '删除测试·名称录错的企业', isLocal: false, aliases: { create: [{ kind: 'short', name: '录错企业' }] } },
			select: { id: true },
		})
		const noReason = unwrap<Refusal & { reason: string }>(
			await deleteAction(args(formRequest(`/companies/${lone.id}/delete`, { reason: ' ', version: '1' }, { Cookie: manager }), { id: lone.id })),
		)
		// Under the reason field, the posted reason back for the form.
		expect(noReason).toMatchObject({ status: 400, body: { ok: false, errors: { reason: 'companyMerge.errors.reasonRequired' }, formError: null, reason: ' ' } })
		expect(
			(
				(await thrown(() =>
					deleteAction(args(formRequest(`/companies/${lone.id}/delete`, { reason: '录错', version: '1' }, { Cookie: staff }), { id: lone.id })),
				)) as Response
			).status,
		).toBe(403)
		expect(await search('录错企业')).toEqual([lone.id])

		const deleted = unwrap(
			await deleteAction(args(formRequest(`/companies/${lone.id}/delete`, { reason: '名称录入错误', version: '1' }, { Cookie: manager }), { id: lone.id })),
		)
		expect(deleted).toMatchObject({ status: 302, body: '/companies' })
		expect(await prisma.company.findUnique({ where: { id: lone.id } })).toBeNull()
		const audit = await prisma.auditLog.findFirstOrThrow({
			where: { entity: 'Company', entityId: lone.id, action: 'delete' },
			select: { before: true, after: true },
		})
		expect(JSON.parse(audit.before!)).toMatchObject({ name: '删除测试·名称录错的企业', aliases: [{ kind: 'short', name: '录错企业' }] })
		expect(JSON.parse(audit.after!)).toEqual({ reason: '名称录入错误' })
		expect(await search('录错企业')).toEqual([])
		expect(await prisma.companySearchEntry.count({ where: { companyId: lone.id } })).toBe(0)
	})
})

describe('issued reports (ADR 0011)', () => {
	test('a merge that changes counted facts of an issued period needs a manager’s reason and is recorded as a correction', async () => {
		// June 2025 is issued while the removed company holds 专精特新 (2023): merging moves it and the kept company gains it.
		const { kept, removed } = await twins('庚', { keptTag: true })
		const issued = await reportAction(args(formRequest('/reports/monthly?year=2025&month=5', { intent: 'issue' }, { Cookie: manager }), { kind: 'monthly' }))
		expect(unwrap(issued).status).toBe(302)
		const page = await mergePage(args(getRequest(`/companies/${kept.id}/merge?with=${removed.id}`, manager), { id: kept.id }))
		expect(page.plan?.closed.length).toBeGreaterThan(0)
		const refused = await merge(manager, kept.id, removed.id)
		expect(refused).toMatchObject({ status: 400, body: { ok: false, formError: { key: 'closedPeriods.reasonRequired' } } })
		expect(typeof refused.body !== 'string' && refused.body.closed.length).toBeGreaterThan(0)
		expect(await prisma.company.findUnique({ where: { id: removed.id }, select: { id: true } })).not.toBeNull()
		const done = await merge(manager, kept.id, removed.id, { closedReason: '同一企业重复登记，合并' })
		expect(done.status).toBe(302)
		const corrections = await prisma.periodAdjustment.findMany({
			where: { reason: '同一企业重复登记，合并' },
			select: { companyId: true, companyName: true, issuedReports: { select: { periodKey: true } } },
		})
		expect(corrections.length).toBeGreaterThan(0)
		expect(corrections.every((c) => c.companyId === kept.id && c.issuedReports.some((r) => r.periodKey === 'monthly-2025-05'))).toBe(true)
	})
})
