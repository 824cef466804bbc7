import { z } from 'zod'
import { versionField } from '~/domain/concurrency/conflict'
import { normalizeQuantity } from '~/domain/policy/numbers'
import { TARGET_OPS, TARGET_PERIODS, type TargetOp, type TargetPeriod, type TargetStage } from '~/domain/policy/target'
import { userText } from '~/domain/text/text-field'
import { formatStages, readTargetFigures, type TargetFigureValues } from './target-review'

/**
 * The target of a saved quota, corrected on its page by a manager: what is
 * counted (metric), the comparison, the value or range, the period and years, a
 * staged target's value per year and a per-member target's member word. The unit
 * stays: counted figures are stored in its normalized unit. The same checks as a
 * review card (readTargetFigures); messages are i18n keys.
 */
export type QuotaTargetFormValues = Omit<TargetFigureValues, 'unit'> & { metric: string; members: string; version: string }

export const QUOTA_TARGET_FIELDS = [
	'metric',
	'op',
	'value',
	'valueMax',
	'period',
	'startYear',
	'endYear',
	'stages',
	'members',
	'version',
] as const satisfies readonly (keyof QuotaTargetFormValues)[]

/** A stored quota's target as the form shows it. */
export function quotaTargetFormValues(quota: {
	metric: string
	op: string
	value: number
	valueMax: number | null
	period: string
	startYear: number | null
	endYear: number | null
	members: string | null
	yearValues: readonly TargetStage[]
	version: number
}): QuotaTargetFormValues {
	const text = (n: number | null) => (n === null ? '' : String(n))
	return {
		metric: quota.metric,
		op: quota.op,
		value: String(quota.value),
		valueMax: text(quota.valueMax),
		period: quota.period,
		startYear: text(quota.startYear),
		endYear: text(quota.endYear),
		stages: formatStages([...quota.yearValues]),
		members: quota.members ?? '',
		version: String(quota.version),
	}
}

/** What saveQuotaTarget stores; each value also normalized as the quota's value is. */
export type QuotaTargetData = {
	metric: string
	op: TargetOp
	value: number
	valueMax: number | null
	normalizedValue: number
	period: TargetPeriod
	startYear: number | null
	endYear: number | null
	members: string | null
	yearValues: (TargetStage & { normalizedValue: number })[]
	version: number
}

export type QuotaTargetParse = { ok: true; data: QuotaTargetData } | { ok: false; errors: Partial<Record<keyof QuotaTargetFormValues | 'form', string>> }

const V = 'policyImport.validation'

const textFields = z.object({
	metric: userText().trim().min(1, 'validation.required').max(80, `${V}.tooLong`),
	op: z.enum(TARGET_OPS, { message: 'validation.invalidChoice' }),
	period: z.enum(TARGET_PERIODS, { message: 'validation.invalidChoice' }),
	members: userText().trim().max(60, `${V}.tooLong`),
	version: versionField,
})

/** Reads the posted form against the quota's unit. */
export function parseQuotaTargetForm(values: QuotaTargetFormValues, unit: string): QuotaTargetParse {
	const errors: Partial<Record<keyof QuotaTargetFormValues | 'form', string>> = {}
	const fail = (field: keyof QuotaTargetFormValues, key: string) => {
		errors[field] ??= key
	}
	const figures = readTargetFigures({ ...values, unit }, (field, key) => fail(field === 'unit' ? 'value' : field, key))
	const fields = textFields.safeParse(values)
	if (!fields.success) for (const issue of fields.error.issues) fail(issue.path[0] as keyof QuotaTargetFormValues, issue.message)
	if (fields.success && fields.data.version === null) errors.form = 'validation.invalidChoice'
	if (!fields.success || figures.value === null || Object.keys(errors).length > 0) return { ok: false, errors }
	const normalized = (value: number) => normalizeQuantity(value, unit).value
	return {
		ok: true,
		data: {
			metric: fields.data.metric,
			op: fields.data.op,
			value: figures.value,
			valueMax: figures.valueMax,
			normalizedValue: normalized(figures.value),
			period: fields.data.period,
			startYear: figures.startYear,
			endYear: figures.endYear,
			members: fields.data.members || null,
			yearValues: (figures.stages ?? []).map((stage) => ({ ...stage, normalizedValue: normalized(stage.value) })),
			version: fields.data.version!,
		},
	}
}
