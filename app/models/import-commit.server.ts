// The commit of an import (companies, leads, projects): the lookups the checks read, the plan and its publish in one
// transaction, the batch's record rows. Undo is in import-undo.server.ts, the history and mappings in import-history.server.ts.
import { randomUUID } from 'node:crypto'
import { setImmediate as yieldToEventLoop } from 'node:timers/promises'
import { type Db } from '~/db.server'
import { chainInReach } from '~/domain/capacity/planned'
import { type ImportKind } from '~/domain/import/fields'
import { type Sheet } from '~/domain/import/read-file'
import {
	buildLookups,
	type CompanyTarget,
	type CompanyProbe,
	companyMatchesProbe,
	companyProbe,
	type CompanyValues,
	type ProjectValues,
	type ValidatedRow,
	type Validation,
	validateImportInSlices,
	type ValidationOptions,
} from '~/domain/import/validate'
import { OPEN_LEAD_STAGES } from '~/domain/lead/stages'
import { nameSortKey } from '~/domain/names/sort-key'
import { STAGE_DATE_SELECT } from '~/domain/project/stages'
import { type RegionScope } from '~/domain/region/scope'
import { Prisma } from '~/generated/prisma/client'
import { recordAudit } from './audit.server'
import { listClosedReports } from './closed-period.server'
import { flushCompanySearch } from './company-search.server'
import { markImportJobCommitted } from './import-job.server'
import { installationHomeRegion, loadRegionNodes, regionWhere } from './region.server'
import { type JsonField, jsonRows, jsonStrings } from './sql-dialect.server'
import { sqliteDateTime } from './sqlite-bulk.server'

type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0]
type Client = Db | Tx

/** A row an undo would throw away: created or updated by the batch and changed since, with who changed it and when. */
export type ChangedRecord = { entity: string; entityId: string; label: string; at: string; by: string | null }

/** A refusal the user should read, as an i18n key. */
export class ImportError extends Error {
	constructor(
		readonly messageKey: string,
		readonly params: Record<string, string | number> = {},
		readonly status: 403 | 409 = 409,
		/** Records behind the refusal (e.g. rows changed since the import), for the page to list. */
		readonly records: ChangedRecord[] = [],
	) {
		super(messageKey)
		this.name = 'ImportError'
	}
}

// ---------- lookups ----------

/** Rows per page of the large lookups. */
const LOOKUP_PAGE = 5000

/**
 * Every row of a large table, a page at a time by id with a pause between
 * pages: reading 150,000 companies in one query held the event loop for seconds.
 */
async function inPages<T extends { id: string }>(
	page: (after: { id: { gt: string } } | undefined) => Promise<T[]>,
	keep: (row: NoInfer<T>) => boolean = () => true,
) {
	const all: T[] = []
	for (let last: string | undefined; ;) {
		const rows = await page(last === undefined ? undefined : { id: { gt: last } })
		for (const row of rows) if (keep(row)) all.push(row)
		if (rows.length < LOOKUP_PAGE) return all
		last = rows[rows.length - 1]!.id
		await yieldToEventLoop()
	}
}

/**
 * What validation needs from the database for `kind`. Leads and projects are those
 * of the importer's regions only (ADR 0026): a row never matches, so never updates,
 * a record the importer cannot see; owners are the accounts of those regions.
 * Of the company register, only the companies `probe` names are kept
 * (`companyProbe` of the sheet being checked), so the lookups grow with the file,
 * not with the register; `'all'` keeps every company (tests compare the two).
 */
export async function loadImportLookups(db: Client, kind: ImportKind, scope: RegionScope, probe: CompanyProbe | 'all', newRecordRegionId: string | null) {
	const inScope = regionWhere(scope)
	const paged = { orderBy: { id: 'asc' }, take: LOOKUP_PAGE } as const
	const companies = await inPages(
		(where) => db.company.findMany({ where, ...paged, select: { id: true, name: true, uscc: true, createdAt: true, aliases: { select: { name: true } } } }),
		(company) => probe === 'all' || companyMatchesProbe(probe, company),
	)
	// Oldest first, as before paging: on a name shared by two companies the older one is the match.
	companies.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : 1))
	const [regions, units, users, openLeads, projects, closedReports, companyFacts, chainLinks, plannedLinks] = await Promise.all([
		db.region.findMany({ select: { id: true, name: true, nameEn: true } }),
		db.unit.findMany({ select: { id: true, name: true, nameEn: true } }),
		db.user.findMany({ where: kind === 'companies' ? {} : inScope, select: { id: true, username: true, name: true } }),
		kind === 'leads'
			? db.lead.findMany({
					where: { stage: { in: [...OPEN_LEAD_STAGES] }, ...inScope },
					orderBy: { createdAt: 'asc' },
					select: { id: true, companyId: true, ownerId: true, unitId: true, ...PLANNED_SELECT },
				})
			: [],
		kind === 'projects'
			? db.project.findMany({
					where: inScope,
					orderBy: { createdAt: 'asc' },
					select: {
						id: true,
						title: true,
						companyId: true,
						stage: true,
						type: true,
						investmentCNY: true,
						incrementCNY: true,
						isClusterLeading: true,
						...STAGE_DATE_SELECT,
						ownerId: true,
						responsibleUnitId: true,
						regionId: true,
						commitStartBy: true,
						commitProduceBy: true,
						...PLANNED_SELECT,
						links: { select: { linkId: true } },
					},
				})
			: [],
		kind === 'projects' || kind === 'companies' ? listClosedReports(db) : [],
		kind === 'companies' ? companyFactsOf(db, probe === 'all' ? 'all' : companies.map((c) => c.id)) : [],
		kind === 'projects' ? db.chainLink.findMany({ select: { id: true, name: true, nameEn: true } }) : [],
		kind === 'companies' ? [] : plannedLinksInReach(db, scope, newRecordRegionId),
	])
	return buildLookups({
		companies,
		regions,
		units,
		users,
		openLeads,
		projects: projects.map(({ links, ...project }) => ({ ...project, linkIds: links.map((l) => l.linkId) })),
		closedReports,
		newRecordRegionId,
		companyFacts,
		chainLinks,
		plannedLinks,
	})
}

