import { setImmediate as yieldToEventLoop } from 'node:timers/promises'
import { type Db } from '~/db.server'
import { type Actor, type CountedCompanyFacts, importUndoProblem } from '~/domain/auth/record-access'
import { countedFactsOf } from '~/domain/project/counted-facts'
import { closedPeriodList, reportsCountingFirmsOf, reportsHoldingRecordsOf, touchedCompanyReports, touchedReports } from '~/domain/report/closed-periods'
import { Prisma } from '~/generated/prisma/client'
import { todayInChina } from '~/utils/today'
import { auditJson, recordAudit } from './audit.server'
import { type ClosedReport, COUNTED_FACTS_SELECT, countedFactsOfRow, countedFactsSourceOf, listClosedReports } from './closed-period.server'
import { flushCompanySearch } from './company-search.server'
import {
	chunks,
	type ChangedRecord,
	COMPANY_COLUMNS,
	companyScalars,
	ImportError,
	LEAD_COLUMNS,
	leadState,
	PROJECT_COLUMNS,
	projectState,
	type RecordRow,
	relinkProjects,
	setNamesAndTags,
	setRows,
} from './import-commit.server'
import { jsonArrayText, jsonObject, utcTimestampText } from './sql-dialect.server'

// Undoing one import batch (ADR 0006, 0014): the rows it updated restored from their `before` values, the rows it
// created deleted, refused while anything it wrote was changed since. The commit that wrote the batch is import-commit.server.ts.

type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0]

const DATE_FIELDS = new Set([
	'nextActionDate',
	'negotiatingDate',
	'signedDate',
	'startedDate',
	'producingDate',
	'terminatedDate',
	'commitStartBy',
	'commitProduceBy',
])
const BIGINT_FIELDS = new Set(['registeredCapitalCNY', 'revenueCNY', 'investmentCNY', 'incrementCNY', 'commitOutputCNY', 'commitTaxCNY'])

/** A `before` snapshot back in stored types. */
function restored(before: Record<string, unknown>) {
	return Object.fromEntries(
		Object.entries(before).map(([field, value]) => {
			if (value === null) return [field, null]
			if (BIGINT_FIELDS.has(field)) return [field, BigInt(value as string)]
			if (DATE_FIELDS.has(field)) return [field, new Date(value as string)]
			return [field, value]
		}),
	)
}

/**
 * Companies the batch updated, back as they were, set-based like the import
 * (500 at a time): each company as stored now with the fields the batch
 * replaced put back, and its names, tags and 认定 years as they were. Every
 * restore moves the version on, so an edit form opened before the undo is stale
 * (ADR 0015). A company deleted since has nothing to restore.
 */
async function restoreCompanies(tx: Tx, updates: readonly { entityId: string; before: string }[], now: Date) {
	for (const chunk of chunks(updates)) {
		const current = await tx.company.findMany({ where: { id: { in: chunk.map((u) => u.entityId) } }, select: { id: true, ...companyScalars } })
		const byId = new Map(current.map((row) => [row.id, row]))
		const rows = chunk.flatMap(({ entityId, before }) => {
			const stored = byId.get(entityId)
			if (!stored) return []
			const { shortNames, formerNames, tags, tagYears, ...fields } = restored(JSON.parse(before) as Record<string, unknown>)
			const aliases = (
				[
					['short', shortNames],
					['former', formerNames],
				] as const
			).flatMap(([kind, names]) => (names ? [{ kind, names: [...new Set(names as string[])] }] : []))
			const years = ((tags ?? []) as string[]).map((tag): [string, number | null] => [tag, (tagYears as Record<string, number> | undefined)?.[tag] ?? null])
			return [{ id: entityId, stored: { ...stored, ...fields }, aliases, tags: (tags as string[] | undefined) ?? null, years }]
		})
		await setRows(tx, 'Company', COMPANY_COLUMNS, rows, now)
		await setNamesAndTags(tx, rows)
		await yieldToEventLoop()
	}
}

/**
 * Leads or projects the batch updated, back as they were, set-based like the
 * import itself (setRows, 500 at a time): each row as stored now with the values
 * the batch replaced put back, a project's links too. A row deleted since has
 * nothing to restore.
 */
