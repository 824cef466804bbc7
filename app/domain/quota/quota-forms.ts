import { z } from 'zod'
import { type ConflictView, versionField } from '~/domain/concurrency/conflict'
import { formatMoneyInput, parseMoneyToCNY } from '~/domain/money'
import { PROJECT_TYPES } from '~/domain/project/stages'
import { COMPANY_TAGS } from '~/domain/seed/seed-files'
import { userText } from '~/domain/text/text-field'
import { checkbox, formText, formTexts, parseDay, parseDecimal } from '~/utils/forms'
import { COUNT_STAGES, projectRulesSchema, QUOTA_KINDS, type QuotaRules, quotaRulesSchema, sumRulesSchema } from './rules'

/**
 * The forms of the quota page (/quotas/:id): the counting rule, a manual
 * figure, the units' shares. Each schema validates the posted strings on the
 * client (before submitting) and again in the action; `read…Form` turns a
 * FormData into the schema's input for both. Messages are i18n keys.
 */

const V = 'quota.validation'
const invalidChoice = 'validation.invalidChoice'

export const MEASURES = projectRulesSchema.shape.measure.unwrap().options
export const SUM_FIGURES = sumRulesSchema.shape.figure.unwrap().options

/** Several values of one name; blanks and repeats dropped. */
const names = z
	.array(userText())
	.default([])
	.transform((values) => [...new Set(values.map((v) => v.trim()).filter(Boolean))])

const choices = <const T extends readonly [string, ...string[]]>(values: T) => names.pipe(z.array(z.enum(values, invalidChoice)))

/** Category words as typed: separated by 、，, ; or spaces. */
const words = userText()
	.optional()
	.transform((raw) => [...new Set((raw ?? '').split(/[、，,；;\s]+/).filter(Boolean))])

/** An amount in 亿元 → integer CNY, blank → null. */
const yiField = userText()
	.optional()
	.transform((raw, ctx) => {
		const parsed = parseMoneyToCNY(raw, 'yi')
		if (parsed.ok) return parsed.cny
		ctx.addIssue({ code: 'custom', message: `${V}.money.${parsed.error}` })
		return z.NEVER
	})

const rulesFormFields = z.object({
	kind: z.enum(QUOTA_KINDS, invalidChoice),
	countStage: z.enum(COUNT_STAGES, invalidChoice).optional(),
	measure: z.enum(projectRulesSchema.shape.measure.unwrap().enum, invalidChoice).optional(),
	figure: z.enum(sumRulesSchema.shape.figure.unwrap().enum, invalidChoice).optional(),
	chainSlugs: names,
	linkKeys: names,
	categories: words,
	projectTypes: choices(PROJECT_TYPES),
	anyTag: choices(COMPANY_TAGS),
	minInvestmentYi: yiField,
	minRevenueYi: yiField,
	clusterLeadingOnly: checkbox,
	newInYear: checkbox,
	localOnly: checkbox,
	/** The quota's version when the page was loaded (ADR 0015). */
	version: versionField,
})

/**
 * The rule editor: a kind and the fields of that kind; the output is the rule
 * as app/domain/quota/rules.ts reads it (what `filters` stores), with the
 * fields of other kinds dropped.
 */
export const quotaRulesFormSchema = rulesFormFields.transform((f) => ({ rules: quotaRulesSchema.parse(rawRules(f)), version: f.version }))
export type QuotaRulesFormData = z.output<typeof quotaRulesFormSchema>

/** The chosen kind's fields, named as rules.ts names them; its schema fills the defaults. */
function rawRules(f: z.output<typeof rulesFormFields>) {
	switch (f.kind) {
		case 'projects':
			return {
				kind: f.kind,
				rules: {
					countStage: f.countStage,
					measure: f.measure,
					chainSlugs: f.chainSlugs,
					linkKeys: f.linkKeys,
					categories: f.categories,
					minInvestmentCNY: f.minInvestmentYi,
					projectTypes: f.projectTypes,
					clusterLeadingOnly: f.clusterLeadingOnly,
				},
			}
		case 'companies_with_tag':
			return {
				kind: f.kind,
				rules: { anyTag: f.anyTag, minRevenueCNY: f.minRevenueYi, newInYear: f.newInYear, chainSlugs: f.chainSlugs, localOnly: f.localOnly },
			}
		case 'sum':
			return { kind: f.kind, rules: { figure: f.figure, chainSlugs: f.chainSlugs, linkKeys: f.linkKeys, localOnly: f.localOnly } }
		case 'manual':
			return { kind: f.kind, rules: {} }
	}
}

