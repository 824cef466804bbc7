import { createElement } from 'react'
import { renderToString } from 'react-dom/server'
import { I18nextProvider } from 'react-i18next'
import { expect, test } from 'vitest'
import { CompanyProfile } from '~/components/company-profile'
import { prisma } from '~/db.server'
import { EMPTY_COMPANY_FORM } from '~/domain/company/company-schema'
import { i18nFor } from '~/i18n/i18n'
import { loadQuotaProgress } from '~/models/quota-progress.server'
import { loader as companyLoader } from '~/routes/companies.$id'
import { action as editAction, loader as editLoader } from '~/routes/companies.$id_.edit'
import { loader as listLoader } from '~/routes/companies._index'
import { action as newAction, loader as newLoader } from '~/routes/companies.new'
import { action as savedViewAction } from '~/routes/saved-views'
import { todayInChina } from '~/utils/today'
import { WHOLE_INSTALLATION } from '../helpers/actors'
import { createCompany, postCompany, uscc } from '../helpers/company-forms'
import { formRequest, getRequest, jsonAnswer, loginAs, thrown, unwrap } from '../helpers/requests'

const args = (request: Request, params: Record<string, string> = {}) => ({ request, params, context: {} })

const list = async (cookie: string, search: string) => listLoader(args(getRequest(`/companies?${search}`, cookie)))

test('local/external, tag, link and region filters narrow the list to exactly the matching companies', async () => {
	const cookie = await loginAs('staff')
	const all = await list(cookie, '')
	const local = await list(cookie, 'local=1')
	const external = await list(cookie, 'local=0')
	expect(local.total).toBe(await prisma.company.count({ where: { isLocal: true } }))
	expect(local.total + external.total).toBe(all.total)
	expect(local.companies.every((c) => c.isLocal)).toBe(true)
	expect(external.companies.every((c) => !c.isLocal)).toBe(true)

	const gaoxin = await list(cookie, 'tag=gaoxin')
	expect(gaoxin.total).toBe(await prisma.companyTag.count({ where: { tag: 'gaoxin' } }))
	expect(gaoxin.companies.every((c) => c.tags.includes('gaoxin'))).toBe(true)
	// Several tags: companies with any of them.
	const either = await list(cookie, 'tag=gaoxin&tag=xiaojuren')
	expect(either.total).toBe(await prisma.company.count({ where: { tags: { some: { tag: { in: ['gaoxin', 'xiaojuren'] } } } } }))
	expect(either.total).toBeGreaterThan(gaoxin.total)
	const externalGaoxin = await list(cookie, 'tag=gaoxin&local=0')
	expect(externalGaoxin.total).toBe(await prisma.company.count({ where: { isLocal: false, tags: { some: { tag: 'gaoxin' } } } }))

	const magnet = await prisma.chainLink.findFirstOrThrow({ where: { key: 'ndfeb_magnet', chain: { slug: 'rare-earth-ganxian' } }, select: { id: true } })
	const atLink = await list(cookie, `link=${magnet.id}`)
	const expected = await prisma.company.findMany({ where: { links: { some: { linkId: magnet.id } } }, select: { id: true } })
	expect(atLink.companies.map((c) => c.id).sort()).toEqual(expected.map((c) => c.id).sort())
	expect(atLink.total).toBeGreaterThan(1)
	expect(atLink.query.link).toBe(magnet.id)

	// A region covers the regions below it: 赣州市 › 赣县区 › 赣州高新区.
	const ganzhou = await list(cookie, 'region=jx-gz')
	expect(ganzhou.total).toBe(await prisma.company.count({ where: { region: { code: { in: ['jx-gz', 'jx-gz-gx', 'jx-gz-hitech'] } } } }))
	expect(ganzhou.total).toBeGreaterThan(await prisma.company.count({ where: { region: { code: 'jx-gz' } } }))
	expect((await list(cookie, 'region=jx')).total).toBe(ganzhou.total + (await prisma.company.count({ where: { region: { code: 'jx' } } })))

	// Filters naming nothing known are dropped rather than failing or emptying the list.
	const unknown = await list(cookie, 'link=nope&region=atlantis&page=999&sort=sideways')
	expect(unknown.query).toMatchObject({ link: '', region: '', sort: 'name' })
	expect(unknown.total).toBe(all.total)
	expect(unknown.page).toBe(unknown.pageCount)
})

