import { expect, test } from 'vitest'
import { FUNNEL_STAGES, funnelFigures, type Pursuit } from '~/domain/funnel/funnel'
import { type QuotaProgress } from '~/domain/quota/progress'
import { i18nFor } from '~/i18n/i18n'
import { buildReport, type ReportInputs } from './build-report'
import { type ReportCorrection, TAG_HELD } from './closed-periods'
import { formatSheetCell, issuedReportLabel, layoutReport } from './layout'
import { parseReportPeriod, type ReportKind, type ReportPeriodInput } from './period'
import { type ReportProject } from './project-activity'

const zh = i18nFor('zh-CN').t
const en = i18nFor('en').t

function period(kind: ReportKind, input: ReportPeriodInput) {
	const parsed = parseReportPeriod(kind, input, '2026-11-25')
	if (!parsed.ok) throw new Error(parsed.error.key)
	return parsed.period
}

const unitA = { id: 'A', name: '区商务局', nameEn: 'Commerce Bureau' }

function quota(asOf: string, overrides: Partial<QuotaProgress> = {}): QuotaProgress {
	return {
		quotaId: 'q1',
		section: '（六）16',
		metric: '引进稀土新材料及应用项目',
		excerpt: '每年引进稀土新材料及应用项目10个以上',
		kind: 'projects',
		op: '>=',
		value: 10,
		valueMax: null,
		unit: '个',
		normalizedUnit: '个',
		period: 'annual',
		startYear: 2024,
		endYear: 2026,
		year: 2025,
		asOf,
		target: 10,
		targetMax: null,
		actual: 1,
		pace: 5,
		status: 'behind',
		forecast: 1,
		awaitingActual: 0,
		awaiting: [],
		excluded: [],
		pipeline: [],
		cumulative: [],
		region: null,
		regions: [],
		problems: [],
		yearValues: [],
		sources: [],
		members: null,
		memberProgress: [],
		membersMet: 0,
		items: [
			{
				type: 'project',
				id: 'p1',
				label: '（示例）微特电机生产基地',
				companyId: 'c1',
				companyName: '（示例）吴中微特电机有限公司',
				date: '2025-06-18',
				amount: 1,
				unitId: 'A',
				unitName: '区商务局',
				unitNameEn: 'Commerce Bureau',
				isSample: true,
				detail: null,
			},
		],
		units: [{ unitId: 'A', unitName: '区商务局', unitNameEn: 'Commerce Bureau', position: 0, target: null, actual: 1, items: 1 }],
		counts: { items: 1, awaiting: 0, excluded: 0, pipeline: 0 },
		hasSample: true,
		...overrides,
	}
}

const signedInJune: ReportProject = {
	id: 'p1',
	title: '（示例）微特电机生产基地',
	type: 'new',
	companyName: '（示例）吴中微特电机有限公司',
	investmentCNY: 150_000_000,
	incrementCNY: null,
	unit: unitA,
	isSample: true,
	dates: { negotiating: '2025-04-01', signed: '2025-06-18', started: null, producing: null, terminated: null },
}

function monthly(): ReportInputs {
	return {
		period: period('monthly', { year: '2025', month: '6' }),
		region: null,
		generatedAt: '2026-11-25 10:00',
		progress: [quota('2025-06-30')],
		projects: [signedInJune],
		units: [unitA],
		corrections: [],
		funnels: [],
	}
}

