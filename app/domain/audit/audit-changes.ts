import { describeUserAgent } from '~/domain/auth/user-agent'
import { formatPercent, formatQuantity } from '~/domain/chain/describe-flag'
import { scenarioChangeSchema, type ScenarioChange } from '~/domain/scenario/scenario-schema'
import { type Locale } from '~/i18n/i18n'

// The audit log's before/after snapshots (JSON as recordAudit stored them) read as a list of
// field changes an auditor can follow: which field, what it was, what it became, each value typed
// (a date, an amount of money, a stage, a yes/no, another record) so that the page and the CSV
// export word it in the reader's language (formatAuditValue) instead of showing raw JSON.

/** A record another value points at, named by the model when the log is read. */
export const AUDIT_REF_ENTITIES = [
	'Company',
	'Lead',
	'Project',
	'User',
	'Unit',
	'Region',
	'Chain',
	'ChainLink',
	'Quota',
	'PolicyDocument',
	'CompanyMerge',
	'ChainEdge',
	/** A chain link's unit (t/年, MW…), for a scenario's capacity change. */
	'ChainLinkUnit',
] as const
export type AuditRefEntity = (typeof AUDIT_REF_ENTITIES)[number]

export type AuditValue =
	| { kind: 'empty' }
	| { kind: 'text'; text: string }
	| { kind: 'date'; date: string }
	| { kind: 'datetime'; at: string }
	| { kind: 'money'; cny: number }
	| { kind: 'number'; value: number }
	| { kind: 'boolean'; value: boolean }
	/** A closed value set (stage, kind, role…): the i18n key of its label. */
	| { kind: 'code'; key: string; raw: string }
	| { kind: 'ref'; entity: AuditRefEntity; id: string }
	| { kind: 'tag'; tag: string; year: number | null }
	/** 简称 or 曾用名. */
	| { kind: 'alias'; aliasKind: string; name: string }
	| { kind: 'list'; items: AuditValue[] }
	/** A company's chain figure: the link (named), year, capacity and output. */
	| { kind: 'figure'; link: AuditValue; year: number | null; capacity: number | null; output: number | null }
	/** One change of a 情景推演 scenario (ADR 0035, 0040), worded as the scenario page words it. */
	| { kind: 'scenarioChange'; change: ScenarioChange }

export type AuditChange = {
	/** The field's name in the snapshot; nested values as `parent.child`. */
	field: string
	/** A record the field is about, for maps keyed by id (a unit's share of a quota). */
	subject?: AuditValue
	before: AuditValue
	after: AuditValue
}

const EMPTY: AuditValue = { kind: 'empty' }

/** Internal bookkeeping nobody reads as a change. */
const SKIPPED = new Set(['id', 'version'])

const DATE_FIELDS = new Set(['nextActionDate', 'negotiatingDate', 'signedDate', 'startedDate', 'producingDate', 'terminatedDate', 'date', 'issuedDate'])
const DATETIME_FIELDS = new Set([
	'undoneAt',
	'disabledAt',
	'lockedUntil',
	'submittedAt',
	'reviewedAt',
	'lastFailureAt',
	'expiresAt',
	'createdAt',
	'lastSeenAt',
	'at',
])
const MONEY_FIELDS = new Set(['revenueCNY', 'registeredCapitalCNY', 'investmentCNY', 'incrementCNY'])
const REF_FIELDS: Record<string, AuditRefEntity> = {
	companyId: 'Company',
	keptId: 'Company',
	removedId: 'Company',
	mergedInto: 'Company',
	mergeId: 'CompanyMerge',
	leadId: 'Lead',
	fromLeadId: 'Lead',
	projectId: 'Project',
	ownerId: 'User',
	userId: 'User',
	unitId: 'Unit',
	responsibleUnitId: 'Unit',
	regionId: 'Region',
	chainId: 'Chain',
	linkId: 'ChainLink',
	fromLinkId: 'ChainLink',
	toLinkId: 'ChainLink',
	quotaId: 'Quota',
	documentId: 'PolicyDocument',
}
const REF_LIST_FIELDS: Record<string, AuditRefEntity> = { linkIds: 'ChainLink', unitIds: 'Unit' }
/** Maps whose keys are record ids: each key is its own change, about that record. */
const KEYED_BY: Record<string, AuditRefEntity> = { unitTargets: 'Unit' }

