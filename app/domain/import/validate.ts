import { z } from 'zod'
import { type Actor, type CountedCompanyFacts } from '~/domain/auth/record-access'
import { PLANNED_FIELDS, PLANNED_OUTPUT_MAX, PLANNED_YEAR_MAX, PLANNED_YEAR_MIN, type PlannedCapacity, type PlannedField } from '~/domain/capacity/planned'
import { tagGrantedYearOf } from '~/domain/company/company-schema'
import { isValidUscc, normalizeUscc, usccSchema } from '~/domain/company/uscc'
import { LEAD_PRIORITIES, LEAD_SOURCES } from '~/domain/lead/schemas'
import { LEAD_STAGES } from '~/domain/lead/stages'
import { type MoneyUnit } from '~/domain/money'
import { parseLandMu } from '~/domain/project/commitments'
import { countedFactsOf } from '~/domain/project/counted-facts'
import { PROJECT_STAGES, PROJECT_TYPES, stageDateProblems } from '~/domain/project/stages'
import {
	closedPeriodList,
	type ClosedReportWindow,
	reportsCountingFirmsOf,
	reportsHoldingRecordsOf,
	touchedCompanyReports,
	touchedReports,
} from '~/domain/report/closed-periods'
import { COMPANY_TAGS } from '~/domain/seed/seed-files'
import { hasNul } from '~/domain/text/text-field'
import { en } from '~/i18n/locales/en'
import { zhCN } from '~/i18n/locales/zh-CN'
import { type ExistingForAccess, importRowAccess } from './access'
import { type ColumnMapping, type ImportKind, REQUIRED_FIELDS } from './fields'
import { type Sheet } from './read-file'
import {
	choiceLookup,
	headerMoneyUnit,
	normalizeCompanyName,
	normalizeLabel,
	parseAmount,
	parseCount,
	parseImportDate,
	parseYesNo,
	splitList,
	toHalfWidth,
} from './values'

/**
 * Per-row validation and dedupe of an import, pure: the database side comes in
 * as ImportLookups. Messages are i18n keys under importer.errors / importer.file.
 */

const ROW_ACTIONS = ['create', 'update', 'skip'] as const
export const rowActionSchema = z.enum(ROW_ACTIONS)
export type RowAction = z.infer<typeof rowActionSchema>
const DUPLICATE_ACTIONS = ['skip', 'update'] as const
export const duplicateActionSchema = z.enum(DUPLICATE_ACTIONS)
export type DuplicateAction = z.infer<typeof duplicateActionSchema>

type Params = Record<string, string | number>
export type RowIssue = { column: string | null; level: 'error' | 'warning'; messageKey: string; params?: Params }

// ---------- lookups (what the database holds) ----------

export type CompanyRef = { id: string; name: string; uscc: string | null }
export type ExistingProject = {
	id: string
	title: string
	companyId: string
	stage: string
	type: string
	investmentCNY: bigint | number
	incrementCNY: bigint | number | null
	isClusterLeading: boolean
	negotiatingDate: Date | null
	signedDate: Date | null
	startedDate: Date | null
	producingDate: Date | null
	terminatedDate: Date | null
	ownerId: string | null
	responsibleUnitId: string | null
	linkIds: readonly string[]
	regionId: string | null
	commitStartBy?: Date | null
	commitProduceBy?: Date | null
} & Partial<PlannedCapacity>

/** An open lead, with who answers for it, and its planned capacity (an update row completes it). */
export type OpenLead = { id: string; ownerId: string; unitId: string | null } & Partial<PlannedCapacity>

export type ImportLookups = {
	companyByUscc: Map<string, CompanyRef>
	companyByName: Map<string, CompanyRef>
	companyByAlias: Map<string, CompanyRef>
	regions: Map<string, string>
	units: Map<string, string>
	users: Map<string, string>
	/** companyId → its open lead */
	openLeads: Map<string, OpenLead>
	/** projectKey(companyId, title) → project */
	projects: Map<string, ExistingProject>
	/** Issued reports: a row that would alter their figures is refused (ADR 0011), where they hold its record (ADR 0033). */
	closedReports: readonly ClosedReportWindow[]
	/** The region new leads and projects take: the importer's (ADR 0026). */
	newRecordRegionId: string | null
	/** companyId → its tags and revenue (what issued reports count) and its region, for company imports. */
	companyFacts: Map<string, CountedCompanyFacts & { regionId: string | null }>
	/** A chain link's name (zh or en) → the links of that name (more than one: the name is ambiguous). */
	chainLinks: Map<string, readonly string[]>
	/** The same for the links a record may plan capacity at: material links of the chains in the importer's reach (ADR 0040). */
	plannedLinks: Map<string, readonly string[]>
}

type LookupSource = {
	companies: ReadonlyArray<CompanyRef & { aliases: ReadonlyArray<{ name: string }> }>
	regions: ReadonlyArray<{ id: string; name: string; nameEn: string }>
	units: ReadonlyArray<{ id: string; name: string; nameEn: string }>
	users: ReadonlyArray<{ id: string; username: string; name: string }>
	openLeads: ReadonlyArray<OpenLead & { companyId: string }>
	projects: ReadonlyArray<ExistingProject>
	closedReports: readonly ClosedReportWindow[]
	newRecordRegionId: string | null
	/** Loaded for company imports only. */
	companyFacts?: ReadonlyArray<{
		id: string
		regionId: string | null
		tags: ReadonlyArray<{ tag: string; grantedYear: number | null }>
		revenueCNY: bigint | number | null
	}>
	/** Loaded for project imports only. */
	chainLinks?: ReadonlyArray<{ id: string; name: string; nameEn: string }>
	/** Loaded for lead and project imports: the links planned capacity may name. */
	plannedLinks?: ReadonlyArray<{ id: string; name: string; nameEn: string }>
}