async function restoreRows(tx: Tx, table: 'Lead' | 'Project', updates: readonly { entityId: string; before: string }[], now: Date) {
	for (const chunk of chunks(updates)) {
		const ids = chunk.map((u) => u.entityId)
		const current: Record<string, unknown>[] =
			table === 'Lead'
				? await tx.lead.findMany({ where: { id: { in: ids } }, select: { id: true, ...leadState } })
				: await tx.project.findMany({ where: { id: { in: ids } }, select: { id: true, ...projectState } })
		const byId = new Map(current.map((row) => [row.id as string, row]))
		const rows = chunk.flatMap(({ entityId, before }) => {
			const stored = byId.get(entityId)
			if (!stored) return []
			const { linkIds, ...fields } = restored(JSON.parse(before) as Record<string, unknown>)
			return [{ id: entityId, stored: { ...stored, ...fields }, linkIds: linkIds as string[] | undefined }]
		})
		await setRows(tx, table, table === 'Lead' ? LEAD_COLUMNS : PROJECT_COLUMNS, rows, now)
		await relinkProjects(
			tx,
			rows.flatMap(({ id, linkIds }) => (linkIds ? [{ id, linkIds }] : [])),
		)
		await yieldToEventLoop()
	}
}

/** Ids of the rows of `entity` the batch created, as a subquery. */
const createdBy = (batchId: string, entity: RecordRow['entity']) =>
	Prisma.sql`SELECT "entityId" FROM "ImportRecord" WHERE "batchId" = ${batchId} AND "entity" = ${entity} AND "action" = 'create'`

/** Companies the batch created that now have leads, projects or activities the batch did not create. */
function companiesInUse(tx: Tx, batchId: string) {
	return tx.$queryRaw<{ name: string }[]>`SELECT c."name" FROM "Company" c WHERE c."id" IN (${createdBy(batchId, 'Company')}) AND (
		EXISTS (SELECT 1 FROM "Lead" l WHERE l."companyId" = c."id" AND l."id" NOT IN (${createdBy(batchId, 'Lead')}))
		OR EXISTS (SELECT 1 FROM "Project" p WHERE p."companyId" = c."id" AND p."id" NOT IN (${createdBy(batchId, 'Project')}))
		OR EXISTS (SELECT 1 FROM "Activity" a WHERE a."companyId" = c."id"))`
}

const CHANGED_LIST_MAX = 50

/**
 * Rows of the batch that something changed after it: an audited edit, a later
 * import, or an activity logged on them. Undoing would silently throw that work away.
 */
function recordsChangedSince(tx: Tx, batch: { id: string; createdAt: Date }) {
	return tx.$queryRaw<{ entity: string; entityId: string; at: Date | string; by: string | null }[]>`
		SELECT r."entity", r."entityId", MAX(c."at") AS "at", MAX(c."by") AS "by" FROM "ImportRecord" r
		JOIN (
			SELECT a."entity", a."entityId", a."at", u."name" AS "by" FROM "AuditLog" a LEFT JOIN "User" u ON u."id" = a."userId"
			WHERE a."at" > ${batch.createdAt}
			UNION ALL
			SELECT o."entity", o."entityId", b."createdAt", u."name" FROM "ImportRecord" o JOIN "ImportBatch" b ON b."id" = o."batchId" LEFT JOIN "User" u ON u."id" = b."userId"
			WHERE b."createdAt" > ${batch.createdAt} AND b."id" <> ${batch.id}
			UNION ALL
			SELECT 'Lead', x."leadId", x."createdAt", u."name" FROM "Activity" x LEFT JOIN "User" u ON u."id" = x."userId" WHERE x."leadId" IS NOT NULL AND x."createdAt" > ${batch.createdAt}
			UNION ALL
			SELECT 'Project', x."projectId", x."createdAt", u."name" FROM "Activity" x LEFT JOIN "User" u ON u."id" = x."userId" WHERE x."projectId" IS NOT NULL AND x."createdAt" > ${batch.createdAt}
		) c ON c."entity" = r."entity" AND c."entityId" = r."entityId"
		WHERE r."batchId" = ${batch.id} AND r."entity" IN ('Company', 'Lead', 'Project')
		GROUP BY r."entity", r."entityId"
		ORDER BY r."entity", r."entityId"`
}

