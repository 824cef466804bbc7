import { z } from 'zod'
import { formatMoneyInput, parseMoneyToCNY } from '~/domain/money'
import { assessTarget, type TargetConfidence, valueProblem } from '~/domain/policy/confidence'
import { splitUnitNames } from '~/domain/policy/document'
import { normalizeQuantity } from '~/domain/policy/numbers'
import {
	EXTRACTION_NOTES,
	type ExtractedTarget,
	extractedTargetSchema,
	type ExtractionNote,
	TARGET_OPS,
	TARGET_PERIODS,
	type TargetSource,
	targetSourceSchema,
	type TargetStage,
} from '~/domain/policy/target'
import { PROJECT_TYPES } from '~/domain/project/stages'
import { userText } from '~/domain/text/text-field'
import { optionalText as optionalTextField, parseDay, parseDecimal } from '~/utils/forms'
import { COUNT_STAGES, QUOTA_KINDS, type QuotaRules, quotaRulesSchema } from './rules'
import { type ChainForRules, companyRulesFor, projectRulesFor, resolveScope, suggestKind, sumRulesFor } from './suggest-rules'

/**
 * The review form of /quotas/import: the policy document and one card per
 * extracted target. Cards are plain form fields (`cards.<i>.<field>`) so the form
 * works without JavaScript; the same reader and parser check them in the
 * browser before posting and in the action before saving. Messages are i18n keys.
 */

const V = 'policyImport.validation'

/** Longest document text accepted, pasted or uploaded (a .txt file of this size). */
export const MAX_TEXT_BYTES = 5 * 1024 * 1024

// ---------- the document ----------

/** `regionId`: whose targets these are (ADR 0029), picked by a user over several regions; empty = the user's own. */
export type DocumentValues = { title: string; docNumber: string; issuer: string; issuedDate: string; regionId: string; text: string }
export const DOCUMENT_FIELDS = ['title', 'docNumber', 'issuer', 'issuedDate', 'regionId', 'text'] as const satisfies readonly (keyof DocumentValues)[]

const optionalText = (max: number) => optionalTextField(max, { tooLong: `${V}.tooLong` })

/** Browsers post textarea line breaks as CRLF; offsets of targets are counted on LF text. */
const normalizeLineBreaks = (text: string) => text.replace(/\r\n?/g, '\n')

export const policyDocumentSchema = z.object({
	title: userText().trim().min(1, 'validation.required').max(200, `${V}.tooLong`),
	docNumber: optionalText(100),
	issuer: optionalText(100),
	issuedDate: userText().transform((raw, ctx) => {
		if (raw.trim() === '') return null
		const day = parseDay(raw)
		if (day) return day
		ctx.addIssue({ code: 'custom', message: `${V}.date` })
		return z.NEVER
	}),
	// A region id; whether it lies in the user's scope is the server's question.
	regionId: userText()
		.max(64, 'validation.invalidChoice')
		.transform((v) => v || null),
	text: userText()
		.transform(normalizeLineBreaks)
		.refine((text) => text.trim() !== '', `${V}.textRequired`)
		.refine((text) => new TextEncoder().encode(text).byteLength <= MAX_TEXT_BYTES, `${V}.textTooLong`),
})
export type PolicyDocumentData = z.output<typeof policyDocumentSchema>

// ---------- one card ----------

const MONEY_INPUT_UNITS = ['yi', 'wan'] as const
type MoneyInputUnit = (typeof MONEY_INPUT_UNITS)[number]