const PLANNED_SELECT = { plannedLinkId: true, plannedOutput: true, plannedFromYear: true } as const

/**
 * The links a row's 规划产能环节 may name (ADR 0040): the material links of the chains in reach of
 * the importer's regions and of the region its new records take, as the forms offer them.
 */
async function plannedLinksInReach(db: Client, scope: RegionScope, recordRegionId: string | null) {
	const [links, regions] = await Promise.all([
		db.chainLink.findMany({ where: { stage: { not: 'supporting' } }, select: { id: true, name: true, nameEn: true, chain: { select: { regionId: true } } } }),
		loadRegionNodes(db),
	])
	return links
		.filter((l) => chainInReach({ chainRegionId: l.chain.regionId, scope, recordRegionId, regions }))
		.map(({ id, name, nameEn }) => ({ id, name, nameEn }))
}

/** The tags and revenue (what issued reports count) of the companies an import may update. */
async function companyFactsOf(db: Client, ids: string[] | 'all') {
	const select = { id: true, regionId: true, revenueCNY: true, tags: { select: { tag: true, grantedYear: true } } } as const
	if (ids === 'all') return inPages((where) => db.company.findMany({ where, orderBy: { id: 'asc' }, take: LOOKUP_PAGE, select }))
	const facts = []
	for (const chunk of chunks(ids)) facts.push(...(await db.company.findMany({ where: { id: { in: chunk } }, select })))
	return facts
}

// ---------- commit ----------

export type ImportRequest = {
	kind: ImportKind
	sheet: Pick<Sheet, 'headers' | 'rows'>
	options: ValidationOptions
	fileName: string
	userId: string | null
}

type ImportRowError = { row: number; column: string | null; messageKey: string; params?: Record<string, string | number> }

export type ImportOutcome = {
	rows: number
	created: number
	updated: number
	skipped: number
	errors: ImportRowError[]
	batchId: string | null
}

type Progress = (done: number, total: number) => void

/** The errors that block a commit: every error of every row that is not skipped. */
function blockingErrors(validation: Validation): ImportRowError[] {
	return validation.rows.flatMap((row) =>
		row.values || row.action === 'skip'
			? []
			: row.issues
					.filter((issue) => issue.level === 'error')
					.map((issue) => ({ row: row.row, column: issue.column, messageKey: issue.messageKey, ...(issue.params ? { params: issue.params } : {}) })),
	)
}

/**
 * A cheap summary of the rows validation reads for `kind`: while it stays the
 * same, a plan made from those rows still holds. Counts catch inserts and
 * deletes; the newest updatedAt catches edits (imports and forms that change a
 * company's names or tags also touch the company).
 */
export async function dependencyMark(db: Client, kind: ImportKind) {
	const changes = { _count: { _all: true }, _max: { updatedAt: true, createdAt: true } } as const
	const marks = await Promise.all([
		db.company.aggregate(changes),
		db.companyAlias.count(),
		db.companyTag.count(),
		db.region.aggregate({ _count: { _all: true }, _max: { createdAt: true } }),
		db.unit.aggregate({ _count: { _all: true }, _max: { createdAt: true } }),
		db.user.aggregate(changes),
		db.issuedReport.aggregate({ _count: { _all: true }, _max: { issuedAt: true } }),
		kind === 'leads' ? db.lead.aggregate(changes) : null,
		kind === 'projects' ? db.project.aggregate(changes) : null,
		kind === 'projects' ? db.projectLink.count() : null,
		kind === 'projects' ? db.chainLink.count() : null,
	])
	return JSON.stringify(marks)
}

/** An import checked against the database, ready to be written. */
export type ImportPlan = { request: ImportRequest; validation: Validation; mark: string; outcome: ImportOutcome }

/**
 * Validates an import without taking the write lock: reading every company and
 * checking every row takes seconds on a large file, and other users keep
 * writing meanwhile. `outcome` carries the blocking errors, if any.
 */
export async function planImport(db: Db, request: ImportRequest): Promise<ImportPlan> {
	// Taken before the lookups: a change after it shows up at publish.
	const mark = await dependencyMark(db, request.kind)
	const validation = await validateImportInSlices(request.kind, request.sheet, await lookupsFor(db, request), request.options)
	return { request, validation, mark, outcome: outcomeOf(validation) }
}

/** The importer's regions; the CLI (no importer) runs as the machine's operator and sees everything. */
const importerScope = (request: ImportRequest): RegionScope => request.options.importer?.scope ?? { kind: 'all' }
/** The region of new leads and projects: the importer's, or for the CLI the installation's home region (ADR 0026). */
export async function newRecordRegionOf(db: Client, importer: { regionId: string | null } | null) {
	return importer ? importer.regionId : installationHomeRegion(db)
}

/** The lookups of `request`: its importer's regions, and the companies its file names. */
const lookupsFor = async (db: Client, request: ImportRequest) =>
	loadImportLookups(
		db,
		request.kind,
		importerScope(request),
		companyProbe(request.kind, request.sheet, request.options),
		await newRecordRegionOf(db, request.options.importer),
	)

function outcomeOf(validation: Validation): ImportOutcome {
	const { summary } = validation
	const errors = blockingErrors(validation)
	const outcome = { rows: summary.rows, created: summary.create, updated: summary.update, skipped: summary.skip, errors, batchId: null }
	return errors.length > 0 ? { ...outcome, created: 0, updated: 0 } : outcome
}

