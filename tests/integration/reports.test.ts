import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { UsageError } from '~/cli/commands.server'
import { runReportCommand } from '~/cli/report.server'
import { prisma } from '~/db.server'
import { cellText } from '~/domain/import/read-file'
import { PROJECT_STAGES } from '~/domain/project/stages'
import { displayUnit } from '~/domain/quota/display-unit'
import { rankUnits } from '~/domain/quota/unit-ranking'
import { localeCookie } from '~/i18n/locale.server'
import { loadQuotaProgress } from '~/models/quota-progress.server'
import { loader as reportPage } from '~/routes/reports.$kind'
import { loader as reportFile } from '~/routes/reports.$kind_.xlsx'
import { demoCountyId, WHOLE_INSTALLATION } from '../helpers/actors'
import { getRequest, loginAs, thrown } from '../helpers/requests'

/** The demo county: records made here belong to it, as the app's own would (ADR 0026). */
const county = await demoCountyId()

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chainlead-reports-'))
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

const FORMULA_TITLE = '=HYPERLINK("http://evil.example","点我")'
let cookie: string

beforeAll(async () => {
	cookie = await loginAs('staff')
	// A formula-looking title signed in June 2025: it must show in 项目变动 and stay text.
	const company = await prisma.company.findFirstOrThrow({ where: { name: '中国稀土集团有限公司' }, select: { id: true } })
	const unit = await prisma.unit.findFirstOrThrow({ where: { name: '区商务局' }, select: { id: true } })
	await prisma.project.create({
		data: {
			regionId: county,
			title: FORMULA_TITLE,
			companyId: company.id,
			type: 'new',
			investmentCNY: 250_000_000n,
			stage: 'signed',
			negotiatingDate: new Date('2025-05-20T00:00:00Z'),
			signedDate: new Date('2025-06-30T00:00:00Z'),
			responsibleUnitId: unit.id,
			isSample: true,
		},
		select: { id: true },
	})
})

const args = (request: Request, kind: string) => ({ request, params: { kind }, context: {} })

/** One sheet of a workbook: its title row, header row and the body rows up to the first blank row (notes follow it). */
function readSheet(workbook: ExcelJS.Workbook, name: string) {
	const sheet = workbook.getWorksheet(name)
	if (!sheet) throw new Error(`no sheet ${name}; have ${workbook.worksheets.map((s) => s.name).join(', ')}`)
	const values = (row: number) => (sheet.getRow(row).values as ExcelJS.CellValue[]).slice(1)
	const headers = values(2).map((value) => cellText(value).text)
	const rows: Record<string, ExcelJS.CellValue>[] = []
	for (let r = 3; r <= sheet.rowCount && sheet.getRow(r).cellCount > 0; r += 1) {
		const cells = values(r)
		rows.push(Object.fromEntries(headers.map((h, i) => [h, cells[i] ?? null])))
	}
	return { sheet, title: cellText(sheet.getCell(1, 1).value).text, headers, rows }
}

async function download(query: string, kind: string, extraCookie = '') {
	const response = await reportFile(args(getRequest(`/reports/${kind}/xlsx?${query}`, `${cookie}${extraCookie}`), kind))
	const workbook = new ExcelJS.Workbook()
	await workbook.xlsx.load(await response.arrayBuffer())
	return { response, workbook }
}

const day = (d: Date) => d.toISOString().slice(0, 10)

