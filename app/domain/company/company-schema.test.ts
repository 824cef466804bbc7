import { afterEach, describe, expect, test, vi } from 'vitest'
import {
	companyFormErrors,
	companyFormSchema,
	type CompanyFormValues,
	companyFormValues,
	EMPTY_COMPANY_FORM,
	isValidPhone,
	splitNames,
	toCompanyFormValues,
} from './company-schema'
import { usccCheckChar } from './uscc'

const BODY = '91360721MA35BBBBB'
const USCC = BODY + usccCheckChar(BODY)

const parse = (overrides: Partial<CompanyFormValues>) => companyFormSchema.safeParse({ ...EMPTY_COMPANY_FORM, name: '赣州测试磁材有限公司', ...overrides })

/** The i18n message key of the first problem with `field`, or null when the field is fine. */
function errorOf(overrides: Partial<CompanyFormValues>, field: keyof CompanyFormValues) {
	const result = parse(overrides)
	return result.error?.issues.find((issue) => issue.path[0] === field)?.message ?? null
}

test('a minimal company parses with blanks as null and 本地 as a boolean', () => {
	const result = parse({})
	expect(result.success).toBe(true)
	expect(result.data).toMatchObject({
		name: '赣州测试磁材有限公司',
		shortName: null,
		formerNames: [],
		uscc: null,
		kind: 'enterprise',
		isLocal: true,
		regionId: null,
		tags: [],
		revenueCNY: null,
		registeredCapitalCNY: null,
		employees: null,
		contactPhone: null,
	})
})

test('the name is required and at most 100 characters', () => {
	expect(errorOf({ name: '   ' }, 'name')).toBe('validation.required')
	expect(errorOf({ name: '企'.repeat(101) }, 'name')).toBe('companyDb.validation.nameLength')
	expect(errorOf({ name: '企'.repeat(100) }, 'name')).toBeNull()
})

test('a USCC with a wrong check digit is refused; a valid one is normalised', () => {
	const wrong = BODY + (USCC.endsWith('0') ? '1' : '0')
	expect(errorOf({ uscc: wrong }, 'uscc')).toBe('validation.invalidUscc')
	expect(errorOf({ uscc: '12345' }, 'uscc')).toBe('validation.invalidUscc')
	expect(parse({ uscc: ` ${USCC.toLowerCase()} ` }).data?.uscc).toBe(USCC)
})

test('revenue and registered capital typed in 万元 are stored as integer CNY', () => {
	const result = parse({ revenueWan: '1500', registeredCapitalWan: '0.5' })
	expect(result.data?.revenueCNY).toBe(15_000_000)
	expect(result.data?.registeredCapitalCNY).toBe(5_000)
	expect(parse({ revenueWan: '1234.5678' }).data?.revenueCNY).toBe(12_345_678)
	expect(parse({ revenueWan: '12,000' }).data?.revenueCNY).toBe(120_000_000)
	expect(parse({ revenueWan: '１５００' }).data?.revenueCNY).toBe(15_000_000)
	expect(parse({ revenueWan: '0' }).data?.revenueCNY).toBe(0)
})

test('negative, non-numeric and absurd amounts are refused with a clear message', () => {
	expect(errorOf({ revenueWan: '-5' }, 'revenueWan')).toBe('companyDb.validation.moneyNegative')
	expect(errorOf({ revenueWan: 'abc' }, 'revenueWan')).toBe('companyDb.validation.moneyNotANumber')
	expect(errorOf({ registeredCapitalWan: '1e5' }, 'registeredCapitalWan')).toBe('companyDb.validation.moneyNotANumber')
	expect(errorOf({ registeredCapitalWan: '1.2.3' }, 'registeredCapitalWan')).toBe('companyDb.validation.moneyNotANumber')
	expect(errorOf({ revenueWan: '9'.repeat(20) }, 'revenueWan')).toBe('companyDb.validation.moneyTooLarge')
})

test('phone numbers: digits, spaces, + and -, 5–20 characters', () => {
	for (const ok of ['0797-1234567', '+86 797 123 4567', '13800138000', '12345']) expect(isValidPhone(ok)).toBe(true)
	for (const bad of ['1234', '0797-123456789012345678', '0797(123)4567', 'call me', '-----', '+86 abc 1234']) {
		expect(isValidPhone(bad)).toBe(false)
	}
	expect(errorOf({ contactPhone: '0797-ABC' }, 'contactPhone')).toBe('companyDb.validation.phone')
	expect(parse({ contactPhone: ' 0797-8123456 ' }).data?.contactPhone).toBe('0797-8123456')
})

test('former names split on commas and 、, blanks and repeats dropped', () => {
	expect(splitNames('甲公司、乙公司, 丙公司，甲公司,, ')).toEqual(['甲公司', '乙公司', '丙公司'])
	expect(parse({ formerNames: '赣州旧名一、赣州旧名二' }).data?.formerNames).toEqual(['赣州旧名一', '赣州旧名二'])
	expect(errorOf({ formerNames: Array.from({ length: 21 }, (_, i) => `名${i}`).join('、') }, 'formerNames')).toBe('companyDb.validation.tooManyNames')
})

