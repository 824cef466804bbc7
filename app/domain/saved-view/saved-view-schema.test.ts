import { expect, test } from 'vitest'
import { savedViewActionSchema, viewQuery } from './saved-view-schema'

test('a view stores the list query without "?" and without paging', () => {
	expect(viewQuery('?local=1&page=3&tag=gaoxin')).toBe('local=1&tag=gaoxin')
	expect(viewQuery('')).toBe('')
})

test('saving needs a known page and a name of 1–40 characters', () => {
	const ok = savedViewActionSchema.parse({ intent: 'save', page: 'companies', name: '  本地链主  ', query: 'local=1&page=2' })
	expect(ok).toEqual({ intent: 'save', page: 'companies', name: '本地链主', query: 'local=1' })
	const message = (input: Record<string, string>) => savedViewActionSchema.safeParse(input).error?.issues[0]?.message
	expect(message({ intent: 'save', page: 'companies', name: '   ', query: '' })).toBe('savedViews.errors.nameLength')
	expect(message({ intent: 'save', page: 'companies', name: '视'.repeat(41), query: '' })).toBe('savedViews.errors.nameLength')
	expect(message({ intent: 'save', page: 'chains', name: '甲', query: '' })).toBe('validation.invalidChoice')
	expect(message({ intent: 'save', page: 'companies', name: '甲', query: 'q='.repeat(1001) })).toBe('savedViews.errors.queryTooLong')
	expect(message({ intent: 'rename', id: 'x' })).toBe('errors.badRequest')
	expect(savedViewActionSchema.parse({ intent: 'delete', id: 'abc' })).toEqual({ intent: 'delete', id: 'abc' })
})