/** What a review card holds: inputs as typed (any strings: the parser decides), toggles as booleans, picks as lists. */
export type ReviewCardValues = {
	accepted: boolean
	excerpt: string
	start: string
	end: string
	section: string
	metric: string
	op: string
	value: string
	valueMax: string
	unit: string
	period: string
	startYear: string
	endYear: string
	minInvestment: string
	minInvestmentUnit: string
	categories: string
	projectTypes: string[]
	responsibleUnits: string
	kind: string
	// Counting rule fields; only those of the chosen kind are read.
	countStage: string
	measure: string
	clusterLeadingOnly: boolean
	anyTag: string[]
	minRevenueYi: string
	newInYear: boolean
	figure: string
	/** `chain:<slug>` for a whole chain, `link:<slug>:<key>` for one link. */
	scope: string[]
	/** Every place the target is stated, as JSON (TargetSource[]); '' or '[]' for one place. Carried, not edited. */
	sources: string
	/** A staged target's values, "2025：40；2026：45" (formatStages); '' for one value. */
	stages: string
	/** The member word of a per-member target (园区, 乡镇); '' for a total. */
	members: string
	/** The extractor's notes on how it read the target, comma-separated. Carried, not edited. */
	notes: string
}

const TEXT_FIELDS = [
	'excerpt',
	'start',
	'end',
	'section',
	'metric',
	'op',
	'value',
	'valueMax',
	'unit',
	'period',
	'startYear',
	'endYear',
	'minInvestment',
	'minInvestmentUnit',
	'categories',
	'responsibleUnits',
	'kind',
	'countStage',
	'measure',
	'minRevenueYi',
	'figure',
	'sources',
	'stages',
	'members',
	'notes',
] as const satisfies readonly (keyof ReviewCardValues)[]
const LIST_FIELDS = ['projectTypes', 'anyTag', 'scope'] as const satisfies readonly (keyof ReviewCardValues)[]
const TOGGLE_FIELDS = ['accepted', 'clusterLeadingOnly', 'newInYear'] as const satisfies readonly (keyof ReviewCardValues)[]

/** The name of a card's field in the form. */
export const cardField = (index: number, field: keyof ReviewCardValues) => `cards.${index}.${field}`

/** Money in the bigger unit that keeps it exact and short: 5 亿元 rather than 50000 万元. */
function moneyInput(cny: number | null | undefined): { amount: string; unit: MoneyInputUnit } {
	if (cny === null || cny === undefined) return { amount: '', unit: 'yi' }
	const unit = cny % 1_000_000 === 0 && cny >= 10_000_000 ? 'yi' : 'wan'
	return { amount: formatMoneyInput(cny, unit), unit }
}

export const scopeLink = (chainSlug: string, key: string) => `link:${chainSlug}:${key}`
export const scopeChain = (chainSlug: string) => `chain:${chainSlug}`

/** The suggested chains and links as scope picks: a chain's links when some were found, else the whole chain. */
function scopeValues(target: ExtractedTarget, chains: ChainForRules[]) {
	const { chainSlugs, linkKeys } = resolveScope(target, chains)
	return chains
		.filter((chain) => chainSlugs.includes(chain.slug))
		.flatMap((chain) => {
			const links = chain.links.filter((link) => linkKeys.includes(link.key))
			return links.length > 0 ? links.map((link) => scopeLink(chain.slug, link.key)) : [scopeChain(chain.slug)]
		})
}

/**
 * A card for an extracted target: accepted, with the suggested kind and, for
 * every kind, the rule that fits best (so switching kind at review starts from a
 * sensible rule).
 */
export function cardFromTarget(target: ExtractedTarget, chains: ChainForRules[]): ReviewCardValues {
	const text = (n: number | null) => (n === null ? '' : String(n))
	const projects = projectRulesFor(target, chains)
	const companies = companyRulesFor(target, chains)
	const investment = moneyInput(target.filters.minInvestmentCNY)
	return {
		accepted: true,
		excerpt: target.excerpt,
		start: String(target.start),
		end: String(target.end),
		section: target.section ?? '',
		metric: target.metric,
		op: target.op,
		value: String(target.value),
		valueMax: text(target.valueMax),
		unit: target.unit,
		period: target.period,
		startYear: text(target.startYear),
		endYear: text(target.endYear),
		minInvestment: investment.amount,
		minInvestmentUnit: investment.unit,
		categories: (target.filters.categories ?? []).join('、'),
		projectTypes: target.filters.projectTypes ?? [],
		responsibleUnits: target.responsibleUnits.join('、'),
		kind: suggestKind(target),
		countStage: projects.countStage,
		measure: projects.measure,
		clusterLeadingOnly: projects.clusterLeadingOnly,
		anyTag: companies.anyTag,
		minRevenueYi: companies.minRevenueCNY === null ? '' : formatMoneyInput(companies.minRevenueCNY, 'yi'),
		newInYear: companies.newInYear,
		figure: sumRulesFor(target, chains).figure,
		scope: scopeValues(target, chains),
		sources: target.sources.length > 0 ? JSON.stringify(target.sources) : '',
		stages: formatStages(target.stages),
		members: target.members ?? '',
		notes: target.notes.join(','),
	}
}

