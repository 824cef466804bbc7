// Rows and columns of the exported lists. Rows are read in pages of the list's own order
// (the sort the list page shows, id last), so an export of 100,000 rows never holds them
// all in memory and comes out as the list shows it.
import { type Db } from '~/db.server'
import { type ExportColumn, type ExportFormat, type ExportList, pickColumns, YUAN_FORMAT } from '~/domain/export/table-export'
import { investmentIntensity } from '~/domain/project/commitments'
import { STAGE_DATE_SELECT } from '~/domain/project/stages'
import { COMPANY_TAGS } from '~/domain/seed/seed-files'
import { Prisma } from '~/generated/prisma/client'
import { i18nFor, type Locale } from '~/i18n/i18n'
import { streamTable } from '~/utils/table-stream.server'
import { auditJson } from './audit.server'
import { companyOrderFromQuery, companyWhereFromQuery } from './company.server'
import { type LeadViewer, leadOrderFromQuery, leadWhereFromQuery } from './lead.server'
import { COMMITMENT_SELECT, projectOrderFromQuery, projectWhereFromQuery } from './project.server'
import { jsonArray, jsonArrayAgg, jsonArrayText, jsonStrings } from './sql-dialect.server'

const BATCH = 1000

/**
 * Pages of a list by offset in its full order (unique: id comes last). An offset rather than a
 * cursor, because the orders sort by nullable and related columns, which Prisma's cursors do not
 * page correctly; a row written or deleted meanwhile before the page read may shift it by one.
 */
async function* inPages<T>(fetchPage: (args: { take: number; skip: number }) => Promise<T[]>) {
	for (let skip = 0; ; skip += BATCH) {
		const page = await fetchPage({ take: BATCH, skip })
		yield* page
		if (page.length < BATCH) return
	}
}

/** Tags in the order the company form lists them (any unknown one last). */
const tagRank = (tag: string) => {
	const rank = (COMPANY_TAGS as readonly string[]).indexOf(tag)
	return rank === -1 ? COMPANY_TAGS.length : rank
}

const chainLinksSelect = { select: { link: { select: { id: true, name: true, nameEn: true } } } } as const

/** A where that may still be coming (a search asks the index first), read when the first page is. */
function settled<T>(where: T | Promise<T>) {
	const filter = Promise.resolve(where)
	// Its failure surfaces at the first page's read; until then it must not count as unhandled.
	filter.catch(() => undefined)
	return filter
}

const BY_ID = [{ id: 'asc' }] as const

export function iterateLeads(
	db: Db,
	where: Prisma.LeadWhereInput | Promise<Prisma.LeadWhereInput> = {},
	orderBy: Prisma.LeadOrderByWithRelationInput[] = [...BY_ID],
) {
	const filter = settled(where)
	return inPages(async (page) =>
		db.lead.findMany({
			...page,
			where: await filter,
			orderBy,
			select: {
				id: true,
				stage: true,
				priority: true,
				source: true,
				nextActionDate: true,
				notes: true,
				isSample: true,
				createdAt: true,
				company: { select: { name: true, uscc: true, isLocal: true, links: chainLinksSelect } },
				owner: { select: { name: true } },
				unit: { select: { name: true, nameEn: true } },
				plannedOutput: true,
				plannedFromYear: true,
				plannedLink: { select: { name: true, nameEn: true, unit: true } },
			},
		}),
	)
}

/**
 * Companies in the list's order, a page at a time, each page read in one statement that
 * returns it as one JSON document: the companies with their region, aliases, tags and
 * links. Prisma's nested selects, and even its raw results cell by cell, cost several
 * times the reading itself (the export was 4.7–5.9× its floor at 100,000 companies,
 * issue #12). Prisma finds each page's ids first (the list's filters and orders are
 * Prisma's), through the index of the order.
 */
export function iterateCompanies(
	db: Db,
	where: Prisma.CompanyWhereInput | Promise<Prisma.CompanyWhereInput> = {},
	orderBy: Prisma.CompanyOrderByWithRelationInput[] = [...BY_ID],
) {
	const filter = settled(where)
	return inPages(async (page) => {
		const ids = (await db.company.findMany({ ...page, where: await filter, orderBy, select: { id: true } })).map((c) => c.id)
		if (ids.length === 0) return []
		const rows = await companyExportRows(db, Prisma.sql`(SELECT * FROM "Company" WHERE "id" IN (${jsonStrings(JSON.stringify(ids))}))`)
		const byId = new Map(rows.map((row) => [row.id, row]))
		return ids.flatMap((id) => byId.get(id) ?? [])
	})
}