test('revenue bands and sorting by revenue (unknown revenue last either way)', async () => {
	const cookie = await loginAs('manager')
	const revenues = { 甲: '5000', 乙: '10000', 丙: '50000', 丁: '100000', 戊: '' } // 万元: 0.5亿, 1亿, 5亿, 10亿, unknown
	for (const [suffix, revenueWan] of Object.entries(revenues)) await createCompany(cookie, { name: `营收测试${suffix}有限公司`, revenueWan, isLocal: '0' })
	const names = async (search: string) => (await list(cookie, `q=营收测试&${search}`)).companies.map((c) => c.name.slice(4, 5))
	expect(await names('revenue=lt100m')).toEqual(['甲'])
	expect(await names('revenue=100m_1b&sort=revenue')).toEqual(['乙', '丙'])
	expect(await names('revenue=gte1b')).toEqual(['丁'])
	expect(await names('revenue=unknown')).toEqual(['戊'])
	expect(await names('sort=revenue&dir=desc')).toEqual(['丁', '丙', '乙', '甲', '戊'])
	expect(await names('sort=revenue&dir=asc')).toEqual(['甲', '乙', '丙', '丁', '戊'])

	const all = await list(cookie, 'sort=revenue&dir=desc')
	const known = all.companies.filter((c) => c.revenueCNY !== null).map((c) => c.revenueCNY!)
	expect(known).toEqual([...known].sort((a, b) => b - a))
	expect(all.companies[0]!.revenueCNY).toBe(1_500_000_000) // the seeded (示例)甬东钕铁硼合金
	const unknownTotal = (await list(cookie, 'revenue=unknown')).total
	expect(unknownTotal).toBe(await prisma.company.count({ where: { revenueCNY: null } }))
})

test('search finds a company by its exact USCC and by a former name', async () => {
	const cookie = await loginAs('staff')
	const code = uscc('QUERY01')
	const id = await createCompany(cookie, { name: '检索测试有限公司', uscc: code, formerNames: '旧称检索甲、旧称检索乙' })
	expect((await list(cookie, `q=${code.toLowerCase()}`)).companies.map((c) => c.id)).toEqual([id])
	expect((await list(cookie, `q=${encodeURIComponent('旧称检索乙')}`)).companies.map((c) => c.id)).toEqual([id])
	expect((await list(cookie, `q=${code.slice(0, 10)}`)).total).toBe(0) // USCC is matched exactly, not by part
})

test('saved views: save, list, refuse a duplicate name, delete; each user sees and deletes only their own', async () => {
	const staff = await loginAs('staff')
	const manager = await loginAs('manager')
	const save = (cookie: string, name: string, query: string) =>
		savedViewAction(args(formRequest('/saved-views', { intent: 'save', page: 'companies', name, query }, { Cookie: cookie }))).then(jsonAnswer)

	expect(await save(staff, ' 本地高新 ', 'local=1&tag=gaoxin&page=3')).toMatchObject({ status: 200, body: { ok: true, intent: 'save', name: '本地高新' } })
	const views = (await list(staff, '')).views
	expect(views).toEqual([expect.objectContaining({ name: '本地高新', query: 'local=1&tag=gaoxin' })])
	// Opening the view's query gives the same canonical search back, so the view shows as current.
	expect((await list(staff, views[0]!.query)).search).toBe(views[0]!.query)

	expect(await save(staff, '本地高新', 'local=0')).toEqual({
		status: 409,
		body: { ok: false, errors: { name: 'savedViews.errors.duplicate' }, formError: null },
	})
	expect(await save(staff, '', 'local=0')).toEqual({ status: 400, body: { ok: false, errors: { name: 'savedViews.errors.nameLength' }, formError: null } })
	expect(await save(staff, '视'.repeat(41), 'local=0')).toMatchObject({ status: 400 })
	expect(await prisma.savedView.count({ where: { name: '本地高新' } })).toBe(1)

	// Another user may use the same name, and does not see or delete the first user's view.
	expect(await save(manager, '本地高新', 'local=1')).toMatchObject({ status: 200 })
	expect((await list(manager, '')).views.map((v) => v.query)).toEqual(['local=1'])
	const remove = (cookie: string, id: string) =>
		savedViewAction(args(formRequest('/saved-views', { intent: 'delete', id }, { Cookie: cookie }))).then(jsonAnswer)
	expect(await remove(manager, views[0]!.id)).toEqual({
		status: 404,
		body: { ok: false, errors: {}, formError: { key: 'savedViews.errors.notFound', params: {} } },
	})
	expect(await remove(staff, views[0]!.id)).toEqual({ status: 200, body: { ok: true, intent: 'delete' } })
	expect((await list(staff, '')).views).toEqual([])
	expect((await list(manager, '')).views).toHaveLength(1)

	// Signed-out requests are sent to the login page.
	const signedOut = await thrown(() => savedViewAction(args(formRequest('/saved-views', { intent: 'delete', id: 'x' }))))
	expect((signedOut as Response).headers.get('Location')).toMatch(/^\/login/)
})