const projectKey = (companyKey: string, title: string) => `${companyKey}|${normalizeCompanyName(title)}`

function linksByName(links: NonNullable<LookupSource['chainLinks']>) {
	const map = new Map<string, string[]>()
	for (const link of links) {
		for (const name of new Set([normalizeLabel(link.name), normalizeLabel(link.nameEn)])) {
			if (name) map.set(name, [...(map.get(name) ?? []), link.id])
		}
	}
	return map
}

/** Indexes rows read from the database; the first entry wins on a clash. */
export function buildLookups(source: LookupSource): ImportLookups {
	const index = <T>(entries: Iterable<[string, T]>) => {
		const map = new Map<string, T>()
		for (const [key, value] of entries) if (key && !map.has(key)) map.set(key, value)
		return map
	}
	const named = (rows: LookupSource['regions']) =>
		index(rows.flatMap((r) => [[normalizeLabel(r.name), r.id] as [string, string], [normalizeLabel(r.nameEn), r.id] as [string, string]]))
	return {
		companyByUscc: index(source.companies.flatMap((c) => (c.uscc ? [[c.uscc, c] as [string, CompanyRef]] : []))),
		companyByName: index(source.companies.map((c) => [normalizeCompanyName(c.name), c])),
		companyByAlias: index(source.companies.flatMap((c) => c.aliases.map((a) => [normalizeCompanyName(a.name), c] as [string, CompanyRef]))),
		regions: named(source.regions),
		units: named(source.units),
		users: index(source.users.flatMap((u) => [[u.username.toLowerCase(), u.id] as [string, string], [normalizeLabel(u.name), u.id] as [string, string]])),
		openLeads: index(
			source.openLeads.map((l) => [
				l.companyId,
				{
					id: l.id,
					ownerId: l.ownerId,
					unitId: l.unitId,
					plannedLinkId: l.plannedLinkId ?? null,
					plannedOutput: l.plannedOutput ?? null,
					plannedFromYear: l.plannedFromYear ?? null,
				},
			]),
		),
		projects: index(source.projects.map((p) => [projectKey(p.companyId, p.title), p])),
		closedReports: source.closedReports,
		newRecordRegionId: source.newRecordRegionId,
		companyFacts: new Map(
			(source.companyFacts ?? []).map((c) => [c.id, { tags: c.tags, revenueCNY: c.revenueCNY === null ? null : Number(c.revenueCNY), regionId: c.regionId }]),
		),
		chainLinks: linksByName(source.chainLinks ?? []),
		plannedLinks: linksByName(source.plannedLinks ?? []),
	}
}

/**
 * What the rows of a sheet can name an existing company by (after the user's
 * fixes): the name keys of the name, 简称 and company columns and the USCCs.
 * Validation only ever looks companies up by these, so the lookups need only
 * the companies that match one (`companyMatchesProbe`): what an import holds in
 * memory is bounded by its file, not by the size of the register.
 */
export type CompanyProbe = { names: ReadonlySet<string>; usccs: ReadonlySet<string> }

const PROBE_FIELDS: Record<ImportKind, { names: readonly string[]; usccs: readonly string[] }> = {
	companies: { names: ['name', 'shortName'], usccs: ['uscc'] },
	leads: { names: ['company'], usccs: ['companyUscc'] },
	projects: { names: ['company'], usccs: ['companyUscc'] },
}

export function companyProbe(
	kind: ImportKind,
	sheet: Pick<Sheet, 'headers' | 'rows'>,
	options: Pick<ValidationOptions, 'mapping' | 'overrides'>,
): CompanyProbe {
	const fields = PROBE_FIELDS[kind]
	const columns = sheet.headers.flatMap((header, index) => {
		const field = options.mapping[header]
		if (field && fields.usccs.includes(field)) return [{ header, index, uscc: true }]
		return field && fields.names.includes(field) ? [{ header, index, uscc: false }] : []
	})
	const names = new Set<string>()
	const usccs = new Set<string>()
	for (const row of sheet.rows) {
		const fixes = options.overrides[row.row]
		for (const column of columns) {
			const cell = (fixes?.[column.header] ?? row.cells[column.index] ?? '').trim()
			// A cell with U+0000 is refused by its row and never looked up (PostgreSQL's text cannot hold it).
			if (cell === '' || hasNul(cell)) continue
			// A company cell may hold a USCC instead of a name; both keys are kept, a superset is harmless.
			if (column.uscc || isValidUscc(cell)) usccs.add(normalizeUscc(cell))
			if (!column.uscc) names.add(normalizeCompanyName(cell))
		}
	}
	return { names, usccs }
}

export function companyMatchesProbe(probe: CompanyProbe, company: { name: string; uscc: string | null; aliases: ReadonlyArray<{ name: string }> }) {
	return (
		(company.uscc !== null && probe.usccs.has(company.uscc)) ||
		probe.names.has(normalizeCompanyName(company.name)) ||
		company.aliases.some((alias) => probe.names.has(normalizeCompanyName(alias.name)))
	)
}

// ---------- choices ----------

