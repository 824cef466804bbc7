import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import ExcelJS from 'exceljs'
import { expect, test } from 'vitest'
import { engineOf, prisma } from '~/db.server'
import { usccCheckChar } from '~/domain/company/uscc'
import { resolveMapping } from '~/domain/import/fields'
import { MAX_FILE_BYTES } from '~/domain/import/limits'
import { readImportFile } from '~/domain/import/read-file'
import { Prisma } from '~/generated/prisma/client'
import { ImportError, runImport } from '~/models/import-commit.server'
import { claimImportJob, finishImportJob, type ImportJobView } from '~/models/import-job.server'
import { importRoot, loadImportSession, receiveUpload, sweepImportSessions } from '~/models/import-session.server'
import { undoImport } from '~/models/import-undo.server'
import { action as previewAction, loader as previewLoader } from '~/routes/data.import.$id/route'
import { action as importAction, loader as importLoader } from '~/routes/data.import._index'
import { loader as jobLoader } from '~/routes/data.import.jobs.$jobId'
import { actorNamed, demoCountyId } from '../helpers/actors'
import { runCliInProcess } from '../helpers/cli'
import { demoUser } from '../helpers/demo-users'
import { BASE, formRequest, getRequest, loginAs, thrown, unwrap } from '../helpers/requests'

/** The demo county: records made here belong to it, as the app's own would (ADR 0026). */
const county = await demoCountyId()

const args = (request: Request, params: Record<string, string> = {}) => ({ request, params, context: {} })
const uscc = (first17: string) => first17 + usccCheckChar(first17)

type Failure = { ok: false; error: { messageKey: string; params?: Record<string, string | number> } }

async function xlsx(fill: (workbook: ExcelJS.Workbook) => void) {
	const workbook = new ExcelJS.Workbook()
	fill(workbook)
	return new Uint8Array(await workbook.xlsx.writeBuffer())
}

function uploadRequest(cookie: string, kind: string, fileName: string, bytes: Uint8Array) {
	const form = new FormData()
	form.set('kind', kind)
	form.set('file', new File([bytes as Uint8Array<ArrayBuffer>], fileName))
	return new Request(`${BASE}/data/import`, { method: 'POST', headers: { Cookie: cookie }, body: form })
}

/** Uploads through the page's action; returns the new session id (the redirect target). */
async function upload(cookie: string, kind: string, fileName: string, bytes: Uint8Array) {
	const response = await importAction(args(uploadRequest(cookie, kind, fileName, bytes)))
	if (!(response instanceof Response)) throw new Error(`upload refused: ${JSON.stringify(unwrap(response))}`)
	expect(response.status).toBe(302)
	return response.headers.get('Location')!.split('/').pop()!
}

/** The preview page's data, which has the preview whenever no commit of the upload runs. */
async function preview(cookie: string, id: string) {
	const page = await previewLoader(args(getRequest(`/data/import/${id}`, cookie), { id }))
	if (!page.preview) throw new Error('the preview page came without a preview')
	return { ...page, preview: page.preview }
}
const post = async (cookie: string, id: string, fields: Record<string, string>) =>
	unwrap<{ ok: boolean; job?: ImportJobView; error?: { messageKey: string } }>(
		await previewAction(args(formRequest(`/data/import/${id}`, fields, { Cookie: cookie }), { id })),
	)

/** The import job as its resource route answers the page's poll. */
const jobOf = async (cookie: string, jobId: string) =>
	(await jobLoader(args(getRequest(`/data/import/jobs/${jobId}`, cookie), { jobId }))).json() as Promise<ImportJobView>

/** Starts the commit and polls the job's resource route, like the page does. */
async function commit(cookie: string, id: string) {
	const { body } = await post(cookie, id, { intent: 'commit' })
	expect(body.job?.id).toBe(id)
	for (;;) {
		const job = await jobOf(cookie, body.job!.id)
		if (job.status !== 'running') return job
		await new Promise((resolve) => setTimeout(resolve, 20))
	}
}

const counts = async () => ({ companies: await prisma.company.count(), batches: await prisma.importBatch.count(), leads: await prisma.lead.count() })

