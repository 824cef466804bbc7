// Merging, un-merging and deleting companies (#13 §6, ADR 0022). Each runs in one transaction with
// its audit rows, its corrections of issued reports (ADR 0011) and the search index rows of the
// companies it touched (ADR 0018), so a failure leaves nothing half done.
import { type Db } from '~/db.server'
import { type Actor, type CountedCompanyFacts, isManager } from '~/domain/auth/record-access'
import { FILLED_FIELDS, type MergeableCompany, mergedCompany, splitFigures } from '~/domain/company/merge'
import { VersionConflict } from '~/domain/concurrency/conflict'
import { nameSortKey } from '~/domain/names/sort-key'
import { closedPeriodProblem, companyFactChanges, type IssuedReportRef } from '~/domain/report/closed-periods'
import { UserError, type UserErrorOptions } from '~/utils/user-error'
import { recordAudit } from './audit.server'
import { type ClosedReport, closedReportsTouchedByCompany, issuedRef, recordPeriodAdjustment } from './closed-period.server'
import { reindexCompanies } from './company-search.server'
import { COMPANY_EDIT_SELECT } from './company.server'
import { BUMP_VERSION, compareAndSet } from './concurrency.server'

type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0]

/**
 * A merge, undo or delete refused; nothing was written. Carries what the page lists: the issued
 * reports the change would alter (ADR 0011), the changes since a merge that its undo would lose.
 */
export class CompanyMergeError extends UserError {
	readonly closed: IssuedReportRef[]
	readonly changed: ChangedSinceMerge[]

	constructor(
		messageKey: string,
		{ closed = [], changed = [], ...options }: UserErrorOptions & { closed?: IssuedReportRef[]; changed?: ChangedSinceMerge[] } = {},
	) {
		super(messageKey, options)
		this.closed = closed
		this.changed = changed
	}
}

/** The edit form's fields of a company, and what a merge also keeps: whether it is sample data, when it was created. */
const COMPANY_SELECT = { ...COMPANY_EDIT_SELECT, isSample: true, createdAt: true } as const

const FIGURE_SELECT = { id: true, linkId: true, year: true, capacity: true, output: true, source: true, isSample: true, version: true } as const

/** A company as merge and delete read it (money as numbers), with what hangs on it. */
async function readCompany(tx: Tx | Db, id: string) {
	const row = await tx.company.findUnique({
		where: { id },
		select: {
			...COMPANY_SELECT,
			links: { orderBy: [{ linkId: 'asc' }, { year: 'asc' }], select: FIGURE_SELECT },
			leads: { select: { id: true } },
			projects: { select: { id: true } },
			activities: { select: { id: true } },
		},
	})
	if (!row) return null
	const money = (v: bigint | null) => (v === null ? null : Number(v))
	return { ...row, revenueCNY: money(row.revenueCNY), registeredCapitalCNY: money(row.registeredCapitalCNY), createdAt: row.createdAt.toISOString() }
}
type StoredCompany = NonNullable<Awaited<ReturnType<typeof readCompany>>>
type Figure = StoredCompany['links'][number]

/** The company's own values, as the audit log and the undo keep them. */
function ownValues(c: StoredCompany) {
	const { links: _links, leads: _leads, projects: _projects, activities: _activities, ...own } = c
	return own
}
type OwnValues = ReturnType<typeof ownValues>

const factsOf = (c: Pick<MergeableCompany, 'tags' | 'revenueCNY'>): CountedCompanyFacts => ({ tags: c.tags, revenueCNY: c.revenueCNY })
const NO_FACTS: CountedCompanyFacts = { tags: [], revenueCNY: null }

/** What an undo needs: the removed company as it was, the kept one's values before, and what moved at which version. */
type MergeRecord = {
	removed: OwnValues
	keptBefore: OwnValues
	keptVersionAfter: number
	leads: { id: string; version: number }[]
	projects: { id: string; version: number }[]
	activities: string[]
	figures: { id: string; version: number }[]
	droppedFigures: Figure[]
	adjustments: string[]
}

// ---------- preview ----------