/** Names of the changed rows, for the refusal to list. */
async function labelChanged(tx: Tx, rows: Awaited<ReturnType<typeof recordsChangedSince>>): Promise<ChangedRecord[]> {
	const ids = (entity: string) => rows.filter((r) => r.entity === entity).map((r) => r.entityId)
	const [companies, leads, projects] = await Promise.all([
		tx.company.findMany({ where: { id: { in: ids('Company') } }, select: { id: true, name: true } }),
		tx.lead.findMany({ where: { id: { in: ids('Lead') } }, select: { id: true, company: { select: { name: true } } } }),
		tx.project.findMany({ where: { id: { in: ids('Project') } }, select: { id: true, title: true } }),
	])
	const labels = new Map<string, string>([
		...companies.map((c) => [c.id, c.name] as const),
		...leads.map((l) => [l.id, l.company.name] as const),
		...projects.map((p) => [p.id, p.title] as const),
	])
	return rows.map((r) => ({ entity: r.entity, entityId: r.entityId, label: labels.get(r.entityId) ?? r.entityId, at: new Date(r.at).toISOString(), by: r.by }))
}

/**
 * The issued reports whose figures the undo would alter (ADR 0011): by
 * restoring the projects the batch updated or deleting those it created.
 */
async function closedReportsUndoWouldAlter(tx: Tx, batchId: string, updates: { entity: string; entityId: string; before: string | null }[]) {
	const issued = await listClosedReports(tx)
	if (issued.length === 0) return []
	const restores = new Map(
		updates.filter((u) => u.entity === 'Project' && u.before).map((u) => [u.entityId, restored(JSON.parse(u.before!) as Record<string, unknown>)]),
	)
	const created = await tx.importRecord.findMany({ where: { batchId, entity: 'Project', action: 'create' }, select: { entityId: true } })
	const touched = new Set(await closedReportsCompanyUndoWouldAlter(tx, batchId, updates, issued))
	for (const ids of chunks([...restores.keys(), ...created.map((c) => c.entityId)])) {
		for (const row of await tx.project.findMany({ where: { id: { in: ids } }, select: { id: true, ...COUNTED_FACTS_SELECT } })) {
			const restore = restores.get(row.id)
			const after = restore ? countedFactsOf({ ...countedFactsSourceOf(row), ...restore }) : null
			for (const report of touchedReports(countedFactsOfRow(row), after, reportsHoldingRecordsOf(issued, row.regionId))) touched.add(report)
		}
	}
	return issued.filter((report) => touched.has(report))
}

/**
 * The issued reports an undo would alter through companies' tags and revenue:
 * updates restore their `before` (tags with the 认定 years kept in `tagYears`);
 * created companies are deleted, which alters only reports issued since the
 * import (the ones before it did not read them).
 */