/**
 * Writes a plan, all or nothing, in one transaction that holds the write lock
 * only for the writing. When something the plan read has changed since, the
 * rows are checked again inside the transaction, against the database as it is
 * now, so the plan's conclusions (duplicates, closed periods…) never go stale.
 */
export async function publishImport(db: Db, plan: ImportPlan, { onProgress, jobId }: { onProgress?: Progress; jobId?: string } = {}): Promise<ImportOutcome> {
	const { request } = plan
	return db.$transaction(
		async (tx) => {
			const current = (await dependencyMark(tx, request.kind)) === plan.mark
			const validation = current ? plan.validation : await validateImportInSlices(request.kind, request.sheet, await lookupsFor(tx, request), request.options)
			const outcome = current ? plan.outcome : outcomeOf(validation)
			if (outcome.errors.length > 0 || outcome.created + outcome.updated === 0) return outcome
			const batchId = await writeImport(tx, request, validation, onProgress)
			if (jobId) await markImportJobCommitted(tx, jobId, { batchId, created: outcome.created, updated: outcome.updated, skipped: outcome.skipped })
			return { ...outcome, batchId }
		},
		// Large files take seconds to write; the default 5 s would abort them.
		{ timeout: 10 * 60_000 },
	)
}

/**
 * Validates and writes an import, all or nothing (planImport, then
 * publishImport): any error leaves the database untouched. Writes one
 * ImportBatch, an ImportRecord per created or updated row (updates keep the
 * fields' values before) and one audit entry; with `jobId`, that import job
 * turns committed in the same transaction. Used by the web page's commit job and
 * by the CLI.
 */
export async function runImport(
	db: Db,
	request: ImportRequest,
	{ dryRun = false, onProgress, jobId }: { dryRun?: boolean; onProgress?: Progress; jobId?: string } = {},
): Promise<ImportOutcome> {
	const plan = await planImport(db, request)
	if (dryRun || plan.outcome.errors.length > 0 || plan.outcome.created + plan.outcome.updated === 0) return plan.outcome
	const outcome = await publishImport(db, plan, { onProgress, jobId })
	// The import is committed; the search index catches up (searches are right meanwhile, only slower, ADR 0018).
	if (outcome.batchId) {
		await flushCompanySearch(db).catch((error: unknown) => console.error('updating the company search index failed', error))
	}
	return outcome
}

/**
 * A unique key taken between validation and write (another request on the shared
 * connection, e.g. the same USCC saved meanwhile) fails the whole import with a
 * message instead of a crash. Raw statements report it as P2010 with the driver's kind.
 */
function asConflict(error: unknown): never {
	if (error instanceof Prisma.PrismaClientKnownRequestError) {
		const cause = (error.meta?.driverAdapterError as { cause?: { kind?: string } } | undefined)?.cause
		if (error.code === 'P2002' || (error.code === 'P2010' && cause?.kind === 'UniqueConstraintViolation')) throw new ImportError('importer.commit.conflict')
	}
	throw error
}

type WriteContext = {
	tx: Tx
	batchId: string
	userId: string | null
	/** The region of new leads and projects (newRecordRegionOf). */
	regionId: string | null
	now: Date
	records: RecordRow[]
	step: (rows: number) => Promise<void>
}

export type RecordRow = { entity: 'Company' | 'Lead' | 'Project' | 'LeadStageChange'; entityId: string; action: 'create' | 'update'; before: string | null }

async function writeImport(tx: Tx, request: ImportRequest, validation: Validation, onProgress: Progress | undefined) {
	const rows = validation.rows.filter((row) => row.values && row.action !== 'skip')
	const missingCompanies = new Set(rows.flatMap((row) => ('company' in row.values! && !('id' in row.values.company) ? [row.values.company.key] : [])))
	const total = rows.length + missingCompanies.size
	let done = 0
	const now = new Date()
	const { summary } = validation
	const batch = await tx.importBatch.create({
		data: {
			kind: request.kind,
			fileName: request.fileName,
			userId: request.userId,
			rowCount: summary.rows,
			created: summary.create,
			updated: summary.update,
			skipped: summary.skip,
			createdAt: now,
		},
		select: { id: true, kind: true, fileName: true, rowCount: true, created: true, updated: true, skipped: true },
	})
	const context: WriteContext = {
		tx,
		batchId: batch.id,
		userId: request.userId,
		regionId: await newRecordRegionOf(tx, request.options.importer),
		now,
		records: [],
		async step(n) {
			done += n
			onProgress?.(done, total)
			// Lets the progress poll (and other requests) through between chunks.
			await yieldToEventLoop()
		},
	}
	onProgress?.(0, total)
	try {
		if (request.kind === 'companies') await writeCompanies(context, rows as ValidatedRow<'companies'>[])
		else if (request.kind === 'leads') await writeLeads(context, rows as ValidatedRow<'leads'>[], request.options.defaultOwnerId)
		else await writeProjects(context, rows as ValidatedRow<'projects'>[])
		await insertRecords(context)
	} catch (error) {
		asConflict(error)
	}
	await recordAudit(tx, { userId: request.userId, entity: 'ImportBatch', entityId: batch.id, action: 'create', after: batch })
	return batch.id
}

/**
 * Rows per bulk INSERT (one JSON parameter each). Each statement runs
 * synchronously in better-sqlite3; 500 rows keep it to tens of milliseconds, so
 * other requests are answered between chunks.
 */
const INSERT_CHUNK = 500
/** Ids per `in` list: Prisma refuses queries with more bound parameters than SQLite's classic 999. */
const ID_CHUNK = 500

export function chunks<T>(items: readonly T[], size = ID_CHUNK) {
	const out: T[][] = []
	for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
	return out
}

const bigint = (value: number | undefined) => (value === undefined ? undefined : BigInt(value))
const newId = () => randomUUID()

