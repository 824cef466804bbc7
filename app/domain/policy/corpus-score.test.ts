import { describe, expect, it } from 'vitest'
import {
	adaptExtractedTargets,
	matchTargets,
	metricSimilarity,
	resolveExpected,
	sameUnit,
	sameValues,
	sameYears,
	scaleToBase,
	type ScoredTarget,
	scoreDocument,
	totalScore,
} from './corpus-score'
import { type ExtractedTarget } from './target'

function target(over: Partial<ScoredTarget> & { at: [number, number] }): ScoredTarget {
	const { at, ...rest } = over
	return {
		spans: [{ start: at[0], end: at[1] }],
		metric: '引进项目',
		op: '>=',
		unit: '个',
		period: 'by_year',
		stages: [{ year: 2026, value: 10, valueMax: null }],
		perMember: false,
		responsibleUnits: [],
		...rest,
	}
}

function extracted(over: Partial<ExtractedTarget>): ExtractedTarget {
	return {
		excerpt: '每年引进项目10个以上',
		start: 0,
		end: 11,
		metric: '引进项目',
		op: '>=',
		value: 10,
		valueMax: null,
		unit: '个',
		normalized: { value: 10, unit: '个' },
		period: 'annual',
		startYear: 2024,
		endYear: 2026,
		filters: {},
		responsibleUnits: ['区商务局'],
		section: null,
		sources: [],
		stages: [],
		members: null,
		notes: [],
		...over,
	}
}

describe('resolveExpected', () => {
	const source = '到2025年，高新技术企业突破75家。到2027年，高新技术企业超过90家。'
	it('finds every quote of a staged target and keeps its stages', () => {
		const [t] = resolveExpected(source, {
			targets: [
				{
					quotes: ['高新技术企业突破75家', '高新技术企业超过90家'],
					metric: '高新技术企业',
					op: '>',
					unit: '家',
					period: 'by_year',
					stages: [
						{ year: 2025, value: 75 },
						{ year: 2027, value: 90 },
					],
				},
			],
		})
		expect(t!.spans).toEqual([
			{ start: source.indexOf('高新技术企业突破'), end: source.indexOf('高新技术企业突破') + 11 },
			{ start: source.indexOf('高新技术企业超过'), end: source.indexOf('高新技术企业超过') + 11 },
		])
		expect(t!.stages).toEqual([
			{ year: 2025, value: 75, valueMax: null },
			{ year: 2027, value: 90, valueMax: null },
		])
		expect(t!.perMember).toBe(false)
		expect(t!.responsibleUnits).toEqual([])
	})
	it('refuses a quote that is not in the text or appears twice', () => {
		const base = { metric: 'x', op: '=' as const, unit: '家', period: 'by_year' as const, value: 1 }
		expect(() => resolveExpected(source, { targets: [{ ...base, quote: '不在文中' }] })).toThrow(/not in the source/)
		expect(() => resolveExpected(source, { targets: [{ ...base, quote: '高新技术企业' }] })).toThrow(/found twice/)
	})
})

describe('adaptExtractedTargets', () => {
	it('maps a target stated once: one stage, the end year for a deadline, no year for an annual count, not per member', () => {
		const [annual, byYear] = adaptExtractedTargets([extracted({}), extracted({ period: 'by_year', value: 5, valueMax: 8, op: 'range', endYear: 2025 })])
		expect(annual).toMatchObject({
			spans: [{ start: 0, end: 11 }],
			period: 'annual',
			stages: [{ year: null, value: 10, valueMax: null }],
			perMember: false,
			responsibleUnits: ['区商务局'],
		})
		expect(byYear!.stages).toEqual([{ year: 2025, value: 5, valueMax: 8 }])
	})

	it('maps a restated, staged, per-member target: every place, a stage per year, per member', () => {
		const [t] = adaptExtractedTargets([
			extracted({
				period: 'by_year',
				sources: [
					{ excerpt: '到2025年达到40%', start: 3, end: 14, section: null },
					{ excerpt: '到2026年达到45%', start: 40, end: 51, section: '附件' },
				],
				stages: [
					{ year: 2025, value: 40, valueMax: null },
					{ year: 2026, value: 45, valueMax: null },
				],
				members: '园区',
			}),
		])
		expect(t!.spans).toEqual([
			{ start: 3, end: 14 },
			{ start: 40, end: 51 },
		])
		expect(t!.stages).toEqual([
			{ year: 2025, value: 40, valueMax: null },
			{ year: 2026, value: 45, valueMax: null },
		])
		expect(t!.perMember).toBe(true)
	})
})