test('the monthly XLSX shows the dashboard figures at month end and every stage change of the month', async () => {
	const { response, workbook } = await download('year=2025&month=6', 'monthly')
	expect(response.headers.get('Content-Type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
	expect(response.headers.get('Content-Disposition')).toBe(
		`attachment; filename="monthly-2025-06.xlsx"; filename*=UTF-8''${encodeURIComponent('月调度表-2025-06.xlsx')}`,
	)
	expect(workbook.worksheets.map((s) => s.name)).toEqual(['项目调度', '项目变动', '目标进度', '说明'])

	// 目标进度: quota lines (those with a status) equal loadQuotaProgress at 2025-06-30, in order; unit lines follow their quota.
	const progress = await loadQuotaProgress(prisma, { scope: WHOLE_INSTALLATION, year: 2025, asOf: '2025-06-30' })
	const sheet = readSheet(workbook, '目标进度')
	expect(sheet.title).toBe('2025年6月 招商引资月调度表 · 目标进度')
	const quotaLines = sheet.rows.filter((r) => r['状态'] !== null)
	expect(quotaLines.map((r) => r['考核指标'])).toEqual(progress.map((q) => q.metric))
	progress.forEach((q, i) => {
		const line = quotaLines[i]!
		const { scale } = displayUnit(q)
		expect(line['实际完成'] as number).toBeCloseTo(q.actual / scale, 9)
		expect(line['进度线（应完成）'] as number).toBeCloseTo(q.pace / scale, 9)
		if (q.target > 0) expect(line['完成率'] as number).toBeCloseTo(q.actual / q.target, 9)
		else expect(line['完成率']).toBeNull()
	})
	const projectsQuota = progress.find((q) => q.section === '（六）16')!
	expect(projectsQuota.actual).toBeGreaterThan(0)
	const unitLines = sheet.rows.filter((r) => r['考核指标'] === projectsQuota.metric && r['状态'] === null)
	expect(unitLines.map((r) => [r['责任单位'], r['实际完成']])).toEqual(
		[...projectsQuota.units].sort((a, b) => a.position - b.position).map((u) => [u.unitName, u.actual]),
	)

	// 项目变动: exactly the stage dates in June 2025, by an independent query.
	const june = { gte: new Date('2025-06-01T00:00:00Z'), lt: new Date('2025-07-01T00:00:00Z') }
	const projects = await prisma.project.findMany({
		where: { OR: [{ negotiatingDate: june }, { signedDate: june }, { startedDate: june }, { producingDate: june }, { terminatedDate: june }] },
		select: { title: true, negotiatingDate: true, signedDate: true, startedDate: true, producingDate: true, terminatedDate: true },
	})
	const stageNames = { negotiating: '洽谈', signed: '签约', started: '开工', producing: '投产', terminated: '终止' }
	const expected = projects.flatMap((p) =>
		PROJECT_STAGES.map((stage) => [stage, p[`${stage}Date`]] as const)
			.filter(([, date]) => date !== null && date >= june.gte && date < june.lt)
			.map(([stage, date]) => [day(date!), p.title, stageNames[stage]]),
	)
	const changes = readSheet(workbook, '项目变动')
	const listed = changes.rows.map((r) => [day(r['日期'] as Date), r['项目名称'], r['达到阶段']])
	expect(listed.sort()).toEqual(expected.sort())
	expect(listed.map((r) => r[1])).toContain('（示例）微特电机生产基地')

	// A formula-looking title is a string cell, kept exactly.
	const formulaRow = changes.rows.findIndex((r) => r['项目名称'] === FORMULA_TITLE)
	expect(formulaRow).toBeGreaterThanOrEqual(0)
	expect(changes.sheet.getRow(formulaRow + 3).getCell(2).type).toBe(ExcelJS.ValueType.String)

	// 项目调度: the 合计 line counts the month's signings; 2.5 亿元 shows in 亿元.
	const dispatch = readSheet(workbook, '项目调度')
	const total = dispatch.rows.find((r) => r['责任单位'] === '合计')!
	expect(total['签约（个）']).toBe(expected.filter((e) => e[2] === '签约').length)
	const commerce = dispatch.rows.find((r) => r['责任单位'] === '区商务局')!
	expect(commerce['签约投资（亿元）']).toBeCloseTo(1.5 + 2.5, 9)

	// Layout: bold frozen header under the title, 亿元 with 2 decimals, % with 1.
	expect(dispatch.sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 })
	expect(dispatch.sheet.getRow(2).font?.bold).toBe(true)
	expect(dispatch.sheet.getRow(3).getCell(3).numFmt).toBe('#,##0.00')
	expect(sheet.sheet.getRow(3).getCell(sheet.headers.indexOf('完成率') + 1).numFmt).toBe('0.0%')

	const notes = readSheet(workbook, '说明').rows.map((r) => `${cellText(r['事项']).text}：${cellText(r['内容']).text}`)
	expect(notes).toContain('数据截至：2025-06-30')
	expect(notes).toContain('示例数据：（示例）数据为示例，非来自源文件，仅用于演示。')
})

test('the quarterly bulletin ranks units exactly as rankUnits does on the quarter-end figures', async () => {
	const page = await reportPage(args(getRequest('/reports/quarterly?year=2025&quarter=4', cookie), 'quarterly'))
	expect(page.document.title).toBe('2025年第4季度 招商引资工作季度通报')
	const progress = await loadQuotaProgress(prisma, { scope: WHOLE_INSTALLATION, year: 2025, asOf: '2025-12-31' })
	const ranking = rankUnits(progress, { cap: 1 })
	expect(ranking.length).toBeGreaterThan(1)
	const sheet = page.document.sheets.find((s) => s.key === 'ranking')!
	expect(sheet.rows.map((r) => r.cells.slice(0, 3))).toEqual(ranking.map((u) => [u.rank, u.unitName, u.score]))
	expect(sheet.notes.join()).toContain('得分 = 完成数 ÷ 目标数，单项封顶100分')

	const signed = page.document.sheets.find((s) => s.key === 'signed')!
	const inQuarter = await prisma.project.findMany({
		where: { signedDate: { gte: new Date('2025-10-01T00:00:00Z'), lt: new Date('2026-01-01T00:00:00Z') } },
		select: { title: true },
	})
	expect(signed.rows.map((r) => r.cells[1]).sort()).toEqual(inQuarter.map((p) => p.title).sort())
})

test('the annual assessment lists the items each quota counted', async () => {
	const { workbook } = await download('year=2025', 'annual')
	const progress = await loadQuotaProgress(prisma, { scope: WHOLE_INSTALLATION, year: 2025, asOf: '2025-12-31' })
	const items = readSheet(workbook, '计入明细').rows
	expect(items.map((r) => [r['考核指标'], r['名称']])).toEqual(progress.flatMap((q) => q.items.map((item) => [q.metric, item.label])))
	const counted = items.filter((r) => r['条款'] === '（六）16').map((r) => r['名称'])
	expect(counted).toEqual(expect.arrayContaining(['（示例）微特电机生产基地', '（示例）伺服电机增资项目']))
	// Linked to no chain link, so not a 稀土新材料及应用 project.
	expect(counted).not.toContain(FORMULA_TITLE)
	expect(items.find((r) => r['名称'] === '（示例）伺服电机增资项目')?.['说明']).toBe('增资：仅计增量 2 亿元')

	const assessment = readSheet(workbook, '目标完成情况').rows
	expect(assessment.map((r) => [r['考核指标'], r['是否完成']])).toEqual(progress.map((q) => [q.metric, q.status === 'achieved' ? '是' : '否']))
})

test('bad periods are a 400 saying what is wrong in the reader’s language; unknown reports a 404', async () => {
	const status = async (url: string, kind: string, extraCookie = '') => {
		const response = (await thrown(() => reportPage(args(getRequest(url, `${cookie}${extraCookie}`), kind)))) as Response
		return [response.status, await response.text()]
	}
	expect(await status('/reports/monthly?year=2025&month=13', 'monthly')).toEqual([400, '月份须为 1–12 之间的整数。'])
	expect(await status('/reports/annual?year=abc', 'annual')).toEqual([400, '年份须为 2000–2100 之间的四位数字，如 2025。'])
	expect(await status('/reports/quarterly?year=2025&quarter=2&month=6', 'quarterly')).toEqual([400, '只有月调度表按月份出表，请去掉月份。'])
	const english = `; ${(await localeCookie.serialize('en')).split(';')[0]}`
	expect(await status('/reports/monthly?year=2025&month=13', 'monthly', english)).toEqual([400, 'The month must be a whole number from 1 to 12.'])
	expect((await status('/reports/weekly?year=2025', 'weekly'))[0]).toBe(404)

	const file = (await thrown(() => reportFile(args(getRequest('/reports/annual/xlsx?year=1999', cookie), 'annual')))) as Response
	expect(file.status).toBe(400)
})

test('an English reader gets English sheets and headers', async () => {
	const english = `; ${(await localeCookie.serialize('en')).split(';')[0]}`
	const { response, workbook } = await download('year=2025&month=6', 'monthly', english)
	expect(response.headers.get('Content-Disposition')).toContain("filename*=UTF-8''monthly-dispatch-2025-06.xlsx")
	expect(workbook.worksheets.map((s) => s.name)).toEqual(['Projects by unit', 'Stage changes', 'Quota progress', 'Notes'])
	expect(readSheet(workbook, 'Quota progress').headers).toContain('Completion')
})

test('an English reader gets the items’ notes and the rule problems in English, amounts in CNY millions', async () => {
	const english = `; ${(await localeCookie.serialize('en')).split(';')[0]}`
	const { workbook } = await download('year=2025', 'annual', english)
	const servo = readSheet(workbook, 'Counted items').rows.find((r) => r['Name'] === '（示例）伺服电机增资项目')
	expect(servo?.['Detail']).toBe('capital increase: only the increment of CNY 200 M counts')
	const notes = readSheet(workbook, 'Notes').rows.map((r) => cellText(r['Note']).text)
	expect(notes).toContain('（六）18 稀土金属及合金产量: no output figures for 2025 at the chosen links')
})

test('signed-out readers are sent to log in', async () => {
	const response = (await thrown(() => reportPage(args(getRequest('/reports/monthly?year=2025&month=6'), 'monthly')))) as Response
	expect(response.status).toBe(302)
	expect(response.headers.get('Location')).toContain('/login')
})

test('the CLI writes a readable workbook and refuses bad usage', async () => {
	const out = path.join(dir, 'nested', 'm.xlsx')
	const result = await runReportCommand(prisma, ['monthly', '--year', '2025', '--month', '6', '--out', out])
	expect(result.text).toContain('2025年6月 招商引资月调度表')
	const workbook = new ExcelJS.Workbook()
	await workbook.xlsx.readFile(out)
	expect(workbook.worksheets.map((s) => s.name)).toEqual(['项目调度', '项目变动', '目标进度', '说明'])
	expect(readSheet(workbook, '项目变动').rows.map((r) => r['项目名称'])).toContain(FORMULA_TITLE)

	const quarterly = path.join(dir, 'q.xlsx')
	await runReportCommand(prisma, ['quarterly', '--year', '2025', '--quarter', '2', '--out', quarterly, '--lang', 'en'])
	const english = new ExcelJS.Workbook()
	await english.xlsx.readFile(quarterly)
	expect(english.worksheets[0]!.name).toBe('Unit ranking')

	const refusal = async (cliArgs: string[]) => {
		const error = await thrown(() => runReportCommand(prisma, cliArgs))
		expect(error).toBeInstanceOf(UsageError)
		return (error as Error).message
	}
	expect(await refusal(['monthly', '--year', '2025', '--month', '6'])).toMatch(/--out/)
	expect(await refusal(['quarterly', '--year', '2025', '--quarter', '2', '--month', '6', '--out', path.join(dir, 'x.xlsx')])).toMatch(
		/Only the monthly dispatch takes a month/,
	)
	expect(await refusal(['monthly', '--year', '2025', '--month', '13', '--out', path.join(dir, 'x.xlsx')])).toMatch(/month must be/)
	expect(await refusal(['weekly', '--year', '2025', '--out', path.join(dir, 'x.xlsx')])).toMatch(/monthly, quarterly, annual/)
	expect(await refusal(['annual', '--out', path.join(dir, 'x.xlsx')])).toMatch(/--year/)
	expect(await refusal(['monthly', '--year', '2025', '--month', '6', '--out', out])).toMatch(/--force/)
	await runReportCommand(prisma, ['monthly', '--year', '2025', '--month', '7', '--out', out, '--force'])
	expect(fs.statSync(out).size).toBeGreaterThan(0)
})
