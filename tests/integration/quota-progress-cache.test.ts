import Database from 'better-sqlite3'
import { afterAll, expect, test } from 'vitest'
import { createPrisma, engineOf, prisma } from '~/db.server'
import { Prisma } from '~/generated/prisma/client'
import { openBulkWriter } from '~/models/bulk-writer.server'
import { generateDemoData } from '~/models/demo-data.server'
import { loadQuotaProgress } from '~/models/quota-progress.server'
import '../helpers/setup-db'
import { WHOLE_INSTALLATION } from '../helpers/actors'

// ADR 0036: quota figures are cached per client and reused while QuotaInputRevision, bumped by database
// triggers on every write to the tables they are counted from, has not moved.

/** The tables quota figures are counted from: each has insert, update and delete triggers (User: its name only). */
const COUNTED_TABLES = [
	'Region',
	'Unit',
	'Chain',
	'ChainLink',
	'Company',
	'CompanyTag',
	'CompanyLink',
	'Project',
	'ProjectLink',
	'StageEvidence',
	'Quota',
	'QuotaUnit',
	'QuotaManualEntry',
	'QuotaYearValue',
]
/** Tables of which one column is read: an update of it is a change (the names of users, which manual entries show). */
const COUNTED_COLUMNS = ['User']

/**
 * The tables loadQuotaProgress does not read, so their writes keep cached figures. A new model must be
 * put in one list or the other (the first test fails until it is): a table the figures come to read
 * needs its triggers in a migration, or the dashboard shows stale figures.
 */
const NOT_COUNTED_TABLES = [
	'Password',
	'Session',
	'LoginThrottle',
	'ChainEdge',
	'CompanyAlias',
	'CompanyMerge',
	'CompanySearchEntry',
	'CompanySearchDirty',
	'Lead',
	'Activity',
	'PolicyDocument',
	'IssuedReport',
	'PeriodAdjustment',
	'AuditLog',
	'Scenario',
	'SavedView',
	'LeadStageChange',
	'ImportMapping',
	'ImportBatch',
	'ImportJob',
	'ImportRecord',
	'QuotaInputRevision',
	'ServiceLevelSetting',
	'Notification',
	'NotifyChannel',
	'NotifyDelivery',
	'DigestRun',
	'CalendarFeed',
]

const onSqlite = engineOf() === 'sqlite'
/** Another connection to the same database: the import worker, the CLI or a second server process. */
const otherProcess = createPrisma(process.env.DATABASE_URL)
afterAll(() => otherProcess.$disconnect())

const yearEnd2025 = { year: 2025, asOf: '2025-12-31', scope: WHOLE_INSTALLATION }

async function clause16() {
	const { id } = await prisma.quota.findFirstOrThrow({ where: { section: '（六）16' }, select: { id: true } })
	return id
}

const revision = async () => (await prisma.quotaInputRevision.findUniqueOrThrow({ where: { id: 1 }, select: { value: true } })).value

/** Every revision row by id (ADR 0043: 1 every counted write, then one row per kind of quota input). */
async function revisions() {
	const rows = await prisma.quotaInputRevision.findMany({ orderBy: { id: 'asc' }, select: { id: true, value: true } })
	return new Map(rows.map((r) => [r.id, r.value]))
}

/** The rows a write moved, by id. */
async function movedBy(write: () => Promise<unknown>) {
	const before = await revisions()
	await write()
	const after = await revisions()
	return [...after].filter(([id, value]) => value !== before.get(id)).map(([id]) => id)
}

/** The triggers on each table, as "Table:EVENT". */
async function quotaInputTriggers() {
	const rows = onSqlite
		? await prisma.$queryRaw<
				{ tbl: string; sql: string }[]
			>`SELECT "tbl_name" AS "tbl", "sql" FROM "sqlite_master" WHERE "type" = 'trigger' AND "name" LIKE '%quota_input%'`
		: await prisma.$queryRaw<
				{ tbl: string; sql: string }[]
			>`SELECT "event_object_table"::text AS "tbl", "event_manipulation"::text AS "sql" FROM "information_schema"."triggers" WHERE "trigger_name" LIKE '%quota_input%'`
	return new Set(rows.map((r) => `${r.tbl}:${/\b(INSERT|UPDATE|DELETE)\b/.exec(r.sql)![1]}`))
}

