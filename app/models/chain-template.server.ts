import { z } from 'zod'
import { type Db } from '~/db.server'
import { chainProblems, chainTemplateSchema, type SeedChain } from '~/domain/seed/seed-files'
import { type Prisma } from '~/generated/prisma/client'
import { recordAudit } from '~/models/audit.server'
import { EDGE_FACTOR_SELECT } from './chain.server'

// Chain templates move a chain between installations in the seeds/chains/*.json format.

export class ChainTemplateError extends Error {}

/** The chain (by id or slug) as a template; it passes the same checks `importChainTemplate` applies. */
export async function exportChainTemplate(db: Db, idOrSlug: string): Promise<SeedChain> {
	const chain = await db.chain.findFirst({
		where: { OR: [{ id: idOrSlug }, { slug: idOrSlug }] },
		select: {
			slug: true,
			name: true,
			nameEn: true,
			description: true,
			source: true,
			region: { select: { code: true } },
			links: {
				orderBy: [{ sortOrder: 'asc' }, { key: 'asc' }],
				select: { key: true, name: true, nameEn: true, stage: true, unit: true, description: true, source: true, sortOrder: true },
			},
			edges: {
				orderBy: [{ fromLink: { sortOrder: 'asc' } }, { toLink: { sortOrder: 'asc' } }],
				select: {
					...EDGE_FACTOR_SELECT,
					fromLink: { select: { key: true } },
					toLink: { select: { key: true } },
				},
			},
		},
	})
	if (!chain) throw new ChainTemplateError(`no chain with id or slug ${idOrSlug}`)
	const template = chainTemplateSchema.safeParse({
		slug: chain.slug,
		name: chain.name,
		nameEn: chain.nameEn,
		description: chain.description,
		region: chain.region?.code ?? null,
		source: chain.source,
		links: chain.links.map(({ description, ...l }) => ({ ...l, ...(description === null ? {} : { description }) })),
		edges: chain.edges.map(({ fromLink, toLink, ...e }) => ({ from: fromLink.key, to: toLink.key, ...e })),
	})
	if (!template.success) throw new ChainTemplateError(`chain ${chain.slug} cannot be exported as a template:\n${z.prettifyError(template.error)}`)
	return template.data
}

/**
 * Creates a chain, its links and its edges from a template inside the caller's
 * transaction (the seed and `importChainTemplate` both use it). Returns the link
 * ids by key.
 */
export async function createChainFromTemplate(tx: Prisma.TransactionClient, template: SeedChain, regionIdByCode: ReadonlyMap<string, string>) {
	const regionId = template.region === null ? null : regionIdByCode.get(template.region)
	if (regionId === undefined) throw new ChainTemplateError(`unknown region code ${template.region}`)
	const { id } = await tx.chain.create({
		data: {
			slug: template.slug,
			name: template.name,
			nameEn: template.nameEn,
			description: template.description ?? null,
			regionId,
			source: template.source,
		},
		select: { id: true },
	})
	const linkIds = new Map<string, string>()
	for (const l of template.links) {
		const link = await tx.chainLink.create({
			data: {
				chainId: id,
				key: l.key,
				name: l.name,
				nameEn: l.nameEn,
				stage: l.stage,
				unit: l.unit,
				description: l.description ?? null,
				source: l.source,
				sortOrder: l.sortOrder,
			},
			select: { id: true },
		})
		linkIds.set(l.key, link.id)
	}
	for (const e of template.edges) {
		await tx.chainEdge.create({
			data: {
				chainId: id,
				fromLinkId: linkIds.get(e.from)!,
				toLinkId: linkIds.get(e.to)!,
				factor: e.factor,
				factorLow: e.factorLow,
				factorHigh: e.factorHigh,
				factorUnit: e.factorUnit,
				referenceId: e.referenceId,
				confidence: e.confidence,
				source: e.source,
			},
			select: { id: true },
		})
	}
	return { id, linkIds }
}

/**
 * Imports a template as a new chain (under `slug` when given) in one transaction
 * with its audit row: an unknown region or a taken slug writes nothing.
 */
export async function importChainTemplate(db: Db, template: SeedChain, options: { slug?: string; userId: string | null }) {
	const slug = options.slug ?? template.slug
	if (!chainTemplateSchema.shape.slug.safeParse(slug).success) throw new ChainTemplateError(`invalid slug ${slug}: use a-z, 0-9 and -`)
	const problems = chainProblems(template)
	if (problems.length > 0) throw new ChainTemplateError(`the template's links and edges do not agree:\n- ${problems.map((p) => p.message).join('\n- ')}`)
	return db.$transaction(async (tx) => {
		if (await tx.chain.findUnique({ where: { slug }, select: { id: true } })) {
			throw new ChainTemplateError(`a chain with slug ${slug} already exists; import it under another slug`)
		}
		const regions = template.region === null ? [] : await tx.region.findMany({ where: { code: template.region }, select: { id: true, code: true } })
		const { id } = await createChainFromTemplate(tx, { ...template, slug }, new Map(regions.map((r) => [r.code, r.id])))
		const summary = { slug, links: template.links.length, edges: template.edges.length }
		await recordAudit(tx, { userId: options.userId, entity: 'Chain', entityId: id, action: 'create', after: summary })
		return { id, ...summary }
	})
}
