import { countedInvestmentCNY } from '~/domain/project/investment'
import { PROJECT_STAGES, type ProjectStage } from '~/domain/project/stages'
import { inPeriod, type ReportPeriod } from './period'

export type ReportUnit = { id: string; name: string; nameEn: string }

/** A project as the reports read it: plain values, stage dates as YYYY-MM-DD (null when not reached). */
export type ReportProject = {
	id: string
	title: string
	type: string
	companyName: string
	investmentCNY: number
	incrementCNY: number | null
	unit: ReportUnit | null
	isSample: boolean
	dates: Record<ProjectStage, string | null>
}

/** One stage a project reached within a period (项目变动). */
export type StageChange = {
	projectId: string
	title: string
	companyName: string
	type: string
	stage: ProjectStage
	date: string
	unit: ReportUnit | null
	investmentCNY: number
	incrementCNY: number | null
	/** What the change adds to investment totals: the increment for a 增资, otherwise the investment. */
	countedCNY: number
	isSample: boolean
}

export type StageTally = { count: number; investmentCNY: number }

/** 项目调度: one 责任单位's projects that reached each stage within the period; unit null = no unit set. */
export type UnitStageRow = { unit: ReportUnit | null; stages: Record<ProjectStage, StageTally> }

/** Every stage date that falls in the period, by date, then stage order, then title. */
export function stageChanges(projects: readonly ReportProject[], period: Pick<ReportPeriod, 'start' | 'end'>): StageChange[] {
	const changes = projects.flatMap((p) =>
		PROJECT_STAGES.flatMap((stage) => {
			const date = p.dates[stage]
			if (date === null || !inPeriod(date, period)) return []
			return [
				{
					projectId: p.id,
					title: p.title,
					companyName: p.companyName,
					type: p.type,
					stage,
					date,
					unit: p.unit,
					investmentCNY: p.investmentCNY,
					incrementCNY: p.incrementCNY,
					countedCNY: countedInvestmentCNY(p),
					isSample: p.isSample,
				},
			]
		}),
	)
	return changes.sort(
		(a, b) => a.date.localeCompare(b.date) || PROJECT_STAGES.indexOf(a.stage) - PROJECT_STAGES.indexOf(b.stage) || a.title.localeCompare(b.title, 'zh-CN'),
	)
}

/**
 * 项目调度: per unit, how many projects reached each stage and their counted
 * investment. Every unit in `units` gets a row (a unit with nothing this month
 * shows zeros, which is what a 调度 meeting asks about), in the given order;
 * units only met in the changes follow, and changes without a unit come last.
 */
export function stageSummary(changes: readonly StageChange[], units: readonly ReportUnit[]): { rows: UnitStageRow[]; total: UnitStageRow } {
	const rows = new Map<string | null, UnitStageRow>(units.map((unit) => [unit.id, emptyRow(unit)]))
	const total = emptyRow(null)
	for (const change of changes) {
		const key = change.unit?.id ?? null
		const row = rows.get(key) ?? emptyRow(change.unit)
		rows.set(key, row)
		for (const target of [row, total]) {
			target.stages[change.stage].count += 1
			target.stages[change.stage].investmentCNY += change.countedCNY
		}
	}
	const unassigned = rows.get(null)
	rows.delete(null)
	return { rows: [...rows.values(), ...(unassigned ? [unassigned] : [])], total }
}

function emptyRow(unit: ReportUnit | null): UnitStageRow {
	const stages = Object.fromEntries(PROJECT_STAGES.map((stage) => [stage, { count: 0, investmentCNY: 0 }])) as Record<ProjectStage, StageTally>
	return { unit, stages }
}