const TAGS = choiceLookup(COMPANY_TAGS, zhCN.tags, en.tags, {
	zhuanjingtexin: ['专精特新企业', '专精特新中小企业', '省级专精特新'],
	xiaojuren: ['专精特新小巨人', '国家级专精特新小巨人', '小巨人企业'],
	gaoxin: ['高新', '高企', '国家高新技术企业', '高新技术'],
	danxiangguanjun: ['制造业单项冠军', '单项冠军企业'],
	lianzhu: ['链主企业', '龙头企业'],
	guishang: ['规上企业', '规模以上', '规模以上企业'],
})
const LEAD_STAGE_CHOICES = choiceLookup(LEAD_STAGES, zhCN.leads.stages, en.leads.stages, {
	new: ['新建', '新'],
	contacted: ['接洽'],
	visited: ['拜访'],
	negotiating: ['洽谈', '在谈'],
	converted: ['已转化', '转项目'],
	dropped: ['放弃', '终止'],
})
const PRIORITY_CHOICES = choiceLookup(LEAD_PRIORITIES, zhCN.leads.priorities, en.leads.priorities, {
	high: ['高优先级', '重要'],
	medium: ['中优先级', '一般'],
	low: ['低优先级'],
})
const SOURCE_CHOICES = choiceLookup(LEAD_SOURCES, zhCN.leads.sources, en.leads.sources, {
	expo: ['展会招商', '会展'],
	agent: ['中介招商', '委托招商'],
	walk_in: ['上门招商', '主动上门'],
	chain_gap: ['补链招商', '产业链招商'],
})
const PROJECT_TYPE_CHOICES = choiceLookup(PROJECT_TYPES, zhCN.projects.types, en.projects.types, {
	new: ['新建项目'],
	expansion: ['扩建项目', '改扩建'],
	renovation: ['技改项目', '技术改造'],
	capital_increase: ['增资项目', '增资扩产'],
})
const PROJECT_STAGE_CHOICES = choiceLookup(PROJECT_STAGES, zhCN.projects.stages, en.projects.stages, {
	negotiating: ['在谈', '洽谈中'],
	signed: ['已签约'],
	started: ['已开工', '在建'],
	producing: ['已投产'],
	terminated: ['已终止'],
})

// ---------- cell schemas ----------

const E = 'importer.errors'

/** A cell as text; blank → undefined (an update leaves the field alone). */
const text = (max: number) =>
	z
		.string()
		.trim()
		.max(max, `${E}.tooLong`)
		.transform((v) => v || undefined)
		.optional()

const requiredText = (max: number) => z.string(`${E}.required`).trim().min(1, `${E}.required`).max(max, `${E}.tooLong`)

/** A cell read by `read`: undefined means "not readable" and is reported as `message`. */
function cell<T>(read: (text: string) => T | null | undefined, message: string, params?: (text: string) => Params) {
	return z
		.string()
		.optional()
		.transform((raw, ctx) => {
			const value = raw === undefined ? null : read(raw)
			if (value === undefined) {
				ctx.addIssue({ code: 'custom', message, params: params?.(raw ?? '') })
				return z.NEVER
			}
			return value ?? undefined
		})
}

const choice = <T extends string>(choices: Map<string, T>) =>
	cell(
		(raw) => (raw.trim() === '' ? null : choices.get(normalizeLabel(raw))),
		`${E}.choice`,
		(raw) => ({ value: raw }),
	)

const amount = (unit: MoneyUnit) =>
	z
		.string()
		.optional()
		.transform((raw, ctx) => {
			const parsed = parseAmount(raw ?? '', unit)
			if (parsed.ok) return parsed.cny ?? undefined
			ctx.addIssue({ code: 'custom', message: `${E}.amount.${parsed.error}` })
			return z.NEVER
		})

const date = cell(parseImportDate, `${E}.date`)
const yesNo = cell(parseYesNo, `${E}.yesNo`)
const count = cell(parseCount, `${E}.count`)
const uscc = z
	.string()
	.optional()
	.transform((v) => v ?? '')
	.pipe(usccSchema)
	.transform((v) => v ?? undefined)
const named = (map: Map<string, string>, message: string) =>
	cell(
		(raw) => (raw.trim() === '' ? null : map.get(normalizeLabel(raw))),
		message,
		(raw) => ({ value: raw.trim() }),
	)
/** 高新技术企业（2025）: a tag with its 认定 year, as the companies export writes it; the year may be left off. */
const TAG_WITH_YEAR = /^(.*?)\s*[（(]\s*(\d{4})\s*年?\s*[)）]$/
function tagItem(item: string) {
	const withYear = TAG_WITH_YEAR.exec(item)
	const tag = TAGS.get(normalizeLabel(withYear ? withYear[1]! : item))
	const year = withYear ? tagGrantedYearOf(withYear[2]!) : null
	return tag === undefined || (withYear && year === null) ? null : { tag, year }
}
const tags = cell(
	(raw) => {
		const items = splitList(raw).map(tagItem)
		if (items.length === 0) return null
		if (items.some((item) => item === null)) return undefined
		const codes = COMPANY_TAGS.filter((tag) => items.some((item) => item!.tag === tag))
		const years = Object.fromEntries(items.flatMap((item) => (item!.year === null ? [] : [[item!.tag, item!.year]])))
		return { codes, years: years }
	},
	`${E}.unknownTag`,
	(raw) => ({
		value: splitList(raw)
			.filter((item) => tagItem(item) === null)
			.join('、'),
	}),
)
/** 所属环节 as the projects export writes it (names joined with 、 or ;): link ids, each name naming exactly one link. */
const chainLinks = (byName: Map<string, readonly string[]>) => {
	const found = (item: string) => byName.get(normalizeLabel(item))
	return cell(
		(raw) => {
			const items = splitList(raw)
			if (items.length === 0) return null
			if (items.some((item) => found(item)?.length !== 1)) return undefined
			return [...new Set(items.map((item) => found(item)![0]!))].sort()
		},
		`${E}.unknownLink`,
		(raw) => ({
			value: splitList(raw)
				.filter((item) => found(item)?.length !== 1)
				.join('、'),
		}),
	)
}
/** 规划产能环节: one material link in reach, by its name in either language. */
const plannedLink = (byName: Map<string, readonly string[]>) =>
	cell(
		(raw) => {
			if (raw.trim() === '') return null
			const ids = byName.get(normalizeLabel(raw))
			return ids?.length === 1 ? ids[0]! : undefined
		},
		`${E}.unknownPlannedLink`,
		(raw) => ({ value: raw.trim() }),
	)