test('the monthly report is titled with its period and has its four sheets in Chinese', () => {
	const doc = layoutReport(buildReport(monthly()), zh, 'zh-CN')
	expect(doc.title).toBe('2025年6月 招商引资月调度表')
	expect(doc.filename).toBe('月调度表-2025-06.xlsx')
	expect(doc.sheets.map((s) => s.name)).toEqual(['项目调度', '项目变动', '目标进度', '说明'])

	const [dispatch, changes, progress, notes] = doc.sheets
	expect(dispatch!.columns.map((c) => c.header).slice(0, 5)).toEqual(['责任单位', '洽谈（个）', '洽谈投资（亿元）', '签约（个）', '签约投资（亿元）'])
	expect(dispatch!.rows.map((r) => [r.cells[0], r.cells[3], r.cells[4], r.style])).toEqual([
		['区商务局', 1, 1.5, undefined],
		['合计', 1, 1.5, 'total'],
	])
	expect(changes!.rows.map((r) => r.cells)).toEqual([
		['2025-06-18', '（示例）微特电机生产基地', '（示例）吴中微特电机有限公司', '新建', '签约', '区商务局', 1.5, null, '是'],
	])
	// The quota line (verified actual, then what awaits 核验), then its unit line.
	expect(progress!.columns.slice(5, 8).map((c) => c.header)).toEqual(['实际完成', '待核验', '完成率'])
	expect(progress!.rows.map((r) => [r.cells[2], r.cells[3], r.cells[5], r.cells[6], r.cells[7], r.cells[9], r.style])).toEqual([
		['区商务局', '≥ 10 个', 1, 0, 0.1, '滞后', 'group'],
		['区商务局', '10 个', 1, null, 0.1, null, undefined],
	])
	const noteText = notes!.rows.map((r) => `${r.cells[0]}：${r.cells[1]}`)
	expect(noteText).toContain('数据截至：2025-06-30')
	expect(noteText).toContain('生成时间：2026-11-25 10:00')
	expect(noteText.some((line) => line.includes('签约日期') && line.includes('增资只计增量'))).toBe(true)
	expect(noteText).toContain('示例数据：（示例）数据为示例，非来自源文件，仅用于演示。')
})

test('in English the headers, units and period follow the reader; policy text stays as written', () => {
	const doc = layoutReport(buildReport(monthly()), en, 'en')
	expect(doc.title).toBe('Investment promotion monthly dispatch — June 2025')
	expect(doc.filename).toBe('monthly-dispatch-2025-06.xlsx')
	const progress = doc.sheets.find((s) => s.key === 'progress')!
	expect(progress.columns.map((c) => c.header)).toContain('Completion')
	expect(progress.rows[0]!.cells.slice(1, 3)).toEqual(['引进稀土新材料及应用项目', 'Commerce Bureau'])
	// Targets and units in English: a quota counting projects counts projects, not 个.
	expect(progress.rows.map((r) => [r.cells[3], r.cells[4], r.cells[5]])).toEqual([
		['≥ 10 projects', 'projects', 1],
		['10 projects', 'projects', 1],
	])
})

test('in English a money quota reads in CNY bn and its figures are converted to match; the Chinese report keeps 亿元', () => {
	const money = quota('2025-06-30', {
		quotaId: 'm',
		kind: 'sum',
		op: '>',
		value: 200,
		unit: '亿元',
		normalizedUnit: 'CNY',
		target: 200e8,
		actual: 50e8,
		pace: 100e8,
		units: [],
		items: [],
	})
	const inputs = { ...monthly(), progress: [money] }
	const english = layoutReport(buildReport(inputs), en, 'en').sheets.find((s) => s.key === 'progress')!
	expect(english.rows.map((r) => [r.cells[3], r.cells[4], r.cells[5], r.cells[8]])).toEqual([['> 20 CNY bn', 'CNY bn', 5, 10]])
	const chinese = layoutReport(buildReport(inputs), zh, 'zh-CN').sheets.find((s) => s.key === 'progress')!
	expect(chinese.rows.map((r) => [r.cells[3], r.cells[4], r.cells[5], r.cells[8]])).toEqual([['> 200 亿元', '亿元', 50, 100]])
	// The annual items sheet: each item's amount in the same English unit.
	const firms = quota('2025-12-31', { quotaId: 'f', kind: 'companies_with_tag', op: '>=', value: 6, unit: '家', normalizedUnit: '家', units: [] })
	const annual = buildReport({
		period: period('annual', { year: '2025' }),
		region: null,
		generatedAt: 'x',
		progress: [firms],
		projects: [],
		units: [],
		corrections: [],
		funnels: [],
	})
	const items = layoutReport(annual, en, 'en').sheets.find((s) => s.key === 'items')!
	expect(items.rows.map((r) => [r.cells[6], r.cells[7]])).toEqual([[1, 'firms']])
	expect(layoutReport(annual, en, 'en').sheets[0]!.rows[0]!.cells.slice(3, 5)).toEqual(['≥ 6 firms', 'firms'])
})

test('the quarterly ranking sheet states the scoring rule; empty tables say so', () => {
	const q2 = period('quarterly', { year: '2025', quarter: '2' })
	const doc = layoutReport(
		buildReport({ period: q2, region: null, generatedAt: 'x', progress: [quota('2025-06-30')], projects: [], units: [], corrections: [], funnels: [] }),
		zh,
		'zh-CN',
	)
	expect(doc.title).toBe('2025年第2季度 招商引资工作季度通报')
	expect(doc.filename).toBe('季通报-2025-Q2.xlsx')
	const ranking = doc.sheets.find((s) => s.key === 'ranking')!
	expect(ranking.rows.map((r) => r.cells.slice(0, 5))).toEqual([[1, '区商务局', 10, 0, 1]])
	expect(ranking.notes.join()).toContain('得分 = 完成数 ÷ 目标数，单项封顶100分')
	expect(doc.sheets.find((s) => s.key === 'signed')!.notes[0]).toBe('本期无记录。')
})

