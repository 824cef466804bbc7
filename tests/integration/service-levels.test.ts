// Follow-up service levels per region over China's working days (issue #14 §3, ADR 0037): a region's
// own levels, inherited by the regions under it; overdue, stalled and first-contact counts of the
// team view equal their drill-down lists and an independent count with the domain rules.
// Runs on SQLite and, in the PostgreSQL suite, on PostgreSQL.
import { beforeAll, describe, expect, test } from 'vitest'
import { prisma } from '~/db.server'
import { CN_CALENDAR } from '~/domain/calendar/cn-calendar'
import { DEFAULT_SERVICE_LEVELS, type ServiceLevels } from '~/domain/lead/service-levels'
import { isFirstContactBreached, isOverdue, isStalled, startOfDay } from '~/domain/lead/status'
import { createRegion, createUnit } from '~/models/region.server'
import { createUser } from '~/models/user.server'
import { loader as auditLoader } from '~/routes/audit'
import { loader as leadsLoader } from '~/routes/leads._index'
import { loader as followUpLoader } from '~/routes/leads.follow-up'
import { action as levelsAction, loader as levelsLoader } from '~/routes/settings.service-levels'
import { type Refusal } from '~/utils/forms'
import { formRequest, getRequest, loginWith, statusOf, unwrap } from '../helpers/requests'

const args = (request: Request) => ({ request, params: {}, context: {} })
const PASSWORD = 'levels-test-pass-2026'
const DAY = 86_400_000
const today = () => startOfDay(new Date())
const daysAgo = (n: number) => new Date(today().getTime() - n * DAY)

type World = Awaited<ReturnType<typeof buildWorld>>
let w: World

/** 测试二市 with 丙县 (and its 丙园区) and 丁县; a staff member and a manager in 丙县, the city's manager. */
async function buildWorld() {
	const city = await createRegion(prisma, { code: 'sl-city', name: '测试二市', nameEn: 'Levels City', kind: 'city', parentCode: 'jx' })
	const c = await createRegion(prisma, { code: 'sl-city-c', name: '丙县', nameEn: 'County C', kind: 'county', parentCode: 'sl-city' })
	const park = await createRegion(prisma, { code: 'sl-city-c-park', name: '丙园区', nameEn: 'Park C', kind: 'park', parentCode: 'sl-city-c' })
	const d = await createRegion(prisma, { code: 'sl-city-d', name: '丁县', nameEn: 'County D', kind: 'county', parentCode: 'sl-city' })
	const unitC = await createUnit(prisma, { name: '丙县商务局', nameEn: 'County C Commerce', regionCode: 'sl-city-c' })
	const user = (username: string, role: 'staff' | 'manager', unitId: string | undefined, regionId: string) =>
		createUser(prisma, { username, name: username, role, password: PASSWORD, unitId, regionId }, null)
	const staffC = await user('sl.staff.c', 'staff', unitC.id, c.id)
	const managerC = await user('sl.manager.c', 'manager', unitC.id, c.id)
	const cityManager = await user('sl.city.manager', 'manager', undefined, city.id)
	const cookies = {
		staffC: await loginWith('sl.staff.c', PASSWORD),
		managerC: await loginWith('sl.manager.c', PASSWORD),
		city: await loginWith('sl.city.manager', PASSWORD),
	}
	return { city, c, park, d, unitC, staffC, managerC, cityManager, cookies }
}

beforeAll(async () => {
	w = await buildWorld()
})

let seq = 0
async function lead(regionId: string, ownerId: string, fields: { stage: string; createdAt: Date; activity?: Date; nextActionDate?: Date; unitId?: string }) {
	const company = await prisma.company.create({ data: { name: `时限测试企业${++seq}`, isLocal: false }, select: { id: true } })
	const created = await prisma.lead.create({
		data: {
			companyId: company.id,
			ownerId,
			unitId: fields.unitId ?? null,
			regionId,
			source: 'expo',
			stage: fields.stage,
			createdAt: fields.createdAt,
			nextActionDate: fields.nextActionDate ?? null,
		},
		select: { id: true },
	})
	if (fields.activity)
		await prisma.activity.create({
			data: { kind: 'call', date: fields.activity, companyId: company.id, leadId: created.id, userId: ownerId },
			select: { id: true },
		})
	return created.id
}