// ---------- staged values, sources, confidence ----------

/** A staged target's values as the card shows them: 2025：40；2026：45；2027：50 (a range as 2-3). */
export function formatStages(stages: TargetStage[]) {
	return stages.map((s) => `${s.year}：${s.value}${s.valueMax === null ? '' : `-${s.valueMax}`}`).join('；')
}

const STAGE = /^(\d{4})\s*年?\s*[:：=]?\s*(-?\d+(?:\.\d+)?)(?:\s*[-~～至]\s*(\d+(?:\.\d+)?))?$/

/** "2025：40；2026：45" as stages, years ascending; null when a part is not a year and a value, or a year repeats. */
export function parseStages(text: string): TargetStage[] | null {
	const parts = text
		.split(/[；;，,、\n]+/)
		.map((p) => p.trim())
		.filter(Boolean)
	const stages: TargetStage[] = []
	for (const part of parts) {
		const m = STAGE.exec(part)
		if (!m) return null
		stages.push({ year: Number(m[1]), value: Number(m[2]), valueMax: m[3] === undefined ? null : Number(m[3]) })
	}
	stages.sort((a, b) => a.year - b.year)
	if (stages.some((s, i) => i > 0 && s.year === stages[i - 1]!.year)) return null
	return stages
}

/** The sources a card carries; [] when none or unreadable (they only cite, they never change what is counted). */
export function readSources(text: string): TargetSource[] {
	if (!text.trim()) return []
	try {
		const parsed = z.array(targetSourceSchema).max(20).safeParse(JSON.parse(text))
		return parsed.success ? parsed.data : []
	} catch {
		return []
	}
}

function readNotes(text: string): ExtractionNote[] {
	return text.split(',').filter((n): n is ExtractionNote => (EXTRACTION_NOTES as readonly string[]).includes(n))
}

/** A card's confidence, from its values as they stand (a corrected value is no longer doubted) and the extractor's notes. */
export function cardConfidence(card: ReviewCardValues): TargetConfidence {
	const number = (text: string) => {
		const parsed = parseDecimal(text)
		return parsed.ok ? parsed.value : null
	}
	return assessTarget({
		metric: card.metric.trim(),
		value: number(card.value),
		valueMax: card.op === 'range' ? number(card.valueMax) : null,
		unit: card.unit.trim(),
		op: card.op,
		period: card.period,
		endYear: /^\d{4}$/.test(card.endYear.trim()) ? Number(card.endYear.trim()) : null,
		stages: parseStages(card.stages) ?? [],
		responsibleUnits: splitUnitNames(card.responsibleUnits),
		members: card.members.trim() || null,
		notes: readNotes(card.notes),
	})
}

/** Reads the document fields and every card of a posted review form. */
export function readReviewForm(formData: FormData): { document: DocumentValues; cards: ReviewCardValues[] } {
	const text = (name: string) => {
		const value = formData.get(name)
		return typeof value === 'string' ? value : ''
	}
	const document = Object.fromEntries(DOCUMENT_FIELDS.map((name) => [name, text(name)])) as DocumentValues
	const count = Math.min(Number.parseInt(text('cardCount'), 10) || 0, 1000)
	const cards = Array.from({ length: count }, (_, i) => {
		const card = {} as Record<string, unknown>
		for (const field of TEXT_FIELDS) card[field] = text(cardField(i, field))
		for (const field of LIST_FIELDS) card[field] = formData.getAll(cardField(i, field)).filter((v) => typeof v === 'string')
		for (const field of TOGGLE_FIELDS) card[field] = formData.get(cardField(i, field)) !== null
		return card as ReviewCardValues
	})
	return { document, cards }
}

