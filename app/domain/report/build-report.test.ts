import { expect, test } from 'vitest'
import { type QuotaItem, type QuotaProgress, type UnitProgress } from '~/domain/quota/progress'
import { rankUnits } from '~/domain/quota/unit-ranking'
import { buildReport, type ReportInputs } from './build-report'
import { parseReportPeriod, type ReportKind, type ReportPeriodInput } from './period'
import { type ReportProject } from './project-activity'

const TODAY = '2026-11-25'

function period(kind: ReportKind, input: ReportPeriodInput) {
	const parsed = parseReportPeriod(kind, input, TODAY)
	if (!parsed.ok) throw new Error(parsed.error.key)
	return parsed.period
}

function item(id: string, unitId: string, date: string, isSample = false): QuotaItem {
	return {
		type: 'project',
		id,
		label: id,
		companyId: null,
		companyName: null,
		date,
		amount: 1,
		unitId,
		unitName: unitId,
		unitNameEn: unitId,
		isSample,
		detail: null,
	}
}

function unit(unitId: string, actual: number, target: number | null = null): UnitProgress {
	return { unitId, unitName: unitId, unitNameEn: unitId, position: 0, target, actual, items: actual }
}

/** A "projects introduced" quota counted for 2025 at asOf. */
function quota(quotaId: string, asOf: string, items: QuotaItem[], units: UnitProgress[], overrides: Partial<QuotaProgress> = {}): QuotaProgress {
	return {
		quotaId,
		section: '（六）16',
		metric: quotaId,
		excerpt: quotaId,
		kind: 'projects',
		op: '>=',
		value: 4,
		valueMax: null,
		unit: '个',
		normalizedUnit: '个',
		period: 'annual',
		startYear: 2024,
		endYear: 2026,
		year: 2025,
		asOf,
		target: 4,
		targetMax: null,
		actual: items.length,
		pace: 2,
		status: items.length >= 4 ? 'achieved' : 'behind',
		forecast: items.length,
		awaitingActual: 0,
		awaiting: [],
		items,
		excluded: [],
		pipeline: [],
		cumulative: [],
		units,
		region: null,
		regions: [],
		problems: [],
		yearValues: [],
		sources: [],
		members: null,
		memberProgress: [],
		membersMet: 0,
		...withSummary(items),
		...overrides,
	}
}

/** The list sizes and sample flag the loader derives from the counted items. */
const withSummary = (items: QuotaItem[]) => ({
	counts: { items: items.length, awaiting: 0, excluded: 0, pipeline: 0 },
	hasSample: items.some((i) => i.isSample),
})

function project(id: string, dates: Partial<ReportProject['dates']>, isSample = false): ReportProject {
	return {
		id,
		title: id,
		type: 'new',
		companyName: 'c',
		investmentCNY: 1e8,
		incrementCNY: null,
		unit: { id: 'A', name: 'A', nameEn: 'A' },
		isSample,
		dates: { negotiating: null, signed: null, started: null, producing: null, terminated: null, ...dates },
	}
}

function inputs(overrides: Partial<ReportInputs> & Pick<ReportInputs, 'period'>): ReportInputs {
	return { region: null, generatedAt: '2026-11-25 10:00', progress: [], projects: [], units: [], corrections: [], funnels: [], ...overrides }
}

test('the monthly report joins 调度, 变动 and 目标进度 and flags sample data', () => {
	const june = period('monthly', { year: '2025', month: '6' })
	const progress = [quota('q1', '2025-06-30', [item('p1', 'A', '2025-03-01'), item('p2', 'B', '2025-06-18')], [unit('A', 1), unit('B', 1)])]
	const report = buildReport(
		inputs({
			period: june,
			progress,
			projects: [project('p2', { signed: '2025-06-18' }, true), project('p9', { signed: '2025-07-02' })],
			units: [{ id: 'A', name: 'A', nameEn: 'A' }],
		}),
	)
	if (report.kind !== 'monthly') throw new Error('expected monthly')
	expect(report.changes.map((c) => [c.projectId, c.stage])).toEqual([['p2', 'signed']])
	expect(report.dispatch.total.stages.signed.count).toBe(1)
	expect(report.quotas.map((q) => [q.quotaId, q.actual, q.completion])).toEqual([['q1', 2, 0.5]])
	expect(report.hasSample).toBe(true)
	expect(report.generatedAt).toBe('2026-11-25 10:00')
})

