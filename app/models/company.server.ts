import { type Db } from '~/db.server'
import { type Actor, companyFactsProblem, type CountedCompanyFacts, isManager } from '~/domain/auth/record-access'
import { type CompanyFormData, type CompanyFormField, type CompanyFormValues, toCompanyFormValues } from '~/domain/company/company-schema'
import { DUPLICATE_REASONS, type DuplicateProbe, type DuplicateReason, duplicateReasons, type LikelyDuplicate, probeKeys } from '~/domain/company/duplicates'
import { type CompanyListQuery, parseCompanyListQuery, REVENUE_BAND_BOUNDS, regionTree } from '~/domain/company/list-query'
import { normalizeUscc } from '~/domain/company/uscc'
import { type Conflict, VersionConflict } from '~/domain/concurrency/conflict'
import { nameSortKey } from '~/domain/names/sort-key'
import { type RegionScope } from '~/domain/region/scope'
import { closedPeriodProblem, companyFactChanges, type IssuedReportRef } from '~/domain/report/closed-periods'
import { COMPANY_TAGS } from '~/domain/seed/seed-files'
import { Prisma } from '~/generated/prisma/client'
import { type Refusal, refusal, refusalOf } from '~/utils/forms'
import { type RefusalStatus, UserError, type UserErrorOptions } from '~/utils/user-error'
import { recordAudit } from './audit.server'
import { closedReportsTouchedByCompany, issuedRef, recordPeriodAdjustment } from './closed-period.server'
import { companiesNamed, companiesWithNameKeys, companyNameContains, matchesNoCompany, reindexCompanies } from './company-search.server'
import { BUMP_VERSION, compareAndSet } from './concurrency.server'
import { activityRegionWhere, regionWhere } from './region.server'

type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0]

const COMPANY_PAGE_SIZE = 50
/** The company page shows the latest activities; older ones stay in the database. */
export const COMPANY_ACTIVITY_LIMIT = 200

const toNumber = (value: bigint | null) => (value === null ? null : Number(value))

// ---------- list ----------

/** The region with `code` or one below it: regions nest at most four deep (province › city › county › park). */
function inRegion(code: string): Prisma.RegionWhereInput {
	return {
		OR: [{ code }, { parent: { code } }, { parent: { parent: { code } } }, { parent: { parent: { parent: { code } } } }],
	}
}

/**
 * The list's filters (sort and page aside) as a Prisma `where`; the count and the page use the same one.
 * `q` finds the name, a 简称/曾用名 (through the search index, ADR 0018) or the exact USCC.
 */
async function companyWhere(db: Db, query: CompanyListQuery): Promise<Prisma.CompanyWhereInput> {
	const and: Prisma.CompanyWhereInput[] = []
	if (query.q) {
		const byName = await companyNameContains(db, query.q, { aliases: true })
		const byUscc: Prisma.CompanyWhereInput = { uscc: { equals: normalizeUscc(query.q) } }
		and.push(matchesNoCompany(byName) ? byUscc : { OR: [byName, byUscc] })
	}
	if (query.local) and.push({ isLocal: query.local === '1' })
	if (query.region) and.push({ region: inRegion(query.region) })
	if (query.link) and.push({ links: { some: { linkId: query.link } } })
	if (query.tag.length > 0) and.push({ tags: { some: { tag: { in: query.tag } } } })
	if (query.revenue) {
		const band = REVENUE_BAND_BOUNDS[query.revenue]
		and.push({
			revenueCNY: band ? { ...(band.min === null ? {} : { gte: band.min }), ...(band.max === null ? {} : { lt: band.max }) } : null,
		})
	}
	return and.length > 0 ? { AND: and } : {}
}

/**
 * Names in 拼音 order by their sort key (ADR 0027); unknown revenue sorts last both ways;
 * id breaks ties so pages never overlap. By name both engines walk the (nameSortKey, id)
 * index, backwards for `desc`, so the tie-breaking id follows the direction.
 */
function companyOrder({ sort, dir }: CompanyListQuery): Prisma.CompanyOrderByWithRelationInput[] {
	switch (sort) {
		case 'revenue':
			return [{ revenueCNY: { sort: dir, nulls: 'last' } }, { nameSortKey: 'asc' }, { id: 'asc' }]
		case 'updatedAt':
			return [{ updatedAt: dir }, { id: 'asc' }]
		case 'name':
			return [{ nameSortKey: dir }, { id: dir }]
	}
}