const levelsForm = (regionId: string, version: number, levels: ServiceLevels) => {
	const fields: Record<string, string> = { intent: 'save', regionId, version: String(version), 'levels.firstContactDays': String(levels.firstContactDays) }
	for (const [stage, s] of Object.entries(levels.stages)) {
		fields[`levels.stages.${stage}.followUpDays`] = String(s.followUpDays)
		fields[`levels.stages.${stage}.stallDays`] = String(s.stallDays)
	}
	return fields
}
const save = async (cookie: string, regionId: string, version: number, levels: ServiceLevels) =>
	unwrap<Refusal>(await levelsAction(args(formRequest('/settings/service-levels', levelsForm(regionId, version, levels), { Cookie: cookie }))))

const settingsOf = async (cookie: string) => (await levelsLoader(args(getRequest('/settings/service-levels', cookie)))).regions
const withContacted = (followUpDays: number, stallDays: number): ServiceLevels => ({
	...DEFAULT_SERVICE_LEVELS,
	stages: { ...DEFAULT_SERVICE_LEVELS.stages, contacted: { followUpDays, stallDays } },
})

describe('settings per region, inherited down the tree', () => {
	test('regions start on the defaults; the city’s levels reach its counties and park; a county’s own win below it', async () => {
		const start = await settingsOf(w.cookies.city)
		expect(start.filter((r) => [w.city.id, w.c.id, w.park.id, w.d.id].includes(r.id)).map((r) => r.origin)).toEqual([
			'default',
			'default',
			'default',
			'default',
		])

		expect((await save(w.cookies.city, w.city.id, 0, withContacted(3, 12))).status).toBe(200)
		expect((await save(w.cookies.managerC, w.c.id, 0, withContacted(1, 8))).status).toBe(200)

		const after = new Map((await settingsOf(w.cookies.city)).map((r) => [r.id, r]))
		expect(after.get(w.city.id)).toMatchObject({ origin: 'own', version: 1 })
		expect(after.get(w.d.id)).toMatchObject({ origin: 'inherited', inheritedFrom: { name: '测试二市' } })
		expect(after.get(w.d.id)!.levels.stages.contacted).toEqual({ followUpDays: 3, stallDays: 12 })
		expect(after.get(w.c.id)).toMatchObject({ origin: 'own' })
		expect(after.get(w.park.id)).toMatchObject({ origin: 'inherited', inheritedFrom: { name: '丙县' } })
		expect(after.get(w.park.id)!.levels.stages.contacted).toEqual({ followUpDays: 1, stallDays: 8 })

		// Each save left an audit row with who and what.
		const audit = await prisma.auditLog.findMany({
			where: { entity: 'ServiceLevelSetting', entityId: { in: [w.city.id, w.c.id] } },
			select: { userId: true, action: true, after: true },
		})
		expect(audit).toHaveLength(2)
		expect(audit.find((a) => a.userId === w.managerC.id)).toMatchObject({ action: 'create' })
		expect(JSON.parse(audit.find((a) => a.userId === w.managerC.id)!.after!)).toMatchObject({
			firstContactDays: 1,
			contactedFollowUpDays: 1,
			contactedStallDays: 8,
		})
	})

	test('staff cannot change levels; a county manager cannot change the city’s or the other county’s', async () => {
		expect(
			await statusOf(async () =>
				levelsAction(args(formRequest('/settings/service-levels', levelsForm(w.c.id, 1, DEFAULT_SERVICE_LEVELS), { Cookie: w.cookies.staffC }))),
			),
		).toBe(403)
		expect((await save(w.cookies.managerC, w.d.id, 0, DEFAULT_SERVICE_LEVELS)).status).toBe(404)
		expect((await save(w.cookies.managerC, w.city.id, 1, DEFAULT_SERVICE_LEVELS)).status).toBe(404)
		// Staff still read the levels that apply to them, without a form.
		const page = await levelsLoader(args(getRequest('/settings/service-levels', w.cookies.staffC)))
		expect(page.canEdit).toBe(false)
		expect(page.regions.map((r) => r.id).sort()).toEqual([w.c.id, w.park.id].sort())
		const stored = await prisma.serviceLevelSetting.findUniqueOrThrow({ where: { regionId: w.c.id }, select: { version: true } })
		expect(stored.version).toBe(1)
	})

	test('a form opened before another save is refused (ADR 0015); a nonsense value is refused on its field', async () => {
		expect((await save(w.cookies.city, w.c.id, 1, withContacted(2, 8))).status).toBe(200)
		const stale = await save(w.cookies.managerC, w.c.id, 1, withContacted(4, 8))
		expect(stale.status).toBe(409)
		expect(stale.body.formError?.key).toBe('serviceLevels.errors.stale')
		const bad = await save(w.cookies.managerC, w.c.id, 2, withContacted(9, 3))
		expect(bad.status).toBe(400)
		expect(bad.body.errors['levels.stages.contacted.stallDays']).toBe('serviceLevels.validation.stallBeforeFollowUp')
		// The audit log names the change and each level that moved.
		const log = await auditLoader(args(getRequest(`/audit?entity=ServiceLevelSetting&object=${w.c.id}`, w.cookies.city)))
		expect(log.rows.map((r) => r.action)).toEqual(['update', 'create'])
		expect(log.rows[0]!.object).toEqual({ name: '丙县的跟进时限', href: '/settings/service-levels' })
		expect(log.rows[0]!.changes.map((c) => c.field)).toEqual(['contactedFollowUpDays'])
		expect((await settingsOf(w.cookies.managerC)).find((r) => r.id === w.c.id)!.levels.stages.contacted).toEqual({ followUpDays: 2, stallDays: 8 })
	})
})

