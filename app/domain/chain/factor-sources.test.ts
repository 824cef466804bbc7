import { expect, test } from 'vitest'
import { factorSourceName } from './factor-sources'

test('a reference code is shown as the name of its source, in the reader language', () => {
	expect(factorSourceName({ referenceId: 'RE13', source: 'chain-reference.csv RE13: himagnet.com machining yield 60–80%' }, 'zh-CN')).toBe(
		'磁材加工良率 60–80%（himagnet）',
	)
	expect(factorSourceName({ referenceId: 're02', source: null }, 'en')).toBe('MIIT rare-earth industry conditions 2016, recovery')
})

test('an edge without a known code shows the first clause of its own source, without the file and code', () => {
	expect(factorSourceName({ referenceId: null, source: 'chain-domain.md §1/§2.8: RE in LaNi5 32.1 wt% (stoichiometric archetype)' }, 'zh-CN')).toBe(
		'chain-domain.md §1/§2.8: RE in LaNi5 32.1 wt%',
	)
	expect(factorSourceName({ referenceId: 'XX99', source: 'notes.csv XX99: plant visit 2025; confirmed by phone' }, 'en')).toBe('plant visit 2025')
	expect(factorSourceName({ referenceId: null, source: '' }, 'en')).toBeNull()
	expect(factorSourceName({ referenceId: null, source: 'a'.repeat(80) }, 'en')).toHaveLength(48)
})