test('creating with an invalid USCC or bad amounts is refused with error keys and writes nothing', async () => {
	const cookie = await loginAs('staff')
	const before = { companies: await prisma.company.count(), audit: await prisma.auditLog.count() }
	const code = uscc('BADCHK1')
	const wrong = code.slice(0, 17) + (code.endsWith('0') ? '1' : '0')
	const result = unwrap(
		await newAction(
			args(postCompany('/companies/new', cookie, { name: '无效代码测试', uscc: wrong, revenueWan: '-3', contactPhone: 'abc', tags: ['gaoxin'] })),
		),
	)
	expect(result.status).toBe(400)
	expect(result.body).toMatchObject({
		ok: false,
		errors: { uscc: 'validation.invalidUscc', revenueWan: 'companyDb.validation.moneyNegative', contactPhone: 'companyDb.validation.phone' },
		// What was posted comes back for the form to show again.
		values: { name: '无效代码测试', uscc: wrong, tags: ['gaoxin'] },
		formError: null,
	})
	expect({ companies: await prisma.company.count(), audit: await prisma.auditLog.count() }).toEqual(before)

	const unknownRegion = unwrap(await newAction(args(postCompany('/companies/new', cookie, { name: '地区测试', regionId: 'nope' }))))
	// A region that does not exist is a bad choice in the form (400), under its field.
	expect(unknownRegion).toMatchObject({ status: 400, body: { ok: false, errors: { regionId: 'validation.invalidChoice' }, formError: null } })
	expect({ companies: await prisma.company.count(), audit: await prisma.auditLog.count() }).toEqual(before)
})

