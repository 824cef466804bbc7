import { type Db } from '~/db.server'
import {
	asPosted,
	CHAIN_CONFLICT_FIELDS,
	CHAIN_DELETE_UNVERSIONED,
	type ChainDeleteIntent,
	type ChainEditData,
	deleteFormValues,
	edgeFormValues,
	figureFormValues,
	isChainDeleteIntent,
	linkFormValues,
	postedDelete,
} from '~/domain/chain/edit-schemas'
import { type Conflict, staleDelete, VersionConflict } from '~/domain/concurrency/conflict'
import { UserError } from '~/utils/user-error'
import { recordAudit } from './audit.server'
import { EDGE_FACTOR_SELECT } from './chain.server'
import { BUMP_VERSION, compareAndSet } from './concurrency.server'

/** Who edits which chain. */
export type ChainEditContext = { chainId: string; userId: string }

/** `gone`: a delete of a row that was deleted already (by someone else meanwhile); nothing done. */
export type ChainEditResult = { id: string; changed: boolean; gone?: true }

// Snapshots written to the audit log.
const LINK_SELECT = {
	id: true,
	chainId: true,
	key: true,
	name: true,
	nameEn: true,
	stage: true,
	unit: true,
	source: true,
	sortOrder: true,
	version: true,
} as const
const EDGE_SELECT = {
	id: true,
	chainId: true,
	fromLinkId: true,
	toLinkId: true,
	...EDGE_FACTOR_SELECT,
	version: true,
} as const
const FIGURE_SELECT = {
	id: true,
	companyId: true,
	linkId: true,
	year: true,
	capacity: true,
	output: true,
	source: true,
	isSample: true,
	version: true,
} as const

function sameValues<T extends object>(row: T, changes: Partial<T>) {
	return (Object.keys(changes) as (keyof T)[]).every((key) => row[key] === changes[key])
}

// ---------- reading ----------

/** Everything the edit page shows: links with usage counts, edges, company figures. */
export async function getChainForEdit(db: Db, slug: string) {
	const chain = await db.chain.findUnique({
		where: { slug },
		select: {
			id: true,
			slug: true,
			name: true,
			nameEn: true,
			links: {
				orderBy: { sortOrder: 'asc' },
				select: {
					id: true,
					key: true,
					name: true,
					nameEn: true,
					stage: true,
					unit: true,
					source: true,
					version: true,
					_count: { select: { outgoing: true, incoming: true, companies: true, projects: true } },
				},
			},
			edges: {
				select: {
					id: true,
					...EDGE_FACTOR_SELECT,
					version: true,
					fromLink: { select: { id: true, name: true, nameEn: true, sortOrder: true } },
					toLink: { select: { id: true, name: true, nameEn: true, sortOrder: true } },
				},
			},
		},
	})
	if (!chain) return null
	const figures = await db.companyLink.findMany({
		where: { link: { chainId: chain.id } },
		orderBy: [{ link: { sortOrder: 'asc' } }, { company: { name: 'asc' } }, { year: 'asc' }],
		select: {
			id: true,
			year: true,
			capacity: true,
			output: true,
			source: true,
			isSample: true,
			version: true,
			company: { select: { id: true, name: true, isSample: true } },
			link: { select: { id: true, name: true, nameEn: true, unit: true } },
		},
	})
	const edges = [...chain.edges].sort((a, b) => a.fromLink.sortOrder - b.fromLink.sortOrder || a.toLink.sortOrder - b.toLink.sortOrder)
	return { ...chain, edges, figures }
}

export function findChainBySlug(db: Db, slug: string) {
	return db.chain.findUnique({ where: { slug }, select: { id: true, slug: true } })
}

/** Companies to pick from when adding a figure. */
export function listCompanyOptions(db: Db) {
	return db.company.findMany({
		orderBy: [{ isLocal: 'desc' }, { name: 'asc' }],
		select: { id: true, name: true, isLocal: true, isSample: true },
	})
}

// ---------- checks inside the transaction ----------

