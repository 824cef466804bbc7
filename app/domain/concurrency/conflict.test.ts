import { expect, test } from 'vitest'
import { companyConflictView, EMPTY_COMPANY_FORM } from '~/domain/company/company-schema'
import { diffConflict, sameConflictValue, staleDelete, versionField } from './conflict'

test('the hidden version reads as a whole number; anything else is null, which no stored version equals', () => {
	expect(versionField.parse('3')).toBe(3)
	expect(versionField.parse(' 12 ')).toBe(12)
	for (const raw of [undefined, '', 'abc', '1.5', '-1', '1e3', '99999999999999999999']) expect(versionField.parse(raw), String(raw)).toBeNull()
})

test('values compare by meaning: text up to surrounding blanks, choices as sets, checkboxes as booleans', () => {
	expect(sameConflictValue('甲公司', ' 甲公司 ')).toBe(true)
	expect(sameConflictValue('甲公司', '乙公司')).toBe(false)
	expect(sameConflictValue(['b', 'a'], ['a', 'b', 'a'])).toBe(true)
	expect(sameConflictValue(['a'], ['a', 'b'])).toBe(false)
	expect(sameConflictValue([], '')).toBe(false)
	expect(sameConflictValue(true, true)).toBe(true)
	expect(sameConflictValue(true, false)).toBe(false)
	expect(sameConflictValue(undefined, undefined)).toBe(true)
})

test('the diff lists every asked field in order, stored beside submitted, and marks those that differ', () => {
	const current = { name: '赣州磁材', notes: '', linkIds: ['l1', 'l2'], leading: false }
	const submitted = { name: '赣州磁材', notes: '下周回访', linkIds: ['l2', 'l1'], leading: true, version: '4' }
	expect(diffConflict(['name', 'notes', 'linkIds', 'leading', 'absent'], current, submitted)).toEqual([
		{ field: 'name', current: '赣州磁材', submitted: '赣州磁材', changed: false },
		{ field: 'notes', current: '', submitted: '下周回访', changed: true },
		{ field: 'linkIds', current: ['l1', 'l2'], submitted: ['l2', 'l1'], changed: false },
		{ field: 'leading', current: false, submitted: true, changed: true },
		// A field neither side has reads as blank on both.
		{ field: 'absent', current: '', submitted: '', changed: false },
	])
})

test('a company’s tags compare with their 认定 years: the same tag granted in another year differs', () => {
	const with2023 = companyConflictView({ ...EMPTY_COMPANY_FORM, tags: ['gaoxin'], tagYears: { ...EMPTY_COMPANY_FORM.tagYears, gaoxin: '2023' } })
	const with2024 = companyConflictView({ ...EMPTY_COMPANY_FORM, tags: ['gaoxin'], tagYears: { ...EMPTY_COMPANY_FORM.tagYears, gaoxin: '2024' } })
	expect(with2023.tags).toEqual(['gaoxin:2023'])
	expect(diffConflict(['tags', 'name'], with2023, with2024).map((d) => d.changed)).toEqual([true, false])
})

test('a delete is stale when the version moved and a shown value differs; not when it was changed back or is current', () => {
	const fields = ['name', 'unit']
	const stored = { version: 3, values: { name: '钕铁硼磁材', unit: '吨' } }
	expect(staleDelete(fields, stored, { version: 3, values: {} })).toBe(false)
	expect(staleDelete(fields, stored, { version: 2, values: { name: '钕铁硼磁材', unit: '万吨' } })).toBe(true)
	expect(staleDelete(fields, stored, { version: 1, values: { name: ' 钕铁硼磁材 ', unit: '吨' } })).toBe(false)
	// A form that cannot say what it saw (an old page without a version or values) is stale.
	expect(staleDelete(fields, stored, { version: null, values: {} })).toBe(true)
	// What the delete takes with it moves no version: a count that grew is stale at any version.
	const link = { version: 3, values: { name: '钕铁硼磁材', unit: '吨', edges: '2' } }
	expect(staleDelete(fields, link, { version: 3, values: { ...link.values, edges: '1' } }, ['edges'])).toBe(true)
	expect(staleDelete(fields, link, { version: 3, values: link.values }, ['edges'])).toBe(false)
})
