// 情景推演 (issue #14 §1, ADR 0035) through the routes' loaders and actions: saved scenarios shared in
// the author's region, changed only by the author or a manager (decided on the server), audited; the
// run against the seeded chain; the XLSX comparison. Runs on SQLite and, in the PostgreSQL suite, on PostgreSQL.
import ExcelJS from 'exceljs'
import { beforeAll, describe, expect, test } from 'vitest'
import { prisma } from '~/db.server'
import { i18nFor } from '~/i18n/i18n'
import { createRegion } from '~/models/region.server'
import { createUser } from '~/models/user.server'
import { action as scenarioAction, loader as scenarioLoader } from '~/routes/chains.$slug.scenarios.$id'
import { loader as xlsxLoader } from '~/routes/chains.$slug.scenarios.$id_.xlsx'
import { action as listAction, loader as listLoader } from '~/routes/chains.$slug.scenarios._index'
import { type Refusal } from '~/utils/forms'
import { runCliInProcess } from '../helpers/cli'
import { formRequest, getRequest, loginAs, loginWith, statusOf, unwrap } from '../helpers/requests'

const CHAIN = 'rare-earth-ganxian'
const PASSWORD = 'scenario-test-pass-2026'
const args = (request: Request, params: Record<string, string> = {}) => ({ request, params: { slug: CHAIN, ...params }, context: {} })

let cookies: { staff: string; manager: string; colleague: string; elsewhere: string }
let ids: { yueci: string; metalAlloy: string; alloy: string; magnet: string; motorNev: string; metalToAlloy: string }

beforeAll(async () => {
	const county = await prisma.region.findUniqueOrThrow({ where: { code: 'jx-gz-gx' }, select: { id: true } })
	await createRegion(prisma, { code: 'jx-gz-nk', name: '南康区', nameEn: 'Nankang', kind: 'county', parentCode: 'jx-gz' })
	const nankang = await prisma.region.findUniqueOrThrow({ where: { code: 'jx-gz-nk' }, select: { id: true } })
	await createUser(prisma, { username: 'scenario.colleague', name: '同区专员', role: 'staff', password: PASSWORD, regionId: county.id }, null)
	await createUser(prisma, { username: 'scenario.elsewhere', name: '南康领导', role: 'manager', password: PASSWORD, regionId: nankang.id }, null)
	cookies = {
		staff: await loginAs('staff'),
		manager: await loginAs('manager'),
		colleague: await loginWith('scenario.colleague', PASSWORD),
		elsewhere: await loginWith('scenario.elsewhere', PASSWORD),
	}
	const link = (key: string) => prisma.chainLink.findFirstOrThrow({ where: { key, chain: { slug: CHAIN } }, select: { id: true } }).then((l) => l.id)
	const [metalAlloy, alloy, magnet, motorNev] = await Promise.all([link('re_metal'), link('ndfeb_alloy'), link('ndfeb_magnet'), link('motor_nev')])
	const yueci = (await prisma.company.findFirstOrThrow({ where: { name: '江西粤磁稀土新材料科技有限公司' }, select: { id: true } })).id
	const metalToAlloy = (await prisma.chainEdge.findFirstOrThrow({ where: { fromLinkId: metalAlloy, toLinkId: alloy }, select: { id: true } })).id
	ids = { yueci, metalAlloy, alloy, magnet, motorNev, metalToAlloy }
})

async function create(cookie: string, name: string, year = '2026') {
	const result = unwrap<string>(await listAction(args(formRequest(`/chains/${CHAIN}/scenarios`, { name, note: '测试', year }, { Cookie: cookie }))))
	expect(result.status).toBe(302)
	return result.body.split('/').pop()!
}
const version = async (id: string) => (await prisma.scenario.findUniqueOrThrow({ where: { id }, select: { version: true } })).version
const post = async (cookie: string, id: string, fields: Record<string, string>) =>
	unwrap<(Refusal & { intent: string }) | string>(
		await scenarioAction(args(formRequest(`/chains/${CHAIN}/scenarios/${id}`, { version: String(await version(id)), ...fields }, { Cookie: cookie }), { id })),
	)
const view = (cookie: string, id: string) => scenarioLoader(args(getRequest(`/chains/${CHAIN}/scenarios/${id}`, cookie), { id }))

