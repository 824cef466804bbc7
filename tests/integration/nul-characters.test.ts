import ExcelJS from 'exceljs'
import { expect, test } from 'vitest'
import { prisma } from '~/db.server'
import { NUL_MESSAGE } from '~/domain/text/text-field'
import { action as companyEditAction } from '~/routes/companies.$id_.edit'
import { action as newCompanyAction } from '~/routes/companies.new'
import { action as previewAction, loader as previewLoader } from '~/routes/data.import.$id/route'
import { action as importAction } from '~/routes/data.import._index'
import { loader as jobLoader } from '~/routes/data.import.jobs.$jobId'
import { action as leadAction } from '~/routes/leads.$id'
import { action as loginAction } from '~/routes/login'
import { action as newProjectAction } from '~/routes/projects.new'
import { action as savedViewAction } from '~/routes/saved-views'
import { type Refusal } from '~/utils/forms'
import { demoCountyId } from '../helpers/actors'
import { createCompany, postCompany } from '../helpers/company-forms'
import { demoUser } from '../helpers/demo-users'
import { BASE, formRequest, getRequest, loginAs, unwrap } from '../helpers/requests'

// U+0000 typed, pasted or sent into any text the server stores or looks up (issue #12 §2):
// PostgreSQL's text cannot hold it, and it used to answer 500 there. On both engines the
// server refuses it with a field error (or, in an import, a row error) and writes nothing,
// keeping everything else as it was typed.

const args = (request: Request, params: Record<string, string> = {}) => ({ request, params, context: {} })
const county = await demoCountyId()

test('a company form with U+0000 in two fields: both named, the rest kept as typed, nothing written (new and edit)', async () => {
	const cookie = await loginAs('staff')
	const before = await prisma.company.count()
	const refused = unwrap<{ ok: false; errors: Record<string, string>; values: Record<string, string> }>(
		await newCompanyAction(
			args(postCompany('/companies/new', cookie, { name: '空字符\u0000测试有限公司', description: '简介\u0000', industry: '稀土永磁', contactName: '李工' })),
		),
	)
	expect(refused.status).toBe(400)
	expect(refused.body.errors).toMatchObject({ name: NUL_MESSAGE, description: NUL_MESSAGE })
	expect(refused.body.values).toMatchObject({ industry: '稀土永磁', contactName: '李工' })
	expect(await prisma.company.count()).toBe(before)

	const id = await createCompany(cookie, { name: '空字符编辑测试有限公司', address: '赣县区' })
	const version = (await prisma.company.findUniqueOrThrow({ where: { id }, select: { version: true } })).version
	const edit = unwrap<{ ok: false; errors: Record<string, string> }>(
		await companyEditAction(
			args(
				postCompany(`/companies/${id}/edit`, cookie, {
					name: '空字符编辑测试有限公司',
					address: '赣县区\u0000城区',
					formerNames: '旧名\u0000',
					version: String(version),
				}),
				{ id },
			),
		),
	)
	expect(edit.status).toBe(400)
	expect(edit.body.errors).toMatchObject({ address: NUL_MESSAGE, formerNames: NUL_MESSAGE })
	expect(await prisma.company.findUniqueOrThrow({ where: { id }, select: { address: true, version: true } })).toEqual({ address: '赣县区', version })
})