test('an XLSX with Chinese headers: nothing is written while a row has a bad USCC; fixed inline, the commit writes all rows, records and an audit entry', async () => {
	const cookie = await loginAs('manager')
	const good = uscc('91360721MA35QR0X1')
	const fixed = uscc('91360721MA35QR0X2')
	const xss = '<script>alert("xss")</script>稀土有限公司'
	const bytes = await xlsx((workbook) => {
		const sheet = workbook.addWorksheet('企业名单')
		sheet.addRow(['企业名称', '统一社会信用代码', '简称', '注册资本（万元）', '资质', '所属地区', '是否本地', '营业收入'])
		sheet.addRow(['赣州导入测试一有限公司', good, '导入一', 500, '专精特新、高新技术企业', '赣县区', '是', { formula: 'D2*2', result: 1000 }])
		sheet.addRow(['赣州导入测试二有限公司', `${fixed.slice(0, 17)}${fixed[17] === '1' ? '2' : '1'}`, '', '300', '', '', '否', ''])
		sheet.addRow([xss, '', '', '1.2亿元', '', '', '', ''])
	})
	const before = await counts()
	const id = await upload(cookie, 'companies', '企业名单.xlsx', bytes)

	const first = await preview(cookie, id)
	expect(first.session).toMatchObject({
		format: 'xlsx',
		mapping: { 企业名称: 'name', 统一社会信用代码: 'uscc', '注册资本（万元）': 'registeredCapital', 营业收入: 'revenue' },
	})
	expect(first.preview.summary).toMatchObject({ rows: 3, valid: 2, invalid: 1, blocking: 1, create: 2 })
	expect(first.preview.invalid).toEqual([
		expect.objectContaining({ row: 3, issues: [{ column: '统一社会信用代码', level: 'error', messageKey: 'validation.invalidUscc' }] }),
	])
	// The formula's cached result is used, with a note on its row.
	expect(first.preview.warnings).toEqual([{ row: 2, column: '营业收入', level: 'warning', messageKey: 'importer.file.formulaResult' }])

	// Commit is refused as a whole: the job fails and nothing is written.
	const refused = await commit(cookie, id)
	expect(refused).toMatchObject({ status: 'failed', error: { messageKey: 'importer.commit.blocked', params: { count: 1 } } })
	expect(await counts()).toEqual(before)

	// Fix the cell inline (stored as an override), the row is checked again.
	expect((await post(cookie, id, { intent: 'fix', row: '3', 'cell.1': fixed })).body.ok).toBe(true)
	const second = await preview(cookie, id)
	expect(second.preview.summary).toMatchObject({ valid: 3, invalid: 0, blocking: 0, create: 3 })

	const job = await commit(cookie, id)
	expect(job).toMatchObject({ status: 'committed', done: 3, total: 3, result: { created: 3, updated: 0, skipped: 0 } })
	const batchId = job.result!.batchId!
	expect(await counts()).toEqual({ ...before, companies: before.companies + 3, batches: before.batches + 1 })
	const batch = await prisma.importBatch.findUniqueOrThrow({
		where: { id: batchId },
		select: { kind: true, fileName: true, rowCount: true, created: true, records: { select: { entity: true, action: true } } },
	})
	expect(batch).toMatchObject({ kind: 'companies', fileName: '企业名单.xlsx', rowCount: 3, created: 3 })
	expect(batch.records).toHaveLength(3)
	expect(batch.records.every((r) => r.entity === 'Company' && r.action === 'create')).toBe(true)
	expect(await prisma.auditLog.count({ where: { entity: 'ImportBatch', entityId: batchId, action: 'create' } })).toBe(1)
	// The commit brings the search index up to date before the job ends (ADR 0018).
	expect(await prisma.companySearchDirty.count()).toBe(0)

	const one = await prisma.company.findFirstOrThrow({
		where: { uscc: good },
		select: {
			name: true,
			isLocal: true,
			registeredCapitalCNY: true,
			revenueCNY: true,
			region: { select: { name: true } },
			tags: { select: { tag: true } },
			aliases: { select: { kind: true, name: true } },
		},
	})
	expect(one).toMatchObject({
		name: '赣州导入测试一有限公司',
		isLocal: true,
		registeredCapitalCNY: 5_000_000n,
		revenueCNY: 1000n,
		region: { name: '赣县区' },
		aliases: [{ kind: 'short', name: '导入一' }],
	})
	expect(one.tags.map((t) => t.tag).sort()).toEqual(['gaoxin', 'zhuanjingtexin'])
	expect(await prisma.company.findFirst({ where: { uscc: fixed }, select: { isLocal: true } })).toEqual({ isLocal: false })
	// The bulk INSERT stores values as Prisma's own writes do: same DateTime text as the batch row Prisma wrote at the same instant.
	const postgres = engineOf() === 'postgresql'
	const typeOfIsLocal = postgres ? Prisma.sql`pg_typeof("isLocal")::text` : Prisma.sql`typeof("isLocal")`
	const [stored] = await prisma.$queryRaw<{ company: string; batch: string; isLocal: string }[]>`SELECT
		(SELECT "createdAt" || '' FROM "Company" WHERE "uscc" = ${good}) AS "company",
		(SELECT "createdAt" || '' FROM "ImportBatch" WHERE "id" = ${batchId}) AS "batch",
		(SELECT ${typeOfIsLocal} FROM "Company" WHERE "uscc" = ${good}) AS "isLocal"`
	expect(stored!.company).toBe(stored!.batch)
	expect(stored!.isLocal).toBe(postgres ? 'boolean' : 'integer')
	// Stored verbatim (React escapes it on output); the unit in the cell beats the header's.
	expect(await prisma.company.findFirst({ where: { name: xss }, select: { registeredCapitalCNY: true } })).toEqual({ registeredCapitalCNY: 120_000_000n })

	// The session is gone after the commit (or, the moment before the job removes it, leads on to the batch), and the history shows the batch.
	const after = (await thrown(() => preview(cookie, id))) as Response
	if (after.status === 302) expect(after.headers.get('Location')).toBe(`/data/import?batch=${batchId}`)
	else expect(after.status).toBe(404)
	const history = await importLoader(args(getRequest(`/data/import?batch=${batchId}`, cookie)))
	expect(history.finished).toMatchObject({ id: batchId, created: 3 })

	// Undo removes exactly what the import created.
	const undo = unwrap<{ ok: boolean }>(await importAction(args(formRequest('/data/import', { intent: 'undo', batchId }, { Cookie: cookie }))))
	expect(undo).toEqual({ status: 200, body: { ok: true, undo: { deleted: 3, restored: 0 } } })
	expect(await prisma.company.count({ where: { OR: [{ uscc: good }, { uscc: fixed }, { name: xss }] } })).toBe(0)
	expect((await prisma.importBatch.findUniqueOrThrow({ where: { id: batchId }, select: { undoneAt: true } })).undoneAt).toBeInstanceOf(Date)
	const again = unwrap<Failure>(await importAction(args(formRequest('/data/import', { intent: 'undo', batchId }, { Cookie: cookie }))))
	expect(again).toMatchObject({ status: 409, body: { ok: false, error: { messageKey: 'importer.undo.alreadyUndone' } } })
})

test('a duplicate of a seeded company (by its 简称) is skipped by default, updated on request, and undo restores the old values', async () => {
	const cookie = await loginAs('manager')
	const seeded = await prisma.company.findFirstOrThrow({
		where: { name: '中国稀土集团有限公司' },
		select: { id: true, industry: true, contactPhone: true, tags: { select: { tag: true } } },
	})
	const csv = [
		'企业名称,所属行业,联系电话,资质',
		'中国稀土集团,稀土冶炼,0797-8888888,链主、专精特新',
		'中国稀土集团 有限公司,稀土,,',
		'赣州全新测试有限公司,新材料,,',
	].join('\r\n')
	const id = await upload(cookie, 'companies', 'dupes.csv', new TextEncoder().encode(csv))
	const { preview: first } = await preview(cookie, id)
	expect(first.duplicates).toEqual([
		expect.objectContaining({
			row: 2,
			action: 'skip',
			allowedActions: ['skip', 'update'],
			duplicate: { entityId: seeded.id, label: '中国稀土集团有限公司', by: 'alias' },
		}),
		expect.objectContaining({ row: 3, action: 'skip', allowedActions: ['skip'], inFileDuplicateOf: 2 }),
	])
	expect(first.summary).toMatchObject({ create: 1, skip: 2, update: 0 })

	expect((await post(cookie, id, { intent: 'rowAction', row: '2', action: 'update' })).body.ok).toBe(true)
	expect((await preview(cookie, id)).preview.summary).toMatchObject({ create: 1, update: 1, skip: 1 })
	const job = await commit(cookie, id)
	expect(job.result).toMatchObject({ created: 1, updated: 1, skipped: 1 })

	// Found by its short name, the company keeps its registered name.
	const updated = await prisma.company.findUniqueOrThrow({
		where: { id: seeded.id },
		select: { name: true, industry: true, contactPhone: true, tags: { select: { tag: true } } },
	})
	expect(updated).toMatchObject({ name: '中国稀土集团有限公司', industry: '稀土冶炼', contactPhone: '0797-8888888' })
	expect(updated.tags.map((t) => t.tag).sort()).toEqual(['lianzhu', 'zhuanjingtexin'])
	const record = await prisma.importRecord.findFirstOrThrow({
		where: { batchId: job.result!.batchId!, action: 'update' },
		select: { entityId: true, before: true },
	})
	expect(record.entityId).toBe(seeded.id)
	expect(JSON.parse(record.before!)).toEqual({ industry: seeded.industry, contactPhone: seeded.contactPhone, tags: seeded.tags.map((t) => t.tag) })

	const undo = unwrap<{ ok: boolean }>(
		await importAction(args(formRequest('/data/import', { intent: 'undo', batchId: job.result!.batchId! }, { Cookie: cookie }))),
	)
	expect(undo.body).toEqual({ ok: true, undo: { deleted: 1, restored: 1 } })
	const restored = await prisma.company.findUniqueOrThrow({
		where: { id: seeded.id },
		select: { industry: true, contactPhone: true, tags: { select: { tag: true } } },
	})
	expect(restored).toMatchObject({ industry: seeded.industry, contactPhone: seeded.contactPhone })
	expect(restored.tags.map((t) => t.tag).sort()).toEqual(seeded.tags.map((t) => t.tag).sort())
	expect(await prisma.company.count({ where: { name: '赣州全新测试有限公司' } })).toBe(0)
	expect(await prisma.auditLog.count({ where: { entity: 'ImportBatch', entityId: job.result!.batchId!, action: 'undo' } })).toBe(1)
})

