import { expect, test } from 'vitest'
import { exportFilename, parseExportFile, pickColumns } from './table-export'

test('an export file name names a known list and format, nothing else', () => {
	expect(parseExportFile('leads.csv')).toEqual({ list: 'leads', format: 'csv' })
	expect(parseExportFile('companies.xlsx')).toEqual({ list: 'companies', format: 'xlsx' })
	expect(parseExportFile('users.csv')).toBeNull()
	expect(parseExportFile('leads.pdf')).toBeNull()
	expect(parseExportFile('../leads.csv')).toBeNull()
})

test('chosen columns come in the chosen order; unknown keys are ignored; none chosen means all', () => {
	const all = ['a', 'b', 'c'].map((key) => ({ key, header: key.toUpperCase(), value: () => key }))
	expect(pickColumns(all, ['c', 'a', 'zz', 'c']).map((c) => c.key)).toEqual(['c', 'a'])
	expect(pickColumns(all, []).map((c) => c.key)).toEqual(['a', 'b', 'c'])
	expect(pickColumns(all, ['zz']).map((c) => c.key)).toEqual(['a', 'b', 'c'])
})

test('the file name carries the list and the date', () => {
	expect(exportFilename('leads', 'xlsx', new Date('2026-11-25T09:00:00Z'))).toBe('leads-2026-11-25.xlsx')
})
