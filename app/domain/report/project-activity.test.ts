import { expect, test } from 'vitest'
import { type ProjectStage } from '~/domain/project/stages'
import { type ReportProject, type ReportUnit, stageChanges, stageSummary } from './project-activity'

const commerce: ReportUnit = { id: 'u-commerce', name: '区商务局', nameEn: 'Commerce' }
const industry: ReportUnit = { id: 'u-industry', name: '区工信局', nameEn: 'Industry' }
const park: ReportUnit = { id: 'u-park', name: '高新区招商局', nameEn: 'Park' }
const JUNE = { start: '2025-06-01', end: '2025-06-30' }

function project(id: string, dates: Partial<Record<ProjectStage, string>>, extra: Partial<ReportProject> = {}): ReportProject {
	return {
		id,
		title: id,
		type: 'new',
		companyName: `${id} 公司`,
		investmentCNY: 100_000_000,
		incrementCNY: null,
		unit: commerce,
		isSample: false,
		dates: { negotiating: null, signed: null, started: null, producing: null, terminated: null, ...dates },
		...extra,
	}
}

test('every stage date in the period is one change, month ends included, in date order', () => {
	const changes = stageChanges(
		[
			project('b-signed-and-started', { negotiating: '2025-04-01', signed: '2025-06-18', started: '2025-06-18' }),
			project('a-first-day', { negotiating: '2025-06-01' }),
			project('c-last-day', { terminated: '2025-06-30' }),
			project('outside', { signed: '2025-05-31', started: '2025-07-01' }),
		],
		JUNE,
	)
	expect(changes.map((c) => [c.projectId, c.stage, c.date])).toEqual([
		['a-first-day', 'negotiating', '2025-06-01'],
		['b-signed-and-started', 'signed', '2025-06-18'],
		['b-signed-and-started', 'started', '2025-06-18'],
		['c-last-day', 'terminated', '2025-06-30'],
	])
})

test('项目调度 counts per unit and stage, keeps idle units, and adds up to the total row', () => {
	const changes = stageChanges(
		[
			project('p1', { signed: '2025-06-02' }, { investmentCNY: 300_000_000 }),
			project('p2', { signed: '2025-06-10', started: '2025-06-20' }, { unit: industry, investmentCNY: 50_000_000 }),
			project('p3', { signed: '2025-06-12' }, { type: 'capital_increase', investmentCNY: 500_000_000, incrementCNY: 200_000_000 }),
			project('p4', { negotiating: '2025-06-05' }, { unit: null }),
			project('p5', { producing: '2025-06-30' }, { unit: { id: 'u-new', name: '区科创中心', nameEn: 'Innovation' } }),
		],
		JUNE,
	)
	const { rows, total } = stageSummary(changes, [commerce, industry, park])
	expect(rows.map((r) => r.unit?.name ?? null)).toEqual(['区商务局', '区工信局', '高新区招商局', '区科创中心', null])
	const [commerceRow, industryRow, parkRow] = rows
	// p1 at its investment, p3 (增资) at its increment only.
	expect(commerceRow!.stages.signed).toEqual({ count: 2, investmentCNY: 500_000_000 })
	expect(industryRow!.stages.signed).toEqual({ count: 1, investmentCNY: 50_000_000 })
	expect(industryRow!.stages.started).toEqual({ count: 1, investmentCNY: 50_000_000 })
	expect(Object.values(parkRow!.stages).every((s) => s.count === 0 && s.investmentCNY === 0)).toBe(true)
	expect(rows[4]!.stages.negotiating.count).toBe(1)

	expect(total.unit).toBeNull()
	for (const stage of ['negotiating', 'signed', 'started', 'producing', 'terminated'] as const) {
		expect(total.stages[stage].count).toBe(rows.reduce((sum, r) => sum + r.stages[stage].count, 0))
		expect(total.stages[stage].investmentCNY).toBe(rows.reduce((sum, r) => sum + r.stages[stage].investmentCNY, 0))
	}
	expect(total.stages.signed).toEqual({ count: 3, investmentCNY: 550_000_000 })
})
