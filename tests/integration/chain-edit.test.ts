import { expect, test } from 'vitest'
import { prisma } from '~/db.server'
import { type ChainEditActionResult } from '~/routes/chains.$slug.edit/action-result'
import { action, loader } from '~/routes/chains.$slug.edit/route'
import { demoUser } from '../helpers/demo-users'
import { formRequest, getRequest, loginAs, thrown, unwrap } from '../helpers/requests'

const SLUG = 'rare-earth-ganxian'
const PATH = `/chains/${SLUG}/edit`
const args = (request: Request, slug = SLUG) => ({ request, params: { slug }, context: {} })

/** The version of the row an update or delete form names, as the page loaded just now would carry it (ADR 0015). */
async function currentVersion(fields: Record<string, string>): Promise<Record<string, string>> {
	const found =
		(fields.intent === 'updateLink' || fields.intent === 'deleteLink') && fields.linkId
			? await prisma.chainLink.findUnique({ where: { id: fields.linkId }, select: { version: true } })
			: (fields.intent === 'updateEdge' || fields.intent === 'deleteEdge') && fields.edgeId
				? await prisma.chainEdge.findUnique({ where: { id: fields.edgeId }, select: { version: true } })
				: (fields.intent === 'upsertFigure' || fields.intent === 'deleteFigure') && fields.figureId
					? await prisma.companyLink.findUnique({ where: { id: fields.figureId }, select: { version: true } })
					: null
	return found ? { version: String(found.version) } : {}
}

async function post(cookie: string, fields: Record<string, string>) {
	const posted = { ...(await currentVersion(fields)), ...fields }
	return unwrap<ChainEditActionResult>(await action(args(formRequest(PATH, posted, { Cookie: cookie }))))
}

async function linkId(key: string, slug = SLUG) {
	const link = await prisma.chainLink.findFirstOrThrow({ where: { key, chain: { slug } }, select: { id: true } })
	return link.id
}

function edgeBetween(fromKey: string, toKey: string) {
	return prisma.chainEdge.findFirst({
		where: { chain: { slug: SLUG }, fromLink: { key: fromKey }, toLink: { key: toKey } },
		select: { id: true, factor: true, factorLow: true, factorHigh: true, source: true, confidence: true },
	})
}

const auditCount = () => prisma.auditLog.count()

/** The one audit row of an action on a record (each test does each action once per record). */
async function auditOf(entity: string, entityId: string, action: 'create' | 'update' | 'delete') {
	const rows = await prisma.auditLog.findMany({
		where: { entity, entityId, action },
		select: { before: true, after: true, user: { select: { username: true } } },
	})
	expect(rows).toHaveLength(1)
	return rows[0]!
}

const json = (text: string | null) => (text === null ? null : (JSON.parse(text) as Record<string, unknown>))

const edgeFields = (edgeId: string, overrides: Record<string, string> = {}) => ({
	intent: 'updateEdge',
	edgeId,
	factor: '',
	factorLow: '',
	factorHigh: '',
	factorUnit: '',
	referenceId: '',
	confidence: '',
	source: '',
	...overrides,
})

test('the loader gives managers links, edges with link names, company figures and companies; staff get 403', async () => {
	const manager = await loginAs('manager')
	const { chain, companies } = await loader(args(getRequest(PATH, manager)))
	expect(chain.links.map((l) => l.key)).toEqual(expect.arrayContaining(['re_metal', 'ndfeb_alloy', 'ndfeb_magnet']))
	const edge = chain.edges.find((e) => e.fromLink.name === '稀土金属及合金' && e.toLink.name === '钕铁硼合金/毛坯')
	expect(edge).toMatchObject({ factor: 0.3, confidence: 'C/A' })
	expect(edge?.source).toBeTruthy()
	const figure = chain.figures.find((f) => f.company.name === '中国稀土集团有限公司' && f.link.nameEn === 'Rare-earth metals and alloys')
	expect(figure).toMatchObject({ year: 2025, capacity: 10000, output: null, isSample: true })
	expect(figure?.source).toContain('赣区府字')
	expect(companies.length).toBeGreaterThan(10)
	expect(chain.links.find((l) => l.key === 're_metal')?._count.projects).toBeGreaterThan(0)

	const staff = await loginAs('staff')
	expect(((await thrown(() => loader(args(getRequest(PATH, staff))))) as Response).status).toBe(403)
	const missing = await thrown(() => loader(args(getRequest('/chains/nope/edit', manager), 'nope')))
	expect((missing as Response).status).toBe(404)
})