test('an update that keeps a tag keeps its 认定 year; undo puts back the dropped tag with its year', async () => {
	const code = uscc('91360721MA35TY0R1')
	const company = await prisma.company.create({
		data: {
			name: '认定年份导入测试有限公司',
			isLocal: true,
			uscc: code,
			tags: { create: [{ tag: 'gaoxin', grantedYear: 2024 }, { tag: 'lianzhu', grantedYear: 2023 }, { tag: 'guishang' }] },
		},
		select: { id: true },
	})
	const tags = () => prisma.companyTag.findMany({ where: { companyId: company.id }, orderBy: { tag: 'asc' }, select: { tag: true, grantedYear: true } })
	const sheet = await readImportFile(
		new TextEncoder().encode(`企业名称,统一社会信用代码,资质\n认定年份导入测试有限公司,${code},高新技术企业、专精特新、规上\n`),
		'x.csv',
	)
	const options = {
		mapping: resolveMapping('companies', sheet.headers),
		overrides: {},
		actions: {},
		duplicateAction: 'update' as const,
		createMissingCompanies: false,
		defaultOwnerId: null,
		importer: null,
	}
	const { batchId, updated } = await runImport(prisma, { kind: 'companies', sheet, options, fileName: 'x.csv', userId: null })
	expect(updated).toBe(1)
	expect(await tags()).toEqual([
		{ tag: 'gaoxin', grantedYear: 2024 },
		{ tag: 'guishang', grantedYear: null },
		{ tag: 'zhuanjingtexin', grantedYear: null },
	])
	expect(await undoImport(prisma, batchId!, null)).toEqual({ deleted: 0, restored: 1 })
	expect(await tags()).toEqual([
		{ tag: 'gaoxin', grantedYear: 2024 },
		{ tag: 'guishang', grantedYear: null },
		{ tag: 'lianzhu', grantedYear: 2023 },
	])
})

test('undo is refused while a company the import created has a lead made after it', async () => {
	const sheet = await readImportFile(new TextEncoder().encode('企业名称\n后续有线索的公司\n'), 'x.csv')
	const options = {
		mapping: resolveMapping('companies', sheet.headers),
		overrides: {},
		actions: {},
		duplicateAction: 'skip' as const,
		createMissingCompanies: false,
		defaultOwnerId: null,
		importer: null,
	}
	const { batchId } = await runImport(prisma, { kind: 'companies', sheet, options, fileName: 'x.csv', userId: null })
	const company = await prisma.company.findFirstOrThrow({ where: { name: '后续有线索的公司' }, select: { id: true } })
	const owner = await prisma.user.findFirstOrThrow({ select: { id: true } })
	const lead = await prisma.lead.create({ data: { regionId: county, companyId: company.id, ownerId: owner.id, source: 'expo' }, select: { id: true } })
	const error = await thrown(() => undoImport(prisma, batchId!, null))
	expect(error).toBeInstanceOf(ImportError)
	expect(error).toMatchObject({ messageKey: 'importer.undo.companyInUse', params: { count: 1, names: '后续有线索的公司' } })
	expect(await prisma.company.count({ where: { id: company.id } })).toBe(1)
	await prisma.lead.delete({ where: { id: lead.id } })
	expect(await undoImport(prisma, batchId!, null)).toEqual({ deleted: 1, restored: 0 })
})

test('a file over 50 MB is refused before it is parsed, and leaves nothing behind', async () => {
	const cookie = await loginAs('staff')
	const big = new Uint8Array(MAX_FILE_BYTES + 1).fill(0x61)
	const refused = unwrap<Failure>(await importAction(args(uploadRequest(cookie, 'companies', 'big.csv', big))))
	expect(refused).toMatchObject({ status: 413, body: { ok: false, error: { messageKey: 'importer.file.tooLarge', params: { maxMb: 50 } } } })
	// Without a Content-Length, the stream itself is cut off at the limit.
	async function* chunks() {
		for (let sent = 0; sent <= MAX_FILE_BYTES; sent += 1024 * 1024) yield new Uint8Array(1024 * 1024)
	}
	await expect(receiveUpload('big.csv', chunks())).rejects.toMatchObject({ messageKey: 'importer.file.tooLarge' })
	expect(fs.existsSync(importRoot()) ? fs.readdirSync(importRoot()) : []).toEqual([])
})

/** GBK bytes for `text`, from the decoder's own table (so the test needs no encoder library). */
function gbk(text: string) {
	const table = new Map<string, number[]>()
	const decoder = new TextDecoder('gbk')
	for (let a = 0x81; a <= 0xfe; a++) {
		for (let b = 0x40; b <= 0xfe; b++) {
			const char = decoder.decode(new Uint8Array([a, b]))
			if (char.length === 1 && char !== '\uFFFD' && !table.has(char)) table.set(char, [a, b])
		}
	}
	return Uint8Array.from([...text].flatMap((c) => (c.charCodeAt(0) < 0x80 ? [c.charCodeAt(0)] : table.get(c)!)))
}

test('a GBK-encoded CSV is read correctly and says which encoding was used', async () => {
	const cookie = await loginAs('staff')
	const bytes = gbk('企业名称,所属地区,主营业务\r\n赣州稀土新材料有限公司,赣县区,钕铁硼磁材\r\n')
	expect([...bytes.slice(0, 8)]).toEqual([0xc6, 0xf3, 0xd2, 0xb5, 0xc3, 0xfb, 0xb3, 0xc6])
	const id = await upload(cookie, 'companies', 'gbk.csv', bytes)
	const { session, preview: p } = await preview(cookie, id)
	expect(session).toMatchObject({ format: 'csv', encoding: 'gb18030', headers: ['企业名称', '所属地区', '主营业务'] })
	expect(p.preview[0]!.cells).toEqual(['赣州稀土新材料有限公司', '赣县区', '钕铁硼磁材'])
	expect(await commit(cookie, id)).toMatchObject({ status: 'committed', result: { created: 1 } })
	expect(await prisma.company.findFirst({ where: { name: '赣州稀土新材料有限公司' }, select: { description: true } })).toEqual({ description: '钕铁硼磁材' })
})

