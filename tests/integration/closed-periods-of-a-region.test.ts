import { beforeAll, describe, expect, test } from 'vitest'
import { prisma } from '~/db.server'
import { resolveMapping } from '~/domain/import/fields'
import { runImport } from '~/models/import-commit.server'
import { convertLeadToProject } from '~/models/lead.server'
import { advanceProject, ProjectError } from '~/models/project.server'
import { createRegion, createUnit } from '~/models/region.server'
import { listStageEvidence, reviewEvidence } from '~/models/stage-evidence.server'
import { createUser } from '~/models/user.server'
import { loader as companyEditLoader } from '~/routes/companies.$id_.edit'
import { loader as projectPage } from '~/routes/projects.$id'
import { action as reportAction } from '~/routes/reports.$kind'
import { actorNamed, demoCountyId } from '../helpers/actors'
import { formRequest, getRequest, loginAs, loginWith, thrown, unwrap } from '../helpers/requests'

// ADR 0033: an issued report closes its period for the records it holds — its
// region's and those under it — not for a sibling county's.

const args = (request: Request, params: Record<string, string>) => ({ request, params, context: {} })
const PASSWORD = 'closed-region-pass-2026'
const day = (text: string) => new Date(`${text}T00:00:00Z`)

const issue = (query: string, cookie: string) =>
	reportAction(args(formRequest(`/reports/monthly?${query}`, { intent: 'issue' }, { Cookie: cookie }), { kind: 'monthly' }))

type World = Awaited<ReturnType<typeof buildWorld>>
let w: World

/**
 * 赣州市 (the seed's city) over the seeded 赣县区 and a new 南康区, with a manager each and one
 * for the city; with units in both counties the 市 becomes the installation's home region. Each county has a firm and a project in 洽谈 since
 * May 2025, and a project signed in May whose evidence awaits review.
 */
async function buildWorld() {
	const ganxian = await demoCountyId()
	const nankang = await createRegion(prisma, { code: 'jx-gz-nk', name: '南康区', nameEn: 'Nankang District', kind: 'county', parentCode: 'jx-gz' })
	const city = await prisma.region.findUniqueOrThrow({ where: { code: 'jx-gz' }, select: { id: true } })
	const unit = await createUnit(prisma, { name: '南康区商务局', nameEn: 'Nankang Commerce Bureau', regionCode: 'jx-gz-nk' })
	await createUser(prisma, { username: 'nk.manager', name: '南康经理', role: 'manager', password: PASSWORD, unitId: unit.id, regionId: nankang.id }, null)
	await createUser(prisma, { username: 'gz.manager', name: '市局经理', role: 'manager', password: PASSWORD, regionId: city.id }, null)
	const firm = async (name: string, regionId: string) =>
		(await prisma.company.create({ data: { name, isLocal: true, regionId, revenueCNY: 2_000_000_000n }, select: { id: true } })).id
	const firms = { ganxian: await firm('（测试）封存赣县企业', ganxian), nankang: await firm('（测试）封存南康企业', nankang.id) }
	const project = async (title: string, regionId: string, companyId: string, signed: string | null) =>
		(
			await prisma.project.create({
				data: {
					regionId,
					title,
					companyId,
					type: 'new',
					investmentCNY: 80_000_000n,
					stage: signed ? 'signed' : 'negotiating',
					negotiatingDate: day('2025-05-10'),
					signedDate: signed ? day(signed) : null,
				},
				select: { id: true },
			})
		).id
	const projects = {
		ganxian: await project('（测试）赣县五月洽谈项目', ganxian, firms.ganxian, null),
		nankang: await project('（测试）南康五月洽谈项目', nankang.id, firms.nankang, null),
		ganxianSigned: await project('（测试）赣县五月签约项目', ganxian, firms.ganxian, '2025-05-20'),
		nankangSigned: await project('（测试）南康五月签约项目', nankang.id, firms.nankang, '2025-05-20'),
	}
	for (const projectId of [projects.ganxianSigned, projects.nankangSigned]) {
		await prisma.stageEvidence.create({ data: { projectId, stage: 'signed', docNumber: '（测试）文号', submittedAt: new Date() } })
	}
	const cookies = { nankang: await loginWith('nk.manager', PASSWORD), city: await loginWith('gz.manager', PASSWORD), ganxian: await loginAs('manager') }
	return { ganxian, nankang: nankang.id, firms, projects, cookies }
}

