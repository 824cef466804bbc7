import { expect, test } from 'vitest'
import { type ExtractedTarget } from '~/domain/policy/target'
import { type ChainForRules } from './suggest-rules'
import {
	cardConfidence,
	parseStages,
	cardField,
	cardFromTarget,
	highlightSegments,
	locateExcerpt,
	matchUnit,
	normalizeUnitName,
	parseReviewCard,
	policyDocumentSchema,
	readReviewForm,
	type ReviewCardValues,
} from './target-review'

const chains: ChainForRules[] = [
	{
		slug: 'rare-earth',
		name: '赣县区稀土新材料及应用产业链',
		links: [
			{ key: 're_metal', name: '稀土金属及合金' },
			{ key: 'motor_servo', name: '伺服电机' },
		],
	},
]

const leadingProjects: ExtractedTarget = {
	excerpt: '每年引进20个以上集群引领性项目（单个项目投资不低于5亿元）',
	start: 10,
	end: 38,
	metric: '引进集群引领性项目',
	op: '>=',
	value: 20,
	valueMax: null,
	unit: '个',
	normalized: { value: 20, unit: '个' },
	period: 'annual',
	startYear: 2024,
	endYear: 2026,
	filters: { minInvestmentCNY: 500_000_000, categories: ['稀土新材料及应用'] },
	responsibleUnits: ['区商务局', '区工信局'],
	section: '（六）16',
	sources: [],
	stages: [],
	members: null,
	notes: [],
}

const metalOutput: ExtractedTarget = {
	...leadingProjects,
	excerpt: '稀土金属及合金产量达10000吨以上',
	metric: '稀土金属及合金产量',
	value: 1,
	unit: '万吨',
	normalized: { value: 10000, unit: 't' },
	period: 'by_year',
	startYear: null,
	filters: {},
	responsibleUnits: [],
	section: null,
}

test('an untouched card parses back to its target and the suggested rule', () => {
	const card = cardFromTarget(leadingProjects, chains)
	expect(card).toMatchObject({ accepted: true, kind: 'projects', minInvestment: '5', minInvestmentUnit: 'yi', categories: '稀土新材料及应用' })
	expect(card.scope).toEqual(['chain:rare-earth'])
	const parsed = parseReviewCard(card, chains)
	expect(parsed).toEqual({
		ok: true,
		target: leadingProjects,
		rules: {
			kind: 'projects',
			rules: {
				countStage: 'signed',
				measure: 'count',
				chainSlugs: ['rare-earth'],
				linkKeys: [],
				categories: ['稀土新材料及应用'],
				minInvestmentCNY: 500_000_000,
				projectTypes: [],
				clusterLeadingOnly: true,
			},
		},
	})

	const sum = parseReviewCard(cardFromTarget(metalOutput, chains), chains)
	expect(sum).toMatchObject({ ok: true, target: metalOutput, rules: { kind: 'sum', rules: { figure: 'output', linkKeys: ['re_metal'] } } })
})

test('corrections: the value is normalized again, filters follow the edited fields, the kind may change', () => {
	const card: ReviewCardValues = {
		...cardFromTarget(leadingProjects, chains),
		value: '２５',
		minInvestment: '8000',
		minInvestmentUnit: 'wan',
		categories: '伺服电机, 稀土新材料及应用',
		responsibleUnits: '区商务局、 区财政局，区商务局',
		countStage: 'started',
		scope: ['link:rare-earth:motor_servo'],
	}
	const parsed = parseReviewCard(card, chains)
	if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors))
	expect(parsed.target).toMatchObject({
		value: 25,
		normalized: { value: 25, unit: '个' },
		filters: { minInvestmentCNY: 80_000_000, categories: ['伺服电机', '稀土新材料及应用'] },
		responsibleUnits: ['区商务局', '区财政局'],
	})
	expect(parsed.rules).toMatchObject({
		kind: 'projects',
		rules: { countStage: 'started', minInvestmentCNY: 80_000_000, chainSlugs: ['rare-earth'], linkKeys: ['motor_servo'] },
	})

	const asCompanies = parseReviewCard({ ...card, kind: 'companies_with_tag', anyTag: ['gaoxin'], minRevenueYi: '10', newInYear: true }, chains)
	expect(asCompanies).toMatchObject({
		ok: true,
		rules: { kind: 'companies_with_tag', rules: { anyTag: ['gaoxin'], minRevenueCNY: 1_000_000_000, newInYear: true, chainSlugs: ['rare-earth'] } },
	})
	expect(parseReviewCard({ ...card, kind: 'manual', scope: ['chain:gone'] }, chains)).toMatchObject({ ok: true, rules: { kind: 'manual', rules: {} } })
})

