import { expect, test } from 'vitest'
import { prisma } from '~/db.server'
import { parseQuotaRules } from '~/domain/quota/rules'
import { cardField, type DocumentValues, type ReviewCardValues } from '~/domain/quota/target-review'
import { action, loader, type PolicyImportActionResult } from '~/routes/quotas.import'
import { todayInChina } from '~/utils/today'
import { repeatedBytePart } from '../fixtures/hostile/zip'
import { docx } from '../fixtures/policy/docx'
import { pdf } from '../fixtures/policy/pdf'
import { demoCountyId } from '../helpers/actors'
import { BASE, getRequest, loginAs, thrown } from '../helpers/requests'

const args = (request: Request) => ({ request, params: {}, context: {} })

// Clause 16 of the 赣县区 plan as published, and a made-up clause with an investment floor and a unit not in the seed.
const CLAUSE_16 =
	'16．强化招大引强。重点围绕高端永磁材料、永磁电机、智能装备等方向的龙头企业，以及产品设计、机械加工和表面处理等配套企业，全力招引国内外行业头部企业。' +
	'鼓励“高大上、链群配”企业一同引进，发挥龙头企业的产业链垂直整合能力，加快引进和培育一批行业“专精特新”配套企业和相关供应链公司，' +
	'每年引进稀土新材料及应用项目10个以上。〔责任单位：区商务局、区工信局、区财政局、赣州高新区经发局、赣州高新区招商局〕'
const LEADING = '每年引进20个以上集群引领性项目（单个项目投资不低于5亿元）〔责任单位：区商务局、区发展改革委、“区财政局”〕'
// Browsers post textarea line breaks as CRLF.
const PARAGRAPH = `${CLAUSE_16}\r\n${LEADING}`

const DOCUMENT = { title: '集成测试招商行动方案', docNumber: '测试〔2026〕1号', issuer: '测试区人民政府', issuedDate: '2026-03-02', regionId: '' }

/** Step 1: multipart, as the page's form posts it (it may carry a file). */
function extractRequest(cookie: string, fields: Record<string, string>, file?: File) {
	const body = new FormData()
	body.set('intent', 'extract')
	for (const [name, value] of Object.entries(fields)) body.set(name, value)
	if (file) body.set('file', file)
	return new Request(`${BASE}/quotas/import`, { method: 'POST', headers: { Cookie: cookie }, body })
}

/** Steps 2–3: the review form, every card's fields as the page names them. */
function reviewRequest(cookie: string, intent: 'save' | 'back', document: DocumentValues, cards: ReviewCardValues[]) {
	const body = new URLSearchParams({ intent, ...document, cardCount: String(cards.length) })
	cards.forEach((card, index) => {
		for (const [field, value] of Object.entries(card) as [keyof ReviewCardValues, ReviewCardValues[keyof ReviewCardValues]][]) {
			const name = cardField(index, field)
			if (typeof value === 'boolean') {
				if (value) body.append(name, 'on')
			} else {
				for (const v of [value].flat()) body.append(name, v)
			}
		}
	})
	return new Request(`${BASE}/quotas/import`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookie },
		body,
	})
}

/** An action's data() result (status + body). */
function unwrap(result: unknown): { status: number; body: PolicyImportActionResult } {
	if (result && typeof result === 'object' && 'type' in result && result.type === 'DataWithResponseInit') {
		const { data, init } = result as unknown as { data: PolicyImportActionResult; init: ResponseInit | null }
		return { status: init?.status ?? 200, body: data }
	}
	throw new Error(`expected data(), got ${String(result)}`)
}

function reviewOf(result: unknown) {
	const { status, body } = unwrap(result)
	if (body.step !== 'review') throw new Error(`expected the review step, got ${JSON.stringify(body)}`)
	return { status, ...body }
}

/** The review step refused: the cards as posted, with their messages and the form's. */
function refusedReviewOf(result: unknown) {
	const review = reviewOf(result)
	if (review.ok) throw new Error(`expected a refusal, got ${JSON.stringify(review)}`)
	return review
}

test('staff may neither open the import page nor post to it', async () => {
	const cookie = await loginAs('staff')
	const refusedGet = await thrown(() => loader(args(getRequest('/quotas/import', cookie))))
	expect(refusedGet).toBeInstanceOf(Response)
	expect((refusedGet as Response).status).toBe(403)
	const refusedPost = await thrown(() => action(args(extractRequest(cookie, { ...DOCUMENT, text: PARAGRAPH }))))
	expect((refusedPost as Response).status).toBe(403)
	// Not signed in: sent to the login page.
	const anonymous = await thrown(() => loader(args(getRequest('/quotas/import'))))
	expect((anonymous as Response).headers.get('Location')).toMatch(/^\/login\?/)
})

