// Planned capacity on leads (issue #14 §1, ADR 0040) through the routes' loaders and actions: set on the
// lead page's edit form (checked and audited like the other fields), ranked on the chain's prospect list by
// the shortfall it would close, landed in a scenario; another county's manager does not see it. Runs on
// SQLite and, in the PostgreSQL suite, on PostgreSQL.
import { beforeAll, describe, expect, test } from 'vitest'
import { prisma } from '~/db.server'
import { leadEditFormValues } from '~/domain/lead/schemas'
import { loadGapAnalysis } from '~/models/chain-analysis.server'
import { createRegion } from '~/models/region.server'
import { createUser } from '~/models/user.server'
import { action as scenarioAction, loader as scenarioLoader } from '~/routes/chains.$slug.scenarios.$id'
import { action as listAction } from '~/routes/chains.$slug.scenarios._index'
import { loader as prospectsLoader } from '~/routes/chains.$slug.targets'
import { action as leadAction, loader as leadLoader } from '~/routes/leads.$id'
import { formRequest, getRequest, loginAs, loginWith, unwrap } from '../helpers/requests'

const CHAIN = 'rare-earth-ganxian'
const YEAR = new Date().getUTCFullYear()
const PASSWORD = 'planned-test-pass-2026'
let cookies: { manager: string; elsewhere: string }
let leadId: string
let alloy: string

beforeAll(async () => {
	await createRegion(prisma, { code: 'jx-gz-pc', name: '平川区', nameEn: 'Pingchuan', kind: 'county', parentCode: 'jx-gz' })
	const other = await prisma.region.findUniqueOrThrow({ where: { code: 'jx-gz-pc' }, select: { id: true } })
	await createUser(prisma, { username: 'planned.elsewhere', name: '平川领导', role: 'manager', password: PASSWORD, regionId: other.id }, null)
	cookies = { manager: await loginAs('manager'), elsewhere: await loginWith('planned.elsewhere', PASSWORD) }
	alloy = (await prisma.chainLink.findFirstOrThrow({ where: { key: 'ndfeb_alloy', chain: { slug: CHAIN } }, select: { id: true } })).id
	const county = await prisma.region.findUniqueOrThrow({ where: { code: 'jx-gz-gx' }, select: { id: true } })
	leadId = (
		await prisma.lead.findFirstOrThrow({
			where: { regionId: county.id, stage: { in: ['new', 'contacted', 'visited', 'negotiating'] } },
			orderBy: { id: 'asc' },
			select: { id: true },
		})
	).id
})

const editLead = async (cookie: string, fields: Record<string, string>) => {
	const lead = await prisma.lead.findUniqueOrThrow({ where: { id: leadId } })
	const values = { ...leadEditFormValues(lead), ...fields, intent: 'update' }
	return unwrap<{ ok: boolean; errors?: Record<string, string> }>(
		await leadAction({ request: formRequest(`/leads/${leadId}`, values, { Cookie: cookie }), params: { id: leadId }, context: {} }),
	)
}

