import { expect, test } from 'vitest'
import { prisma } from '~/db.server'
import { action as editCompanyAction } from '~/routes/companies.$id_.edit'
import { action as leadAction, loader as leadLoader } from '~/routes/leads.$id'
import { action as boardAction, loader as boardLoader } from '~/routes/leads._index'
import { action as projectAction, loader as projectLoader } from '~/routes/projects.$id'
import { action as newProjectAction } from '~/routes/projects.new'
import { type Refusal } from '~/utils/forms'
import { demoCountyId } from '../helpers/actors'
import { demoUser } from '../helpers/demo-users'
import { formRequest, getRequest, loginAs, unwrap } from '../helpers/requests'

/** The demo county: records made here belong to it, as the app's own would (ADR 0026). */
const county = await demoCountyId()

// Who may change which record (ADR 0010), through the real loaders and actions.

const args = (request: Request, params: Record<string, string> = {}) => ({ request, params, context: {} })

async function userByRole(role: 'staff' | 'manager') {
	const { username } = demoUser(role)
	return prisma.user.findUniqueOrThrow({ where: { username }, select: { id: true, unitId: true } })
}

/** A staff member of another unit than the demo staff account, and a unit that is neither's. */
async function strangers() {
	const me = await userByRole('staff')
	const other = await prisma.user.findFirstOrThrow({
		where: { role: 'staff', id: { not: me.id }, unitId: { not: me.unitId } },
		select: { id: true, unitId: true },
	})
	return { me, other }
}

async function leadOf(ownerId: string, unitId: string | null, name: string) {
	const company = await prisma.company.create({ data: { name, isLocal: false, isSample: true }, select: { id: true } })
	return prisma.lead.create({
		data: { regionId: county, companyId: company.id, ownerId, unitId, source: 'expo', priority: 'medium' },
		select: { id: true, companyId: true },
	})
}

/** The lead edit form as posted; `version` is the lead's version when the form was opened (ADR 0015). */
const leadEdit = (ownerId: string, unitId: string | null, version = '') => ({
	intent: 'update',
	ownerId,
	unitId: unitId ?? '',
	priority: 'low',
	source: 'expo',
	nextActionDate: '',
	notes: '改一下',
	version,
})
const leadVersion = async (id: string) => String((await prisma.lead.findUniqueOrThrow({ where: { id }, select: { version: true } })).version)

test('staff read a lead of another unit but cannot change it; nothing is written', async () => {
	const { other } = await strangers()
	const cookie = await loginAs('staff')
	const lead = await leadOf(other.id, other.unitId, '权限测试·他人线索')
	const page = await leadLoader(args(getRequest(`/leads/${lead.id}`, cookie), { id: lead.id }))
	expect(page.changeProblem).toBe('access.notYours')

	const audits = await prisma.auditLog.count()
	const forms: Record<string, string>[] = [
		leadEdit(other.id, other.unitId),
		{ intent: 'logActivity', kind: 'visit', date: '2026-11-30', people: '', notes: '' },
		{ intent: 'convert', title: '' },
	]
	for (const fields of forms) {
		const result = unwrap<Refusal>(await leadAction(args(formRequest(`/leads/${lead.id}`, fields, { Cookie: cookie }), { id: lead.id })))
		expect(result).toMatchObject({ status: 403, body: { ok: false, formError: { key: 'access.notYours' } } })
	}
	const board = await boardLoader(args(getRequest('/leads?view=board', cookie)))
	const cards = board.board!.flatMap((column) => column.cards)
	expect(cards.find((card) => card.id === lead.id)?.canChange).toBe(false)
	expect(cards.filter((card) => card.canChange).every((card) => card.owner.id !== other.id)).toBe(true)
	const moved = unwrap(await boardAction(args(formRequest('/leads', { leadId: lead.id, toStage: 'contacted' }, { Cookie: cookie }))))
	expect(moved).toMatchObject({ status: 403, body: { ok: false, formError: { key: 'access.notYours' } } })
	expect(await prisma.lead.findUniqueOrThrow({ where: { id: lead.id }, select: { stage: true, priority: true } })).toEqual({ stage: 'new', priority: 'medium' })
	expect(await prisma.activity.count({ where: { leadId: lead.id } })).toBe(0)
	expect(await prisma.auditLog.count()).toBe(audits)
})