/** 规划年产能 in the link's unit: above 0, at most PLANNED_OUTPUT_MAX ("3,200" as written). */
const plannedOutput = cell(
	(raw) => {
		const text = toHalfWidth(raw).replace(/[,\s]/g, '')
		if (text === '') return null
		if (!/^\d+(\.\d+)?$/.test(text)) return undefined
		const value = Number(text)
		return value > 0 && value <= PLANNED_OUTPUT_MAX ? value : undefined
	},
	`${E}.plannedOutput`,
	(raw) => ({ value: raw.trim() }),
)
/** 预计达产年份: four digits within PLANNED_YEAR_MIN–MAX. */
const plannedYear = cell(
	(raw) => {
		const text = toHalfWidth(raw).trim().replace(/年$/, '')
		if (text === '') return null
		const value = Number(text)
		return /^\d{4}$/.test(text) && value >= PLANNED_YEAR_MIN && value <= PLANNED_YEAR_MAX ? value : undefined
	},
	`${E}.plannedYear`,
	() => ({ min: PLANNED_YEAR_MIN, max: PLANNED_YEAR_MAX }),
)
/** 用地面积（亩）, as the project form reads it. */
const landMu = z
	.string()
	.optional()
	.transform((raw, ctx) => {
		const parsed = parseLandMu(raw)
		if (parsed.ok) return parsed.mu ?? undefined
		ctx.addIssue({ code: 'custom', message: `${E}.landMu.${parsed.error}` })
		return z.NEVER
	})
const plannedFields = (l: ImportLookups) => ({ plannedLink: plannedLink(l.plannedLinks), plannedOutput, plannedFromYear: plannedYear })

const names = cell((raw) => {
	const items = splitList(raw)
	if (items.some((n) => n.length > 200)) return undefined
	return items.length > 0 ? items : null
}, `${E}.tooLong`)

// ---------- row schemas per kind ----------

type Units = Partial<Record<string, MoneyUnit>>

function companySchema(l: ImportLookups, units: Units) {
	return z.object({
		name: requiredText(200),
		uscc,
		shortName: text(100),
		formerNames: names,
		registeredCapital: amount(units.registeredCapital ?? 'yuan'),
		industry: text(100),
		contactName: text(50),
		contactPhone: text(50),
		address: text(200),
		region: named(l.regions, `${E}.unknownRegion`),
		isLocal: yesNo,
		tags,
		revenue: amount(units.revenue ?? 'yuan'),
		employees: count,
		description: text(2000),
		source: text(500),
	})
}

const companyRef = {
	company: text(200),
	companyUscc: uscc,
}

function leadSchema(l: ImportLookups) {
	return z.object({
		...companyRef,
		owner: named(l.users, `${E}.unknownOwner`),
		unit: named(l.units, `${E}.unknownUnit`),
		stage: choice(LEAD_STAGE_CHOICES),
		priority: choice(PRIORITY_CHOICES),
		source: choice(SOURCE_CHOICES),
		nextActionDate: date,
		notes: text(2000),
		createdAt: date,
		...plannedFields(l),
	})
}

function projectSchema(l: ImportLookups, units: Units) {
	return z.object({
		title: requiredText(200),
		...companyRef,
		type: choice(PROJECT_TYPE_CHOICES),
		investment: amount(units.investment ?? 'yuan'),
		increment: amount(units.increment ?? 'yuan'),
		stage: choice(PROJECT_STAGE_CHOICES),
		negotiatingDate: date,
		signedDate: date,
		startedDate: date,
		producingDate: date,
		terminatedDate: date,
		responsibleUnit: named(l.units, `${E}.unknownUnit`),
		links: chainLinks(l.chainLinks),
		isClusterLeading: yesNo,
		notes: text(2000),
		source: text(500),
		commitStartBy: date,
		commitProduceBy: date,
		commitLandMu: landMu,
		commitOutput: amount(units.commitOutput ?? 'yuan'),
		commitTax: amount(units.commitTax ?? 'yuan'),
		...plannedFields(l),
	})
}

type CompanyInput = z.output<ReturnType<typeof companySchema>>
type LeadInput = z.output<ReturnType<typeof leadSchema>>
type ProjectInput = z.output<ReturnType<typeof projectSchema>>

// ---------- what a valid row holds ----------

/** Only fields with a value are present: an update overwrites exactly those. */
export type CompanyValues = {
	name: string
	uscc?: string
	shortName?: string
	formerNames?: string[]
	registeredCapitalCNY?: number
	industry?: string
	contactName?: string
	contactPhone?: string
	address?: string
	regionId?: string
	isLocal?: boolean
	tags?: string[]
	/** 认定 years the file gives (高新技术企业（2025）); tags without one keep theirs. */
	tagYears?: Record<string, number>
	revenueCNY?: number
	employees?: number
	description?: string
	source?: string
}

/** An existing company, or one the import creates (leads/projects with "create missing companies"). */
export type CompanyTarget = { id: string; name: string } | { key: string; name: string; uscc: string | null }

export type LeadValues = {
	company: CompanyTarget
	ownerId?: string
	unitId?: string
	stage?: (typeof LEAD_STAGES)[number]
	priority?: (typeof LEAD_PRIORITIES)[number]
	source?: (typeof LEAD_SOURCES)[number]
	nextActionDate?: Date
	notes?: string
	/** When the lead was first recorded (a list exported from here or another system); a new lead only. */
	createdAt?: Date
} & PlannedValues