/** Runs `change` (an update) with the table's update trigger off, so the write leaves the revisions where they were. */
async function withoutUpdateTrigger(table: 'Project' | 'Company', change: () => Promise<unknown>) {
	if (onSqlite) {
		// DDL on a connection of its own: the app's adapter prepares each statement on its reader first.
		const file = new Database(process.env.DATABASE_URL!.replace(/^file:/, ''))
		const { sql } = file.prepare(`SELECT "sql" FROM "sqlite_master" WHERE "name" = '${table}_quota_input_update'`).get() as { sql: string }
		file.exec(`DROP TRIGGER "${table}_quota_input_update"`)
		try {
			await change()
		} finally {
			file.exec(sql)
			file.close()
		}
	} else {
		await prisma.$executeRawUnsafe(`ALTER TABLE "${table}" DISABLE TRIGGER "${table}_quota_input"`)
		try {
			await change()
		} finally {
			await prisma.$executeRawUnsafe(`ALTER TABLE "${table}" ENABLE TRIGGER "${table}_quota_input"`)
		}
	}
}

const withoutProjectTrigger = (change: () => Promise<unknown>) => withoutUpdateTrigger('Project', change)

test('every model is either counted, with triggers for its writes, or named as not read by the quota figures', async () => {
	const models = Object.values(Prisma.ModelName).sort()
	expect([...COUNTED_TABLES, ...COUNTED_COLUMNS, ...NOT_COUNTED_TABLES].sort()).toEqual(models)
	const triggers = await quotaInputTriggers()
	for (const table of COUNTED_TABLES) {
		for (const event of ['INSERT', 'UPDATE', 'DELETE']) expect(triggers, `${table} ${event}`).toContain(`${table}:${event}`)
	}
	expect(triggers).toContain('User:UPDATE')
	const watched = new Set([...triggers].map((t) => t.split(':')[0]))
	expect([...watched].sort()).toEqual([...COUNTED_TABLES, ...COUNTED_COLUMNS].sort())
})

test('a write from another connection moves the revision, and the next figures count it', async () => {
	const id = await clause16()
	const [before] = await loadQuotaProgress(prisma, { ...yearEnd2025, quotaIds: [id] })
	expect(before!.actual).toBeGreaterThan(0)
	const counted = before!.items[0]!.id
	const revisionBefore = await revision()

	await otherProcess.project.update({ where: { id: counted }, data: { signedDate: new Date('2024-06-01T00:00:00Z') } })
	expect(await revision()).toBeGreaterThan(revisionBefore)
	const [after] = await loadQuotaProgress(prisma, { ...yearEnd2025, quotaIds: [id] })
	expect(after!.actual).toBe(before!.actual - 1)
	expect(after!.items.map((i) => i.id)).not.toContain(counted)

	// Raw SQL, as the bulk writers use, is seen alike.
	const revisionRaw = await revision()
	await otherProcess.$executeRaw`DELETE FROM "StageEvidence" WHERE "projectId" = ${after!.items[0]!.id}`
	expect(await revision()).toBeGreaterThan(revisionRaw)
	const [again] = await loadQuotaProgress(prisma, { ...yearEnd2025, quotaIds: [id] })
	expect(again!.actual).toBeLessThan(after!.actual)
})