async function linkInChain(tx: Pick<Db, 'chainLink'>, chainId: string, linkId: string, field: string | null, notFound = false) {
	const link = await tx.chainLink.findUnique({ where: { id: linkId }, select: LINK_SELECT })
	if (!link) throw new UserError('chainEdit.errors.linkNotFound', { field, status: notFound ? 404 : 400 })
	if (link.chainId !== chainId) throw new UserError('chainEdit.errors.linkOtherChain', { field })
	return link
}

async function edgeInChain(tx: Pick<Db, 'chainEdge'>, chainId: string, edgeId: string) {
	const edge = await tx.chainEdge.findUnique({ where: { id: edgeId }, select: EDGE_SELECT })
	if (!edge || edge.chainId !== chainId) throw new UserError('chainEdit.errors.edgeNotFound', { status: 404 })
	return edge
}

async function figureInChain(tx: Pick<Db, 'companyLink'>, chainId: string, figureId: string) {
	const figure = await tx.companyLink.findUnique({
		where: { id: figureId },
		select: { ...FIGURE_SELECT, link: { select: { chainId: true } } },
	})
	if (!figure || figure.link.chainId !== chainId) throw new UserError('chainEdit.errors.figureNotFound', { status: 404 })
	const { link: _link, ...row } = figure
	return row
}

/** The row a delete names, or null when it is gone already (deleted meanwhile, or never in this chain). */
async function unlessGone<T>(lookup: Promise<T>): Promise<T | null> {
	try {
		return await lookup
	} catch (error) {
		if (error instanceof UserError && error.status === 404) return null
		throw error
	}
}

/**
 * A delete decided on a row that has changed since the page showed it is
 * refused (ADR 0015): the form's version and shown values against the row as
 * its delete form would show it now; a link's counts of edges and figures,
 * which move no version, whatever the version. Thrown before any write.
 */
function refuseStaleDelete(data: ChainEditData<ChainDeleteIntent>, stored: Record<string, string>, version: number) {
	const seen = { version: data.version, values: postedDelete(data, '') }
	if (staleDelete(CHAIN_CONFLICT_FIELDS[data.intent], { version, values: stored }, seen, CHAIN_DELETE_UNVERSIONED)) throw new VersionConflict()
}

/** A link, an edge, a figure as its delete form shows it. */
const linkDeleteValues = (link: Parameters<typeof linkFormValues>[0], counts: { edges: number; figures: number }) =>
	deleteFormValues('deleteLink', { ...asPosted(linkFormValues(link)), edges: String(counts.edges), figures: String(counts.figures) })
const edgeDeleteValues = (edge: Parameters<typeof edgeFormValues>[0]) => deleteFormValues('deleteEdge', asPosted(edgeFormValues(edge)))
const figureDeleteValues = (figure: Parameters<typeof figureFormValues>[0]) => deleteFormValues('deleteFigure', asPosted(figureFormValues(figure)))

const gone = (id: string): ChainEditResult => ({ id, changed: false, gone: true })

// ---------- links ----------

export function updateLink(db: Db, ctx: ChainEditContext, data: ChainEditData<'updateLink'>): Promise<ChainEditResult> {
	return db.$transaction(async (tx) => {
		const before = await linkInChain(tx, ctx.chainId, data.linkId, null, true)
		const changes = { name: data.name, nameEn: data.nameEn, stage: data.stage, unit: data.unit, source: data.source }
		if (sameValues(before, changes)) return { id: before.id, changed: false }
		if (data.version !== before.version) throw new VersionConflict()
		await compareAndSet(tx.chainLink.updateMany({ where: { id: before.id, version: before.version }, data: { ...changes, ...BUMP_VERSION } }))
		const after = await tx.chainLink.findUniqueOrThrow({ where: { id: before.id }, select: LINK_SELECT })
		await recordAudit(tx, { userId: ctx.userId, entity: 'ChainLink', entityId: after.id, action: 'update', before, after })
		return { id: after.id, changed: true }
	})
}