test('employees must be a whole number; tags and choices must be known', () => {
	expect(parse({ employees: '320' }).data?.employees).toBe(320)
	expect(errorOf({ employees: '3.5' }, 'employees')).toBe('companyDb.validation.employees')
	expect(errorOf({ employees: '-1' }, 'employees')).toBe('companyDb.validation.employees')
	expect(parse({ tags: ['lianzhu', 'gaoxin', 'gaoxin'] }).data?.tags).toEqual([
		{ tag: 'gaoxin', grantedYear: null },
		{ tag: 'lianzhu', grantedYear: null },
	])
	expect(errorOf({ tags: ['gaoxin', 'fake'] }, 'tags')).toBe('validation.invalidChoice')
	expect(errorOf({ kind: 'bank' }, 'kind')).toBe('validation.invalidChoice')
	expect(errorOf({ isLocal: 'yes' }, 'isLocal')).toBe('validation.invalidChoice')
})

test('a posted form reads every field (absent ones blank) and all checked tags', () => {
	const form = new FormData()
	form.set('name', '甲')
	form.append('tags', 'gaoxin')
	form.append('tags', 'lianzhu')
	form.set('tagYears.gaoxin', '2024')
	form.set('unrelated', 'x')
	const values = companyFormValues(form)
	expect(values).toEqual({
		...EMPTY_COMPANY_FORM,
		kind: '',
		isLocal: '',
		name: '甲',
		tags: ['gaoxin', 'lianzhu'],
		tagYears: { ...EMPTY_COMPANY_FORM.tagYears, gaoxin: '2024' },
	})
	expect(errorOf(values, 'kind')).toBe('validation.invalidChoice')
})

test('a stored company becomes form values that parse back to the same facts', () => {
	const values = toCompanyFormValues({
		version: 7,
		name: '江西测试稀土有限公司',
		uscc: USCC,
		kind: 'enterprise',
		isLocal: false,
		regionId: 'r1',
		revenueCNY: 1_234_567_800,
		registeredCapitalCNY: 5_000,
		employees: 12,
		industry: '稀土冶炼',
		contactName: '王经理',
		contactPhone: '0797-1234567',
		address: null,
		description: null,
		source: '走访',
		aliases: [
			{ kind: 'former', name: '旧名乙' },
			{ kind: 'short', name: '测试稀土' },
			{ kind: 'former', name: '旧名甲' },
		],
		tags: [
			{ tag: 'lianzhu', grantedYear: null },
			{ tag: 'gaoxin', grantedYear: 2023 },
		],
	})
	expect(values).toMatchObject({
		shortName: '测试稀土',
		formerNames: '旧名乙、旧名甲',
		revenueWan: '123456.78',
		registeredCapitalWan: '0.5',
		isLocal: '0',
		version: '7',
	})
	expect(companyFormSchema.parse(values)).toMatchObject({
		revenueCNY: 1_234_567_800,
		registeredCapitalCNY: 5_000,
		formerNames: ['旧名乙', '旧名甲'],
		isLocal: false,
		address: null,
		tags: [
			{ tag: 'gaoxin', grantedYear: 2023 },
			{ tag: 'lianzhu', grantedYear: null },
		],
		version: 7,
	})
})

describe('tag 认定 years', () => {
	afterEach(() => vi.useRealTimers())
	// In China it is 2026 (2026-01-01 07:00 there), so next year is 2027.
	const inChina2026 = () => vi.useFakeTimers({ toFake: ['Date'], now: new Date('2025-12-31T23:00:00Z') })
	const withYear = (tag: 'gaoxin' | 'lianzhu', year: string, tags: string[] = [tag]) =>
		parse({ tags, tagYears: { ...EMPTY_COMPANY_FORM.tagYears, [tag]: year } })
	const yearError = (result: ReturnType<typeof parse>) => (result.error ? companyFormErrors(result.error)['tagYears.gaoxin'] : undefined)

	test('a ticked tag keeps its four-digit year, blank is unknown', () => {
		inChina2026()
		expect(withYear('gaoxin', ' 2025 ').data?.tags).toEqual([{ tag: 'gaoxin', grantedYear: 2025 }])
		expect(withYear('gaoxin', '1980').data?.tags).toEqual([{ tag: 'gaoxin', grantedYear: 1980 }])
		expect(withYear('gaoxin', '2027').data?.tags).toEqual([{ tag: 'gaoxin', grantedYear: 2027 }])
		expect(withYear('gaoxin', '').data?.tags).toEqual([{ tag: 'gaoxin', grantedYear: null }])
	})

	test('a year outside 1980..next year or not four digits is refused beside its tag', () => {
		inChina2026()
		for (const bad of ['1979', '2028', '25', '02025', '2025.0', '二〇二五', '2025年']) {
			expect(yearError(withYear('gaoxin', bad)), bad).toBe('companies.tagYearInvalid')
		}
	})

	test('a year beside an unticked tag is refused, not silently dropped', () => {
		inChina2026()
		expect(yearError(withYear('gaoxin', '2025', ['lianzhu']))).toBe('companies.tagYearWithoutTag')
	})
})