/** What merging `removedId` into `keptId` would do, for the merge page; null when either is gone. */
export async function planMerge(db: Db, keptId: string, removedId: string) {
	const [kept, removed] = await Promise.all([readCompany(db, keptId), readCompany(db, removedId)])
	if (!kept || !removed) return null
	const merged = mergedCompany(kept, removed)
	const figures = splitFigures(kept.links, removed.links)
	const closed = await closedReportsOfMerge(db, kept, removed, merged)
	return {
		kept: summary(kept),
		removed: summary(removed),
		filled: merged.filled.map((field) => ({ field, value: merged.fields[field] })),
		newAliases: merged.newAliases,
		newTags: merged.newTags,
		moves: { leads: removed.leads.length, projects: removed.projects.length, activities: removed.activities.length, figures: figures.moved.length },
		droppedFigures: figures.dropped.length,
		closed: closed.map(issuedRef),
	}
}

function summary(c: StoredCompany) {
	return {
		id: c.id,
		name: c.name,
		uscc: c.uscc,
		version: c.version,
		isLocal: c.isLocal,
		revenueCNY: c.revenueCNY,
		contactName: c.contactName,
		aliases: c.aliases,
		tags: c.tags,
		counts: { leads: c.leads.length, projects: c.projects.length, activities: c.activities.length, figures: c.links.length },
	}
}

/** The issued reports a merge alters: the kept company's counted facts change, the removed company's stop counting. */
async function closedReportsOfMerge(db: Tx | Db, kept: StoredCompany, removed: StoredCompany, merged: ReturnType<typeof mergedCompany>) {
	const keptAfter = { tags: merged.tags, revenueCNY: merged.fields.revenueCNY }
	return uniqueReports([
		...(await closedReportsTouchedByCompany(db, [kept.regionId, merged.fields.regionId], factsOf(kept), keptAfter)),
		...(await closedReportsTouchedByCompany(db, [removed.regionId], factsOf(removed), NO_FACTS)),
	])
}

function uniqueReports(reports: ClosedReport[]) {
	return [...new Map(reports.map((r) => [r.id, r])).values()]
}

/** Refused to staff, a reason from a manager (ADR 0011). */
function checkCorrection(actor: Actor, touched: ClosedReport[], reason: string | null) {
	const problem = closedPeriodProblem(actor, touched.length, reason)
	if (problem) throw new CompanyMergeError(problem, { status: problem === 'closedPeriods.staffRefused' ? 403 : 400, closed: touched.map(issuedRef) })
}

// ---------- merge ----------

export type MergeInput = { keptId: string; removedId: string; keptVersion: number | null; removedVersion: number | null; closedReason: string | null }

/**
 * Merges `removedId` into `keptId`: its leads, projects, activities, chain figures (but those at a
 * link and year the kept company has), corrections and tags move over, blank values of the kept
 * company are filled from it, its name and aliases become aliases of the kept one, and it is deleted.
 * Refused when either company changed since the page showed it. Returns the merge's id.
 */