describe('a scenario built on the page', () => {
	let id: string

	test('staff create a scenario in their region; the list shows it to colleagues there, not to another county', async () => {
		id = await create(cookies.staff, '粤磁停产')
		const row = await prisma.scenario.findUniqueOrThrow({ where: { id }, select: { regionId: true, author: { select: { username: true } } } })
		expect(row.author.username).toBe('zhang')
		const listed = async (cookie: string) => (await listLoader(args(getRequest(`/chains/${CHAIN}/scenarios`, cookie)))).scenarios.map((s) => s.id)
		expect(await listed(cookies.manager)).toContain(id)
		expect(await listed(cookies.colleague)).toContain(id)
		expect(await listed(cookies.elsewhere)).not.toContain(id)
		expect(await statusOf(() => view(cookies.elsewhere, id))).toBe(404)
	})

	test('a name is required (zod on the server)', async () => {
		const result = unwrap<Refusal>(await listAction(args(formRequest(`/chains/${CHAIN}/scenarios`, { name: '  ', year: '2026' }, { Cookie: cookies.staff }))))
		expect(result).toEqual({ status: 400, body: { ok: false, errors: { name: 'scenarios.errors.nameRequired' }, formError: null } })
	})

	test('the only local 钕铁硼合金 maker stops and outside alloy is cut: the magnets and the motors downstream turn red', async () => {
		expect(await post(cookies.staff, id, { intent: 'add', kind: 'company', companyLink: `${ids.yueci}|`, cutPercent: '100' })).toMatchObject({ status: 302 })
		const stopped = await view(cookies.staff, id)
		expect(stopped.result.lostInput).toContain(ids.magnet)
		expect(await post(cookies.staff, id, { intent: 'add', kind: 'external', linkId: ids.alloy, cutPercent: '100' })).toMatchObject({ status: 302 })
		const page = await view(cookies.staff, id)
		expect(page.scenario.changes).toHaveLength(2)
		expect(page.result.turnedRed).toEqual(expect.arrayContaining([ids.magnet, ids.motorNev]))
		const magnet = page.result.links.find((l) => l.linkId === ids.magnet)!
		expect(magnet.before.severity).not.toBe('critical')
		expect(magnet.after.severity).toBe('critical')
		expect(magnet.inputRatio).toBe(0)
		// 稀土磁性材料产量 counts the magnets' output: it falls to nothing.
		const magnetQuota = page.quotas.find((q) => q.metric === '稀土磁性材料产量')
		expect(magnetQuota).toMatchObject({ after: 0, hit: true })
		expect(page.canEdit).toBe(true)
	})

	test('a factor outside its sourced range is refused with the reason; the scenario keeps its changes', async () => {
		const refused = await post(cookies.staff, id, { intent: 'add', kind: 'factor', edgeId: ids.metalToAlloy, value: '0.5' })
		expect(refused).toEqual({
			status: 400,
			body: { intent: 'add-factor', ok: false, errors: { value: 'scenarios.problems.factor_out_of_range' }, formError: null },
		})
		expect(await post(cookies.staff, id, { intent: 'add', kind: 'factor', edgeId: ids.metalToAlloy, value: '0.325' })).toMatchObject({ status: 302 })
		expect((await view(cookies.staff, id)).scenario.changes).toHaveLength(3)
	})

	test('a colleague reads it but may not change or delete it; the author and a manager may', async () => {
		const colleagueView = await view(cookies.colleague, id)
		expect(colleagueView.canEdit).toBe(false)
		expect(colleagueView.options).toBeNull()
		// Refused by the server with what the refusal is about (not the role's generic 403 page), and nothing changed.
		const notYours = { ok: false, errors: {}, formError: { key: 'scenarios.errors.notYours', params: {} } }
		const before = await view(cookies.staff, id)
		expect(await post(cookies.colleague, id, { intent: 'remove', index: '2' })).toEqual({
			status: 403,
			body: { intent: 'remove', ...notYours },
		})
		expect(await post(cookies.colleague, id, { intent: 'delete' })).toEqual({ status: 403, body: { intent: 'delete', ...notYours } })
		expect(await post(cookies.colleague, id, { intent: 'header', name: '改名', note: '', year: '2026' })).toEqual({
			status: 403,
			body: { intent: 'header', ...notYours },
		})
		expect((await view(cookies.staff, id)).scenario).toEqual(before.scenario)
		expect(i18nFor('zh-CN').t('scenarios.errors.notYours', { author: '王五' })).toBe(
			'未保存：这个情景由王五创建，只有创建人或领导可以修改或删除。您可以查看、导出，或新建自己的情景。',
		)
		expect(i18nFor('en').t('scenarios.errors.notYours', { author: 'Wang Wu' })).toMatch(
			/^Not saved: this scenario was made by Wang Wu, and only its author or a manager/,
		)
		expect(await statusOf(() => post(cookies.elsewhere, id, { intent: 'delete' }))).toBe(404)
		expect(await post(cookies.staff, id, { intent: 'remove', index: '2' })).toMatchObject({ status: 302 })
		expect(await post(cookies.manager, id, { intent: 'header', name: '粤磁停产（领导改名）', note: '', year: '2026' })).toMatchObject({ status: 302 })
		expect((await view(cookies.staff, id)).scenario).toMatchObject({
			name: '粤磁停产（领导改名）',
			changes: [expect.objectContaining({ kind: 'company' }), expect.objectContaining({ kind: 'external' })],
		})
	})

	test('a form opened before another change is refused, not applied', async () => {
		const stale = unwrap(
			await scenarioAction(
				args(formRequest(`/chains/${CHAIN}/scenarios/${id}`, { intent: 'remove', index: '0', version: '1' }, { Cookie: cookies.staff }), { id }),
			),
		)
		expect(stale).toEqual({ status: 409, body: { intent: 'remove', ok: false, errors: {}, formError: { key: 'scenarios.errors.stale', params: {} } } })
	})

	test('every change is in the audit log with who made it', async () => {
		const rows = await prisma.auditLog.findMany({
			where: { entity: 'Scenario', entityId: id },
			orderBy: { at: 'asc' },
			select: { action: true, user: { select: { username: true } } },
		})
		expect(rows.map((r) => `${r.action}:${r.user?.username}`)).toEqual([
			'create:zhang',
			'update:zhang',
			'update:zhang',
			'update:zhang',
			'update:zhang',
			'update:leader',
		])
	})

	test('the XLSX comparison has every link before and after, the changes and the quotas; text stays text', async () => {
		expect(await post(cookies.staff, id, { intent: 'header', name: '=1+1', note: '', year: '2026' })).toMatchObject({ status: 302 })
		const response = await xlsxLoader(args(getRequest(`/chains/${CHAIN}/scenarios/${id}/xlsx`, cookies.staff), { id }))
		expect(response.headers.get('Content-Type')).toContain('spreadsheetml')
		const workbook = new ExcelJS.Workbook()
		await workbook.xlsx.load(await response.arrayBuffer())
		expect(workbook.worksheets.map((s) => s.name)).toEqual(['逐环节对比', '假设', '考核目标'])
		const links = workbook.worksheets[0]!
		const linkCount = await prisma.chainLink.count({ where: { chain: { slug: CHAIN } } })
		const names = links.getColumn(1).values.filter((v): v is string => typeof v === 'string')
		expect(names).toContain('钕铁硼磁材（成品）')
		expect(names.length).toBeGreaterThanOrEqual(linkCount)
		const magnetRow = links.getRows(1, links.rowCount)!.find((r) => r.getCell(1).value === '钕铁硼磁材（成品）')!
		expect(magnetRow.getCell(12).value).toBe('急需补链')
		const texts = links.getRows(1, links.rowCount)!.map((r) => r.getCell(1).value)
		expect(texts[0]).toBe('赣县区稀土新材料及应用产业链 · 情景推演 · =1+1 · 逐环节对比')
		expect(texts.find((v) => typeof v === 'string' && v.startsWith('情景“'))).toMatch(/^情景“=1\+1”，张招商创建/)
		expect(workbook.worksheets[1]!.getRow(3).getCell(2).value).toBe('江西粤磁稀土新材料科技有限公司在其所在的各环节停产')
		// No cell is a formula.
		for (const sheet of workbook.worksheets) sheet.eachRow((row) => row.eachCell((cell) => expect(cell.type).not.toBe(ExcelJS.ValueType.Formula)))
	})

	test('a manager deletes it; the audit keeps what it was', async () => {
		expect(await post(cookies.manager, id, { intent: 'delete' })).toMatchObject({ status: 302, body: `/chains/${CHAIN}/scenarios` })
		expect(await prisma.scenario.findUnique({ where: { id } })).toBeNull()
		const deleted = await prisma.auditLog.findFirstOrThrow({ where: { entity: 'Scenario', entityId: id, action: 'delete' }, select: { before: true } })
		expect(JSON.parse(deleted.before!)).toMatchObject({
			name: '=1+1',
			changes: [expect.objectContaining({ kind: 'company' }), expect.objectContaining({ kind: 'external' })],
		})
	})
})