test('a manager updates an edge factor with a source: the DB changes and the audit row has old and new factor', async () => {
	const manager = await loginAs('manager')
	const edge = await edgeBetween('re_metal', 'ndfeb_alloy')
	expect(edge?.factor).toBe(0.3)
	const result = await post(
		manager,
		edgeFields(edge!.id, {
			factor: '0.31',
			factorLow: '0.2',
			factorHigh: '0.325',
			factorUnit: 't metal per t alloy',
			referenceId: 'RE09',
			confidence: 'C/A',
			source: '企业调研 2025',
		}),
	)
	expect(result).toEqual({ status: 200, body: { ok: true, intent: 'updateEdge', rowKey: edge!.id, id: edge!.id, changed: true } })
	expect(await edgeBetween('re_metal', 'ndfeb_alloy')).toMatchObject({ factor: 0.31, source: '企业调研 2025' })

	const audit = await auditOf('ChainEdge', edge!.id, 'update')
	expect(audit.user?.username).toBe(demoUser('manager').username)
	expect(json(audit.before)).toMatchObject({ factor: 0.3, source: edge!.source })
	expect(json(audit.after)).toMatchObject({ factor: 0.31, source: '企业调研 2025' })

	// Saving the same values again writes nothing.
	const before = await auditCount()
	const again = await post(
		manager,
		edgeFields(edge!.id, {
			factor: '0.31',
			factorLow: '0.2',
			factorHigh: '0.325',
			factorUnit: 't metal per t alloy',
			referenceId: 'RE09',
			confidence: 'C/A',
			source: '企业调研 2025',
		}),
	)
	expect(again.body).toMatchObject({ ok: true, changed: false })
	expect(await auditCount()).toBe(before)
})

test('a factor without a source, or typed with a comma, is refused with 400, the input back and nothing written', async () => {
	const manager = await loginAs('manager')
	const edge = await edgeBetween('ndfeb_alloy', 'ndfeb_magnet')
	const auditsBefore = await auditCount()

	const noSource = await post(manager, edgeFields(edge!.id, { factor: '1.5', source: '  ' }))
	expect(noSource.status).toBe(400)
	expect(noSource.body).toMatchObject({
		ok: false,
		intent: 'updateEdge',
		rowKey: edge!.id,
		errors: { source: 'chainEdit.validation.sourceRequiredForFactor' },
		formError: null,
	})
	expect(noSource.body.ok === false && noSource.body.values.factor).toBe('1.5')

	const comma = await post(manager, edgeFields(edge!.id, { factor: '1,5', factorLow: 'abc', source: 'x' }))
	expect(comma.status).toBe(400)
	expect(comma.body).toMatchObject({
		ok: false,
		errors: { factor: 'chainEdit.validation.decimalComma', factorLow: 'chainEdit.validation.notANumber' },
	})

	expect(await edgeBetween('ndfeb_alloy', 'ndfeb_magnet')).toEqual(edge)
	expect(await auditCount()).toBe(auditsBefore)
})