export async function mergeCompanies(db: Db, actor: Actor, input: MergeInput) {
	if (!isManager(actor)) throw new UserError('companyMerge.errors.managersOnly', { status: 403 })
	const result = await db.$transaction(async (tx) => {
		const [kept, removed] = await Promise.all([readCompany(tx, input.keptId), readCompany(tx, input.removedId)])
		if (!kept || !removed) throw new UserError('companyMerge.errors.gone', { status: 404 })
		if (kept.version !== input.keptVersion || removed.version !== input.removedVersion) throw new VersionConflict()
		const merged = mergedCompany(kept, removed)
		const touched = await closedReportsOfMerge(tx, kept, removed, merged)
		checkCorrection(actor, touched, input.closedReason)

		// The kept company first, by compare-and-set; its USCC may be the removed one's, which must let go of it first.
		if (merged.filled.includes('uscc')) await tx.company.update({ where: { id: removed.id }, data: { uscc: null }, select: { id: true } })
		await compareAndSet(
			tx.company.updateMany({
				where: { id: kept.id, version: kept.version },
				data: { ...moneyFields(merged.fields), ...BUMP_VERSION },
			}),
		)
		await tx.companyAlias.createMany({ data: merged.newAliases.map((a) => ({ ...a, companyId: kept.id })) })
		await tx.companyTag.createMany({ data: merged.newTags.map((t) => ({ ...t, companyId: kept.id })) })

		const audit = { userId: actor.id }
		const moved = (entity: string, ids: string[]) =>
			Promise.all(
				ids.map((id) =>
					recordAudit(tx, { ...audit, entity, entityId: id, action: 'update', before: { companyId: removed.id }, after: { companyId: kept.id } }),
				),
			)
		const leadIds = removed.leads.map((l) => l.id)
		await tx.lead.updateMany({ where: { id: { in: leadIds } }, data: { companyId: kept.id, ...BUMP_VERSION } })
		await moved('Lead', leadIds)
		const leads = await tx.lead.findMany({ where: { id: { in: leadIds } }, select: { id: true, version: true } })
		const projectIds = removed.projects.map((p) => p.id)
		await tx.project.updateMany({ where: { id: { in: projectIds } }, data: { companyId: kept.id, ...BUMP_VERSION } })
		await moved('Project', projectIds)
		const projects = await tx.project.findMany({ where: { id: { in: projectIds } }, select: { id: true, version: true } })
		const activities = removed.activities.map((a) => a.id)
		await tx.activity.updateMany({ where: { id: { in: activities } }, data: { companyId: kept.id } })
		const split = splitFigures(kept.links, removed.links)
		const dropped = split.dropped
		await tx.companyLink.deleteMany({ where: { id: { in: dropped.map((f) => f.id) } } })
		for (const figure of dropped)
			await recordAudit(tx, { ...audit, entity: 'CompanyLink', entityId: figure.id, action: 'delete', before: { ...figure, companyId: removed.id } })
		const figureIds = split.moved.map((f) => f.id)
		await tx.companyLink.updateMany({ where: { id: { in: figureIds } }, data: { companyId: kept.id, ...BUMP_VERSION } })
		await moved('CompanyLink', figureIds)
		const figures = await tx.companyLink.findMany({ where: { id: { in: figureIds } }, select: { id: true, version: true } })
		const adjustments = (await tx.periodAdjustment.findMany({ where: { companyId: removed.id }, select: { id: true } })).map((a) => a.id)
		await tx.periodAdjustment.updateMany({ where: { id: { in: adjustments } }, data: { companyId: kept.id } })

		await tx.company.delete({ where: { id: removed.id }, select: { id: true } })
		const keptAfter = await readCompany(tx, kept.id)
		if (!keptAfter) throw new UserError('companyMerge.errors.gone', { status: 404 })

		if (touched.length > 0) {
			const reason = input.closedReason!
			const keptChanges = companyFactChanges(factsOf(kept), factsOf(keptAfter))
			if (keptChanges.length > 0)
				await recordPeriodAdjustment(tx, { companyId: kept.id, companyName: kept.name, changes: keptChanges, reason, userId: actor.id, reports: touched })
			const removedChanges = companyFactChanges(factsOf(removed), NO_FACTS)
			if (removedChanges.length > 0)
				await recordPeriodAdjustment(tx, { companyId: kept.id, companyName: removed.name, changes: removedChanges, reason, userId: actor.id, reports: touched })
		}

		const record: MergeRecord = {
			removed: ownValues(removed),
			keptBefore: ownValues(kept),
			keptVersionAfter: keptAfter.version,
			leads,
			projects,
			activities,
			figures,
			droppedFigures: dropped,
			adjustments,
		}
		const merge = await tx.companyMerge.create({
			data: { keptId: kept.id, keptName: kept.name, removedId: removed.id, removedName: removed.name, record: JSON.stringify(record), userId: actor.id },
			select: { id: true },
		})
		const moves = {
			mergeId: merge.id,
			leads: leads.length,
			projects: projects.length,
			activities: activities.length,
			figures: figures.length,
			droppedFigures: dropped.length,
		}
		await recordAudit(tx, {
			...audit,
			entity: 'Company',
			entityId: kept.id,
			action: 'merge',
			before: ownValues(kept),
			after: { ...ownValues(keptAfter), mergedFrom: removed.name, ...moves },
		})
		await recordAudit(tx, {
			...audit,
			entity: 'Company',
			entityId: removed.id,
			action: 'merge',
			before: { ...ownValues(removed), figures: removed.links },
			after: { mergedInto: kept.id },
		})
		// Both were marked dirty by the triggers; their index rows are cheap to write now (ADR 0018).
		await reindexCompanies(tx, [kept.id, removed.id])
		return merge.id
	})
	return result
}

function moneyFields(fields: ReturnType<typeof mergedCompany>['fields']) {
	return {
		...fields,
		revenueCNY: fields.revenueCNY === null ? null : BigInt(fields.revenueCNY),
		registeredCapitalCNY: fields.registeredCapitalCNY === null ? null : BigInt(fields.registeredCapitalCNY),
	}
}

// ---------- undo ----------

