import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { runReportCommand } from '~/cli/report.server'
import { prisma } from '~/db.server'
import { resolveMapping } from '~/domain/import/fields'
import { i18nFor } from '~/i18n/i18n'
import { localeCookie } from '~/i18n/locale.server'
import { ImportError, runImport } from '~/models/import-commit.server'
import { undoImport } from '~/models/import-undo.server'
import { listStageEvidence, reviewEvidence, submitEvidence } from '~/models/stage-evidence.server'
import { action as projectAction, loader as projectPage, type ProjectPageActionResult } from '~/routes/projects.$id'
import { action as reportAction, loader as reportPage } from '~/routes/reports.$kind'
import { loader as reportFile } from '~/routes/reports.$kind_.xlsx'
import { loader as reportsIndex } from '~/routes/reports._index'
import { type Refusal } from '~/utils/forms'
import { UserError } from '~/utils/user-error'
import { actorNamed, demoCountyId } from '../helpers/actors'
import { demoUser } from '../helpers/demo-users'
import { formRequest, getRequest, loginAs, thrown, unwrap } from '../helpers/requests'

/** The demo county: records made here belong to it, as the app's own would (ADR 0026). */
const county = await demoCountyId()

const args = (request: Request, params: Record<string, string>) => ({ request, params, context: {} })
const zh = i18nFor('zh-CN').t
const sha256 = (bytes: ArrayBuffer) => crypto.createHash('sha256').update(new Uint8Array(bytes)).digest('hex')

let staff: string
let manager: string
let admin: string

beforeAll(async () => {
	;[staff, manager, admin] = await Promise.all([loginAs('staff'), loginAs('manager'), loginAs('admin')])
})

const issue = (kind: string, query: string, cookie: string) =>
	reportAction(args(formRequest(`/reports/${kind}?${query}`, { intent: 'issue' }, { Cookie: cookie }), { kind }))
const page = (kind: string, query: string, cookie: string) => reportPage(args(getRequest(`/reports/${kind}?${query}`, cookie), { kind }))
const download = async (kind: string, query: string, cookie: string, headers: Record<string, string> = {}) =>
	reportFile(args(getRequest(`/reports/${kind}/xlsx?${query}`, cookie, headers), { kind }))