test('a manager pastes a paragraph, reviews its targets and saves them as quotas of the document', async () => {
	const cookie = await loginAs('manager')
	const options = await loader(args(getRequest('/quotas/import', cookie)))
	expect(options.chains.map((c) => c.slug)).toContain('rare-earth-ganxian')
	// The county's manager also answers for its park: the form asks whose targets these are, the county's by default.
	const county = await demoCountyId()
	expect(options.defaultRegionId).toBe(county)
	expect(options.regions.map((r) => r.name)).toEqual(expect.arrayContaining(['赣县区', '赣州高新区']))

	const review = reviewOf(await action(args(extractRequest(cookie, { ...DOCUMENT, text: PARAGRAPH }))))
	expect(review.document.text).toBe(`${CLAUSE_16}\n${LEADING}`)
	const [rareEarth, leading] = review.cards
	expect(review.cards).toHaveLength(2)
	expect(rareEarth).toMatchObject({
		accepted: true,
		metric: '引进稀土新材料及应用项目',
		op: '>=',
		value: '10',
		unit: '个',
		period: 'annual',
		categories: '稀土新材料及应用',
		responsibleUnits: '区商务局、区工信局、区财政局、赣州高新区经发局、赣州高新区招商局',
		kind: 'projects',
		countStage: 'signed',
		scope: ['chain:rare-earth-ganxian'],
	})
	expect(review.document.text.slice(Number(rareEarth!.start), Number(rareEarth!.end))).toBe(rareEarth!.excerpt)
	expect(leading).toMatchObject({ value: '20', minInvestment: '5', minInvestmentUnit: 'yi', kind: 'projects', clusterLeadingOnly: true })

	const documentsBefore = await prisma.policyDocument.count()
	const corrected = { ...leading!, value: '25', section: '（六）16补' }
	const response = await action(args(reviewRequest(cookie, 'save', review.document, [rareEarth!, corrected])))
	expect(response).toBeInstanceOf(Response)
	const location = new URL((response as Response).headers.get('Location')!, BASE)
	expect(location.pathname).toBe('/quotas')
	// A paragraph without plan years: the dashboard opens on the current year.
	expect(Object.fromEntries(location.searchParams)).toEqual({ year: todayInChina().slice(0, 4), saved: '2', newUnits: '区发展改革委' })

	expect(await prisma.policyDocument.count()).toBe(documentsBefore + 1)
	const document = await prisma.policyDocument.findFirstOrThrow({
		where: { title: DOCUMENT.title },
		select: {
			id: true,
			docNumber: true,
			issuer: true,
			issuedDate: true,
			text: true,
			regionId: true,
			quotas: {
				orderBy: { createdAt: 'asc' },
				select: {
					id: true,
					regionId: true,
					section: true,
					excerpt: true,
					metric: true,
					kind: true,
					op: true,
					value: true,
					valueMax: true,
					unit: true,
					normalizedValue: true,
					normalizedUnit: true,
					period: true,
					startYear: true,
					endYear: true,
					filters: true,
					units: { orderBy: { position: 'asc' }, select: { position: true, unit: { select: { name: true, nameEn: true } } } },
				},
			},
		},
	})
	expect(document).toMatchObject({ docNumber: DOCUMENT.docNumber, issuer: DOCUMENT.issuer, text: review.document.text })
	// The manager's own region (ADR 0029): the quotas count the county and its park.
	expect(document.regionId).toBe(county)
	expect(document.quotas.every((q) => q.regionId === county)).toBe(true)
	expect(document.issuedDate?.toISOString()).toBe('2026-03-02T00:00:00.000Z')
	const byMetric = new Map(document.quotas.map((q) => [q.metric, q]))
	expect(byMetric.get('引进稀土新材料及应用项目')).toMatchObject({
		excerpt: rareEarth!.excerpt,
		kind: 'projects',
		op: '>=',
		value: 10,
		valueMax: null,
		unit: '个',
		normalizedValue: 10,
		normalizedUnit: '个',
		period: 'annual',
	})
	const leadingQuota = byMetric.get(leading!.metric)!
	expect(leadingQuota).toMatchObject({ section: '（六）16补', value: 25, normalizedValue: 25, kind: 'projects' })

	// Units in the order listed; 区发展改革委 is not taken for the seeded 区发改委; a quoted name is the unit it names.
	expect(byMetric.get('引进稀土新材料及应用项目')!.units.map((u) => [u.position, u.unit.name])).toEqual([
		[0, '区商务局'],
		[1, '区工信局'],
		[2, '区财政局'],
		[3, '赣州高新区经发局'],
		[4, '赣州高新区招商局'],
	])
	expect(leadingQuota.units.map((u) => u.unit)).toEqual([
		{ name: '区商务局', nameEn: 'District Commerce Bureau' },
		{ name: '区发展改革委', nameEn: '区发展改革委' },
		{ name: '区财政局', nameEn: 'District Finance Bureau' },
	])
	expect(await prisma.unit.count({ where: { name: '区发改委' } })).toBe(1)

	// The stored filters are the counting rules, readable by the counters.
	for (const quota of document.quotas) expect(parseQuotaRules(quota.kind, quota.filters).problem).toBeNull()
	expect(parseQuotaRules(leadingQuota.kind, leadingQuota.filters).rules).toEqual({
		kind: 'projects',
		rules: {
			countStage: 'signed',
			measure: 'count',
			chainSlugs: [],
			linkKeys: [],
			categories: ['集群引领性'],
			minInvestmentCNY: 500_000_000,
			projectTypes: [],
			clusterLeadingOnly: true,
		},
	})
	expect(parseQuotaRules('projects', byMetric.get('引进稀土新材料及应用项目')!.filters).rules.rules).toMatchObject({
		chainSlugs: ['rare-earth-ganxian'],
		categories: ['稀土新材料及应用'],
	})

	// Every created quota is in the audit log, by the manager.
	const audits = await prisma.auditLog.findMany({
		where: { entity: 'Quota', entityId: { in: document.quotas.map((q) => q.id) } },
		select: { action: true, user: { select: { username: true } } },
	})
	expect(audits).toHaveLength(2)
	expect(audits.every((a) => a.action === 'create' && a.user?.username === 'leader')).toBe(true)
})

