import { countedInvestmentCNY } from '~/domain/project/investment'
import { type VerificationState, type VerifiedStage } from '~/domain/project/verification'
import { type CountResult, type CountWindow, inWindow, windowBounds } from './count-window'
import { type AwaitingItem, type ExcludedItem, type PipelineItem, type QuotaItem } from './progress'
import { type ProjectRules } from './rules'

/** A project as the counting sees it: plain values, dates as YYYY-MM-DD. */
export type ProjectFacts = {
	id: string
	title: string
	companyId: string
	companyName: string
	type: string
	investmentCNY: number
	incrementCNY: number | null
	stage: string
	negotiatingDate: string | null
	signedDate: string | null
	startedDate: string | null
	producingDate: string | null
	terminatedDate: string | null
	unitId: string | null
	unitName: string | null
	unitNameEn: string | null
	isClusterLeading: boolean
	isSample: boolean
	links: { chainSlug: string; linkKey: string; linkName: string; linkNameEn: string }[]
	/** 核验 of each counted stage the project reached (missing when it has no evidence); see verification.ts. */
	verification: Record<VerifiedStage, VerificationState>
}

/**
 * Why a candidate did not count (ExcludedItem.reason); the UI translates the
 * code and shows `detail` beside it:
 * - terminated: terminated on or before asOf (detail: the 终止 date)
 * - no_increment: a 增资 without an increment counts nothing (三明 rule 增资项目只计增量)
 * - outside_chain: touches no link of the chosen chains (detail: the project's links)
 * - outside_links: touches none of the chosen links (detail: the project's links)
 * - project_type: its type is not among the chosen ones (detail: the type code)
 * - not_cluster_leading: only 集群引领性项目 count
 * - below_min_investment: investment (increment for 增资) under the line (detail: the `below_min` message)
 * - evidence_rejected: a manager rejected the evidence of the counted stage
 */
export const PROJECT_EXCLUSION_REASONS = [
	'terminated',
	'no_increment',
	'outside_chain',
	'outside_links',
	'project_type',
	'not_cluster_leading',
	'below_min_investment',
	'evidence_rejected',
] as const
export type ProjectExclusionReason = (typeof PROJECT_EXCLUSION_REASONS)[number]

/**
 * Chance that a project at a stage reaches a later stage within the year. An
 * editable planning assumption for the forecast, not a measured rate: change
 * it here when the bureau's own conversion record says otherwise.
 */
export const PIPELINE_WEIGHTS = { negotiating: 0.3, signed: 0.6, started: 0.8 } as const

const PATH = ['negotiating', 'signed', 'started', 'producing'] as const
const DATE_OF = {
	negotiating: 'negotiatingDate',
	signed: 'signedDate',
	started: 'startedDate',
	producing: 'producingDate',
} as const satisfies Record<(typeof PATH)[number], keyof ProjectFacts>

const CAPITAL_INCREASE = 'capital_increase'

/**
 * "Projects introduced": the projects whose `countStage` date falls between
 * Jan 1 and asOf (at most Dec 31), that pass every filter and whose stage a
 * manager verified, each counted once; those that qualify but await evidence
 * or a manager's check are listed as awaiting; candidates that fail a filter
 * (or whose evidence was rejected) are listed with the reason; projects that
 * may still reach the stage this year form the weighted pipeline.
 */
