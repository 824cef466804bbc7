import { expect, test } from 'vitest'
import {
	formErrors,
	manualEntrySchema,
	quotaRulesFormSchema,
	quotaRulesFormValues,
	readManualEntryForm,
	readQuotaRulesForm,
	readUnitTargetsForm,
	unitTargetField,
	unitTargetsSchema,
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
			]),
		),
	)
	expect(parsed).toEqual({
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
	expect(quotaRulesFormSchema.parse(readQuotaRulesForm(form([['kind', 'companies_with_tag'], ['anyTag', 'gaoxin'], ['newInYear', 'on'], ['minRevenueYi', '10']])))).toEqual({
		kind: 'companies_with_tag',
		rules: { anyTag: ['gaoxin'], minRevenueCNY: 1_000_000_000, newInYear: true, chainSlugs: [], localOnly: false },
	})
	expect(quotaRulesFormSchema.parse(readQuotaRulesForm(form([['kind', 'sum'], ['figure', 'capacity'], ['localOnly', 'on']])))).toEqual({
		kind: 'sum',
		rules: { figure: 'capacity', chainSlugs: [], linkKeys: [], localOnly: true },
	})
	expect(quotaRulesFormSchema.parse(readQuotaRulesForm(form([['kind', 'manual'], ['figure', 'capacity']])))).toEqual({ kind: 'manual', rules: {} })
})

test('bad choices and amounts are refused with message keys per field', () => {
	const result = quotaRulesFormSchema.safeParse(
		readQuotaRulesForm(form([['kind', 'projects'], ['countStage', 'approved'], ['projectTypes', 'joint_venture'], ['minInvestmentYi', '-5']])),
	)
	expect(result.success).toBe(false)
	expect(formErrors(result.error!)).toEqual({
		countStage: 'validation.invalidChoice',
		projectTypes: 'validation.invalidChoice',
		minInvestmentYi: 'quota.validation.money.negative',
	})
	expect(formErrors(quotaRulesFormSchema.safeParse(readQuotaRulesForm(form([['kind', 'bogus']]))).error!)).toEqual({ kind: 'validation.invalidChoice' })
})

test('the editor starts from the stored rule and saving it unchanged gives the same rule back', () => {
	for (const [kind, filters] of [
		['projects', '{"countStage":"signed","chainSlugs":["rare-earth-ganxian"],"minInvestmentCNY":500000000,"categories":["稀土新材料及应用"]}'],
		['companies_with_tag', '{"anyTag":["gaoxin"],"newInYear":true,"minRevenueCNY":1000000000}'],
		['sum', '{"figure":"output","linkKeys":["re_metal"]}'],
		['manual', '{}'],
	] as const) {
		const { rules } = parseQuotaRules(kind, filters)
		const values = quotaRulesFormValues(rules)
		const fields: [string, string][] = []
		for (const [name, value] of Object.entries(values)) {
			if (Array.isArray(value)) value.forEach((v) => fields.push([name, v]))
			else if (typeof value === 'boolean') value && fields.push([name, 'on'])
			else fields.push([name, value])
		}
		expect(quotaRulesFormSchema.parse(readQuotaRulesForm(form(fields)))).toEqual(rules)
	}
})

test('a manual figure needs a value, a real day and its evidence', () => {
	expect(manualEntrySchema.parse(readManualEntryForm(form([['value', '３.2'], ['date', '2025-06-30'], ['evidence', ' 统计快报 ']])))).toEqual({
		value: 3.2,
		date: new Date('2025-06-30T00:00:00Z'),
		evidence: '统计快报',
	})
	const refused = manualEntrySchema.safeParse(readManualEntryForm(form([['value', ''], ['date', '2025-02-30'], ['evidence', '  ']])))
	expect(formErrors(refused.error!)).toEqual({ value: 'validation.required', date: 'quota.validation.invalidDate', evidence: 'validation.required' })
	expect(formErrors(manualEntrySchema.safeParse(readManualEntryForm(form([['value', 'abc']]))).error!)).toMatchObject({ value: 'quota.validation.notANumber' })
})

test('unit shares: blank means the quota target, negative numbers are refused', () => {
	const data = form([
		[unitTargetField('u1'), '4'],
		[unitTargetField('u2'), ''],
		[unitTargetField('u3'), '-1'],
	])
	expect(unitTargetsSchema.parse(readUnitTargetsForm(data, ['u1', 'u2']))).toEqual({ u1: 4, u2: null })
	expect(formErrors(unitTargetsSchema.safeParse(readUnitTargetsForm(data, ['u1', 'u3'])).error!)).toEqual({ u3: 'quota.validation.negative' })
})