test('staff may not post chain edits: 403 and nothing changes', async () => {
	const staff = await loginAs('staff')
	const edge = await edgeBetween('re_metal', 'ndfeb_alloy')
	const auditsBefore = await auditCount()
	const error = await thrown(() => action(args(formRequest(PATH, edgeFields(edge!.id, { factor: '9', source: 'staff' }), { Cookie: staff }))))
	expect((error as Response).status).toBe(403)
	const create = await thrown(() =>
		action(args(formRequest(PATH, { intent: 'createLink', key: 'staff_link', name: 'x', nameEn: 'x', stage: 'material', unit: 't' }, { Cookie: staff }))),
	)
	expect((create as Response).status).toBe(403)
	expect(await edgeBetween('re_metal', 'ndfeb_alloy')).toEqual(edge)
	expect(await prisma.chainLink.count({ where: { key: 'staff_link' } })).toBe(0)
	expect(await auditCount()).toBe(auditsBefore)
})

test('a manager adds, updates and deletes a company capacity figure; each step is audited', async () => {
	const manager = await loginAs('manager')
	const company = await prisma.company.findFirstOrThrow({ where: { name: '中科三环' }, select: { id: true } })
	const magnet = await linkId('ndfeb_magnet')
	// A year the seed gave 中科三环 no magnet figure for (it has the year before and the year of the seed day).
	const fields = {
		intent: 'upsertFigure',
		figureId: '',
		companyId: company.id,
		linkId: magnet,
		year: '2027',
		capacity: '8000',
		output: '',
		source: '企业年报 2027',
		isSample: 'on',
	}

	const created = await post(manager, fields)
	expect(created.status).toBe(200)
	expect(created.body).toMatchObject({ ok: true, intent: 'upsertFigure', rowKey: 'new', changed: true })
	const row = await prisma.companyLink.findUniqueOrThrow({
		where: { companyId_linkId_year: { companyId: company.id, linkId: magnet, year: 2027 } },
		select: { id: true, capacity: true, output: true, source: true, isSample: true },
	})
	expect(row).toMatchObject({ capacity: 8000, output: null, source: '企业年报 2027', isSample: true })
	const createAudit = await auditOf('CompanyLink', row.id, 'create')
	expect(createAudit.before).toBeNull()
	expect(json(createAudit.after)).toMatchObject({ companyId: company.id, linkId: magnet, year: 2027, capacity: 8000 })

	// The same company, link and year again is refused.
	const duplicate = await post(manager, fields)
	expect(duplicate.status).toBe(409)
	expect(duplicate.body).toMatchObject({ ok: false, errors: { year: 'chainEdit.errors.figureExists' } })
	expect(await prisma.companyLink.count({ where: { companyId: company.id, linkId: magnet, year: 2027 } })).toBe(1)

	// Neither capacity nor output: refused by the schema.
	const empty = await post(manager, { ...fields, figureId: row.id, capacity: '', output: '' })
	expect(empty).toMatchObject({ status: 400, body: { ok: false, errors: { capacity: 'chainEdit.validation.capacityOrOutput' } } })

	const updated = await post(manager, { ...fields, figureId: row.id, output: '6500', isSample: '' })
	expect(updated.body).toMatchObject({ ok: true, rowKey: row.id, id: row.id, changed: true })
	const updateAudit = await auditOf('CompanyLink', row.id, 'update')
	expect(json(updateAudit.before)).toMatchObject({ output: null, isSample: true })
	expect(json(updateAudit.after)).toMatchObject({ output: 6500, isSample: false })

	const deleted = await post(manager, { intent: 'deleteFigure', figureId: row.id })
	expect(deleted.body).toMatchObject({ ok: true, intent: 'deleteFigure' })
	expect(await prisma.companyLink.count({ where: { id: row.id } })).toBe(0)
	const deleteAudit = await auditOf('CompanyLink', row.id, 'delete')
	expect(json(deleteAudit.before)).toMatchObject({ capacity: 8000, output: 6500 })
	expect(deleteAudit.after).toBeNull()
})