describe('overdue, stalled and first contact by the levels of each lead’s region', () => {
	let ids: Record<string, string>
	beforeAll(async () => {
		const staff = w.staffC.id
		ids = {
			// 丙县 (contacted: follow up in 2, stall in 8 working days) and its park inherit it; 丁县 the city's (3 and 12).
			freshC: await lead(w.c.id, staff, { stage: 'contacted', createdAt: daysAgo(40), activity: daysAgo(0), unitId: w.unitC.id }),
			lateC: await lead(w.c.id, staff, { stage: 'contacted', createdAt: daysAgo(40), activity: daysAgo(8), unitId: w.unitC.id }),
			stalledPark: await lead(w.park.id, staff, { stage: 'contacted', createdAt: daysAgo(60), activity: daysAgo(20) }),
			neverContacted: await lead(w.park.id, staff, { stage: 'new', createdAt: daysAgo(9), unitId: w.unitC.id }),
			agreedDateC: await lead(w.c.id, w.managerC.id, { stage: 'visited', createdAt: daysAgo(3), activity: daysAgo(1), nextActionDate: daysAgo(1) }),
			closedC: await lead(w.c.id, staff, { stage: 'dropped', createdAt: daysAgo(90) }),
			lateD: await lead(w.d.id, w.cityManager.id, { stage: 'contacted', createdAt: daysAgo(40), activity: daysAgo(8) }),
		}
	})

	/** The same rules applied in JavaScript to every lead the viewer sees: the independent count. */
	async function expected(regionIds: string[], ownerId?: string) {
		const levels = new Map((await settingsOf(w.cookies.city)).map((r) => [r.id, r.levels]))
		const leads = await prisma.lead.findMany({
			where: { regionId: { in: regionIds }, ...(ownerId ? { ownerId } : {}) },
			select: {
				id: true,
				stage: true,
				nextActionDate: true,
				createdAt: true,
				regionId: true,
				activities: { orderBy: { date: 'desc' }, take: 1, select: { date: true } },
			},
		})
		const now = new Date()
		const facts = leads.map((l) => ({
			...l,
			lastActivityDate: l.activities[0]?.date ?? null,
			rules: { levels: levels.get(l.regionId!)!, calendar: CN_CALENDAR },
		}))
		return {
			overdue: facts
				.filter((l) => isOverdue(l, now, l.rules))
				.map((l) => l.id)
				.sort(),
			stalled: facts
				.filter((l) => isStalled(l, now, l.rules))
				.map((l) => l.id)
				.sort(),
			firstContact: facts
				.filter((l) => isFirstContactBreached(l, now, l.rules))
				.map((l) => l.id)
				.sort(),
		}
	}
	const listed = async (cookie: string, query: string) => (await leadsLoader(args(getRequest(`/leads?${query}`, cookie)))).leads.map((l) => l.id).sort()

	test('the lists follow each region’s levels and agree with the domain rules', async () => {
		const want = await expected([w.c.id, w.park.id, w.d.id])
		expect(want.overdue).toEqual(expect.arrayContaining([ids.lateC, ids.stalledPark, ids.neverContacted, ids.agreedDateC, ids.lateD]))
		expect(want.overdue).not.toContain(ids.freshC)
		expect(want.overdue).not.toContain(ids.closedC)
		expect(want.stalled).toEqual(expect.arrayContaining([ids.stalledPark]))
		expect(want.firstContact).toEqual([ids.neverContacted])
		expect(await listed(w.cookies.city, 'overdue=1')).toEqual(want.overdue)
		expect(await listed(w.cookies.city, 'stalled=1')).toEqual(want.stalled)
		expect(await listed(w.cookies.city, 'firstContact=1')).toEqual(want.firstContact)
		// The row markers say the same.
		const rows = (await leadsLoader(args(getRequest('/leads?view=table', w.cookies.city)))).leads
		expect(
			rows
				.filter((r) => r.overdue)
				.map((r) => r.id)
				.sort(),
		).toEqual(want.overdue)
	})

	test('the team view counts per owner and unit equal their drill-down lists; staff see only their own', async () => {
		const team = await followUpLoader(args(getRequest('/leads/follow-up', w.cookies.city)))
		expect(team.team).toBe(true)
		const want = await expected([w.c.id, w.park.id, w.d.id])
		expect(team.totals).toEqual({ overdue: want.overdue.length, stalled: want.stalled.length, firstContact: want.firstContact.length })
		for (const owner of team.owners) {
			for (const measure of ['overdue', 'stalled', 'firstContact'] as const) {
				expect(await listed(w.cookies.city, `${measure}=1&owner=${owner.id}`), `${owner.name} ${measure}`).toHaveLength(owner.counts[measure])
			}
		}
		const unitC = team.units.find((u) => u.id === w.unitC.id)!
		expect(unitC.counts.overdue).toBe((await listed(w.cookies.city, `overdue=1&unit=${w.unitC.id}`)).length)

		const mine = await followUpLoader(args(getRequest('/leads/follow-up', w.cookies.staffC)))
		expect(mine.team).toBe(false)
		expect(mine.owners.map((o) => o.id)).toEqual([w.staffC.id])
		const own = await expected([w.c.id, w.park.id], w.staffC.id)
		expect(mine.totals).toEqual({ overdue: own.overdue.length, stalled: own.stalled.length, firstContact: own.firstContact.length })
	})

	test('a looser level clears a lead; a tighter one makes it overdue', async () => {
		const before = await listed(w.cookies.city, 'overdue=1')
		expect(before).toContain(ids.lateD)
		const version = (await settingsOf(w.cookies.city)).find((r) => r.id === w.city.id)!.version
		expect((await save(w.cookies.city, w.city.id, version, withContacted(30, 40))).status).toBe(200)
		expect(await listed(w.cookies.city, 'overdue=1')).not.toContain(ids.lateD)
		// 丙县 keeps its own levels: its late lead stays overdue.
		expect(await listed(w.cookies.city, 'overdue=1')).toContain(ids.lateC)
	})
})