// ---------- companies ----------

type NewCompany = {
	id: string
	name: string
	uscc: string | null
	isLocal: boolean
	regionId: string | null
	revenueCNY: bigint | null
	employees: number | null
	registeredCapitalCNY: bigint | null
	industry: string | null
	contactName: string | null
	contactPhone: string | null
	address: string | null
	description: string | null
	source: string | null
	aliases: { kind: 'short' | 'former'; name: string }[]
	tags: string[]
	tagYears: Record<string, number>
}

function newCompany(values: Partial<CompanyValues> & { name: string }): NewCompany {
	const aliases = [
		...(values.shortName ? [{ kind: 'short' as const, name: values.shortName }] : []),
		...(values.formerNames ?? []).map((name) => ({ kind: 'former' as const, name })),
	]
	return {
		id: newId(),
		name: values.name,
		uscc: values.uscc ?? null,
		// A company is outside the county unless the file says 本地.
		isLocal: values.isLocal ?? false,
		regionId: values.regionId ?? null,
		revenueCNY: bigint(values.revenueCNY) ?? null,
		employees: values.employees ?? null,
		registeredCapitalCNY: bigint(values.registeredCapitalCNY) ?? null,
		industry: values.industry ?? null,
		contactName: values.contactName ?? null,
		contactPhone: values.contactPhone ?? null,
		address: values.address ?? null,
		description: values.description ?? null,
		source: values.source ?? null,
		aliases: [...new Map(aliases.map((a) => [`${a.kind}:${a.name}`, a])).values()],
		tags: values.tags ?? [],
		tagYears: values.tagYears ?? {},
	}
}

/**
 * Bulk INSERT … SELECT from one bound JSON parameter per chunk, unpacked by the
 * database (jsonRows: json_each on SQLite, jsonb_to_recordset on PostgreSQL).
 * Prisma's createMany, and multi-row VALUES with thousands of bound parameters,
 * are several times slower on SQLite (toolchain notes §3). The SQL is a tagged
 * template; the data never becomes SQL text.
 */
const NEW_COMPANY_FIELDS = {
	id: 'text',
	name: 'text',
	nameSortKey: 'text',
	uscc: 'text',
	isLocal: 'boolean',
	regionId: 'text',
	revenueCNY: 'bigint',
	employees: 'integer',
	registeredCapitalCNY: 'bigint',
	industry: 'text',
	contactName: 'text',
	contactPhone: 'text',
	address: 'text',
	description: 'text',
	source: 'text',
} as const satisfies Record<string, JsonField>

async function insertCompanies(context: WriteContext, companies: NewCompany[]) {
	const { tx, now } = context
	for (const chunk of chunks(companies, INSERT_CHUNK)) {
		const rows = JSON.stringify(
			chunk.map((c) => ({
				...c,
				nameSortKey: nameSortKey(c.name),
				isLocal: c.isLocal ? 1 : 0,
				revenueCNY: c.revenueCNY?.toString() ?? null,
				registeredCapitalCNY: c.registeredCapitalCNY?.toString() ?? null,
			})),
		)
		await tx.$executeRaw`INSERT INTO "Company" ("id", "name", "nameSortKey", "uscc", "kind", "isLocal", "regionId", "revenueCNY", "employees", "registeredCapitalCNY", "industry", "contactName", "contactPhone", "address", "description", "source", "isSample", "createdAt", "updatedAt")
			SELECT j."id", j."name", j."nameSortKey", j."uscc", 'enterprise', j."isLocal", j."regionId", j."revenueCNY", j."employees",
				j."registeredCapitalCNY", j."industry", j."contactName", j."contactPhone", j."address", j."description", j."source", FALSE, ${now}, ${now}
			FROM ${jsonRows(rows, NEW_COMPANY_FIELDS, 'j')}`
		const aliases = JSON.stringify(chunk.flatMap((c) => c.aliases.map((a) => ({ id: newId(), companyId: c.id, kind: a.kind, name: a.name }))))
		await tx.$executeRaw`INSERT INTO "CompanyAlias" ("id", "companyId", "kind", "name") SELECT j."id", j."companyId", j."kind", j."name" FROM ${jsonRows(aliases, { id: 'text', companyId: 'text', kind: 'text', name: 'text' }, 'j')}`
		const tags = JSON.stringify(chunk.flatMap((c) => c.tags.map((tag) => ({ companyId: c.id, tag, grantedYear: c.tagYears[tag] ?? null }))))
		await tx.$executeRaw`INSERT INTO "CompanyTag" ("companyId", "tag", "grantedYear") SELECT j."companyId", j."tag", j."grantedYear" FROM ${jsonRows(tags, { companyId: 'text', tag: 'text', grantedYear: 'integer' }, 'j')}`
		for (const c of chunk) context.records.push({ entity: 'Company', entityId: c.id, action: 'create', before: null })
		await context.step(chunk.length)
	}
}

async function insertRecords({ tx, batchId, records }: WriteContext) {
	for (const chunk of chunks(records, INSERT_CHUNK)) {
		const rows = JSON.stringify(chunk.map((r) => ({ ...r, id: newId() })))
		await tx.$executeRaw`INSERT INTO "ImportRecord" ("id", "batchId", "entity", "entityId", "action", "before")
			SELECT j."id", ${batchId}, j."entity", j."entityId", j."action", j."before"
			FROM ${jsonRows(rows, { id: 'text', entity: 'text', entityId: 'text', action: 'text', before: 'text' }, 'j')}`
	}
}

/** JSON of the values an update replaced; BigInt as text, dates as ISO strings. */
function snapshot(before: Record<string, unknown>) {
	return JSON.stringify(before, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value))
}

// ---------- set-based updates ----------