test('a duplicate edge is refused; a new edge is created and deleted, both audited', async () => {
	const manager = await loginAs('manager')
	const [metal, alloy, magnet] = await Promise.all([linkId('re_metal'), linkId('ndfeb_alloy'), linkId('ndfeb_magnet')])
	const edgesBefore = await prisma.chainEdge.count()
	const auditsBefore = await auditCount()

	const duplicate = await post(manager, { intent: 'createEdge', fromLinkId: metal, toLinkId: alloy, factor: '0.3', source: 'dup' })
	expect(duplicate.status).toBe(409)
	expect(duplicate.body).toMatchObject({ ok: false, errors: { toLinkId: 'chainEdit.errors.edgeExists' } })
	const self = await post(manager, { intent: 'createEdge', fromLinkId: metal, toLinkId: metal })
	expect(self).toMatchObject({ status: 400, body: { errors: { toLinkId: 'chainEdit.validation.sameLink' } } })
	expect(await prisma.chainEdge.count()).toBe(edgesBefore)
	expect(await auditCount()).toBe(auditsBefore)

	// A factor left blank is stored as unknown (null), no source needed.
	const created = await post(manager, { intent: 'createEdge', fromLinkId: metal, toLinkId: magnet, factor: '', confidence: 'nf', source: '' })
	expect(created).toMatchObject({ status: 200, body: { ok: true, intent: 'createEdge', rowKey: 'new' } })
	const edge = await edgeBetween('re_metal', 'ndfeb_magnet')
	expect(edge).toMatchObject({ factor: null, confidence: 'NF', source: null })
	expect((await auditOf('ChainEdge', edge!.id, 'create')).after).toContain('"confidence":"NF"')

	const deleted = await post(manager, { intent: 'deleteEdge', edgeId: edge!.id })
	expect(deleted).toMatchObject({ status: 200, body: { ok: true, intent: 'deleteEdge', id: edge!.id } })
	expect(await edgeBetween('re_metal', 'ndfeb_magnet')).toBeNull()
	const audit = await auditOf('ChainEdge', edge!.id, 'delete')
	expect(json(audit.before)).toMatchObject({ fromLinkId: metal, toLinkId: magnet, factor: null, confidence: 'NF' })
	expect(await prisma.chainEdge.count()).toBe(edgesBefore)
})

test('edges and figures may only use links of this chain', async () => {
	const manager = await loginAs('manager')
	const other = await prisma.chainLink.findFirstOrThrow({ where: { chain: { slug: { not: SLUG } } }, select: { id: true, chainId: true } })
	const otherEdge = await prisma.chainEdge.findFirstOrThrow({ where: { chainId: other.chainId }, select: { id: true, factor: true } })
	const metal = await linkId('re_metal')
	const company = await prisma.company.findFirstOrThrow({ select: { id: true } })
	const auditsBefore = await auditCount()

	const edge = await post(manager, { intent: 'createEdge', fromLinkId: metal, toLinkId: other.id })
	expect(edge).toMatchObject({ status: 400, body: { ok: false, errors: { toLinkId: 'chainEdit.errors.linkOtherChain' } } })
	const figure = await post(manager, { intent: 'upsertFigure', companyId: company.id, linkId: other.id, year: '2025', output: '1', source: 's' })
	expect(figure).toMatchObject({ status: 400, body: { ok: false, errors: { linkId: 'chainEdit.errors.linkOtherChain' } } })
	// An edge of another chain cannot be edited through this chain's page.
	const foreign = await post(manager, edgeFields(otherEdge.id, { factor: '2', source: 's' }))
	expect(foreign).toMatchObject({ status: 404, body: { ok: false, formError: { key: 'chainEdit.errors.edgeNotFound' } } })
	expect((await prisma.chainEdge.findUniqueOrThrow({ where: { id: otherEdge.id }, select: { factor: true } })).factor).toBe(otherEdge.factor)
	expect(await prisma.chainEdge.count({ where: { fromLinkId: metal, toLinkId: other.id } })).toBe(0)
	expect(await auditCount()).toBe(auditsBefore)
})

