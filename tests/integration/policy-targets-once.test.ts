// One target, once (issue #15 §3, ADR 0042): a target restated in the task table saves one quota citing
// both places; a staged target saves its value per year and each year is counted against its own value;
// a per-member target counts each region under the quota's and is met when every member meets it; the
// same document saved twice is refused. Runs on SQLite and, in the PostgreSQL suite, on PostgreSQL.
import { beforeAll, describe, expect, test } from 'vitest'
import { prisma } from '~/db.server'
import { cardField, type DocumentValues, type ReviewCardValues } from '~/domain/quota/target-review'
import { loadQuotaProgress } from '~/models/quota-progress.server'
import { createRegion } from '~/models/region.server'
import { seedSampleEvidence } from '~/models/stage-evidence.server'
import { action, type PolicyImportActionResult } from '~/routes/quotas.import'
import { WHOLE_INSTALLATION } from '../helpers/actors'
import { BASE, loginAs, unwrap } from '../helpers/requests'

const args = (request: Request) => ({ request, params: {}, context: {} })

// Written for this test: a 主要目标 restated in the task table, a staged share, a per-park count.
const PLAN = [
	'测试县数字经济三年行动方案（2025—2027年）',
	'一、主要目标',
	'到2027年，全县新增数字经济核心产业企业24家以上。到2025年，规上工业企业数字化转型占比达到40%；到2026年达到45%；到2027年达到50%。',
	'二、重点任务',
	'（一）培育主体。到2027年，新增数字经济核心产业企业24家以上。〔责任单位：县工信局、县科技局〕',
	'（二）园区招商。每个园区每年引进3个以上亿元项目。〔责任单位：县商务局〕',
].join('\n')

const DOCUMENT = { title: '集成测试：数字经济三年行动方案', docNumber: '', issuer: '测试县人民政府', issuedDate: '2025-02-01', regionId: '' }

function extractRequest(cookie: string, fields: Record<string, string>) {
	const body = new FormData()
	body.set('intent', 'extract')
	for (const [name, value] of Object.entries(fields)) body.set(name, value)
	return new Request(`${BASE}/quotas/import`, { method: 'POST', headers: { Cookie: cookie }, body })
}

function saveRequest(cookie: string, document: DocumentValues, cards: ReviewCardValues[]) {
	const body = new URLSearchParams({ intent: 'save', ...document, cardCount: String(cards.length) })
	cards.forEach((card, index) => {
		for (const [field, value] of Object.entries(card) as [keyof ReviewCardValues, ReviewCardValues[keyof ReviewCardValues]][]) {
			const name = cardField(index, field)
			if (typeof value === 'boolean') {
				if (value) body.append(name, 'on')
			} else for (const v of [value].flat()) body.append(name, v)
		}
	})
	return new Request(`${BASE}/quotas/import`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookie }, body })
}

function reviewOf(result: unknown) {
	const { body } = unwrap(result) as { body: PolicyImportActionResult }
	if (body.step !== 'review') throw new Error(`expected the review step, got ${JSON.stringify(body)}`)
	return body
}

let cards: ReviewCardValues[]
let document: DocumentValues
let cookie: string

beforeAll(async () => {
	cookie = await loginAs('manager')
	const review = reviewOf(await action(args(extractRequest(cookie, { ...DOCUMENT, text: PLAN }))))
	cards = review.cards
	document = review.document
}, 60_000)

const card = (metric: string) => cards.find((c) => c.metric.includes(metric))!

describe('the review cards', () => {
	test('the restated target is one card citing both places, with the task table’s units', () => {
		expect(cards.filter((c) => c.metric.includes('数字经济核心产业企业'))).toHaveLength(1)
		const restated = card('数字经济核心产业企业')
		expect(restated).toMatchObject({ value: '24', op: '>=', unit: '家', endYear: '2027', responsibleUnits: '县工信局、县科技局' })
		expect(JSON.parse(restated.sources).map((s: { section: string }) => s.section)).toEqual(['一', '二（一）'])
	})

	test('the staged target is one card with a value per year; the per-park target is marked per member', () => {
		expect(card('数字化转型')).toMatchObject({ value: '50', unit: '%', endYear: '2027', stages: '2025：40；2026：45；2027：50' })
		expect(card('亿元项目')).toMatchObject({ value: '3', period: 'annual', members: '园区', metric: '引进亿元项目' })
		expect(cards).toHaveLength(3)
	})
})