describe('planned capacity on a lead', () => {
	test('is refused incomplete or not positive, and saved with its audit row and a new version', async () => {
		const incomplete = await editLead(cookies.manager, { plannedLinkId: alloy, plannedOutput: '3200', plannedFromYear: '' })
		expect(incomplete.status).toBe(400)
		expect(JSON.stringify(incomplete.body)).toContain('planned.validation.incomplete')
		const negative = await editLead(cookies.manager, { plannedLinkId: alloy, plannedOutput: '-5', plannedFromYear: String(YEAR) })
		expect(JSON.stringify(negative.body)).toContain('planned.validation.outputNumber')
		const unknownLink = await editLead(cookies.manager, { plannedLinkId: 'no-such-link', plannedOutput: '3200', plannedFromYear: String(YEAR) })
		expect(JSON.stringify(unknownLink.body)).toContain('planned.validation.linkOutOfReach')

		const before = await prisma.lead.findUniqueOrThrow({ where: { id: leadId }, select: { version: true } })
		const saved = await editLead(cookies.manager, { plannedLinkId: alloy, plannedOutput: '3,200', plannedFromYear: String(YEAR) })
		expect(saved.body).toMatchObject({ ok: true })
		const after = await prisma.lead.findUniqueOrThrow({
			where: { id: leadId },
			select: { version: true, plannedLinkId: true, plannedOutput: true, plannedFromYear: true },
		})
		expect(after).toEqual({ version: before.version + 1, plannedLinkId: alloy, plannedOutput: 3200, plannedFromYear: YEAR })
		const audit = await prisma.auditLog.findFirstOrThrow({
			where: { entity: 'Lead', entityId: leadId, action: 'update' },
			orderBy: { at: 'desc' },
			select: { after: true },
		})
		expect(audit.after).toContain('"plannedOutput":3200')
	})

	test('ranks on the prospect list by the shortfall it would close, capped at it; another county does not see it', async () => {
		const gap = (await loadGapAnalysis(prisma, CHAIN, YEAR))!
		const link = gap.analysis.links.find((l) => l.linkId === alloy)!
		const shortfall = Math.max(0, link.demand - (link.supply ?? 0))
		const page = await prospectsLoader({ request: getRequest(`/chains/${CHAIN}/targets?year=${YEAR}`, cookies.manager), params: { slug: CHAIN }, context: {} })
		const row = page.gapClosed.records.find((r) => r.record === 'lead' && r.id === leadId)!
		expect(row.shortfall).toBeCloseTo(shortfall, 6)
		expect(row.closes).toBeLessThanOrEqual(shortfall + 1e-9)
		if (!row.inputLimited) expect(row.closes).toBeCloseTo(Math.min(3200, shortfall), 6)
		expect(row.status).toBe(shortfall > 0 ? 'closes' : 'no_gap')
		const lead = await leadLoader({ request: getRequest(`/leads/${leadId}`, cookies.manager), params: { id: leadId }, context: {} })
		expect(lead.gapClosed?.row?.closes).toBe(row.closes)
		const elsewhere = await prospectsLoader({
			request: getRequest(`/chains/${CHAIN}/targets?year=${YEAR}`, cookies.elsewhere),
			params: { slug: CHAIN },
			context: {},
		})
		expect(elsewhere.gapClosed.records.some((r) => r.id === leadId)).toBe(false)
	})

	test('lands in a scenario from its year: the alloy link gains its output; before that year it is ignored with the reason', async () => {
		const created = unwrap<string>(
			await listAction({
				request: formRequest(`/chains/${CHAIN}/scenarios`, { name: '线索落地', note: '', year: String(YEAR) }, { Cookie: cookies.manager }),
				params: { slug: CHAIN },
				context: {},
			}),
		)
		const id = created.body.split('/').pop()!
		const version = async () => String((await prisma.scenario.findUniqueOrThrow({ where: { id }, select: { version: true } })).version)
		const add = async (fromYear: string) =>
			unwrap(
				await scenarioAction({
					request: formRequest(
						`/chains/${CHAIN}/scenarios/${id}`,
						{ intent: 'add', kind: 'planned', plannedRecord: `lead|${leadId}`, fromYear, version: await version() },
						{ Cookie: cookies.manager },
					),
					params: { slug: CHAIN, id },
					context: {},
				}),
			)
		expect((await add('')).status).toBe(302)
		const view = await scenarioLoader({ request: getRequest(`/chains/${CHAIN}/scenarios/${id}`, cookies.manager), params: { slug: CHAIN, id }, context: {} })
		expect(view.result.changes[0]).toMatchObject({ problem: null, change: { kind: 'planned', record: 'lead', recordId: leadId, fromYear: null } })
		const l = view.result.links.find((x) => x.linkId === alloy)!
		expect(l.after.supply! - (l.before.supply ?? 0)).toBeCloseTo(3200, 6)
		// A year after the scenario's: refused with the engine's reason.
		const later = await add(String(YEAR + 1))
		expect(JSON.stringify(later.body)).toContain('scenarios.problems.not_yet_landed')
	})
})
