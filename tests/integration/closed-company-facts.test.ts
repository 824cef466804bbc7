import { beforeAll, describe, expect, test } from 'vitest'
import { prisma } from '~/db.server'
import { EMPTY_COMPANY_FORM, tagYearInputName, toCompanyFormValues } from '~/domain/company/company-schema'
import { resolveMapping } from '~/domain/import/fields'
import { COMPANY_TAGS } from '~/domain/seed/seed-files'
import { i18nFor } from '~/i18n/i18n'
import { getCompanyForEdit } from '~/models/company.server'
import { ImportError, runImport } from '~/models/import-commit.server'
import { undoImport } from '~/models/import-undo.server'
import { action as editAction, loader as editLoader } from '~/routes/companies.$id_.edit'
import { action as newAction } from '~/routes/companies.new'
import { action as reportAction, loader as reportPage } from '~/routes/reports.$kind'
import { formRequest, getRequest, loginAs, thrown, unwrap } from '../helpers/requests'

// ADR 0011, company part: tags, their 认定 years and revenue count in issued reports.

const args = (request: Request, params: Record<string, string>) => ({ request, params, context: {} })
const zh = i18nFor('zh-CN').t
const NAME = '（测试）封存期高新企业'

let staff: string
let manager: string
let companyId: string

type EditResult = { ok: false; errors: Record<string, string>; closed: { kind: string; year: number; month: number | null }[] }

async function edit(cookie: string, patch: Partial<typeof EMPTY_COMPANY_FORM> & Record<string, string | string[]>) {
	const stored = await getCompanyForEdit(prisma, companyId)
	const { tags, tagYears, ...text } = { ...toCompanyFormValues(stored!), ...patch } as typeof EMPTY_COMPANY_FORM & Record<string, string>
	const body = new URLSearchParams(text)
	for (const tag of tags) body.append('tags', tag)
	for (const tag of COMPANY_TAGS) body.set(tagYearInputName(tag), tagYears[tag])
	for (const [key, value] of Object.entries(patch)) if (key.startsWith('tagYears.')) body.set(key, value as string)
	const request = new Request(`http://localhost:3000/companies/${companyId}/edit`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookie },
		body,
	})
	return unwrap<EditResult | string>(await editAction(args(request, { id: companyId })))
}

const grantedYear = async () =>
	(await prisma.companyTag.findUniqueOrThrow({ where: { companyId_tag: { companyId, tag: 'gaoxin' } }, select: { grantedYear: true } })).grantedYear

beforeAll(async () => {
	;[staff, manager] = await Promise.all([loginAs('staff'), loginAs('manager')])
	// 高新技术企业 since 2024: June 2025's counts read it; then June 2025 is issued.
	const company = await prisma.company.create({
		data: { name: NAME, isLocal: true, revenueCNY: 500_000_000n, tags: { create: { tag: 'gaoxin', grantedYear: 2024 } } },
		select: { id: true },
	})
	companyId = company.id
	const issued = await reportAction(args(formRequest('/reports/monthly?year=2025&month=6', { intent: 'issue' }, { Cookie: manager }), { kind: 'monthly' }))
	expect(unwrap(issued).status).toBe(302)
})

/** Posts the new-company form as the page does: empty fields, then `patch`. */
async function create(cookie: string, patch: Record<string, string | string[]>) {
	const { tags, tagYears, ...text } = { ...EMPTY_COMPANY_FORM, ...patch } as typeof EMPTY_COMPANY_FORM & Record<string, string>
	const body = new URLSearchParams(text)
	for (const tag of tags) body.append('tags', tag)
	for (const tag of COMPANY_TAGS) body.set(tagYearInputName(tag), tagYears[tag])
	for (const [key, value] of Object.entries(patch)) if (key.startsWith('tagYears.')) body.set(key, value as string)
	const request = new Request('http://localhost:3000/companies/new', {
		method: 'POST',
		headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookie },
		body,
	})
	return unwrap<EditResult | string>(await newAction(args(request, {})))
}