test('staff change a colleague’s lead of their own unit, but handing a lead to someone else is for managers', async () => {
	const { me } = await strangers()
	const colleague = await prisma.user.create({
		data: { username: 'colleague.same.unit', name: '同单位同事', role: 'staff', unitId: me.unitId, regionId: county },
		select: { id: true },
	})
	const lead = await leadOf(colleague.id, me.unitId, '权限测试·同单位线索')
	const staff = await loginAs('staff')
	const edited = unwrap(
		await leadAction(args(formRequest(`/leads/${lead.id}`, leadEdit(colleague.id, me.unitId, await leadVersion(lead.id)), { Cookie: staff }), { id: lead.id })),
	)
	expect(edited).toEqual({ status: 200, body: { ok: true, intent: 'update' } })

	const grab = unwrap<{ errors: Record<string, string> }>(
		await leadAction(args(formRequest(`/leads/${lead.id}`, leadEdit(me.id, me.unitId, await leadVersion(lead.id)), { Cookie: staff }), { id: lead.id })),
	)
	expect(grab.status).toBe(403)
	expect(grab.body.errors).toEqual({ ownerId: 'access.reassignIsManagers' })
	expect((await prisma.lead.findUniqueOrThrow({ where: { id: lead.id }, select: { ownerId: true } })).ownerId).toBe(colleague.id)

	const manager = await loginAs('manager')
	const handed = unwrap(
		await leadAction(args(formRequest(`/leads/${lead.id}`, leadEdit(me.id, me.unitId, await leadVersion(lead.id)), { Cookie: manager }), { id: lead.id })),
	)
	expect(handed.status).toBe(200)
	expect((await prisma.lead.findUniqueOrThrow({ where: { id: lead.id }, select: { ownerId: true } })).ownerId).toBe(me.id)
})

test('only a manager moves a project into 签约; staff keep their own projects in 洽谈', async () => {
	const { me } = await strangers()
	const company = await prisma.company.create({ data: { name: '权限测试·项目企业', isLocal: true, isSample: true }, select: { id: true } })
	const project = await prisma.project.create({
		data: {
			regionId: county,
			title: '权限测试项目',
			companyId: company.id,
			type: 'new',
			investmentCNY: 600_000_000n,
			stage: 'negotiating',
			negotiatingDate: new Date('2026-10-01'),
			ownerId: me.id,
		},
		select: { id: true },
	})
	const staff = await loginAs('staff')
	const page = await projectLoader(args(getRequest(`/projects/${project.id}`, staff), { id: project.id }))
	expect(page.editProblem).toBeNull()
	expect(page.advanceProblem).toBe('access.countedStageIsManagers')
	expect(page.stages).toEqual(['negotiating', 'terminated'])

	const advance = { intent: 'advance', toStage: 'signed', date: '2026-11-20' }
	const refused = unwrap<{ ok: boolean; formError: { key: string } }>(
		await projectAction(args(formRequest(`/projects/${project.id}`, advance, { Cookie: staff }), { id: project.id })),
	)
	expect(refused).toMatchObject({ status: 403, body: { ok: false, formError: { key: 'access.countedStageIsManagers' } } })
	expect((await prisma.project.findUniqueOrThrow({ where: { id: project.id }, select: { stage: true } })).stage).toBe('negotiating')

	const manager = await loginAs('manager')
	const done = unwrap(await projectAction(args(formRequest(`/projects/${project.id}`, advance, { Cookie: manager }), { id: project.id })))
	expect(done).toMatchObject({ status: 200, body: { ok: true, stage: 'signed' } })

	// Once signed, the project counts: staff may no longer edit it at all.
	const after = await projectLoader(args(getRequest(`/projects/${project.id}`, staff), { id: project.id }))
	expect(after.editProblem).toBe('access.countedProjectIsManagers')
	const edit = unwrap<Refusal>(
		await projectAction(
			args(
				formRequest(
					`/projects/${project.id}`,
					{
						intent: 'update',
						title: '改名',
						companyId: company.id,
						type: 'new',
						investmentWan: '90000',
						incrementWan: '',
						stage: 'signed',
						negotiatingDate: '2026-10-01',
						signedDate: '2026-11-20',
						startedDate: '',
						producingDate: '',
						terminatedDate: '',
						responsibleUnitId: '',
						notes: '',
						source: '',
					},
					{ Cookie: staff },
				),
				{ id: project.id },
			),
		),
	)
	expect(edit).toMatchObject({ status: 403, body: { formError: { key: 'access.countedProjectIsManagers' } } })
	expect((await prisma.project.findUniqueOrThrow({ where: { id: project.id }, select: { title: true } })).title).toBe('权限测试项目')
})