test("a document saved for the park is the park's; a region outside the manager's scope saves nothing", async () => {
	const cookie = await loginAs('manager')
	const park = await prisma.region.findUniqueOrThrow({ where: { code: 'jx-gz-hitech' }, select: { id: true } })
	const city = await prisma.region.findUniqueOrThrow({ where: { code: 'jx-gz' }, select: { id: true } })
	const save = async (title: string, regionId: string) => {
		const review = reviewOf(await action(args(extractRequest(cookie, { ...DOCUMENT, title, regionId, text: CLAUSE_16 }))))
		expect(review.document.regionId).toBe(regionId)
		return action(args(reviewRequest(cookie, 'save', review.document, review.cards)))
	}
	expect(await save('集成测试：园区的方案', park.id)).toBeInstanceOf(Response)
	const saved = await prisma.policyDocument.findFirstOrThrow({
		where: { title: '集成测试：园区的方案' },
		select: { regionId: true, quotas: { select: { regionId: true } } },
	})
	expect(saved.regionId).toBe(park.id)
	expect(saved.quotas.map((q) => q.regionId)).toEqual([park.id])

	const before = await prisma.quota.count()
	const refused = unwrap(await save('集成测试：市里的方案', city.id))
	expect(refused.status).toBe(400)
	expect(refused.body).toMatchObject({ step: 'review', formError: { key: 'policyImport.errors.region' } })
	expect(await prisma.quota.count()).toBe(before)
	expect(await prisma.policyDocument.count({ where: { title: '集成测试：市里的方案' } })).toBe(0)
})

test('a discarded card is not saved; an invalid accepted card saves nothing and comes back with its message', async () => {
	const cookie = await loginAs('manager')
	const document = { ...DOCUMENT, title: '集成测试：有误的目标', text: LEADING }
	const review = reviewOf(await action(args(extractRequest(cookie, document))))
	const card = review.cards[0]!
	const counts = async () => ({ documents: await prisma.policyDocument.count(), quotas: await prisma.quota.count(), units: await prisma.unit.count() })
	const before = await counts()

	const invalid = refusedReviewOf(await action(args(reviewRequest(cookie, 'save', review.document, [{ ...card, value: 'abc', metric: '  ' }]))))
	expect(invalid.status).toBe(400)
	expect(invalid.formError).toEqual({ key: 'policyImport.errors.fixCards', params: { count: 1 } })
	expect(invalid.cardErrors[0]).toEqual({ value: 'validation.notANumber', metric: 'validation.required' })
	// Everything typed comes back as typed.
	expect(invalid.cards[0]).toEqual({ ...card, value: 'abc', metric: '  ' })
	expect(await counts()).toEqual(before)

	const noneAccepted = refusedReviewOf(await action(args(reviewRequest(cookie, 'save', review.document, [{ ...card, accepted: false, value: 'abc' }]))))
	expect(noneAccepted.status).toBe(400)
	expect(noneAccepted.formError).toEqual({ key: 'policyImport.errors.noneAccepted', params: {} })
	expect(await counts()).toEqual(before)
})

