import { z } from 'zod'
import { checkPlanned, PLANNED_FIELDS, plannedFormValues, plannedShape, plannedWhen } from '~/domain/capacity/planned'
import { versionField } from '~/domain/concurrency/conflict'
import { formatMoneyInput, parseMoneyToCNY } from '~/domain/money'
import { correctionReasonField } from '~/domain/report/closed-periods'
import { userText } from '~/domain/text/text-field'
import { formatDate } from '~/utils/format'
import { fieldErrors, checkbox, dayField as dayFieldOf, optionalText as optionalTextField, parseDay, requiredText as requiredTextField } from '~/utils/forms'
import { parseLandMu } from './commitments'
import { DATE_FIELD, PROJECT_STAGES, PROJECT_TYPES, type ProjectStage, stageDateProblems } from './stages'

/**
 * The project form (/projects/new and /projects/:id), validated by the same schema
 * on the client (react-hook-form) and in the actions. Inputs are form strings with
 * money in 万元; the output is what the models store: integer CNY, Dates (UTC
 * midnight of the calendar day), nulls for blanks. Messages are i18n keys.
 */

const V = 'projects.validation'

export const STAGE_DATE_FIELDS = PROJECT_STAGES.map((stage) => DATE_FIELD[stage])

/** 洽谈→签约→开工→投产; 终止 is not on it. */
export const PROJECT_PATH = PROJECT_STAGES.filter((stage) => stage !== 'terminated')

/** The stage a "move on" step leads to, or null at 投产 and 终止. */
export function nextStage(stage: string): ProjectStage | null {
	const index = PROJECT_PATH.indexOf(stage as (typeof PROJECT_PATH)[number])
	return index === -1 ? null : (PROJECT_PATH[index + 1] ?? null)
}

const dayField = dayFieldOf(`${V}.invalidDate`, () => null)

/** An amount in 万元 → integer CNY (null when blank). */
const wanField = userText()
	.optional()
	.transform((raw, ctx) => {
		const parsed = parseMoneyToCNY(raw, 'wan')
		if (parsed.ok) return parsed.cny
		ctx.addIssue({ code: 'custom', message: `${V}.money.${parsed.error}` })
		return z.NEVER
	})

/** Land in 亩 (ADR 0039): up to 2 decimals, more than 0; null when blank. */
const landField = userText()
	.optional()
	.transform((raw, ctx) => {
		const parsed = parseLandMu(raw)
		if (parsed.ok) return parsed.mu
		ctx.addIssue({ code: 'custom', message: `${V}.land.${parsed.error}` })
		return z.NEVER
	})

const TOO_LONG = { tooLong: `${V}.tooLong` }
const requiredText = (max: number) => requiredTextField(max, TOO_LONG)
const optionalText = (max: number) => optionalTextField(max, TOO_LONG)

/** A multi-select: absent, one value or several; blanks and repeats dropped. */
const idList = z
	.union([userText(), z.array(userText())])
	.optional()
	.transform((v) => [...new Set((Array.isArray(v) ? v : [v ?? '']).map((id) => id.trim()).filter(Boolean))])

const projectFields = z.object({
	title: requiredText(200),
	companyId: userText('validation.required').trim().min(1, 'validation.required'),
	type: z.enum(PROJECT_TYPES, 'validation.invalidChoice'),
	investmentWan: wanField,
	incrementWan: wanField,
	stage: z.enum(PROJECT_STAGES, 'validation.invalidChoice'),
	negotiatingDate: dayField,
	signedDate: dayField,
	startedDate: dayField,
	producingDate: dayField,
	terminatedDate: dayField,
	responsibleUnitId: userText()
		.trim()
		.optional()
		.transform((v) => (v ? v : null)),
	isClusterLeading: checkbox,
	linkIds: idList,
	notes: optionalText(2000),
	source: optionalText(500),
	// 履约 (ADR 0039): the agreement's deadlines, land, expected output and tax; the investment is investmentWan.
	commitStartBy: dayField,
	commitProduceBy: dayField,
	commitLandMu: landField,
	commitOutputWan: wanField,
	commitTaxWan: wanField,
	/** 更正原因: needed when the change alters an issued report (checked by the server). */
	closedReason: correctionReasonField,
	/** The project's version when the edit form was opened (ADR 0015); blank on the new-project form. */
	version: versionField,
	// Planned capacity (ADR 0040): link, planned annual output, expected year — all three or none.
	...plannedShape,
})

type ProjectFields = z.output<typeof projectFields>

/** The fields the cross-field rules read; they run only when all of these parsed. */
const RULE_FIELDS = new Set<string>(['type', 'stage', 'investmentWan', 'incrementWan', ...STAGE_DATE_FIELDS, 'commitStartBy', 'commitProduceBy'])