test('the same upload committed twice at once (a double click, a second tab) writes one batch', async () => {
	const cookie = await loginAs('staff')
	const id = await upload(cookie, 'companies', 'twice.csv', new TextEncoder().encode('企业名称\n双击导入一有限公司\n双击导入二有限公司\n'))
	const [first, second] = await Promise.all([post(cookie, id, { intent: 'commit' }), post(cookie, id, { intent: 'commit' })])
	expect(first.body.job?.id).toBe(id)
	expect(second.body.job?.id).toBe(id)
	let job = await jobOf(cookie, id)
	while (job.status === 'running') {
		await new Promise((resolve) => setTimeout(resolve, 20))
		job = await jobOf(cookie, id)
	}
	expect(job).toMatchObject({ status: 'committed', result: { created: 2 } })
	expect(await prisma.importBatch.count({ where: { fileName: 'twice.csv' } })).toBe(1)
	expect(await prisma.company.count({ where: { name: { startsWith: '双击导入' } } })).toBe(2)
})

test('while its commit runs, the page shows the progress and checks no rows; a commit that ends unwritten brings the preview back', async () => {
	const cookie = await loginAs('staff')
	const user = await prisma.user.findFirstOrThrow({ where: { username: demoUser('staff').username }, select: { id: true } })
	const id = await upload(cookie, 'companies', 'running.csv', new TextEncoder().encode('企业名称\n进行中导入有限公司\n'))
	// The job as the commit claims it, held running (the commit itself is not started).
	await claimImportJob(prisma, { id, kind: 'companies', fileName: 'running.csv', userId: user.id })
	const running = await previewLoader(args(getRequest(`/data/import/${id}`, cookie), { id }))
	expect(running.preview).toBeNull()
	expect(running.job).toMatchObject({ id, status: 'running' })
	expect(running.session).toMatchObject({ fileName: 'running.csv', headers: ['企业名称'] })

	await finishImportJob(prisma, id, { error: { messageKey: 'importer.commit.failed', params: {} } })
	const ended = await preview(cookie, id)
	expect(ended.job).toMatchObject({ status: 'failed' })
	expect(ended.preview.summary).toMatchObject({ rows: 1, create: 1 })
	expect(await prisma.company.count({ where: { name: '进行中导入有限公司' } })).toBe(0)
})

test('the sweep removes uploads left for more than a day, and keeps newer ones', async () => {
	const cookie = await loginAs('staff')
	const user = await prisma.user.findFirstOrThrow({ where: { username: demoUser('staff').username }, select: { id: true } })
	const id = await upload(cookie, 'companies', 'left.csv', new TextEncoder().encode('企业名称\n遗留上传有限公司\n'))
	const stray = path.join(importRoot(), 'not-a-session')
	fs.mkdirSync(stray, { recursive: true })
	expect(await sweepImportSessions()).toBe(0)
	expect(await loadImportSession(id, user.id)).not.toBeNull()
	expect(await sweepImportSessions(Date.now() + 25 * 60 * 60 * 1000)).toBeGreaterThanOrEqual(2)
	expect(fs.existsSync(path.join(importRoot(), id))).toBe(false)
	expect(fs.existsSync(stray)).toBe(false)
})

test('empty sheets, header-only files and non-spreadsheets get clear messages', async () => {
	const cookie = await loginAs('staff')
	const refusal = async (fileName: string, bytes: Uint8Array) => unwrap<Failure>(await importAction(args(uploadRequest(cookie, 'companies', fileName, bytes))))
	const empty = await xlsx((workbook) => workbook.addWorksheet('Sheet1'))
	expect(await refusal('empty.xlsx', empty)).toMatchObject({ status: 400, body: { error: { messageKey: 'importer.file.empty' } } })
	const headerOnly = await xlsx((workbook) => workbook.addWorksheet('Sheet1').addRow(['企业名称', '统一社会信用代码']))
	expect(await refusal('header.xlsx', headerOnly)).toMatchObject({ status: 400, body: { error: { messageKey: 'importer.file.noDataRows' } } })
	const pdf = new TextEncoder().encode('%PDF-1.7 not a spreadsheet')
	expect(await refusal('report.pdf', pdf)).toMatchObject({ status: 400, body: { error: { messageKey: 'importer.file.unsupported' } } })
	expect(fs.existsSync(importRoot()) ? fs.readdirSync(importRoot()) : []).toEqual([])
})

test('a formula cell without a cached result is an error on its row until a value is typed in', async () => {
	const cookie = await loginAs('staff')
	const bytes = await xlsx((workbook) => {
		const sheet = workbook.addWorksheet('企业')
		sheet.addRow(['企业名称', '从业人数'])
		sheet.addRow(['公式测试有限公司', { formula: 'SUM(1,2)' }])
	})
	const id = await upload(cookie, 'companies', 'formula.xlsx', bytes)
	const first = await preview(cookie, id)
	expect(first.preview.invalid[0]!.issues).toEqual([{ column: '从业人数', level: 'error', messageKey: 'importer.file.formulaNoResult' }])
	await post(cookie, id, { intent: 'fix', row: '2', 'cell.0': '公式测试有限公司', 'cell.1': '30' })
	expect((await preview(cookie, id)).preview.summary).toMatchObject({ invalid: 0, create: 1 })
	await post(cookie, id, { intent: 'cancel' })
	expect(((await thrown(() => preview(cookie, id))) as Response).status).toBe(404)
})

test('columns the headers do not name are mapped by hand, saved as a named mapping and reused for the next file', async () => {
	const cookie = await loginAs('staff')
	const csv = new TextEncoder().encode('全称,代码,备注\n手工映射测试有限公司,,随便\n')
	const id = await upload(cookie, 'companies', 'odd.csv', csv)
	expect((await preview(cookie, id)).preview.missingFields).toEqual(['name'])
	await post(cookie, id, { intent: 'mapping', 'map.0': 'name', 'map.1': 'uscc', 'map.2': '' })
	const mapped = await preview(cookie, id)
	expect(mapped.session.mapping).toEqual({ 全称: 'name', 代码: 'uscc' })
	expect(mapped.preview.summary).toMatchObject({ valid: 1, create: 1 })
	expect((await post(cookie, id, { intent: 'saveMapping', name: '外部名单' })).body.ok).toBe(true)
	const saved = await prisma.importMapping.findUniqueOrThrow({
		where: { kind_name: { kind: 'companies', name: '外部名单' } },
		select: { id: true, mapping: true },
	})
	expect(JSON.parse(saved.mapping)).toEqual({ 全称: 'name', 代码: 'uscc' })

	const next = await upload(cookie, 'companies', 'odd-2.csv', csv)
	expect((await preview(cookie, next)).session.mapping).toEqual({})
	await post(cookie, next, { intent: 'applyMapping', mappingId: saved.id })
	expect((await preview(cookie, next)).session.mapping).toEqual({ 全称: 'name', 代码: 'uscc' })
})

