// `demo:generate`: adds generated sample companies (with tags, short names and
// chain-link figures), leads and projects to a database that holds the seed data.
// Everything goes in through prepared inserts in one transaction, so 100,000
// companies take seconds, and a failure leaves nothing behind.
import Database from 'better-sqlite3'
import { isOverdue } from '~/domain/lead/status'
import { countedFactsOf } from '~/domain/project/counted-facts'
import { sampleEvidence } from '~/domain/project/verification'
import { DEMO_SOURCE, demoFigureYear, type DemoLink, type DemoOptions, type DemoRegion, type DemoWorld, demoGenerator } from '~/domain/demo/demo-data'
import { prepareInsert, sqliteFile } from './sqlite-bulk.server'

/** Company columns a bulk insert fills (the bench's import floor writes the same). */
export const COMPANY_INSERT_COLUMNS = [
	'id',
	'name',
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
function openFrom(db: Database.Database) {
	const end = db.prepare('SELECT max("periodEnd") FROM "IssuedReport"').pluck().get() as string | null
	return end === null ? null : new Date(Date.parse(`${end}T00:00:00Z`) + 86_400_000)
}

/** What the generated rows hang on, in a stable order so a seed gives the same data again. */
function loadWorld(db: Database.Database, now: Date, needsOwners: boolean): DemoWorld {
	const regions = db.prepare('SELECT "id", "name" FROM "Region" ORDER BY "code"').all() as { id: string; name: string }[]
	const links = db
		.prepare(
			`SELECT l."id", l."chainId", l."name", l."stage" FROM "ChainLink" l JOIN "Chain" c ON c."id" = l."chainId"
			ORDER BY c."createdAt", c."id", l."sortOrder", l."id"`,
		)
		.all() as DemoLink[]
	if (regions.length === 0 || links.length === 0) throw new DemoDataError('demo data needs regions and chains: run the seed command first')
	// Local and external companies go where the existing ones are, in the same proportions.
	const used = db
		.prepare(
			`SELECT r."id", r."name", c."isLocal", count(*) AS "weight" FROM "Company" c JOIN "Region" r ON r."id" = c."regionId"
			GROUP BY r."id", c."isLocal" ORDER BY r."code", c."isLocal"`,
		)
		.all() as (DemoRegion & { isLocal: number })[]
	const pool = (isLocal: number) => {
		const found = used.filter((r) => r.isLocal === isLocal)
		return found.length > 0 ? found : regions.map((r) => ({ ...r, weight: 1 }))
	}
	const users = db.prepare('SELECT "id", "unitId", "role" FROM "User" ORDER BY "username"').all() as { id: string; unitId: string | null; role: string }[]
	const staff = users.filter((u) => u.role === 'staff')
	if (needsOwners && users.length === 0) throw new DemoDataError('leads need an owner: create a user first')
	return {
		localRegions: pool(1),
		externalRegions: pool(0),
		links,
		owners: staff.length > 0 ? staff : users,
		unitIds: db.prepare('SELECT "id" FROM "Unit" ORDER BY "name"').pluck().all() as string[],
		names: new Set(db.prepare('SELECT "name" FROM "Company"').pluck().all() as string[]),
		usccs: new Set(db.prepare('SELECT "uscc" FROM "Company" WHERE "uscc" IS NOT NULL').pluck().all() as string[]),
		now,
		openFrom: openFrom(db),
	}
}

/**
 * Writes `companies` sample companies, `leads` leads and `projects` projects
 * (on distinct companies each) into the SQLite database at `url`. Ids start
 * with `demo-<seed>-`, so a seed already used is refused. Every row is isSample.
 */
export function generateDemoData(url: string, options: DemoOptions & { now?: Date }) {
	const started = performance.now()
	// Waits, like the app's connections, while another writer (an import) holds the lock.
	const db = new Database(sqliteFile(url), { fileMustExist: true, timeout: 60_000 })
	try {
		const prefix = `demo-${options.seed}-`
		if (db.prepare('SELECT 1 FROM "Company" WHERE "id" LIKE ? LIMIT 1').get(`${prefix}%`)) {
			throw new DemoDataError(`demo data of seed ${options.seed} is already in the database; pass another --seed`)
		}
		const id = (kind: string, n: number) => `${prefix}${kind}-${String(n).padStart(7, '0')}`
		const insertCompany = prepareInsert(db, 'Company', COMPANY_INSERT_COLUMNS)
		const insertAlias = prepareInsert(db, 'CompanyAlias', ['id', 'companyId', 'kind', 'name'])
		const insertTag = prepareInsert(db, 'CompanyTag', ['companyId', 'tag'])
		const insertFigure = prepareInsert(db, 'CompanyLink', ['id', 'companyId', 'linkId', 'year', 'capacity', 'output', 'source', 'isSample'])
		const insertLead = prepareInsert(db, 'Lead', [
			'id',
			'companyId',
			'ownerId',
			'unitId',
			'stage',
			'priority',
			'source',
			'nextActionDate',
			'notes',
			'isSample',
			'createdAt',
			'updatedAt',
		])
		const insertStageChange = prepareInsert(db, 'LeadStageChange', ['id', 'leadId', 'fromStage', 'toStage', 'at', 'userId'])
		const insertProject = prepareInsert(db, 'Project', [
			'id',
			'title',
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
			'isClusterLeading',
			'source',
			'isSample',
			'createdAt',
			'updatedAt',
		])
		const insertProjectLink = prepareInsert(db, 'ProjectLink', ['projectId', 'linkId'])
		const insertEvidence = prepareInsert(db, 'StageEvidence', [
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
		db.transaction(() => {
			const now = options.now ?? new Date()
			const generate = demoGenerator(options.seed, loadWorld(db, now, options.leads > 0))
			const companies: { id: string; stem: string; link: DemoLink }[] = []
			for (let n = 1; n <= options.companies; n++) {
				const { shortName, tags, links, stem, link, ...company } = generate.company()
				const companyId = id('co', n)
				insertCompany({ ...company, id: companyId, kind: 'enterprise', source: DEMO_SOURCE, isSample: true })
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
			}
			counts.companies = companies.length

			for (const index of generate.random.sample(companies.length, options.leads)) {
				const lead = generate.lead()
				const leadId = id('ld', ++counts.leads)
				insertLead({ ...lead, id: leadId, companyId: companies[index]!.id, isSample: true })
				// A generated lead's history starts at its current stage, as a seeded one's does.
				insertStageChange({ id: id('sc', counts.leads), leadId, fromStage: null, toStage: lead.stage, at: lead.createdAt, userId: lead.ownerId })
				if (isOverdue(lead, now)) counts.overdueLeads++
			}
			for (const index of generate.random.sample(companies.length, options.projects)) {
				const { linkId, ...project } = generate.project(companies[index]!)
				const projectId = id('pj', ++counts.projects)
				insertProject({ ...project, id: projectId, companyId: companies[index]!.id, source: DEMO_SOURCE, isSample: true })
				insertProjectLink({ projectId, linkId })
				// Generated projects count as the seeded ones do: every reached 签约/开工/投产 verified as sample data.
				const facts = countedFactsOf({ ...project, linkIds: [linkId] })
				for (const evidence of sampleEvidence(facts, [], now)) insertEvidence({ ...evidence, id: `${projectId}-${evidence.stage}`, projectId })
			}
		})()
		return { seed: options.seed, ...counts, ms: Math.round(performance.now() - started) }
	} finally {
		db.close()
	}
}