test('every problem is reported on its field with an i18n key, nothing guessed', () => {
	const card = cardFromTarget(leadingProjects, chains)
	const errors = (changes: Partial<ReviewCardValues>) => {
		const parsed = parseReviewCard({ ...card, ...changes }, chains)
		return parsed.ok ? {} : parsed.errors
	}
	expect(errors({ value: 'abc' })).toEqual({ value: 'validation.notANumber' })
	expect(errors({ value: '' })).toEqual({ value: 'validation.required' })
	expect(errors({ metric: '  ' })).toEqual({ metric: 'validation.required' })
	expect(errors({ unit: '' })).toMatchObject({ unit: 'validation.required' })
	expect(errors({ op: 'most' })).toEqual({ op: 'validation.invalidChoice' })
	expect(errors({ op: 'range' })).toEqual({ valueMax: 'policyImport.validation.rangeMaxRequired' })
	expect(errors({ op: 'range', valueMax: '10' })).toEqual({ valueMax: 'policyImport.validation.rangeInverted' })
	expect(errors({ startYear: '24' })).toEqual({ startYear: 'policyImport.validation.year' })
	expect(errors({ startYear: '2027' })).toEqual({ endYear: 'policyImport.validation.yearsInverted' })
	expect(errors({ minInvestment: '-5' })).toEqual({ minInvestment: 'policyImport.validation.money.negative' })
	expect(errors({ kind: 'guess' })).toEqual({ kind: 'validation.invalidChoice' })
	expect(errors({ countStage: 'dreamt' })).toEqual({ countStage: 'validation.invalidChoice' })
	expect(errors({ scope: ['link:rare-earth:nope'] })).toEqual({ scope: 'validation.invalidChoice' })
	expect(errors({ projectTypes: ['greenfield'] })).toEqual({ projectTypes: 'validation.invalidChoice' })
	// A bound left over from a range is dropped, not refused.
	expect(parseReviewCard({ ...card, valueMax: 'junk' }, chains)).toMatchObject({ ok: true, target: { valueMax: null } })
})

test('a posted review form reads the document and every card, checkboxes absent = off', () => {
	const form = new FormData()
	form.set('title', '方案')
	form.set('text', '第一行\r\n第二行')
	form.set('cardCount', '2')
	form.set(cardField(0, 'metric'), '甲')
	form.set(cardField(0, 'accepted'), 'on')
	form.append(cardField(0, 'scope'), 'chain:a')
	form.append(cardField(0, 'scope'), 'link:a:b')
	form.set(cardField(1, 'metric'), '乙')
	const { document, cards } = readReviewForm(form)
	expect(document).toEqual({ title: '方案', docNumber: '', issuer: '', issuedDate: '', regionId: '', text: '第一行\r\n第二行' })
	expect(cards).toHaveLength(2)
	expect(cards[0]).toMatchObject({ metric: '甲', accepted: true, scope: ['chain:a', 'link:a:b'], newInYear: false, value: '' })
	expect(cards[1]).toMatchObject({ metric: '乙', accepted: false, scope: [] })
})