/** The filter of the list page's query string, for other readers of the same list (export). */
export function companyWhereFromQuery(db: Db, params: URLSearchParams) {
	return companyWhere(db, parseCompanyListQuery(params))
}

/** The list page's order for its query string, for its export. */
export function companyOrderFromQuery(params: URLSearchParams) {
	return companyOrder(parseCompanyListQuery(params))
}

/** `q` and nothing else: the search box, whose count (and, by name, whose page) the search index answers (ADR 0018). */
function isSearchOnly(query: CompanyListQuery) {
	return query.q !== '' && !query.local && !query.region && !query.link && query.tag.length === 0 && !query.revenue
}

/** One page of the companies matching the filters; a page past the end shows the last page. */
export async function listCompanies(db: Db, query: CompanyListQuery) {
	const named = isSearchOnly(query) ? await companiesNamed(db, query.q, normalizeUscc(query.q)) : null
	const byIndex = named !== null && query.sort === 'name'
	const where = byIndex ? {} : await companyWhere(db, query)
	const total = named ? named.total : await db.company.count({ where })
	const pageCount = Math.max(1, Math.ceil(total / COMPANY_PAGE_SIZE))
	const page = Math.min(query.page, pageCount)
	const skip = (page - 1) * COMPANY_PAGE_SIZE
	// By the index: the page's ids, then their rows in the list's order; else the where's page.
	const slice: Pick<Prisma.CompanyFindManyArgs, 'where' | 'skip' | 'take'> = byIndex
		? { where: { id: { in: await named.page({ dir: query.dir, skip, take: COMPANY_PAGE_SIZE }) } } }
		: { where, skip, take: COMPANY_PAGE_SIZE }
	const rows = await db.company.findMany({
		...slice,
		orderBy: companyOrder(query),
		select: {
			id: true,
			name: true,
			uscc: true,
			kind: true,
			isLocal: true,
			revenueCNY: true,
			isSample: true,
			updatedAt: true,
			region: { select: { name: true, nameEn: true } },
			aliases: { select: { kind: true, name: true } },
			tags: { select: { tag: true } },
			links: { select: { link: { select: { id: true, name: true, nameEn: true } } } },
		},
	})
	return {
		total,
		page,
		pageCount,
		rows: rows.map((c) => ({
			...c,
			revenueCNY: toNumber(c.revenueCNY),
			tags: c.tags.map((t) => t.tag),
			// A company may hold several years of figures at one link; list each link once.
			links: [...new Map(c.links.map((l) => [l.link.id, l.link])).values()],
		})),
	}
}

/** Regions parents first, with their depth, for region pickers. */
export async function listRegionOptions(db: Db) {
	const regions = await db.region.findMany({
		orderBy: { code: 'asc' },
		select: { id: true, code: true, name: true, nameEn: true, parentId: true },
	})
	return regionTree(regions)
}

/** Choices of the list filters: chain links grouped by chain, and regions. */
export async function companyFilterOptions(db: Db) {
	const [chains, regions] = await Promise.all([
		db.chain.findMany({
			orderBy: { createdAt: 'asc' },
			select: {
				id: true,
				name: true,
				nameEn: true,
				links: { orderBy: { sortOrder: 'asc' }, select: { id: true, name: true, nameEn: true } },
			},
		}),
		listRegionOptions(db),
	])
	return { chains, regions }
}

// ---------- one company ----------

/**
 * The company page: profile, chain figures, and the leads, projects and activity
 * timeline of the viewer's regions (the register is shared, the bureau's work is not; ADR 0026).
 */
