import { z } from 'zod'
import { type ConflictView, versionField } from '~/domain/concurrency/conflict'
import { formatMoneyInput, type MoneyError, parseMoneyToCNY } from '~/domain/money'
import { correctionReasonField } from '~/domain/report/closed-periods'
import { COMPANY_TAGS } from '~/domain/seed/seed-files'
import { userText } from '~/domain/text/text-field'
import { optionalText as optionalTextField, parseDecimal } from '~/utils/forms'
import { todayInChina } from '~/utils/today'
import { usccSchema } from './uscc'

/**
 * The company create/edit form (/companies/new, /companies/:id/edit): one schema
 * for react-hook-form on the client and the action on the server. Inputs are form
 * strings; outputs are the values to store (blank → null, 万元 → integer CNY).
 * Messages are i18n keys, translated where shown.
 */

const V = 'companyDb.validation'

type CompanyTag = (typeof COMPANY_TAGS)[number]

export const COMPANY_KINDS = ['enterprise', 'institution'] as const

const MAX_EMPLOYEES = 10_000_000
const MAX_FORMER_NAMES = 20

const optionalText = (max: number) => optionalTextField(max, { tooLong: `${V}.tooLong` })

const MONEY_MESSAGES: Record<MoneyError, string> = {
	notANumber: `${V}.moneyNotANumber`,
	tooManyDecimals: `${V}.moneyTooManyDecimals`,
	negative: `${V}.moneyNegative`,
	tooLarge: `${V}.moneyTooLarge`,
}

/** An amount typed in 万元 → integer CNY; blank → null. */
const moneyWan = userText().transform((raw, ctx) => {
	const parsed = parseMoneyToCNY(raw, 'wan')
	if (parsed.ok) return parsed.cny
	ctx.addIssue({ code: 'custom', message: MONEY_MESSAGES[parsed.error] })
	return z.NEVER
})

/** 曾用名 typed as one text: separated by commas (, ，), 、 or new lines; blanks and repeats dropped. */
export function splitNames(raw: string) {
	return [
		...new Set(
			raw
				.split(/[,，、\n]/)
				.map((name) => name.trim())
				.filter(Boolean),
		),
	]
}

/** Digits, spaces, + and -; 5–20 characters with at least 5 digits. */
export function isValidPhone(phone: string) {
	return /^[0-9 +-]{5,20}$/.test(phone) && (phone.match(/\d/g)?.length ?? 0) >= 5
}

/** The earliest 认定 year a tag can be recorded with; the latest is next year (notices come out ahead). */
const MIN_TAG_GRANTED_YEAR = 1980

/** A 认定 year written as four digits, from 1980 to next year; null otherwise. Shared by the form and imports. */
export function tagGrantedYearOf(raw: string): number | null {
	const year = Number(raw)
	const maxYear = Number(todayInChina().slice(0, 4)) + 1
	return /^\d{4}$/.test(raw) && year >= MIN_TAG_GRANTED_YEAR && year <= maxYear ? year : null
}

/** A tag's 认定 year typed as four digits; blank → null (unknown). */
const tagGrantedYear = userText()
	.trim()
	.transform((raw, ctx) => {
		if (!raw) return null
		const year = tagGrantedYearOf(raw)
		if (year !== null) return year
		ctx.addIssue({ code: 'custom', message: 'companies.tagYearInvalid' })
		return z.NEVER
	})

