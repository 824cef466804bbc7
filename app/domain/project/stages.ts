import { z } from 'zod'

/** 洽谈 → 签约 → 开工 → 投产, with 终止 possible from any of them. */
export const PROJECT_STAGES = ['negotiating', 'signed', 'started', 'producing', 'terminated'] as const
export const projectStageSchema = z.enum(PROJECT_STAGES)
export type ProjectStage = z.infer<typeof projectStageSchema>

export const PROJECT_TYPES = ['new', 'expansion', 'renovation', 'capital_increase'] as const
export const projectTypeSchema = z.enum(PROJECT_TYPES)

type StageDates = {
	stage: string
	negotiatingDate: Date | null
	signedDate: Date | null
	startedDate: Date | null
	producingDate: Date | null
	terminatedDate: Date | null
}

export const DATE_FIELD = {
	negotiating: 'negotiatingDate',
	signed: 'signedDate',
	started: 'startedDate',
	producing: 'producingDate',
	terminated: 'terminatedDate',
} as const satisfies Record<ProjectStage, keyof StageDates>

/** Every stage date, as a Prisma select fragment: queries that show or check the whole path spread it. */
export const STAGE_DATE_SELECT = {
	negotiatingDate: true,
	signedDate: true,
	startedDate: true,
	producingDate: true,
	terminatedDate: true,
} as const satisfies Record<(typeof DATE_FIELD)[ProjectStage], true>

/** The date on which the project reached its current stage. */
export function currentStageDate(project: StageDates) {
	const parsed = projectStageSchema.safeParse(project.stage)
	return parsed.success ? project[DATE_FIELD[parsed.data]] : null
}

/**
 * A stage can be reached only with its date, and every earlier stage of the
 * 洽谈→签约→开工→投产 path needs its date too, in order. Returns the problems found.
 */
export function stageDateProblems(project: StageDates): string[] {
	const parsed = projectStageSchema.safeParse(project.stage)
	if (!parsed.success) return [`unknown stage ${project.stage}`]
	const path = PROJECT_STAGES.filter((s) => s !== 'terminated')
	const stage = parsed.data
	const reached = stage === 'terminated' ? [] : path.slice(0, path.indexOf(stage) + 1)
	const problems: string[] = []
	for (const s of reached) {
		if (!project[DATE_FIELD[s]]) problems.push(`${s} needs ${DATE_FIELD[s]}`)
	}
	if (stage === 'terminated' && !project.terminatedDate) problems.push('terminated needs terminatedDate')
	let previous: Date | null = null
	for (const s of path) {
		const date = project[DATE_FIELD[s]]
		if (!date) continue
		if (previous && date < previous) problems.push(`${DATE_FIELD[s]} is before the previous stage`)
		previous = date
	}
	return problems
}
