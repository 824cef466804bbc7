import { type ChainEditData } from '~/domain/chain/edit-schemas'
import { type Db } from '~/db.server'
import { recordAudit } from './audit.server'
import { EDGE_FACTOR_SELECT } from './chain.server'

type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0]

/** Who edits which chain. */
export type ChainEditContext = { chainId: string; userId: string }

/**
 * A change refused by the data (duplicate, wrong chain, still in use). Nothing is
 * written. `messageKey` is an i18n key; `field` names the input it belongs to.
 */
export class ChainEditError extends Error {
	constructor(
		readonly messageKey: string,
		readonly field: string | null = null,
		readonly status: 400 | 404 | 409 = 409,
		readonly params: Record<string, string | number> = {},
	) {
		super(messageKey)
		this.name = 'ChainEditError'
	}
}

export type ChainEditResult = { id: string; changed: boolean }

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
} as const
const EDGE_SELECT = {
	id: true,
	chainId: true,
	fromLinkId: true,
	toLinkId: true,
	...EDGE_FACTOR_SELECT,
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
					_count: { select: { outgoing: true, incoming: true, companies: true, projects: true } },
				},
			},
			edges: {
				select: {
					id: true,
					...EDGE_FACTOR_SELECT,
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
			company: { select: { id: true, name: true, isSample: true } },
			link: { select: { id: true, name: true, nameEn: true, unit: true } },
		},
	})
	const edges = [...chain.edges].sort(
		(a, b) => a.fromLink.sortOrder - b.fromLink.sortOrder || a.toLink.sortOrder - b.toLink.sortOrder,
	)
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

async function linkInChain(tx: Tx, chainId: string, linkId: string, field: string | null, notFound = false) {
	const link = await tx.chainLink.findUnique({ where: { id: linkId }, select: LINK_SELECT })
	if (!link) throw new ChainEditError('chainEdit.errors.linkNotFound', field, notFound ? 404 : 400)
	if (link.chainId !== chainId) throw new ChainEditError('chainEdit.errors.linkOtherChain', field, 400)
	return link
}

async function edgeInChain(tx: Tx, chainId: string, edgeId: string) {
	const edge = await tx.chainEdge.findUnique({ where: { id: edgeId }, select: EDGE_SELECT })
	if (!edge || edge.chainId !== chainId) throw new ChainEditError('chainEdit.errors.edgeNotFound', null, 404)
	return edge
}

async function figureInChain(tx: Tx, chainId: string, figureId: string) {
	const figure = await tx.companyLink.findUnique({
		where: { id: figureId },
		select: { ...FIGURE_SELECT, link: { select: { chainId: true } } },
	})
	if (!figure || figure.link.chainId !== chainId) throw new ChainEditError('chainEdit.errors.figureNotFound', null, 404)
	const { link: _link, ...row } = figure
	return row
}

// ---------- links ----------