/** One company as companyExportRows' JSON holds it (booleans as 0/1 on SQLite, true/false on PostgreSQL). */
type CompanyJson = [
	id: string,
	name: string,
	uscc: string | null,
	kind: string,
	isLocal: number | boolean,
	revenueCNY: number | null,
	registeredCapitalCNY: number | null,
	employees: number | null,
	industry: string | null,
	contactName: string | null,
	contactPhone: string | null,
	address: string | null,
	description: string | null,
	source: string | null,
	isSample: number | boolean,
	regionName: string | null,
	regionNameEn: string | null,
	aliases: [kind: string, name: string][],
	tags: [tag: string, grantedYear: number | null][],
	links: [id: string, name: string, nameEn: string][],
]

/** The export's view of the companies `companies` selects (a subquery), in id order, each relation in its unique key's order. */
async function companyExportRows(db: Db, companies: Prisma.Sql) {
	const column = (name: string) => Prisma.raw(name)
	const [page] = await db.$queryRaw<{ rows: string | null }[]>(Prisma.sql`
		SELECT ${jsonArrayText(
			jsonArray([
				...['c."id"', 'c."name"', 'c."uscc"', 'c."kind"', 'c."isLocal"', 'c."revenueCNY"', 'c."registeredCapitalCNY"', 'c."employees"', 'c."industry"'].map(
					column,
				),
				...['c."contactName"', 'c."contactPhone"', 'c."address"', 'c."description"', 'c."source"', 'c."isSample"', 'r."name"', 'r."nameEn"'].map(column),
				Prisma.sql`(SELECT ${jsonArrayAgg(jsonArray([column('a."kind"'), column('a."name"')]), column('a."kind", a."name"'))}
					FROM "CompanyAlias" a WHERE a."companyId" = c."id")`,
				Prisma.sql`(SELECT ${jsonArrayAgg(jsonArray([column('t."tag"'), column('t."grantedYear"')]), column('t."tag"'))}
					FROM "CompanyTag" t WHERE t."companyId" = c."id")`,
				Prisma.sql`(SELECT ${jsonArrayAgg(jsonArray([column('l."id"'), column('l."name"'), column('l."nameEn"')]), column('f."linkId", f."year"'))}
					FROM "CompanyLink" f JOIN "ChainLink" l ON l."id" = f."linkId" WHERE f."companyId" = c."id")`,
			]),
			column('c."id"'),
		)} AS "rows"
		FROM ${companies} c LEFT JOIN "Region" r ON r."id" = c."regionId"`)
	const rows = JSON.parse(page?.rows ?? '[]') as CompanyJson[]
	return rows.map((row) => {
		const [id, name, uscc, kind, isLocal, revenueCNY, registeredCapitalCNY, employees, industry, contactName, contactPhone, address, description, source] = row
		const [isSample, regionName, regionNameEn, aliases, tags, links] = row.slice(14) as [
			CompanyJson[14],
			CompanyJson[15],
			CompanyJson[16],
			CompanyJson[17],
			CompanyJson[18],
			CompanyJson[19],
		]
		return {
			id,
			name,
			uscc,
			kind,
			isLocal: Boolean(isLocal),
			revenueCNY,
			registeredCapitalCNY,
			employees,
			industry,
			contactName,
			contactPhone,
			address,
			description,
			source,
			isSample: Boolean(isSample),
			region: regionName === null ? null : { name: regionName, nameEn: regionNameEn ?? regionName },
			aliases: aliases.map(([kind, name]) => ({ kind, name })),
			tags: tags.map(([tag, grantedYear]) => ({ tag, grantedYear })),
			links: links.map(([id, name, nameEn]) => ({ link: { id, name, nameEn } })),
		}
	})
}