test('writes to other tables keep the cached answer, which every caller gets as a copy of its own', async () => {
	const id = await clause16()
	const [first] = await loadQuotaProgress(prisma, { ...yearEnd2025, quotaIds: [id] })
	const revisionBefore = await revision()
	const lead = await prisma.lead.findFirstOrThrow({ select: { id: true } })
	await prisma.lead.update({ where: { id: lead.id }, data: { notes: 'cache test' } })
	expect(await revision()).toBe(revisionBefore)

	// A change the revision does not see (its trigger off) shows that the second answer is the kept one.
	const counted = first!.items[0]!.id
	await withoutProjectTrigger(() => otherProcess.project.update({ where: { id: counted }, data: { signedDate: new Date('2024-06-01T00:00:00Z') } }))
	first!.items.length = 0
	first!.actual = -1
	const [second] = await loadQuotaProgress(prisma, { ...yearEnd2025, quotaIds: [id] })
	expect(second!.actual).toBeGreaterThan(0)
	expect(second!.items.map((i) => i.id)).toContain(counted)

	// The next counted write moves the revision: counted again, the change is there.
	const anyProject = await prisma.project.findFirstOrThrow({ where: { id: { not: counted } }, select: { id: true, notes: true } })
	await prisma.project.update({ where: { id: anyProject.id }, data: { notes: anyProject.notes } })
	const [third] = await loadQuotaProgress(prisma, { ...yearEnd2025, quotaIds: [id] })
	expect(third!.items.map((i) => i.id)).not.toContain(counted)
	expect(third!.actual).toBe(second!.actual - 1)
})

test("a transaction's figures include its own writes and are never kept for others", async () => {
	const id = await clause16()
	const [outside] = await loadQuotaProgress(prisma, { ...yearEnd2025, quotaIds: [id] })
	const counted = outside!.items[0]!.id
	const rolledBack = new Error('roll back')
	await expect(
		prisma.$transaction(async (tx) => {
			await tx.project.update({ where: { id: counted }, data: { signedDate: new Date('2024-06-01T00:00:00Z') } })
			const [inside] = await loadQuotaProgress(tx as typeof prisma, { ...yearEnd2025, quotaIds: [id] })
			expect(inside!.actual).toBe(outside!.actual - 1)
			throw rolledBack
		}),
	).rejects.toBe(rolledBack)
	const [afterwards] = await loadQuotaProgress(prisma, { ...yearEnd2025, quotaIds: [id] })
	expect(afterwards!.actual).toBe(outside!.actual)
	expect(afterwards!.items.map((i) => i.id)).toContain(counted)
})

test('a bulk write (the demo generator, the benches) moves the revision, once on SQLite, and keeps every trigger, even when it fails', async () => {
	const id = await clause16()
	const triggers = await quotaInputTriggers()
	const [cached] = await loadQuotaProgress(prisma, { ...yearEnd2025, quotaIds: [id] })
	const before = await revision()
	const kindsBefore = await revisions()
	const generated = await generateDemoData(process.env.DATABASE_URL!, {
		companies: 40,
		leads: 0,
		projects: 20,
		seed: 991207,
		now: new Date('2025-09-30T04:00:00Z'),
	})
	expect(generated.projects).toBe(20)
	const after = await revision()
	// SQLite: the row triggers are held off inside the writer's transaction and the revision bumped once for it;
	// PostgreSQL: a statement trigger per multi-row INSERT.
	if (onSqlite) expect(after).toBe(before + 1n)
	else expect(after).toBeGreaterThan(before)
	// The kinds' rows too (ADR 0043). SQLite: every one, as the bulk writer cannot tell what it wrote;
	// PostgreSQL: those of the tables written (companies, tags, figures, projects; no manual entry).
	const kindsAfter = await revisions()
	const moved = [...kindsAfter].filter(([kind, value]) => value !== kindsBefore.get(kind)).map(([kind]) => kind)
	expect(moved).toEqual(onSqlite ? [1, 2, 3, 4] : [1, 2, 3])
	expect(await quotaInputTriggers()).toEqual(triggers)
	// Counted again: generated projects signed in 2025 are verified sample data, so the figure moves.
	const [recounted] = await loadQuotaProgress(prisma, { ...yearEnd2025, quotaIds: [id] })
	const listed = (p: typeof cached) => p!.counts.items + p!.counts.excluded + p!.counts.awaiting + p!.counts.pipeline
	expect(listed(recounted)).toBeGreaterThan(listed(cached))

	// A failed bulk write leaves no row, the revision where it was, and every trigger in place.
	const writer = await openBulkWriter(process.env.DATABASE_URL!)
	const failure = new Error('bulk write failed')
	try {
		await expect(
			writer.transaction(async () => {
				await writer.all('UPDATE "Quota" SET "metric" = "metric" WHERE "id" = ? RETURNING "id"', [id])
				throw failure
			}),
		).rejects.toBe(failure)
	} finally {
		await writer.close()
	}
	expect(await revision()).toBe(after)
	expect(await quotaInputTriggers()).toEqual(triggers)
	// And the triggers still fire for the next writer outside the bulk path.
	await otherProcess.$executeRaw`UPDATE "Quota" SET "metric" = "metric" WHERE "id" = ${id}`
	expect(await revision()).toBeGreaterThan(after)
})