async function closedReportsCompanyUndoWouldAlter(
	tx: Tx,
	batchId: string,
	updates: { entity: string; entityId: string; before: string | null }[],
	issued: ClosedReport[],
) {
	type CompanyBefore = { tags?: string[]; tagYears?: Record<string, number>; revenueCNY?: string | null; regionId?: string | null }
	const restores = new Map(updates.filter((u) => u.entity === 'Company' && u.before).map((u) => [u.entityId, JSON.parse(u.before!) as CompanyBefore]))
	const created = await tx.importRecord.findMany({ where: { batchId, entity: 'Company', action: 'create' }, select: { entityId: true } })
	const batch = await tx.importBatch.findUniqueOrThrow({ where: { id: batchId }, select: { createdAt: true } })
	const issuedSince = issued.filter((report) => report.issuedOn >= todayInChina(batch.createdAt))
	const touched = new Set<ClosedReport>()
	for (const ids of chunks([...restores.keys(), ...created.map((c) => c.entityId)])) {
		const rows = await tx.company.findMany({
			where: { id: { in: ids } },
			select: { id: true, regionId: true, revenueCNY: true, tags: { select: { tag: true, grantedYear: true } } },
		})
		for (const row of rows) {
			const now: CountedCompanyFacts = { tags: row.tags, revenueCNY: row.revenueCNY === null ? null : Number(row.revenueCNY) }
			const before = restores.get(row.id)
			// An update's before holds every year its tags had (restoreCompany puts them back, none for a tag missing there).
			const yearOf = (tag: string) => before?.tagYears?.[tag] ?? null
			const after: CountedCompanyFacts = before
				? {
						tags: before.tags ? before.tags.map((tag) => ({ tag, grantedYear: yearOf(tag) })) : now.tags,
						revenueCNY: before.revenueCNY === undefined ? now.revenueCNY : before.revenueCNY === null ? null : Number(before.revenueCNY),
					}
				: { tags: [], revenueCNY: null }
			// Where it is registered now and where the undo would put it back (ADR 0033).
			const counting = reportsCountingFirmsOf(before ? issued : issuedSince, [row.regionId, before?.regionId === undefined ? row.regionId : before.regionId])
			for (const report of touchedCompanyReports(now, after, counting)) touched.add(report)
		}
	}
	return [...touched]
}

/** The full rows the undo is about to delete, kept in the audit log so the undo can be reviewed. */
async function createdRowsForAudit(tx: Tx, batchId: string) {
	const [companies, leads, projects] = await Promise.all([
		tx.$queryRaw<Record<string, unknown>[]>`SELECT c.*,
			(SELECT ${jsonArrayText(jsonObject({ kind: Prisma.sql`a."kind"`, name: Prisma.sql`a."name"` }))} FROM "CompanyAlias" a WHERE a."companyId" = c."id") AS "aliases",
			(SELECT ${jsonArrayText(jsonObject({ tag: Prisma.sql`t."tag"`, grantedYear: Prisma.sql`t."grantedYear"` }))} FROM "CompanyTag" t WHERE t."companyId" = c."id") AS "tags"
			FROM "Company" c WHERE c."id" IN (${createdBy(batchId, 'Company')})`,
		tx.$queryRaw<Record<string, unknown>[]>`SELECT l.*, (SELECT ${jsonArrayText(
			jsonObject({ fromStage: Prisma.sql`s."fromStage"`, toStage: Prisma.sql`s."toStage"`, at: utcTimestampText('s."at"'), userId: Prisma.sql`s."userId"` }),
		)} FROM "LeadStageChange" s WHERE s."leadId" = l."id") AS "stageChanges"
			FROM "Lead" l WHERE l."id" IN (${createdBy(batchId, 'Lead')})`,
		tx.$queryRaw<
			Record<string, unknown>[]
		>`SELECT p.*, (SELECT ${jsonArrayText(Prisma.sql`k."linkId"`)} FROM "ProjectLink" k WHERE k."projectId" = p."id") AS "linkIds"
			FROM "Project" p WHERE p."id" IN (${createdBy(batchId, 'Project')})`,
	])
	const rows = (entity: string, list: Record<string, unknown>[]) => list.map((row) => ({ entity, entityId: String(row.id), before: jsonColumns(row) }))
	return [...rows('Company', companies), ...rows('Lead', leads), ...rows('Project', projects)]
}

const JSON_COLUMNS = new Set(['aliases', 'tags', 'stageChanges', 'linkIds'])
const jsonColumns = (row: Record<string, unknown>) =>
	Object.fromEntries(
		Object.entries(row).map(([key, value]) => [key, JSON_COLUMNS.has(key) && typeof value === 'string' ? (JSON.parse(value) as unknown) : value]),
	)

const AUDIT_CHUNK = 500

/**
 * Reverses exactly one batch in one transaction: restores the fields it updated
 * from their `before` values, deletes the rows it created (set-based, aliases and
 * tags go with their company), marks it undone and audits all of it: one audit
 * row per restored or deleted record with its full content, so the undo can be
 * reviewed. Only the importer or a manager may undo (ADR 0010); refused, with
 * the list, when any row the batch created or updated was changed afterwards,
 * and when a company it created has since got leads, projects or activities.
 */
