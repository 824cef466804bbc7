import { expect, test } from 'vitest'
import { fieldErrors } from '~/utils/forms'
import {
	manualEntrySchema,
	quotaRulesConflictFields,
	quotaRulesFormSchema,
	quotaRulesFormValues,
	readManualEntryForm,
	readQuotaRulesForm,
	readUnitTargetsForm,
	shareText,
	unitSharesConflictView,
	unitSharesFormValues,
	unitTargetField,
	unitTargetsSchema,
	unitVersionField,
} from './quota-forms'
import { parseQuotaRules } from './rules'

function form(fields: [string, string][]) {
	const data = new FormData()
	for (const [name, value] of fields) data.append(name, value)
	return data
}

test('a projects rule: money in 亿元 becomes CNY, lists are deduplicated, fields of other kinds are dropped', () => {
	const parsed = quotaRulesFormSchema.parse(
		readQuotaRulesForm(
			form([
				['kind', 'projects'],
				['countStage', 'started'],
				['measure', 'investment'],
				['chainSlugs', 'rare-earth-ganxian'],
				['chainSlugs', 'rare-earth-ganxian'],
				['linkKeys', 'ndfeb_magnet'],
				['categories', '稀土新材料及应用、 永磁电机'],
				['projectTypes', 'new'],
				['minInvestmentYi', '1.5'],
				['clusterLeadingOnly', 'on'],
				['anyTag', 'gaoxin'],
				['figure', 'output'],
				['version', '2'],
			]),
		),
	)
	expect(parsed.version).toBe(2)
	expect(parsed.rules).toEqual({
		kind: 'projects',
		rules: {
			countStage: 'started',
			measure: 'investment',
			chainSlugs: ['rare-earth-ganxian'],
			linkKeys: ['ndfeb_magnet'],
			categories: ['稀土新材料及应用', '永磁电机'],
			minInvestmentCNY: 150_000_000,
			projectTypes: ['new'],
			clusterLeadingOnly: true,
		},
	})
})

test('a companies rule and a sum rule take their own fields; an unchecked box is false', () => {
	const rulesOf = (fields: [string, string][]) => quotaRulesFormSchema.parse(readQuotaRulesForm(form(fields))).rules
	expect(
		rulesOf([
			['kind', 'companies_with_tag'],
			['anyTag', 'gaoxin'],
			['newInYear', 'on'],
			['minRevenueYi', '10'],
		]),
	).toEqual({
		kind: 'companies_with_tag',
		rules: { anyTag: ['gaoxin'], minRevenueCNY: 1_000_000_000, newInYear: true, chainSlugs: [], localOnly: false },
	})
	expect(
		rulesOf([
			['kind', 'sum'],
			['figure', 'capacity'],
			['localOnly', 'on'],
		]),
	).toEqual({
		kind: 'sum',
		rules: { figure: 'capacity', chainSlugs: [], linkKeys: [], localOnly: true },
	})
	expect(
		rulesOf([
			['kind', 'manual'],
			['figure', 'capacity'],
		]),
	).toEqual({ kind: 'manual', rules: {} })
})

test('bad choices and amounts are refused with message keys per field', () => {
	const result = quotaRulesFormSchema.safeParse(
		readQuotaRulesForm(
			form([
				['kind', 'projects'],
				['countStage', 'approved'],
				['projectTypes', 'joint_venture'],
				['minInvestmentYi', '-5'],
			]),
		),
	)
	expect(result.success).toBe(false)
	expect(fieldErrors(result.error!)).toEqual({
		countStage: 'validation.invalidChoice',
		projectTypes: 'validation.invalidChoice',
		minInvestmentYi: 'quota.validation.money.negative',
	})
	expect(fieldErrors(quotaRulesFormSchema.safeParse(readQuotaRulesForm(form([['kind', 'bogus']]))).error!)).toEqual({ kind: 'validation.invalidChoice' })
})