test('a manager creates a company with aliases, tags and 万元 amounts, audited; a USCC in use is refused', async () => {
	const cookie = await loginAs('manager')
	expect((await newLoader(args(getRequest('/companies/new', cookie)))).regions.length).toBeGreaterThan(3)
	const region = await prisma.region.findUniqueOrThrow({ where: { code: 'jx-gz-hitech' }, select: { id: true } })
	const code = uscc('CREATE1')
	const id = await createCompany(cookie, {
		name: '  赣州新建磁材有限公司 ',
		shortName: '新建磁材',
		formerNames: '赣州老磁材厂、赣州磁材公司',
		uscc: code,
		kind: 'enterprise',
		isLocal: '1',
		regionId: region.id,
		tags: ['zhuanjingtexin', 'gaoxin'],
		revenueWan: '12345.67',
		registeredCapitalWan: '5000',
		employees: '320',
		industry: '磁性材料',
		contactName: '王经理',
		contactPhone: '+86 797-8123456',
		address: '赣州高新区',
		description: '钕铁硼磁材',
		source: '走访记录',
	})
	const stored = await prisma.company.findUniqueOrThrow({
		where: { id },
		select: {
			name: true,
			uscc: true,
			revenueCNY: true,
			registeredCapitalCNY: true,
			employees: true,
			contactPhone: true,
			isSample: true,
			regionId: true,
			aliases: { orderBy: { name: 'asc' }, select: { kind: true, name: true } },
			tags: { orderBy: { tag: 'asc' }, select: { tag: true } },
		},
	})
	expect(stored).toMatchObject({
		name: '赣州新建磁材有限公司',
		uscc: code,
		revenueCNY: 123_456_700n,
		registeredCapitalCNY: 50_000_000n,
		employees: 320,
		contactPhone: '+86 797-8123456',
		isSample: false,
		regionId: region.id,
	})
	expect(stored.aliases).toEqual([
		{ kind: 'short', name: '新建磁材' },
		{ kind: 'former', name: '赣州磁材公司' },
		{ kind: 'former', name: '赣州老磁材厂' },
	])
	expect(stored.tags.map((t) => t.tag)).toEqual(['gaoxin', 'zhuanjingtexin'])

	const audit = await prisma.auditLog.findMany({
		where: { entity: 'Company', entityId: id },
		select: { action: true, before: true, after: true, user: { select: { role: true } } },
	})
	expect(audit).toHaveLength(1)
	expect(audit[0]).toMatchObject({ action: 'create', before: null, user: { role: 'manager' } })
	expect(JSON.parse(audit[0]!.after!)).toMatchObject({
		name: '赣州新建磁材有限公司',
		revenueCNY: 123_456_700,
		tags: [
			{ tag: 'zhuanjingtexin', grantedYear: null },
			{ tag: 'gaoxin', grantedYear: null },
		],
	})

	const before = await prisma.company.count()
	const taken = unwrap(await newAction(args(postCompany('/companies/new', cookie, { name: '重复代码公司', uscc: code.toLowerCase() }))))
	expect(taken).toMatchObject({ status: 409, body: { ok: false, errors: { uscc: 'companyDb.errors.usccTaken' } } })
	expect(await prisma.company.count()).toBe(before)
})

test('editing replaces aliases and tags, audits before/after, and an unchanged save writes nothing', async () => {
	const cookie = await loginAs('manager')
	const id = await createCompany(cookie, { name: '编辑测试有限公司', shortName: '编辑测试', formerNames: '旧名一', tags: ['guishang'], revenueWan: '800' })
	const { values, company } = await editLoader(args(getRequest(`/companies/${id}/edit`, cookie), { id }))
	expect(company).toEqual({ id, name: '编辑测试有限公司' })
	expect(values).toMatchObject({ shortName: '编辑测试', formerNames: '旧名一', tags: ['guishang'], revenueWan: '800', isLocal: '1' })

	const edited = {
		...values,
		name: '编辑测试（新）有限公司',
		shortName: '',
		formerNames: '旧名二、旧名三',
		tags: ['lianzhu'],
		revenueWan: '2000',
		isLocal: '0',
	}
	const result = unwrap(await editAction(args(postCompany(`/companies/${id}/edit`, cookie, edited), { id })))
	expect(result).toEqual({ status: 302, body: `/companies/${id}` })
	const stored = await prisma.company.findUniqueOrThrow({
		where: { id },
		select: {
			name: true,
			isLocal: true,
			revenueCNY: true,
			aliases: { orderBy: { name: 'asc' }, select: { kind: true, name: true } },
			tags: { select: { tag: true } },
		},
	})
	expect(stored).toEqual({
		name: '编辑测试（新）有限公司',
		isLocal: false,
		revenueCNY: 20_000_000n,
		aliases: [
			{ kind: 'former', name: '旧名三' },
			{ kind: 'former', name: '旧名二' },
		],
		tags: [{ tag: 'lianzhu' }],
	})
	const updates = await prisma.auditLog.findMany({ where: { entity: 'Company', entityId: id, action: 'update' }, select: { before: true, after: true } })
	expect(updates).toHaveLength(1)
	expect(JSON.parse(updates[0]!.before!)).toMatchObject({
		name: '编辑测试有限公司',
		isLocal: true,
		revenueCNY: 8_000_000,
		tags: [{ tag: 'guishang', grantedYear: null }],
	})
	expect(JSON.parse(updates[0]!.after!)).toMatchObject({
		name: '编辑测试（新）有限公司',
		isLocal: false,
		revenueCNY: 20_000_000,
		tags: [{ tag: 'lianzhu', grantedYear: null }],
	})

	// Saving the form as loaded again changes nothing and adds no audit row.
	const again = await editLoader(args(getRequest(`/companies/${id}/edit`, cookie), { id }))
	expect(unwrap(await editAction(args(postCompany(`/companies/${id}/edit`, cookie, again.values), { id }))).status).toBe(302)
	expect(await prisma.auditLog.count({ where: { entity: 'Company', entityId: id } })).toBe(2)

	// Refused edits keep the stored company.
	const refused = unwrap(await editAction(args(postCompany(`/companies/${id}/edit`, cookie, { ...again.values, name: '', employees: '1.5' }), { id })))
	expect(refused).toMatchObject({ status: 400, body: { errors: { name: 'validation.required', employees: 'companyDb.validation.employees' } } })
	expect((await prisma.company.findUniqueOrThrow({ where: { id }, select: { name: true } })).name).toBe('编辑测试（新）有限公司')

	const missing = await thrown(() => editLoader(args(getRequest('/companies/nope/edit', cookie), { id: 'nope' })))
	expect((missing as Response).status).toBe(404)
	const missingPost = await thrown(() => editAction(args(postCompany('/companies/nope/edit', cookie, again.values), { id: 'nope' })))
	expect((missingPost as Response).status).toBe(404)
})

