import fs from 'node:fs'
import path from 'node:path'
import { type Db } from '~/db.server'
import { nameSortKey } from '~/domain/names/sort-key'
import { homeRegion, type RegionNode } from '~/domain/region/scope'
import { parseSeedFiles, type SeedBundle } from '~/domain/seed/seed-files'
import { createChainFromTemplate } from '~/models/chain-template.server'
import { seedSampleEvidence } from '~/models/stage-evidence.server'
import { hashPassword } from '~/utils/password-hash.server'
import { todayInChina } from '~/utils/today'
import { flushCompanySearch } from './company-search.server'

type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0]

/** The seed files with their sample records placed relative to `today` (China time; ADR 0021). */
export function readSeedFiles(seedDir = 'seeds', today = todayInChina()) {
	return parseSeedFiles(
		(rel) => JSON.parse(fs.readFileSync(path.join(seedDir, rel), 'utf8')),
		(rel) => fs.readFileSync(path.join(seedDir, rel), 'utf8'),
		today,
	)
}

const day = (iso: string | null | undefined) => (iso ? new Date(`${iso}T00:00:00Z`) : null)

/**
 * Loads seeds/ into an empty database in one transaction: a bad file or a
 * failed insert leaves nothing half-written. A database with data is left alone.
 * The sample records are dated relative to `today` (YYYY-MM-DD; default: today in China).
 */
export async function seedDatabase(db: Db, seedDir = 'seeds', today = todayInChina()) {
	if ((await db.chain.count()) > 0 || (await db.user.count()) > 0) return { seeded: false, counts: {} }
	const { users, ...data } = readSeedFiles(seedDir, today)
	// Hash before the transaction: bcrypt is slow and SQLite holds the write lock.
	const hashes = await Promise.all(users.map((u) => hashPassword(u.password)))
	const accounts = users.map((u, i) => ({ ...u, hash: hashes[i]!, disabled: false }))
	const counts = await db.$transaction((tx) => insertSeedData(tx, data, accounts), { timeout: 60_000, maxWait: 10_000 })
	await flushCompanySearch(db)
	return { seeded: true, counts }
}

/** The seed files without their users: what a real install may load as sample data. */
export type SeedData = Omit<SeedBundle, 'users'>

/** Seed data of nothing at all: a real install that starts empty inserts only its first admin. */
export const NO_SEED_DATA: SeedData = {
	regions: [],
	units: [],
	chains: [],
	companies: [],
	documents: [],
	quotas: [],
	crm: { leads: [], activities: [], projects: [] },
}

/**
 * A user row of the seed: the demo's own users with the hash of their demo
 * password; in a real install, the first admin and the disabled owners of
 * the sample records.
 */
export type SeedAccount = { username: string; name: string; role: string; unit: string | null; hash: string; disabled: boolean }