test('links: a used key is refused, a new link is added, renamed and deleted with its edges; a link with projects stays', async () => {
	const manager = await loginAs('manager')
	const base = { name: '稀土永磁电机（新能源船舶）', nameEn: 'PM motors for electric ships', stage: 'application', unit: '台', source: '测试' }

	const taken = await post(manager, { intent: 'createLink', key: 're_metal', ...base })
	expect(taken).toMatchObject({ status: 409, body: { ok: false, errors: { key: 'chainEdit.errors.linkKeyTaken' } } })
	const badKey = await post(manager, { intent: 'createLink', key: 'Motor-Ship', ...base })
	expect(badKey).toMatchObject({ status: 400, body: { ok: false, errors: { key: 'chainEdit.validation.linkKey' }, values: { key: 'Motor-Ship' } } })

	const created = await post(manager, { intent: 'createLink', key: 'motor_ship', ...base })
	expect(created.body).toMatchObject({ ok: true, intent: 'createLink' })
	const link = await prisma.chainLink.findFirstOrThrow({
		where: { key: 'motor_ship', chain: { slug: SLUG } },
		select: { id: true, name: true, sortOrder: true },
	})
	const maxOrder = await prisma.chainLink.aggregate({ where: { chain: { slug: SLUG } }, _max: { sortOrder: true } })
	expect(link.sortOrder).toBe(maxOrder._max.sortOrder)
	expect((await auditOf('ChainLink', link.id, 'create')).user?.username).toBe(demoUser('manager').username)

	const renamed = await post(manager, { intent: 'updateLink', linkId: link.id, ...base, name: '船舶永磁电机' })
	expect(renamed.body).toMatchObject({ ok: true, changed: true })
	const renameAudit = await auditOf('ChainLink', link.id, 'update')
	expect(json(renameAudit.before)).toMatchObject({ name: base.name })
	expect(json(renameAudit.after)).toMatchObject({ name: '船舶永磁电机', key: 'motor_ship' })

	// Deleting a link deletes its edges too, each audited.
	const magnet = await linkId('ndfeb_magnet')
	await post(manager, { intent: 'createEdge', fromLinkId: magnet, toLinkId: link.id, factor: '0.001', source: '测试' })
	const edge = await prisma.chainEdge.findFirstOrThrow({ where: { toLinkId: link.id }, select: { id: true } })
	// The row's delete form says what goes with the link: one edge, no figures.
	const deleted = await post(manager, { intent: 'deleteLink', linkId: link.id, edges: '1', figures: '0' })
	expect(deleted.body).toMatchObject({ ok: true, intent: 'deleteLink' })
	expect(await prisma.chainLink.count({ where: { id: link.id } })).toBe(0)
	expect(json((await auditOf('ChainLink', link.id, 'delete')).before)).toMatchObject({ key: 'motor_ship', name: '船舶永磁电机' })
	expect(json((await auditOf('ChainEdge', edge.id, 'delete')).before)).toMatchObject({ fromLinkId: magnet, toLinkId: link.id, factor: 0.001 })

	// re_metal has projects: it cannot be deleted.
	const metal = await linkId('re_metal')
	const auditsBefore = await auditCount()
	const refused = await post(manager, { intent: 'deleteLink', linkId: metal })
	expect(refused.status).toBe(409)
	expect(refused.body).toMatchObject({ ok: false, formError: { key: 'chainEdit.errors.linkHasProjects' } })
	expect(refused.body.ok === false && Number(refused.body.formError?.params.count)).toBeGreaterThan(0)
	expect(await prisma.chainLink.count({ where: { id: metal } })).toBe(1)
	expect(await auditCount()).toBe(auditsBefore)
})

test('an unknown intent is a 400', async () => {
	const manager = await loginAs('manager')
	const error = await thrown(() => action(args(formRequest(PATH, { intent: 'dropChain' }, { Cookie: manager }))))
	expect((error as Response).status).toBe(400)
})