test('a change the chain no longer has is shown as not applied, not an error', async () => {
	const id = await create(cookies.manager, '过时的假设')
	await prisma.scenario.update({ where: { id }, data: { changes: JSON.stringify([{ kind: 'capacity', linkId: 'gone', delta: 5 }]) } })
	const page = await view(cookies.manager, id)
	expect(page.result.changes).toEqual([{ index: 0, change: { kind: 'capacity', linkId: 'gone', delta: 5 }, problem: 'unknown_link' }])
	expect(page.result.turnedRed).toEqual([])
})

describe('cli scenario', () => {
	test('a scenario written on the command line gives the page’s figures as JSON', async () => {
		const result = await runCliInProcess([
			'scenario',
			CHAIN,
			'--stop',
			'江西粤磁稀土新材料科技有限公司@ndfeb_alloy',
			'--external',
			'ndfeb_alloy=100',
			'--year',
			'2026',
			'--json',
		])
		expect(result.code).toBe(0)
		const report = JSON.parse(result.stdout) as {
			turnedRed: string[]
			lostInput: string[]
			changes: { problem: string | null }[]
			links: { key: string; inputRatio: number; after: { severity: string } }[]
			quotas: { metric: string; hit: boolean }[]
		}
		expect(report.changes.map((c) => c.problem)).toEqual([null, null])
		expect(report.turnedRed).toEqual(expect.arrayContaining(['ndfeb_magnet', 'motor_nev', 'motor_wind']))
		expect(report.links.find((l) => l.key === 'ndfeb_magnet')).toMatchObject({ inputRatio: 0, after: { severity: 'critical' } })
		expect(report.quotas.find((q) => q.metric === '稀土磁性材料产量')).toMatchObject({ hit: true })
	})

	let savedId: string
	test('a saved scenario by id, in JSON and in words', async () => {
		savedId = await create(cookies.manager, '命令行情景')
		await post(cookies.manager, savedId, { intent: 'add', kind: 'capacity', linkId: ids.alloy, delta: '40000' })
		const saved = JSON.parse((await runCliInProcess(['scenario', CHAIN, '--id', savedId, '--json'])).stdout) as {
			scenario: { name: string }
			links: { key: string; after: { supply: number } }[]
		}
		expect(saved.scenario.name).toBe('命令行情景')
		expect(saved.links.find((l) => l.key === 'ndfeb_alloy')!.after.supply).toBeCloseTo(44_000)
		const text = await runCliInProcess(['scenario', CHAIN, '--id', savedId, '--lang', 'en'])
		expect(text.stdout).toContain('NdFeB alloy and blanks capacity up 40,000 t')
	})

	test('without a scenario it lists the saved ones the account sees', async () => {
		const listed = JSON.parse((await runCliInProcess(['scenario', CHAIN, '--json'])).stdout) as { scenarios: { id: string }[] }
		expect(listed.scenarios.map((s) => s.id)).toContain(savedId)
		// Another county's account does not see it.
		const elsewhere = JSON.parse((await runCliInProcess(['scenario', CHAIN, '--as', 'scenario.elsewhere', '--json'])).stdout) as { scenarios: { id: string }[] }
		expect(elsewhere.scenarios.map((s) => s.id)).not.toContain(savedId)
	})

	test('an unknown link or a cut of 0 % is a usage error', async () => {
		for (const argv of [
			['scenario', CHAIN, '--capacity', 'nowhere=5'],
			['scenario', CHAIN, '--cut', '江西粤磁稀土新材料科技有限公司=0'],
		]) {
			expect((await runCliInProcess(argv)).code, argv.join(' ')).toBe(64)
		}
	})
})