/** Planned capacity a row gives (ADR 0040); left out, an update keeps the record's. */
export type PlannedValues = { plannedLinkId?: string; plannedOutput?: number; plannedFromYear?: number }

export type ProjectValues = {
	title: string
	company: CompanyTarget
	type?: (typeof PROJECT_TYPES)[number]
	investmentCNY?: number
	incrementCNY?: number
	stage?: (typeof PROJECT_STAGES)[number]
	negotiatingDate?: Date
	signedDate?: Date
	startedDate?: Date
	producingDate?: Date
	terminatedDate?: Date
	responsibleUnitId?: string
	isClusterLeading?: boolean
	notes?: string
	source?: string
	/** 所属环节, sorted; left out, an update keeps the project's links. */
	linkIds?: string[]
	/** 履约 (ADR 0039). */
	commitStartBy?: Date
	commitProduceBy?: Date
	commitLandMu?: number
	commitOutputCNY?: number
	commitTaxCNY?: number
} & PlannedValues

export type ImportValues = { companies: CompanyValues; leads: LeadValues; projects: ProjectValues }

export type MatchBy = 'uscc' | 'name' | 'alias' | 'lead' | 'project'
export type Duplicate = { entityId: string; label: string; by: MatchBy }

export type ValidatedRow<K extends ImportKind = ImportKind> = {
	row: number
	/** Cells after the user's fixes, in header order. */
	cells: string[]
	issues: RowIssue[]
	values: ImportValues[K] | null
	duplicate: Duplicate | null
	/** The earlier row of this file that holds the same company/lead/project. */
	inFileDuplicateOf: number | null
	allowedActions: RowAction[]
	action: RowAction
}

export type ValidationOptions = {
	mapping: ColumnMapping
	/** row → header → fixed value */
	overrides: Record<string, Record<string, string>>
	/** row → action the user chose */
	actions: Record<string, RowAction>
	duplicateAction: DuplicateAction
	createMissingCompanies: boolean
	/** Owner of a created lead whose row names none (the importing user); null when there is none (CLI). */
	defaultOwnerId: string | null
	/** Who imports, for the access rules (ADR 0010); null for the CLI, run by the machine's operator. */
	importer: Actor | null
}

export type ValidationSummary = {
	rows: number
	valid: number
	invalid: number
	duplicates: number
	create: number
	update: number
	skip: number
	/** Rows with errors that are not skipped: commit is refused while there are any. */
	blocking: number
}

export type Validation<K extends ImportKind = ImportKind> = {
	rows: ValidatedRow<K>[]
	/** Required fields no column is mapped to. */
	missingFields: string[]
	summary: ValidationSummary
}

/**
 * What a parsed row resolves to; values are null when the row cannot be imported as it is.
 * `closed`: the issued reports whose figures the row would alter if written.
 */
type Resolution = { values: ImportValues[ImportKind] | null; duplicate: Duplicate | null; keys: string[]; issues: RowIssue[]; closed: ClosedReportWindow[] }
type Column = (field: string) => string | null

function resolveCompany(input: CompanyInput, l: ImportLookups): Resolution {
	const name = normalizeCompanyName(input.name)
	const short = input.shortName ? normalizeCompanyName(input.shortName) : null
	// The same name with a different USCC on both sides is another company.
	const same = (c: CompanyRef | undefined) => (c && (!c.uscc || !input.uscc || c.uscc === input.uscc) ? c : undefined)
	const lookup = (map: Map<string, CompanyRef>) => same(map.get(name)) ?? (short ? same(map.get(short)) : undefined)
	const byUscc = input.uscc ? l.companyByUscc.get(input.uscc) : undefined
	const byName = lookup(l.companyByName)
	const byAlias = lookup(l.companyByAlias)
	const match = byUscc ?? byName ?? byAlias
	const duplicate: Duplicate | null = match ? { entityId: match.id, label: match.name, by: byUscc ? 'uscc' : byName ? 'name' : 'alias' } : null
	const values: CompanyValues = {
		name: input.name,
		uscc: input.uscc,
		shortName: input.shortName,
		formerNames: input.formerNames,
		registeredCapitalCNY: input.registeredCapital,
		industry: input.industry,
		contactName: input.contactName,
		contactPhone: input.contactPhone,
		address: input.address,
		regionId: input.region,
		isLocal: input.isLocal,
		tags: input.tags?.codes,
		tagYears: input.tags && Object.keys(input.tags.years).length > 0 ? input.tags.years : undefined,
		revenueCNY: input.revenue,
		employees: input.employees,
		description: input.description,
		source: input.source,
	}
	const keys = [`name:${name}`, ...(input.uscc ? [`uscc:${input.uscc}`] : []), ...(match ? [`id:${match.id}`] : [])]
	const existing = match ? l.companyFacts.get(match.id) : undefined
	// The reports that may count it where it is registered and where the row would register it (ADR 0033).
	const counting = existing ? reportsCountingFirmsOf(l.closedReports, [existing.regionId, values.regionId ?? existing.regionId]) : []
	return { values, duplicate, keys, issues: [], closed: existing ? touchedCompanyReports(existing, importedFacts(existing, values), counting) : [] }
}

/** A company's tags and revenue once an update row is written: a tag gets the 认定 year the file gives, else keeps its own (an added one has none). */
function importedFacts(existing: CountedCompanyFacts, values: CompanyValues): CountedCompanyFacts {
	const yearOf = (tag: string) => values.tagYears?.[tag] ?? existing.tags.find((t) => t.tag === tag)?.grantedYear ?? null
	return {
		tags: (values.tags ?? existing.tags.map((t) => t.tag)).map((tag) => ({ tag, grantedYear: yearOf(tag) })),
		revenueCNY: values.revenueCNY ?? existing.revenueCNY,
	}
}

