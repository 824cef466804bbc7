// Planned capacity on leads and projects (issue #14 §1, ADR 0040): the chain link a pursued
// investment would add output at, its planned annual output in the link's unit (t/年, MW…) and
// the year it is expected from. The three form fields, shared by the lead and project forms on
// the client and the server; all three or none.
import { z } from 'zod'
import { ancestorIds, inScope, type RegionNode, type RegionScope } from '~/domain/region/scope'
import { userText } from '~/domain/text/text-field'

const V = 'planned.validation'

/** A planned output above this (in the link's unit) is a typo, not a plan (as a scenario's capacity change). */
export const PLANNED_OUTPUT_MAX = 1e9
export const PLANNED_YEAR_MIN = 2000
export const PLANNED_YEAR_MAX = 2100

export const PLANNED_FIELDS = ['plannedLinkId', 'plannedOutput', 'plannedFromYear'] as const
export type PlannedField = (typeof PLANNED_FIELDS)[number]

/** "3,200" or "3 200" or "3200.5"; blank → null. */
const plannedOutput = userText()
	.optional()
	.transform((raw, ctx) => {
		const text = (raw ?? '').replace(/[,，\s]/g, '')
		if (text === '') return null
		const value = Number(text)
		if (!/^\d+(\.\d+)?$/.test(text) || !Number.isFinite(value)) {
			ctx.addIssue({ code: 'custom', message: `${V}.outputNumber` })
			return z.NEVER
		}
		if (value <= 0) {
			ctx.addIssue({ code: 'custom', message: `${V}.outputPositive` })
			return z.NEVER
		}
		if (value > PLANNED_OUTPUT_MAX) {
			ctx.addIssue({ code: 'custom', message: `${V}.outputTooLarge` })
			return z.NEVER
		}
		return value
	})

const plannedYear = userText()
	.optional()
	.transform((raw, ctx) => {
		const text = (raw ?? '').trim()
		if (text === '') return null
		const value = Number(text)
		if (!/^\d{4}$/.test(text) || value < PLANNED_YEAR_MIN || value > PLANNED_YEAR_MAX) {
			ctx.addIssue({ code: 'custom', message: `${V}.year` })
			return z.NEVER
		}
		return value
	})

const plannedLink = userText()
	.optional()
	.transform((v) => v?.trim() || null)

/** The three fields as a zod shape, to spread into a form's object schema. */
export const plannedShape = { plannedLinkId: plannedLink, plannedOutput, plannedFromYear: plannedYear }

export type PlannedCapacity = { plannedLinkId: string | null; plannedOutput: number | null; plannedFromYear: number | null }

/** All three or none: a refinement for the form's schema (runs once the three fields parsed). */
export function checkPlanned(p: PlannedCapacity, ctx: z.RefinementCtx) {
	const given = PLANNED_FIELDS.filter((f) => p[f] !== null)
	if (given.length === 0 || given.length === PLANNED_FIELDS.length) return
	for (const field of PLANNED_FIELDS) if (p[field] === null) ctx.addIssue({ code: 'custom', path: [field], message: `${V}.incomplete` })
}

/** Run checkPlanned only when none of the three fields already failed. */
export const plannedWhen = {
	when: (payload: { issues: readonly { path?: readonly PropertyKey[] }[] }) =>
		!payload.issues.some((i) => (PLANNED_FIELDS as readonly PropertyKey[]).includes(i.path?.[0] as PropertyKey)),
}

/** A stored record's planned capacity as form text. */
export function plannedFormValues(p: PlannedCapacity): Record<PlannedField, string> {
	return {
		plannedLinkId: p.plannedLinkId ?? '',
		plannedOutput: p.plannedOutput === null ? '' : String(p.plannedOutput),
		plannedFromYear: p.plannedFromYear === null ? '' : String(p.plannedFromYear),
	}
}

/**
 * Whether a chain is one a record may plan capacity on: a chain of no region (shared), a chain of a
 * region the user's scope holds, or of a region above the record's own (a province's or city's
 * chain serves its counties, ADR 0026).
 */
export function chainInReach(input: { chainRegionId: string | null; scope: RegionScope; recordRegionId: string | null; regions: readonly RegionNode[] }) {
	const { chainRegionId, scope, recordRegionId, regions } = input
	if (chainRegionId === null || scope.kind === 'all') return true
	if (inScope(scope, chainRegionId)) return true
	return recordRegionId !== null && ancestorIds(regions, recordRegionId).includes(chainRegionId)
}