beforeAll(async () => {
	w = await buildWorld()
	// 南康区 issues its May 2025 report; 赣县区 has issued nothing.
	expect(unwrap(await issue('year=2025&month=5', w.cookies.nankang)).status).toBe(302)
}, 60_000)

const closedOnPage = async (projectId: string) =>
	(await projectPage(args(getRequest(`/projects/${projectId}`, w.cookies.city), { id: projectId }))).closed.reports.map(
		(r) => `${r.region?.name ?? ''}${r.kind}-${r.month}`,
	)
const closedOnCompany = async (companyId: string) =>
	(await companyEditLoader(args(getRequest(`/companies/${companyId}/edit`, w.cookies.city), { id: companyId }))).closed.reports.map(
		(r) => `${r.region?.name ?? ''}${r.kind}-${r.month}`,
	)
const evidenceSeen = async (projectId: string) => (await listStageEvidence(prisma, projectId)).find((s) => s.stage === 'signed')!.seen!

describe("a county's issued report", () => {
	test("names only its own county's projects and firms as read by it, by its region's name", async () => {
		expect(await closedOnPage(w.projects.nankang)).toEqual(['南康区monthly-5'])
		expect(await closedOnPage(w.projects.ganxian)).toEqual([])
		expect(await closedOnCompany(w.firms.nankang)).toEqual(['南康区monthly-5'])
		expect(await closedOnCompany(w.firms.ganxian)).toEqual([])
	})

	test("a sibling county moves its May project to 签约 without a correction; the issuing county's own needs one", async () => {
		const ganxianManager = await actorNamed('leader')
		const moved = await advanceProject(prisma, ganxianManager, w.projects.ganxian, { toStage: 'signed', date: day('2025-05-25'), closedReason: null })
		expect(moved.stage).toBe('signed')
		expect(await prisma.periodAdjustment.count({ where: { projectId: w.projects.ganxian } })).toBe(0)

		const refused = await thrown(() =>
			advanceProject(prisma, ganxianManager, w.projects.nankang, { toStage: 'signed', date: day('2025-05-25'), closedReason: null }),
		)
		// Out of 赣县区's scope altogether; 南康区's manager is asked for the reason.
		expect(refused).toMatchObject({ status: 404 })
		const nankangManager = await actorNamed('nk.manager')
		const noReason = await thrown(() =>
			advanceProject(prisma, nankangManager, w.projects.nankang, { toStage: 'signed', date: day('2025-05-25'), closedReason: null }),
		)
		expect(noReason).toBeInstanceOf(ProjectError)
		expect(noReason).toMatchObject({ messageKey: 'closedPeriods.reasonRequired', status: 400 })
		expect((await prisma.project.findUniqueOrThrow({ where: { id: w.projects.nankang }, select: { stage: true } })).stage).toBe('negotiating')
	})

	test("核验 of a May signing: the note is a correction's reason in the issuing county only", async () => {
		const ganxianManager = await actorNamed('leader')
		await reviewEvidence(prisma, ganxianManager, w.projects.ganxianSigned, 'signed', {
			decision: 'verify',
			note: '',
			seen: await evidenceSeen(w.projects.ganxianSigned),
		})
		expect(await prisma.periodAdjustment.count({ where: { projectId: w.projects.ganxianSigned } })).toBe(0)

		const nankangManager = await actorNamed('nk.manager')
		const refused = await thrown(async () =>
			reviewEvidence(prisma, nankangManager, w.projects.nankangSigned, 'signed', {
				decision: 'verify',
				note: '',
				seen: await evidenceSeen(w.projects.nankangSigned),
			}),
		)
		expect(refused).toMatchObject({ messageKey: 'closedPeriods.reviewNoteRequired', status: 400 })
	})

	test('a lead converts with a May 洽谈 date in the sibling county, not in the issuing one', async () => {
		const lead = async (regionId: string, companyId: string, owner: string) => {
			const ownerId = (await prisma.user.findUniqueOrThrow({ where: { username: owner }, select: { id: true } })).id
			return (await prisma.lead.create({ data: { regionId, companyId, ownerId, stage: 'negotiating', source: 'visit' }, select: { id: true } })).id
		}
		const ganxianLead = await lead(w.ganxian, w.firms.ganxian, 'leader')
		const nankangLead = await lead(w.nankang, w.firms.nankang, 'nk.manager')
		const converted = await convertLeadToProject(prisma, {
			leadId: ganxianLead,
			title: null,
			negotiatingDate: day('2025-05-12'),
			actor: await actorNamed('leader'),
		})
		expect(converted).toBeTruthy()
		const nankangManager = await actorNamed('nk.manager')
		const refused = await thrown(() =>
			convertLeadToProject(prisma, { leadId: nankangLead, title: null, negotiatingDate: day('2025-05-12'), actor: nankangManager }),
		)
		expect(refused).toMatchObject({ messageKey: 'leads.errors.convertDateClosed', status: 409 })
	})

	test("an import by the sibling county's staff updates its May project; one by the issuing county's manager is refused row by row", async () => {
		const headers = ['项目名称', '企业名称', '投资额']
		const importAs = async (username: string, title: string, company: string) => {
			const importer = await actorNamed(username)
			const options = {
				mapping: resolveMapping('projects', headers),
				overrides: {},
				actions: {},
				duplicateAction: 'update' as const,
				createMissingCompanies: false,
				defaultOwnerId: importer.id,
				importer,
			}
			return runImport(prisma, {
				kind: 'projects',
				sheet: { headers, rows: [{ row: 2, cells: [title, company, '9000万'] }] },
				options,
				fileName: 'may.csv',
				userId: importer.id,
			})
		}
		const ganxian = await importAs('leader', '（测试）赣县五月签约项目', '（测试）封存赣县企业')
		expect(ganxian).toMatchObject({ errors: [], updated: 1 })
		const nankang = await importAs('nk.manager', '（测试）南康五月签约项目', '（测试）封存南康企业')
		expect(nankang.errors).toEqual([{ row: 2, column: null, messageKey: 'closedPeriods.importRow', params: { periods: '2025-05' } }])
		expect((await prisma.project.findUniqueOrThrow({ where: { id: w.projects.nankangSigned }, select: { investmentCNY: true } })).investmentCNY).toBe(
			80_000_000n,
		)
	})
})

describe("the 市's issued report", () => {
	test('holds every county under it: a 赣县区 change in its period becomes a correction', async () => {
		expect(unwrap(await issue('year=2025&month=6', w.cookies.city)).status).toBe(302)
		// With units in two counties the installation's home region is the 市 (homeRegion): its reports go unnamed.
		expect(await closedOnPage(w.projects.ganxian)).toEqual(['monthly-6'])
		expect(await closedOnCompany(w.firms.ganxian)).toEqual(['monthly-6'])
		const ganxianManager = await actorNamed('leader')
		const refused = await thrown(() =>
			advanceProject(prisma, ganxianManager, w.projects.ganxian, { toStage: 'started', date: day('2025-06-10'), closedReason: null }),
		)
		expect(refused).toMatchObject({ messageKey: 'closedPeriods.reasonRequired', status: 400 })
	})
})