/** stageDateProblems names the field in each problem: "signed needs signedDate", "startedDate is before …". */
function stageProblemToIssue(problem: string): { field: string; message: string } {
	const needs = /needs (\w+)$/.exec(problem)
	if (needs?.[1]) return { field: needs[1], message: `${V}.stageDateRequired` }
	const before = /^(\w+) is before the previous stage$/.exec(problem)
	if (before?.[1]) return { field: before[1], message: `${V}.stageDateOrder` }
	return { field: 'stage', message: 'validation.invalidChoice' }
}

function checkProject(p: ProjectFields, ctx: z.RefinementCtx) {
	const issue = (field: string, message: string) => ctx.addIssue({ code: 'custom', path: [field], message })
	// Investment: required; only a project still in 洽谈 may give 0 (amount not known yet).
	const known = p.stage !== 'negotiating'
	if (p.investmentWan === null) issue('investmentWan', 'validation.required')
	else if (known && p.investmentWan <= 0) issue('investmentWan', `${V}.investmentPositive`)
	// 增资: the increment is what counts toward quotas, so it is required and within the investment.
	if (p.type === 'capital_increase') {
		if (p.incrementWan === null) issue('incrementWan', `${V}.incrementRequired`)
		else if (known && p.incrementWan <= 0) issue('incrementWan', `${V}.incrementPositive`)
		else if (p.investmentWan !== null && p.incrementWan > p.investmentWan) issue('incrementWan', `${V}.incrementAboveInvestment`)
	}
	// 投产 cannot be promised before 开工.
	if (p.commitStartBy && p.commitProduceBy && p.commitProduceBy < p.commitStartBy) issue('commitProduceBy', `${V}.produceBeforeStart`)
	// Dates of stages not reached would count the project where it is not (quotas count by stage date).
	// Checked first: for such a date, "leave it empty" is the message that helps.
	if (p.stage !== 'terminated') {
		for (const stage of PROJECT_STAGES.slice(PROJECT_STAGES.indexOf(p.stage) + 1)) {
			if (p[DATE_FIELD[stage]]) issue(DATE_FIELD[stage], `${V}.dateBeyondStage`)
		}
	} else if (p.terminatedDate) {
		const end = p.terminatedDate
		if (PROJECT_PATH.some((stage) => (p[DATE_FIELD[stage]] ?? end) > end)) issue('terminatedDate', `${V}.terminatedBeforeLast`)
	}
	// A stage is reached only with its date and the earlier path dates, in order.
	for (const problem of stageDateProblems(p)) {
		const { field, message } = stageProblemToIssue(problem)
		issue(field, message)
	}
}

export const projectFormSchema = projectFields
	.superRefine(checkProject, {
		when: (payload) => !payload.issues.some((i) => RULE_FIELDS.has(String(i.path?.[0]))),
	})
	.superRefine(checkPlanned, plannedWhen)
	.transform(({ investmentWan, incrementWan, commitOutputWan, commitTaxWan, ...rest }) => ({
		...rest,
		commitOutputCNY: commitOutputWan,
		commitTaxCNY: commitTaxWan,
		// Checked above: present (0 only while 洽谈).
		investmentCNY: investmentWan ?? 0,
		// Only 增资 has an increment; a value left in the hidden field of another type is dropped.
		incrementCNY: rest.type === 'capital_increase' ? incrementWan : null,
	}))

/** What the models store. */
export type ProjectFormData = z.output<typeof projectFormSchema>
type ProjectFormField = keyof z.input<typeof projectFields>

/** The 履约 inputs, in the form's order. */
export const COMMITMENT_FIELDS = [
	'commitStartBy',
	'commitProduceBy',
	'commitLandMu',
	'commitOutputWan',
	'commitTaxWan',
] as const satisfies readonly ProjectFormField[]

const TEXT_FIELDS = [
	'title',
	'companyId',
	'type',
	'investmentWan',
	'incrementWan',
	'stage',
	...STAGE_DATE_FIELDS,
	'responsibleUnitId',
	'notes',
	'source',
	...COMMITMENT_FIELDS,
	'closedReason',
	'version',
	...PLANNED_FIELDS,
] as const satisfies readonly ProjectFormField[]

type TextField = (typeof TEXT_FIELDS)[number]

/**
 * What the form holds: text inputs as typed, the checkbox as a boolean, the chosen
 * links. Any strings: the schema decides what is valid.
 */
export type ProjectFormValues = Record<TextField, string> & { isClusterLeading: boolean; linkIds: string[] }

const textValues = (value: (name: TextField) => string) => Object.fromEntries(TEXT_FIELDS.map((name) => [name, value(name)])) as Record<TextField, string>

/** A posted project form as form values (to validate, or to show again when refused). */
export function readProjectForm(formData: FormData): ProjectFormValues {
	const text = (name: string) => {
		const value = formData.get(name)
		return typeof value === 'string' ? value : ''
	}
	return {
		...textValues(text),
		isClusterLeading: checkbox.parse(formData.get('isClusterLeading') ?? undefined),
		linkIds: idList.parse(formData.getAll('linkIds').filter((v) => typeof v === 'string')),
	}
}