describe('comparing fields', () => {
	it('scales 万 and 亿 before comparing quantities, and compares units without the prefix', () => {
		expect(scaleToBase(15, '万吨')).toEqual({ value: 150000, base: '吨' })
		expect(scaleToBase(2, '亿元')).toEqual({ value: 200000000, base: '元' })
		expect(scaleToBase(3, '%')).toEqual({ value: 3, base: '%' })
		expect(sameUnit('万个', '个')).toBe(true)
		expect(sameUnit('％', '%')).toBe(true)
		expect(sameUnit('个百分点', '%')).toBe(false)
		const e = target({ at: [0, 1], stages: [{ year: 2024, value: 10000, valueMax: null }] })
		expect(sameValues(e, target({ at: [0, 1], unit: '万个', stages: [{ year: 2024, value: 1, valueMax: null }] }))).toBe(true)
		expect(sameValues(e, target({ at: [0, 1], stages: [{ year: 2024, value: 1, valueMax: null }] }))).toBe(false)
	})
	it('wants every stage of a staged target, and no more', () => {
		const staged = target({
			at: [0, 1],
			stages: [
				{ year: 2025, value: 75, valueMax: null },
				{ year: 2027, value: 90, valueMax: null },
			],
		})
		expect(
			sameValues(
				staged,
				target({
					at: [0, 1],
					stages: [
						{ year: 2027, value: 90, valueMax: null },
						{ year: 2025, value: 75, valueMax: null },
					],
				}),
			),
		).toBe(true)
		expect(sameValues(staged, target({ at: [0, 1], stages: [{ year: 2025, value: 75, valueMax: null }] }))).toBe(false)
		expect(sameYears(staged, target({ at: [0, 1], stages: [{ year: 2025, value: 75, valueMax: null }] }))).toBe(false)
	})
	it('compares ranges by both ends', () => {
		const range = target({ at: [0, 1], op: 'range', stages: [{ year: null, value: 5, valueMax: 10 }] })
		expect(sameValues(range, target({ at: [0, 1], stages: [{ year: null, value: 5, valueMax: 10 }] }))).toBe(true)
		expect(sameValues(range, target({ at: [0, 1], stages: [{ year: null, value: 5, valueMax: null }] }))).toBe(false)
	})
	it('reads the year field as the period for annual counts, the period and years for deadlines', () => {
		const annual = target({ at: [0, 1], period: 'annual', stages: [{ year: null, value: 10, valueMax: null }] })
		expect(sameYears(annual, target({ at: [0, 1], period: 'annual', stages: [{ year: 2026, value: 10, valueMax: null }] }))).toBe(true)
		expect(sameYears(annual, target({ at: [0, 1] }))).toBe(false)
		expect(sameYears(target({ at: [0, 1] }), target({ at: [0, 1], stages: [{ year: 2025, value: 10, valueMax: null }] }))).toBe(false)
	})
	it('measures metric similarity by character bigrams', () => {
		expect(metricSimilarity('引进项目', '引进项目')).toBe(1)
		expect(metricSimilarity('引进项目', '产值')).toBe(0)
		expect(metricSimilarity('全区高新技术企业', '高新技术企业')).toBeGreaterThan(0.7)
	})
})