test("a tag's 认定 year is saved, shown, kept by an unchanged save and counted by the 新增高新技术企业 quota", async () => {
	const year = Number(todayInChina().slice(0, 4))
	const quota = await prisma.quota.findFirstOrThrow({ where: { metric: '新增高新技术企业' }, select: { id: true } })
	const progress = async () => (await loadQuotaProgress(prisma, { scope: WHOLE_INSTALLATION, year, asOf: `${year}-12-31`, quotaIds: [quota.id] }))[0]!
	const before = await progress()
	const cookie = await loginAs('manager')
	const name = '认定年份测试有限公司'
	const tagYears = { ...EMPTY_COMPANY_FORM.tagYears, gaoxin: String(year) }

	// A year beside an unticked tag, or out of range, is refused beside that tag.
	const withoutTag = unwrap(await newAction(args(postCompany('/companies/new', cookie, { name, tags: ['lianzhu'], tagYears }))))
	expect(withoutTag).toMatchObject({ status: 400, body: { errors: { 'tagYears.gaoxin': 'companies.tagYearWithoutTag' } } })
	const tooLate = { ...tagYears, gaoxin: String(year + 2) }
	const outOfRange = unwrap(await newAction(args(postCompany('/companies/new', cookie, { name, tags: ['gaoxin'], tagYears: tooLate }))))
	expect(outOfRange).toMatchObject({ status: 400, body: { errors: { 'tagYears.gaoxin': 'companies.tagYearInvalid' }, values: { tagYears: tooLate } } })
	expect(await prisma.company.count({ where: { name } })).toBe(0)

	const id = await createCompany(cookie, { name, tags: ['gaoxin', 'lianzhu'], tagYears })
	const storedTags = () => prisma.companyTag.findMany({ where: { companyId: id }, orderBy: { tag: 'asc' }, select: { tag: true, grantedYear: true } })
	expect(await storedTags()).toEqual([
		{ tag: 'gaoxin', grantedYear: year },
		{ tag: 'lianzhu', grantedYear: null },
	])

	const after = await progress()
	expect(before.items.map((i) => i.id)).not.toContain(id)
	expect(after.items.map((i) => i.id)).toContain(id)
	expect(after.actual).toBe(before.actual + 1)

	// The edit form shows the year; saving it as loaded keeps it and changes nothing.
	const { values } = await editLoader(args(getRequest(`/companies/${id}/edit`, cookie), { id }))
	expect(values).toMatchObject({ tags: ['gaoxin', 'lianzhu'], tagYears })
	expect(unwrap(await editAction(args(postCompany(`/companies/${id}/edit`, cookie, values), { id }))).status).toBe(302)
	expect(await prisma.auditLog.count({ where: { entity: 'Company', entityId: id, action: 'update' } })).toBe(0)
	expect(await storedTags()).toEqual([
		{ tag: 'gaoxin', grantedYear: year },
		{ tag: 'lianzhu', grantedYear: null },
	])

	// The company page shows the year with the tag, in both languages.
	const { company } = await companyLoader(args(getRequest(`/companies/${id}`, cookie), { id }))
	const render = (locale: 'zh-CN' | 'en') =>
		renderToString(createElement(I18nextProvider, { i18n: i18nFor(locale) }, createElement(CompanyProfile, { company })))
	expect(render('zh-CN')).toContain(`高新技术企业 · ${year}年认定`)
	expect(render('en')).toContain(`High-tech enterprise · granted ${year}`)
	expect(render('zh-CN')).not.toContain('链主 ·')
})

