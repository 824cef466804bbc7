import { expect, test } from 'vitest'
import { type ExtractedTarget } from '~/domain/policy/target'
import { cardSources, mergeCards, mergeDifferences, splitCard } from './review-edit'
import { cardFromTarget, parseReviewCard, type ReviewCardValues } from './target-review'

const target = (over: Partial<ExtractedTarget>): ExtractedTarget => ({
	excerpt: '新增规上企业10家以上',
	start: 20,
	end: 31,
	metric: '新增规上企业',
	op: '>=',
	value: 10,
	valueMax: null,
	unit: '家',
	normalized: { value: 10, unit: '家' },
	period: 'by_year',
	startYear: 2025,
	endYear: 2027,
	filters: {},
	responsibleUnits: ['区工信局'],
	section: '一',
	sources: [],
	stages: [],
	members: null,
	notes: [],
	...over,
})
const card = (over: Partial<ExtractedTarget>, values: Partial<ReviewCardValues> = {}) => ({ ...cardFromTarget(target(over), []), ...values })

test("merging two cards: a's values unless b is chosen, units from both when asked, every place cited once", () => {
	const a = card({})
	const b = card(
		{
			excerpt: '全区规上工业企业新增12家',
			start: 80,
			end: 93,
			metric: '规上工业企业',
			value: 12,
			responsibleUnits: ['区统计局', '区工信局'],
			section: '二（一）',
		},
		{ accepted: false },
	)
	expect(mergeDifferences(a, b)).toEqual(['metric', 'value', 'responsibleUnits'])
	const merged = mergeCards(a, b, { value: 'b', responsibleUnits: 'both' })
	expect([merged.metric, merged.value, merged.responsibleUnits, merged.accepted]).toEqual(['新增规上企业', '12', '区工信局、区统计局', true])
	expect(cardSources(merged).map((s) => [s.excerpt, s.start, s.section])).toEqual([
		['新增规上企业10家以上', 20, '一'],
		['全区规上工业企业新增12家', 80, '二（一）'],
	])
	// Merging the merged card with one of its places again adds nothing.
	expect(cardSources(mergeCards(merged, b))).toHaveLength(2)
	// The server's parser takes it as one target citing both places.
	const parsed = parseReviewCard({ ...merged, kind: 'manual' }, [])
	expect(parsed.ok && parsed.target.sources.map((s) => s.start)).toEqual([20, 80])
})

test("merging keeps a's counting rule and b's years when chosen", () => {
	const a = card({}, { kind: 'manual' })
	const b = card({ period: 'annual', startYear: null, endYear: null }, { kind: 'projects' })
	const merged = mergeCards(a, b, { years: 'b' })
	expect([merged.kind, merged.period, merged.endYear]).toEqual(['manual', 'annual', ''])
})

test('splitting a clause of two targets: each part with its own value, unit, metric and place', () => {
	const excerpt = '建成2-3个公共服务平台和20个左右示范车间'
	const { cards, how } = splitCard(card({ excerpt, start: 100, end: 100 + excerpt.length, metric: '建成示范车间', op: 'approx', value: 20, unit: '个' }))
	expect(how).toBe('clauses')
	const [first, second] = cards
	expect([first.excerpt, first.start, first.end, first.op, first.value, first.valueMax, first.unit]).toEqual([
		'建成2-3个公共服务平台',
		'100',
		'112',
		'range',
		'2',
		'3',
		'个',
	])
	expect(first.metric).toContain('公共服务平台')
	expect([second.excerpt, second.start, second.op, second.value, second.valueMax]).toEqual(['20个左右示范车间', '113', 'approx', '20', ''])
	expect(second.metric).toContain('示范车间')
	// Years and units stay as the card had them; both parse.
	expect([first.endYear, second.responsibleUnits]).toEqual(['2027', '区工信局'])
	for (const part of cards) expect(parseReviewCard({ ...part, kind: 'manual' }, []).ok).toBe(true)
})

test('splitting a metric of two things under one number; else two copies to edit', () => {
	const both = splitCard(card({ excerpt: '新增规上工业企业和高新技术企业各10家', metric: '新增规上工业企业和高新技术企业各' }))
	expect(both.how).toBe('metric')
	expect(both.cards.map((c) => [c.metric, c.value])).toEqual([
		['新增规上工业企业', '10'],
		['新增高新技术企业', '10'],
	])
	const plain = splitCard(card({}))
	expect(plain.how).toBe('copy')
	expect(plain.cards[0]).toEqual(plain.cards[1])
	expect(plain.cards[0]).not.toBe(plain.cards[1])
})

test('a card of one place cites its own clause; one without offsets keeps -1', () => {
	expect(cardSources(card({}, { start: '', end: '' }))).toEqual([{ excerpt: '新增规上企业10家以上', start: -1, end: -1, section: '一' }])
	expect(cardSources(card({}, { excerpt: ' ' }))).toEqual([])
})