/** The company a lead or project row names: by USCC, then by name or alias; else created (when allowed) or refused. */
function resolveCompanyTarget(
	input: { company?: string; companyUscc?: string },
	l: ImportLookups,
	o: ValidationOptions,
	column: Column,
): { target: CompanyTarget; issue: null } | { target: null; issue: RowIssue } {
	const typed = input.company ?? ''
	const usccTyped = isValidUscc(typed) ? normalizeUscc(typed) : null
	const code = input.companyUscc ?? usccTyped
	const byName = typed && !usccTyped ? normalizeCompanyName(typed) : null
	const found = (code ? l.companyByUscc.get(code) : undefined) ?? (byName ? (l.companyByName.get(byName) ?? l.companyByAlias.get(byName)) : undefined)
	if (found) return { target: { id: found.id, name: found.name }, issue: null }
	if (!typed && !code) return { target: null, issue: { column: column('company'), level: 'error', messageKey: `${E}.required` } }
	if (o.createMissingCompanies && byName) return { target: { key: `new:${code ?? byName}`, name: typed, uscc: code }, issue: null }
	const where = column('company') ?? column('companyUscc')
	return { target: null, issue: { column: where, level: 'error', messageKey: `${E}.unknownCompany`, params: { value: typed || code || '' } } }
}

const targetKey = (target: CompanyTarget) => ('id' in target ? target.id : target.key)

function resolveLead(input: LeadInput, l: ImportLookups, o: ValidationOptions, column: Column): Resolution {
	const { target, issue } = resolveCompanyTarget(input, l, o, column)
	if (!target) return { values: null, duplicate: null, keys: [], issues: [issue], closed: [] }
	const open = 'id' in target ? l.openLeads.get(target.id) : undefined
	if (!open && !input.owner && !o.defaultOwnerId) {
		return { values: null, duplicate: null, keys: [], issues: [{ column: column('owner'), level: 'error', messageKey: `${E}.required` }], closed: [] }
	}
	const values: LeadValues = {
		company: target,
		ownerId: input.owner,
		unitId: input.unit,
		stage: input.stage,
		priority: input.priority,
		source: input.source,
		nextActionDate: input.nextActionDate,
		notes: input.notes,
		createdAt: input.createdAt,
		...plannedValues(input),
	}
	const issues = plannedIssues(values, open, column)
	return { values, duplicate: open ? { entityId: open.id, label: target.name, by: 'lead' } : null, keys: [`lead:${targetKey(target)}`], issues, closed: [] }
}

function resolveProject(input: ProjectInput, l: ImportLookups, o: ValidationOptions, column: Column): Resolution {
	const { target, issue } = resolveCompanyTarget(input, l, o, column)
	if (!target) return { values: null, duplicate: null, keys: [], issues: [issue], closed: [] }
	const existing = 'id' in target ? l.projects.get(projectKey(target.id, input.title)) : undefined
	const values: ProjectValues = {
		title: input.title,
		company: target,
		type: input.type,
		investmentCNY: input.investment,
		incrementCNY: input.increment,
		stage: input.stage,
		negotiatingDate: input.negotiatingDate,
		signedDate: input.signedDate,
		startedDate: input.startedDate,
		producingDate: input.producingDate,
		terminatedDate: input.terminatedDate,
		responsibleUnitId: input.responsibleUnit,
		isClusterLeading: input.isClusterLeading,
		notes: input.notes,
		source: input.source,
		linkIds: input.links,
		commitStartBy: input.commitStartBy,
		commitProduceBy: input.commitProduceBy,
		commitLandMu: input.commitLandMu,
		commitOutputCNY: input.commitOutput,
		commitTaxCNY: input.commitTax,
		...plannedValues(input),
	}
	// Checked on the project as it would be stored: an update keeps the dates the file leaves blank.
	const merged = {
		stage: values.stage ?? existing?.stage ?? '',
		negotiatingDate: values.negotiatingDate ?? existing?.negotiatingDate ?? null,
		signedDate: values.signedDate ?? existing?.signedDate ?? null,
		startedDate: values.startedDate ?? existing?.startedDate ?? null,
		producingDate: values.producingDate ?? existing?.producingDate ?? null,
		terminatedDate: values.terminatedDate ?? existing?.terminatedDate ?? null,
	}
	// A new project needs what the table requires; an update keeps what the file leaves blank.
	const missing = existing ? [] : (['type', 'investmentCNY', 'stage'] as const).filter((f) => values[f] === undefined)
	const issues: RowIssue[] = missing.map((f) => ({ column: column(f === 'investmentCNY' ? 'investment' : f), level: 'error', messageKey: `${E}.required` }))
	if (merged.stage && stageDateProblems(merged).length > 0) {
		issues.push({ column: column('stage'), level: 'error', messageKey: `${E}.stageDates` })
	}
	// 投产 cannot be promised before 开工, on the deadlines as they would be stored (as the form checks).
	const startBy = values.commitStartBy ?? existing?.commitStartBy ?? null
	const produceBy = values.commitProduceBy ?? existing?.commitProduceBy ?? null
	if (startBy && produceBy && produceBy.getTime() < startBy.getTime()) {
		issues.push({ column: column('commitProduceBy') ?? column('commitStartBy'), level: 'error', messageKey: `${E}.produceBeforeStart` })
	}
	issues.push(...plannedIssues(values, existing, column))
	const after = {
		...merged,
		type: values.type ?? existing?.type ?? '',
		investmentCNY: values.investmentCNY ?? existing?.investmentCNY ?? 0,
		incrementCNY: values.incrementCNY ?? existing?.incrementCNY ?? null,
		isClusterLeading: values.isClusterLeading ?? existing?.isClusterLeading ?? false,
		responsibleUnitId: values.responsibleUnitId ?? existing?.responsibleUnitId ?? null,
		linkIds: values.linkIds ?? existing?.linkIds ?? [],
	}
	const holding = reportsHoldingRecordsOf(l.closedReports, existing ? existing.regionId : l.newRecordRegionId)
	const closed = touchedReports(existing ? countedFactsOf(existing) : null, countedFactsOf(after), holding)
	return {
		values,
		duplicate: existing ? { entityId: existing.id, label: existing.title, by: 'project' } : null,
		keys: [projectKey(targetKey(target), input.title)],
		issues,
		closed,
	}
}