// Every input is a string (tags a list of strings, tagYears one string per tag) so
// that the form's values and a posted FormData have one shape; the choices are checked after.
const companyFormFields = z.object({
	name: userText('validation.required').trim().min(1, 'validation.required').max(100, `${V}.nameLength`),
	shortName: optionalText(100),
	formerNames: userText().transform((raw, ctx) => {
		const names = splitNames(raw)
		if (names.some((name) => name.length > 100)) ctx.addIssue({ code: 'custom', message: `${V}.tooLong` })
		if (names.length > MAX_FORMER_NAMES) ctx.addIssue({ code: 'custom', message: `${V}.tooManyNames` })
		return names
	}),
	uscc: usccSchema,
	kind: userText('validation.invalidChoice').pipe(z.enum(COMPANY_KINDS, 'validation.invalidChoice')),
	isLocal: userText('validation.invalidChoice')
		.pipe(z.enum(['1', '0'], 'validation.invalidChoice'))
		.transform((v) => v === '1'),
	regionId: userText()
		.trim()
		.transform((v) => (v ? v : null)),
	tags: z
		.array(userText())
		.pipe(z.array(z.enum(COMPANY_TAGS, 'validation.invalidChoice')))
		.transform((tags) => COMPANY_TAGS.filter((tag) => tags.includes(tag))),
	tagYears: z.record(z.enum(COMPANY_TAGS), tagGrantedYear),
	revenueWan: moneyWan,
	registeredCapitalWan: moneyWan,
	employees: userText().transform((raw, ctx) => {
		const parsed = parseDecimal(raw)
		if (parsed.ok && (parsed.value === null || (Number.isInteger(parsed.value) && parsed.value >= 0 && parsed.value <= MAX_EMPLOYEES))) {
			return parsed.value
		}
		ctx.addIssue({ code: 'custom', message: `${V}.employees` })
		return z.NEVER
	}),
	industry: optionalText(100),
	contactName: optionalText(50),
	contactPhone: userText()
		.trim()
		.transform((v) => (v ? v : null))
		.refine((v) => v === null || isValidPhone(v), `${V}.phone`),
	address: optionalText(200),
	description: optionalText(2000),
	source: optionalText(500),
	/** 更正原因: required by the server when the change alters issued reports (ADR 0011). */
	closedReason: correctionReasonField,
	/** The company's version when the edit form was opened (ADR 0015); blank on the new-company form. */
	version: versionField,
	/** "Save anyway": '1' when the user confirmed that the company is not one of the likely duplicates shown (#13 §6). */
	duplicateConfirmed: userText()
		.optional()
		.transform((v) => v === '1'),
})

export const companyFormSchema = companyFormFields
	// A year beside an unticked tag is refused rather than dropped: the user meant something by it.
	.superRefine(({ tags, tagYears }, ctx) => {
		for (const tag of COMPANY_TAGS) {
			if (tagYears[tag] !== null && !tags.includes(tag)) {
				ctx.addIssue({ code: 'custom', path: ['tagYears', tag], message: 'companies.tagYearWithoutTag' })
			}
		}
	})
	.transform(({ revenueWan, registeredCapitalWan, tags, tagYears, ...rest }) => ({
		...rest,
		tags: tags.map((tag) => ({ tag, grantedYear: tagYears[tag] })),
		revenueCNY: revenueWan,
		registeredCapitalCNY: registeredCapitalWan,
	}))

/** What the form holds: every field a string, tags a list of strings, tagYears a string per tag. */
export type CompanyFormValues = z.input<typeof companyFormFields>
/** What the model stores. */
export type CompanyFormData = z.output<typeof companyFormSchema>
export type CompanyFormField = keyof CompanyFormValues

type CompanyTextField = Exclude<CompanyFormField, 'tags' | 'tagYears'>
const COMPANY_TEXT_FIELDS = Object.keys(companyFormFields.shape).filter((field): field is CompanyTextField => field !== 'tags' && field !== 'tagYears')

/** The form input holding a tag's 认定 year (react-hook-form's name for `tagYears[tag]`). */
export const tagYearInputName = (tag: CompanyTag) => `tagYears.${tag}` as const

/** A posted form as form values (absent fields blank), to validate and, when refused, to show again. */
export function companyFormValues(formData: FormData): CompanyFormValues {
	const text = (name: string) => {
		const value = formData.get(name)
		return typeof value === 'string' ? value : ''
	}
	const values = Object.fromEntries(COMPANY_TEXT_FIELDS.map((field) => [field, text(field)])) as Pick<CompanyFormValues, CompanyTextField>
	return {
		...values,
		tags: formData.getAll('tags').filter((tag): tag is string => typeof tag === 'string'),
		tagYears: Object.fromEntries(COMPANY_TAGS.map((tag) => [tag, text(tagYearInputName(tag))])) as Record<CompanyTag, string>,
	}
}

/**
 * Field → i18n key of a refused form, the first issue of each field; a tag year's
 * key is its input's name, so the error shows beside that tag.
 */