test('the editor starts from the stored rule and saving it unchanged gives the same rule back', () => {
	for (const [kind, filters] of [
		['projects', '{"countStage":"signed","chainSlugs":["rare-earth-ganxian"],"minInvestmentCNY":500000000,"categories":["稀土新材料及应用"]}'],
		['companies_with_tag', '{"anyTag":["gaoxin"],"newInYear":true,"minRevenueCNY":1000000000}'],
		['sum', '{"figure":"output","linkKeys":["re_metal"]}'],
		['manual', '{}'],
	] as const) {
		const { rules } = parseQuotaRules(kind, filters)
		const values = quotaRulesFormValues(rules, 5)
		const fields: [string, string][] = []
		for (const [name, value] of Object.entries(values)) {
			if (Array.isArray(value)) value.forEach((v) => fields.push([name, v]))
			else if (typeof value === 'boolean') {
				if (value) fields.push([name, 'on'])
			} else fields.push([name, value])
		}
		expect(quotaRulesFormSchema.parse(readQuotaRulesForm(form(fields)))).toEqual({ rules, version: 5 })
	}
})

test('a manual figure needs a value, a real day and its evidence', () => {
	expect(
		manualEntrySchema.parse(
			readManualEntryForm(
				form([
					['value', '３.2'],
					['date', '2025-06-30'],
					['evidence', ' 统计快报 '],
				]),
			),
		),
	).toEqual({
		value: 3.2,
		date: new Date('2025-06-30T00:00:00Z'),
		evidence: '统计快报',
	})
	const refused = manualEntrySchema.safeParse(
		readManualEntryForm(
			form([
				['value', ''],
				['date', '2025-02-30'],
				['evidence', '  '],
			]),
		),
	)
	expect(fieldErrors(refused.error!)).toEqual({ value: 'validation.required', date: 'quota.validation.invalidDate', evidence: 'validation.required' })
	expect(fieldErrors(manualEntrySchema.safeParse(readManualEntryForm(form([['value', 'abc']]))).error!)).toMatchObject({ value: 'quota.validation.notANumber' })
})

test('unit shares: blank means the quota target, negative numbers are refused; each share carries its version', () => {
	const data = form([
		[unitTargetField('u1'), '4'],
		[unitVersionField('u1'), '3'],
		[unitTargetField('u2'), ''],
		[unitTargetField('u3'), '-1'],
	])
	expect(unitTargetsSchema.parse(readUnitTargetsForm(data, ['u1', 'u2']))).toEqual({ u1: { target: 4, version: 3 }, u2: { target: null, version: null } })
	expect(fieldErrors(unitTargetsSchema.safeParse(readUnitTargetsForm(data, ['u1', 'u3'])).error!)).toEqual({ u3: 'quota.validation.negative' })
})

test('shares as form values: stored figures in the clause’s unit without float noise, with their versions', () => {
	const values = unitSharesFormValues([
		{ unitId: 'u1', share: shareText(0.30000000000000004 * 1e8, 1e8), version: 2 },
		{ unitId: 'u2', share: shareText(null, 1e8), version: 1 },
	])
	expect(values).toEqual({ [unitTargetField('u1')]: '0.3', [unitVersionField('u1')]: '2', [unitTargetField('u2')]: '', [unitVersionField('u2')]: '1' })
	expect(unitSharesConflictView(values, ['u1', 'u2'])).toEqual({ u1: '0.3', u2: '' })
})

test('a rule conflict compares the kind and the fields of either side’s kind', () => {
	expect(quotaRulesConflictFields({ kind: 'sum' }, { kind: 'sum' })).toEqual(['kind', 'figure', 'localOnly', 'chainSlugs', 'linkKeys'])
	expect(quotaRulesConflictFields({ kind: 'manual' }, { kind: 'companies_with_tag' })).toEqual([
		'kind',
		'anyTag',
		'newInYear',
		'minRevenueYi',
		'localOnly',
		'chainSlugs',
	])
})
