// `demo:generate`: adds generated sample companies (with tags, short names and
// chain-link figures), leads and projects to a database that holds the seed data.
// Everything goes in through bulk inserts in one transaction (bulk-writer.server.ts,
// either engine), so 100,000 companies take seconds, and a failure leaves nothing behind.
import { DEMO_SOURCE, demoFigureYear, type DemoLink, type DemoOptions, type DemoRegion, type DemoWorld, demoGenerator } from '~/domain/demo/demo-data'
import { isOverdue } from '~/domain/lead/status'
import { nameSortKey } from '~/domain/names/sort-key'
import { countedFactsOf } from '~/domain/project/counted-facts'
import { sampleEvidence } from '~/domain/project/verification'
import { homeRegion, type RegionNode } from '~/domain/region/scope'
import { type BulkWriter, openBulkWriter } from './bulk-writer.server'

/** Company columns a bulk insert fills (the bench's import floor writes the same). */
export const COMPANY_INSERT_COLUMNS = [
	'id',
	'name',
	'nameSortKey',
	'uscc',
	'kind',
	'isLocal',
	'regionId',
	'revenueCNY',
	'employees',
	'registeredCapitalCNY',
	'industry',
	'contactName',
	'contactPhone',
	'address',
	'description',
	'source',
	'isSample',
	'createdAt',
	'updatedAt',
] as const

/** The database cannot take demo data (no chains, no users for leads, seed used before). */
export class DemoDataError extends Error {}

/** The day after the last day any issued report covers (ADR 0011), or null when none is issued. */
async function openFrom(db: BulkWriter) {
	const [row] = await db.all<{ end: string | null }>('SELECT max("periodEnd") AS "end" FROM "IssuedReport"')
	const end = row?.end ?? null
	return end === null ? null : new Date(Date.parse(`${end}T00:00:00Z`) + 86_400_000)
}

/** What the generated rows hang on, in a stable order so a seed gives the same data again. */
async function loadWorld(db: BulkWriter, now: Date, needsOwners: boolean): Promise<DemoWorld> {
	const regions = await db.all<{ id: string; name: string }>('SELECT "id", "name" FROM "Region" ORDER BY "code"')
	const links = await db.all<DemoLink>(
		`SELECT l."id", l."chainId", l."name", l."stage" FROM "ChainLink" l JOIN "Chain" c ON c."id" = l."chainId"
		ORDER BY c."createdAt", c."id", l."sortOrder", l."id"`,
	)
	if (regions.length === 0 || links.length === 0) throw new DemoDataError('demo data needs regions and chains: run the seed command first')
	// Local and external companies go where the existing ones are, in the same proportions.
	const used = await db.all<DemoRegion & { isLocal: number | boolean }>(
		`SELECT r."id", r."name", c."isLocal", CAST(count(*) AS INTEGER) AS "weight" FROM "Company" c JOIN "Region" r ON r."id" = c."regionId"
		GROUP BY r."id", r."name", r."code", c."isLocal" ORDER BY r."code", c."isLocal"`,
	)
	const pool = (isLocal: boolean) => {
		const found = used.filter((r) => Boolean(r.isLocal) === isLocal).map(({ isLocal: _, ...region }) => region)
		return found.length > 0 ? found : regions.map((r) => ({ ...r, weight: 1 }))
	}
	const users = await db.all<{ id: string; unitId: string | null; role: string }>('SELECT "id", "unitId", "role" FROM "User" ORDER BY "username"')
	const staff = users.filter((u) => u.role === 'staff')
	if (needsOwners && users.length === 0) throw new DemoDataError('leads need an owner: create a user first')
	const column = async (sql: string) => (await db.all<{ value: string }>(sql)).map((row) => row.value)
	return {
		localRegions: pool(true),
		externalRegions: pool(false),
		links,
		owners: staff.length > 0 ? staff : users,
		unitIds: await column('SELECT "id" AS "value" FROM "Unit" ORDER BY "name"'),
		names: new Set(await column('SELECT "name" AS "value" FROM "Company"')),
		usccs: new Set(await column('SELECT "uscc" AS "value" FROM "Company" WHERE "uscc" IS NOT NULL')),
		now,
		openFrom: await openFrom(db),
	}
}

/**
 * The region of generated records (ADR 0026), as the migration gives existing ones: a lead
 * its owner's, a project its unit's, else the installation's home region.
 */
async function recordRegions(db: BulkWriter) {
	const nodes = await db.all<RegionNode>('SELECT "id", "parentId" FROM "Region"')
	const units = new Map((await db.all<{ id: string; regionId: string | null }>('SELECT "id", "regionId" FROM "Unit"')).map((u) => [u.id, u.regionId]))
	const users = new Map((await db.all<{ id: string; regionId: string | null }>('SELECT "id", "regionId" FROM "User"')).map((u) => [u.id, u.regionId]))
	const home = homeRegion(
		nodes,
		[...units.values()].flatMap((id) => id ?? []),
	)
	return {
		lead: (ownerId: string) => users.get(ownerId) ?? home,
		project: (unitId: string | null) => (unitId === null ? null : units.get(unitId)) ?? home,
	}
}