test('a visit note and a lead edit with U+0000 are refused on their field; the lead and its activities are unchanged', async () => {
	const cookie = await loginAs('staff')
	const me = await prisma.user.findUniqueOrThrow({ where: { username: demoUser('staff').username }, select: { id: true } })
	const company = await prisma.company.create({ data: { name: '空字符线索企业', isLocal: false, isSample: true }, select: { id: true } })
	const lead = await prisma.lead.create({
		data: { regionId: county, companyId: company.id, ownerId: me.id, source: 'other' },
		select: { id: true, version: true },
	})
	const post = async (fields: Record<string, string>) =>
		unwrap<{ ok: boolean; errors: Record<string, string> }>(
			await leadAction(args(formRequest(`/leads/${lead.id}`, fields, { Cookie: cookie }), { id: lead.id })),
		)

	const visit = await post({ intent: 'logActivity', kind: 'visit', people: '王总\u0000', notes: '实地拜访' })
	expect(visit).toMatchObject({ status: 400, body: { ok: false, errors: { people: NUL_MESSAGE } } })
	const update = await post({
		intent: 'update',
		ownerId: me.id,
		unitId: '',
		priority: 'high',
		source: 'other',
		nextActionDate: '',
		notes: '\u0000',
		version: String(lead.version),
	})
	expect(update).toMatchObject({ status: 400, body: { ok: false, errors: { notes: NUL_MESSAGE } } })
	expect(await prisma.activity.count({ where: { leadId: lead.id } })).toBe(0)
	expect(await prisma.lead.findUniqueOrThrow({ where: { id: lead.id }, select: { priority: true, notes: true, version: true } })).toEqual({
		priority: 'medium',
		notes: null,
		version: lead.version,
	})
})

test('a new project whose title has U+0000 is refused on the title', async () => {
	const cookie = await loginAs('staff')
	const company = await prisma.company.findFirstOrThrow({ where: { isSample: true }, select: { id: true } })
	const before = await prisma.project.count()
	const fields = {
		title: '空字符\u0000项目',
		companyId: company.id,
		type: 'new',
		investmentWan: '1000',
		incrementWan: '',
		stage: 'negotiating',
		negotiatingDate: '2026-10-01',
		signedDate: '',
		startedDate: '',
		producingDate: '',
		terminatedDate: '',
		responsibleUnitId: '',
		notes: '',
		source: '',
	}
	const result = unwrap<{ errors: Record<string, string> }>(await newProjectAction(args(formRequest('/projects/new', fields, { Cookie: cookie }))))
	expect(result.status).toBe(400)
	expect(result.body.errors).toMatchObject({ title: NUL_MESSAGE })
	expect(await prisma.project.count()).toBe(before)
})

test('signing in with U+0000 in the username is an ordinary refusal, and a saved view named with one is refused', async () => {
	const login = unwrap(
		await loginAction(args(formRequest('/login', { username: `${demoUser('staff').username}\u0000`, password: demoUser('staff').password }))),
	)
	expect(login).toEqual({ status: 400, body: { ok: false, errors: {}, formError: { key: 'auth.invalidCredentials', params: {} }, notice: null } })

	const cookie = await loginAs('staff')
	const before = await prisma.savedView.count()
	const saved = await savedViewAction(
		args(formRequest('/saved-views', { intent: 'save', page: 'companies', name: '本地\u0000企业', query: 'local=1' }, { Cookie: cookie })),
	)
	expect(saved.status).toBe(400)
	expect(await saved.json()).toMatchObject({ ok: false, errors: { name: NUL_MESSAGE } })
	expect(await prisma.savedView.count()).toBe(before)
})

// ---------- imports ----------

function uploadRequest(cookie: string, fileName: string, bytes: Uint8Array) {
	const form = new FormData()
	form.set('kind', 'companies')
	form.set('file', new File([bytes as Uint8Array<ArrayBuffer>], fileName))
	return new Request(`${BASE}/data/import`, { method: 'POST', headers: { Cookie: cookie }, body: form })
}
async function upload(cookie: string, fileName: string, bytes: Uint8Array) {
	const response = await importAction(args(uploadRequest(cookie, fileName, bytes)))
	if (!(response instanceof Response)) throw new Error(`upload refused: ${JSON.stringify(unwrap(response))}`)
	return response.headers.get('Location')!.split('/').pop()!
}
async function preview(cookie: string, id: string) {
	const page = await previewLoader(args(getRequest(`/data/import/${id}`, cookie), { id }))
	if (!page.preview) throw new Error('the preview page came without a preview')
	return page.preview
}
const post = async (cookie: string, id: string, fields: Record<string, string>) =>
	unwrap<{ ok: boolean; job?: { id: string } }>(await previewAction(args(formRequest(`/data/import/${id}`, fields, { Cookie: cookie }), { id })))