/** The label set of a closed value: by entity where one name means different sets. */
function codeKey(entity: string, field: string): string | null {
	switch (field) {
		case 'stage':
			if (entity === 'Lead') return 'leads.stages'
			if (entity === 'Project' || entity === 'StageEvidence') return 'projects.stages'
			if (entity === 'ChainLink') return 'stages'
			return null
		case 'fromStage':
		case 'toStage':
			return entity === 'Lead' ? 'leads.stages' : 'projects.stages'
		case 'priority':
			return 'leads.priorities'
		case 'source':
			return entity === 'Lead' ? 'leads.sources' : null
		case 'type':
			return entity === 'Project' ? 'projects.types' : null
		case 'kind':
			if (entity === 'Company') return 'companies.kinds'
			if (entity === 'Activity') return 'leads.activityKinds'
			if (entity === 'Quota') return 'quotas.kinds'
			if (entity === 'ImportBatch') return 'importer.kinds'
			return null
		case 'role':
			return 'roles'
		case 'status':
			return entity === 'StageEvidence' ? 'evidence.states' : null
		case 'action':
			return 'audit.actions'
		case 'reason':
			return entity === 'User' || entity === 'Login' ? 'audit.reasons' : null
		default:
			return null
	}
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** One stored value as a typed audit value. */
export function auditValue(entity: string, field: string, value: unknown): AuditValue {
	if (value === null || value === undefined || value === '') return EMPTY
	if (Array.isArray(value)) {
		if (value.length === 0) return EMPTY
		if (field === 'tags') {
			return {
				kind: 'list',
				items: value.map((item) =>
					isRecord(item)
						? { kind: 'tag', tag: String(item.tag), year: typeof item.grantedYear === 'number' ? item.grantedYear : null }
						: { kind: 'tag', tag: String(item), year: null },
				),
			}
		}
		if (field === 'aliases') {
			return {
				kind: 'list',
				items: value.map((item) =>
					isRecord(item) ? { kind: 'alias', aliasKind: String(item.kind), name: String(item.name) } : { kind: 'text', text: String(item) },
				),
			}
		}
		if (field === 'figures') {
			return {
				kind: 'list',
				items: value.map((item): AuditValue => {
					const f = isRecord(item) ? item : {}
					const num = (v: unknown) => (typeof v === 'number' ? v : null)
					return {
						kind: 'figure',
						link: typeof f.linkId === 'string' ? { kind: 'ref', entity: 'ChainLink', id: f.linkId } : EMPTY,
						year: num(f.year),
						capacity: num(f.capacity),
						output: num(f.output),
					}
				}),
			}
		}
		if (entity === 'Scenario' && field === 'changes') {
			return {
				kind: 'list',
				items: value.map((item): AuditValue => {
					const parsed = scenarioChangeSchema.safeParse(item)
					return parsed.success ? { kind: 'scenarioChange', change: parsed.data } : { kind: 'text', text: JSON.stringify(item) }
				}),
			}
		}
		const refs = REF_LIST_FIELDS[field]
		return {
			kind: 'list',
			items: value.map((item) => (refs && typeof item === 'string' ? { kind: 'ref', entity: refs, id: item } : auditValue(entity, '', item))),
		}
	}
	if (typeof value === 'boolean') return { kind: 'boolean', value }
	const ref = REF_FIELDS[field]
	if (ref && typeof value === 'string') return { kind: 'ref', entity: ref, id: value }
	const codes = codeKey(entity, field)
	if (codes && typeof value === 'string') return { kind: 'code', key: `${codes}.${value}`, raw: value }
	if (MONEY_FIELDS.has(field)) {
		const cny = typeof value === 'number' ? value : Number(value)
		if (Number.isFinite(cny)) return { kind: 'money', cny }
	}
	if (DATE_FIELDS.has(field) && typeof value === 'string' && !Number.isNaN(Date.parse(value))) return { kind: 'date', date: value.slice(0, 10) }
	if (DATETIME_FIELDS.has(field) && typeof value === 'string' && !Number.isNaN(Date.parse(value))) return { kind: 'datetime', at: value }
	if (field === 'userAgent' && typeof value === 'string') return { kind: 'text', text: describeUserAgent(value) ?? value }
	if (typeof value === 'number') return { kind: 'number', value }
	if (isRecord(value)) return { kind: 'text', text: JSON.stringify(value) }
	return { kind: 'text', text: typeof value === 'string' ? value : (JSON.stringify(value) ?? '') }
}

/** Values compared as stored: order of keys aside, the same JSON is no change. */
function same(a: unknown, b: unknown) {
	return canonical(a) === canonical(b)
}

function canonical(value: unknown): string {
	if (value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0)) return 'null'
	if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`
	if (isRecord(value)) {
		return `{${Object.keys(value)
			.sort()
			.map((key) => `${JSON.stringify(key)}:${canonical(value[key])}`)
			.join(',')}}`
	}
	return JSON.stringify(value)
}

/**
 * The field changes between two snapshots of a record of `entity` (either may be null: a
 * creation lists what it was created with, a deletion what it held). Nested objects are
 * compared field by field (`session.browser`); maps keyed by record ids (a quota's unit
 * targets) give a change per record. A snapshot that is not an object is one change of `value`.
 */
export function auditChanges(entity: string, before: unknown, after: unknown, prefix = ''): AuditChange[] {
	if ((before !== null && before !== undefined && !isRecord(before)) || (after !== null && after !== undefined && !isRecord(after))) {
		return same(before, after) ? [] : [{ field: prefix || 'value', before: auditValue(entity, prefix, before), after: auditValue(entity, prefix, after) }]
	}
	const b = isRecord(before) ? before : {}
	const a = isRecord(after) ? after : {}
	const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])]
	return keys.flatMap((key): AuditChange[] => {
		if (SKIPPED.has(key) || same(b[key], a[key])) return []
		const field = prefix ? `${prefix}.${key}` : key
		const keyedBy = KEYED_BY[key]
		if (keyedBy && (isRecord(b[key]) || isRecord(a[key]))) {
			const was = isRecord(b[key]) ? b[key] : {}
			const is = isRecord(a[key]) ? a[key] : {}
			return [...new Set([...Object.keys(was), ...Object.keys(is)])]
				.filter((id) => !same(was[id], is[id]))
				.map((id) => ({
					field,
					subject: { kind: 'ref', entity: keyedBy, id },
					before: auditValue(entity, key, was[id]),
					after: auditValue(entity, key, is[id]),
				}))
		}
		if ((isRecord(b[key]) || isRecord(a[key])) && !REF_FIELDS[key]) return auditChanges(entity, b[key] ?? null, a[key] ?? null, field)
		return [{ field, before: auditValue(entity, key, b[key]), after: auditValue(entity, key, a[key]) }]
	})
}

/** Every record the values point at, for the model to name them in one query per kind. */
export function auditRefs(values: Iterable<AuditValue>) {
	const refs = new Map<AuditRefEntity, Set<string>>()
	const visit = (value: AuditValue) => {
		if (value.kind === 'ref') {
			const ids = refs.get(value.entity) ?? new Set<string>()
			ids.add(value.id)
			refs.set(value.entity, ids)
		} else if (value.kind === 'list') value.items.forEach(visit)
		else if (value.kind === 'figure') visit(value.link)
		else if (value.kind === 'scenarioChange') scenarioChangeRefs(value.change).forEach(visit)
	}
	for (const value of values) visit(value)
	return refs
}

/** The records a scenario change names, as refs. */
function scenarioChangeRefs(change: ScenarioChange): AuditValue[] {
	const ref = (entity: AuditRefEntity, id: string): AuditValue => ({ kind: 'ref', entity, id })
	switch (change.kind) {
		case 'company':
			return [ref('Company', change.companyId), ...(change.linkId === null ? [] : [ref('ChainLink', change.linkId)])]
		case 'capacity':
			return [ref('ChainLink', change.linkId), ref('ChainLinkUnit', change.linkId)]
		case 'external':
			return [ref('ChainLink', change.linkId)]
		case 'factor':
			return [ref('ChainEdge', change.edgeId)]
		case 'planned':
			return [ref(change.record === 'lead' ? 'Lead' : 'Project', change.recordId)]
	}
}

/** A scenario change in words: what it does and to which named records (a record deleted since is named as such). */
function describeScenarioChange(change: ScenarioChange, format: AuditFormat): string {
	const { t } = format
	const locale = format.locale ?? 'zh-CN'
	const name = (entity: AuditRefEntity, id: string) => formatAuditValue({ kind: 'ref', entity, id }, format)
	switch (change.kind) {
		case 'company': {
			const company = name('Company', change.companyId)
			const link = change.linkId === null ? t('scenarios.change.everyLink') : name('ChainLink', change.linkId)
			return change.cutPercent >= 100
				? t('scenarios.change.companyStops', { company, link })
				: t('scenarios.change.companyCuts', { company, link, share: formatPercent(change.cutPercent / 100, locale) })
		}
		case 'capacity':
			return t(change.delta > 0 ? 'scenarios.change.capacityUp' : 'scenarios.change.capacityDown', {
				link: name('ChainLink', change.linkId),
				amount: formatQuantity(Math.abs(change.delta), format.names[refKey('ChainLinkUnit', change.linkId)] ?? '', locale).trim(),
			})
		case 'external':
			return t('scenarios.change.external', { link: name('ChainLink', change.linkId), share: formatPercent(change.cutPercent / 100, locale) })
		case 'factor':
			return t('audit.scenario.factor', {
				edge: name('ChainEdge', change.edgeId),
				value: new Intl.NumberFormat(locale, { maximumSignificantDigits: 4 }).format(change.value),
			})
		case 'planned': {
			const record = t(`scenarios.change.plannedRecord.${change.record}`, { name: name(change.record === 'lead' ? 'Lead' : 'Project', change.recordId) })
			const from = change.fromYear === null ? t('scenarios.change.plannedFromExpected') : t('scenarios.change.plannedFrom', { year: change.fromYear })
			return t('audit.scenario.planned', { record, from })
		}
	}
}

/** How a referenced record is named: `Entity:id` → its name. */
export type AuditNames = Record<string, string>
export const refKey = (entity: string, id: string) => `${entity}:${id}`

type Translate = (key: string, options?: Record<string, unknown>) => string

export type AuditFormat = {
	t: Translate
	names: AuditNames
	date: (iso: string) => string
	dateTime: (iso: string) => string
	money: (cny: number) => string
	number: (value: number) => string
	/** For quantities and shares in a scenario change; zh-CN when not given. */
	locale?: Locale
}

/** A value in words, as the page and the CSV export show it. */
export function formatAuditValue(value: AuditValue, format: AuditFormat): string {
	const { t } = format
	switch (value.kind) {
		case 'empty':
			return '—'
		case 'text':
			return value.text
		case 'date':
			return format.date(value.date)
		case 'datetime':
			return format.dateTime(value.at)
		case 'money':
			return format.money(value.cny)
		case 'number':
			return format.number(value.value)
		case 'boolean':
			return value.value ? t('app.yes') : t('app.no')
		case 'code':
			return t(value.key, { defaultValue: value.raw })
		case 'ref':
			return format.names[refKey(value.entity, value.id)] ?? t('audit.gone', { id: value.id.slice(0, 8) })
		case 'tag': {
			const tag = t(`tags.${value.tag}`, { defaultValue: value.tag })
			return value.year === null ? tag : t('companies.tagWithYear', { tag, year: value.year })
		}
		case 'alias':
			return t('audit.alias', { name: value.name, kind: t(value.aliasKind === 'short' ? 'companyDb.fields.shortName' : 'companyDb.fields.formerNames') })
		case 'list':
			return value.items.map((item) => formatAuditValue(item, format)).join(format.locale === 'en' ? '; ' : '、')
		case 'figure':
			return t('audit.figure', {
				link: formatAuditValue(value.link, format),
				year: value.year ?? '—',
				capacity: value.capacity === null ? '—' : format.number(value.capacity),
				output: value.output === null ? '—' : format.number(value.output),
			})
		case 'scenarioChange':
			return describeScenarioChange(value.change, format)
	}
}

/** A field's label: `audit.fields.<field>` for known fields, the field's own name otherwise. */
export function auditFieldLabel(change: AuditChange, format: AuditFormat) {
	const last = change.field.split('.').pop() ?? change.field
	const label = format.t(`audit.fields.${last}`, { defaultValue: change.field })
	return change.subject ? format.t('audit.fieldOf', { field: label, subject: formatAuditValue(change.subject, format) }) : label
}