/** Inserts the accounts and the data in the caller's transaction, so a failure leaves nothing behind. */
export async function insertSeedData(tx: Tx, b: SeedData, accounts: SeedAccount[]) {
	const regionId = new Map<string, string>()
	const regionNodes: RegionNode[] = []
	for (const r of b.regions) {
		const parentId = r.parent ? (regionId.get(r.parent) ?? null) : null
		const { id } = await tx.region.create({
			data: { code: r.code, name: r.name, nameEn: r.nameEn, kind: r.kind, parentId },
			select: { id: true },
		})
		regionId.set(r.code, id)
		regionNodes.push({ id, parentId })
	}
	const region = (code: string | null | undefined) => (code ? (regionId.get(code) ?? null) : null)

	const unitId = new Map<string, string>()
	for (const u of b.units) {
		const { id } = await tx.unit.create({ data: { name: u.name, nameEn: u.nameEn, regionId: region(u.region) }, select: { id: true } })
		unitId.set(u.name, id)
	}
	// Every account works for the installation's region (ADR 0026): the demo's park staff see the whole county.
	const home = homeRegion(
		regionNodes,
		b.units.flatMap((u) => region(u.region) ?? []),
	)
	const unitRegion = (name: string | null | undefined) => (name ? region(b.units.find((u) => u.name === name)?.region) : null) ?? home

	const userId = new Map<string, string>()
	const now = new Date()
	for (const u of accounts) {
		const { id } = await tx.user.create({
			data: {
				username: u.username,
				name: u.name,
				role: u.role,
				unitId: u.unit ? unitId.get(u.unit) : null,
				regionId: home,
				disabledAt: u.disabled ? now : null,
				password: { create: { hash: u.hash } },
			},
			select: { id: true },
		})
		userId.set(u.username, id)
	}

	// Link ids by "chain/key" and by bare key (projects name links by key only).
	const linkId = new Map<string, string>()
	for (const chain of b.chains) {
		const { linkIds } = await createChainFromTemplate(tx, chain, regionId)
		for (const [key, id] of linkIds) {
			linkId.set(`${chain.slug}/${key}`, id)
			linkId.set(key, id)
		}
	}

	const companyId = new Map<string, string>()
	for (const c of b.companies) {
		const { id } = await tx.company.create({
			data: {
				name: c.name,
				nameSortKey: nameSortKey(c.name),
				uscc: c.uscc,
				kind: c.kind,
				isLocal: c.isLocal,
				regionId: region(c.region),
				revenueCNY: c.revenueCNY === null ? null : BigInt(c.revenueCNY),
				employees: c.employees,
				description: c.description,
				source: c.source,
				isSample: c.isSample,
				aliases: {
					create: [...(c.shortName ? [{ kind: 'short', name: c.shortName }] : []), ...c.formerNames.map((name) => ({ kind: 'former', name }))],
				},
				tags: { create: c.tags.map((tag) => ({ tag })) },
				links: {
					create: c.links.map((l) => ({
						linkId: linkId.get(`${l.chain}/${l.link}`)!,
						year: l.year,
						capacity: l.capacity,
						output: l.output,
						source: l.source,
						isSample: l.isSample,
					})),
				},
			},
			select: { id: true },
		})
		companyId.set(c.name, id)
	}

	const documentId = new Map<string, string>()
	// A quota is its document's region's target (ADR 0029); the bureau's own plan is the home region's.
	const documentRegion = new Map(b.documents.map((d) => [d.key, region(d.region) ?? home]))
	for (const d of b.documents) {
		const { id } = await tx.policyDocument.create({
			data: { title: d.title, docNumber: d.docNumber, issuer: d.issuer, issuedDate: day(d.issuedDate), regionId: region(d.region), text: d.text },
			select: { id: true },
		})
		documentId.set(d.key, id)
	}
	for (const q of b.quotas) {
		await tx.quota.create({
			data: {
				documentId: documentId.get(q.document)!,
				regionId: documentRegion.get(q.document) ?? null,
				section: q.section,
				excerpt: q.excerpt,
				metric: q.metric,
				kind: q.kind,
				op: q.op,
				value: q.value,
				valueMax: q.valueMax,
				unit: q.unit,
				normalizedValue: q.normalizedValue,
				normalizedUnit: q.normalizedUnit,
				period: q.period,
				startYear: q.startYear,
				endYear: q.endYear,
				filters: JSON.stringify(q.filters),
				units: { create: q.units.map((name, position) => ({ unitId: unitId.get(name)!, position })) },
			},
			select: { id: true },
		})
	}

	/** A sample lead's stage history: recorded as 新线索 and moved as its history says, else its current stage alone from the start. */
	const stageHistory = (l: SeedData['crm']['leads'][number]): { fromStage: string | null; toStage: string; at: string }[] => {
		if (l.history.length === 0) return [{ fromStage: null, toStage: l.stage, at: l.createdAt }]
		const stages = ['new', ...l.history.map((h) => h.stage)]
		return [{ fromStage: null, toStage: 'new', at: l.createdAt }, ...l.history.map((h, i) => ({ fromStage: stages[i]!, toStage: h.stage, at: h.at }))]
	}
	const leadIds: string[] = []
	for (const l of b.crm.leads) {
		const { id } = await tx.lead.create({
			data: {
				companyId: companyId.get(l.company)!,
				ownerId: userId.get(l.owner)!,
				unitId: l.unit ? unitId.get(l.unit) : null,
				regionId: unitRegion(l.unit),
				stage: l.stage,
				priority: l.priority,
				source: l.source,
				nextActionDate: day(l.nextActionDate),
				notes: l.notes,
				isSample: l.isSample,
				createdAt: day(l.createdAt)!,
				stageChanges: { create: stageHistory(l).map((c) => ({ ...c, userId: userId.get(l.owner)!, at: day(c.at)! })) },
			},
			select: { id: true },
		})
		leadIds.push(id)
	}
	const projectId = new Map<string, string>()
	for (const p of b.crm.projects) {
		const { id } = await tx.project.create({
			data: {
				title: p.title,
				titleSortKey: nameSortKey(p.title),
				companyId: companyId.get(p.company)!,
				type: p.type,
				investmentCNY: BigInt(p.investmentCNY),
				incrementCNY: p.incrementCNY === null ? null : BigInt(p.incrementCNY),
				stage: p.stage,
				negotiatingDate: day(p.negotiatingDate),
				signedDate: day(p.signedDate),
				startedDate: day(p.startedDate),
				producingDate: day(p.producingDate),
				terminatedDate: day(p.terminatedDate),
				responsibleUnitId: unitId.get(p.responsibleUnit)!,
				regionId: unitRegion(p.responsibleUnit),
				leadId: p.lead === undefined ? null : leadIds[p.lead]!,
				isClusterLeading: p.isClusterLeading,
				source: p.source,
				isSample: p.isSample,
				links: { create: p.links.map((key) => ({ linkId: linkId.get(key)! })) },
			},
			select: { id: true },
		})
		projectId.set(p.title, id)
		await seedSampleEvidence(tx, id, p.awaitingVerification)
	}
	for (const a of b.crm.activities) {
		await tx.activity.create({
			data: {
				kind: a.kind,
				date: day(a.date)!,
				people: a.people,
				notes: a.notes,
				companyId: companyId.get(a.company)!,
				leadId: a.lead === null ? null : leadIds[a.lead],
				userId: userId.get(a.user)!,
				isSample: a.isSample,
			},
			select: { id: true },
		})
	}

	return {
		regions: b.regions.length,
		units: b.units.length,
		users: accounts.length,
		chains: b.chains.length,
		links: b.chains.reduce((n, c) => n + c.links.length, 0),
		edges: b.chains.reduce((n, c) => n + c.edges.length, 0),
		companies: b.companies.length,
		sampleCompanies: b.companies.filter((c) => c.isSample).length,
		documents: b.documents.length,
		quotas: b.quotas.length,
		leads: leadIds.length,
		projects: projectId.size,
		activities: b.crm.activities.length,
	}
}