/** A merge as its page shows it. */
export async function getMerge(db: Db, id: string) {
	const merge = await db.companyMerge.findUnique({
		where: { id },
		select: {
			id: true,
			keptId: true,
			keptName: true,
			removedId: true,
			removedName: true,
			record: true,
			at: true,
			undoneAt: true,
			undoneById: true,
			user: { select: { name: true } },
		},
	})
	if (!merge) return null
	const record = JSON.parse(merge.record) as MergeRecord
	const undoneBy = merge.undoneById ? await db.user.findUnique({ where: { id: merge.undoneById }, select: { name: true } }) : null
	const keptNow = await db.company.findUnique({ where: { id: merge.keptId }, select: { id: true } })
	const { record: _record, ...rest } = merge
	return {
		...rest,
		undoneBy: undoneBy?.name ?? null,
		keptExists: keptNow !== null,
		moves: {
			leads: record.leads.length,
			projects: record.projects.length,
			activities: record.activities.length,
			figures: record.figures.length,
			droppedFigures: record.droppedFigures.length,
		},
		filled: FILLED_FIELDS.filter((field) => record.keptBefore[field] === null && record.removed[field] !== null),
		closed: merge.undoneAt ? [] : (await undoTouched(db, record)).map(issuedRef),
	}
}

async function undoTouched(db: Tx | Db, record: MergeRecord) {
	const keptNow = await db.company.findUnique({
		where: { id: record.keptBefore.id },
		select: { regionId: true, revenueCNY: true, tags: { select: { tag: true, grantedYear: true } } },
	})
	if (!keptNow) return []
	const now = { tags: keptNow.tags, revenueCNY: keptNow.revenueCNY === null ? null : Number(keptNow.revenueCNY) }
	return uniqueReports([
		...(await closedReportsTouchedByCompany(db, [keptNow.regionId, record.keptBefore.regionId], now, factsOf(record.keptBefore))),
		...(await closedReportsTouchedByCompany(db, [record.removed.regionId], NO_FACTS, factsOf(record.removed))),
	])
}

/**
 * Undoes a merge: the removed company comes back under its id with its values, aliases and tags,
 * its records move back, the dropped figures return, and the kept company gets its values back.
 * Refused, naming what changed, unless the kept company and every moved record are as the merge
 * left them.
 */