describe('a company counted in an issued report', () => {
	test('the edit page names the issued reports that read it, and asks managers for a reason', async () => {
		const asManager = await editLoader(args(getRequest(`/companies/${companyId}/edit`, manager), { id: companyId }))
		expect(asManager.closed).toMatchObject({ askReason: true, reports: [{ kind: 'monthly', year: 2025, month: 6 }] })
		expect((await editLoader(args(getRequest(`/companies/${companyId}/edit`, staff), { id: companyId }))).closed.askReason).toBe(false)
	})

	test('staff still may not change the tag’s year: 403, nothing written', async () => {
		const refused = await edit(staff, { 'tagYears.gaoxin': '2025' })
		expect(refused).toMatchObject({ status: 403, body: { errors: { tags: 'access.countedCompanyFactsAreManagers' } } })
		expect(await grantedYear()).toBe(2024)
	})

	test('a manager changing the 认定 year needs a reason; with one the change and its correction are written, listed under 更正 this month', async () => {
		const noReason = await edit(manager, { 'tagYears.gaoxin': '2025' })
		expect(noReason.status).toBe(400)
		expect(noReason.body).toMatchObject({
			ok: false,
			errors: { closedReason: 'closedPeriods.reasonRequired' },
			closed: [{ kind: 'monthly', year: 2025, month: 6 }],
		})
		expect(zh('closedPeriods.reasonRequired', { reports: '2025年6月' })).toContain('请填写更正原因')
		expect(await grantedYear()).toBe(2024)
		expect(await prisma.periodAdjustment.count()).toBe(0)

		// Contact details count nowhere: no reason needed.
		expect(await edit(manager, { contactName: '李经理' })).toMatchObject({ status: 302 })

		const saved = await edit(manager, { 'tagYears.gaoxin': '2025', closedReason: '认定文件年份录入有误' })
		expect(saved).toMatchObject({ status: 302, body: `/companies/${companyId}` })
		expect(await grantedYear()).toBe(2025)
		const adjustment = await prisma.periodAdjustment.findFirstOrThrow({
			where: { companyId },
			select: {
				companyName: true,
				projectId: true,
				projectTitle: true,
				changes: true,
				reason: true,
				issuedReports: { select: { periodKey: true } },
				user: { select: { role: true } },
			},
		})
		expect(adjustment).toMatchObject({
			companyName: NAME,
			projectId: null,
			projectTitle: null,
			reason: '认定文件年份录入有误',
			issuedReports: [{ periodKey: 'monthly-2025-06' }],
			user: { role: 'manager' },
		})
		expect(JSON.parse(adjustment.changes)).toEqual([{ field: 'tags.gaoxin', before: '2024', after: '2025' }])

		// Made today: this month's report lists it under 更正, against June 2025.
		const today = new Date()
		const month = Number(new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', month: 'numeric' }).format(today))
		const year = Number(new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(today))
		const current = await reportPage(args(getRequest(`/reports/monthly?year=${year}&month=${month}`, staff), { kind: 'monthly' }))
		const corrections = current.document.sheets.find((sheet) => sheet.key === 'corrections')!
		expect(corrections.rows).toHaveLength(1)
		const [, subject, change, reason, , reports] = corrections.rows[0]!.cells
		expect([subject, change, reason]).toEqual([NAME, '高新技术企业：持有（2024年认定） → 持有（2025年认定）', '认定文件年份录入有误'])
		expect(reports).toMatch(/^2025年6月 招商引资月调度表（\d{4}-\d{2}-\d{2} 签发）$/)
	})

	test('an import row changing its revenue is refused with the period named; nothing is written', async () => {
		const headers = ['企业名称', '营业收入（万元）']
		const sheet = { headers, rows: [{ row: 2, cells: [NAME, '60000'] }] }
		const options = {
			mapping: resolveMapping('companies', headers),
			overrides: {},
			actions: {},
			duplicateAction: 'update' as const,
			createMissingCompanies: false,
			defaultOwnerId: null,
			importer: null,
		}
		const outcome = await runImport(prisma, { kind: 'companies', sheet, options, fileName: 'companies.csv', userId: null })
		expect(outcome.errors).toEqual([{ row: 2, column: null, messageKey: 'closedPeriods.companyImportRow', params: { periods: '2025-06' } }])
		expect(zh('closedPeriods.companyImportRow', outcome.errors[0]!.params)).toContain('（2025-06）')
		expect(outcome.batchId).toBeNull()
		expect((await prisma.company.findUniqueOrThrow({ where: { id: companyId }, select: { revenueCNY: true } })).revenueCNY).toBe(500_000_000n)
	})

	test('undoing an import that created a company is refused while a report issued since then may have counted it', async () => {
		const headers = ['企业名称', '资质', '营业收入（万元）']
		const sheet = { headers, rows: [{ row: 2, cells: ['（测试）导入的高新企业', '高新技术企业', '30000'] }] }
		const options = {
			mapping: resolveMapping('companies', headers),
			overrides: {},
			actions: {},
			duplicateAction: 'skip' as const,
			createMissingCompanies: false,
			defaultOwnerId: null,
			importer: null,
		}
		const { batchId } = await runImport(prisma, { kind: 'companies', sheet, options, fileName: 'new.csv', userId: null })
		expect(batchId).toBeTruthy()
		// June 2025 was issued today, the import's day: counted as possibly after it.
		const refused = await thrown(() => undoImport(prisma, batchId!, null))
		expect(refused).toBeInstanceOf(ImportError)
		expect(refused).toMatchObject({ messageKey: 'closedPeriods.undoRefused', params: { periods: '2025-06' } })
		// Imported after every issued report: none read it, so the undo goes through.
		await prisma.importBatch.update({ where: { id: batchId! }, data: { createdAt: new Date(Date.now() + 2 * 24 * 60 * 60 * 1000) } })
		await undoImport(prisma, batchId!, null)
		expect(await prisma.company.count({ where: { name: '（测试）导入的高新企业' } })).toBe(0)
	})
})

describe('a new company that an issued report would count', () => {
	const NEW_NAME = '（测试）新建的2025年高新企业'
	const fields = { name: NEW_NAME, isLocal: '1', tags: ['gaoxin'], 'tagYears.gaoxin': '2025' }

	test('is a correction: a manager needs a reason, and the company and its correction are written together', async () => {
		const noReason = await create(manager, fields)
		expect(noReason.status).toBe(400)
		expect(noReason.body).toMatchObject({
			ok: false,
			errors: { closedReason: 'closedPeriods.reasonRequired' },
			closed: [{ kind: 'monthly', year: 2025, month: 6 }],
		})
		expect(await prisma.company.count({ where: { name: NEW_NAME } })).toBe(0)

		const saved = await create(manager, { ...fields, closedReason: '补录2025年认定的高新技术企业' })
		expect(saved.status).toBe(302)
		const created = await prisma.company.findFirstOrThrow({ where: { name: NEW_NAME }, select: { id: true } })
		const adjustment = await prisma.periodAdjustment.findFirstOrThrow({
			where: { companyId: created.id },
			select: { reason: true, changes: true, issuedReports: { select: { periodKey: true } } },
		})
		expect(adjustment).toMatchObject({ reason: '补录2025年认定的高新技术企业', issuedReports: [{ periodKey: 'monthly-2025-06' }] })
		expect(JSON.parse(adjustment.changes)).toEqual([expect.objectContaining({ field: 'tags.gaoxin' })])
	})

	test('one that no issued report counts is created without a reason', async () => {
		expect(await create(manager, { name: '（测试）新建的无资质企业', isLocal: '1' })).toMatchObject({ status: 302 })
		expect(await create(manager, { name: '（测试）新建的2026年高新企业', isLocal: '1', tags: ['gaoxin'], 'tagYears.gaoxin': '2026' })).toMatchObject({
			status: 302,
		})
	})
})
