import { z } from 'zod'
import { userText } from '~/domain/text/text-field'

// Filters of the audit log (/audit and its CSV export), read from the URL. A value that does
// not parse is not silently dropped: the page shows its message beside the filter (the typed
// text stays in the field) and lists the log without that one filter.

/** Every kind of record the log writes rows about (recordAudit's `entity`). */
export const AUDIT_ENTITIES = [
	'Company',
	'CompanyLink',
	'Lead',
	'Activity',
	'Project',
	'StageEvidence',
	'Chain',
	'ChainLink',
	'ChainEdge',
	'Quota',
	'QuotaManualEntry',
	'PolicyDocument',
	'Unit',
	'IssuedReport',
	'Scenario',
	'ServiceLevelSetting',
	'NotifyChannel',
	'CalendarFeed',
	'ImportBatch',
	'Export',
	'User',
	'Login',
	'LoginThrottle',
] as const
export type AuditEntity = (typeof AUDIT_ENTITIES)[number]

export const AUDIT_PAGE_SIZE = 50
const MAX_PAGE = 100_000

const day = userText()
	.trim()
	.refine(
		(v) => v === '' || (/^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v)),
		'audit.filters.badDate',
	)

const auditQuerySchema = z.object({
	/** User id; '' all users. */
	user: userText().trim().max(40, 'audit.filters.badUser'),
	entity: z.union([z.enum(AUDIT_ENTITIES), z.literal('')], 'audit.filters.badEntity'),
	/** The record's id (entityId); set from a row's "only this record". */
	object: userText().trim().max(100, 'audit.filters.badObject'),
	/** China calendar days, both included. */
	from: day,
	to: day,
	page: z.coerce.number('audit.filters.badPage').int('audit.filters.badPage').min(1, 'audit.filters.badPage').max(MAX_PAGE, 'audit.filters.badPage'),
})

export type AuditQuery = z.output<typeof auditQuerySchema>
type AuditQueryField = keyof AuditQuery

const DEFAULTS: AuditQuery = { user: '', entity: '', object: '', from: '', to: '', page: 1 }

/** The filters as typed, for the form to show again whatever they hold. */
export type AuditQueryInput = Record<Exclude<AuditQueryField, 'page'>, string>

/**
 * The filters of the URL: the valid ones, the text typed into each field, and an i18n key per
 * field that did not parse (that filter is left out). A range whose start is after its end is
 * refused on `to`.
 */
export function parseAuditQuery(params: URLSearchParams): { query: AuditQuery; input: AuditQueryInput; errors: Partial<Record<AuditQueryField, string>> } {
	const raw = (name: string) => (params.get(name) ?? '').slice(0, 200)
	const input: AuditQueryInput = { user: raw('user'), entity: raw('entity'), object: raw('object'), from: raw('from'), to: raw('to') }
	const candidate = { ...input, page: params.get('page') || '1' }
	const errors: Partial<Record<AuditQueryField, string>> = {}
	const parsed = auditQuerySchema.safeParse(candidate)
	if (parsed.success) {
		if (parsed.data.from && parsed.data.to && parsed.data.from > parsed.data.to) {
			return { query: { ...parsed.data, to: '' }, input, errors: { to: 'audit.filters.badRange' } }
		}
		return { query: parsed.data, input, errors }
	}
	for (const issue of parsed.error.issues) {
		const field = issue.path[0] as AuditQueryField
		errors[field] ??= issue.message
	}
	const query = { ...DEFAULTS }
	for (const field of Object.keys(DEFAULTS) as AuditQueryField[]) {
		if (errors[field]) continue
		const one = auditQuerySchema.shape[field].safeParse(candidate[field])
		if (one.success) Object.assign(query, { [field]: one.data })
	}
	return { query, input, errors }
}

/** The query string of the filters (no page, no blanks): the export's link and the pager's base. */
export function auditQuerySearch(query: AuditQuery, page?: number) {
	const params = new URLSearchParams()
	for (const field of ['user', 'entity', 'object', 'from', 'to'] as const) if (query[field]) params.set(field, query[field])
	if (page && page > 1) params.set('page', String(page))
	return params.toString()
}

/** The instant a China calendar day starts (UTC+8 all year). */
export function chinaDayStart(day: string) {
	return new Date(`${day}T00:00:00+08:00`)
}

/** The first instant after a China calendar day. */
export function chinaDayEnd(day: string) {
	return new Date(chinaDayStart(day).getTime() + 24 * 60 * 60 * 1000)
}