export function iterateProjects(
	db: Db,
	where: Prisma.ProjectWhereInput | Promise<Prisma.ProjectWhereInput> = {},
	orderBy: Prisma.ProjectOrderByWithRelationInput[] = [...BY_ID],
) {
	const filter = settled(where)
	return inPages(async (page) =>
		db.project.findMany({
			...page,
			where: await filter,
			orderBy,
			select: {
				id: true,
				title: true,
				type: true,
				investmentCNY: true,
				incrementCNY: true,
				stage: true,
				...STAGE_DATE_SELECT,
				isClusterLeading: true,
				notes: true,
				isSample: true,
				...COMMITMENT_SELECT,
				company: { select: { name: true, uscc: true } },
				responsibleUnit: { select: { name: true, nameEn: true } },
				plannedOutput: true,
				plannedFromYear: true,
				plannedLink: { select: { name: true, nameEn: true, unit: true } },
				// In the chain's order, on either engine.
				links: { select: { link: { select: { name: true, nameEn: true } } }, orderBy: [{ link: { sortOrder: 'asc' } }, { linkId: 'asc' }] },
			},
		}),
	)
}

type Translate = (key: string, options?: Record<string, unknown>) => string
type Named = { name: string; nameEn: string } | null | undefined
type Yielded<G> = G extends AsyncGenerator<infer R> ? R : never
type LeadRow = Yielded<ReturnType<typeof iterateLeads>>
type CompanyRow = Yielded<ReturnType<typeof iterateCompanies>>
type ProjectRow = Yielded<ReturnType<typeof iterateProjects>>

/**
 * Column sets per list, headers in the reader's language. Chinese headers are
 * the ones the importer recognises, so an exported file imports back.
 */