/**
 * How a column an import may update travels in the JSON of a set-based update:
 * as is (text, whole numbers), an amount (BigInt, as text, cast back), a yes/no
 * (1/0) or a date (ISO text, as the Prisma adapter stores DateTime).
 */
type ColumnKind = 'value' | 'integer' | 'float' | 'bigint' | 'boolean' | 'date'
type Columns = Readonly<Record<string, ColumnKind>>

/** The columns as a Prisma select. */
const selectOf = <C extends Columns>(columns: C) => Object.fromEntries(Object.keys(columns).map((c) => [c, true])) as { readonly [K in keyof C]: true }
const keysOf = <T extends object>(select: T) => Object.keys(select) as (keyof T & string)[]

function jsonValue(kind: ColumnKind, value: unknown) {
	if (value === null || value === undefined) return null
	if (kind === 'bigint') return (value as bigint).toString()
	if (kind === 'boolean') return value ? 1 : 0
	if (kind === 'date') return sqliteDateTime(value as Date)
	return value
}

/** A chunk's change of one row: every column as it will be stored, and what the row held before (for undo). */
type RowChange<S> = { id: string; before: Record<string, unknown>; stored: S }

/**
 * Writes every column of the changed rows in one statement, `UPDATE … SET … FROM
 * json_each(?)` (the chunk's rows in one bound JSON parameter), moving `updatedAt`
 * (a running import's plan watches it) and the version (edit forms opened before
 * are stale, ADR 0015). One statement per chunk rather than one or more per row:
 * row by row, a 20,000-row update held the write lock for most of a minute (ADR
 * 0014). Table and column names are code constants; every value is bound.
 */
async function updateRows<C extends Columns>(context: WriteContext, table: UpdatedTable, columns: C, changes: readonly RowChange<Record<keyof C, unknown>>[]) {
	await setRows(context.tx, table, columns, changes, context.now)
	for (const change of changes) context.records.push({ entity: table, entityId: change.id, action: 'update', before: snapshot(change.before) })
}

type UpdatedTable = 'Company' | 'Lead' | 'Project'

/** The sort key column each table's rows carry beside the value it sorts (setRows writes both). */
const SORT_KEY_OF: Record<UpdatedTable, { key: string; from: string } | null> = {
	Company: { key: 'nameSortKey', from: 'name' },
	Lead: null,
	Project: { key: 'titleSortKey', from: 'title' },
}

/** The statement of updateRows (and of undo's restores): every column of each row as given, updatedAt and version moved. */
export async function setRows(
	tx: Tx,
	table: UpdatedTable,
	columns: Columns,
	changes: readonly { id: string; stored: Readonly<Record<string, unknown>> }[],
	now: Date,
) {
	if (changes.length === 0) return
	// The name's (title's) 拼音 sort key goes with it (ADR 0027).
	const sortKey = SORT_KEY_OF[table]
	const withKey: Columns = sortKey ? { ...columns, [sortKey.key]: 'value' } : columns
	const names = Object.keys(withKey)
	const value = (stored: Readonly<Record<string, unknown>>, c: string): unknown =>
		sortKey?.key === c ? nameSortKey(String(stored[sortKey.from])) : jsonValue(withKey[c]!, stored[c])
	const rows = JSON.stringify(
		changes.map(({ id, stored }) => Object.fromEntries<unknown>([['id', id], ...names.map((c): [string, unknown] => [c, value(stored, c)])])),
	)
	const sets = names.map((c) => {
		if (!/^[A-Za-z]+$/.test(c)) throw new Error(`not a column name: ${c}`)
		return Prisma.raw(`"${c}" = j."${c}"`)
	})
	const fields = Object.fromEntries([['id', 'text'], ...names.map((c) => [c, withKey[c] === 'value' ? 'text' : withKey[c]])]) as Record<string, JsonField>
	await tx.$executeRaw`UPDATE ${Prisma.raw(`"${table}"`)} SET ${Prisma.join(sets, ', ')}, "updatedAt" = ${now}, "version" = "version" + 1
		FROM ${jsonRows(rows, fields, 'j')} WHERE ${Prisma.raw(`"${table}"."id"`)} = j."id"`
}

/**
 * The update rows of an import, 500 at a time: the chunk's records read in one
 * query, each row's change worked out (null: it changes nothing), the changes
 * written set-based by `apply`. A record gone since planning refuses the import.
 */
async function updateInChunks<R extends ValidatedRow, S extends { id: string }, C>(
	context: WriteContext,
	rows: readonly R[],
	read: (ids: string[]) => Promise<S[]>,
	change: (stored: S, row: R) => C | null,
	apply: (changes: C[]) => Promise<void>,
) {
	for (const chunk of chunks(rows)) {
		const byId = new Map((await read(chunk.map((r) => r.duplicate!.entityId))).map((s) => [s.id, s]))
		const changes = chunk.flatMap((row) => {
			const stored = byId.get(row.duplicate!.entityId)
			if (!stored) throw new ImportError('importer.commit.conflict')
			const c = change(stored, row)
			return c ? [c] : []
		})
		await apply(changes)
		await context.step(chunk.length)
	}
}

/** The company fields an import may update. */
export const COMPANY_COLUMNS = {
	name: 'value',
	uscc: 'value',
	registeredCapitalCNY: 'bigint',
	industry: 'value',
	contactName: 'value',
	contactPhone: 'value',
	address: 'value',
	regionId: 'value',
	isLocal: 'boolean',
	revenueCNY: 'bigint',
	employees: 'integer',
	description: 'value',
	source: 'value',
} as const satisfies Columns
export const companyScalars = selectOf(COMPANY_COLUMNS)
const companyState = { ...companyScalars, aliases: { select: { kind: true, name: true } }, tags: { select: { tag: true, grantedYear: true } } } as const

