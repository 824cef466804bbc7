import { describe, expect, test } from 'vitest'
import { type AnalysisFirm, type AnalysisLink, summarizeFirms } from '~/domain/chain/gap-analysis'
import { rankByGapClosed } from './gap-closed'
import { type PlannedRecord, plannedProducerId, plannedProducerOf, runScenario, type ScenarioEdge } from './scenario'
import { type ScenarioChange } from './scenario-schema'

// metal → magnet → motor; magnet → servo (factor unknown); coating → motor (factor unknown, its only
// taker: its demand is unknown); machining is a supporting trade.
const LINKS: AnalysisLink[] = (
	[
		['metal', 'material'],
		['magnet', 'component'],
		['coating', 'material'],
		['motor', 'application'],
		['servo', 'application'],
		['machining', 'supporting'],
	] as const
).map(([id, stage], sortOrder) => ({ id, stage: stage, sortOrder }))
const edge = (from: string, to: string, factor: number | null): ScenarioEdge => ({
	id: `${from}>${to}`,
	fromLinkId: from,
	toLinkId: to,
	factor,
	factorLow: null,
	factorHigh: null,
})
const EDGES = [
	edge('metal', 'magnet', 0.3),
	edge('magnet', 'motor', 0.002),
	edge('magnet', 'servo', null),
	edge('coating', 'motor', null),
	edge('machining', 'magnet', null),
]
const firm = (companyId: string, linkId: string, output: number): AnalysisFirm => ({
	companyId,
	linkId,
	isLocal: true,
	year: 2026,
	capacity: null,
	output,
	revenueCNY: null,
	tags: [],
})

// Magnets: 1,000 t made, the motors need 0.002 × 2,000,000 = 4,000 t: a 3,000 t shortfall (a lower
// bound: the servo makers' factor is unknown). Metal: 2,000 t against the magnets' 300 t: no gap.
const FIRMS = [firm('M', 'metal', 2000), firm('D', 'magnet', 1000), firm('C', 'coating', 10), firm('F', 'motor', 2_000_000), firm('S', 'servo', 500)]
const input = (firms = FIRMS) => ({ links: LINKS, edges: EDGES, summaries: summarizeFirms(firms), firms: [], year: 2026 })
const lead = (id: string, linkId: string | null, output: number | null, extra: Partial<PlannedRecord> = {}): PlannedRecord => ({
	record: 'lead',
	id,
	linkId,
	output,
	fromYear: 2027,
	closed: false,
	...extra,
})

describe('a planned change in the scenario engine', () => {
	const landed = (records: PlannedRecord[], changes: ScenarioChange[], year = 2026) => runScenario({ ...input(), year, planned: records }, changes)
	const change = (recordId: string, fromYear: number | null = null, record: 'lead' | 'project' = 'lead'): ScenarioChange => ({
		kind: 'planned',
		record,
		recordId,
		fromYear,
	})

	test('adds its output at the link as a new producer tied to the record, from the chosen year', () => {
		const result = landed([lead('L1', 'magnet', 1200)], [change('L1', 2026)])
		expect(result.changes[0]!.problem).toBeNull()
		const magnet = result.links.find((l) => l.linkId === 'magnet')!
		expect(magnet.before.supply).toBe(1000)
		expect(magnet.after.supply).toBe(2200)
		expect(result.after.links.find((l) => l.linkId === 'magnet')!.localFirmCount).toBe(2)
		// The largest producer now: a 单一企业 flag would name the lead (plannedProducerId), not a company.
		expect(result.after.links.find((l) => l.linkId === 'magnet')!.topShare).toBeCloseTo(1200 / 2200)
		expect(plannedProducerOf(plannedProducerId('project', 'p-1'))).toEqual({ record: 'project', id: 'p-1' })
		expect(plannedProducerOf('company-1')).toBeNull()
	})

	test('is ignored, with its reason, before the year it lands, for a closed record or one without planned capacity', () => {
		const records = [
			lead('L1', 'magnet', 1200),
			lead('L2', 'magnet', 500, { closed: true }),
			lead('L3', null, null),
			lead('L4', 'machining', 10),
			lead('L5', 'elsewhere', 10),
		]
		const result = landed(
			records,
			[
				change('L1'),
				change('L1', 2028),
				change('L2', 2026),
				change('L3', 2026),
				change('L4', 2026),
				change('L5', 2026),
				change('L6', 2026),
				change('L1', 2026, 'project'),
			],
			2027,
		)
		expect(result.changes.map((c) => c.problem)).toEqual([
			null,
			'not_yet_landed',
			'record_closed',
			'no_planned_capacity',
			'supporting_link',
			'unknown_link',
			'record_not_found',
			'record_not_found',
		])
		// Only the first applies: the record's own year (2027) is the analysis year.
		expect(result.links.find((l) => l.linkId === 'magnet')!.after.supply).toBe(2200)
		expect(landed(records, [change('L1')], 2026).changes[0]!.problem).toBe('not_yet_landed')
	})
})