test('the quarterly bulletin shows each chain’s 链上转化 by responsible unit, chains without pursuits left out', () => {
	const q2 = period('quarterly', { year: '2025', quarter: '2' })
	const none = Object.fromEntries(FUNNEL_STAGES.map((s) => [s, null])) as Record<(typeof FUNNEL_STAGES)[number], string | null>
	type Row = Pick<Pursuit, 'leadId' | 'projectId' | 'days' | 'closedDay'>
	const lead: Row = { leadId: 'l1', projectId: null, days: { ...none, opened: '2025-04-02', visited: '2025-04-09' }, closedDay: null }
	const signed: Row = { leadId: null, projectId: 'p1', days: { ...none, negotiating: '2025-05-01', signed: '2025-06-20' }, closedDay: null }
	const dropped: Row = { leadId: 'l2', projectId: null, days: { ...none, opened: '2025-05-02' }, closedDay: '2025-06-01' }
	const figures = (list: Row[]) => funnelFigures(list, '2025-06-30')
	const funnels = [
		{
			chain: { name: '稀土链', nameEn: 'Rare earth' },
			total: figures([lead, signed, dropped]),
			units: [
				{ unit: unitA, figures: figures([lead, signed]) },
				{ unit: null, figures: figures([dropped]) },
			],
		},
		{ chain: { name: '锂电链', nameEn: 'Lithium' }, total: figures([]), units: [] },
	]
	const doc = layoutReport(
		buildReport({ period: q2, region: null, generatedAt: 'x', progress: [quota('2025-06-30')], projects: [], units: [], corrections: [], funnels }),
		zh,
		'zh-CN',
	)
	expect(doc.sheets.map((s) => s.name)).toEqual(['单位排名', '目标进度', '本季签约项目', '链上转化', '履约预警', '说明'])
	const sheet = doc.sheets.find((s) => s.key === 'funnel')!
	expect(sheet.columns.map((c) => c.header)).toEqual(['产业链', '责任单位', '招商对象', '立线索', '拜访', '洽谈', '签约', '开工', '投产', '止步（放弃/终止）'])
	expect(sheet.rows).toEqual([
		{ cells: ['稀土链', '全链合计', 3, 2, 1, 1, 1, 0, 0, 1], style: 'group' },
		{ cells: ['稀土链', '区商务局', 2, 1, 1, 1, 1, 0, 0, 0] },
		{ cells: ['稀土链', '未指定单位', 1, 1, 0, 0, 0, 0, 0, 1] },
	])
	expect(sheet.notes[0]).toContain('2025-06-30')
	const english = layoutReport(
		buildReport({ period: q2, region: null, generatedAt: 'x', progress: [quota('2025-06-30')], projects: [], units: [], corrections: [], funnels }),
		en,
		'en',
	)
	expect(english.sheets.find((s) => s.key === 'funnel')!.rows[1]!.cells.slice(0, 2)).toEqual(['Rare earth', 'Commerce Bureau'])
})

test('the annual assessment lists the counted items in 计入明细', () => {
	const year = period('annual', { year: '2025' })
	const doc = layoutReport(
		buildReport({ period: year, region: null, generatedAt: 'x', progress: [quota('2025-12-31')], projects: [], units: [], corrections: [], funnels: [] }),
		zh,
		'zh-CN',
	)
	expect(doc.sheets.map((s) => s.name)).toEqual(['目标完成情况', '单位排名', '计入明细', '说明'])
	const items = doc.sheets.find((s) => s.key === 'items')!
	expect(items.rows.map((r) => [r.cells[1], r.cells[2], r.cells[3], r.cells[5], r.cells[6]])).toEqual([
		['引进稀土新材料及应用项目', '项目', '（示例）微特电机生产基地', '2025-06-18', 1],
	])
	expect(doc.sheets[0]!.rows[0]!.cells[8]).toBe('否')
})