async function commit(cookie: string, id: string) {
	const { body } = await post(cookie, id, { intent: 'commit' })
	for (;;) {
		const job = (await (await jobLoader(args(getRequest(`/data/import/jobs/${body.job!.id}`, cookie), { jobId: body.job!.id }))).json()) as {
			status: string
			result?: { created: number }
			error?: { messageKey: string }
		}
		if (job.status !== 'running') return job
		await new Promise((resolve) => setTimeout(resolve, 20))
	}
}

test('a CSV with a NUL byte is refused whole, saying so; a cell fixed on the page with U+0000 is a row error in its column, and the commit writes nothing until it is fixed', async () => {
	const cookie = await loginAs('manager')
	const before = await prisma.company.count()
	const refusal = unwrap<Refusal>(
		await importAction(args(uploadRequest(cookie, '空字符.csv', new TextEncoder().encode('企业名称,主营业务\n空字符导入一有限公司,稀土\u0000永磁\n')))),
	)
	expect(refusal).toMatchObject({ status: 400, body: { ok: false, formError: { key: 'importer.file.nulBytes' } } })

	const id = await upload(cookie, '空字符.csv', new TextEncoder().encode('企业名称,主营业务\n空字符导入一有限公司,稀土\n空字符导入二有限公司,电机\n'))
	expect((await preview(cookie, id)).summary).toMatchObject({ rows: 2, valid: 2, invalid: 0 })
	expect((await post(cookie, id, { intent: 'fix', row: '2', 'cell.0': '空字符导入一\u0000有限公司', 'cell.1': '稀土\u0000永磁' })).body.ok).toBe(true)
	const fixed = await preview(cookie, id)
	expect(fixed.summary).toMatchObject({ rows: 2, valid: 1, invalid: 1, blocking: 1 })
	expect(fixed.invalid).toEqual([
		expect.objectContaining({
			row: 2,
			issues: [
				{ column: '企业名称', level: 'error', messageKey: 'importer.errors.nulCharacter' },
				{ column: '主营业务', level: 'error', messageKey: 'importer.errors.nulCharacter' },
			],
		}),
	])
	expect(await commit(cookie, id)).toMatchObject({ status: 'failed', error: { key: 'importer.commit.blocked' } })
	expect(await prisma.company.count()).toBe(before)

	expect((await post(cookie, id, { intent: 'fix', row: '2', 'cell.0': '空字符导入一有限公司', 'cell.1': '稀土永磁' })).body.ok).toBe(true)
	expect(await commit(cookie, id)).toMatchObject({ status: 'committed', result: { created: 2 } })
	expect(await prisma.company.findFirstOrThrow({ where: { name: '空字符导入一有限公司' }, select: { description: true } })).toEqual({ description: '稀土永磁' })
})

test('an XLSX cell never brings U+0000 (XML cannot hold it: the reader gets the text without it), and a file name with one is stored without it', async () => {
	const cookie = await loginAs('manager')
	const workbook = new ExcelJS.Workbook()
	workbook.addWorksheet('企业').addRows([
		['企业名称', '地址'],
		['空字符表格\u0000有限公司', '赣县区\u0000'],
	])
	const before = await prisma.company.count()
	const id = await upload(cookie, '名单\u0000.xlsx', new Uint8Array(await workbook.xlsx.writeBuffer()))
	expect((await preview(cookie, id)).summary).toMatchObject({ rows: 1, valid: 1, invalid: 0 })
	expect(await commit(cookie, id)).toMatchObject({ status: 'committed', result: { created: 1 } })
	expect(await prisma.company.count()).toBe(before + 1)
	expect(await prisma.company.findFirstOrThrow({ where: { name: '空字符表格有限公司' }, select: { address: true } })).toEqual({ address: '赣县区' })
	expect(await prisma.importBatch.count({ where: { fileName: '名单.xlsx' } })).toBe(1)
})