test('the document: title required, a real date, text as LF and not blank', () => {
	const parse = (changes: Record<string, string>) =>
		policyDocumentSchema.safeParse({ title: '方案', docNumber: '', issuer: ' 区政府 ', issuedDate: '2024-05-12', regionId: '', text: 'a\r\nb', ...changes })
	expect(parse({}).data).toEqual({
		title: '方案',
		docNumber: null,
		issuer: '区政府',
		issuedDate: new Date('2024-05-12T00:00:00Z'),
		regionId: null,
		text: 'a\nb',
	})
	expect(parse({ regionId: 'r1' }).data?.regionId).toBe('r1')
	expect(parse({ title: ' ' }).error?.issues[0]?.message).toBe('validation.required')
	expect(parse({ issuedDate: '2024-02-30' }).error?.issues[0]?.message).toBe('policyImport.validation.date')
	expect(parse({ text: ' \n ' }).error?.issues[0]?.message).toBe('policyImport.validation.textRequired')
})

test('units: names matched exactly, then by their normalized form', () => {
	const units = [{ name: '区工信局' }, { name: '赣州高新区经发局' }, { name: '区发改委' }]
	expect(matchUnit('区工信局', units)).toBe(units[0])
	expect(matchUnit(' 赣州高新区 经发局。', units)).toBe(units[1])
	expect(normalizeUnitName('区工信局（牵头）')).toBe(normalizeUnitName('区工信局(牵头)'))
	expect(matchUnit('区发展改革委', units)).toBeNull()
})

test('excerpts are found at their offsets or by their text, and overlapping ones cut the text without nesting', () => {
	const text = '甲。每年引进项目10个以上，产值突破200亿元。乙'
	const first = { excerpt: '每年引进项目10个以上', start: '2', end: '13' }
	expect(locateExcerpt(text, first)).toEqual({ start: 2, end: 13 })
	expect(locateExcerpt(text, { ...first, start: '-1', end: '-1' })).toEqual({ start: 2, end: 13 })
	expect(locateExcerpt(text, { excerpt: '不在文中', start: '0', end: '4' })).toBeNull()

	const ranges = [{ start: 2, end: 13 }, null, { start: 10, end: 23 }]
	const segments = highlightSegments(text.length, ranges)
	expect(segments.map((s) => [text.slice(s.start, s.end), s.targets, s.starting])).toEqual([
		['甲。', [], []],
		['每年引进项目10', [0], [0]],
		['个以上', [0, 2], [2]],
		['，产值突破200亿元', [2], []],
		['。乙', [], []],
	])
	expect(highlightSegments(3, [])).toEqual([{ start: 0, end: 3, targets: [], starting: [] }])
})

test('staged values and sanity rules on a card (ADR 0042)', () => {
	expect(parseStages('2025：40；2026：45-48；2027=50')).toEqual([
		{ year: 2025, value: 40, valueMax: null },
		{ year: 2026, value: 45, valueMax: 48 },
		{ year: 2027, value: 50, valueMax: null },
	])
	expect(parseStages('')).toEqual([])
	expect(parseStages('2025：40；2025：45')).toBeNull()
	expect(parseStages('明年 40')).toBeNull()
	const card = cardFromTarget(leadingProjects, chains)
	const errors = (changes: Partial<ReviewCardValues>) => {
		const parsed = parseReviewCard({ ...card, ...changes }, chains)
		return parsed.ok ? {} : parsed.errors
	}
	expect(errors({ value: '2.5' })).toEqual({ value: 'policyImport.validation.wholeNumber' })
	expect(errors({ unit: '%', value: '120' })).toEqual({ value: 'policyImport.validation.percentRange' })
	expect(errors({ stages: '2025：40' })).toEqual({ stages: 'policyImport.validation.stagesOne' })
	expect(errors({ stages: '2025：40；2026：45' })).toEqual({ stages: 'policyImport.validation.stagesByYear' })
	const staged = parseReviewCard({ ...card, period: 'by_year', stages: '2026：25；2025：20', members: '园区' }, chains)
	expect(staged).toMatchObject({
		ok: true,
		target: {
			stages: [
				{ year: 2025, value: 20 },
				{ year: 2026, value: 25 },
			],
			members: '园区',
		},
	})
	// The confidence follows the values as corrected.
	expect(cardConfidence({ ...card, value: '2.5' }).value).toEqual({ level: 'low', reasons: ['wholeNumber'] })
	expect(cardConfidence(card).value.level).toBe('high')
})