function plannedValues(input: { plannedLink?: string; plannedOutput?: number; plannedFromYear?: number }): PlannedValues {
	return { plannedLinkId: input.plannedLink, plannedOutput: input.plannedOutput, plannedFromYear: input.plannedFromYear }
}

const PLANNED_COLUMNS: Record<PlannedField, string> = { plannedLinkId: 'plannedLink', plannedOutput: 'plannedOutput', plannedFromYear: 'plannedFromYear' }

/**
 * Planned capacity is all three fields or none (as the forms): checked on the record as it would be
 * stored, an update keeping what the file leaves blank. Each missing one is an error in its column.
 */
function plannedIssues(values: PlannedValues, existing: Partial<PlannedCapacity> | undefined, column: Column): RowIssue[] {
	const merged = PLANNED_FIELDS.map((field) => [field, values[field] ?? existing?.[field] ?? null] as const)
	const given = merged.filter(([, value]) => value !== null).length
	if (given === 0 || given === PLANNED_FIELDS.length) return []
	return merged.flatMap(([field, value]): RowIssue[] =>
		value === null ? [{ column: column(PLANNED_COLUMNS[field]), level: 'error', messageKey: `${E}.plannedIncomplete` }] : [],
	)
}

type ZodParse<T> = { success: true; data: T } | { success: false; error: z.ZodError }

/** zod's verdict, then the lookups' (references, duplicates), as one Resolution. */
function settle<T>(parsed: ZodParse<T>, resolve: (data: T) => Resolution, column: Column): Resolution {
	if (parsed.success) return resolve(parsed.data)
	const issues = parsed.error.issues.map((issue): RowIssue => {
		const params = 'params' in issue ? (issue.params as Params | undefined) : undefined
		return { column: column(String(issue.path[0] ?? '')), level: 'error', messageKey: issue.message, ...(params ? { params } : {}) }
	})
	return { values: null, duplicate: null, keys: [], issues, closed: [] }
}

function rowParser(kind: ImportKind, l: ImportLookups, o: ValidationOptions, units: Units, column: Column): (input: Record<string, string>) => Resolution {
	switch (kind) {
		case 'companies': {
			const schema = companySchema(l, units)
			return (input) => settle(schema.safeParse(input), (data) => resolveCompany(data, l), column)
		}
		case 'leads': {
			const schema = leadSchema(l)
			return (input) => settle(schema.safeParse(input), (data) => resolveLead(data, l, o, column), column)
		}
		case 'projects': {
			const schema = projectSchema(l, units)
			return (input) => settle(schema.safeParse(input), (data) => resolveProject(data, l, o, column), column)
		}
	}
}

/** Looks up the record an update row would change, with what the access rules look at. */
function existingForAccessOf(kind: ImportKind, l: ImportLookups): (duplicate: Duplicate | null) => ExistingForAccess {
	const leads = new Map([...l.openLeads.values()].map((lead) => [lead.id, lead]))
	const projects = new Map([...l.projects.values()].map((project) => [project.id, project]))
	return (duplicate) => {
		if (!duplicate) return null
		const lead = kind === 'leads' ? leads.get(duplicate.entityId) : undefined
		if (lead) return { kind: 'leads', ownerId: lead.ownerId, unitId: lead.unitId }
		const project = kind === 'projects' ? projects.get(duplicate.entityId) : undefined
		if (project) return { kind: 'projects', ownerId: project.ownerId, responsibleUnitId: project.responsibleUnitId, stage: project.stage }
		return null
	}
}

/**
 * Validates every row of `sheet` for `kind`: cell formats (zod), references
 * (region, unit, owner, company), duplicates against the database and, on the
 * later row, inside the file. Each row gets the actions it allows and the one it
 * takes: new → create, duplicate → skip or the bulk choice, unless the user chose.
 * A row with errors blocks the commit unless the user skips it.
 */
export function validateImport<K extends ImportKind>(
	kind: K,
	sheet: Pick<Sheet, 'headers' | 'rows'>,
	lookups: ImportLookups,
	options: ValidationOptions,
): Validation<K> {
	const steps = validationSteps(kind, sheet, lookups, options)
	for (;;) {
		const step = steps.next()
		if (step.done) return step.value
	}
}

/**
 * validateImport for a large file on a server: the same checks, with a pause
 * for other requests every `rowsPerSlice` rows (checking 50,000 rows at once
 * held the event loop for seconds).
 */
export async function validateImportInSlices<K extends ImportKind>(
	kind: K,
	sheet: Pick<Sheet, 'headers' | 'rows'>,
	lookups: ImportLookups,
	options: ValidationOptions,
	rowsPerSlice = 500,
): Promise<Validation<K>> {
	const steps = validationSteps(kind, sheet, lookups, options)
	for (let n = 1; ; n++) {
		const step = steps.next()
		if (step.done) return step.value
		if (n % rowsPerSlice === 0) await new Promise((resolve) => setImmediate(resolve))
	}
}

