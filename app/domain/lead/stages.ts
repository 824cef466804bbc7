import { z } from 'zod'

/** 新线索 → 已接洽 → 已拜访 → 洽谈中, ending in 已转项目 or 已放弃. */
export const LEAD_STAGES = ['new', 'contacted', 'visited', 'negotiating', 'converted', 'dropped'] as const
export const leadStageSchema = z.enum(LEAD_STAGES)
export type LeadStage = z.infer<typeof leadStageSchema>

/** Stages of a lead still being worked on. */
export const OPEN_LEAD_STAGES = ['new', 'contacted', 'visited', 'negotiating'] as const
export type OpenLeadStage = (typeof OPEN_LEAD_STAGES)[number]

/** Where a plain stage move may go; 'converted' is reached only by converting the lead into a project. */
export const MOVE_TARGET_STAGES = [...OPEN_LEAD_STAGES, 'dropped'] as const
export type MoveTargetStage = (typeof MOVE_TARGET_STAGES)[number]

export function isOpenStage(stage: string): stage is OpenLeadStage {
	return (OPEN_LEAD_STAGES as readonly string[]).includes(stage)
}

/** An open lead may move to any other open stage or be dropped; converted and dropped leads stay where they are. */
export function canMoveLead(from: string, to: string): to is MoveTargetStage {
	return isOpenStage(from) && from !== to && (MOVE_TARGET_STAGES as readonly string[]).includes(to)
}

/** The stages an open lead can be moved to from `from` (empty for a closed lead). */
export function moveTargets(from: string): MoveTargetStage[] {
	return MOVE_TARGET_STAGES.filter((to) => canMoveLead(from, to))
}

export function canConvertLead(stage: string) {
	return isOpenStage(stage)
}

/** Logging a visit moves a lead that has not been visited yet to 'visited'; null when the stage stays. */
export function stageAfterActivity(stage: string, kind: string): 'visited' | null {
	return kind === 'visit' && (stage === 'new' || stage === 'contacted') ? 'visited' : null
}

/**
 * The day talks began, as a converted project's 洽谈 date: the last time the lead
 * moved into 洽谈中 (an earlier stint it left again does not count), else today.
 */
export function negotiationStartDay(stageChanges: readonly { toStage: string; at: Date | string }[], today: Date) {
	const starts = stageChanges.filter((c) => c.toStage === 'negotiating').map((c) => new Date(c.at).getTime())
	return starts.length > 0 ? new Date(Math.max(...starts)) : today
}