test('without sample items or changes the report says nothing about samples', () => {
	const june = period('monthly', { year: '2025', month: '6' })
	const report = buildReport(inputs({ period: june, progress: [quota('q1', '2025-06-30', [item('p1', 'A', '2025-03-01')], [unit('A', 1)])] }))
	expect(report.hasSample).toBe(false)
})

test('quota figures taken on another day than the period asOf are refused', () => {
	const june = period('monthly', { year: '2025', month: '6' })
	expect(() => buildReport(inputs({ period: june, progress: [quota('q1', '2025-12-31', [], [])] }))).toThrow(/as of 2025-06-30/)
	expect(() => buildReport(inputs({ period: june, progress: [quota('q1', '2025-06-30', [], [], { year: 2024 })] }))).toThrow(/2025 as of/)
})

test('the quarterly bulletin ranks units with capped scores and lists the projects signed in the quarter', () => {
	const q2 = period('quarterly', { year: '2025', quarter: '2' })
	const progress = [
		quota('q1', '2025-06-30', ['a1', 'a2', 'a3', 'a4', 'a5', 'a6'].map((id) => item(id, 'A', '2025-05-01')).concat(item('b1', 'B', '2025-05-02')), [
			unit('A', 6),
			unit('B', 1),
		]),
		quota('q2', '2025-06-30', [item('b2', 'B', '2025-04-03')], [unit('B', 1, 2)]),
	]
	const projects = [
		project('s1', { signed: '2025-04-01' }),
		project('s0', { signed: '2025-03-31', started: '2025-04-10' }),
		project('s2', { negotiating: '2025-05-01', signed: '2025-06-30' }),
	]
	const report = buildReport(inputs({ period: q2, progress, projects }))
	if (report.kind !== 'quarterly') throw new Error('expected quarterly')
	expect(report.ranking).toEqual(rankUnits(progress))
	// A: 6 of 4 capped at 100; B: (1/4 + 1/2) / 2.
	expect(report.ranking.map((u) => [u.unitId, u.rank, u.score])).toEqual([
		['A', 1, 100],
		['B', 2, 37.5],
	])
	expect(report.signed.map((c) => c.projectId)).toEqual(['s1', 's2'])
})

test('the annual assessment says which quotas were achieved and lists every counted item', () => {
	const year = period('annual', { year: '2025' })
	const progress = [
		quota(
			'met',
			'2025-12-31',
			['a', 'b', 'c', 'd'].map((id) => item(id, 'A', '2025-02-01')),
			[unit('A', 4)],
		),
		quota('missed', '2025-12-31', [item('e', 'A', '2025-08-01', true)], [unit('A', 1)]),
	]
	const report = buildReport(inputs({ period: year, progress }))
	if (report.kind !== 'annual') throw new Error('expected annual')
	expect(report.quotas.map((q) => [q.quotaId, q.achieved, q.completion])).toEqual([
		['met', true, 1],
		['missed', false, 0.25],
	])
	expect(report.items.map((i) => [i.quotaId, i.id])).toEqual([
		['met', 'a'],
		['met', 'b'],
		['met', 'c'],
		['met', 'd'],
		['missed', 'e'],
	])
	expect(report.ranking).toEqual(rankUnits(progress))
	expect(report.hasSample).toBe(true)
})

test('rules that could not be applied are carried with their quota', () => {
	const year = period('annual', { year: '2025' })
	const problem = { key: 'invalid_filters', values: {} }
	const report = buildReport(
		inputs({ period: year, progress: [quota('q', '2025-12-31', [], [], { section: '（一）1', metric: '新增高新技术企业', problems: [problem] })] }),
	)
	expect(report.problems).toEqual([{ section: '（一）1', metric: '新增高新技术企业', problem }])
})