type StoredDay = Date | string | null

/** A stored project (dates as Date or, after JSON, ISO strings). */
export type StoredProject = {
	version: number
	title: string
	companyId: string
	type: string
	investmentCNY: number | bigint
	incrementCNY: number | bigint | null
	stage: string
	negotiatingDate: StoredDay
	signedDate: StoredDay
	startedDate: StoredDay
	producingDate: StoredDay
	terminatedDate: StoredDay
	responsibleUnitId: string | null
	isClusterLeading: boolean
	linkIds: string[]
	notes: string | null
	source: string | null
	commitStartBy: StoredDay
	commitProduceBy: StoredDay
	commitLandMu: number | null
	commitOutputCNY: number | bigint | null
	commitTaxCNY: number | bigint | null
	plannedLinkId?: string | null
	plannedOutput?: number | null
	plannedFromYear?: number | null
}

/** A stored project as the values of its edit form (money back in 万元, exactly). */
export function projectFormValues(p: StoredProject): ProjectFormValues {
	return {
		title: p.title,
		companyId: p.companyId,
		type: p.type,
		investmentWan: formatMoneyInput(p.investmentCNY, 'wan'),
		incrementWan: p.incrementCNY === null ? '' : formatMoneyInput(p.incrementCNY, 'wan'),
		stage: p.stage,
		negotiatingDate: formatDate(p.negotiatingDate),
		signedDate: formatDate(p.signedDate),
		startedDate: formatDate(p.startedDate),
		producingDate: formatDate(p.producingDate),
		terminatedDate: formatDate(p.terminatedDate),
		responsibleUnitId: p.responsibleUnitId ?? '',
		isClusterLeading: p.isClusterLeading,
		linkIds: p.linkIds,
		notes: p.notes ?? '',
		source: p.source ?? '',
		commitStartBy: formatDate(p.commitStartBy),
		commitProduceBy: formatDate(p.commitProduceBy),
		commitLandMu: p.commitLandMu === null ? '' : String(p.commitLandMu),
		commitOutputWan: p.commitOutputCNY === null ? '' : formatMoneyInput(p.commitOutputCNY, 'wan'),
		commitTaxWan: p.commitTaxCNY === null ? '' : formatMoneyInput(p.commitTaxCNY, 'wan'),
		closedReason: '',
		version: String(p.version),
		...plannedFormValues({ plannedLinkId: p.plannedLinkId ?? null, plannedOutput: p.plannedOutput ?? null, plannedFromYear: p.plannedFromYear ?? null }),
	} satisfies Record<ProjectFormField, unknown>
}

/** The fields a stale save compares (ADR 0015), in the form's order. */
export const PROJECT_CONFLICT_FIELDS = [
	'title',
	'companyId',
	'type',
	'stage',
	'investmentWan',
	'incrementWan',
	'responsibleUnitId',
	'isClusterLeading',
	...STAGE_DATE_FIELDS,
	'linkIds',
	'notes',
	'source',
	...COMMITMENT_FIELDS,
	...PLANNED_FIELDS,
] as const satisfies readonly ProjectFormField[]

/** A blank form for a new project: in 洽谈 since `today`, for `companyId` when one was chosen. */
export function newProjectFormValues({ companyId, today }: { companyId: string; today: string }): ProjectFormValues {
	return {
		...textValues(() => ''),
		companyId,
		type: 'new',
		stage: 'negotiating',
		negotiatingDate: today,
		isClusterLeading: false,
		linkIds: [],
	}
}

/** The "move to the next stage" quick action: that stage and the day it was reached. */
export const advanceStageSchema = z.object({
	closedReason: correctionReasonField,
	toStage: z.enum(PROJECT_STAGES, 'validation.invalidChoice'),
	date: userText('validation.required')
		.trim()
		.min(1, `${V}.advanceDateRequired`)
		.transform((text, ctx) => {
			const date = parseDay(text)
			if (date) return date
			ctx.addIssue({ code: 'custom', message: `${V}.invalidDate` })
			return z.NEVER
		}),
})
export type AdvanceStageData = z.output<typeof advanceStageSchema>

/**
 * A posted project form read and checked: its values (to show again), the parsed data or the field → i18n key
 * errors, and the region picked on a new project's form (null: the user's own).
 */
export function parseProjectForm(formData: FormData) {
	const values = readProjectForm(formData)
	const picked = formData.get('regionId')
	const regionId = typeof picked === 'string' && picked.trim() !== '' ? picked.trim() : null
	const parsed = projectFormSchema.safeParse(values)
	return parsed.success ? { values, data: parsed.data, errors: null, regionId } : { values, data: null, errors: fieldErrors(parsed.error), regionId }
}