test('an import belongs to the user who uploaded it', async () => {
	const staff = await loginAs('staff')
	const manager = await loginAs('manager')
	const id = await upload(staff, 'companies', 'mine.csv', new TextEncoder().encode('企业名称\n只属于我的公司\n'))
	expect(((await thrown(() => preview(manager, id))) as Response).status).toBe(404)
	expect(
		((await thrown(() => previewAction(args(formRequest(`/data/import/${id}`, { intent: 'commit' }, { Cookie: manager }), { id })))) as Response).status,
	).toBe(404)
	expect((await importLoader(args(getRequest('/data/import', staff)))).sessions.map((s) => s.id)).toContain(id)
	expect((await importLoader(args(getRequest('/data/import', manager)))).sessions.map((s) => s.id)).not.toContain(id)
})

test('leads: known companies by name, missing ones created on request, stage history from the file; undo removes both', async () => {
	const cookie = await loginAs('manager')
	const free = await prisma.company.findFirstOrThrow({ where: { leads: { none: {} }, uscc: null }, select: { id: true, name: true } })
	const csv = [
		'企业名称,负责人,阶段,来源渠道,下次跟进,备注',
		`${free.name},李专员,已拜访,展会,2026/12/1,展会上认识`,
		'导入新建的目标企业有限公司,,洽谈中,以商招商,,',
	].join('\n')
	const id = await upload(cookie, 'leads', 'leads.csv', new TextEncoder().encode(csv))
	const first = await preview(cookie, id)
	expect(first.preview.invalid[0]!.issues).toEqual([
		{ column: '企业名称', level: 'error', messageKey: 'importer.errors.unknownCompany', params: { value: '导入新建的目标企业有限公司' } },
	])
	await post(cookie, id, { intent: 'options', duplicateAction: 'skip', createMissingCompanies: 'on' })
	expect((await preview(cookie, id)).preview.summary).toMatchObject({ invalid: 0, create: 2 })
	const job = await commit(cookie, id)
	expect(job.result).toMatchObject({ created: 2 })

	const leads = await prisma.lead.findMany({
		where: { company: { name: { in: [free.name, '导入新建的目标企业有限公司'] } } },
		orderBy: { stage: 'desc' },
		select: {
			stage: true,
			source: true,
			nextActionDate: true,
			owner: { select: { username: true } },
			company: { select: { isLocal: true } },
			stageChanges: { select: { fromStage: true, toStage: true } },
		},
	})
	expect(leads).toEqual([
		{
			stage: 'visited',
			source: 'expo',
			nextActionDate: new Date('2026-12-01T00:00:00Z'),
			owner: { username: 'lina' },
			company: { isLocal: expect.any(Boolean) },
			stageChanges: [{ fromStage: null, toStage: 'visited' }],
		},
		// No owner in the row: the importing user; a company created for it is external.
		{
			stage: 'negotiating',
			source: 'business',
			nextActionDate: null,
			owner: { username: 'leader' },
			company: { isLocal: false },
			stageChanges: [{ fromStage: null, toStage: 'negotiating' }],
		},
	])
	const changes = await prisma.leadStageChange.findMany({ where: { lead: { company: { name: free.name } } }, select: { leadId: true, at: true } })
	expect(await undoImport(prisma, job.result!.batchId!, null)).toEqual({ deleted: 3, restored: 0 })
	// The deleted lead stays in the audit log with its stage history, each time the instant it was (UTC on both engines).
	const audit = await prisma.auditLog.findFirstOrThrow({ where: { entity: 'Lead', entityId: changes[0]!.leadId, action: 'delete' }, select: { before: true } })
	const logged = (JSON.parse(audit.before!) as { stageChanges: { at: string }[] }).stageChanges.map((c) => c.at)
	// With its zone: text without one would be read as the reader's local time.
	for (const at of logged) expect(at).toMatch(/(Z|[+-]\d{2}:\d{2})$/)
	expect(logged.map((at) => new Date(at).getTime())).toEqual(changes.map((c) => c.at.getTime()))
	expect(await prisma.company.count({ where: { name: '导入新建的目标企业有限公司' } })).toBe(0)
	expect(await prisma.lead.count({ where: { companyId: free.id } })).toBe(0)
})

test('projects: Chinese types and stages, amounts with units, stage dates as the file gives them', async () => {
	const cookie = await loginAs('manager')
	const csv = [
		'项目名称,企业名称,项目类型,投资额,阶段,洽谈日期,签约日期,责任单位,集群引领性',
		'导入测试永磁电机项目,中国稀土集团,扩建,3.5亿元,签约,2026-01-05,2026年3月1日,区商务局,是',
	].join('\n')
	const id = await upload(cookie, 'projects', 'projects.csv', new TextEncoder().encode(csv))
	expect((await preview(cookie, id)).preview.summary).toMatchObject({ valid: 1, create: 1 })
	expect((await commit(cookie, id)).status).toBe('committed')
	const project = await prisma.project.findFirstOrThrow({
		where: { title: '导入测试永磁电机项目' },
		select: {
			type: true,
			investmentCNY: true,
			stage: true,
			negotiatingDate: true,
			signedDate: true,
			isClusterLeading: true,
			company: { select: { name: true } },
			responsibleUnit: { select: { name: true } },
		},
	})
	expect(project).toEqual({
		type: 'expansion',
		investmentCNY: 350_000_000n,
		stage: 'signed',
		negotiatingDate: new Date('2026-01-05T00:00:00Z'),
		signedDate: new Date('2026-03-01T00:00:00Z'),
		isClusterLeading: true,
		company: { name: '中国稀土集团有限公司' },
		responsibleUnit: { name: '区商务局' },
	})
})

const cli = (...args: string[]) => runCliInProcess(args)
// Several cold CLI starts (tsx): give them time on a loaded 2-core machine.

