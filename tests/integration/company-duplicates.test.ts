import { expect, test } from 'vitest'
import { engineOf, prisma } from '~/db.server'
import { type LikelyDuplicate } from '~/domain/company/duplicates'
import { flushCompanySearch } from '~/models/company-search.server'
import { action as editAction } from '~/routes/companies.$id_.edit'
import { loader as duplicatesLoader } from '~/routes/companies.duplicates'
import { action as newAction } from '~/routes/companies.new'
import { createCompany, postCompany, uscc } from '../helpers/company-forms'
import { getRequest, loginAs, unwrap } from '../helpers/requests'

const args = (request: Request, params: Record<string, string> = {}) => ({ request, params, context: {} })
type Refused = { errors: Record<string, string>; duplicates: LikelyDuplicate[]; values: { name: string } }

async function candidates(cookie: string, query: Record<string, string>) {
	const response = await duplicatesLoader(args(getRequest(`/companies/duplicates?${new URLSearchParams(query)}`, cookie)))
	return ((await response.json()) as { duplicates: LikelyDuplicate[] }).duplicates
}

test('the form is told of likely duplicates as it is typed: same name, alias, written differently, same USCC', async () => {
	const staff = await loginAs('staff')
	const code = uscc('DUPA01')
	const id = await createCompany(staff, {
		name: '查重测试·赣州恒源科技有限公司',
		shortName: '查重恒源',
		formerNames: '查重测试·赣州恒源稀土有限公司',
		uscc: code,
	})
	// On SQLite, every company dirty (read directly) or all indexed, the answer is the same.
	// PostgreSQL has no side index to flush (ADR 0023): its expression indexes answer at once.
	const onSqlite = engineOf() === 'sqlite'
	if (onSqlite)
		await prisma.$executeRaw`INSERT INTO "CompanySearchDirty" ("companyId") SELECT "id" FROM "Company" WHERE "id" NOT IN (SELECT "companyId" FROM "CompanySearchDirty")`
	for (const flushed of onSqlite ? [false, true] : [true]) {
		if (flushed) await flushCompanySearch(prisma)
		if (onSqlite) expect(await prisma.companySearchDirty.count()).toBe(flushed ? 0 : await prisma.company.count())
		expect(await candidates(staff, { name: '查重测试·赣州恒源科技有限公司' })).toMatchObject([{ id, reasons: ['sameName'], leads: 0, projects: 0 }])
		expect(await candidates(staff, { name: '查重测试·赣州恒源科技 股份有限公司' })).toMatchObject([{ id, reasons: ['similarName'] }])
		expect(await candidates(staff, { name: '查重测试·ＸＹＺ', shortName: '查重恒源' })).toMatchObject([{ id, reasons: ['alias'] }])
		expect(await candidates(staff, { name: '查重测试·赣州恒源稀土有限责任公司' })).toMatchObject([{ id, reasons: ['alias'] }])
		expect(await candidates(staff, { name: '全新的名称', uscc: code.toLowerCase() })).toMatchObject([{ id, reasons: ['uscc'] }])
		expect(await candidates(staff, { name: '查重测试·赣州恒源新材料有限公司' })).toEqual([])
		// The company being edited is not its own duplicate.
		expect(await candidates(staff, { name: '查重测试·赣州恒源科技有限公司', exclude: id })).toEqual([])
	}
})

test('saving a likely duplicate needs "save anyway"; the same USCC is refused outright', async () => {
	const staff = await loginAs('staff')
	const code = uscc('DUPB02')
	const first = await createCompany(staff, { name: '查重测试·江西金磁有限公司', uscc: code })
	const count = await prisma.company.count()

	const refused = unwrap<Refused>(
		await newAction(args(postCompany('/companies/new', staff, { name: '查重测试·江西金磁 有限责任公司', contactName: '王经理' }))),
	)
	expect(refused.status).toBe(409)
	expect(refused.body.errors).toEqual({ duplicateConfirmed: 'companyDb.duplicates.confirmNeeded' })
	expect(refused.body.duplicates.map((d) => [d.id, d.reasons])).toEqual([[first, ['similarName']]])
	// Nothing typed is lost.
	expect(refused.body.values).toMatchObject({ name: '查重测试·江西金磁 有限责任公司', contactName: '王经理' })
	expect(await prisma.company.count()).toBe(count)

	const sameUscc = unwrap<Refused>(
		await newAction(args(postCompany('/companies/new', staff, { name: '查重测试·另一家', uscc: code, duplicateConfirmed: '1' }))),
	)
	expect(sameUscc.status).toBe(409)
	expect(sameUscc.body.errors).toEqual({ uscc: 'companyDb.errors.usccTaken' })
	expect(sameUscc.body.duplicates.map((d) => [d.id, d.reasons])).toEqual([[first, ['uscc']]])
	expect(await prisma.company.count()).toBe(count)

	const saved = unwrap(await newAction(args(postCompany('/companies/new', staff, { name: '查重测试·江西金磁 有限责任公司', duplicateConfirmed: '1' }))))
	expect(saved.status).toBe(302)
	expect(await prisma.company.count()).toBe(count + 1)
})

test('editing asks only when the name or an alias changes into a likely duplicate', async () => {
	const staff = await loginAs('staff')
	await createCompany(staff, { name: '查重测试·赣县红金稀土有限公司' })
	const second = await createCompany(staff, { name: '查重测试·赣县红金稀土新材料有限公司' })
	const version = async () => String((await prisma.company.findUniqueOrThrow({ where: { id: second }, select: { version: true } })).version)

	const renamed = unwrap<Refused>(
		await editAction(
			args(postCompany(`/companies/${second}/edit`, staff, { name: '查重测试·赣县红金稀土有限责任公司', version: await version() }), { id: second }),
		),
	)
	expect(renamed.status).toBe(409)
	expect(renamed.body.errors).toEqual({ duplicateConfirmed: 'companyDb.duplicates.confirmNeeded' })

	const aliased = unwrap<Refused>(
		await editAction(
			args(
				postCompany(`/companies/${second}/edit`, staff, {
					name: '查重测试·赣县红金稀土新材料有限公司',
					formerNames: '查重测试·赣县红金稀土公司',
					version: await version(),
				}),
				{ id: second },
			),
		),
	)
	expect(aliased.status).toBe(409)

	const confirmed = unwrap(
		await editAction(
			args(
				postCompany(`/companies/${second}/edit`, staff, {
					name: '查重测试·赣县红金稀土新材料有限公司',
					formerNames: '查重测试·赣县红金稀土公司',
					version: await version(),
					duplicateConfirmed: '1',
				}),
				{ id: second },
			),
		),
	)
	expect(confirmed.status).toBe(302)
	// Later edits that keep the name and aliases are not asked again.
	const contact = unwrap(
		await editAction(
			args(
				postCompany(`/companies/${second}/edit`, staff, {
					name: '查重测试·赣县红金稀土新材料有限公司',
					formerNames: '查重测试·赣县红金稀土公司',
					contactName: '李主任',
					version: await version(),
				}),
				{ id: second },
			),
		),
	)
	expect(contact.status).toBe(302)
})