// ---------- parsing a card ----------

export type CardErrors = Partial<Record<keyof ReviewCardValues, string>>
export type ParsedCard = { ok: true; target: ExtractedTarget; rules: QuotaRules } | { ok: false; errors: CardErrors }

const YEAR = /^\d{4}$/

/** A zod issue of the shared schemas as the card field it belongs to and an i18n key. */
function issueToField(issue: z.core.$ZodIssue, fallback: keyof ReviewCardValues): [keyof ReviewCardValues, string] {
	const [first, second] = issue.path.map(String)
	const field = ((): keyof ReviewCardValues => {
		// The normalized value follows from value and unit; only an unknown unit can break it.
		if (first === 'normalized') return 'unit'
		if (first === 'filters') return second === 'minInvestmentCNY' ? 'minInvestment' : second === 'projectTypes' ? 'projectTypes' : 'categories'
		if (first === 'rules') {
			if (second === 'chainSlugs' || second === 'linkKeys') return 'scope'
			if (second === 'minRevenueCNY') return 'minRevenueYi'
			return (second ?? fallback) as keyof ReviewCardValues
		}
		return (first ?? fallback) as keyof ReviewCardValues
	})()
	if (issue.code === 'too_small' && issue.origin === 'string') return [field, 'validation.required']
	if (issue.code === 'too_big' && issue.origin === 'string') return [field, `${V}.tooLong`]
	if (field === 'startYear' || field === 'endYear') return [field, `${V}.year`]
	if (issue.code === 'invalid_value' || issue.code === 'invalid_union') return [field, 'validation.invalidChoice']
	return [field, `${V}.invalid`]
}

/** The figures of a target as typed: on a review card and on a saved quota's target form. */
export type TargetFigureValues = Pick<ReviewCardValues, 'op' | 'value' | 'valueMax' | 'unit' | 'period' | 'startYear' | 'endYear' | 'stages'>

/**
 * Reads a target's figures, reporting each problem on its field: numbers typed
 * as text, a range's bounds in order, years in order, and the sanity rules of
 * ADR 0042 (whole numbers of 家/个/项, percentages within 0–100) on the value and
 * on every year's value of a staged target.
 */
export function readTargetFigures(values: TargetFigureValues, fail: (field: keyof TargetFigureValues, key: string) => void) {
	const number = (field: 'value' | 'valueMax') => {
		const parsed = parseDecimal(values[field])
		if (!parsed.ok) fail(field, parsed.message)
		return parsed.ok ? parsed.value : null
	}
	const year = (field: 'startYear' | 'endYear') => {
		const text = values[field].trim()
		if (text === '') return null
		if (!YEAR.test(text)) fail(field, `${V}.year`)
		return YEAR.test(text) ? Number(text) : null
	}
	const value = number('value')
	if (value === null) fail('value', 'validation.required')
	const range = values.op === 'range'
	// An upper bound only means something for a range; one left over from a range is dropped.
	const valueMax = range ? number('valueMax') : null
	if (range && valueMax === null) fail('valueMax', `${V}.rangeMaxRequired`)
	if (range && value !== null && valueMax !== null && valueMax < value) fail('valueMax', `${V}.rangeInverted`)
	const startYear = year('startYear')
	const endYear = year('endYear')
	if (startYear !== null && endYear !== null && endYear < startYear) fail('endYear', `${V}.yearsInverted`)
	for (const field of ['value', 'valueMax'] as const) {
		const v = field === 'value' ? value : valueMax
		const problem = v === null ? null : valueProblem(v, values.unit.trim())
		if (problem) fail(field, `${V}.${problem}`)
	}
	const stages = parseStages(values.stages)
	if (stages === null) fail('stages', `${V}.stages`)
	else if (stages.length === 1) fail('stages', `${V}.stagesOne`)
	else {
		const problem = stages
			.map((s) => [s.value, s.valueMax].map((v) => (v === null ? null : valueProblem(v, values.unit.trim()))))
			.flat()
			.find(Boolean)
		if (problem) fail('stages', `${V}.${problem}`)
		if (stages.some((s) => s.valueMax !== null && s.valueMax < s.value)) fail('stages', `${V}.rangeInverted`)
		if (stages.length > 0 && values.period !== 'by_year') fail('stages', `${V}.stagesByYear`)
	}
	return { value, valueMax, startYear, endYear, stages }
}

