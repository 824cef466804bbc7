import { type FunnelFigures } from '~/domain/funnel/funnel'
import { type CommitmentWarningKind } from '~/domain/project/commitments'
import { type QuotaProblem, type QuotaProgress } from '~/domain/quota/progress'
import { rankRegions, type RegionRanking } from '~/domain/quota/region-ranking'
import { rankUnits, type UnitScore } from '~/domain/quota/unit-ranking'
import { type ReportCorrection } from './closed-periods'
import { type ReportPeriod } from './period'
import { type ReportProject, type ReportUnit, type StageChange, stageChanges, stageSummary, type UnitStageRow } from './project-activity'
import { quotaItemRows, type QuotaItemRow, type QuotaRow, quotaRows } from './quota-rows'

/**
 * 链上转化 of one chain for the 季通报 (ADR 0032): the period's cohort as of its asOf, for the whole chain
 * and per responsible unit (null = none set).
 */
export type ReportFunnel = {
	chain: { name: string; nameEn: string }
	total: FunnelFigures
	units: { unit: ReportUnit | null; figures: FunnelFigures }[]
}

/** A project whose commitment was broken at the report's asOf (ADR 0039), one row per deadline passed. */
export type BrokenCommitmentRow = {
	projectId: string
	title: string
	companyName: string
	unit: ReportUnit | null
	signedDate: string
	investmentCNY: number
	landMu: number | null
	kind: CommitmentWarningKind
	deadline: string
	daysOverdue: number
	isSample: boolean
}

/** What a report is built from; `progress` must be loadQuotaProgress for the period's year at its asOf. */
export type ReportInputs = {
	period: ReportPeriod
	/** Whose report it is (ADR 0029): its quotas and the records of the region and under it; null: the whole installation. */
	region: { name: string; nameEn: string } | null
	/** "YYYY-MM-DD HH:mm", China time. */
	generatedAt: string
	progress: readonly QuotaProgress[]
	/** Projects with at least one stage date in the period (others are ignored). */
	projects: readonly ReportProject[]
	/** Units that get a 项目调度 row even with nothing in the period. */
	units: readonly ReportUnit[]
	/** Corrections to issued reports made during the period (更正), oldest first. */
	corrections: readonly ReportCorrection[]
	/** Each chain's funnel for the period (the 季通报 shows it; the other reports take none). */
	funnels: readonly ReportFunnel[]
	/** 履约预警 at the asOf (the 季通报 lists them; the other reports take none). */
	broken?: readonly BrokenCommitmentRow[]
}

type ReportBase = {
	period: ReportPeriod
	region: { name: string; nameEn: string } | null
	generatedAt: string
	/** 赛马比拼 between the regions under each region whose quotas split over them (a 市's 县区). */
	regionRankings: RegionRanking[]
	problems: { section: string | null; metric: string; problem: QuotaProblem }[]
	corrections: readonly ReportCorrection[]
	hasSample: boolean
}

/** 月调度表. */
export type MonthlyReport = ReportBase & {
	kind: 'monthly'
	dispatch: { rows: UnitStageRow[]; total: UnitStageRow }
	changes: StageChange[]
	quotas: QuotaRow[]
}

/** 季通报. */
export type QuarterlyReport = ReportBase & {
	kind: 'quarterly'
	ranking: UnitScore[]
	quotas: QuotaRow[]
	signed: StageChange[]
	funnels: readonly ReportFunnel[]
	broken: readonly BrokenCommitmentRow[]
}

/** 年考核. */
export type AnnualReport = ReportBase & { kind: 'annual'; quotas: (QuotaRow & { achieved: boolean })[]; ranking: UnitScore[]; items: QuotaItemRow[] }

export type Report = MonthlyReport | QuarterlyReport | AnnualReport

export function buildReport(inputs: ReportInputs): Report {
	const { period, generatedAt, progress } = inputs
	const stale = progress.find((q) => q.year !== period.year || q.asOf !== period.asOf)
	// The reports must show the dashboard's figures for the same day; anything else is a wiring bug.
	if (stale) throw new Error(`quota ${stale.quotaId} counted for ${stale.year} as of ${stale.asOf}, report needs ${period.year} as of ${period.asOf}`)
	const quotas = quotaRows(progress)
	const problems = quotas.flatMap((q) => q.problems.map((problem) => ({ section: q.section, metric: q.metric, problem })))
	const base = { period, region: inputs.region, generatedAt, problems, corrections: inputs.corrections, regionRankings: rankRegions(progress) }
	const quotasHaveSample = quotas.some((q) => q.hasSample)

	switch (period.kind) {
		case 'monthly': {
			const changes = stageChanges(inputs.projects, period)
			return {
				...base,
				kind: 'monthly',
				dispatch: stageSummary(changes, inputs.units),
				changes,
				quotas,
				hasSample: quotasHaveSample || changes.some((c) => c.isSample),
			}
		}
		case 'quarterly': {
			const signed = stageChanges(inputs.projects, period).filter((c) => c.stage === 'signed')
			const ranking = rankUnits(progress)
			// Most overdue first, then by title.
			const broken = [...(inputs.broken ?? [])].sort(
				(a, b) => b.daysOverdue - a.daysOverdue || a.title.localeCompare(b.title, 'zh-CN') || a.kind.localeCompare(b.kind),
			)
			const sample = signed.some((c) => c.isSample) || broken.some((b) => b.isSample)
			return { ...base, kind: 'quarterly', ranking, quotas, signed, funnels: inputs.funnels, broken, hasSample: quotasHaveSample || sample }
		}
		case 'annual': {
			const ranking = rankUnits(progress)
			const achieved = quotas.map((q) => ({ ...q, achieved: q.status === 'achieved' }))
			return { ...base, kind: 'annual', quotas: achieved, ranking, items: quotaItemRows(progress), hasSample: quotasHaveSample }
		}
	}
}