test('items’ notes and rule problems follow the reader’s language, amounts in its money unit', () => {
	const year = period('annual', { year: '2025' })
	const increment = { key: 'increment_only', values: { incrementCNY: 200_000_000 } }
	const base = quota('2025-12-31')
	const progress = quota('2025-12-31', { items: [{ ...base.items[0]!, detail: increment }], problems: [{ key: 'no_output_figures', values: { year: 2025 } }] })
	const sheets = (t: typeof en, locale: 'en' | 'zh-CN') => {
		const doc = layoutReport(
			buildReport({ period: year, region: null, generatedAt: 'x', progress: [progress], projects: [], units: [], corrections: [], funnels: [] }),
			t,
			locale,
		)
		const items = doc.sheets.find((s) => s.key === 'items')!
		const detail = items.rows[0]!.cells[items.columns.findIndex((c) => c.key === 'detail')]
		return { detail, notes: doc.sheets.find((s) => s.key === 'notes')!.rows.map((r) => r.cells[1]) }
	}
	const english = sheets(en, 'en')
	expect(english.detail).toBe('capital increase: only the increment of CNY 200 M counts')
	expect(english.notes).toContain('（六）16 引进稀土新材料及应用项目: no output figures for 2025 at the chosen links')
	const chinese = sheets(zh, 'zh-CN')
	expect(chinese.detail).toBe('增资：仅计增量 2 亿元')
	expect(chinese.notes).toContain('（六）16 引进稀土新材料及应用项目：所选环节没有 2025 年的产量数据')
})

test('the print page shows 亿元 with 2 decimals and completion as a percentage with 1', () => {
	expect(formatSheetCell(1.5, 'yi', 'zh-CN')).toBe('1.50')
	expect(formatSheetCell(0.4567, 'percent', 'zh-CN')).toBe('45.7%')
	expect(formatSheetCell(12345.678, 'number', 'en')).toBe('12,345.68')
	expect(formatSheetCell(3, 'number', 'zh-CN')).toBe('3')
	expect(formatSheetCell(null, 'percent', 'zh-CN')).toBe('')
	expect(formatSheetCell('2025-06-18', 'date', 'zh-CN')).toBe('2025-06-18')
})

test('corrections made in the period get a 更正 sheet before 说明, with names for codes and ids, in either language', () => {
	const correction: ReportCorrection = {
		at: '2025-07-03 09:30',
		subject: '（示例）微特电机生产基地',
		changes: [
			{ field: 'dates.signed', before: '2025-06-18', after: '2025-07-02' },
			{ field: 'stage', before: 'negotiating', after: 'signed' },
			{ field: 'investmentCNY', before: '150000000', after: '200000000' },
			{ field: 'responsibleUnitId', before: null, after: 'A' },
			{ field: 'linkIds', before: 'l1,l2', after: 'l1' },
		],
		reason: '合同签订日期更正',
		userName: '刘局长',
		reports: [{ kind: 'monthly', year: 2025, month: 6, quarter: null, issuedOn: '2025-07-01' }],
		names: { A: unitA, l1: { name: '稀土金属', nameEn: 'Rare-earth metals' }, l2: { name: '磁材', nameEn: 'Magnets' } },
	}
	const july = { ...monthly(), period: period('monthly', { year: '2025', month: '7' }), progress: [quota('2025-07-31')], corrections: [correction] }
	const doc = layoutReport(buildReport(july), zh, 'zh-CN')
	expect(doc.sheets.map((s) => s.name)).toEqual(['项目调度', '项目变动', '目标进度', '更正', '说明'])
	const sheet = doc.sheets.find((s) => s.key === 'corrections')!
	expect(sheet.rows.map((r) => r.cells)).toEqual([
		[
			'2025-07-03 09:30',
			'（示例）微特电机生产基地',
			'签约日期：2025-06-18 → 2025-07-02；阶段：洽谈 → 签约；总投资：1.5 亿元 → 2 亿元；责任单位：（空） → 区商务局；产业链环节：稀土金属、磁材 → 稀土金属',
			'合同签订日期更正',
			'刘局长',
			'2025年6月 招商引资月调度表（2025-07-01 签发）',
		],
	])
	const english = layoutReport(buildReport(july), en, 'en').sheets.find((s) => s.key === 'corrections')!
	expect(english.name).toBe('Corrections')
	expect(english.rows[0]!.cells[2]).toBe(
		'Signing date: 2025-06-18 → 2025-07-02; Stage: Negotiating → Signed; Investment: CNY 150 M → CNY 200 M; Responsible unit: (none) → Commerce Bureau; Chain links: Rare-earth metals; Magnets → Rare-earth metals',
	)
	expect(english.rows[0]!.cells[5]).toBe('Investment promotion monthly dispatch — June 2025 (issued 2025-07-01)')

	// A 核验 decision: the stage's check, by its state names.
	const verified = { ...correction, changes: [{ field: 'verification.signed', before: 'pending', after: 'verified' }] }
	const checked = layoutReport(buildReport({ ...july, corrections: [verified] }), zh, 'zh-CN').sheets.find((s) => s.key === 'corrections')!
	expect(checked.rows[0]!.cells[2]).toBe('签约核验：待核验 → 已核验')

	// A company's tags and revenue: the tag by its name, 认定 years, amounts in 亿元.
	const company = {
		...correction,
		subject: '（示例）恒源稀土',
		changes: [
			{ field: 'tags.gaoxin', before: '2024', after: '2025' },
			{ field: 'tags.lianzhu', before: null, after: TAG_HELD },
			{ field: 'revenueCNY', before: '1200000000', after: '1300000000' },
		],
	}
	const companyDoc = buildReport({ ...july, corrections: [company] })
	expect(
		layoutReport(companyDoc, zh, 'zh-CN')
			.sheets.find((s) => s.key === 'corrections')!
			.rows[0]!.cells.slice(1, 3),
	).toEqual(['（示例）恒源稀土', '高新技术企业：持有（2024年认定） → 持有（2025年认定）；链主：（空） → 持有（认定年份未知）；营业收入：12 亿元 → 13 亿元'])
	expect(layoutReport(companyDoc, en, 'en').sheets.find((s) => s.key === 'corrections')!.rows[0]!.cells[2]).toBe(
		'High-tech enterprise: Held (granted 2024) → Held (granted 2025); Chain leader: (none) → Held (year granted unknown); Revenue: CNY 1,200 M → CNY 1,300 M',
	)
})