test('CLI: import a CSV with --json; any row error exits 64 and writes nothing', async () => {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chainlead-import-cli-'))
	const bad = path.join(dir, 'bad.csv')
	fs.writeFileSync(bad, '\uFEFF企业名称,统一社会信用代码,注册资本\r\n命令行导入甲有限公司,,500万元\r\n命令行导入乙有限公司,123,\r\n')
	const before = await counts()
	const refused = await cli('import', 'companies', bad, '--json')
	expect(refused.code).toBe(64)
	expect(JSON.parse(refused.stdout)).toEqual({
		rows: 2,
		created: 0,
		updated: 0,
		skipped: 0,
		errors: [{ row: 3, column: '统一社会信用代码', message: '统一社会信用代码无效（18 位，校验位不符）' }],
		encoding: 'utf-8',
		dryRun: false,
		batchId: null,
	})
	expect(await counts()).toEqual(before)

	const mapping = path.join(dir, 'mapping.json')
	fs.writeFileSync(mapping, JSON.stringify({ 统一社会信用代码: '' }))
	const dry = await cli('import', 'companies', bad, '--mapping', mapping, '--dry-run', '--json')
	expect(dry.code).toBe(0)
	expect(JSON.parse(dry.stdout)).toMatchObject({ rows: 2, created: 2, errors: [], dryRun: true, batchId: null })
	expect(await counts()).toEqual(before)

	const done = await cli('import', 'companies', bad, '--mapping', mapping, '--json')
	expect(done.code).toBe(0)
	expect(JSON.parse(done.stdout)).toMatchObject({ rows: 2, created: 2, skipped: 0, errors: [] })
	expect(await prisma.company.findFirst({ where: { name: '命令行导入甲有限公司' }, select: { registeredCapitalCNY: true } })).toEqual({
		registeredCapitalCNY: 5_000_000n,
	})
	expect(await counts()).toEqual({ ...before, companies: before.companies + 2, batches: before.batches + 1 })

	const wrongMapping = path.join(dir, 'wrong.json')
	fs.writeFileSync(wrongMapping, JSON.stringify({ 企业名称: 'password' }))
	const usage = await cli('import', 'companies', bad, '--mapping', wrongMapping)
	expect(usage.code).toBe(64)
	expect(usage.stderr).toContain('unknown companies field(s) in --mapping: password')
	fs.rmSync(dir, { recursive: true, force: true })
}, 90_000)

test('a staff import follows the same rules as the forms, row by row', async () => {
	const cookie = await loginAs('staff')
	const company = await prisma.company.findFirstOrThrow({ where: { isLocal: true }, select: { name: true } })
	const projects = [
		'项目名称,企业名称,项目类型,投资额（万元）,阶段,洽谈日期,签约日期',
		`员工导入洽谈项目,${company.name},新建,1000,洽谈,2026-10-01,`,
		`员工导入签约项目,${company.name},新建,80000,签约,2026-10-01,2026-11-01`,
	].join('\n')
	const id = await upload(cookie, 'projects', 'projects.csv', new TextEncoder().encode(projects))
	const { preview: projectPreview } = await preview(cookie, id)
	expect(projectPreview.summary).toMatchObject({ valid: 1, invalid: 1 })
	expect(projectPreview.invalid[0]).toMatchObject({ row: 3, issues: [{ column: '阶段', level: 'error', messageKey: 'access.countedStageIsManagers' }] })

	const companies = ['企业名称,资质,营业收入（万元）,联系人', '员工导入的企业甲,,,王经理', '员工导入的企业乙,高新技术企业,50000,']
	const companyId = await upload(cookie, 'companies', 'companies.csv', new TextEncoder().encode(companies.join('\n')))
	const { preview: companyPreview } = await preview(cookie, companyId)
	expect(companyPreview.invalid.map((r) => [r.row, r.issues.map((i) => i.messageKey)])).toEqual([
		[3, ['access.countedCompanyFactsAreManagers', 'access.countedCompanyFactsAreManagers']],
	])
	// The manager may import the same file as it is.
	const manager = await loginAs('manager')
	const managerId = await upload(manager, 'companies', 'companies.csv', new TextEncoder().encode(companies.join('\n')))
	expect((await preview(manager, managerId)).preview.summary).toMatchObject({ valid: 2, invalid: 0 })
})

test('undo: only the importer or a manager, refused with the list while a row was changed since, and the removed rows stay in the audit log', async () => {
	const staff = await loginAs('staff')
	const csv = ['企业名称,联系人', '撤销权限测试企业甲,王经理', '撤销权限测试企业乙,李经理'].join('\n')
	const id = await upload(staff, 'companies', 'undo.csv', new TextEncoder().encode(csv))
	const job = await commit(staff, id)
	const batchId = job.result!.batchId!

	// Another staff member may not undo it.
	await prisma.user.create({ data: { username: 'other.staff.undo', name: '另一位专员', role: 'staff' }, select: { id: true } })
	const otherActor = await actorNamed('other.staff.undo')
	const refusedOther = await thrown(() => undoImport(prisma, batchId, otherActor))
	expect(refusedOther).toMatchObject({ messageKey: 'access.notYours', status: 403 })

	// A colleague edits one of the imported companies: undo would throw that away.
	const edited = await prisma.company.findFirstOrThrow({ where: { name: '撤销权限测试企业乙' }, select: { id: true } })
	const manager = await prisma.user.findUniqueOrThrow({ where: { username: demoUser('manager').username }, select: { id: true } })
	await prisma.auditLog.create({
		data: { userId: manager.id, entity: 'Company', entityId: edited.id, action: 'update', before: '{}', after: '{}' },
		select: { id: true },
	})
	const refused = unwrap<Failure & { records: { label: string; by: string }[] }>(
		await importAction(args(formRequest('/data/import', { intent: 'undo', batchId }, { Cookie: staff }))),
	)
	expect(refused.status).toBe(409)
	expect(refused.body.error).toMatchObject({ messageKey: 'importer.undo.changedSince', params: { count: 1 } })
	expect(refused.body.records).toEqual([expect.objectContaining({ label: '撤销权限测试企业乙', by: '刘局长' })])
	expect(await prisma.company.count({ where: { name: { startsWith: '撤销权限测试企业' } } })).toBe(2)

	// Without that change, the importer undoes it and the audit log keeps each removed row whole.
	await prisma.auditLog.deleteMany({ where: { entity: 'Company', entityId: edited.id, action: 'update' } })
	const undone = unwrap(await importAction(args(formRequest('/data/import', { intent: 'undo', batchId }, { Cookie: staff }))))
	expect(undone).toEqual({ status: 200, body: { ok: true, undo: { deleted: 2, restored: 0 } } })
	const kept = await prisma.auditLog.findMany({
		where: { entity: 'Company', action: 'delete', entityId: { in: [edited.id] } },
		select: { before: true, user: { select: { username: true } } },
	})
	expect(kept).toHaveLength(1)
	expect(JSON.parse(kept[0]!.before!)).toMatchObject({ id: edited.id, name: '撤销权限测试企业乙', contactName: '李经理', tags: [], aliases: [] })
	expect(kept[0]!.user?.username).toBe(demoUser('staff').username)
})