/** The checks, one row per step. */
function* validationSteps<K extends ImportKind>(
	kind: K,
	sheet: Pick<Sheet, 'headers' | 'rows'>,
	lookups: ImportLookups,
	options: ValidationOptions,
): Generator<void, Validation<K>> {
	const columnIndex = new Map(sheet.headers.map((h, i) => [h, i]))
	const mapped = Object.entries(options.mapping).filter(([header]) => columnIndex.has(header))
	const columnOf = new Map(mapped.map(([header, field]) => [field, header]))
	const column: Column = (field) => columnOf.get(field) ?? null
	const units: Units = {}
	for (const [header, field] of mapped) units[field] = headerMoneyUnit(header) ?? undefined
	const parse = rowParser(kind, lookups, options, units, column)
	const missingFields = (REQUIRED_FIELDS[kind] as readonly string[]).filter((f) => !columnOf.has(f) && !(f === 'company' && columnOf.has('companyUscc')))
	const firstRowOf = new Map<string, number>()
	const existingForAccess = existingForAccessOf(kind, lookups)

	const validateRow = (sheetRow: Sheet['rows'][number]): ValidatedRow<K> => {
		const fixes = options.overrides[sheetRow.row]
		const cells = fixes ? sheet.headers.map((header, i) => fixes[header] ?? sheetRow.cells[i] ?? '') : sheetRow.cells
		const input: Record<string, string> = {}
		for (const [header, field] of mapped) input[field] = cells[columnIndex.get(header)!]!
		for (const field of missingFields) input[field] = ''
		const parsedRow = parse(input)
		// U+0000 in a cell that would be stored is refused in its column, on both engines (PostgreSQL's text cannot hold it).
		const nulIssues = mapped.flatMap(([header]): RowIssue[] =>
			hasNul(cells[columnIndex.get(header)!] ?? '') ? [{ column: header, level: 'error', messageKey: `${E}.nulCharacter` }] : [],
		)
		const access = parsedRow.values
			? importRowAccess(kind, parsedRow.values as never, existingForAccess(parsedRow.duplicate), options.importer)
			: { issues: [], updateRefused: false }
		// A row that would alter issued figures is refused, unless it is skipped anyway (ADR 0011).
		const intended = options.actions[sheetRow.row] ?? (parsedRow.duplicate ? options.duplicateAction : 'create')
		const closedIssues: RowIssue[] =
			parsedRow.closed.length > 0 && intended !== 'skip'
				? [
						{
							column: null,
							level: 'error',
							messageKey: kind === 'companies' ? 'closedPeriods.companyImportRow' : 'closedPeriods.importRow',
							params: { periods: closedPeriodList(parsedRow.closed) },
						},
					]
				: []
		const resolution = {
			...parsedRow,
			issues: [
				...nulIssues,
				...parsedRow.issues.filter((issue) => !nulIssues.some((nul) => nul.column === issue.column)),
				...access.issues.map((i): RowIssue => ({ column: column(i.field), level: 'error', messageKey: i.messageKey })),
				...closedIssues,
			],
		}
		// Problems found while reading (formula without a result…) count in mapped columns the user has not fixed.
		const readIssues = (sheetRow.issues ?? []).flatMap((issue): RowIssue[] => {
			const header = sheet.headers[issue.column]!
			return columnOf.has(options.mapping[header] ?? '') && fixes?.[header] === undefined
				? [{ column: header, level: issue.level, messageKey: issue.messageKey, ...(issue.params ? { params: issue.params } : {}) }]
				: []
		})
		const position = (issue: RowIssue) => (issue.column === null ? -1 : columnIndex.get(issue.column)!)
		const issues =
			readIssues.length + resolution.issues.length > 1
				? [...readIssues, ...resolution.issues].sort((a, b) => position(a) - position(b))
				: [...readIssues, ...resolution.issues]
		const values = issues.some((i) => i.level === 'error') ? null : resolution.values
		const chosen = options.actions[sheetRow.row]
		let inFileDuplicateOf: number | null = null
		if (values && chosen !== 'skip') {
			inFileDuplicateOf = resolution.keys.map((key) => firstRowOf.get(key)).find((row) => row !== undefined) ?? null
			if (inFileDuplicateOf === null) for (const key of resolution.keys) firstRowOf.set(key, sheetRow.row)
		}
		const duplicate = values ? resolution.duplicate : null
		const allowedActions: RowAction[] = !values
			? ['create', 'skip']
			: inFileDuplicateOf !== null || (duplicate && access.updateRefused)
				? ['skip']
				: duplicate
					? ['skip', 'update']
					: ['create', 'skip']
		const fallback: RowAction = allowedActions.length === 1 ? 'skip' : duplicate ? options.duplicateAction : 'create'
		const action = chosen && allowedActions.includes(chosen) ? chosen : fallback
		return { row: sheetRow.row, cells, issues, values: values as ImportValues[K] | null, duplicate, inFileDuplicateOf, allowedActions, action }
	}
	const rows: ValidatedRow<K>[] = []
	for (const sheetRow of sheet.rows) {
		rows.push(validateRow(sheetRow))
		yield
	}

	const summary: ValidationSummary = { rows: rows.length, valid: 0, invalid: 0, duplicates: 0, create: 0, update: 0, skip: 0, blocking: 0 }
	for (const row of rows) {
		if (row.values) summary.valid++
		else summary.invalid++
		if (row.duplicate || row.inFileDuplicateOf !== null) summary.duplicates++
		if (!row.values && row.action !== 'skip') summary.blocking++
		else summary[row.action]++
	}
	return { rows, missingFields, summary }
}