test('step 1 refuses a document without title or text, and "back" returns to it with the values kept', async () => {
	const cookie = await loginAs('admin')
	const refused = unwrap(await action(args(extractRequest(cookie, { ...DOCUMENT, title: ' ', issuedDate: '2026-02-30', text: ' ' }))))
	expect(refused.status).toBe(400)
	expect(refused.body).toMatchObject({
		ok: false,
		step: 'input',
		formError: null,
		errors: { title: 'validation.required', issuedDate: 'policyImport.validation.date', text: 'policyImport.validation.textRequired' },
	})

	const review = reviewOf(await action(args(extractRequest(cookie, { ...DOCUMENT, text: CLAUSE_16 }))))
	const back = unwrap(await action(args(reviewRequest(cookie, 'back', review.document, review.cards))))
	expect(back).toEqual({ status: 200, body: { ok: true, step: 'input', document: { ...DOCUMENT, text: CLAUSE_16 } } })
})

test('a qualitative text yields no targets; a .txt upload in GBK is read, files of no known kind are refused', async () => {
	const cookie = await loginAs('manager')
	const none = reviewOf(await action(args(extractRequest(cookie, { ...DOCUMENT, text: '坚持创新驱动，推动产业高质量发展。' }))))
	expect(none.cards).toEqual([])

	// 每年新增高新技术企业5-10家。 in GBK, as Notepad on a Chinese Windows saves it.
	const gbk = new Uint8Array([
		0xc3, 0xbf, 0xc4, 0xea, 0xd0, 0xc2, 0xd4, 0xf6, 0xb8, 0xdf, 0xd0, 0xc2, 0xbc, 0xbc, 0xca, 0xf5, 0xc6, 0xf3, 0xd2, 0xb5, 0x35, 0x2d, 0x31, 0x30, 0xbc, 0xd2,
		0xa1, 0xa3,
	])
	expect(new TextDecoder('gbk').decode(gbk)).toBe('每年新增高新技术企业5-10家。')
	const uploaded = reviewOf(await action(args(extractRequest(cookie, { ...DOCUMENT, text: '' }, new File([gbk], 'plan.txt', { type: 'text/plain' })))))
	expect(uploaded.document.text).toBe('每年新增高新技术企业5-10家。')
	expect(uploaded.cards).toHaveLength(1)
	expect(uploaded.cards[0]).toMatchObject({ op: 'range', value: '5', valueMax: '10', kind: 'companies_with_tag', anyTag: ['gaoxin'], newInYear: true })

	const wrongType = unwrap(await action(args(extractRequest(cookie, { ...DOCUMENT, text: '' }, new File(['a,b\n1,2'], 'plan.csv')))))
	expect(wrongType.status).toBe(400)
	expect(wrongType.body).toMatchObject({ ok: false, step: 'input', errors: { file: 'policyImport.file.type' }, errorParams: { file: {} } })
})

test('a .docx upload is read with its task table: the units of a row go with the targets of its measure', async () => {
	const cookie = await loginAs('manager')
	const file = docx([
		'赣县区工业倍增三年行动方案（2025-2027年）',
		'附件：重点任务分工表',
		{
			table: [
				['序号', '重点任务', '责任单位'],
				['1', '年均新增省级专精特新企业5家以上。', '区工信局、区科技局'],
				['2', '每年引进稀土新材料及应用项目10个以上。', '区商务局'],
			],
		},
	])
	const uploaded = reviewOf(await action(args(extractRequest(cookie, { ...DOCUMENT, text: '' }, new File([new Uint8Array(file)], '行动方案.docx')))))
	expect(uploaded.document.text).toContain('1\t年均新增省级专精特新企业5家以上。\t区工信局、区科技局')
	expect(uploaded.cards.map((c) => [c.metric, c.value, c.responsibleUnits])).toEqual([
		['年均新增省级专精特新企业', '5', '区工信局、区科技局'],
		['引进稀土新材料及应用项目', '10', '区商务局'],
	])
})

test('a hostile or unreadable upload is refused with its reason, and the typed details are kept', async () => {
	const cookie = await loginAs('manager')
	const bomb = docx(['正文'], [repeatedBytePart('word/media/image1.png', 0, 256 * 1024 * 1024)])
	const refused = unwrap(await action(args(extractRequest(cookie, { ...DOCUMENT, text: '' }, new File([new Uint8Array(bomb)], 'bomb.docx')))))
	expect(refused.status).toBe(400)
	expect(refused.body).toMatchObject({ step: 'input', document: DOCUMENT, errors: { file: 'policyImport.file.docxCompressionRatio' } })

	const scan = unwrap(await action(args(extractRequest(cookie, { ...DOCUMENT, text: '' }, new File([new Uint8Array(pdf([{ scan: true }]))], 'scan.pdf')))))
	expect(scan.body).toMatchObject({ errors: { file: 'policyImport.file.pdfNoText' }, errorParams: { file: { pages: 1 } } })
	// Only the file is the problem: the empty text box beside it is not flagged too.
	expect(scan.body.ok === false && scan.body.errors).toEqual({ file: 'policyImport.file.pdfNoText' })
})