/**
 * Writes `companies` sample companies, `leads` leads and `projects` projects
 * (on distinct companies each) into the database at `url` (SQLite or PostgreSQL). Ids start
 * with `demo-<seed>-`, so a seed already used is refused. Every row is isSample.
 */
export async function generateDemoData(url: string, options: DemoOptions & { now?: Date }) {
	const started = performance.now()
	const db = await openBulkWriter(url)
	try {
		const prefix = `demo-${options.seed}-`
		if ((await db.all('SELECT 1 FROM "Company" WHERE "id" LIKE ? LIMIT 1', [`${prefix}%`])).length > 0) {
			throw new DemoDataError(`demo data of seed ${options.seed} is already in the database; pass another --seed`)
		}
		const id = (kind: string, n: number) => `${prefix}${kind}-${String(n).padStart(7, '0')}`
		const insertCompany = db.insert('Company', COMPANY_INSERT_COLUMNS)
		const insertAlias = db.insert('CompanyAlias', ['id', 'companyId', 'kind', 'name'])
		const insertTag = db.insert('CompanyTag', ['companyId', 'tag'])
		const insertFigure = db.insert('CompanyLink', ['id', 'companyId', 'linkId', 'year', 'capacity', 'output', 'source', 'isSample'])
		const insertLead = db.insert('Lead', [
			'id',
			'companyId',
			'ownerId',
			'unitId',
			'regionId',
			'stage',
			'priority',
			'source',
			'nextActionDate',
			'notes',
			'isSample',
			'createdAt',
			'updatedAt',
		])
		const insertStageChange = db.insert('LeadStageChange', ['id', 'leadId', 'fromStage', 'toStage', 'at', 'userId'])
		const insertProject = db.insert('Project', [
			'id',
			'title',
			'titleSortKey',
			'companyId',
			'type',
			'investmentCNY',
			'incrementCNY',
			'stage',
			'negotiatingDate',
			'signedDate',
			'startedDate',
			'producingDate',
			'terminatedDate',
			'responsibleUnitId',
			'regionId',
			'isClusterLeading',
			'source',
			'isSample',
			'createdAt',
			'updatedAt',
		])
		const insertProjectLink = db.insert('ProjectLink', ['projectId', 'linkId'])
		const insertEvidence = db.insert('StageEvidence', [
			'id',
			'projectId',
			'stage',
			'docNumber',
			'submittedAt',
			'status',
			'reviewedAt',
			'reviewNote',
			'verifiedFacts',
			'isSample',
		])

		const counts = { companies: 0, shortNames: 0, tags: 0, figures: 0, leads: 0, overdueLeads: 0, projects: 0 }
		await db.transaction(async () => {
			const now = options.now ?? new Date()
			const generate = demoGenerator(options.seed, await loadWorld(db, now, options.leads > 0))
			const regionOf = await recordRegions(db)
			const companies: { id: string; stem: string; link: DemoLink }[] = []
			for (let n = 1; n <= options.companies; n++) {
				const { shortName, tags, links, stem, link, ...company } = generate.company()
				const companyId = id('co', n)
				insertCompany({ ...company, nameSortKey: nameSortKey(company.name), id: companyId, kind: 'enterprise', source: DEMO_SOURCE, isSample: true })
				if (shortName) {
					insertAlias({ id: id('al', n), companyId, kind: 'short', name: shortName })
					counts.shortNames++
				}
				for (const tag of tags) insertTag({ companyId, tag })
				counts.tags += tags.length
				for (const figure of links) {
					insertFigure({ ...figure, id: id('cl', ++counts.figures), companyId, year: demoFigureYear(now), source: DEMO_SOURCE, isSample: true })
				}
				companies.push({ id: companyId, stem, link })
				await db.drain()
			}
			counts.companies = companies.length

			for (const index of generate.random.sample(companies.length, options.leads)) {
				const lead = generate.lead()
				const leadId = id('ld', ++counts.leads)
				insertLead({ ...lead, id: leadId, companyId: companies[index]!.id, regionId: regionOf.lead(lead.ownerId), isSample: true })
				// A generated lead's history starts at its current stage, as a seeded one's does.
				insertStageChange({ id: id('sc', counts.leads), leadId, fromStage: null, toStage: lead.stage, at: lead.createdAt, userId: lead.ownerId })
				if (isOverdue({ ...lead, lastActivityDate: null }, now)) counts.overdueLeads++
				await db.drain()
			}
			for (const index of generate.random.sample(companies.length, options.projects)) {
				const { linkId, ...project } = generate.project(companies[index]!)
				const projectId = id('pj', ++counts.projects)
				insertProject({
					...project,
					titleSortKey: nameSortKey(project.title),
					id: projectId,
					companyId: companies[index]!.id,
					regionId: regionOf.project(project.responsibleUnitId),
					source: DEMO_SOURCE,
					isSample: true,
				})
				insertProjectLink({ projectId, linkId })
				// Generated projects count as the seeded ones do: every reached 签约/开工/投产 verified as sample data.
				const facts = countedFactsOf({ ...project, linkIds: [linkId] })
				for (const evidence of sampleEvidence(facts, [], now)) insertEvidence({ ...evidence, id: `${projectId}-${evidence.stage}`, projectId })
				await db.drain()
			}
		})
		return { seed: options.seed, ...counts, ms: Math.round(performance.now() - started) }
	} finally {
		await db.close()
	}
}