export function companyFormErrors(error: z.ZodError) {
	const errors: Record<string, string> = {}
	for (const issue of error.issues) {
		const [field, tag] = issue.path
		const key = field === 'tagYears' && typeof tag === 'string' ? `tagYears.${tag}` : String(field ?? 'intent')
		errors[key] ??= issue.message
	}
	return errors
}

type StoredCompany = {
	version: number
	name: string
	uscc: string | null
	kind: string
	isLocal: boolean
	regionId: string | null
	revenueCNY: number | null
	registeredCapitalCNY: number | null
	employees: number | null
	industry: string | null
	contactName: string | null
	contactPhone: string | null
	address: string | null
	description: string | null
	source: string | null
	aliases: { kind: string; name: string }[]
	tags: { tag: string; grantedYear: number | null }[]
}

const wanText = (cny: number | null) => (cny === null ? '' : formatMoneyInput(cny, 'wan'))

/** A stored company as form values, for the edit form. */
export function toCompanyFormValues(company: StoredCompany): CompanyFormValues {
	return {
		name: company.name,
		shortName: company.aliases.find((a) => a.kind === 'short')?.name ?? '',
		formerNames: company.aliases
			.filter((a) => a.kind === 'former')
			.map((a) => a.name)
			.join('、'),
		uscc: company.uscc ?? '',
		kind: company.kind,
		isLocal: company.isLocal ? '1' : '0',
		regionId: company.regionId ?? '',
		tags: COMPANY_TAGS.filter((tag) => company.tags.some((t) => t.tag === tag)),
		tagYears: Object.fromEntries(
			COMPANY_TAGS.map((tag) => {
				const year = company.tags.find((t) => t.tag === tag)?.grantedYear
				return [tag, year == null ? '' : String(year)]
			}),
		) as Record<CompanyTag, string>,
		revenueWan: wanText(company.revenueCNY),
		registeredCapitalWan: wanText(company.registeredCapitalCNY),
		employees: company.employees === null ? '' : String(company.employees),
		industry: company.industry ?? '',
		contactName: company.contactName ?? '',
		contactPhone: company.contactPhone ?? '',
		address: company.address ?? '',
		description: company.description ?? '',
		source: company.source ?? '',
		closedReason: '',
		version: String(company.version),
		duplicateConfirmed: '',
	}
}

/** The fields a stale save compares (ADR 0015), in the form's order; a tag and its 认定 year are one value. */
export const COMPANY_CONFLICT_FIELDS = [
	'name',
	'shortName',
	'formerNames',
	'uscc',
	'kind',
	'isLocal',
	'regionId',
	'tags',
	'revenueWan',
	'registeredCapitalWan',
	'employees',
	'industry',
	'contactName',
	'contactPhone',
	'address',
	'description',
	'source',
] as const satisfies readonly CompanyFormField[]

/** Form values as the conflict comparison reads them: tags as "tag:year" (year blank when unknown). */
export function companyConflictView({ tags, tagYears, ...text }: CompanyFormValues): ConflictView {
	return { ...text, tags: tags.map((tag) => `${tag}:${tagYears[tag as CompanyTag] ?? ''}`) }
}

export const EMPTY_COMPANY_FORM: CompanyFormValues = {
	name: '',
	shortName: '',
	formerNames: '',
	uscc: '',
	kind: 'enterprise',
	isLocal: '1',
	regionId: '',
	tags: [],
	tagYears: Object.fromEntries(COMPANY_TAGS.map((tag) => [tag, ''])) as Record<CompanyTag, string>,
	revenueWan: '',
	registeredCapitalWan: '',
	employees: '',
	industry: '',
	contactName: '',
	contactPhone: '',
	address: '',
	description: '',
	source: '',
	closedReason: '',
	version: '',
	duplicateConfirmed: '',
}

/** A posted company form read and checked: its values (to show again) and the parsed data, or the field → i18n key errors. */
export function parseCompanyForm(formData: FormData) {
	const values = companyFormValues(formData)
	const parsed = companyFormSchema.safeParse(values)
	return parsed.success ? { values, data: parsed.data, errors: null } : { values, data: null, errors: companyFormErrors(parsed.error) }
}