export function countProjects(rules: ProjectRules, projects: ProjectFacts[], window: CountWindow): CountResult {
	const items: QuotaItem[] = []
	const awaiting: AwaitingItem[] = []
	const excluded: ExcludedItem[] = []
	const pipeline: PipelineItem[] = []
	const { yearEnd } = windowBounds(window)
	for (const project of projects) {
		const stageDate = project[DATE_OF[rules.countStage]]
		const terminated = project.terminatedDate !== null ? project.terminatedDate <= window.asOf : project.stage === 'terminated'
		const failure = failedRule(rules, project)
		const amount = rules.measure === 'count' ? 1 : countedInvestmentCNY(project)
		if (inWindow(stageDate, window)) {
			const item = toItem(project, stageDate, amount)
			if (terminated) excluded.push({ ...item, amount: 0, reason: 'terminated', detail: project.terminatedDate })
			else if (failure) excluded.push({ ...item, amount: 0, reason: failure, detail: failureDetail(failure, rules, project) })
			else {
				const verification = project.verification[rules.countStage]
				if (verification === 'verified') items.push(item)
				else if (verification === 'rejected') excluded.push({ ...item, amount: 0, reason: 'evidence_rejected' })
				else awaiting.push({ ...item, verification })
			}
			continue
		}
		const notYetReached = stageDate === null || stageDate > window.asOf
		if (window.asOf >= yearEnd || terminated || failure || !notYetReached) continue
		const stage = stageOn(project, window.asOf)
		if (stage === null || !(stage in PIPELINE_WEIGHTS) || PATH.indexOf(stage) >= PATH.indexOf(rules.countStage)) continue
		const weight = PIPELINE_WEIGHTS[stage as keyof typeof PIPELINE_WEIGHTS]
		pipeline.push({ ...toItem(project, project[DATE_OF[stage]], amount), stage, weight })
	}
	return { items, awaiting, excluded, pipeline, problems: [] }
}

/** The first filter the project fails; null when it passes all. */
function failedRule(rules: ProjectRules, project: ProjectFacts): ProjectExclusionReason | null {
	if (project.type === CAPITAL_INCREASE && !(project.incrementCNY && project.incrementCNY > 0)) return 'no_increment'
	const inChains = project.links.filter((l) => rules.chainSlugs.length === 0 || rules.chainSlugs.includes(l.chainSlug))
	if (rules.chainSlugs.length > 0 && inChains.length === 0) return 'outside_chain'
	if (rules.linkKeys.length > 0 && !inChains.some((l) => rules.linkKeys.includes(l.linkKey))) return 'outside_links'
	if (rules.projectTypes.length > 0 && !(rules.projectTypes as string[]).includes(project.type)) return 'project_type'
	if (rules.clusterLeadingOnly && !project.isClusterLeading) return 'not_cluster_leading'
	if (rules.minInvestmentCNY !== null && countedInvestmentCNY(project) < rules.minInvestmentCNY) return 'below_min_investment'
	return null
}

/** The facts behind a reason, only for the candidates that are listed. */
function failureDetail(reason: ProjectExclusionReason, rules: ProjectRules, project: ProjectFacts): QuotaItem['detail'] {
	switch (reason) {
		case 'outside_chain':
		case 'outside_links':
			return project.links.length === 0
				? null
				: { key: 'links', values: { links: project.links.map((l) => l.linkName).join('、'), linksEn: project.links.map((l) => l.linkNameEn).join(', ') } }
		case 'project_type':
			return project.type
		case 'below_min_investment':
			return { key: 'below_min', values: { amountCNY: countedInvestmentCNY(project), minCNY: rules.minInvestmentCNY ?? 0 } }
		default:
			return null
	}
}

/** The furthest stage of the 洽谈→签约→开工→投产 path the project had reached on `date`. */
function stageOn(project: ProjectFacts, date: string) {
	let reached: (typeof PATH)[number] | null = null
	for (const stage of PATH) {
		const at = project[DATE_OF[stage]]
		if (at !== null && at <= date) reached = stage
	}
	return reached
}

function toItem(project: ProjectFacts, date: string | null, amount: number): QuotaItem {
	return {
		type: 'project',
		id: project.id,
		label: project.title,
		companyId: project.companyId,
		companyName: project.companyName,
		date,
		amount,
		unitId: project.unitId,
		unitName: project.unitName,
		unitNameEn: project.unitNameEn,
		isSample: project.isSample,
		detail: project.type === CAPITAL_INCREASE && project.incrementCNY ? { key: 'increment_only', values: { incrementCNY: project.incrementCNY } } : null,
	}
}