test("an issued report is named by its region when it is not the installation's home region's (ADR 0033)", () => {
	const june = { kind: 'monthly', year: 2025, month: 6, quarter: null, issuedOn: '2025-07-01' } as const
	expect(issuedReportLabel(june, zh, 'zh-CN')).toBe('2025年6月 招商引资月调度表（2025-07-01 签发）')
	const nankang = { ...june, region: { name: '南康区', nameEn: 'Nankang District' } }
	expect(issuedReportLabel(nankang, zh, 'zh-CN')).toBe('南康区 2025年6月 招商引资月调度表（2025-07-01 签发）')
	expect(issuedReportLabel(nankang, en, 'en')).toBe('Nankang District: Investment promotion monthly dispatch — June 2025 (issued 2025-07-01)')
})

test('the quarterly bulletin lists broken commitments (履约预警), most overdue first, with the intensity', () => {
	const q2 = period('quarterly', { year: '2025', quarter: '2' })
	const row = {
		projectId: 'p1',
		title: '钕铁硼扩产',
		companyName: '甲公司',
		unit: unitA,
		signedDate: '2024-12-01',
		investmentCNY: 300_000_000,
		landMu: 150,
		isSample: false,
	}
	const broken = [
		{ ...row, kind: 'startOverdue' as const, deadline: '2025-06-01', daysOverdue: 29 },
		{ ...row, projectId: 'p2', title: '电机基地', unit: null, landMu: null, kind: 'produceOverdue' as const, deadline: '2025-01-31', daysOverdue: 150 },
	]
	const doc = layoutReport(
		buildReport({ period: q2, region: null, generatedAt: 'x', progress: [quota('2025-06-30')], projects: [], units: [], corrections: [], funnels: [], broken }),
		zh,
		'zh-CN',
	)
	const sheet = doc.sheets.find((s) => s.key === 'broken')!
	expect(sheet.name).toBe('履约预警')
	expect(sheet.rows.map((r) => r.cells)).toEqual([
		['电机基地', '甲公司', '（未指定单位）', '2024-12-01', '开工未投产', '2025-01-31', 150, 3, null, ''],
		['钕铁硼扩产', '甲公司', '区商务局', '2024-12-01', '签约未开工', '2025-06-01', 29, 3, 200, ''],
	])
	expect(sheet.notes[0]).toContain('2025-06-30')
	// The other reports have no such sheet.
	expect(layoutReport(buildReport(monthly()), zh, 'zh-CN').sheets.some((s) => s.key === 'broken')).toBe(false)
})