/**
 * A card as the target and counting rule to save, checked by the shared
 * schemas (extractedTargetSchema, quotaRulesSchema) plus what they cannot see:
 * numbers typed as text, ranges in order, scope picks of existing chains.
 */
export function parseReviewCard(values: ReviewCardValues, chains: ChainForRules[]): ParsedCard {
	const errors: CardErrors = {}
	const fail = (field: keyof ReviewCardValues, key: string) => {
		errors[field] ??= key
	}
	const money = (field: 'minInvestment' | 'minRevenueYi', unit: MoneyInputUnit) => {
		const parsed = parseMoneyToCNY(values[field], unit)
		if (!parsed.ok) fail(field, `${V}.money.${parsed.error}`)
		return parsed.ok ? parsed.cny : null
	}

	const { value, valueMax, startYear, endYear, stages } = readTargetFigures(values, fail)
	const investmentUnit = (MONEY_INPUT_UNITS as readonly string[]).includes(values.minInvestmentUnit) ? (values.minInvestmentUnit as MoneyInputUnit) : null
	if (!investmentUnit) fail('minInvestment', 'validation.invalidChoice')
	const minInvestmentCNY = money('minInvestment', investmentUnit ?? 'yi')
	const categories = splitUnitNames(values.categories)
	const start = Number.parseInt(values.start, 10)
	const end = Number.parseInt(values.end, 10)

	const target = extractedTargetSchema.safeParse({
		excerpt: values.excerpt,
		start: Number.isInteger(start) ? start : -1,
		end: Number.isInteger(end) ? end : -1,
		metric: values.metric,
		op: values.op,
		value: value ?? 0,
		valueMax,
		unit: values.unit,
		normalized: normalizeQuantity(value ?? 0, values.unit),
		period: values.period,
		startYear,
		endYear,
		filters: {
			...(minInvestmentCNY === null ? {} : { minInvestmentCNY }),
			...(categories.length > 0 ? { categories } : {}),
			...(values.projectTypes.length > 0 ? { projectTypes: values.projectTypes } : {}),
		},
		responsibleUnits: splitUnitNames(values.responsibleUnits),
		section: values.section.trim() || null,
		sources: readSources(values.sources),
		stages: stages ?? [],
		members: values.members.trim() || null,
		notes: readNotes(values.notes),
	})
	if (!target.success) for (const issue of target.error.issues) fail(...issueToField(issue, 'metric'))

	const scope = readScope(values.scope, chains)
	if (!scope && values.kind !== 'manual') fail('scope', 'validation.invalidChoice')
	const rules = quotaRulesSchema.safeParse({ kind: values.kind, rules: rulesInput(values, target.data, scope, money) })
	if (!rules.success) for (const issue of rules.error.issues) fail(...issueToField(issue, 'kind'))

	if (!target.success || !rules.success || Object.keys(errors).length > 0) return { ok: false, errors }
	return { ok: true, target: target.data, rules: rules.data }
}

/** Scope picks as chain slugs and link keys; null when one names no chain or link we have. */
function readScope(picks: string[], chains: ChainForRules[]) {
	const chainSlugs: string[] = []
	const linkKeys: string[] = []
	for (const pick of picks) {
		const [type, slug, key] = pick.split(':')
		const chain = chains.find((c) => c.slug === slug)
		if (!chain || (type !== 'chain' && type !== 'link')) return null
		if (type === 'link' && !chain.links.some((link) => link.key === key)) return null
		if (!chainSlugs.includes(chain.slug)) chainSlugs.push(chain.slug)
		if (type === 'link' && key && !linkKeys.includes(key)) linkKeys.push(key)
	}
	return { chainSlugs, linkKeys }
}