export type QuotaRulesFormInput = z.input<typeof rulesFormFields>

/** The posted rule editor as the schema's input; choices stay as posted strings for the schema to judge. */
export function readQuotaRulesForm(formData: FormData) {
	return {
		kind: formText(formData, 'kind'),
		countStage: formText(formData, 'countStage'),
		measure: formText(formData, 'measure'),
		figure: formText(formData, 'figure'),
		chainSlugs: formTexts(formData, 'chainSlugs'),
		linkKeys: formTexts(formData, 'linkKeys'),
		categories: formText(formData, 'categories'),
		projectTypes: formTexts(formData, 'projectTypes'),
		anyTag: formTexts(formData, 'anyTag'),
		minInvestmentYi: formText(formData, 'minInvestmentYi'),
		minRevenueYi: formText(formData, 'minRevenueYi'),
		clusterLeadingOnly: formText(formData, 'clusterLeadingOnly'),
		newInYear: formText(formData, 'newInYear'),
		localOnly: formText(formData, 'localOnly'),
		version: formText(formData, 'version'),
	}
}

/** What the editor shows for a stored rule: a value for every kind's fields (so switching kinds starts from defaults), money in 亿元. */
export type QuotaRulesFormValues = {
	kind: QuotaRules['kind']
	countStage: string
	measure: string
	figure: string
	chainSlugs: string[]
	linkKeys: string[]
	categories: string
	projectTypes: string[]
	anyTag: string[]
	minInvestmentYi: string
	minRevenueYi: string
	clusterLeadingOnly: boolean
	newInYear: boolean
	localOnly: boolean
	version: string
}

const yi = (cny: number | null) => (cny === null ? '' : formatMoneyInput(cny, 'yi'))

export function quotaRulesFormValues(stored: QuotaRules, version: number): QuotaRulesFormValues {
	const project = stored.kind === 'projects' ? stored.rules : projectRulesSchema.parse({})
	const values: QuotaRulesFormValues = {
		kind: stored.kind,
		countStage: project.countStage,
		measure: project.measure,
		figure: stored.kind === 'sum' ? stored.rules.figure : sumRulesSchema.parse({}).figure,
		chainSlugs: stored.kind === 'manual' ? [] : stored.rules.chainSlugs,
		linkKeys: stored.kind === 'projects' || stored.kind === 'sum' ? stored.rules.linkKeys : [],
		categories: project.categories.join('、'),
		projectTypes: project.projectTypes,
		anyTag: [],
		minInvestmentYi: yi(project.minInvestmentCNY),
		minRevenueYi: '',
		clusterLeadingOnly: project.clusterLeadingOnly,
		newInYear: false,
		localOnly: stored.kind === 'companies_with_tag' || stored.kind === 'sum' ? stored.rules.localOnly : true,
		version: String(version),
	}
	if (stored.kind !== 'companies_with_tag') return values
	const { anyTag, minRevenueCNY, newInYear } = stored.rules
	return { ...values, anyTag, newInYear, minRevenueYi: yi(minRevenueCNY) }
}

/** A plain decimal (full-width digits accepted); `allowNegative` for reported figures such as a fall in %. */
const decimal = ({ required, allowNegative }: { required: boolean; allowNegative: boolean }) =>
	userText()
		.optional()
		.transform((raw, ctx) => {
			const parsed = parseDecimal(raw)
			if (!parsed.ok) ctx.addIssue({ code: 'custom', message: `${V}.notANumber` })
			else if (parsed.value === null && required) ctx.addIssue({ code: 'custom', message: 'validation.required' })
			else if (parsed.value !== null && parsed.value < 0 && !allowNegative) ctx.addIssue({ code: 'custom', message: `${V}.negative` })
			else return parsed.value
			return z.NEVER
		})