describe('ranking open records by the shortfall they would close', () => {
	const rank = (records: PlannedRecord[], firms = FIRMS) => rankByGapClosed(input(firms), records)

	test('a record closes its planned output, capped at the shortfall', () => {
		const { records } = rank([lead('small', 'magnet', 1200), lead('big', 'magnet', 5000)])
		expect(records.map((r) => [r.id, r.status, r.closes, r.shortfall, r.rank])).toEqual([
			['big', 'closes', 3000, 3000, 1],
			['small', 'closes', 1200, 3000, 2],
		])
		expect(records[0]!.share).toBe(1)
		expect(records[1]!.share).toBeCloseTo(0.4)
	})

	test('an unknown factor into the link: a lower bound; every factor unknown: no figure', () => {
		const { records } = rank([lead('m', 'magnet', 1200), lead('c', 'coating', 50)])
		expect(records.find((r) => r.id === 'm')).toMatchObject({ status: 'closes', lowerBound: true })
		expect(records.find((r) => r.id === 'c')).toMatchObject({ status: 'demand_unknown', closes: null, shortfall: null, rank: 2 })
	})

	test('a record at a link without a gap closes nothing and ranks after those that close some', () => {
		const { records } = rank([lead('metal', 'metal', 400), lead('m', 'magnet', 10)])
		expect(records.map((r) => [r.id, r.status, r.closes, r.rank])).toEqual([
			['m', 'closes', 10, 1],
			['metal', 'no_gap', 0, 2],
		])
	})

	test('several records at one link: each figure is what it closes alone; together they share the shortfall, capped once', () => {
		const { records, links } = rank([lead('a', 'magnet', 2000), lead('b', 'magnet', 2000, { record: 'project' })])
		expect(records.map((r) => r.closes)).toEqual([2000, 2000])
		expect(links).toEqual([{ linkId: 'magnet', shortfall: 3000, records: 2, planned: 4000, together: 3000, lowerBound: true }])
	})

	test('closed records, records without planned capacity and supporting links are left out', () => {
		const { records } = rank([lead('x', 'magnet', 100, { closed: true }), lead('y', null, null), lead('z', 'machining', 5), lead('w', 'gone', 5)])
		expect(records).toEqual([])
	})

	test('the engine propagates the input a new plant needs: short upstream material holds its output back', () => {
		// Metal 100 t against the magnets' 300 t: two thirds come from outside today, and keep that share.
		const firms = FIRMS.map((f) => (f.companyId === 'M' ? { ...f, output: 100 } : f))
		const { records } = rank([lead('m', 'magnet', 1200)], firms)
		const m = records[0]!
		expect(m.inputLimited).toBe(true)
		expect(m.closes).toBeGreaterThan(0)
		expect(m.closes).toBeLessThan(1200)
		expect(m.widens).toEqual([{ linkId: 'metal', amount: expect.closeTo(360, 6) }])
	})
})