/** Company values as stored: amounts as BigInt. */
function companyData({ registeredCapitalCNY, revenueCNY, ...rest }: Partial<CompanyValues>) {
	return { ...rest, registeredCapitalCNY: bigint(registeredCapitalCNY), revenueCNY: bigint(revenueCNY) }
}

/** Same items, in any order. */
const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x))

async function writeCompanies(context: WriteContext, rows: ValidatedRow<'companies'>[]) {
	await insertCompanies(
		context,
		rows.filter((r) => r.action === 'create').map((r) => newCompany(r.values!)),
	)
	await updateInChunks(
		context,
		rows.filter((r) => r.action === 'update'),
		(ids) => context.tx.company.findMany({ where: { id: { in: ids } }, select: { id: true, ...companyState } }),
		// A row found by its name (or a short/former name) keeps the stored name; one found by USCC may rename it.
		(company, row) => companyChange(company, row.duplicate!.by === 'uscc' ? row.values! : { ...row.values!, name: undefined }),
		(changes) => applyCompanyChanges(context, changes),
	)
}

type CompanyState = Prisma.CompanyGetPayload<{ select: typeof companyState }>
type CompanyScalars = Omit<CompanyState, 'aliases' | 'tags'>

/** What an update row changes in one company, and what it held before (for undo). */
type CompanyChange = RowChange<CompanyScalars> & {
	aliases: { kind: 'short' | 'former'; names: readonly string[] }[]
	/** The full tag list, when it or a 认定 year changes. */
	tags: readonly string[] | null
	years: [tag: string, year: number][]
}

/** A company's names and tags as a change sets them (null year: no 认定 year). */
type NamesAndTags = Pick<CompanyChange, 'id' | 'aliases' | 'tags'> & { years: readonly [tag: string, year: number | null][] }

/** Overwrites the fields the row has a value for; null when the row changes nothing. */
function companyChange(company: CompanyState & { id: string }, values: Omit<CompanyValues, 'name'> & { name?: string }): CompanyChange | null {
	const { aliases: storedAliases, tags: storedTags, id, ...stored } = company
	const changed = changedFields(keysOf(companyScalars), stored, companyData(values))
	const before: Record<string, unknown> = { ...changed.before }
	const aliasesOf = (kind: string) => storedAliases.filter((a) => a.kind === kind).map((a) => a.name)
	const aliases: CompanyChange['aliases'] = []
	const aliasLists = { shortNames: ['short', values.shortName ? [values.shortName] : undefined], formerNames: ['former', values.formerNames] } as const
	for (const [key, [kind, next]] of Object.entries(aliasLists)) {
		if (!next || sameList(aliasesOf(kind), next)) continue
		before[key] = aliasesOf(kind)
		aliases.push({ kind, names: [...new Set(next)] })
	}
	const tagList = storedTags.map((t) => t.tag)
	// 认定 years the file gives (高新技术企业（2025）) that differ from the company's; tags without one keep theirs.
	const years = Object.entries(values.tagYears ?? {}).filter(([tag, year]) => storedTags.find((t) => t.tag === tag)?.grantedYear !== year)
	let tags: readonly string[] | null = null
	if ((values.tags && !sameList(tagList, values.tags)) || years.length > 0) {
		// Undo puts back the tags and every year (a tag missing from tagYears had none).
		before.tags = tagList
		const withYears = storedTags.filter((t) => t.grantedYear !== null)
		if (withYears.length > 0) before.tagYears = Object.fromEntries(withYears.map((t) => [t.tag, t.grantedYear]))
		tags = [...new Set(values.tags ?? tagList)]
	}
	if (Object.keys(before).length === 0) return null
	return { id, before, stored: { ...stored, ...changed.data }, aliases, tags, years }
}

/**
 * Writes a chunk's company changes in a few set-based statements (one JSON
 * parameter each) rather than several statements per company: a 50,000-row
 * update import would otherwise hold the write lock for a minute.
 */
async function applyCompanyChanges(context: WriteContext, changes: CompanyChange[]) {
	if (changes.length === 0) return
	// Touched even when only names or tags changed: a running import's plan watches updatedAt, edit forms the version (ADR 0015).
	await updateRows(context, 'Company', COMPANY_COLUMNS, changes)
	await setNamesAndTags(context.tx, changes)
}

/** Short and former names replaced as listed; tags set to the list (kept tags keep their rows), then the listed 认定 years. */
export async function setNamesAndTags(tx: Tx, changes: readonly NamesAndTags[]) {
	for (const kind of ['short', 'former'] as const) {
		const replaced = changes.flatMap((c) => c.aliases.filter((a) => a.kind === kind).map((a) => ({ companyId: c.id, names: a.names })))
		if (replaced.length === 0) continue
		const ids = JSON.stringify(replaced.map((r) => r.companyId))
		await tx.$executeRaw`DELETE FROM "CompanyAlias" WHERE "kind" = ${kind} AND "companyId" IN (${jsonStrings(ids)})`
		const names = JSON.stringify(replaced.flatMap((r) => r.names.map((name) => ({ id: newId(), companyId: r.companyId, name }))))
		await tx.$executeRaw`INSERT INTO "CompanyAlias" ("id", "companyId", "kind", "name") SELECT j."id", j."companyId", ${kind}, j."name" FROM ${jsonRows(names, { id: 'text', companyId: 'text', name: 'text' }, 'j')}`
	}
	const retagged = changes.filter((c) => c.tags !== null)
	if (retagged.length > 0) {
		// Tags a company keeps keep their rows, so their 认定 year survives.
		const tags = JSON.stringify(retagged.flatMap((c) => c.tags!.map((tag) => ({ companyId: c.id, tag }))))
		const ids = JSON.stringify(retagged.map((c) => c.id))
		const tagFields = { companyId: 'text', tag: 'text' } as const
		await tx.$executeRaw`DELETE FROM "CompanyTag" WHERE "companyId" IN (${jsonStrings(ids)})
			AND NOT EXISTS (SELECT 1 FROM ${jsonRows(tags, tagFields, 'k')} WHERE k."companyId" = "CompanyTag"."companyId" AND k."tag" = "CompanyTag"."tag")`
		// WHERE TRUE: SQLite's parser needs it before ON CONFLICT in an INSERT … SELECT.
		await tx.$executeRaw`INSERT INTO "CompanyTag" ("companyId", "tag") SELECT k."companyId", k."tag" FROM ${jsonRows(tags, tagFields, 'k')} WHERE TRUE ON CONFLICT DO NOTHING`
		const years = JSON.stringify(retagged.flatMap((c) => c.years.map(([tag, year]) => ({ companyId: c.id, tag, year }))))
		// Only the years that change: PostgreSQL writes an updated row anew, after the others, and a company's
		// tags are listed in the order their rows were written (ADR 0023).
		await tx.$executeRaw`UPDATE "CompanyTag" SET "grantedYear" = y."year" FROM ${jsonRows(years, { ...tagFields, year: 'integer' }, 'y')}
			WHERE "CompanyTag"."companyId" = y."companyId" AND "CompanyTag"."tag" = y."tag" AND "CompanyTag"."grantedYear" IS DISTINCT FROM y."year"`
	}
}

