import crypto from 'node:crypto'
import ExcelJS from 'exceljs'
import { beforeAll, describe, expect, test } from 'vitest'
import { prisma } from '~/db.server'
import { localeCookie } from '~/i18n/locale.server'
import { action as reportAction, loader as reportPage } from '~/routes/reports.$kind'
import { loader as reportFile } from '~/routes/reports.$kind_.xlsx'
import { formRequest, getRequest, loginAs, thrown, unwrap } from '../helpers/requests'

const args = (request: Request, params: Record<string, string>) => ({ request, params, context: {} })
const sha256 = (bytes: ArrayBuffer) => crypto.createHash('sha256').update(new Uint8Array(bytes)).digest('hex')

let staff: string
let manager: string
let admin: string

beforeAll(async () => {
	;[staff, manager, admin] = await Promise.all([loginAs('staff'), loginAs('manager'), loginAs('admin')])
})

const issue = (kind: string, query: string, cookie: string) => reportAction(args(formRequest(`/reports/${kind}?${query}`, { intent: 'issue' }, { Cookie: cookie }), { kind }))
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
		const { status, body } = unwrap<{ error: { key: string } }>(await issue('annual', `year=${new Date().getUTCFullYear()}`, manager))
		expect(status).toBe(400)
		expect(body.error.key).toBe('reports.issue.notEnded')
	})

	test('a manager issues March 2025 once: both files are stored with their SHA-256 and the act is audited; issuing again is 409', async () => {
		const issued = unwrap(await issue('monthly', 'year=2025&month=3', manager))
		expect(issued).toEqual({ status: 302, body: '/reports/monthly?year=2025&month=3' })
		const row = await prisma.issuedReport.findUniqueOrThrow({
			where: { periodKey: 'monthly-2025-03' },
			select: { id: true, kind: true, year: true, month: true, quarter: true, periodStart: true, periodEnd: true, xlsxZh: true, xlsxZhSha256: true, xlsxEn: true, xlsxEnSha256: true, issuedBy: { select: { role: true } } },
		})
		expect(row).toMatchObject({ kind: 'monthly', year: 2025, month: 3, quarter: null, periodStart: '2025-03-01', periodEnd: '2025-03-31', issuedBy: { role: 'manager' } })
		expect(crypto.createHash('sha256').update(row.xlsxZh).digest('hex')).toBe(row.xlsxZhSha256)
		expect(crypto.createHash('sha256').update(row.xlsxEn).digest('hex')).toBe(row.xlsxEnSha256)
		expect(await prisma.auditLog.count({ where: { entity: 'IssuedReport', entityId: row.id, action: 'issue' } })).toBe(1)

		const again = unwrap<{ error: { key: string; params: Record<string, string> } }>(await issue('monthly', 'year=2025&month=3', admin))
		expect(again.status).toBe(409)
		expect(again.body.error.key).toBe('reports.issue.alreadyIssued')
		expect(again.body.error.params.name).toBeTruthy()
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
		// Not issued yet: a manager is offered the button, staff are not.
		expect((await page('monthly', 'year=2025&month=4', manager)).canIssue).toBe(true)
		expect((await page('monthly', 'year=2025&month=4', staff)).canIssue).toBe(false)
	})

	test('downloads of an issued period are the stored bytes, the same each time and after the data changes; ETag is the SHA-256', async () => {
		const stored = await prisma.issuedReport.findUniqueOrThrow({ where: { periodKey: 'monthly-2025-03' }, select: { xlsxZhSha256: true, xlsxEnSha256: true } })
		const first = await download('monthly', 'year=2025&month=3', staff)
		const bytes = await first.arrayBuffer()
		expect(sha256(bytes)).toBe(stored.xlsxZhSha256)
		expect(first.headers.get('ETag')).toBe(`"${stored.xlsxZhSha256}"`)

		// A project signed in March changes afterwards (directly, as a later correction would).
		const project = await prisma.project.findFirstOrThrow({ where: { signedDate: { gte: new Date('2025-03-01'), lt: new Date('2025-04-01') } }, select: { id: true, investmentCNY: true } })
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
})