export async function getCompanyDetail(db: Db, id: string, scope: RegionScope) {
	const company = await db.company.findUnique({
		where: { id },
		select: {
			id: true,
			name: true,
			uscc: true,
			kind: true,
			isLocal: true,
			revenueCNY: true,
			employees: true,
			registeredCapitalCNY: true,
			industry: true,
			contactName: true,
			contactPhone: true,
			address: true,
			description: true,
			source: true,
			isSample: true,
			updatedAt: true,
			region: { select: { name: true, nameEn: true } },
			aliases: { orderBy: { name: 'asc' }, select: { kind: true, name: true } },
			tags: { select: { tag: true, grantedYear: true } },
			links: {
				orderBy: [{ link: { chain: { createdAt: 'asc' } } }, { link: { sortOrder: 'asc' } }, { year: 'desc' }],
				select: {
					id: true,
					year: true,
					capacity: true,
					output: true,
					source: true,
					isSample: true,
					link: {
						select: { id: true, name: true, nameEn: true, unit: true, chain: { select: { slug: true, name: true, nameEn: true } } },
					},
				},
			},
			leads: {
				where: regionWhere(scope),
				orderBy: { createdAt: 'desc' },
				select: {
					id: true,
					stage: true,
					priority: true,
					nextActionDate: true,
					isSample: true,
					owner: { select: { name: true } },
				},
			},
			projects: {
				where: regionWhere(scope),
				orderBy: { createdAt: 'desc' },
				select: { id: true, title: true, type: true, stage: true, investmentCNY: true, isSample: true },
			},
			activities: {
				where: activityRegionWhere(scope),
				orderBy: [{ date: 'desc' }, { createdAt: 'desc' }],
				take: COMPANY_ACTIVITY_LIMIT,
				select: {
					id: true,
					kind: true,
					date: true,
					people: true,
					notes: true,
					isSample: true,
					user: { select: { name: true } },
				},
			},
		},
	})
	if (!company) return null
	return {
		...company,
		revenueCNY: toNumber(company.revenueCNY),
		registeredCapitalCNY: toNumber(company.registeredCapitalCNY),
		projects: company.projects.map((p) => ({ ...p, investmentCNY: Number(p.investmentCNY) })),
	}
}

// What the edit form shows and the audit log records, in one shape.
export const COMPANY_EDIT_SELECT = {
	id: true,
	name: true,
	uscc: true,
	kind: true,
	isLocal: true,
	regionId: true,
	revenueCNY: true,
	registeredCapitalCNY: true,
	employees: true,
	industry: true,
	contactName: true,
	contactPhone: true,
	address: true,
	description: true,
	source: true,
	aliases: { orderBy: { name: 'asc' }, select: { kind: true, name: true } },
	tags: { select: { tag: true, grantedYear: true } },
	version: true,
} as const

/** A company as the edit form shows it and the audit log records it (money as integer CNY numbers). */
export async function getCompanyForEdit(db: Pick<Db, 'company'>, id: string) {
	const company = await db.company.findUnique({ where: { id }, select: COMPANY_EDIT_SELECT })
	if (!company) return null
	return {
		...company,
		revenueCNY: toNumber(company.revenueCNY),
		registeredCapitalCNY: toNumber(company.registeredCapitalCNY),
		tags: COMPANY_TAGS.flatMap((tag) => company.tags.filter((t) => t.tag === tag)),
	}
}

// ---------- likely duplicates ----------

/** How many likely duplicates a form names at most. */
const DUPLICATE_LIMIT = 10

/**
 * Registered companies that are likely the one `probe` describes (duplicateReasons), strongest
 * reason first, leaving out `excludeId` (the company being edited). Candidates come from the search
 * index's name keys (ADR 0018: dirty companies read directly) and the USCC's unique index.
 */
export async function findLikelyDuplicates(db: Db | Tx, probe: DuplicateProbe, excludeId: string | null): Promise<LikelyDuplicate[]> {
	const ids = new Set(await companiesWithNameKeys(db, probeKeys(probe)))
	const uscc = probe.uscc ? normalizeUscc(probe.uscc) : ''
	if (uscc) {
		const holder = await db.company.findUnique({ where: { uscc }, select: { id: true } })
		if (holder) ids.add(holder.id)
	}
	if (excludeId) ids.delete(excludeId)
	if (ids.size === 0) return []
	const rows = await db.company.findMany({
		where: { id: { in: [...ids].slice(0, 200) } },
		orderBy: { name: 'asc' },
		select: {
			id: true,
			name: true,
			uscc: true,
			aliases: { orderBy: { name: 'asc' }, select: { kind: true, name: true } },
			_count: { select: { leads: true, projects: true } },
		},
	})
	const strength = (reasons: DuplicateReason[]) => Math.min(...reasons.map((r) => DUPLICATE_REASONS.indexOf(r)))
	return rows
		.map(({ _count, ...c }) => ({
			...c,
			leads: _count.leads,
			projects: _count.projects,
			reasons: duplicateReasons(probe, { name: c.name, uscc: c.uscc, aliases: c.aliases.map((a) => a.name) }),
		}))
		.filter((c) => c.reasons.length > 0)
		.sort((a, b) => strength(a.reasons) - strength(b.reasons))
		.slice(0, DUPLICATE_LIMIT)
}