export async function undoMerge(db: Db, actor: Actor, mergeId: string, closedReason: string | null) {
	if (!isManager(actor)) throw new UserError('companyMerge.errors.managersOnly', { status: 403 })
	await db.$transaction(async (tx) => {
		const merge = await tx.companyMerge.findUnique({
			where: { id: mergeId },
			select: { id: true, keptId: true, removedId: true, record: true, undoneAt: true },
		})
		if (!merge) throw new UserError('companyMerge.errors.mergeGone', { status: 404 })
		if (merge.undoneAt) throw new UserError('companyMerge.errors.alreadyUndone', { status: 409 })
		const record = JSON.parse(merge.record) as MergeRecord
		const changed = await changedSinceMerge(tx, merge.keptId, record)
		if (changed.length > 0) throw new CompanyMergeError('companyMerge.errors.changedSince', { status: 409, changed })
		const touched = await undoTouched(tx, record)
		checkCorrection(actor, touched, closedReason)
		const keptMerged = await readCompany(tx, merge.keptId)
		if (!keptMerged) throw new UserError('companyMerge.errors.keptGone', { status: 409 })

		// The kept company lets go of what it took (its USCC first, which the removed one takes back).
		const { id: _keptId, aliases: keptAliases, tags: keptTags, isSample: _s, createdAt: _c, version: _v, ...keptValues } = record.keptBefore
		await compareAndSet(
			tx.company.updateMany({ where: { id: merge.keptId, version: record.keptVersionAfter }, data: { ...moneyValues(keptValues), ...BUMP_VERSION } }),
		)
		await tx.companyAlias.deleteMany({ where: { companyId: merge.keptId } })
		await tx.companyAlias.createMany({ data: keptAliases.map((a) => ({ ...a, companyId: merge.keptId })) })
		await tx.companyTag.deleteMany({ where: { companyId: merge.keptId } })
		await tx.companyTag.createMany({ data: keptTags.map((t) => ({ ...t, companyId: merge.keptId })) })
		const { aliases, tags, createdAt, version: _version, ...removedValues } = record.removed
		await tx.company.create({
			data: {
				...moneyValues(removedValues),
				nameSortKey: nameSortKey(removedValues.name),
				createdAt: new Date(createdAt),
				version: record.removed.version + 1,
				aliases: { create: aliases },
				tags: { create: tags },
			},
			select: { id: true },
		})

		const audit = { userId: actor.id }
		const moveBack = async (entity: 'Lead' | 'Project' | 'CompanyLink', ids: string[]) => {
			const data = { companyId: merge.removedId, ...BUMP_VERSION }
			if (entity === 'Lead') await tx.lead.updateMany({ where: { id: { in: ids } }, data })
			else if (entity === 'Project') await tx.project.updateMany({ where: { id: { in: ids } }, data })
			else await tx.companyLink.updateMany({ where: { id: { in: ids } }, data })
			for (const id of ids)
				await recordAudit(tx, { ...audit, entity, entityId: id, action: 'undo', before: { companyId: merge.keptId }, after: { companyId: merge.removedId } })
		}
		await moveBack(
			'Lead',
			record.leads.map((l) => l.id),
		)
		await moveBack(
			'Project',
			record.projects.map((p) => p.id),
		)
		await moveBack(
			'CompanyLink',
			record.figures.map((f) => f.id),
		)
		await tx.activity.updateMany({ where: { id: { in: record.activities } }, data: { companyId: merge.removedId } })
		await tx.companyLink.createMany({ data: record.droppedFigures.map((f) => ({ ...f, companyId: merge.removedId })) })
		for (const figure of record.droppedFigures)
			await recordAudit(tx, { ...audit, entity: 'CompanyLink', entityId: figure.id, action: 'undo', after: { ...figure, companyId: merge.removedId } })
		await tx.periodAdjustment.updateMany({ where: { id: { in: record.adjustments } }, data: { companyId: merge.removedId } })

		if (touched.length > 0) {
			const reason = closedReason!
			const keptChanges = companyFactChanges(factsOf(keptMerged), factsOf(record.keptBefore))
			if (keptChanges.length > 0)
				await recordPeriodAdjustment(tx, {
					companyId: merge.keptId,
					companyName: keptMerged.name,
					changes: keptChanges,
					reason,
					userId: actor.id,
					reports: touched,
				})
			const removedChanges = companyFactChanges(NO_FACTS, factsOf(record.removed))
			if (removedChanges.length > 0)
				await recordPeriodAdjustment(tx, {
					companyId: merge.removedId,
					companyName: record.removed.name,
					changes: removedChanges,
					reason,
					userId: actor.id,
					reports: touched,
				})
		}
		const undoneAt = new Date()
		await tx.companyMerge.update({ where: { id: merge.id }, data: { undoneAt, undoneById: actor.id }, select: { id: true } })
		const keptAfter = await readCompany(tx, merge.keptId)
		const removedAfter = await readCompany(tx, merge.removedId)
		await recordAudit(tx, {
			...audit,
			entity: 'Company',
			entityId: merge.keptId,
			action: 'undo',
			before: ownValues(keptMerged),
			after: keptAfter ? ownValues(keptAfter) : null,
		})
		await recordAudit(tx, {
			...audit,
			entity: 'Company',
			entityId: merge.removedId,
			action: 'undo',
			before: { mergedInto: merge.keptId },
			after: removedAfter ? ownValues(removedAfter) : null,
		})
		await reindexCompanies(tx, [merge.keptId, merge.removedId])
	})
}

function moneyValues<T extends { revenueCNY: number | null; registeredCapitalCNY: number | null }>(values: T) {
	return {
		...values,
		revenueCNY: values.revenueCNY === null ? null : BigInt(values.revenueCNY),
		registeredCapitalCNY: values.registeredCapitalCNY === null ? null : BigInt(values.registeredCapitalCNY),
	}
}

/** One thing that changed since a merge, named for the refusal. */
export type ChangedSinceMerge = { kind: 'company' | 'lead' | 'project' | 'figures' | 'activities'; name: string }