test('one update import changing names, aliases, tags with years and plain fields of several companies writes each as its row says; undo restores all', async () => {
	const codes = ['91360700MA35BULK1', '91360700MA35BULK2', '91360700MA35BULK3'].map((first17) => uscc(first17.slice(0, 17)))
	const create = (n: number, data: object) =>
		prisma.company.create({ data: { name: `批量更新测试${n}有限公司`, uscc: codes[n - 1], isLocal: true, ...data }, select: { id: true } })
	const one = await create(1, {
		contactName: '甲',
		aliases: {
			create: [
				{ kind: 'short', name: '批量一' },
				{ kind: 'former', name: '批量旧名一' },
			],
		},
	})
	const two = await create(2, {
		tags: { create: [{ tag: 'gaoxin', grantedYear: 2021 }, { tag: 'guishang' }] },
		aliases: { create: [{ kind: 'short', name: '批量二' }] },
	})
	const three = await create(3, { contactPhone: '0797-1000000', revenueCNY: 5_000_000n })
	const state = () =>
		prisma.company.findMany({
			where: { id: { in: [one.id, two.id, three.id] } },
			orderBy: { uscc: 'asc' },
			select: {
				name: true,
				contactName: true,
				contactPhone: true,
				revenueCNY: true,
				aliases: { orderBy: [{ kind: 'asc' }, { name: 'asc' }], select: { kind: true, name: true } },
				tags: { orderBy: { tag: 'asc' }, select: { tag: true, grantedYear: true } },
			},
		})
	const before = await state()
	const csv = [
		'企业名称,统一社会信用代码,简称,联系人,联系电话,资质',
		`批量更新测试一改名有限公司,${codes[0]},批量一新,乙,,`,
		`批量更新测试2有限公司,${codes[1]},,,,高新技术企业（2024）、专精特新`,
		`批量更新测试3有限公司,${codes[2]},,,0797-2000000,`,
	].join('\n')
	const sheet = await readImportFile(new TextEncoder().encode(csv), 'bulk.csv')
	const options = {
		mapping: resolveMapping('companies', sheet.headers),
		overrides: {},
		actions: {},
		duplicateAction: 'update' as const,
		createMissingCompanies: false,
		defaultOwnerId: null,
		importer: null,
	}
	const outcome = await runImport(prisma, { kind: 'companies', sheet, options, fileName: 'bulk.csv', userId: null })
	expect(outcome).toMatchObject({ errors: [], updated: 3 })
	expect(await state()).toEqual([
		{
			name: '批量更新测试一改名有限公司',
			contactName: '乙',
			contactPhone: null,
			revenueCNY: null,
			aliases: [
				{ kind: 'former', name: '批量旧名一' },
				{ kind: 'short', name: '批量一新' },
			],
			tags: [],
		},
		{
			name: '批量更新测试2有限公司',
			contactName: null,
			contactPhone: null,
			revenueCNY: null,
			aliases: [{ kind: 'short', name: '批量二' }],
			tags: [
				{ tag: 'gaoxin', grantedYear: 2024 },
				{ tag: 'zhuanjingtexin', grantedYear: null },
			],
		},
		{ name: '批量更新测试3有限公司', contactName: null, contactPhone: '0797-2000000', revenueCNY: 5_000_000n, aliases: [], tags: [] },
	])
	expect(await undoImport(prisma, outcome.batchId!, null)).toEqual({ deleted: 0, restored: 3 })
	expect(await state()).toEqual(before)
})

test('an import update and its undo move the versions on, so edit forms opened before them are stale (ADR 0015)', async () => {
	const company = await prisma.company.create({ data: { name: '版本导入测试有限公司', isLocal: true }, select: { id: true, version: true } })
	const project = await prisma.project.create({
		data: {
			regionId: county,
			title: '版本导入测试项目',
			companyId: company.id,
			type: 'new',
			investmentCNY: 10_000_000n,
			stage: 'negotiating',
			negotiatingDate: new Date('2026-10-01'),
		},
		select: { id: true, version: true },
	})
	const versions = async () => ({
		company: (await prisma.company.findUniqueOrThrow({ where: { id: company.id }, select: { version: true } })).version,
		project: (await prisma.project.findUniqueOrThrow({ where: { id: project.id }, select: { version: true } })).version,
	})
	const run = async (kind: 'companies' | 'projects', csv: string) => {
		const sheet = await readImportFile(new TextEncoder().encode(csv), 'v.csv')
		const options = {
			mapping: resolveMapping(kind, sheet.headers),
			overrides: {},
			actions: {},
			duplicateAction: 'update' as const,
			createMissingCompanies: false,
			defaultOwnerId: null,
			importer: null,
		}
		const outcome = await runImport(prisma, { kind, sheet, options, fileName: 'v.csv', userId: null })
		expect(outcome).toMatchObject({ errors: [], updated: 1 })
		return outcome.batchId!
	}
	const companyBatch = await run('companies', '企业名称,联系人\n版本导入测试有限公司,王工\n')
	const projectBatch = await run('projects', '项目名称,企业名称,备注\n版本导入测试项目,版本导入测试有限公司,已对接\n')
	expect(await versions()).toEqual({ company: company.version + 1, project: project.version + 1 })
	await undoImport(prisma, projectBatch, null)
	await undoImport(prisma, companyBatch, null)
	expect(await versions()).toEqual({ company: company.version + 2, project: project.version + 2 })
})

test('an upload keeps its rows exactly between preview and commit: line breaks and separators inside cells stay inside their row', async () => {
	const cookie = await loginAs('staff')
	const description = '第一行\r\n第二行\n第三行\u2028第四行\r末行'
	const csv = `企业名称,企业简介\n多行简介测试有限公司,"${description}"\n第二家多行测试有限公司,普通简介\n`
	const id = await upload(cookie, 'companies', 'multiline.csv', new TextEncoder().encode(csv))
	const { preview: p } = await preview(cookie, id)
	expect(p.preview.map((row) => row.cells)).toEqual([
		['多行简介测试有限公司', description],
		['第二家多行测试有限公司', '普通简介'],
	])
	expect(fs.readdirSync(path.join(importRoot(), id)).sort()).toEqual(['sheet.jsonl', 'state.json', 'upload.csv'])
})