export function createLink(db: Db, ctx: ChainEditContext, data: ChainEditData<'createLink'>): Promise<ChainEditResult> {
	return db.$transaction(async (tx) => {
		const taken = await tx.chainLink.findUnique({
			where: { chainId_key: { chainId: ctx.chainId, key: data.key } },
			select: { id: true },
		})
		if (taken) throw new UserError('chainEdit.errors.linkKeyTaken', { field: 'key', status: 409 })
		const last = await tx.chainLink.aggregate({ where: { chainId: ctx.chainId }, _max: { sortOrder: true } })
		const after = await tx.chainLink.create({
			data: {
				chainId: ctx.chainId,
				key: data.key,
				name: data.name,
				nameEn: data.nameEn,
				stage: data.stage,
				unit: data.unit,
				source: data.source,
				sortOrder: (last._max.sortOrder ?? -1) + 1,
			},
			select: LINK_SELECT,
		})
		await recordAudit(tx, { userId: ctx.userId, entity: 'ChainLink', entityId: after.id, action: 'create', after })
		return { id: after.id, changed: true }
	})
}

/**
 * Deletes a link that no project points at. Its edges and company figures would
 * go with it by cascade; they are deleted here explicitly so each is audited.
 * Refused when the link, or how many edges and figures go with it, changed
 * since the page showed it (ADR 0015); the link itself goes by compare-and-delete.
 */
export function deleteLink(db: Db, ctx: ChainEditContext, data: ChainEditData<'deleteLink'>): Promise<ChainEditResult> {
	return db.$transaction(async (tx) => {
		const before = await unlessGone(linkInChain(tx, ctx.chainId, data.linkId, null, true))
		if (!before) return gone(data.linkId)
		const projects = await tx.projectLink.count({ where: { linkId: before.id } })
		if (projects > 0) throw new UserError('chainEdit.errors.linkHasProjects', { status: 409, params: { count: projects } })
		const edges = await tx.chainEdge.findMany({
			where: { OR: [{ fromLinkId: before.id }, { toLinkId: before.id }] },
			select: EDGE_SELECT,
		})
		const figures = await tx.companyLink.findMany({ where: { linkId: before.id }, select: FIGURE_SELECT })
		refuseStaleDelete(data, linkDeleteValues(before, { edges: edges.length, figures: figures.length }), before.version)
		for (const edge of edges) {
			await tx.chainEdge.delete({ where: { id: edge.id }, select: { id: true } })
			await recordAudit(tx, { userId: ctx.userId, entity: 'ChainEdge', entityId: edge.id, action: 'delete', before: edge })
		}
		for (const figure of figures) {
			await tx.companyLink.delete({ where: { id: figure.id }, select: { id: true } })
			await recordAudit(tx, { userId: ctx.userId, entity: 'CompanyLink', entityId: figure.id, action: 'delete', before: figure })
		}
		await compareAndSet(tx.chainLink.deleteMany({ where: { id: before.id, version: before.version } }))
		await recordAudit(tx, { userId: ctx.userId, entity: 'ChainLink', entityId: before.id, action: 'delete', before })
		return { id: before.id, changed: true }
	})
}

// ---------- edges ----------

function edgeValues(data: ChainEditData<'updateEdge'> | ChainEditData<'createEdge'>) {
	return {
		factor: data.factor,
		factorLow: data.factorLow,
		factorHigh: data.factorHigh,
		factorUnit: data.factorUnit,
		referenceId: data.referenceId,
		confidence: data.confidence,
		source: data.source,
	}
}

export function updateEdge(db: Db, ctx: ChainEditContext, data: ChainEditData<'updateEdge'>): Promise<ChainEditResult> {
	return db.$transaction(async (tx) => {
		const before = await edgeInChain(tx, ctx.chainId, data.edgeId)
		const changes = edgeValues(data)
		if (sameValues(before, changes)) return { id: before.id, changed: false }
		if (data.version !== before.version) throw new VersionConflict()
		await compareAndSet(tx.chainEdge.updateMany({ where: { id: before.id, version: before.version }, data: { ...changes, ...BUMP_VERSION } }))
		const after = await tx.chainEdge.findUniqueOrThrow({ where: { id: before.id }, select: EDGE_SELECT })
		await recordAudit(tx, { userId: ctx.userId, entity: 'ChainEdge', entityId: after.id, action: 'update', before, after })
		return { id: after.id, changed: true }
	})
}