describe('matchTargets', () => {
	it('pairs only overlapping targets that agree on a value or a unit', () => {
		const expected = [target({ at: [0, 10], stages: [{ year: 2026, value: 40, valueMax: null }] })]
		// Same place, a qualifier read as the target: 800 万元 agrees on neither.
		const qualifier = target({ at: [0, 10], unit: '万元', stages: [{ year: 2026, value: 800, valueMax: null }] })
		// Right number and unit, elsewhere in the text.
		const elsewhere = target({ at: [20, 30], stages: [{ year: 2026, value: 40, valueMax: null }] })
		const result = matchTargets(expected, [qualifier, elsewhere])
		expect(result.pairs).toEqual([])
		expect(result.missed).toEqual([0])
		expect(result.extra).toEqual([0, 1])
	})
	it('pairs a wrong value when the unit agrees (3.15个 for 15个), and scores the value wrong', () => {
		const expected = [target({ at: [0, 10], stages: [{ year: 2026, value: 15, valueMax: null }] })]
		const glued = target({ at: [0, 10], stages: [{ year: 2026, value: 3.15, valueMax: null }] })
		const { pairs } = matchTargets(expected, [glued])
		expect(pairs).toHaveLength(1)
		expect(pairs[0]!.fields.value).toBe(false)
		expect(pairs[0]!.fields.unit).toBe(true)
	})
	it('takes the best pair first and leaves a restated duplicate as an extra', () => {
		// One sentence, two targets: 2-3 个平台 and 20 个车间; the extractor also read 20 twice (a restatement).
		const platforms = target({ at: [0, 30], metric: '公共服务平台', op: 'range', stages: [{ year: 2026, value: 2, valueMax: 3 }] })
		const workshops = target({ at: [0, 30], metric: '示范车间', op: 'approx', stages: [{ year: 2026, value: 20, valueMax: null }] })
		const got = [
			target({ at: [0, 30], metric: '示范车间', op: 'approx', stages: [{ year: 2026, value: 20, valueMax: null }] }),
			target({ at: [0, 30], metric: '公共服务平台', op: 'range', stages: [{ year: 2026, value: 2, valueMax: 3 }] }),
			target({ at: [40, 60], metric: '示范车间', op: 'approx', stages: [{ year: 2026, value: 20, valueMax: null }] }),
		]
		const result = matchTargets([platforms, workshops], got)
		expect(result.pairs.map((p) => [p.expected, p.actual])).toEqual([
			[0, 1],
			[1, 0],
		])
		expect(result.extra).toEqual([2])
	})
	it('matches a staged target once: its second year, read as its own target, is an extra', () => {
		const staged = target({
			at: [0, 10],
			spans: [
				{ start: 0, end: 10 },
				{ start: 20, end: 30 },
			],
			stages: [
				{ year: 2025, value: 75, valueMax: null },
				{ year: 2027, value: 90, valueMax: null },
			],
		})
		const got = [
			target({ at: [0, 10], stages: [{ year: 2025, value: 75, valueMax: null }] }),
			target({ at: [20, 30], stages: [{ year: 2027, value: 90, valueMax: null }] }),
		]
		const score = scoreDocument([staged], got)
		expect(score).toMatchObject({ expected: 1, extracted: 2, matched: 1, precision: 0.5, recall: 1, missed: [], extra: [1] })
		expect(score.fieldsCorrect.value).toBe(0)
		expect(score.fieldsCorrect.unit).toBe(1)
	})
	it('scores 责任单位 as a set and the per-member flag as is', () => {
		const e = target({ at: [0, 10], perMember: true, responsibleUnits: ['区工信局', '区商务局'] })
		const { pairs } = matchTargets([e], [target({ at: [0, 10], responsibleUnits: ['区商务局', '区工信局'] })])
		expect(pairs[0]!.fields.responsibleUnits).toBe(true)
		expect(pairs[0]!.fields.perMember).toBe(false)
	})
})

describe('scores', () => {
	it('gives no precision when nothing was extracted and no recall when nothing was expected', () => {
		expect(scoreDocument([], [])).toMatchObject({ precision: null, recall: null, matched: 0 })
		expect(scoreDocument([], [target({ at: [0, 1] })])).toMatchObject({ precision: 0, recall: null, extra: [0] })
		expect(scoreDocument([target({ at: [0, 1] })], [])).toMatchObject({ precision: null, recall: 0, missed: [0] })
	})
	it('adds documents up target by target (micro average)', () => {
		const perfect = scoreDocument([target({ at: [0, 1] })], [target({ at: [0, 1] })])
		const half = scoreDocument(
			[target({ at: [0, 1] }), target({ at: [5, 6], stages: [{ year: 2026, value: 7, valueMax: null }] })],
			[target({ at: [0, 1], stages: [{ year: 2025, value: 10, valueMax: null }] }), target({ at: [9, 9.5] })],
		)
		expect(half).toMatchObject({ expected: 2, extracted: 2, matched: 1, precision: 0.5, recall: 0.5 })
		expect(half.fieldsCorrect).toMatchObject({ value: 1, year: 0 })
		const total = totalScore([perfect, half])
		expect(total).toMatchObject({ expected: 3, extracted: 3, matched: 2 })
		expect(total.precision).toBeCloseTo(2 / 3)
		expect(total.recall).toBeCloseTo(2 / 3)
		expect(total.fieldsCorrect).toMatchObject({ value: 2, year: 1, unit: 2, perMember: 2 })
	})
})