// ADR 0043: row 1 moves on every counted write; row 2 on what the projects quotas are counted from, row 3 on the
// register (companies with a tag, sums), row 4 on the manual quotas' entries; the tables every quota reads move all.
test('each counted table moves the revision of the quotas counted from it, whoever writes', async () => {
	const project = await prisma.project.findFirstOrThrow({ select: { id: true } })
	const company = await prisma.company.findFirstOrThrow({ select: { id: true } })
	const tag = await prisma.companyTag.findFirstOrThrow({ select: { companyId: true, tag: true } })
	const figure = await prisma.companyLink.findFirstOrThrow({ select: { id: true } })
	const evidence = await prisma.stageEvidence.findFirstOrThrow({ select: { id: true } })
	const user = await prisma.user.findFirstOrThrow({ where: { role: 'manager' }, select: { id: true } })
	const manual = await prisma.quota.findFirstOrThrow({ where: { kind: 'manual' }, select: { id: true } })
	const region = await prisma.region.findFirstOrThrow({ select: { id: true } })
	const quota = await clause16()
	const entry = await prisma.quotaManualEntry.create({
		data: { quotaId: manual.id, year: 2025, value: 1, evidence: '测试', date: new Date('2025-03-31T00:00:00Z'), userId: user.id },
		select: { id: true },
	})
	const all = [1, 2, 3, 4]
	const cases: [string, () => Promise<unknown>, number[]][] = [
		['a project', () => otherProcess.$executeRaw`UPDATE "Project" SET "updatedAt" = "updatedAt" WHERE "id" = ${project.id}`, [1, 2]],
		['its evidence', () => otherProcess.$executeRaw`UPDATE "StageEvidence" SET "status" = "status" WHERE "id" = ${evidence.id}`, [1, 2]],
		['a company, not its name', () => otherProcess.$executeRaw`UPDATE "Company" SET "contactPhone" = "contactPhone" WHERE "id" = ${company.id}`, [1, 3]],
		// The projects quotas list their companies by name.
		["a company's name", () => otherProcess.$executeRaw`UPDATE "Company" SET "name" = "name" WHERE "id" = ${company.id}`, [1, 2, 3]],
		[
			'a tag',
			() => otherProcess.$executeRaw`UPDATE "CompanyTag" SET "grantedYear" = "grantedYear" WHERE "companyId" = ${tag.companyId} AND "tag" = ${tag.tag}`,
			[1, 3],
		],
		['a chain figure', () => otherProcess.$executeRaw`UPDATE "CompanyLink" SET "year" = "year" WHERE "id" = ${figure.id}`, [1, 3]],
		['a manual entry', () => otherProcess.$executeRaw`UPDATE "QuotaManualEntry" SET "value" = "value" WHERE "id" = ${entry.id}`, [1, 4]],
		// The manual quotas' entries show who entered them.
		["a user's name", () => otherProcess.$executeRaw`UPDATE "User" SET "name" = "name" WHERE "id" = ${user.id}`, [1, 4]],
		['a quota', () => otherProcess.$executeRaw`UPDATE "Quota" SET "metric" = "metric" WHERE "id" = ${quota}`, all],
		['a region', () => otherProcess.$executeRaw`UPDATE "Region" SET "name" = "name" WHERE "id" = ${region.id}`, all],
	]
	for (const [what, write, moved] of cases) expect(await movedBy(write), what).toEqual(moved)
	// A new company has no project yet; a deleted one takes its projects along.
	const created = { id: 'cache-test-company', name: '缓存测试企业', isLocal: true, updatedAt: new Date() }
	expect(await movedBy(() => otherProcess.company.create({ data: created, select: { id: true } }))).toEqual([1, 3])
	expect(await movedBy(() => otherProcess.company.delete({ where: { id: created.id }, select: { id: true } }))).toEqual([1, 2, 3])
	// Writes the figures do not read move none.
	const lead = await prisma.lead.findFirstOrThrow({ select: { id: true } })
	expect(await movedBy(() => otherProcess.$executeRaw`UPDATE "Lead" SET "notes" = "notes" WHERE "id" = ${lead.id}`)).toEqual([])
	expect(await movedBy(() => otherProcess.$executeRaw`UPDATE "User" SET "role" = "role" WHERE "id" = ${user.id}`)).toEqual([])
	await prisma.quotaManualEntry.delete({ where: { id: entry.id } })
})