export function createEdge(db: Db, ctx: ChainEditContext, data: ChainEditData<'createEdge'>): Promise<ChainEditResult> {
	return db.$transaction(async (tx) => {
		await linkInChain(tx, ctx.chainId, data.fromLinkId, 'fromLinkId')
		await linkInChain(tx, ctx.chainId, data.toLinkId, 'toLinkId')
		const duplicate = await tx.chainEdge.findUnique({
			where: { fromLinkId_toLinkId: { fromLinkId: data.fromLinkId, toLinkId: data.toLinkId } },
			select: { id: true },
		})
		if (duplicate) throw new UserError('chainEdit.errors.edgeExists', { field: 'toLinkId', status: 409 })
		const after = await tx.chainEdge.create({
			data: { chainId: ctx.chainId, fromLinkId: data.fromLinkId, toLinkId: data.toLinkId, ...edgeValues(data) },
			select: EDGE_SELECT,
		})
		await recordAudit(tx, { userId: ctx.userId, entity: 'ChainEdge', entityId: after.id, action: 'create', after })
		return { id: after.id, changed: true }
	})
}

/** Deletes an edge, unless it changed since the page showed it (ADR 0015). */
export function deleteEdge(db: Db, ctx: ChainEditContext, data: ChainEditData<'deleteEdge'>): Promise<ChainEditResult> {
	return db.$transaction(async (tx) => {
		const before = await unlessGone(edgeInChain(tx, ctx.chainId, data.edgeId))
		if (!before) return gone(data.edgeId)
		refuseStaleDelete(data, edgeDeleteValues(before), before.version)
		await compareAndSet(tx.chainEdge.deleteMany({ where: { id: before.id, version: before.version } }))
		await recordAudit(tx, { userId: ctx.userId, entity: 'ChainEdge', entityId: before.id, action: 'delete', before })
		return { id: before.id, changed: true }
	})
}

// ---------- company figures ----------

/**
 * Updates the figure `figureId` or, without it, adds one; one figure per
 * company, link and year. An update from a row loaded before the figure's last
 * change is refused unless it changes nothing (ADR 0015).
 */
export function upsertFigure(db: Db, ctx: ChainEditContext, data: ChainEditData<'upsertFigure'>): Promise<ChainEditResult> {
	return db.$transaction(async (tx) => {
		const before = data.figureId ? await figureInChain(tx, ctx.chainId, data.figureId) : null
		await linkInChain(tx, ctx.chainId, data.linkId, 'linkId')
		const company = await tx.company.findUnique({ where: { id: data.companyId }, select: { id: true } })
		if (!company) throw new UserError('validation.invalidChoice', { field: 'companyId' })
		const clash = await tx.companyLink.findFirst({
			where: { companyId: data.companyId, linkId: data.linkId, year: data.year, ...(before ? { id: { not: before.id } } : {}) },
			select: { id: true },
		})
		if (clash) throw new UserError('chainEdit.errors.figureExists', { field: 'year', status: 409 })
		const values = {
			companyId: data.companyId,
			linkId: data.linkId,
			year: data.year,
			capacity: data.capacity,
			output: data.output,
			source: data.source,
			isSample: data.isSample,
		}
		if (before) {
			if (sameValues(before, values)) return { id: before.id, changed: false }
			if (data.version !== before.version) throw new VersionConflict()
			await compareAndSet(tx.companyLink.updateMany({ where: { id: before.id, version: before.version }, data: { ...values, ...BUMP_VERSION } }))
			const after = await tx.companyLink.findUniqueOrThrow({ where: { id: before.id }, select: FIGURE_SELECT })
			await recordAudit(tx, { userId: ctx.userId, entity: 'CompanyLink', entityId: after.id, action: 'update', before, after })
			return { id: after.id, changed: true }
		}
		const after = await tx.companyLink.create({ data: values, select: FIGURE_SELECT })
		await recordAudit(tx, { userId: ctx.userId, entity: 'CompanyLink', entityId: after.id, action: 'create', after })
		return { id: after.id, changed: true }
	})
}

/** Deletes a company figure, unless it changed since the page showed it (ADR 0015). */
export function deleteFigure(db: Db, ctx: ChainEditContext, data: ChainEditData<'deleteFigure'>): Promise<ChainEditResult> {
	return db.$transaction(async (tx) => {
		const before = await unlessGone(figureInChain(tx, ctx.chainId, data.figureId))
		if (!before) return gone(data.figureId)
		refuseStaleDelete(data, figureDeleteValues(before), before.version)
		await compareAndSet(tx.companyLink.deleteMany({ where: { id: before.id, version: before.version } }))
		await recordAudit(tx, { userId: ctx.userId, entity: 'CompanyLink', entityId: before.id, action: 'delete', before })
		return { id: before.id, changed: true }
	})
}

