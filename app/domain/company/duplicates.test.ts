import { expect, test } from 'vitest'
import { companyNameKey, duplicateReasons, probeKeys } from './duplicates'
import { usccCheckChar } from './uscc'

test('names are compared without width, spaces, case or the company-form suffix', () => {
	const key = companyNameKey('赣州恒源科技有限公司')
	expect(key).toBe('赣州恒源科技')
	for (const variant of ['赣州恒源科技有限责任公司', '赣州恒源科技股份有限公司', '赣州恒源科技 股份公司', ' 赣州 恒源\u3000科技公司 ', '赣州恒源科技']) {
		expect(companyNameKey(variant), variant).toBe(key)
	}
	expect(companyNameKey('赣州（恒源）ＡＢＣ有限公司')).toBe(companyNameKey('赣州(恒源)abc 有限公司'))
	// Only one suffix, and never the whole name.
	expect(companyNameKey('公司')).toBe('公司')
	expect(companyNameKey('赣州恒源股份有限公司有限公司')).toBe('赣州恒源股份有限公司')
	// Different words stay different.
	expect(companyNameKey('赣州恒源集团有限公司')).not.toBe(key)
	expect(companyNameKey('')).toBe('')
})

test('a probe looks for its name and its aliases, each key once', () => {
	expect(probeKeys({ name: '赣州恒源科技有限公司', aliases: ['恒源科技', '赣州恒源科技股份有限公司', ' '] })).toEqual(['赣州恒源科技', '恒源科技'])
})

test('the reasons say why a company is likely the same one', () => {
	const body = '91360721MA35HY0X1'
	const uscc = body + usccCheckChar(body)
	const stored = { name: '赣州恒源科技有限公司', aliases: ['恒源科技', '赣州恒源稀土公司'], uscc }
	const probe = (name: string, aliases: string[] = [], code: string | null = null) => duplicateReasons({ name, aliases, uscc: code }, stored)
	expect(probe('赣州恒源科技有限公司')).toEqual(['sameName'])
	expect(probe('赣州恒源科技股份有限公司')).toEqual(['similarName'])
	expect(probe('恒源科技有限公司')).toEqual(['alias'])
	expect(probe('全新名称', ['赣州恒源稀土有限公司'])).toEqual(['alias'])
	expect(probe('全新名称', ['赣州恒源科技'])).toEqual(['alias'])
	expect(probe('全新名称', [], uscc.toLowerCase())).toEqual(['uscc'])
	expect(probe('赣州恒源科技有限公司', ['恒源科技'], uscc)).toEqual(['uscc', 'sameName', 'alias'])
	expect(probe('赣州恒源新材料有限公司')).toEqual([])
})