test('a name with markup is stored verbatim and rendered as text', async () => {
	const cookie = await loginAs('staff')
	const name = '<script>alert(1)</script>'
	const id = await createCompany(cookie, { name, description: '<img src=x onerror=alert(2)>' })
	expect((await prisma.company.findUniqueOrThrow({ where: { id }, select: { name: true } })).name).toBe(name)
	expect((await list(cookie, `q=${encodeURIComponent(name)}`)).companies.map((c) => c.name)).toEqual([name])
	const { company } = await companyLoader(args(getRequest(`/companies/${id}`, cookie), { id }))
	expect(company.name).toBe(name)

	const html = renderToString(createElement(I18nextProvider, { i18n: i18nFor('zh-CN') }, createElement(CompanyProfile, { company })))
	expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
	expect(html).toContain('&lt;img src=x onerror=alert(2)&gt;')
	expect(html).not.toContain('<script>')
	expect(html).not.toContain('<img')
})

test('the company page shows chain figures, leads, projects and activities; an unknown id is a 404', async () => {
	const cookie = await loginAs('staff')
	const rareEarth = await prisma.company.findFirstOrThrow({ where: { name: '中国稀土集团有限公司' }, select: { id: true } })
	const { company, canWrite } = await companyLoader(args(getRequest(`/companies/${rareEarth.id}`, cookie), { id: rareEarth.id }))
	expect(canWrite).toBe(true)
	expect(company.aliases).toContainEqual({ kind: 'short', name: '中国稀土集团' })
	expect(company.tags).toEqual([{ tag: 'lianzhu', grantedYear: null }])
	expect(company.links.map((l) => l.link.chain.slug)).toContain('rare-earth-ganxian')
	// The template is seeded as on 2026-12-06: the sample figures of "the year before" and "this year" (ADR 0021).
	expect(company.links.filter((l) => l.link.nameEn === 'Rare-earth metals and alloys')).toEqual(
		expect.arrayContaining([expect.objectContaining({ year: 2025, capacity: 10000 }), expect.objectContaining({ year: 2026, output: 10000 })]),
	)
	expect(company.projects.map((p) => p.title).sort()).toEqual(['稀土集团万吨级分离项目', '稀土集团万吨级稀土金属项目'])
	expect(company.projects.find((p) => p.title === '稀土集团万吨级分离项目')).toMatchObject({ investmentCNY: 3_000_000_000, stage: 'started' })

	const pengcheng = await prisma.company.findFirstOrThrow({ where: { name: '（示例）鹏城机器人关节电机有限公司' }, select: { id: true } })
	const withLeads = (await companyLoader(args(getRequest(`/companies/${pengcheng.id}`, cookie), { id: pengcheng.id }))).company
	expect(withLeads.leads).toEqual([expect.objectContaining({ stage: 'visited', owner: { name: '李专员' } })])
	expect(withLeads.activities.map((a) => a.kind)).toEqual(['inspection', 'meeting']) // newest first
	expect(withLeads.activities[0]).toMatchObject({ user: { name: expect.any(String) } })

	const missing = await thrown(() => companyLoader(args(getRequest('/companies/nope', cookie), { id: 'nope' })))
	expect((missing as Response).status).toBe(404)
})
