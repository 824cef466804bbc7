import { expect, test } from 'vitest'
import { parseQuotaTargetForm, type QuotaTargetFormValues, quotaTargetFormValues } from './quota-target-form'

const stored = {
	metric: '引进亿元以上项目',
	op: '>=',
	value: 12,
	valueMax: null,
	period: 'by_year',
	startYear: 2024,
	endYear: 2026,
	members: null,
	yearValues: [
		{ year: 2024, value: 8, valueMax: null },
		{ year: 2026, value: 12, valueMax: null },
	],
	version: 3,
}

test('a stored target reads back into the form and parses to the same figures, money normalized in the quota’s unit', () => {
	const values = quotaTargetFormValues(stored)
	expect(values).toEqual({
		metric: '引进亿元以上项目',
		op: '>=',
		value: '12',
		valueMax: '',
		period: 'by_year',
		startYear: '2024',
		endYear: '2026',
		stages: '2024：8；2026：12',
		members: '',
		version: '3',
	})
	const parsed = parseQuotaTargetForm(values, '个')
	expect(parsed).toEqual({
		ok: true,
		data: {
			metric: '引进亿元以上项目',
			op: '>=',
			value: 12,
			valueMax: null,
			normalizedValue: 12,
			period: 'by_year',
			startYear: 2024,
			endYear: 2026,
			members: null,
			yearValues: [
				{ year: 2024, value: 8, valueMax: null, normalizedValue: 8 },
				{ year: 2026, value: 12, valueMax: null, normalizedValue: 12 },
			],
			version: 3,
		},
	})
	const money = parseQuotaTargetForm({ ...values, value: '50', stages: '2025：30；2026：50', members: ' 园区 ' }, '亿元')
	expect(money.ok && money.data).toMatchObject({
		normalizedValue: 5_000_000_000,
		members: '园区',
		yearValues: [{ normalizedValue: 3_000_000_000 }, { normalizedValue: 5_000_000_000 }],
	})
})

test('each problem is reported on its field, in the review card’s words', () => {
	const values: QuotaTargetFormValues = {
		...quotaTargetFormValues(stored),
		metric: ' ',
		op: 'most',
		value: '1.5',
		stages: '2025：1；2025：2',
		period: 'annual',
		version: 'x',
	}
	const parsed = parseQuotaTargetForm(values, '个')
	expect(parsed).toEqual({
		ok: false,
		errors: {
			metric: 'validation.required',
			op: 'validation.invalidChoice',
			value: 'policyImport.validation.wholeNumber',
			stages: 'policyImport.validation.stages',
		},
	})
	// Values by year need a target due by a year; a version that is not a number is no form of ours.
	expect(parseQuotaTargetForm({ ...quotaTargetFormValues(stored), period: 'annual' }, '个')).toEqual({
		ok: false,
		errors: { stages: 'policyImport.validation.stagesByYear' },
	})
	expect(parseQuotaTargetForm({ ...quotaTargetFormValues(stored), version: 'x' }, '个')).toEqual({ ok: false, errors: { form: 'validation.invalidChoice' } })
})