export function exportColumns(translate: Translate, locale: Locale) {
	// Labels repeat on every row (本地/外地, 是/否, tag names): each key is translated once per export.
	const t = memoizeTranslate(translate)
	const named = (n: Named) => (n ? (locale === 'en' ? n.nameEn : n.name) : '')
	const linkNames = (links: readonly { link: { name: string; nameEn: string } }[]) =>
		[...new Set(links.map((l) => named(l.link)))].join(locale === 'en' ? '; ' : '、')
	const yesNo = (v: boolean) => (v ? t('app.yes') : t('app.no'))
	const tagWithYear = (label: string, year: number | null) => (year === null ? label : locale === 'en' ? `${label} (${year})` : `${label}（${year}）`)
	const money = (v: bigint | number | null) => (v === null ? null : Number(v))

	const leads: ExportColumn<LeadRow>[] = [
		{ key: 'company', header: t('export.columns.company'), value: (r) => r.company.name },
		{ key: 'uscc', header: t('export.columns.uscc'), value: (r) => r.company.uscc },
		{ key: 'links', header: t('export.columns.links'), value: (r) => linkNames(r.company.links) },
		{ key: 'local', header: t('export.columns.local'), value: (r) => (r.company.isLocal ? t('companies.isLocal') : t('companies.isExternal')) },
		{ key: 'owner', header: t('export.columns.owner'), value: (r) => r.owner.name },
		{ key: 'unit', header: t('export.columns.unit'), value: (r) => named(r.unit) },
		{ key: 'stage', header: t('export.columns.leadStage'), value: (r) => t(`leads.stages.${r.stage}`, { defaultValue: r.stage }) },
		{ key: 'priority', header: t('export.columns.priority'), value: (r) => t(`leads.priorities.${r.priority}`, { defaultValue: r.priority }) },
		{ key: 'source', header: t('export.columns.leadSource'), value: (r) => t(`leads.sources.${r.source}`, { defaultValue: r.source }) },
		{ key: 'nextActionDate', header: t('export.columns.nextActionDate'), value: (r) => r.nextActionDate },
		{ key: 'notes', header: t('export.columns.notes'), value: (r) => r.notes },
		{ key: 'plannedLink', header: t('export.columns.plannedLink'), value: (r) => named(r.plannedLink) },
		{ key: 'plannedOutput', header: t('export.columns.plannedOutput'), value: (r) => r.plannedOutput },
		{ key: 'plannedFromYear', header: t('export.columns.plannedFromYear'), value: (r) => r.plannedFromYear },
		{ key: 'createdAt', header: t('export.columns.createdAt'), value: (r) => r.createdAt },
		{ key: 'sample', header: t('export.columns.sample'), value: (r) => yesNo(r.isSample) },
	]
	const companies: ExportColumn<CompanyRow>[] = [
		{ key: 'name', header: t('export.columns.company'), value: (r) => r.name },
		{ key: 'uscc', header: t('export.columns.uscc'), value: (r) => r.uscc },
		{
			key: 'shortName',
			header: t('export.columns.shortName'),
			value: (r) =>
				r.aliases
					.filter((a) => a.kind === 'short')
					.map((a) => a.name)
					.join('、'),
		},
		{
			key: 'formerNames',
			header: t('export.columns.formerNames'),
			value: (r) =>
				r.aliases
					.filter((a) => a.kind === 'former')
					.map((a) => a.name)
					.join('、'),
		},
		{ key: 'local', header: t('export.columns.local'), value: (r) => (r.isLocal ? t('companies.isLocal') : t('companies.isExternal')) },
		{ key: 'region', header: t('export.columns.region'), value: (r) => named(r.region) },
		{ key: 'links', header: t('export.columns.links'), value: (r) => linkNames(r.links) },
		// With the 认定 year, as 高新技术企业（2025）: the importer reads it back.
		{
			key: 'tags',
			header: t('export.columns.tags'),
			value: (r) =>
				[...r.tags]
					.sort((a, b) => tagRank(a.tag) - tagRank(b.tag))
					.map((tag) => tagWithYear(t(`tags.${tag.tag}`, { defaultValue: tag.tag }), tag.grantedYear))
					.join('、'),
		},
		{ key: 'revenue', header: t('export.columns.revenueCNY'), value: (r) => money(r.revenueCNY), numFmt: YUAN_FORMAT },
		{ key: 'registeredCapital', header: t('export.columns.registeredCapitalCNY'), value: (r) => money(r.registeredCapitalCNY), numFmt: YUAN_FORMAT },
		{ key: 'employees', header: t('export.columns.employees'), value: (r) => r.employees },
		{ key: 'industry', header: t('export.columns.industry'), value: (r) => r.industry },
		{ key: 'contactName', header: t('export.columns.contactName'), value: (r) => r.contactName },
		{ key: 'contactPhone', header: t('export.columns.contactPhone'), value: (r) => r.contactPhone },
		{ key: 'address', header: t('export.columns.address'), value: (r) => r.address },
		{ key: 'description', header: t('export.columns.description'), value: (r) => r.description },
		{ key: 'source', header: t('export.columns.source'), value: (r) => r.source },
		{ key: 'sample', header: t('export.columns.sample'), value: (r) => yesNo(r.isSample) },
	]
	const projects: ExportColumn<ProjectRow>[] = [
		{ key: 'title', header: t('export.columns.projectTitle'), value: (r) => r.title },
		{ key: 'company', header: t('export.columns.company'), value: (r) => r.company.name },
		{ key: 'uscc', header: t('export.columns.uscc'), value: (r) => r.company.uscc },
		{ key: 'type', header: t('export.columns.projectType'), value: (r) => t(`projects.types.${r.type}`, { defaultValue: r.type }) },
		{ key: 'investment', header: t('export.columns.investmentCNY'), value: (r) => money(r.investmentCNY), numFmt: YUAN_FORMAT },
		{ key: 'increment', header: t('export.columns.incrementCNY'), value: (r) => money(r.incrementCNY) },
		{ key: 'stage', header: t('export.columns.projectStage'), value: (r) => t(`projects.stages.${r.stage}`, { defaultValue: r.stage }) },
		{ key: 'negotiatingDate', header: t('export.columns.negotiatingDate'), value: (r) => r.negotiatingDate },
		{ key: 'signedDate', header: t('export.columns.signedDate'), value: (r) => r.signedDate },
		{ key: 'startedDate', header: t('export.columns.startedDate'), value: (r) => r.startedDate },
		{ key: 'producingDate', header: t('export.columns.producingDate'), value: (r) => r.producingDate },
		{ key: 'terminatedDate', header: t('export.columns.terminatedDate'), value: (r) => r.terminatedDate },
		{ key: 'unit', header: t('export.columns.responsibleUnit'), value: (r) => named(r.responsibleUnit) },
		{ key: 'clusterLeading', header: t('export.columns.clusterLeading'), value: (r) => yesNo(r.isClusterLeading) },
		{ key: 'links', header: t('export.columns.links'), value: (r) => linkNames(r.links) },
		// 履约 (ADR 0039).
		{ key: 'commitStartBy', header: t('export.columns.commitStartBy'), value: (r) => r.commitStartBy },
		{ key: 'commitProduceBy', header: t('export.columns.commitProduceBy'), value: (r) => r.commitProduceBy },
		{ key: 'commitLandMu', header: t('export.columns.commitLandMu'), value: (r) => r.commitLandMu },
		{ key: 'intensity', header: t('export.columns.intensity'), value: (r) => investmentIntensity(r.investmentCNY, r.commitLandMu) },
		{ key: 'commitOutputCNY', header: t('export.columns.commitOutputCNY'), value: (r) => money(r.commitOutputCNY), numFmt: YUAN_FORMAT },
		{ key: 'commitTaxCNY', header: t('export.columns.commitTaxCNY'), value: (r) => money(r.commitTaxCNY), numFmt: YUAN_FORMAT },
		{ key: 'plannedLink', header: t('export.columns.plannedLink'), value: (r) => named(r.plannedLink) },
		{ key: 'plannedOutput', header: t('export.columns.plannedOutput'), value: (r) => r.plannedOutput },
		{ key: 'plannedFromYear', header: t('export.columns.plannedFromYear'), value: (r) => r.plannedFromYear },
		{ key: 'notes', header: t('export.columns.notes'), value: (r) => r.notes },
		{ key: 'sample', header: t('export.columns.sample'), value: (r) => yesNo(r.isSample) },
	]
	return { leads, companies, projects } satisfies Record<ExportList, ExportColumn<never>[]>
}