// ---------- create / edit ----------

/**
 * A save refused by the data; nothing is written. The message goes under `field`; the error carries the
 * issued reports a refused correction would alter (ADR 0011) and the companies a refused name, alias or
 * USCC is likely a duplicate of, which the form lists.
 */
export class CompanyFormError extends UserError {
	readonly closed: IssuedReportRef[]
	readonly duplicates: LikelyDuplicate[]

	constructor(
		messageKey: string,
		{ closed = [], duplicates = [], ...options }: UserErrorOptions & { field: CompanyFormField; closed?: IssuedReportRef[]; duplicates?: LikelyDuplicate[] },
	) {
		super(messageKey, options)
		this.closed = closed
		this.duplicates = duplicates
	}
}

/** The company a save names is not there: the page answers 404 (not a message beside the form). */
export class CompanyNotFoundError extends Error {
	constructor(id: string) {
		super(`Company not found: ${id}`)
		this.name = 'CompanyNotFoundError'
	}
}

function aliasRows(data: Pick<CompanyFormData, 'shortName' | 'formerNames'>) {
	return [...(data.shortName ? [{ kind: 'short', name: data.shortName }] : []), ...data.formerNames.map((name) => ({ kind: 'former', name }))]
}

/** What a refused company save adds to a Refusal for the form to show again. */
type CompanyRefused = {
	/** Set when the company changed since the form was opened (ADR 0015): its `submitted` values at the new version. */
	conflict: Conflict<CompanyFormValues> | null
	/** The issued reports a refused correction would alter. */
	closed: IssuedReportRef[]
	/** Companies the save is likely a duplicate of: saved only once the user confirms (or refused outright for a USCC). */
	duplicates: LikelyDuplicate[]
}

/** A company save's answer: saved, or refused with the HTTP status the route answers with. */
export type CompanySaveResult = { ok: true; id: string; changed: boolean } | (Refusal & CompanyRefused & { status: RefusalStatus })

/** The company pages' action answer to a refused form: the posted values (a conflict's submitted ones) with why, for the form to show again. */
export type CompanyFormRefusal = Refusal & CompanyRefused & { values: CompanyFormValues }

/** A refused company form's answer (see CompanyFormRefusal); the route answers it with the refusal's status. */
export function companyFormRefusal(values: CompanyFormValues, refused: Pick<Refusal, 'errors'> & Partial<Refusal & CompanyRefused>): CompanyFormRefusal {
	return {
		ok: false,
		errors: refused.errors,
		formError: refused.formError ?? null,
		values: refused.conflict?.submitted ?? values,
		closed: refused.closed ?? [],
		duplicates: refused.duplicates ?? [],
		conflict: refused.conflict ?? null,
	}
}

/**
 * A company form's data (parsed by the route with companyFormSchema) saved, as a new company (companyId null)
 * or over one: a refusal names the field (an i18n key), the issued reports or likely duplicates behind it.
 */
export async function saveCompanyForm(db: Db, ctx: { actor: Actor; companyId: string | null }, data: CompanyFormData): Promise<CompanySaveResult> {
	try {
		return { ok: true, ...(await saveCompany(db, ctx, data)) }
	} catch (error) {
		if (error instanceof VersionConflict && ctx.companyId) {
			const conflict = await companyConflict(db, ctx.actor, ctx.companyId, data, data.closedReason ?? '')
			return { ...refusal({}), status: 409, closed: [], duplicates: [], conflict }
		}
		if (!(error instanceof CompanyFormError)) throw error
		return { ...refusalOf(error), status: error.status, closed: error.closed, duplicates: error.duplicates, conflict: null }
	}
}

/**
 * What a save may change: staff see a company's tags and revenue but never set
 * them (ADR 0010), so theirs are the stored ones whatever the form carried.
 */
function ownChanges(actor: Actor, stored: CountedCompanyFacts, data: CompanyFormData): CompanySave {
	return isManager(actor) ? data : { ...data, tags: [...stored.tags], revenueCNY: stored.revenueCNY }
}