test('after a write, only the quotas counted from what it wrote are counted again, and the figures are those of a full count', async () => {
	const id = await clause16()
	const figures = async () => new Map((await loadQuotaProgress(prisma, yearEnd2025)).map((q) => [q.quotaId, q]))
	const before = await figures()
	const projects = before.get(id)!
	const counted = projects.items[0]!.id
	// The register's revenue sum of the chain (集群产值): one of its companies.
	const revenue = [...before.values()].find((q) => q.kind === 'sum' && q.metric === '集群产值')!
	const firm = revenue.items[0]!.id

	// A change the revisions do not see: as far as they know, the projects quota's figure still stands.
	await withoutProjectTrigger(() => otherProcess.project.update({ where: { id: counted }, data: { signedDate: new Date('2024-06-01T00:00:00Z') } }))
	// A write to the register: its quotas are counted again, the projects quota is kept.
	await otherProcess.$executeRaw`UPDATE "Company" SET "revenueCNY" = "revenueCNY" + 10000 WHERE "id" = ${firm}`
	const afterCompany = await figures()
	expect(afterCompany.get(revenue.quotaId)!.actual).toBe(revenue.actual + 10000)
	expect(afterCompany.get(id)!.actual).toBe(projects.actual)
	expect(afterCompany.get(id)!.items.map((i) => i.id)).toContain(counted)

	// A write to the projects' side: now that quota is counted again and shows the change.
	await otherProcess.$executeRaw`UPDATE "Project" SET "updatedAt" = "updatedAt" WHERE "id" = ${counted}`
	const afterProject = await figures()
	expect(afterProject.get(id)!.actual).toBe(projects.actual - 1)
	expect(afterProject.get(id)!.items.map((i) => i.id)).not.toContain(counted)
	// Every figure and list, kept or counted again, is what a full count gives (a transaction's client counts everything).
	const full = await prisma.$transaction((tx) => loadQuotaProgress(tx as typeof prisma, yearEnd2025))
	expect([...afterProject.values()]).toEqual(full)
	// Under the dashboard's list limits too (cached apart, by query).
	const limits = { items: 5, awaiting: 0, excluded: 0, pipeline: 0 }
	const limited = await loadQuotaProgress(prisma, { ...yearEnd2025, limits })
	await otherProcess.$executeRaw`UPDATE "QuotaManualEntry" SET "value" = "value" WHERE "id" IN (SELECT "id" FROM "QuotaManualEntry")`
	expect(await loadQuotaProgress(prisma, { ...yearEnd2025, limits })).toEqual(limited)
	expect(limited).toEqual(await prisma.$transaction((tx) => loadQuotaProgress(tx as typeof prisma, { ...yearEnd2025, limits })))
})
