import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import ExcelJS from 'exceljs'
import { afterAll, expect, test } from 'vitest'
import { prisma } from '~/db.server'
import { loader as exportFile } from '~/routes/data.export.$file'
import { runCliInProcess } from '../helpers/cli'
import { demoUser } from '../helpers/demo-users'
import { getRequest, loginAs, thrown } from '../helpers/requests'

const args = (request: Request, file: string) => ({ request, params: { file }, context: {} })
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chainlead-export-'))
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

async function readXlsx(bytes: ArrayBuffer) {
	const workbook = new ExcelJS.Workbook()
	await workbook.xlsx.load(bytes)
	const sheet = workbook.worksheets[0]!
	const rows: ExcelJS.CellValue[][] = []
	sheet.eachRow((row) => rows.push((row.values as ExcelJS.CellValue[]).slice(1)))
	return { sheet, rows }
}

test('companies export as XLSX with Chinese headers, every row, and formula-looking names kept as text', async () => {
	const cookie = await loginAs('staff')
	await prisma.company.create({ data: { name: '=HYPERLINK("http://evil.example","点我")', isLocal: false, isSample: true }, select: { id: true } })
	const response = await exportFile(args(getRequest('/data/export/companies.xlsx', cookie), 'companies.xlsx'))
	expect(response.headers.get('Content-Type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
	expect(response.headers.get('Content-Disposition')).toMatch(/attachment; filename="companies-\d{4}-\d{2}-\d{2}\.xlsx"/)
	const { sheet, rows } = await readXlsx(await response.arrayBuffer())
	expect(rows[0]!.slice(0, 2)).toEqual(['企业名称', '统一社会信用代码'])
	expect(rows.length - 1).toBe(await prisma.company.count())
	const names = rows.slice(1).map((r) => r[0])
	expect(names).toContain('中国稀土集团有限公司')
	// A string cell, not a formula: the text round-trips exactly.
	const evilRow = rows.findIndex((r) => r[0] === '=HYPERLINK("http://evil.example","点我")')
	expect(evilRow).toBeGreaterThan(0)
	expect(sheet.getRow(evilRow + 1).getCell(1).type).toBe(ExcelJS.ValueType.String)
	// Amounts stay numbers in 元 (the header says so), shown with thousands separators.
	const revenue = (rows[0] as string[]).indexOf('营业收入（元）') + 1
	expect(revenue).toBeGreaterThan(0)
	const amounts = rows.slice(1).flatMap((_, i) => {
		const cell = sheet.getRow(i + 2).getCell(revenue)
		return typeof cell.value === 'number' ? [cell] : []
	})
	expect(amounts.length).toBeGreaterThan(0)
	for (const cell of amounts) expect(cell.numFmt).toBe('#,##0')
})

test('columns can be chosen and ordered; CSV starts with a BOM and escapes formulas', async () => {
	const cookie = await loginAs('staff')
	const xlsx = await exportFile(args(getRequest('/data/export/leads.xlsx?columns=owner,company', cookie), 'leads.xlsx'))
	const { rows } = await readXlsx(await xlsx.arrayBuffer())
	expect(rows[0]).toEqual(['负责人', '企业名称'])
	expect(rows.length - 1).toBe(await prisma.lead.count())

	const csv = await exportFile(args(getRequest('/data/export/projects.csv?columns=title,investment,signedDate', cookie), 'projects.csv'))
	const bytes = new Uint8Array(await csv.arrayBuffer())
	expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
	const lines = new TextDecoder().decode(bytes).trim().split('\r\n')
	expect(lines[0]).toBe('项目名称,投资额（元）,签约日期')
	expect(lines.length - 1).toBe(await prisma.project.count())
	const signed = await prisma.project.findFirstOrThrow({ where: { signedDate: { not: null } }, select: { title: true, investmentCNY: true, signedDate: true } })
	expect(lines).toContain(`${signed.title},${signed.investmentCNY},${signed.signedDate!.toISOString().slice(0, 10)}`)
})

test('an unknown list or format is a 404, and signed-out users are sent to log in', async () => {
	const cookie = await loginAs('staff')
	expect(((await thrown(() => exportFile(args(getRequest('/data/export/users.csv', cookie), 'users.csv')))) as Response).status).toBe(404)
	const anonymous = (await thrown(() => exportFile(args(getRequest('/data/export/leads.csv'), 'leads.csv')))) as Response
	expect(anonymous.status).toBe(302)
})

test('cli export writes the same file, refuses to overwrite without --force, and checks its arguments', async () => {
	const out = path.join(dir, 'leads.xlsx')
	// The command line in this process (tests/integration/cli.test.ts runs it as a subprocess).
	const run = (...extra: string[]) => runCliInProcess(['export', ...extra, '--json'])
	const ok = await run('leads', '--format', 'xlsx', '--out', out)
	expect(ok.code).toBe(0)
	expect(JSON.parse(ok.stdout)).toMatchObject({ list: 'leads', format: 'xlsx' })
	expect(fs.statSync(out).size).toBeGreaterThan(1000)
	expect((await run('leads', '--format', 'xlsx', '--out', out)).code).toBe(64)
	expect((await run('users', '--format', 'csv', '--out', path.join(dir, 'x.csv'))).code).toBe(64)
})

test('an export with contact details is audited with who, which list, the filter and the row count; one without is not', async () => {
	const cookie = await loginAs('staff')
	const before = await prisma.auditLog.count({ where: { action: 'export' } })
	const plain = await exportFile(args(getRequest('/data/export/companies.csv?columns=name,uscc&local=1', cookie), 'companies.csv'))
	await plain.arrayBuffer()
	expect(await prisma.auditLog.count({ where: { action: 'export' } })).toBe(before)

	const withContacts = await exportFile(args(getRequest('/data/export/companies.csv?columns=name,contactName,contactPhone&local=1', cookie), 'companies.csv'))
	const lines = new TextDecoder()
		.decode(await withContacts.arrayBuffer())
		.trim()
		.split('\n')
	const audit = await prisma.auditLog.findFirstOrThrow({
		where: { action: 'export' },
		orderBy: { at: 'desc' },
		select: { entity: true, entityId: true, after: true, user: { select: { username: true } } },
	})
	expect(audit).toMatchObject({ entity: 'Export', entityId: 'companies', user: { username: demoUser('staff').username } })
	expect(JSON.parse(audit.after!)).toEqual({
		list: 'companies',
		format: 'csv',
		query: 'columns=name%2CcontactName%2CcontactPhone&local=1',
		columns: ['name', 'contactName', 'contactPhone'],
		rows: lines.length - 1,
		complete: true,
	})
	expect(lines.length - 1).toBe(await prisma.company.count({ where: { isLocal: true } }))
})