/** The rule fields of the chosen kind; project filters come from the target, where the reviewer edits them. */
function rulesInput(
	values: ReviewCardValues,
	target: ExtractedTarget | undefined,
	scope: { chainSlugs: string[]; linkKeys: string[] } | null,
	money: (field: 'minRevenueYi', unit: MoneyInputUnit) => number | null,
) {
	const { chainSlugs = [], linkKeys = [] } = scope ?? {}
	switch (values.kind) {
		case 'projects':
			return {
				countStage: values.countStage,
				measure: values.measure,
				chainSlugs,
				linkKeys,
				categories: target?.filters.categories ?? [],
				minInvestmentCNY: target?.filters.minInvestmentCNY ?? null,
				projectTypes: target?.filters.projectTypes ?? [],
				clusterLeadingOnly: values.clusterLeadingOnly,
			}
		case 'companies_with_tag':
			return { anyTag: values.anyTag, minRevenueCNY: money('minRevenueYi', 'yi'), newInYear: values.newInYear, chainSlugs }
		case 'sum':
			return { figure: values.figure, chainSlugs, linkKeys }
		default:
			return {}
	}
}

/** Choices of the card's selects and checkbox groups. */
export const CARD_CHOICES = {
	op: TARGET_OPS,
	period: TARGET_PERIODS,
	kind: QUOTA_KINDS,
	countStage: COUNT_STAGES,
	measure: ['count', 'investment'],
	figure: ['output', 'capacity', 'revenue'],
	projectTypes: PROJECT_TYPES,
	minInvestmentUnit: MONEY_INPUT_UNITS,
} as const

// ---------- units ----------

/** A unit's name for matching: full-width forms folded, spaces and punctuation dropped (区工信局（牵头） ≈ 区工信局(牵头)). */
export function normalizeUnitName(name: string) {
	return name.normalize('NFKC').replace(/[\s\p{P}]/gu, '')
}

/**
 * The existing unit a responsible unit's name means: same name, else same
 * normalized name; null when none (a new unit is created on save). Names that
 * differ in words (区发改委 / 区发展改革委) are not guessed.
 */
export function matchUnit<T extends { name: string }>(name: string, units: T[]): T | null {
	const exact = units.find((unit) => unit.name === name)
	if (exact) return exact
	const normalized = normalizeUnitName(name)
	return units.find((unit) => normalizeUnitName(unit.name) === normalized) ?? null
}

// ---------- highlighting ----------

/**
 * Where a card's excerpt is in the text: its offsets when they still hold the
 * excerpt, else its first occurrence; null when the text does not contain it.
 */
export function locateExcerpt(text: string, card: Pick<ReviewCardValues, 'excerpt' | 'start' | 'end'>) {
	const start = Number.parseInt(card.start, 10)
	const end = Number.parseInt(card.end, 10)
	if (start >= 0 && end > start && text.slice(start, end) === card.excerpt) return { start, end }
	const found = card.excerpt ? text.indexOf(card.excerpt) : -1
	return found === -1 ? null : { start: found, end: found + card.excerpt.length }
}

export type TextSegment = {
	start: number
	end: number
	/** Indexes of the targets covering this piece of text (several when excerpts overlap). */
	targets: number[]
	/** Targets whose excerpt begins here. */
	starting: number[]
}

/** The text cut at every excerpt boundary, so overlapping excerpts highlight without nesting. */
export function highlightSegments(textLength: number, ranges: ({ start: number; end: number } | null)[]): TextSegment[] {
	const cuts = new Set([0, textLength])
	for (const range of ranges) if (range) cuts.add(range.start).add(range.end)
	const points = [...cuts].filter((p) => p >= 0 && p <= textLength).sort((a, b) => a - b)
	const segments: TextSegment[] = []
	for (let i = 0; i + 1 < points.length; i++) {
		const start = points[i]!
		const end = points[i + 1]!
		const covering = ranges.flatMap((range, index) => (range && range.start <= start && range.end >= end ? [index] : []))
		segments.push({ start, end, targets: covering, starting: covering.filter((index) => ranges[index]!.start === start) })
	}
	return segments
}
