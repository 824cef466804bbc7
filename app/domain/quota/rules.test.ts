import { expect, test } from 'vitest'
import { parseQuotaRules } from './rules'

test('stored rules that cannot be read fall back to the defaults with a problem code, never a sentence', () => {
	expect(parseQuotaRules('projects', '{"chainSlugs":["rare-earth-ganxian"]}').problem).toBeNull()
	const broken = parseQuotaRules('projects', '{chainSlugs')
	expect(broken.problem).toEqual({ key: 'invalid_filters', values: {} })
	expect(broken.rules).toEqual(parseQuotaRules('projects', '{}').rules)
	expect(parseQuotaRules('bonus', '{}')).toMatchObject({ rules: { kind: 'manual' }, problem: { key: 'unknown_kind', values: { kind: 'bonus' } } })
	expect(parseQuotaRules('projects', '{"minInvestmentCNY":"lots","chainSlugs":3}').problem).toEqual({
		key: 'invalid_rules',
		values: { fields: 'chainSlugs, minInvestmentCNY' },
	})
})