test('staff cannot create a project already in 签约', async () => {
	const company = await prisma.company.findFirstOrThrow({ select: { id: true } })
	const staff = await loginAs('staff')
	const before = await prisma.project.count()
	const form = {
		intent: 'create',
		title: '员工直接签约项目',
		companyId: company.id,
		type: 'new',
		investmentWan: '60000',
		incrementWan: '',
		stage: 'signed',
		negotiatingDate: '2026-10-01',
		signedDate: '2026-11-01',
		startedDate: '',
		producingDate: '',
		terminatedDate: '',
		responsibleUnitId: '',
		notes: '',
		source: '',
	}
	const result = unwrap<{ errors: Record<string, string> }>(await newProjectAction(args(formRequest('/projects/new', form, { Cookie: staff }))))
	expect(result.status).toBe(403)
	expect(result.body.errors).toEqual({ stage: 'access.countedStageIsManagers' })
	expect(await prisma.project.count()).toBe(before)
})

test('staff edit a company’s contact details but not the tags or revenue that quotas count', async () => {
	const company = await prisma.company.create({
		data: { name: '权限测试·营收企业', isLocal: true, isSample: true, revenueCNY: 500_000_000n, tags: { create: { tag: 'gaoxin', grantedYear: 2024 } } },
		select: { id: true },
	})
	const staff = await loginAs('staff')
	// Each post is a form opened just before it, at the company's current version (ADR 0015).
	const form = async (patch: Record<string, string>) => {
		const { version } = await prisma.company.findUniqueOrThrow({ where: { id: company.id }, select: { version: true } })
		const body = new URLSearchParams({
			version: String(version),
			name: '权限测试·营收企业',
			uscc: '',
			kind: 'enterprise',
			isLocal: '1',
			regionId: '',
			revenueWan: '50000',
			registeredCapitalWan: '',
			employees: '',
			industry: '',
			contactName: '',
			contactPhone: '',
			address: '',
			description: '',
			source: '',
			shortName: '',
			formerNames: '',
			'tagYears.gaoxin': '2024',
			...patch,
		})
		body.append('tags', 'gaoxin')
		return new Request(`http://localhost:3000/companies/${company.id}/edit`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: staff },
			body,
		})
	}
	const ok = unwrap(await editCompanyAction(args(await form({ contactName: '王经理', contactPhone: '0797-1234567' }), { id: company.id })))
	expect(ok).toMatchObject({ status: 302 })
	const bumped = unwrap<{ errors: Record<string, string> }>(await editCompanyAction(args(await form({ revenueWan: '200000' }), { id: company.id })))
	expect(bumped).toMatchObject({ status: 403, body: { errors: { revenueWan: 'access.countedCompanyFactsAreManagers' } } })
	const regranted = unwrap<{ errors: Record<string, string> }>(await editCompanyAction(args(await form({ 'tagYears.gaoxin': '2026' }), { id: company.id })))
	expect(regranted).toMatchObject({ status: 403, body: { errors: { tags: 'access.countedCompanyFactsAreManagers' } } })
	expect(
		await prisma.company.findUniqueOrThrow({
			where: { id: company.id },
			select: { revenueCNY: true, contactName: true, tags: { select: { grantedYear: true } } },
		}),
	).toEqual({
		revenueCNY: 500_000_000n,
		contactName: '王经理',
		tags: [{ grantedYear: 2024 }],
	})
})
