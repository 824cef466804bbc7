import { expect, test } from 'vitest'
import { prisma } from '~/db.server'
import { loader as auditLoader } from '~/routes/audit'
import { loader as exportLoader } from '~/routes/audit_.export'
import { action as editAction } from '~/routes/companies.$id_.edit'
import { createCompany, postCompany } from '../helpers/company-forms'
import { demoUser } from '../helpers/demo-users'
import { getRequest, loginAs, thrown, unwrap } from '../helpers/requests'

const args = (request: Request, params: Record<string, string> = {}) => ({ request, params, context: {} })
const audit = (search: string, cookie: string) => auditLoader(args(getRequest(`/audit?${search}`, cookie)))

test('the log names each record with a link and words every changed field before → after', async () => {
	const manager = await loginAs('manager')
	const region = await prisma.region.findFirstOrThrow({ select: { id: true, name: true } })
	const id = await createCompany(manager, { name: '审计测试·恒源科技', revenueWan: '1500', regionId: '' })
	const edit = await prisma.company.findUniqueOrThrow({ where: { id }, select: { version: true } })
	const saved = unwrap(
		await editAction(
			args(
				postCompany(`/companies/${id}/edit`, manager, {
					name: '审计测试·恒源新材料',
					revenueWan: '25000',
					regionId: region.id,
					isLocal: '0',
					version: String(edit.version),
				}),
				{ id },
			),
		),
	)
	expect(saved.status).toBe(302)

	const page = await audit(`entity=Company&object=${id}`, manager)
	expect(page.objectName).toBe('审计测试·恒源新材料')
	expect(page.rows.map((r) => r.action)).toEqual(['update', 'create'])
	const [update] = page.rows
	expect(update?.object).toEqual({ name: '审计测试·恒源新材料', href: `/companies/${id}` })
	expect(update?.changes.map((c) => c.field).sort()).toEqual(['isLocal', 'name', 'regionId', 'revenueCNY'])
	const revenue = update?.changes.find((c) => c.field === 'revenueCNY')
	expect(revenue).toMatchObject({ before: { kind: 'money', cny: 15_000_000 }, after: { kind: 'money', cny: 250_000_000 } })
	// References in the values are named on the page.
	expect(page.names[`Region:${region.id}`]).toBe(region.name)
})

test('filters by user, record type and China calendar days; bad filters are reported, not fatal', async () => {
	const manager = await loginAs('manager')
	const leader = await prisma.user.findUniqueOrThrow({ where: { username: demoUser('manager').username }, select: { id: true } })
	await createCompany(manager, { name: '审计测试·筛选企业' })
	const byUser = await audit(`user=${leader.id}&entity=Company`, manager)
	expect(byUser.total).toBeGreaterThan(0)
	expect(byUser.rows.every((r) => r.user?.id === leader.id && r.entity === 'Company')).toBe(true)

	const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date())
	const todays = await audit(`entity=Company&from=${today}&to=${today}`, manager)
	expect(todays.rows.some((r) => r.object.name === '审计测试·筛选企业')).toBe(true)
	const before = await audit(`entity=Company&to=2000-01-01`, manager)
	expect(before.total).toBe(0)

	const bad = await audit('entity=Nope&from=2026-13-01&page=abc', manager)
	expect(bad.errors).toEqual({ entity: 'audit.filters.badEntity', from: 'audit.filters.badDate', page: 'audit.filters.badPage' })
	expect(bad.input.from).toBe('2026-13-01')
	expect(bad.total).toBe(await prisma.auditLog.count())
})

test('staff cannot read or export the log', async () => {
	const staff = await loginAs('staff')
	expect(((await thrown(() => audit('', staff))) as Response).status).toBe(403)
	expect(((await thrown(() => exportLoader(args(getRequest('/audit/export', staff))))) as Response).status).toBe(403)
})

test('the CSV export is the filtered log a line per field, words not JSON, formulas escaped, and is itself audited', async () => {
	const manager = await loginAs('manager')
	const id = await createCompany(manager, { name: '=HYPERLINK("http://evil.example","审计")', contactPhone: '+86 138 0000 0000' })
	const response = await exportLoader(args(getRequest(`/audit/export?entity=Company&object=${id}`, manager)))
	expect(response.headers.get('Content-Type')).toBe('text/csv; charset=utf-8')
	expect(response.headers.get('Content-Disposition')).toMatch(/attachment; filename="audit-log-\d{4}-\d{2}-\d{2}\.csv"/)
	const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await response.arrayBuffer())
	expect(text.startsWith('\uFEFF时间,操作人,操作,对象类型,对象,对象编号,字段,修改前,修改后,地址\r\n')).toBe(true)
	const lines = text.trim().split('\r\n').slice(1)
	expect(lines.length).toBeGreaterThan(3)
	expect(lines.every((line) => line.includes(',新建,企业,'))).toBe(true)
	// The name is escaped wherever it appears (the record column and the name field's value).
	expect(text).not.toMatch(/(^|,)"?=HYPERLINK/m)
	expect(text).toContain(`"'=HYPERLINK(""http://evil.example"",""审计"")"`)
	expect(text).toContain(",联系电话,—,'+86 138 0000 0000,")
	expect(text).not.toContain('{"')
	const exported = await prisma.auditLog.findFirstOrThrow({
		where: { entity: 'Export', entityId: 'audit' },
		orderBy: { at: 'desc' },
		select: { after: true, user: { select: { username: true } } },
	})
	expect(exported.user?.username).toBe(demoUser('manager').username)
	expect(JSON.parse(exported.after ?? '{}')).toMatchObject({ list: 'audit', rows: lines.length, complete: true })
})