/**
 * Runs the change an edit form asked for; an edit or delete of a row changed
 * since the page was loaded comes back as the conflict to show (ADR 0015).
 */
export async function applyChainEdit(
	db: Db,
	ctx: ChainEditContext,
	data: ChainEditData,
): Promise<ChainEditResult | { conflict: Conflict<Record<string, string>> }> {
	try {
		return await runChainEdit(db, ctx, data)
	} catch (error) {
		if (!(error instanceof VersionConflict) || data.intent === 'createLink' || data.intent === 'createEdge') throw error
		return { conflict: await chainEditConflict(db, ctx, data) }
	}
}

function runChainEdit(db: Db, ctx: ChainEditContext, data: ChainEditData): Promise<ChainEditResult> {
	switch (data.intent) {
		case 'updateLink':
			return updateLink(db, ctx, data)
		case 'createLink':
			return createLink(db, ctx, data)
		case 'deleteLink':
			return deleteLink(db, ctx, data)
		case 'updateEdge':
			return updateEdge(db, ctx, data)
		case 'createEdge':
			return createEdge(db, ctx, data)
		case 'deleteEdge':
			return deleteEdge(db, ctx, data)
		case 'upsertFigure':
			return upsertFigure(db, ctx, data)
		case 'deleteFigure':
			return deleteFigure(db, ctx, data)
	}
}

/**
 * A stale row edit or delete refused (ADR 0015): the row as stored now and the
 * submitted values (for a delete: what the row showed), both as its form posts
 * them, at its version; so posting `current` of a delete deletes the row as it
 * stands now. A row deleted meanwhile is not found (404).
 */
async function chainEditConflict(
	db: Db,
	ctx: ChainEditContext,
	data: Exclude<ChainEditData, { intent: 'createLink' | 'createEdge' }>,
): Promise<Conflict<Record<string, string>>> {
	if (isChainDeleteIntent(data.intent)) {
		const deletion = data as ChainEditData<ChainDeleteIntent>
		const current = await storedForDelete(db, ctx, deletion)
		return { current, submitted: postedDelete(deletion, current.version ?? '') }
	}
	switch (data.intent) {
		case 'updateLink': {
			const stored = await linkInChain(db, ctx.chainId, data.linkId, null, true)
			return { current: asPosted(linkFormValues(stored)), submitted: asPosted(linkFormValues({ ...data, id: data.linkId, version: stored.version })) }
		}
		case 'updateEdge': {
			const stored = await edgeInChain(db, ctx.chainId, data.edgeId)
			return { current: asPosted(edgeFormValues(stored)), submitted: asPosted(edgeFormValues({ ...data, id: data.edgeId, version: stored.version })) }
		}
		case 'upsertFigure': {
			const stored = await figureInChain(db, ctx.chainId, data.figureId ?? '')
			return { current: asPosted(figureFormValues(stored)), submitted: asPosted(figureFormValues({ ...data, id: stored.id, version: stored.version })) }
		}
	}
}

/** The row a delete names as its delete form would show it now. */
async function storedForDelete(db: Db, ctx: ChainEditContext, data: ChainEditData<ChainDeleteIntent>): Promise<Record<string, string>> {
	switch (data.intent) {
		case 'deleteLink': {
			const link = await linkInChain(db, ctx.chainId, data.linkId, null, true)
			const [edges, figures] = await Promise.all([
				db.chainEdge.count({ where: { OR: [{ fromLinkId: link.id }, { toLinkId: link.id }] } }),
				db.companyLink.count({ where: { linkId: link.id } }),
			])
			return linkDeleteValues(link, { edges, figures })
		}
		case 'deleteEdge':
			return edgeDeleteValues(await edgeInChain(db, ctx.chainId, data.edgeId))
		case 'deleteFigure':
			return figureDeleteValues(await figureInChain(db, ctx.chainId, data.figureId))
	}
}