/** The values a save writes: the form's, its tags as any stored tag may be. */
type CompanySave = Omit<CompanyFormData, 'tags'> & { tags: { tag: string; grantedYear: number | null }[] }

/** A stale save refused (ADR 0015): the company as stored now and the submitted values, both as form values at its version. */
async function companyConflict(db: Db, actor: Actor, id: string, data: CompanyFormData, closedReason: string): Promise<Conflict<CompanyFormValues>> {
	const stored = await getCompanyForEdit(db, id)
	if (!stored) throw new CompanyNotFoundError(id)
	const mine = ownChanges(actor, stored, data)
	return {
		current: toCompanyFormValues(stored),
		submitted: { ...toCompanyFormValues({ ...mine, aliases: aliasRows(mine), version: stored.version }), closedReason },
	}
}

/**
 * Creates (companyId null) or updates a company with its 简称/曾用名 and tags in one
 * transaction with its audit row (before/after snapshots). A USCC held by another
 * company is refused. Returns whether anything changed.
 */
async function saveCompany(db: Db, ctx: { actor: Actor; companyId: string | null }, data: CompanyFormData): Promise<{ id: string; changed: boolean }> {
	try {
		return await db.$transaction(async (tx) => {
			const before = ctx.companyId ? await getCompanyForEdit(tx, ctx.companyId) : null
			if (ctx.companyId && !before) throw new CompanyNotFoundError(ctx.companyId)
			// A form opened before the company's last change may only save what changes nothing (ADR 0015).
			if (before && data.version !== before.version) {
				if (sameCompany(before, ownChanges(ctx.actor, before, data))) return { id: before.id, changed: false }
				throw new VersionConflict()
			}
			const problem = companyFactsProblem(ctx.actor, data, before)
			if (problem)
				throw new CompanyFormError(problem, {
					field: before?.revenueCNY === data.revenueCNY || (!before && data.revenueCNY === null) ? 'tags' : 'revenueWan',
					status: 403,
				})
			// A new company is a change too: from no facts to its tags and revenue, which an issued report may count.
			const correction = await checkClosedPeriods(tx, ctx.actor, before, data)
			if (data.regionId && !(await tx.region.findUnique({ where: { id: data.regionId }, select: { id: true } }))) {
				throw new CompanyFormError('validation.invalidChoice', { field: 'regionId' })
			}
			const aliases = aliasRows(data)
			if (data.uscc) {
				const holder = await tx.company.findUnique({ where: { uscc: data.uscc }, select: { id: true } })
				if (holder && holder.id !== ctx.companyId) {
					const duplicates = await findLikelyDuplicates(tx, { name: data.name, aliases: aliases.map((a) => a.name), uscc: data.uscc }, ctx.companyId)
					throw new CompanyFormError('companyDb.errors.usccTaken', { field: 'uscc', status: 409, duplicates })
				}
			}
			// A new name or alias that is likely another company's needs the user's "save anyway" (#13 §6).
			const renamed = !before || before.name !== data.name || aliasKey(before.aliases) !== aliasKey(aliases)
			if (renamed && !data.duplicateConfirmed) {
				const duplicates = await findLikelyDuplicates(tx, { name: data.name, aliases: aliases.map((a) => a.name), uscc: null }, ctx.companyId)
				if (duplicates.length > 0) throw new CompanyFormError('companyDb.duplicates.confirmNeeded', { field: 'duplicateConfirmed', status: 409, duplicates })
			}
			const fields = {
				name: data.name,
				nameSortKey: nameSortKey(data.name),
				uscc: data.uscc,
				kind: data.kind,
				isLocal: data.isLocal,
				regionId: data.regionId,
				revenueCNY: data.revenueCNY === null ? null : BigInt(data.revenueCNY),
				registeredCapitalCNY: data.registeredCapitalCNY === null ? null : BigInt(data.registeredCapitalCNY),
				employees: data.employees,
				industry: data.industry,
				contactName: data.contactName,
				contactPhone: data.contactPhone,
				address: data.address,
				description: data.description,
				source: data.source,
			}
			let id: string
			if (before) {
				if (sameCompany(before, data)) return { id: before.id, changed: false }
				id = before.id
				// Compare-and-set first: when another save came in between, nothing below is written.
				await compareAndSet(tx.company.updateMany({ where: { id, version: before.version }, data: { ...fields, ...BUMP_VERSION } }))
				await tx.companyAlias.deleteMany({ where: { companyId: id } })
				await tx.companyAlias.createMany({ data: aliases.map((alias) => ({ ...alias, companyId: id })) })
				await tx.companyTag.deleteMany({ where: { companyId: id } })
				await tx.companyTag.createMany({ data: data.tags.map((tag) => ({ ...tag, companyId: id })) })
			} else {
				const created = await tx.company.create({
					data: { ...fields, aliases: { create: aliases }, tags: { create: data.tags } },
					select: { id: true },
				})
				id = created.id
			}
			if (correction) await recordPeriodAdjustment(tx, { ...correction, companyId: id, companyName: data.name, userId: ctx.actor.id })
			const after = await getCompanyForEdit(tx, id)
			await recordAudit(tx, { userId: ctx.actor.id, entity: 'Company', entityId: id, action: before ? 'update' : 'create', before: before ?? undefined, after })
			// The triggers marked it dirty (searched by LIKE); one company's index row is cheap to write now.
			await reindexCompanies(tx, [id])
			return { id, changed: true }
		})
	} catch (error) {
		// Two saves racing for one USCC: the unique index refuses the second.
		if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
			throw new CompanyFormError('companyDb.errors.usccTaken', { field: 'uscc', status: 409 })
		}
		throw error
	}
}