/** `t` with its answers kept per key and options (the export's options are a defaultValue at most). */
function memoizeTranslate(t: Translate): Translate {
	const cache = new Map<string, string>()
	return (key, options) => {
		const id = options ? `${key}\u0000${JSON.stringify(options)}` : key
		let text = cache.get(id)
		if (text === undefined) {
			text = t(key, options)
			cache.set(id, text)
		}
		return text
	}
}

/** Columns that carry a person's contact details: exporting them is audited. */
const CONTACT_COLUMNS: ReadonlySet<string> = new Set(['contactName', 'contactPhone'])

export type ExportAudit = { userId: string | null; ip: string | null }

/**
 * Counts the rows as the file is read and, when the file carries contact
 * details, audits the export: a row when it starts (who, list, filter,
 * columns), completed with the row count when the stream ends or is abandoned.
 */
export async function* audited<Row>(
	db: Db,
	rows: AsyncIterable<Row>,
	audit: ExportAudit,
	what: { list: ExportList | 'audit'; format: ExportFormat; query: string; columns: string[] },
) {
	const { id } = await db.auditLog.create({
		data: {
			userId: audit.userId,
			ip: audit.ip,
			entity: 'Export',
			entityId: what.list,
			action: 'export',
			after: auditJson({ ...what, rows: null, complete: false }),
		},
		select: { id: true },
	})
	let count = 0
	let complete = false
	try {
		for await (const row of rows) {
			count++
			yield row
		}
		complete = true
	} finally {
		await db.auditLog.update({ where: { id }, data: { after: auditJson({ ...what, rows: count, complete }) }, select: { id: true } })
	}
}

/**
 * The filtered list as a CSV or XLSX stream: the same query string as the
 * list page selects the rows and orders them (each list's model owns its filters and sorts).
 */
export function streamList(
	db: Db,
	list: ExportList,
	format: ExportFormat,
	query: URLSearchParams,
	options: { t: Translate; locale: Locale; requested: readonly string[]; viewer: LeadViewer; audit: ExportAudit },
) {
	const columns = exportColumns(options.t, options.locale)
	const sheet = options.t(`export.lists.${list}`)
	const table = <Row>(all: readonly ExportColumn<Row>[], rows: AsyncIterable<Row>) => {
		const picked = pickColumns(all, options.requested)
		const keys = picked.map((c) => c.key)
		const withContacts = keys.some((key) => CONTACT_COLUMNS.has(key))
		const source = withContacts ? audited(db, rows, options.audit, { list, format, query: query.toString(), columns: keys }) : rows
		return streamTable(format, picked, source, sheet)
	}
	switch (list) {
		case 'leads':
			return table(columns.leads, iterateLeads(db, leadWhereFromQuery(db, query, options.viewer), leadOrderFromQuery(query)))
		case 'companies':
			return table(columns.companies, iterateCompanies(db, companyWhereFromQuery(db, query), companyOrderFromQuery(query)))
		case 'projects':
			return table(columns.projects, iterateProjects(db, projectWhereFromQuery(db, query, options.viewer.scope), projectOrderFromQuery(query)))
	}
}

/** Column keys and headers of a list, for the export form's checkboxes. */
export function exportColumnChoices(list: ExportList, locale: Locale) {
	return exportColumns(i18nFor(locale).t, locale)[list].map((c) => ({ key: c.key, header: c.header }))
}