test('a 2,000-row lead update and a project update are written set-based and undone exactly: fields, stage history, links, versions', async () => {
	const owner = await prisma.user.findUniqueOrThrow({ where: { username: demoUser('manager').username }, select: { id: true } })
	const staff = demoUser('staff').username
	const N = 2000
	const names = Array.from({ length: N }, (_, i) => `批量线索更新测试${String(i).padStart(4, '0')}有限公司`)
	await prisma.company.createMany({ data: names.map((name) => ({ name, isLocal: true })) })
	const companies = await prisma.company.findMany({ where: { name: { startsWith: '批量线索更新测试' } }, select: { id: true, name: true } })
	const ofTest = { company: { name: { startsWith: '批量线索更新测试' } } }
	const companyOf = new Map(companies.map((c) => [c.name, c.id]))
	await prisma.lead.createMany({
		data: names.map((name, i) => ({
			regionId: county,
			companyId: companyOf.get(name)!,
			ownerId: owner.id,
			stage: 'new',
			priority: 'medium',
			source: 'other',
			notes: i % 2 ? `原备注${i}` : null,
		})),
	})
	const leadState = async () => ({
		leads: await prisma.lead.findMany({
			where: ofTest,
			orderBy: { id: 'asc' },
			select: { id: true, ownerId: true, unitId: true, stage: true, priority: true, source: true, nextActionDate: true, notes: true },
		}),
		history: await prisma.leadStageChange.count({ where: { lead: ofTest } }),
	})
	const versionsOf = async () => (await prisma.lead.findMany({ where: ofTest, select: { version: true } })).map((l) => l.version)
	const before = await leadState()

	const run = async (kind: 'leads' | 'projects', csv: string) => {
		const sheet = await readImportFile(new TextEncoder().encode(csv), `${kind}.csv`)
		const options = {
			mapping: resolveMapping(kind, sheet.headers),
			overrides: {},
			actions: {},
			duplicateAction: 'update' as const,
			createMissingCompanies: false,
			defaultOwnerId: null,
			importer: null,
		}
		return runImport(prisma, { kind, sheet, options, fileName: `${kind}.csv`, userId: null })
	}
	// Rows change different fields; every 30th changes nothing (its values are the stored ones).
	const rows = names.map((name, i) => {
		if (i % 30 === 29) return `${name},,,,,`
		return [
			name,
			i % 3 === 0 ? '拜访' : '',
			i % 2 === 0 ? '重要' : '',
			i % 5 === 4 ? '' : `更新备注${i}`,
			i % 7 === 0 ? '2027-03-01' : '',
			i % 11 === 0 ? staff : '',
		].join(',')
	})
	const leads = await run('leads', ['企业名称,阶段,优先级,备注,下次跟进,负责人', ...rows].join('\n'))
	expect(leads).toMatchObject({ errors: [], created: 0, updated: N })
	const updated = await leadState()
	const changed = updated.leads.filter((lead, i) => JSON.stringify(lead) !== JSON.stringify(before.leads[i]))
	const moved = updated.leads.filter((lead) => lead.stage === 'visited').length
	expect(moved).toBe(names.filter((_, i) => i % 3 === 0 && i % 30 !== 29).length)
	expect(updated.history).toBe(before.history + moved)
	const byCompany = new Map(
		(
			await prisma.lead.findMany({
				where: ofTest,
				select: { companyId: true, ownerId: true, stage: true, priority: true, notes: true, nextActionDate: true, owner: { select: { username: true } } },
			})
		).map((l) => [l.companyId, l]),
	)
	expect(byCompany.get(companyOf.get(names[0]!)!)).toMatchObject({
		stage: 'visited',
		priority: 'high',
		notes: '更新备注0',
		nextActionDate: new Date('2027-03-01'),
		owner: { username: staff },
	})
	expect(byCompany.get(companyOf.get(names[1]!)!)).toMatchObject({ stage: 'new', priority: 'medium', notes: '更新备注1', nextActionDate: null })
	expect(byCompany.get(companyOf.get(names[29]!)!)).toMatchObject({ stage: 'new', priority: 'medium', notes: '原备注29' })
	// One import record per lead it changed, and its versions moved on once.
	const records = await prisma.importRecord.count({ where: { batchId: leads.batchId!, entity: 'Lead', action: 'update' } })
	expect(records).toBe(changed.length)
	expect((await versionsOf()).filter((v) => v === 2)).toHaveLength(changed.length)

	expect(await undoImport(prisma, leads.batchId!, null)).toEqual({ deleted: moved, restored: changed.length })
	expect(await leadState()).toEqual(before)
	expect((await versionsOf()).filter((v) => v === 3)).toHaveLength(changed.length)

	// Projects: amounts, a stage with its date, chain links.
	const company = await prisma.company.findFirstOrThrow({ where: { name: names[0]! }, select: { id: true } })
	const links = await prisma.chainLink.findMany({
		where: { chain: { slug: 'rare-earth-ganxian' }, key: { in: ['re_metal', 'ndfeb_magnet', 'motor_nev'] } },
		orderBy: { sortOrder: 'asc' },
		select: { id: true, name: true },
	})
	const created = await Promise.all(
		['批量更新测试项目甲', '批量更新测试项目乙'].map((title) =>
			prisma.project.create({
				data: {
					regionId: county,
					title,
					companyId: company.id,
					type: 'new',
					investmentCNY: 10_000_000n,
					stage: 'negotiating',
					negotiatingDate: new Date('2026-11-02'),
					links: { create: [{ linkId: links[0]!.id }] },
				},
				select: { id: true },
			}),
		),
	)
	const projectIds = created.map((p) => p.id)
	const projectState = () =>
		prisma.project.findMany({
			where: { id: { in: projectIds } },
			orderBy: { title: 'asc' },
			select: {
				title: true,
				type: true,
				investmentCNY: true,
				incrementCNY: true,
				stage: true,
				negotiatingDate: true,
				signedDate: true,
				responsibleUnitId: true,
				isClusterLeading: true,
				notes: true,
				source: true,
				links: { select: { linkId: true }, orderBy: { linkId: 'asc' } },
			},
		})
	const projectsBefore = await projectState()
	const projects = await run(
		'projects',
		[
			'项目名称,企业名称,计划总投资,阶段,签约日期,备注,所属环节',
			`批量更新测试项目甲,${names[0]},25000000,签约,2026-12-01,已签约,${links[1]!.name}、${links[2]!.name}`,
			`批量更新测试项目乙,${names[0]},,,,只改备注,`,
		].join('\n'),
	)
	expect(projects).toMatchObject({ errors: [], updated: 2 })
	const [second, first] = await projectState() // by title: 乙 sorts before 甲
	expect(first).toMatchObject({
		investmentCNY: 25_000_000n,
		stage: 'signed',
		signedDate: new Date('2026-12-01'),
		notes: '已签约',
		links: [links[1]!.id, links[2]!.id].sort().map((linkId) => ({ linkId })),
	})
	expect(second).toMatchObject({ investmentCNY: 10_000_000n, stage: 'negotiating', notes: '只改备注', links: [{ linkId: links[0]!.id }] })
	expect(await undoImport(prisma, projects.batchId!, null)).toEqual({ deleted: 0, restored: 2 })
	expect(await projectState()).toEqual(projectsBefore)
	expect((await prisma.project.findMany({ where: { id: { in: projectIds } }, select: { version: true } })).map((p) => p.version)).toEqual([3, 3])
})
