import { formatDate } from '~/utils/format'
import { DATE_FIELD, PROJECT_STAGES } from './stages'

/**
 * The facts of a project that quota counting reads (stage and its dates, type,
 * investment, 集群引领性, 责任单位, chain links). Changing any of them can change
 * an assessed figure; a title or a note cannot. A 核验 holds these facts as the
 * manager saw them, and a change to a closed period compares them.
 */
export type CountedProjectFacts = {
	stage: string
	type: string
	/** Integer CNY as a decimal string, so BigInt and number inputs compare equal. */
	investmentCNY: string
	incrementCNY: string | null
	isClusterLeading: boolean
	responsibleUnitId: string | null
	/** Sorted. */
	linkIds: string[]
	/** YYYY-MM-DD per stage, null when not reached. */
	dates: Record<(typeof PROJECT_STAGES)[number], string | null>
}

type Amount = bigint | number

/** A project row as the models read it (the audit snapshot has this shape). */
export type CountedFactsSource = {
	stage: string
	type: string
	investmentCNY: Amount
	incrementCNY: Amount | null
	isClusterLeading: boolean
	responsibleUnitId: string | null
	linkIds: readonly string[]
	negotiatingDate: Date | null
	signedDate: Date | null
	startedDate: Date | null
	producingDate: Date | null
	terminatedDate: Date | null
}

export function countedFactsOf(project: CountedFactsSource): CountedProjectFacts {
	return {
		stage: project.stage,
		type: project.type,
		investmentCNY: String(project.investmentCNY),
		incrementCNY: project.incrementCNY === null ? null : String(project.incrementCNY),
		isClusterLeading: project.isClusterLeading,
		responsibleUnitId: project.responsibleUnitId,
		linkIds: [...project.linkIds].sort(),
		dates: Object.fromEntries(
			PROJECT_STAGES.map((stage) => {
				const date = project[DATE_FIELD[stage]]
				return [stage, date ? formatDate(date) : null]
			}),
		) as CountedProjectFacts['dates'],
	}
}

/** One counted fact that differs, named by its field (`dates.signed` for a stage date), values as text. */
export type CountedFactChange = { field: string; before: string | null; after: string | null }

const text = (value: string | boolean | string[] | null) => (value === null ? null : Array.isArray(value) ? value.join(',') : String(value))

/** The counted facts that differ between two versions of a project, in a fixed order; empty when none. */
export function countedFactChanges(before: CountedProjectFacts, after: CountedProjectFacts): CountedFactChange[] {
	const changes: CountedFactChange[] = []
	const compare = (field: string, a: string | boolean | string[] | null, b: string | boolean | string[] | null) => {
		if (text(a) !== text(b)) changes.push({ field, before: text(a), after: text(b) })
	}
	compare('stage', before.stage, after.stage)
	for (const stage of PROJECT_STAGES) compare(`dates.${stage}`, before.dates[stage], after.dates[stage])
	compare('type', before.type, after.type)
	compare('investmentCNY', before.investmentCNY, after.investmentCNY)
	compare('incrementCNY', before.incrementCNY, after.incrementCNY)
	compare('isClusterLeading', before.isClusterLeading, after.isClusterLeading)
	compare('responsibleUnitId', before.responsibleUnitId, after.responsibleUnitId)
	compare('linkIds', before.linkIds, after.linkIds)
	return changes
}
