// What a scenario is made of, and the forms that edit it: one zod schema each, parsed on the
// server (the route's action) and usable in the browser. See ADR 0035.
import { z } from 'zod'
import { userText } from '~/domain/text/text-field'
import { fieldErrors, type Refusal, refusal } from '~/utils/forms'

export const SCENARIO_NAME_MAX = 80
export const SCENARIO_NOTE_MAX = 1000
/** A scenario is a handful of moves a leader wants to compare, not a model of the economy. */
export const SCENARIO_CHANGES_MAX = 40
/** A capacity change larger than this (in the link's unit) is a typo, not a plan. */
export const CAPACITY_DELTA_MAX = 1e9

const id = userText().trim().min(1).max(64)
const percent = z.coerce.number().finite().min(1).max(100)
const year = z.coerce.number().int().min(2000).max(2100)
/** A capacity change in the link's unit: not zero, within ±CAPACITY_DELTA_MAX. */
const capacityDelta = (zeroMessage?: string) =>
	z.coerce
		.number()
		.finite()
		.min(-CAPACITY_DELTA_MAX)
		.max(CAPACITY_DELTA_MAX)
		.refine((v) => v !== 0, zeroMessage)

export const CHANGE_KINDS = ['company', 'capacity', 'factor', 'external', 'planned'] as const
/** The records that carry planned capacity (ADR 0040). */
export const PLANNED_RECORDS = ['lead', 'project'] as const
export type PlannedRecordKind = (typeof PLANNED_RECORDS)[number]
export type ChangeKind = (typeof CHANGE_KINDS)[number]

export const scenarioChangeSchema = z.discriminatedUnion('kind', [
	/** A local company stops (100 %) or cuts output by a share, at one link or (linkId null) at every link of the chain it is at. */
	z.object({ kind: z.literal('company'), companyId: id, linkId: id.nullable(), cutPercent: percent }),
	/** A link's local capacity changes by an amount in the link's unit (+ or −). */
	z.object({
		kind: z.literal('capacity'),
		linkId: id,
		delta: capacityDelta(),
	}),
	/** A factor moves to a value within its sourced low/high range (checked against the edge). */
	z.object({ kind: z.literal('factor'), edgeId: id, value: z.coerce.number().finite().min(0) }),
	/** Outside supply of a link's material is cut by a share: its downstream links get less from outside. */
	z.object({ kind: z.literal('external'), linkId: id, cutPercent: percent }),
	/** A lead or project lands with its planned capacity from a year (null: the year the record expects), ADR 0040. */
	z.object({ kind: z.literal('planned'), record: z.enum(PLANNED_RECORDS), recordId: id, fromYear: year.nullable() }),
])
export type ScenarioChange = z.output<typeof scenarioChangeSchema>

export const scenarioChangesSchema = z.array(scenarioChangeSchema).max(SCENARIO_CHANGES_MAX)

/** The stored changes (JSON text); a row that no longer parses yields no changes and says so. */
export function parseStoredChanges(json: string): { changes: ScenarioChange[]; broken: boolean } {
	try {
		const parsed = scenarioChangesSchema.safeParse(JSON.parse(json))
		return parsed.success ? { changes: parsed.data, broken: false } : { changes: [], broken: true }
	} catch {
		return { changes: [], broken: true }
	}
}

/** Name, note and analysis year of a scenario (the new-scenario form and the rename form). */
export const scenarioHeaderSchema = z.object({
	name: userText().trim().min(1, 'scenarios.errors.nameRequired').max(SCENARIO_NAME_MAX, 'scenarios.errors.nameTooLong'),
	note: userText().trim().max(SCENARIO_NOTE_MAX, 'scenarios.errors.noteTooLong').default(''),
	year,
})
export type ScenarioHeader = z.output<typeof scenarioHeaderSchema>

/** A refused header form: each field's first problem under it; a problem worded by zod itself (a year out of range…) reads "bad request". */
export function scenarioHeaderRefusal(error: z.ZodError): Refusal {
	const { form, ...errors } = Object.fromEntries(
		Object.entries(fieldErrors(error)).map(([field, message]) => [field, message.startsWith('scenarios.') ? message : 'errors.badRequest']),
	)
	return refusal(errors, form ?? null)
}

/** The add-a-change form: one kind's fields, empty strings for the others. */
const blankToNull = (v: unknown) => (v === '' || v === undefined ? null : v)
export const addChangeFormSchema = z.discriminatedUnion('kind', [
	z.object({ kind: z.literal('company'), companyId: id, linkId: z.preprocess(blankToNull, id.nullable()), cutPercent: percent }),
	z.object({
		kind: z.literal('capacity'),
		linkId: id,
		delta: capacityDelta('scenarios.errors.deltaZero'),
	}),
	z.object({ kind: z.literal('factor'), edgeId: id, value: z.coerce.number().finite().min(0) }),
	z.object({ kind: z.literal('external'), linkId: id, cutPercent: percent }),
	z.object({ kind: z.literal('planned'), record: z.enum(PLANNED_RECORDS), recordId: id, fromYear: z.preprocess(blankToNull, year.nullable()) }),
])

/** The fields of an add-a-change form as posted (FormData → object, kind first). */
export function addChangeFromForm(form: FormData) {
	const text = (name: string) => {
		const v = form.get(name)
		return typeof v === 'string' ? v : undefined
	}
	const kind = text('kind')
	const common = { kind }
	switch (kind) {
		case 'company': {
			// The page offers "company · link" pairs in one select (companyId|linkId; no linkId: every link it is at).
			const [companyId, linkId] = (text('companyLink') ?? `${text('companyId') ?? ''}|${text('linkId') ?? ''}`).split('|')
			return addChangeFormSchema.safeParse({ ...common, companyId, linkId: linkId ?? '', cutPercent: text('cutPercent') })
		}
		case 'capacity':
			return addChangeFormSchema.safeParse({ ...common, linkId: text('linkId'), delta: text('delta') })
		case 'factor':
			return addChangeFormSchema.safeParse({ ...common, edgeId: text('edgeId'), value: text('value') })
		case 'planned': {
			// The page offers "lead|id" and "project|id" in one select.
			const [record, recordId] = (text('plannedRecord') ?? '').split('|')
			return addChangeFormSchema.safeParse({ ...common, record, recordId, fromYear: text('fromYear') })
		}
		default:
			return addChangeFormSchema.safeParse({ ...common, linkId: text('linkId'), cutPercent: text('cutPercent') })
	}
}