/** Companies named by lead/project rows that do not exist yet: created once each, then every row points at its id. */
async function companyIdsFor(context: WriteContext, rows: ValidatedRow<'leads' | 'projects'>[]) {
	const missing = new Map<string, NewCompany>()
	for (const row of rows) {
		const target = row.values!.company
		if (!('id' in target) && !missing.has(target.key)) missing.set(target.key, newCompany({ name: target.name, uscc: target.uscc ?? undefined }))
	}
	await insertCompanies(context, [...missing.values()])
	return (target: CompanyTarget) => ('id' in target ? target.id : missing.get(target.key)!.id)
}

// ---------- leads ----------

async function writeLeads(context: WriteContext, rows: ValidatedRow<'leads'>[], defaultOwnerId: string | null) {
	const { tx, now, userId } = context
	const companyId = await companyIdsFor(context, rows)
	for (const chunk of chunks(rows.filter((r) => r.action === 'create'))) {
		const leads = chunk.map(({ values }) => {
			const v = values!
			return {
				id: newId(),
				companyId: companyId(v.company),
				ownerId: (v.ownerId ?? defaultOwnerId)!,
				unitId: v.unitId ?? null,
				regionId: context.regionId,
				stage: v.stage ?? 'new',
				priority: v.priority ?? 'medium',
				source: v.source ?? 'other',
				nextActionDate: v.nextActionDate ?? null,
				notes: v.notes ?? null,
				createdAt: v.createdAt ?? now,
				plannedLinkId: v.plannedLinkId ?? null,
				plannedOutput: v.plannedOutput ?? null,
				plannedFromYear: v.plannedFromYear ?? null,
			}
		})
		await tx.lead.createMany({ data: leads })
		// The history starts where the file puts the lead.
		await tx.leadStageChange.createMany({ data: leads.map((l) => ({ leadId: l.id, fromStage: null, toStage: l.stage, at: now, userId })) })
		for (const lead of leads) context.records.push({ entity: 'Lead', entityId: lead.id, action: 'create', before: null })
		await context.step(chunk.length)
	}
	await updateInChunks(
		context,
		rows.filter((r) => r.action === 'update'),
		(ids) => tx.lead.findMany({ where: { id: { in: ids } }, select: { id: true, ...leadState } }),
		leadChange,
		(changes) => applyLeadChanges(context, changes),
	)
}

/** The lead fields an import may update. */
const PLANNED_COLUMNS = { plannedLinkId: 'value', plannedOutput: 'float', plannedFromYear: 'integer' } as const satisfies Columns
export const LEAD_COLUMNS = {
	ownerId: 'value',
	unitId: 'value',
	stage: 'value',
	priority: 'value',
	source: 'value',
	nextActionDate: 'date',
	notes: 'value',
	...PLANNED_COLUMNS,
} as const satisfies Columns
export const leadState = selectOf(LEAD_COLUMNS)
type LeadState = Prisma.LeadGetPayload<{ select: typeof leadState }>
type LeadChange = RowChange<LeadState> & { fromStage: string }

/** Overwrites the fields the row has a value for; null when the row changes nothing. */
function leadChange({ id, ...lead }: LeadState & { id: string }, row: ValidatedRow<'leads'>): LeadChange | null {
	const { before, data } = changedFields(keysOf(leadState), lead, row.values!)
	return data ? { id, before, stored: { ...lead, ...data }, fromStage: lead.stage } : null
}

/** A chunk's lead changes, set-based; a new stage starts a line of the lead's stage history (undo deletes it). */
async function applyLeadChanges(context: WriteContext, changes: LeadChange[]) {
	await updateRows(context, 'Lead', LEAD_COLUMNS, changes)
	const moves = changes
		.filter((c) => c.stored.stage !== c.fromStage)
		.map((c) => ({ id: newId(), leadId: c.id, fromStage: c.fromStage, toStage: c.stored.stage }))
	if (moves.length === 0) return
	// As one statement too: Prisma's createMany took seconds for a 20,000-lead file's stage moves.
	await context.tx.$executeRaw`INSERT INTO "LeadStageChange" ("id", "leadId", "fromStage", "toStage", "at", "userId")
		SELECT j."id", j."leadId", j."fromStage", j."toStage", ${context.now}, ${context.userId}
		FROM ${jsonRows(JSON.stringify(moves), { id: 'text', leadId: 'text', fromStage: 'text', toStage: 'text' }, 'j')}`
	for (const move of moves) context.records.push({ entity: 'LeadStageChange', entityId: move.id, action: 'create', before: null })
}