/** What changed since the merge: the kept company, or a moved record edited, moved on or deleted; a company under the removed one's id. */
async function changedSinceMerge(tx: Tx, keptId: string, record: MergeRecord): Promise<ChangedSinceMerge[]> {
	const changed: ChangedSinceMerge[] = []
	const kept = await tx.company.findUnique({ where: { id: keptId }, select: { name: true, version: true } })
	if (!kept) return [{ kind: 'company', name: record.keptBefore.name }]
	if (kept.version !== record.keptVersionAfter) changed.push({ kind: 'company', name: kept.name })
	const taken = await tx.company.findUnique({ where: { id: record.removed.id }, select: { name: true } })
	if (taken) changed.push({ kind: 'company', name: taken.name })
	// Its USCC, freed by the merge, since registered to another company.
	const holder = record.removed.uscc ? await tx.company.findUnique({ where: { uscc: record.removed.uscc }, select: { id: true, name: true } }) : null
	if (holder && holder.id !== keptId) changed.push({ kind: 'company', name: holder.name })
	const unchanged = (row: { version: number; companyId: string } | undefined, version: number) =>
		row !== undefined && row.version === version && row.companyId === keptId
	const leads = await tx.lead.findMany({
		where: { id: { in: record.leads.map((l) => l.id) } },
		select: { id: true, version: true, companyId: true, owner: { select: { name: true } } },
	})
	for (const lead of record.leads) {
		const row = leads.find((l) => l.id === lead.id)
		if (!unchanged(row, lead.version)) changed.push({ kind: 'lead', name: row?.owner.name ?? lead.id })
	}
	const projects = await tx.project.findMany({
		where: { id: { in: record.projects.map((p) => p.id) } },
		select: { id: true, version: true, companyId: true, title: true },
	})
	for (const project of record.projects) {
		const row = projects.find((p) => p.id === project.id)
		if (!unchanged(row, project.version)) changed.push({ kind: 'project', name: row?.title ?? project.id })
	}
	const figures = await tx.companyLink.findMany({
		where: { id: { in: record.figures.map((f) => f.id) } },
		select: { id: true, version: true, companyId: true },
	})
	const back = await tx.companyLink.count({ where: { id: { in: record.droppedFigures.map((f) => f.id) } } })
	if (
		record.figures.some(
			(f) =>
				!unchanged(
					figures.find((r) => r.id === f.id),
					f.version,
				),
		) ||
		back > 0
	)
		changed.push({ kind: 'figures', name: kept.name })
	const activities = await tx.activity.count({ where: { id: { in: record.activities }, companyId: keptId } })
	if (activities !== record.activities.length) changed.push({ kind: 'activities', name: kept.name })
	return changed
}

// ---------- delete ----------

/** What deleting a company would do, for its delete page. */
export async function planDelete(db: Db, id: string) {
	const company = await readCompany(db, id)
	if (!company) return null
	const closed = await closedReportsTouchedByCompany(db, [company.regionId], factsOf(company), NO_FACTS)
	return {
		id: company.id,
		name: company.name,
		version: company.version,
		counts: { leads: company.leads.length, projects: company.projects.length, activities: company.activities.length, figures: company.links.length },
		closed: closed.map(issuedRef),
	}
}

/**
 * Deletes a company with a reason (audited with everything it held). Refused while leads, projects or
 * activities hang on it (merge it instead), and when it changed since the page showed it. A company an
 * issued report counted is a correction: the reason is its 更正原因 (ADR 0011).
 */
export async function deleteCompany(db: Db, actor: Actor, input: { companyId: string; version: number | null; reason: string }) {
	if (!isManager(actor)) throw new UserError('companyMerge.errors.managersOnly', { status: 403 })
	await db.$transaction(async (tx) => {
		const company = await readCompany(tx, input.companyId)
		if (!company) throw new UserError('companyMerge.errors.gone', { status: 404 })
		if (company.version !== input.version) throw new VersionConflict()
		const counts = { leads: company.leads.length, projects: company.projects.length, activities: company.activities.length }
		if (counts.leads + counts.projects + counts.activities > 0) throw new UserError('companyMerge.errors.stillUsed', { status: 409, params: counts })
		const touched = await closedReportsTouchedByCompany(tx, [company.regionId], factsOf(company), NO_FACTS)
		if (touched.length > 0) {
			await recordPeriodAdjustment(tx, {
				companyId: company.id,
				companyName: company.name,
				changes: companyFactChanges(factsOf(company), NO_FACTS),
				reason: input.reason,
				userId: actor.id,
				reports: touched,
			})
		}
		await compareAndSet(tx.company.deleteMany({ where: { id: company.id, version: company.version } }))
		await recordAudit(tx, {
			userId: actor.id,
			entity: 'Company',
			entityId: company.id,
			action: 'delete',
			before: { ...ownValues(company), figures: company.links },
			after: { reason: input.reason },
		})
		await reindexCompanies(tx, [company.id])
	})
}