/** What a company not yet created counts for: nothing. */
const NO_COUNTED_FACTS: CountedCompanyFacts = { tags: [], revenueCNY: null }

/**
 * A change of a company's tags or revenue (or a new company's) that alters issued reports
 * (ADR 0011) is a manager's correction and needs its reason; returns what to
 * record with the update, null when nothing issued is altered.
 */
async function checkClosedPeriods(
	tx: Tx,
	actor: Actor,
	stored: (CountedCompanyFacts & { regionId: string | null }) | null,
	after: CountedCompanyFacts & { regionId: string | null; closedReason: string | null },
) {
	const before = stored ?? NO_COUNTED_FACTS
	// The reports that may count it where it was registered and where it will be (ADR 0033).
	const regions = stored ? [stored.regionId, after.regionId] : [after.regionId]
	const touched = await closedReportsTouchedByCompany(tx, regions, before, after)
	const problem = closedPeriodProblem(actor, touched.length, after.closedReason)
	if (problem)
		throw new CompanyFormError(problem, { field: 'closedReason', status: problem === 'closedPeriods.staffRefused' ? 403 : 400, closed: touched.map(issuedRef) })
	return touched.length === 0 ? null : { changes: companyFactChanges(before, after), reason: after.closedReason!, reports: touched }
}

/** The issued reports that read the company as it stands: those a change of its tags or revenue could alter. */
export async function closedReportsReadingCompany(db: Db, company: CountedCompanyFacts & { regionId: string | null }) {
	return (await closedReportsTouchedByCompany(db, [company.regionId], company, NO_COUNTED_FACTS)).map(issuedRef)
}

type StoredForEdit = NonNullable<Awaited<ReturnType<typeof getCompanyForEdit>>>

/** A company's 简称/曾用名 as one comparable string. */
function aliasKey(aliases: { kind: string; name: string }[]) {
	return aliases
		.map((a) => `${a.kind}:${a.name}`)
		.sort()
		.join('\n')
}

function sameCompany(stored: StoredForEdit, data: CompanySave) {
	const tagKey = (tags: { tag: string; grantedYear: number | null }[]) => tags.map((t) => `${t.tag}:${t.grantedYear ?? ''}`).join()
	return (
		stored.name === data.name &&
		stored.uscc === data.uscc &&
		stored.kind === data.kind &&
		stored.isLocal === data.isLocal &&
		stored.regionId === data.regionId &&
		stored.revenueCNY === data.revenueCNY &&
		stored.registeredCapitalCNY === data.registeredCapitalCNY &&
		stored.employees === data.employees &&
		stored.industry === data.industry &&
		stored.contactName === data.contactName &&
		stored.contactPhone === data.contactPhone &&
		stored.address === data.address &&
		stored.description === data.description &&
		stored.source === data.source &&
		tagKey(stored.tags) === tagKey(data.tags) &&
		aliasKey(stored.aliases) === aliasKey(aliasRows(data))
	)
}