/**
 * A reported figure for a manual quota, in the unit the clause writes (the
 * model converts it to the normalized unit). It is the level as of `date`,
 * which also gives the year it belongs to; where it comes from (统计报表,
 * 会议纪要, 文件号…) is required.
 */
export const manualEntrySchema = z.object({
	value: decimal({ required: true, allowNegative: true }).transform((v) => v ?? 0),
	date: userText()
		.optional()
		.transform((raw, ctx) => {
			const date = parseDay(raw ?? '')
			if (date) return date
			ctx.addIssue({ code: 'custom', message: (raw ?? '').trim() === '' ? 'validation.required' : `${V}.invalidDate` })
			return z.NEVER
		}),
	evidence: userText('validation.required').trim().min(1, 'validation.required').max(500, `${V}.tooLong`),
})

export function readManualEntryForm(formData: FormData) {
	return { value: formText(formData, 'value'), date: formText(formData, 'date'), evidence: formText(formData, 'evidence') ?? '' }
}

/** The fields of each kind's rule, in the editor's order: what a conflict compares besides the kind. */
const RULE_FIELDS: Record<QuotaRules['kind'], readonly (keyof QuotaRulesFormValues)[]> = {
	projects: ['countStage', 'measure', 'minInvestmentYi', 'clusterLeadingOnly', 'chainSlugs', 'linkKeys', 'projectTypes', 'categories'],
	companies_with_tag: ['anyTag', 'newInYear', 'minRevenueYi', 'localOnly', 'chainSlugs'],
	sum: ['figure', 'localOnly', 'chainSlugs', 'linkKeys'],
	manual: [],
}

/** The fields a stale rule save compares (ADR 0015): the kind and the fields of either side's kind. */
export function quotaRulesConflictFields(current: Pick<QuotaRulesFormValues, 'kind'>, submitted: Pick<QuotaRulesFormValues, 'kind'>) {
	return [...new Set(['kind' as const, ...RULE_FIELDS[current.kind], ...RULE_FIELDS[submitted.kind]])]
}

/** Field names of a unit's share input and of the version of its share (ADR 0015). */
export const unitTargetField = (unitId: string) => `unitTarget.${unitId}`
export const unitVersionField = (unitId: string) => `unitVersion.${unitId}`

/** Each listed unit's own share of the yearly target, in the clause's unit (blank = the quota's target applies), and its version. */
export const unitTargetsSchema = z.record(userText(), z.object({ target: decimal({ required: false, allowNegative: false }), version: versionField }))
export type UnitTargetsData = z.output<typeof unitTargetsSchema>

export function readUnitTargetsForm(formData: FormData, unitIds: string[]) {
	return Object.fromEntries(unitIds.map((id) => [id, { target: formText(formData, unitTargetField(id)), version: formText(formData, unitVersionField(id)) }]))
}

/** A figure in the clause's unit as the share inputs show it: no float noise (0.30000000000000004 → 0.3). */
export const decimalText = (value: number) => String(Number(value.toPrecision(12)))

/** A stored share (normalized) as its input shows it, in the clause's unit; blank when the quota's target applies. */
export const shareText = (target: number | null, factor: number) => (target === null ? '' : decimalText(target / factor))

/** The share form's values, named as it posts them: each listed unit's share in the clause's unit and its version. */
export type UnitSharesValues = Record<string, string>

export function unitSharesFormValues(units: readonly { unitId: string; share: string; version: number }[]): UnitSharesValues {
	return Object.fromEntries(
		units.flatMap((u) => [
			[unitTargetField(u.unitId), u.share],
			[unitVersionField(u.unitId), String(u.version)],
		]),
	)
}

/** The shares as the conflict comparison reads them: unit → share as typed. */
export function unitSharesConflictView(values: UnitSharesValues, unitIds: readonly string[]): ConflictView {
	return Object.fromEntries(unitIds.map((id) => [id, values[unitTargetField(id)] ?? '']))
}