describe('issuing a report', () => {
	test('staff may not issue: 403, nothing stored', async () => {
		const refused = await thrown(() => issue('monthly', 'year=2025&month=3', staff))
		expect(refused).toBeInstanceOf(Response)
		expect((refused as Response).status).toBe(403)
		expect(await prisma.issuedReport.count()).toBe(0)
	})

	test('a period that has not ended cannot be issued', async () => {
		const { status, body } = unwrap<Refusal>(await issue('annual', `year=${new Date().getUTCFullYear()}`, manager))
		expect(status).toBe(400)
		expect(body).toMatchObject({ ok: false, errors: {}, formError: { key: 'reports.issue.notEnded', params: { end: `${new Date().getUTCFullYear()}-12-31` } } })
	})

	test('a manager issues March 2025 once: both files are stored with their SHA-256 and the act is audited; issuing again is 409', async () => {
		const issued = unwrap(await issue('monthly', 'year=2025&month=3', manager))
		expect(issued).toEqual({ status: 302, body: '/reports/monthly?year=2025&month=3' })
		const row = await prisma.issuedReport.findUniqueOrThrow({
			where: { periodKey_regionKey: { periodKey: 'monthly-2025-03', regionKey: await demoCountyId() } },
			select: {
				id: true,
				kind: true,
				year: true,
				month: true,
				quarter: true,
				periodStart: true,
				periodEnd: true,
				xlsxZh: true,
				xlsxZhSha256: true,
				xlsxEn: true,
				xlsxEnSha256: true,
				issuedBy: { select: { role: true } },
			},
		})
		expect(row).toMatchObject({
			kind: 'monthly',
			year: 2025,
			month: 3,
			quarter: null,
			periodStart: '2025-03-01',
			periodEnd: '2025-03-31',
			issuedBy: { role: 'manager' },
		})
		expect(crypto.createHash('sha256').update(row.xlsxZh).digest('hex')).toBe(row.xlsxZhSha256)
		expect(crypto.createHash('sha256').update(row.xlsxEn).digest('hex')).toBe(row.xlsxEnSha256)
		expect(await prisma.auditLog.count({ where: { entity: 'IssuedReport', entityId: row.id, action: 'issue' } })).toBe(1)

		const again = unwrap<Refusal>(await issue('monthly', 'year=2025&month=3', admin))
		expect(again.status).toBe(409)
		expect(again.body.formError?.key).toBe('reports.issue.alreadyIssued')
		expect(again.body.formError?.params.name).toBeTruthy()
		expect(await prisma.issuedReport.count({ where: { periodKey: 'monthly-2025-03' } })).toBe(1)
	})

	test('the issued page shows the frozen tables with who issued them; &live=1 shows today', async () => {
		const issuedPage = await page('monthly', 'year=2025&month=3', staff)
		expect(issuedPage.issued).toMatchObject({ by: expect.any(String) })
		expect(issuedPage.live).toBe(false)
		expect(issuedPage.canIssue).toBe(false)
		const live = await page('monthly', 'year=2025&month=3&live=1', staff)
		expect(live.live).toBe(true)
		expect(live.document.sheets.map((s) => s.key)).toEqual(issuedPage.document.sheets.map((s) => s.key))
		// The reports index lists it, linking to the issued page.
		const index = await reportsIndex(args(getRequest('/reports', staff), {}))
		expect(index.issued.find((r) => r.kind === 'monthly' && r.year === 2025 && r.month === 3)).toMatchObject({ quarter: null, issuedBy: issuedPage.issued!.by })
		// Not issued yet: a manager is offered the button, staff are not.
		expect((await page('monthly', 'year=2025&month=4', manager)).canIssue).toBe(true)
		expect((await page('monthly', 'year=2025&month=4', staff)).canIssue).toBe(false)
	})

	test('downloads of an issued period are the stored bytes, the same each time and after the data changes; ETag is the SHA-256', async () => {
		const stored = await prisma.issuedReport.findUniqueOrThrow({
			where: { periodKey_regionKey: { periodKey: 'monthly-2025-03', regionKey: await demoCountyId() } },
			select: { xlsxZhSha256: true, xlsxEnSha256: true },
		})
		const first = await download('monthly', 'year=2025&month=3', staff)
		const bytes = await first.arrayBuffer()
		expect(sha256(bytes)).toBe(stored.xlsxZhSha256)
		expect(first.headers.get('ETag')).toBe(`"${stored.xlsxZhSha256}"`)

		// A project signed in March changes afterwards (directly, as a later correction would).
		const project = await prisma.project.findFirstOrThrow({
			where: { signedDate: { gte: new Date('2025-03-01'), lt: new Date('2025-04-01') } },
			select: { id: true, investmentCNY: true },
		})
		await prisma.project.update({ where: { id: project.id }, data: { investmentCNY: project.investmentCNY + 1_000_000n } })

		const second = await download('monthly', 'year=2025&month=3', manager)
		expect(sha256(await second.arrayBuffer())).toBe(stored.xlsxZhSha256)
		const english = await download('monthly', 'year=2025&month=3', staff, { Cookie: `${staff}; ${await localeCookie.serialize('en')}` })
		expect(sha256(await english.arrayBuffer())).toBe(stored.xlsxEnSha256)
		const revalidated = await download('monthly', 'year=2025&month=3', staff, { 'If-None-Match': `"${stored.xlsxZhSha256}"` })
		expect(revalidated.status).toBe(304)

		// The live file is built anew: it reads the changed investment.
		const live = await download('monthly', 'year=2025&month=3&live=1', staff)
		expect(live.headers.get('ETag')).toBeNull()
		const workbook = new ExcelJS.Workbook()
		await workbook.xlsx.load(await live.arrayBuffer())
		expect(workbook.worksheets.map((s) => s.name)).toContain('项目变动')
	})

	test("the command line writes the issued file too (--live: today's figures)", async () => {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chainlead-issued-'))
		afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))
		const stored = await prisma.issuedReport.findUniqueOrThrow({
			where: { periodKey_regionKey: { periodKey: 'monthly-2025-03', regionKey: await demoCountyId() } },
			select: { xlsxEnSha256: true },
		})
		const file = path.join(dir, 'march.xlsx')
		const { data } = await runReportCommand(prisma, ['monthly', '--year', '2025', '--month', '3', '--lang', 'en', '--out', file])
		expect(data).toMatchObject({ issuedSha256: stored.xlsxEnSha256 })
		expect(crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex')).toBe(stored.xlsxEnSha256)
		const live = await runReportCommand(prisma, ['monthly', '--year', '2025', '--month', '3', '--live', '--force', '--out', file])
		expect(live.data).toMatchObject({ issuedSha256: null })
	})
})