/** The fields whose value from the file differs from the stored one: the old values and the update data. */
function changedFields<F extends string, S extends Record<F, unknown>>(fields: readonly F[], stored: S, values: Partial<Record<F, unknown>>) {
	const before: Partial<Pick<S, F>> = {}
	const data: Partial<Pick<S, F>> = {}
	for (const field of fields) {
		const next = values[field]
		if (next === undefined) continue
		const old = stored[field]
		const same = next instanceof Date && old instanceof Date ? next.getTime() === old.getTime() : next === old
		if (same) continue
		before[field] = old
		data[field] = next as S[F]
	}
	return { before, data: Object.keys(data).length > 0 ? data : null }
}

// ---------- projects ----------

/** The project fields an import may update. */
export const PROJECT_COLUMNS = {
	title: 'value',
	type: 'value',
	investmentCNY: 'bigint',
	incrementCNY: 'bigint',
	stage: 'value',
	...(Object.fromEntries(Object.keys(STAGE_DATE_SELECT).map((field) => [field, 'date'])) as { readonly [F in keyof typeof STAGE_DATE_SELECT]: 'date' }),
	responsibleUnitId: 'value',
	isClusterLeading: 'boolean',
	notes: 'value',
	source: 'value',
	commitStartBy: 'date',
	commitProduceBy: 'date',
	commitLandMu: 'float',
	commitOutputCNY: 'bigint',
	commitTaxCNY: 'bigint',
	...PLANNED_COLUMNS,
} as const satisfies Columns
export const projectState = selectOf(PROJECT_COLUMNS)
type ProjectState = Prisma.ProjectGetPayload<{ select: typeof projectState }>
/** `linkIds`: the project's chain links from now on, when the row changes them. */
type ProjectChange = RowChange<ProjectState> & { linkIds: readonly string[] | null }

/** Project values as stored: amounts as BigInt. */
function projectData(values: ProjectValues) {
	const { company: _company, linkIds: _links, investmentCNY, incrementCNY, commitOutputCNY, commitTaxCNY, ...rest } = values
	return {
		...rest,
		investmentCNY: bigint(investmentCNY),
		incrementCNY: bigint(incrementCNY),
		commitOutputCNY: bigint(commitOutputCNY),
		commitTaxCNY: bigint(commitTaxCNY),
	}
}

async function writeProjects(context: WriteContext, rows: ValidatedRow<'projects'>[]) {
	const { tx, now } = context
	const companyId = await companyIdsFor(context, rows)
	for (const chunk of chunks(rows.filter((r) => r.action === 'create'))) {
		const projects = chunk.map(({ values }) => {
			const data = projectData(values!)
			// Validation made type, investment and stage present on every new project.
			return {
				...data,
				titleSortKey: nameSortKey(data.title),
				id: newId(),
				companyId: companyId(values!.company),
				regionId: context.regionId,
				type: data.type!,
				stage: data.stage!,
				investmentCNY: data.investmentCNY!,
				createdAt: now,
			}
		})
		await tx.project.createMany({ data: projects })
		const links = chunk.flatMap(({ values }, i) => (values!.linkIds ?? []).map((linkId) => ({ projectId: projects[i]!.id, linkId })))
		if (links.length > 0) await tx.projectLink.createMany({ data: links })
		for (const project of projects) context.records.push({ entity: 'Project', entityId: project.id, action: 'create', before: null })
		await context.step(chunk.length)
	}
	await updateInChunks(
		context,
		rows.filter((r) => r.action === 'update'),
		(ids) => tx.project.findMany({ where: { id: { in: ids } }, select: { id: true, ...projectState, links: { select: { linkId: true } } } }),
		projectChange,
		(changes) => applyProjectChanges(context, changes),
	)
}

/** Overwrites the fields (and the chain links) the row has a value for; null when the row changes nothing. */
function projectChange(
	{ id, links, ...project }: ProjectState & { id: string; links: { linkId: string }[] },
	row: ValidatedRow<'projects'>,
): ProjectChange | null {
	const { before, data } = changedFields(keysOf(projectState), project, projectData(row.values!))
	const linkIds = links.map((l) => l.linkId).sort()
	const next = row.values!.linkIds
	const relinked = next !== undefined && !sameList(linkIds, next)
	if (relinked) Object.assign(before, { linkIds })
	// Touched when only the links changed too: edit forms and running imports watch it.
	return data || relinked ? { id, before, stored: { ...project, ...data }, linkIds: relinked ? [...new Set(next)] : null } : null
}

/** A chunk's project changes, set-based, the links of the relinked projects replaced in two statements. */
async function applyProjectChanges(context: WriteContext, changes: ProjectChange[]) {
	await updateRows(context, 'Project', PROJECT_COLUMNS, changes)
	await relinkProjects(
		context.tx,
		changes.flatMap(({ id, linkIds }) => (linkIds ? [{ id, linkIds }] : [])),
	)
}

/** Sets the chain links of these projects, in two statements. */
export async function relinkProjects(tx: Tx, projects: readonly { id: string; linkIds: readonly string[] }[]) {
	if (projects.length === 0) return
	const ids = JSON.stringify(projects.map((p) => p.id))
	await tx.$executeRaw`DELETE FROM "ProjectLink" WHERE "projectId" IN (${jsonStrings(ids)})`
	const links = JSON.stringify(projects.flatMap((p) => [...new Set(p.linkIds)].map((linkId) => ({ projectId: p.id, linkId }))))
	await tx.$executeRaw`INSERT INTO "ProjectLink" ("projectId", "linkId") SELECT j."projectId", j."linkId" FROM ${jsonRows(links, { projectId: 'text', linkId: 'text' }, 'j')}`
}
