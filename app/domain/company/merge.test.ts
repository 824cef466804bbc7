import { expect, test } from 'vitest'
import { deleteCompanyFormSchema, type MergeableCompany, mergedCompany, mergeFormSchema, splitFigures } from './merge'

const company = (values: Partial<MergeableCompany>): MergeableCompany => ({
	name: '',
	uscc: null,
	regionId: null,
	revenueCNY: null,
	registeredCapitalCNY: null,
	employees: null,
	industry: null,
	contactName: null,
	contactPhone: null,
	address: null,
	description: null,
	source: null,
	aliases: [],
	tags: [],
	...values,
})

test('the kept company keeps its values, takes the blanks from the removed one, and gains its name as 曾用名', () => {
	const kept = company({
		name: '赣州恒源科技有限公司',
		contactName: '王经理',
		revenueCNY: 5,
		aliases: [{ kind: 'short', name: '恒源' }],
		tags: [{ tag: 'gaoxin', grantedYear: 2022 }],
	})
	const removed = company({
		name: '赣州恒源科技股份有限公司',
		uscc: '91360721MA35HY0X1X',
		contactName: '李经理',
		contactPhone: '0797-1234567',
		aliases: [
			{ kind: 'short', name: '恒源科技' },
			{ kind: 'former', name: '恒源稀土' },
		],
		tags: [
			{ tag: 'gaoxin', grantedYear: 2020 },
			{ tag: 'zhuanjingtexin', grantedYear: 2023 },
		],
	})
	const merged = mergedCompany(kept, removed)
	expect(merged.filled).toEqual(['uscc', 'contactPhone'])
	expect(merged.fields).toMatchObject({ uscc: '91360721MA35HY0X1X', contactName: '王经理', contactPhone: '0797-1234567', revenueCNY: 5 })
	expect(merged.newAliases).toEqual([
		{ kind: 'former', name: '赣州恒源科技股份有限公司' },
		{ kind: 'former', name: '恒源科技' },
		{ kind: 'former', name: '恒源稀土' },
	])
	expect(merged.aliases).toHaveLength(4)
	// A tag both hold keeps the kept company's year; tags come in the app's order.
	expect(merged.newTags).toEqual([{ tag: 'zhuanjingtexin', grantedYear: 2023 }])
	expect(merged.tags).toEqual([
		{ tag: 'zhuanjingtexin', grantedYear: 2023 },
		{ tag: 'gaoxin', grantedYear: 2022 },
	])
})

test('the removed 简称 stays a 简称 when the kept company has none; nothing is added twice', () => {
	const merged = mergedCompany(
		company({ name: '甲', aliases: [{ kind: 'former', name: '乙' }] }),
		company({
			name: '乙',
			aliases: [
				{ kind: 'short', name: '甲' },
				{ kind: 'short', name: '丙' },
			],
		}),
	)
	expect(merged.newAliases).toEqual([{ kind: 'short', name: '丙' }])
})

test('figures at a link and year the kept company has are dropped, the others move', () => {
	const kept = [
		{ id: 'k1', linkId: 'l1', year: 2025 },
		{ id: 'k2', linkId: 'l2', year: null },
	]
	const removed = [
		{ id: 'r1', linkId: 'l1', year: 2025 },
		{ id: 'r2', linkId: 'l1', year: 2024 },
		{ id: 'r3', linkId: 'l2', year: null },
	]
	expect(splitFigures(kept, removed)).toEqual({ moved: [removed[1]], dropped: [removed[0], removed[2]] })
})

test('the forms: two different companies; a delete needs a reason', () => {
	expect(mergeFormSchema.safeParse({ keptId: 'a', removedId: 'a', keptVersion: '1', removedVersion: '1' }).success).toBe(false)
	expect(mergeFormSchema.parse({ keptId: 'a', removedId: 'b', keptVersion: '3', removedVersion: 'x' })).toEqual({
		keptId: 'a',
		removedId: 'b',
		keptVersion: 3,
		removedVersion: null,
		closedReason: null,
	})
	expect(deleteCompanyFormSchema.safeParse({ reason: '  ', version: '1' }).error?.issues[0]?.message).toBe('companyMerge.errors.reasonRequired')
})