export async function undoImport(db: Db, batchId: string, actor: Actor | null, ip: string | null = null) {
	const userId = actor?.id ?? null
	const reverted = await db.$transaction(
		async (tx) => {
			const batch = await tx.importBatch.findUnique({ where: { id: batchId }, select: { id: true, undoneAt: true, userId: true, createdAt: true } })
			if (!batch) throw new ImportError('importer.undo.notFound')
			// The CLI (no actor) runs as the operator of the machine.
			const problem = actor ? importUndoProblem(actor, batch) : null
			if (problem) throw new ImportError(problem, {}, 403)
			if (batch.undoneAt) throw new ImportError('importer.undo.alreadyUndone')
			const changed = await recordsChangedSince(tx, batch)
			if (changed.length > 0) {
				const records = await labelChanged(tx, changed.slice(0, CHANGED_LIST_MAX))
				throw new ImportError('importer.undo.changedSince', { count: changed.length }, 409, records)
			}
			const inUse = await companiesInUse(tx, batchId)
			if (inUse.length > 0) {
				throw new ImportError('importer.undo.companyInUse', {
					count: inUse.length,
					names: inUse
						.slice(0, 3)
						.map((c) => c.name)
						.join('、'),
				})
			}
			const updates = await tx.importRecord.findMany({
				where: { batchId, action: 'update' },
				select: { entity: true, entityId: true, before: true },
			})
			const closed = await closedReportsUndoWouldAlter(tx, batchId, updates)
			if (closed.length > 0) throw new ImportError('closedPeriods.undoRefused', { periods: closedPeriodList(closed) })
			const deletedRows = await createdRowsForAudit(tx, batchId)
			const restoring = updates.flatMap((u) => (u.before ? [{ ...u, before: u.before }] : []))
			const now = new Date()
			await restoreCompanies(
				tx,
				restoring.filter((u) => u.entity === 'Company'),
				now,
			)
			for (const table of ['Lead', 'Project'] as const)
				await restoreRows(
					tx,
					table,
					restoring.filter((u) => u.entity === table),
					now,
				)
			const audits = [
				...updates.map((u) => ({ entity: u.entity, entityId: u.entityId, action: 'undo', before: null as string | null, after: u.before })),
				...deletedRows.map((d) => ({ entity: d.entity, entityId: d.entityId, action: 'delete', before: auditJson(d.before), after: null })),
			]
			for (let i = 0; i < audits.length; i += AUDIT_CHUNK) {
				await tx.auditLog.createMany({ data: audits.slice(i, i + AUDIT_CHUNK).map((a) => ({ ...a, userId, ip })) })
			}
			// Children first: stage changes of updated leads, then leads and projects, then their companies.
			let deleted = await tx.$executeRaw`DELETE FROM "LeadStageChange" WHERE "id" IN (${createdBy(batchId, 'LeadStageChange')})`
			deleted += await tx.$executeRaw`DELETE FROM "Lead" WHERE "id" IN (${createdBy(batchId, 'Lead')})`
			deleted += await tx.$executeRaw`DELETE FROM "Project" WHERE "id" IN (${createdBy(batchId, 'Project')})`
			deleted += await tx.$executeRaw`DELETE FROM "Company" WHERE "id" IN (${createdBy(batchId, 'Company')})`
			const undoneAt = new Date()
			await tx.importBatch.update({ where: { id: batch.id }, data: { undoneAt }, select: { id: true } })
			const reverted = { deleted, restored: updates.length }
			await recordAudit(tx, {
				userId,
				ip,
				entity: 'ImportBatch',
				entityId: batch.id,
				action: 'undo',
				before: { undoneAt: null },
				after: { undoneAt, ...reverted },
			})
			return reverted
		},
		{ timeout: 10 * 60_000, maxWait: 30_000 },
	)
	await flushCompanySearch(db).catch((error: unknown) => console.error('updating the company search index failed', error))
	return reverted
}