describe('changes to a closed period', () => {
	let projectId: string
	const title = '（测试）五月洽谈的封存项目'
	const form = (fields: Record<string, string> = {}) => ({
		intent: 'update',
		title,
		companyId,
		type: 'new',
		investmentWan: '1000',
		incrementWan: '',
		stage: 'negotiating',
		negotiatingDate: '2025-05-10',
		signedDate: '',
		startedDate: '',
		producingDate: '',
		terminatedDate: '',
		responsibleUnitId: unitId ?? '',
		notes: '',
		source: '',
		...fields,
	})
	let companyId: string
	let unitId: string | null
	// Each save is a form opened just before it, at the project's current version (ADR 0015).
	const save = async (cookie: string, fields: Record<string, string>) => {
		const { version } = await prisma.project.findUniqueOrThrow({ where: { id: projectId }, select: { version: true } })
		const posted = { ...fields, version: String(version) }
		return unwrap<ProjectPageActionResult>(await projectAction(args(formRequest(`/projects/${projectId}`, posted, { Cookie: cookie }), { id: projectId })))
	}

	beforeAll(async () => {
		// A staff member's own project, in 洽谈 since May 2025; then May 2025 is issued.
		const staffUser = await prisma.user.findUniqueOrThrow({ where: { username: demoUser('staff').username }, select: { id: true, unitId: true } })
		const company = await prisma.company.create({ data: { name: '（测试）封存期企业', isLocal: true }, select: { id: true } })
		companyId = company.id
		unitId = staffUser.unitId
		const project = await prisma.project.create({
			data: {
				regionId: county,
				title,
				companyId,
				type: 'new',
				investmentCNY: 10_000_000n,
				stage: 'negotiating',
				negotiatingDate: new Date('2025-05-10T00:00:00Z'),
				ownerId: staffUser.id,
				responsibleUnitId: unitId,
			},
			select: { id: true },
		})
		projectId = project.id
		expect(unwrap(await issue('monthly', 'year=2025&month=5', manager)).status).toBe(302)
	})

	test('the project page names the issued reports that read the project, and asks managers for a reason', async () => {
		const asManager = await projectPage(args(getRequest(`/projects/${projectId}`, manager), { id: projectId }))
		expect(asManager.closed).toMatchObject({ askReason: true, reports: [{ kind: 'monthly', year: 2025, month: 5 }] })
		const asStaff = await projectPage(args(getRequest(`/projects/${projectId}`, staff), { id: projectId }))
		expect(asStaff.closed.askReason).toBe(false)
	})

	test('staff may not change a counted fact a closed period read: 403 naming the report, nothing written', async () => {
		const refused = await save(staff, form({ investmentWan: '2000' }))
		expect(refused.status).toBe(403)
		expect(refused.body).toMatchObject({
			ok: false,
			formError: { key: 'closedPeriods.staffRefused' },
			closed: [{ kind: 'monthly', year: 2025, month: 5 }],
		})
		expect((await prisma.project.findUniqueOrThrow({ where: { id: projectId }, select: { investmentCNY: true } })).investmentCNY).toBe(10_000_000n)
		// A note is no counted fact: staff may still change it.
		expect((await save(staff, form({ notes: '补充联系人' }))).body).toMatchObject({ ok: true, changed: true })
	})

	test('a manager needs a reason; with one the change is written with its correction, listed in the reports of this period', async () => {
		const noReason = await save(manager, form({ investmentWan: '2000', notes: '补充联系人' }))
		expect(noReason.status).toBe(400)
		expect(noReason.body).toMatchObject({ ok: false, errors: { closedReason: 'closedPeriods.reasonRequired' } })
		expect(await prisma.periodAdjustment.count()).toBe(0)

		const saved = await save(manager, form({ investmentWan: '2000', notes: '补充联系人', closedReason: '合同补充协议调增投资' }))
		expect(saved.body).toMatchObject({ ok: true, changed: true })
		const adjustment = await prisma.periodAdjustment.findFirstOrThrow({
			where: { projectId },
			select: { changes: true, reason: true, issuedReports: { select: { periodKey: true } }, user: { select: { role: true } } },
		})
		expect(adjustment).toMatchObject({ reason: '合同补充协议调增投资', issuedReports: [{ periodKey: 'monthly-2025-05' }], user: { role: 'manager' } })
		expect(JSON.parse(adjustment.changes)).toEqual([{ field: 'investmentCNY', before: '10000000', after: '20000000' }])

		// Made today, so the reports of this month, quarter and year list it under 更正.
		const today = new Date()
		const chinaMonth = Number(new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', month: 'numeric' }).format(today))
		const year = Number(new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(today))
		for (const [kind, query] of [
			['monthly', `year=${year}&month=${chinaMonth}`],
			['annual', `year=${year}`],
		] as const) {
			const next = await page(kind, query, staff)
			const corrections = next.document.sheets.find((sheet) => sheet.key === 'corrections')
			expect(corrections?.name).toBe('更正')
			expect(corrections!.rows).toHaveLength(1)
			const [, project, change, reason, , reports] = corrections!.rows[0]!.cells
			expect([project, change, reason]).toEqual([title, '总投资：1,000 万元 → 2,000 万元', '合同补充协议调增投资'])
			expect(reports).toMatch(/^2025年5月 招商引资月调度表（\d{4}-\d{2}-\d{2} 签发）$/)
		}
		// The XLSX of this month has the sheet too, in English for an English reader.
		const english = await download('monthly', `year=${year}&month=${chinaMonth}`, staff, { Cookie: `${staff}; ${await localeCookie.serialize('en')}` })
		const workbook = new ExcelJS.Workbook()
		await workbook.xlsx.load(await english.arrayBuffer())
		const sheet = workbook.getWorksheet('Corrections')!
		expect(sheet.getRow(3).getCell(3).value).toBe('Investment: CNY 10 M → CNY 20 M')
		// May itself stays as issued.
		expect((await page('monthly', 'year=2025&month=5', staff)).document.sheets.some((s) => s.key === 'corrections')).toBe(false)
	})

	test('moving on to 签约 inside the closed month needs the reason; a stage reached after it does not', async () => {
		const advance = async (date: string, closedReason?: string) =>
			unwrap<ProjectPageActionResult>(
				await projectAction(
					args(
						formRequest(
							`/projects/${projectId}`,
							{ intent: 'advance', toStage: 'signed', date, ...(closedReason ? { closedReason } : {}) },
							{ Cookie: manager },
						),
						{ id: projectId },
					),
				),
			)
		const refused = await advance('2025-05-28')
		expect(refused.status).toBe(400)
		expect(refused.body).toMatchObject({
			ok: false,
			errors: { closedReason: 'closedPeriods.reasonRequired' },
			formError: { key: 'closedPeriods.reasonRequired' },
			closed: [{ month: 5 }],
		})
		const later = await advance('2026-01-15')
		expect(later.body).toMatchObject({ ok: true, stage: 'signed' })
		expect(await prisma.periodAdjustment.count({ where: { projectId } })).toBe(1)
	})

	test('an import row that would alter the closed month is refused with the period named; nothing is written', async () => {
		const headers = ['项目名称', '企业名称', '投资额']
		const sheet = { headers, rows: [{ row: 2, cells: [title, '（测试）封存期企业', '3000万'] }] }
		const options = {
			mapping: resolveMapping('projects', headers),
			overrides: {},
			actions: {},
			duplicateAction: 'update' as const,
			createMissingCompanies: false,
			defaultOwnerId: null,
			importer: null,
		}
		const outcome = await runImport(prisma, { kind: 'projects', sheet, options, fileName: 'x.csv', userId: null })
		expect(outcome.errors).toEqual([{ row: 2, column: null, messageKey: 'closedPeriods.importRow', params: { periods: '2025-05' } }])
		expect(zh('closedPeriods.importRow', outcome.errors[0]!.params)).toContain('（2025-05）')
		expect(outcome.batchId).toBeNull()
		expect((await prisma.project.findUniqueOrThrow({ where: { id: projectId }, select: { investmentCNY: true } })).investmentCNY).toBe(20_000_000n)
	})

	test('undoing an import whose project a later-issued report counted is refused', async () => {
		const headers = ['项目名称', '企业名称', '项目类型', '投资额', '阶段', '洽谈日期']
		const sheet = { headers, rows: [{ row: 2, cells: ['（测试）七月导入项目', '（测试）封存期企业', '新建', '500万', '洽谈', '2025-07-08'] }] }
		const options = {
			mapping: resolveMapping('projects', headers),
			overrides: {},
			actions: {},
			duplicateAction: 'skip' as const,
			createMissingCompanies: false,
			defaultOwnerId: null,
			importer: null,
		}
		const { batchId } = await runImport(prisma, { kind: 'projects', sheet, options, fileName: 'july.csv', userId: null })
		expect(batchId).toBeTruthy()
		expect(unwrap(await issue('monthly', 'year=2025&month=7', manager)).status).toBe(302)
		const refused = await thrown(() => undoImport(prisma, batchId!, null))
		expect(refused).toBeInstanceOf(ImportError)
		expect(refused).toMatchObject({ messageKey: 'closedPeriods.undoRefused', params: { periods: '2025-07' } })
		expect(zh('closedPeriods.undoRefused', (refused as ImportError).params)).toBe('撤销会改变已签发报表的数据（2025-07），不能撤销。')
		expect(await prisma.project.count({ where: { title: '（测试）七月导入项目' } })).toBe(1)
	})

	test('核验 of a stage an issued report read: the note is the reason, and verified evidence cannot be replaced', async () => {
		const signed = await prisma.project.create({
			data: {
				regionId: county,
				title: '（测试）五月签约待核验项目',
				companyId,
				type: 'new',
				investmentCNY: 80_000_000n,
				stage: 'signed',
				negotiatingDate: new Date('2025-05-02T00:00:00Z'),
				signedDate: new Date('2025-05-20T00:00:00Z'),
				responsibleUnitId: unitId,
			},
			select: { id: true },
		})
		await prisma.stageEvidence.create({ data: { projectId: signed.id, stage: 'signed', docNumber: '赣县商务〔2025〕9号', submittedAt: new Date() } })
		const actor = await actorNamed(demoUser('manager').username)
		const seen = async () => (await listStageEvidence(prisma, signed.id)).find((s) => s.stage === 'signed')!.seen!

		const refused = await thrown(async () => reviewEvidence(prisma, actor, signed.id, 'signed', { decision: 'verify', note: '', seen: await seen() }))
		expect(refused).toBeInstanceOf(UserError)
		expect(refused).toMatchObject({ messageKey: 'closedPeriods.reviewNoteRequired', status: 400, field: 'note' })

		await reviewEvidence(prisma, actor, signed.id, 'signed', { decision: 'verify', note: '补交合同，五月签约属实', seen: await seen() })
		const adjustment = await prisma.periodAdjustment.findFirstOrThrow({
			where: { projectId: signed.id },
			select: { changes: true, reason: true, issuedReports: { select: { periodKey: true } } },
		})
		expect(adjustment.reason).toBe('补交合同，五月签约属实')
		expect(JSON.parse(adjustment.changes)).toEqual([{ field: 'verification.signed', before: 'pending', after: 'verified' }])
		// May and July were issued: both count from 1 January, so both read the May signing.
		expect(adjustment.issuedReports.map((r) => r.periodKey).sort()).toEqual(['monthly-2025-05', 'monthly-2025-07'])

		const replaced = await thrown(() => submitEvidence(prisma, actor, signed.id, 'signed', { docNumber: '赣县商务〔2025〕10号' }, null))
		expect(replaced).toMatchObject({ messageKey: 'closedPeriods.evidenceLocked', status: 409 })
	})
})