describe('saving', () => {
	let saved: Awaited<ReturnType<typeof loadSaved>>
	const loadSaved = () =>
		prisma.policyDocument.findFirstOrThrow({
			where: { title: DOCUMENT.title },
			select: {
				id: true,
				textHash: true,
				quotas: {
					orderBy: { createdAt: 'asc' },
					select: {
						id: true,
						metric: true,
						value: true,
						endYear: true,
						sources: true,
						members: true,
						units: { orderBy: { position: 'asc' }, select: { unit: { select: { name: true } } } },
						yearValues: { orderBy: { year: 'asc' }, select: { year: true, value: true, normalizedValue: true } },
					},
				},
			},
		})

	beforeAll(async () => {
		// The staged share is reported by hand: a manual quota.
		const posted = cards.map((c) => (c.metric.includes('数字化转型') ? { ...c, kind: 'manual' } : c))
		const response = await action(args(saveRequest(cookie, document, posted)))
		expect(response).toBeInstanceOf(Response)
		saved = await loadSaved()
	})

	test('one quota per target: the restatement once, with both places and its units', () => {
		expect(saved.quotas).toHaveLength(3)
		const restated = saved.quotas.find((q) => q.metric.includes('数字经济核心产业企业'))!
		expect(JSON.parse(restated.sources)).toHaveLength(2)
		expect(restated.units.map((u) => u.unit.name)).toEqual(['县工信局', '县科技局'])
		expect(saved.textHash).toMatch(/^[0-9a-f]{64}$/)
	})

	test('the staged values are stored per year; the per-member target keeps its member word', () => {
		const staged = saved.quotas.find((q) => q.metric.includes('数字化转型'))!
		expect(staged).toMatchObject({ value: 50, endYear: 2027 })
		expect(staged.yearValues).toEqual([
			{ year: 2025, value: 40, normalizedValue: 40 },
			{ year: 2026, value: 45, normalizedValue: 45 },
			{ year: 2027, value: 50, normalizedValue: 50 },
		])
		expect(saved.quotas.find((q) => q.metric === '引进亿元项目')!.members).toBe('园区')
	})

	test('each year is counted against its own value', async () => {
		const staged = saved.quotas.find((q) => q.metric.includes('数字化转型'))!
		const leader = await prisma.user.findUniqueOrThrow({ where: { username: 'leader' }, select: { id: true } })
		await prisma.quotaManualEntry.createMany({
			data: [
				{ quotaId: staged.id, year: 2025, value: 42, evidence: '2025年统计', date: new Date('2025-12-31T00:00:00Z'), userId: leader.id },
				{ quotaId: staged.id, year: 2026, value: 44, evidence: '2026年统计', date: new Date('2026-12-31T00:00:00Z'), userId: leader.id },
			],
		})
		const scope = WHOLE_INSTALLATION
		const inYear = async (year: number) => (await loadQuotaProgress(prisma, { year, asOf: `${year}-12-31`, scope, quotaIds: [staged.id] }))[0]!
		const y2025 = await inYear(2025)
		expect(y2025).toMatchObject({ target: 40, value: 40, actual: 42, status: 'achieved' })
		// 44 meets 2025's 40 but not 2026's 45.
		const y2026 = await inYear(2026)
		expect(y2026).toMatchObject({ target: 45, value: 45, actual: 44, status: 'behind' })
		expect(y2026.yearValues.map((v) => v.year)).toEqual([2025, 2026, 2027])
		expect((await inYear(2027)).target).toBe(50)
		expect((await inYear(2028)).status).toBe('not_due')
	})

	test('the same document saved again is refused, nothing duplicated', async () => {
		const quotas = await prisma.quota.count()
		const again = unwrap(await action(args(saveRequest(cookie, document, cards))))
		// A conflict with what is stored (ADR 0045): 409, the cards as posted, the earlier save named.
		expect(again.status).toBe(409)
		expect(again.body).toMatchObject({
			ok: false,
			step: 'review',
			formError: { key: 'policyImport.errors.alreadySaved', params: { title: DOCUMENT.title, count: 3, date: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) } },
		})
		expect(await prisma.quota.count()).toBe(quotas)
		expect(await prisma.policyDocument.count({ where: { title: DOCUMENT.title } })).toBe(1)
	})
})

describe('a per-member target', () => {
	test('counts each region under the quota’s against the value and is met when every member meets it', async () => {
		const county = await createRegion(prisma, { code: 'pm-county', name: '成员测试县', nameEn: 'Member County', kind: 'county', parentCode: 'jx-gz' })
		const parkA = await createRegion(prisma, { code: 'pm-park-a', name: '甲园区', nameEn: 'Park A', kind: 'park', parentCode: 'pm-county' })
		const parkB = await createRegion(prisma, { code: 'pm-park-b', name: '乙园区', nameEn: 'Park B', kind: 'park', parentCode: 'pm-county' })
		const { id: companyId } = await prisma.company.create({ data: { name: '成员测试公司', isLocal: true, regionId: county.id }, select: { id: true } })
		const project = async (title: string, regionId: string) => {
			const { id } = await prisma.project.create({
				data: {
					title,
					companyId,
					type: 'new',
					investmentCNY: 200_000_000n,
					stage: 'signed',
					negotiatingDate: new Date('2025-01-05T00:00:00Z'),
					signedDate: new Date('2025-03-10T00:00:00Z'),
					regionId,
				},
				select: { id: true },
			})
			await prisma.$transaction((tx) => seedSampleEvidence(tx, id, []))
		}
		const { id: quotaId } = await prisma.quota.create({
			data: {
				regionId: county.id,
				excerpt: '每个园区每年引进2个以上亿元项目',
				metric: '引进亿元项目',
				kind: 'projects',
				op: '>=',
				value: 2,
				unit: '个',
				period: 'annual',
				members: '园区',
				filters: JSON.stringify({ minInvestmentCNY: 100_000_000 }),
			},
			select: { id: true },
		})
		const progress = async () => (await loadQuotaProgress(prisma, { year: 2025, asOf: '2025-12-31', scope: WHOLE_INSTALLATION, quotaIds: [quotaId] }))[0]!
		await project('甲园区项目一', parkA.id)
		await project('甲园区项目二', parkA.id)
		await project('乙园区项目一', parkB.id)
		const partly = await progress()
		// In total 3 ≥ 2, but 乙园区 has 1 of its 2.
		expect(partly.actual).toBe(3)
		expect(partly.memberProgress.map((m) => [m.name, m.actual, m.met])).toEqual([
			['甲园区', 2, true],
			['乙园区', 1, false],
		])
		expect(partly.membersMet).toBe(1)
		expect(partly.status).not.toBe('achieved')
		await project('乙园区项目二', parkB.id)
		const met = await progress()
		expect(met.membersMet).toBe(2)
		expect(met.status).toBe('achieved')
	})
})