export function updateLink(db: Db, ctx: ChainEditContext, data: ChainEditData<'updateLink'>): Promise<ChainEditResult> {
	return db.$transaction(async (tx) => {
		const before = await linkInChain(tx, ctx.chainId, data.linkId, null, true)
		const changes = { name: data.name, nameEn: data.nameEn, stage: data.stage, unit: data.unit, source: data.source }
		if (sameValues(before, changes)) return { id: before.id, changed: false }
		const after = await tx.chainLink.update({ where: { id: before.id }, data: changes, select: LINK_SELECT })
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
		if (taken) throw new ChainEditError('chainEdit.errors.linkKeyTaken', 'key')
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
 */
export function deleteLink(db: Db, ctx: ChainEditContext, data: ChainEditData<'deleteLink'>): Promise<ChainEditResult> {
	return db.$transaction(async (tx) => {
		const before = await linkInChain(tx, ctx.chainId, data.linkId, null, true)
		const projects = await tx.projectLink.count({ where: { linkId: before.id } })
		if (projects > 0) throw new ChainEditError('chainEdit.errors.linkHasProjects', null, 409, { count: projects })
		const edges = await tx.chainEdge.findMany({
			where: { OR: [{ fromLinkId: before.id }, { toLinkId: before.id }] },
			select: EDGE_SELECT,
		})
		for (const edge of edges) {
			await tx.chainEdge.delete({ where: { id: edge.id }, select: { id: true } })
			await recordAudit(tx, { userId: ctx.userId, entity: 'ChainEdge', entityId: edge.id, action: 'delete', before: edge })
		}
		const figures = await tx.companyLink.findMany({ where: { linkId: before.id }, select: FIGURE_SELECT })
		for (const figure of figures) {
			await tx.companyLink.delete({ where: { id: figure.id }, select: { id: true } })
			await recordAudit(tx, { userId: ctx.userId, entity: 'CompanyLink', entityId: figure.id, action: 'delete', before: figure })
		}
		await tx.chainLink.delete({ where: { id: before.id }, select: { id: true } })
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
		const after = await tx.chainEdge.update({ where: { id: before.id }, data: changes, select: EDGE_SELECT })
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
		if (duplicate) throw new ChainEditError('chainEdit.errors.edgeExists', 'toLinkId')
		const after = await tx.chainEdge.create({
			data: { chainId: ctx.chainId, fromLinkId: data.fromLinkId, toLinkId: data.toLinkId, ...edgeValues(data) },
			select: EDGE_SELECT,
		})
		await recordAudit(tx, { userId: ctx.userId, entity: 'ChainEdge', entityId: after.id, action: 'create', after })
		return { id: after.id, changed: true }
	})
}

export function deleteEdge(db: Db, ctx: ChainEditContext, data: ChainEditData<'deleteEdge'>): Promise<ChainEditResult> {
	return db.$transaction(async (tx) => {
		const before = await edgeInChain(tx, ctx.chainId, data.edgeId)
		await tx.chainEdge.delete({ where: { id: before.id }, select: { id: true } })
		await recordAudit(tx, { userId: ctx.userId, entity: 'ChainEdge', entityId: before.id, action: 'delete', before })
		return { id: before.id, changed: true }
	})
}

// ---------- company figures ----------

/** Updates the figure `figureId` or, without it, adds one; one figure per company, link and year. */
export function upsertFigure(db: Db, ctx: ChainEditContext, data: ChainEditData<'upsertFigure'>): Promise<ChainEditResult> {
	return db.$transaction(async (tx) => {
		const before = data.figureId ? await figureInChain(tx, ctx.chainId, data.figureId) : null
		await linkInChain(tx, ctx.chainId, data.linkId, 'linkId')
		const company = await tx.company.findUnique({ where: { id: data.companyId }, select: { id: true } })
		if (!company) throw new ChainEditError('validation.invalidChoice', 'companyId', 400)
		const clash = await tx.companyLink.findFirst({
			where: { companyId: data.companyId, linkId: data.linkId, year: data.year, ...(before ? { id: { not: before.id } } : {}) },
			select: { id: true },
		})
		if (clash) throw new ChainEditError('chainEdit.errors.figureExists', 'year')
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
			const after = await tx.companyLink.update({ where: { id: before.id }, data: values, select: FIGURE_SELECT })
			await recordAudit(tx, { userId: ctx.userId, entity: 'CompanyLink', entityId: after.id, action: 'update', before, after })
			return { id: after.id, changed: true }
		}
		const after = await tx.companyLink.create({ data: values, select: FIGURE_SELECT })
		await recordAudit(tx, { userId: ctx.userId, entity: 'CompanyLink', entityId: after.id, action: 'create', after })
		return { id: after.id, changed: true }
	})
}

export function deleteFigure(db: Db, ctx: ChainEditContext, data: ChainEditData<'deleteFigure'>): Promise<ChainEditResult> {
	return db.$transaction(async (tx) => {
		const before = await figureInChain(tx, ctx.chainId, data.figureId)
		await tx.companyLink.delete({ where: { id: before.id }, select: { id: true } })
		await recordAudit(tx, { userId: ctx.userId, entity: 'CompanyLink', entityId: before.id, action: 'delete', before })
		return { id: before.id, changed: true }
	})
}

/** Runs the change an edit form asked for. */
export function applyChainEdit(db: Db, ctx: ChainEditContext, data: ChainEditData): Promise<ChainEditResult> {
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
