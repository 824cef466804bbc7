// 链上转化 (issue #14 §2, ADR 0032) on generated pursuits in a city with two counties: the funnel's
// counts against an independent count written as Prisma filters (not the model's SQL nor the domain's
// loop), for every link and stage, three periods and three scopes; a county's funnel never counts the
// other county's leads; every number's drill-down lists exactly its records. Runs on SQLite and, in the
// PostgreSQL suite, on PostgreSQL.
import { beforeAll, describe, expect, test } from 'vitest'
import { prisma } from '~/db.server'
import { FUNNEL_STAGES, type FunnelStage } from '~/domain/funnel/funnel'
import { type RegionScope } from '~/domain/region/scope'
import { type Prisma } from '~/generated/prisma/client'
import { loadGapAnalysis, loadGapProspects } from '~/models/chain-analysis.server'
import { loadChainFunnel } from '~/models/funnel.server'
import { createRegion, createUnit } from '~/models/region.server'
import { createUser } from '~/models/user.server'
import { loader as funnelLoader } from '~/routes/chains.$slug.funnel'
import { loader as exportLoader } from '~/routes/data.export.$file'
import { loader as leadsLoader } from '~/routes/leads._index'
import { action as loginAction } from '~/routes/login'
import { loader as projectsLoader } from '~/routes/projects._index'
import { loader as reportLoader } from '~/routes/reports.$kind'
import { todayInChina } from '~/utils/today'
import { actorNamed } from '../helpers/actors'
import { runCliInProcess } from '../helpers/cli'
import { answerOf, formRequest, getRequest, loginAs, thrown } from '../helpers/requests'

const args = (request: Request, params: Record<string, string> = {}) => ({ request, params, context: {} })
const PASSWORD = 'funnel-test-pass-2026'
const CHAIN = 'rare-earth-ganxian'
const LINK_KEYS = ['ndfeb_alloy', 'motor_servo', 'prnd_oxide', 'support_surface'] as const
const AS_OF = '2026-12-07'
const DAY_MS = 24 * 60 * 60 * 1000

/** A small deterministic generator (the same world on every run and engine). */
function random(seed: number) {
	let state = seed >>> 0
	const next = () => {
		state = (Math.imul(state, 1664525) + 1013904223) >>> 0
		return state / 2 ** 32
	}
	return {
		next,
		int: (n: number) => Math.floor(next() * n),
		chance: (p: number) => next() < p,
		pick: <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!,
	}
}

const utcDay = (day: string) => new Date(`${day}T00:00:00Z`)
const addDays = (day: string, days: number) => new Date(utcDay(day).getTime() + days * DAY_MS).toISOString().slice(0, 10)
/** The instant a China calendar day begins. */
const chinaStart = (day: string) => new Date(`${day}T00:00:00+08:00`)

async function signIn(username: string) {
	const response = await answerOf(loginAction(args(formRequest('/login', { username, password: PASSWORD, redirectTo: '/' }))))
	if (!(response instanceof Response)) throw new Error(`login failed for ${username}`)
	return response.headers.get('Set-Cookie')!.split(';')[0]!
}

type World = Awaited<ReturnType<typeof buildWorld>>
let w: World

/** 漏斗市 with 甲县 and 乙县, a unit, two staff and a manager; 120 pursuits at four links, dated around 2026. */
async function buildWorld() {
	await createRegion(prisma, { code: 'f-city', name: '漏斗市', nameEn: 'Funnel City', kind: 'city', parentCode: 'jx' })
	const a = await createRegion(prisma, { code: 'f-city-a', name: '漏斗甲县', nameEn: 'Funnel County A', kind: 'county', parentCode: 'f-city' })
	const b = await createRegion(prisma, { code: 'f-city-b', name: '漏斗乙县', nameEn: 'Funnel County B', kind: 'county', parentCode: 'f-city' })
	const unitA = await createUnit(prisma, { name: '漏斗甲县商务局', nameEn: 'Funnel A Commerce', regionCode: 'f-city-a' })
	const unitA2 = await createUnit(prisma, { name: '漏斗甲县工信局', nameEn: 'Funnel A Industry', regionCode: 'f-city-a' })
	const unitB = await createUnit(prisma, { name: '漏斗乙县商务局', nameEn: 'Funnel B Commerce', regionCode: 'f-city-b' })
	const user = (username: string, role: 'staff' | 'manager', unitId: string, regionId: string) =>
		createUser(prisma, { username, name: username, role, password: PASSWORD, unitId, regionId }, null)
	const staffA = await user('funnel.a', 'staff', unitA.id, a.id)
	const managerA = await user('funnel.manager.a', 'manager', unitA.id, a.id)
	const staffB = await user('funnel.b', 'staff', unitB.id, b.id)
	const chain = await prisma.chain.findUniqueOrThrow({ where: { slug: CHAIN }, select: { id: true, links: { select: { id: true, key: true } } } })
	const linkId = Object.fromEntries(chain.links.map((l) => [l.key, l.id])) as Record<string, string>
	const links = LINK_KEYS.map((key) => linkId[key]!)
	const rng = random(20261207)
	const counties = [
		{ region: a, units: [unitA.id, unitA2.id, null], owners: [staffA.id, managerA.id] },
		{ region: b, units: [unitB.id, null], owners: [staffB.id] },
	]
	for (let i = 0; i < 120; i++) {
		const county = rng.chance(0.6) ? counties[0]! : counties[1]!
		const companyLinks = rng.chance(0.3) ? [rng.pick(links), rng.pick(links)] : [rng.pick(links)]
		const company = await prisma.company.create({
			data: { name: `漏斗测试企业${i}`, isLocal: false, links: { create: [...new Set(companyLinks)].map((id) => ({ linkId: id })) } },
			select: { id: true },
		})
		// The day it enters: around 2026, a few at the edges of a quarter in China time, a few after AS_OF.
		const boundary = [
			'2026-03-31T15:59:59.999Z',
			'2026-03-31T16:00:00.000Z',
			'2025-12-31T16:30:00.000Z',
			'2026-06-30T15:30:00.000Z',
			'2026-12-07T15:00:00.000Z',
			'2026-12-07T16:10:00.000Z',
		]
		const entered = i < boundary.length ? new Date(boundary[i]!) : new Date(Date.UTC(2025, 10, 1) + rng.int(402) * DAY_MS + rng.int(24) * 3_600_000)
		const enteredDay = new Date(entered.getTime() + 8 * 3_600_000).toISOString().slice(0, 10)
		const furthest = rng.int(6)
		const gap = () => rng.int(45)
		const days: Partial<Record<FunnelStage, string>> = {}
		let day = enteredDay
		for (const stage of FUNNEL_STAGES.slice(1, furthest + 1)) {
			day = addDays(day, gap())
			days[stage] = day
		}
		const closed = rng.chance(0.2) ? addDays(day, 1 + gap()) : null
		const unitId = rng.pick(county.units)
		const ownerId = rng.pick(county.owners)
		const projectLinks = rng.chance(0.4) ? [rng.pick(links)] : []
		const direct = rng.chance(0.25)
		if (direct) {
			// A project entered without a lead: its first stage day is the day it enters.
			const f = Math.max(furthest, 2)
			const dates = {
				negotiatingDate: rng.chance(0.8) ? utcDay(enteredDay) : null,
				signedDate: f >= 3 ? utcDay(days.signed ?? addDays(enteredDay, 3)) : null,
				startedDate: f >= 4 ? utcDay(days.started ?? addDays(enteredDay, 9)) : null,
				producingDate: f >= 5 ? utcDay(days.producing ?? addDays(enteredDay, 20)) : null,
			}
			if (!dates.negotiatingDate && !dates.signedDate) dates.negotiatingDate = utcDay(enteredDay)
			await prisma.project.create({
				data: {
					title: `漏斗测试项目${i}`,
					companyId: company.id,
					type: 'new',
					investmentCNY: 100_000_000n,
					stage: closed ? 'terminated' : (['negotiating', 'negotiating', 'negotiating', 'signed', 'started', 'producing'] as const)[f]!,
					...dates,
					terminatedDate: closed ? utcDay(closed) : null,
					responsibleUnitId: unitId,
					ownerId,
					regionId: county.region.id,
					links: { create: projectLinks.map((id) => ({ linkId: id })) },
				},
				select: { id: true },
			})
			continue
		}
		// A lead; from 洽谈 on it may have been converted into a project.
		const converted = furthest >= 3 || (furthest === 2 && rng.chance(0.5))
		const visitMode = rng.pick(['activity', 'move', 'both', 'late'] as const)
		const changes: { fromStage: string | null; toStage: string; at: Date }[] = [{ fromStage: null, toStage: 'new', at: entered }]
		const activities: { kind: string; date: Date }[] = []
		if (days.visited) {
			if (visitMode !== 'move') activities.push({ kind: 'visit', date: utcDay(visitMode === 'late' ? addDays(days.visited, 60) : days.visited) })
			if (visitMode === 'move' || visitMode === 'both')
				changes.push({ fromStage: 'new', toStage: 'visited', at: new Date(chinaStart(days.visited).getTime() + 10 * 3_600_000) })
			// Other activities never count as visits.
			activities.push({ kind: 'call', date: utcDay(addDays(enteredDay, 1)) })
		}
		const talksByMove = days.negotiating && (!converted || rng.chance(0.5))
		if (talksByMove) changes.push({ fromStage: 'visited', toStage: 'negotiating', at: new Date(chinaStart(days.negotiating!).getTime() + 3 * 3_600_000) })
		const dropped = closed && !converted
		if (dropped) changes.push({ fromStage: 'visited', toStage: 'dropped', at: chinaStart(closed) })
		if (converted) changes.push({ fromStage: 'negotiating', toStage: 'converted', at: chinaStart(days.negotiating ?? enteredDay) })
		const stage = converted ? 'converted' : dropped ? 'dropped' : (['new', 'visited', 'negotiating'] as const)[Math.min(furthest, 2)]!
		const lead = await prisma.lead.create({
			data: {
				companyId: company.id,
				ownerId,
				unitId,
				regionId: county.region.id,
				stage,
				source: 'chain_gap',
				createdAt: entered,
				stageChanges: { create: changes.map((c) => ({ ...c, userId: ownerId })) },
				activities: { create: activities.map((x) => ({ ...x, companyId: company.id, userId: ownerId })) },
			},
			select: { id: true },
		})
		if (!converted) continue
		await prisma.project.create({
			data: {
				title: `漏斗测试转化项目${i}`,
				companyId: company.id,
				leadId: lead.id,
				type: 'new',
				investmentCNY: 0n,
				stage: closed ? 'terminated' : (['negotiating', 'negotiating', 'negotiating', 'signed', 'started', 'producing'] as const)[furthest]!,
				negotiatingDate: rng.chance(0.9) ? utcDay(days.negotiating ?? enteredDay) : null,
				signedDate: days.signed ? utcDay(days.signed) : null,
				startedDate: days.started ? utcDay(days.started) : null,
				producingDate: days.producing ? utcDay(days.producing) : null,
				terminatedDate: closed ? utcDay(closed) : null,
				// The project's unit and owner may differ from the lead's.
				responsibleUnitId: rng.pick(county.units),
				ownerId: rng.pick(county.owners),
				regionId: county.region.id,
				links: { create: projectLinks.map((id) => ({ linkId: id })) },
			},
			select: { id: true },
		})
	}
	return {
		a,
		b,
		staffA,
		staffB,
		linkId,
		cookies: { staffA: await signIn('funnel.a'), staffB: await signIn('funnel.b') },
		scopes: { all: { kind: 'all' } as RegionScope, a: (await actorNamed('funnel.a')).scope, b: (await actorNamed('funnel.b')).scope },
	}
}

beforeAll(async () => {
	w = await buildWorld()
}, 120_000)

// ---------- the independent count: Prisma filters written from the definitions in the ADR ----------

const nextDay = (day: string) => addDays(day, 1)

function regionFilter(scope: RegionScope): { regionId?: { in: string[] } | null } {
	if (scope.kind === 'all') return {}
	if (scope.kind === 'unassigned') return { regionId: null }
	return { regionId: { in: [...scope.regionIds] } }
}

/** Reached by asOf: a stage date up to that day. */
const dateBy = (asOf: string) => ({ lt: utcDay(nextDay(asOf)) })
const instantBy = (asOf: string) => ({ lt: chinaStart(nextDay(asOf)) })
const STAGE_DATES = ['negotiatingDate', 'signedDate', 'startedDate', 'producingDate'] as const
/** A project that reached `stage` (or went past it) by asOf. */
function projectReached(stage: FunnelStage, asOf: string): Prisma.ProjectWhereInput {
	const from = Math.max(STAGE_DATES.indexOf(`${stage}Date` as (typeof STAGE_DATES)[number]), 0)
	return { OR: STAGE_DATES.slice(from).map((field) => ({ [field]: dateBy(asOf) })) }
}

/** The opposite, written out: SQL's NOT of a comparison with a missing date is not true. */
function projectNotReached(stage: FunnelStage, asOf: string): Prisma.ProjectWhereInput {
	const from = Math.max(STAGE_DATES.indexOf(`${stage}Date` as (typeof STAGE_DATES)[number]), 0)
	return { AND: STAGE_DATES.slice(from).map((field) => ({ OR: [{ [field]: null }, { [field]: { gte: utcDay(nextDay(asOf)) } }] })) }
}

function leadReached(stage: FunnelStage, asOf: string, scope: RegionScope): Prisma.LeadWhereInput {
	const inScope = regionFilter(scope)
	switch (stage) {
		case 'opened':
			return {}
		case 'visited':
			return {
				OR: [
					{ activities: { some: { kind: 'visit', date: dateBy(asOf) } } },
					{ stageChanges: { some: { toStage: 'visited', at: instantBy(asOf) } } },
					leadReached('negotiating', asOf, scope),
				],
			}
		case 'negotiating':
			return {
				OR: [
					{ stageChanges: { some: { toStage: 'negotiating', at: instantBy(asOf) } } },
					{ projects: { some: { ...inScope, ...projectReached('negotiating', asOf) } } },
					{ AND: [{ projects: { none: inScope } }, { stageChanges: { some: { toStage: 'converted', at: instantBy(asOf) } } }] },
				],
			}
		default:
			return { projects: { some: { ...inScope, ...projectReached(stage, asOf) } } }
	}
}

/** At a link: the links a project names, else the company's place in the register. */
function leadAtLink(linkId: string, scope: RegionScope): Prisma.LeadWhereInput {
	const inScope = regionFilter(scope)
	return {
		OR: [
			{ projects: { some: { ...inScope, links: { some: { linkId } } } } },
			{ AND: [{ projects: { none: { ...inScope, links: { some: {} } } } }, { company: { links: { some: { linkId } } } }] },
		],
	}
}

function projectAtLink(linkId: string): Prisma.ProjectWhereInput {
	return { OR: [{ links: { some: { linkId } } }, { AND: [{ links: { none: {} } }, { company: { links: { some: { linkId } } } }] }] }
}

/** A project without a lead the scope sees, whose first stage day lies in [start, last]. */
function directProjects(start: string, last: string, scope: RegionScope): Prisma.ProjectWhereInput {
	const range = { gte: utcDay(start), lt: utcDay(nextDay(last)) }
	const fields = [...STAGE_DATES, 'terminatedDate'] as const
	return {
		...regionFilter(scope),
		// (Prisma reads NOT {} as no condition: with the whole installation in view every lead is seen.)
		OR: scope.kind === 'all' ? [{ leadId: null }] : [{ leadId: null }, { lead: { NOT: regionFilter(scope) } }],
		AND: [{ OR: fields.map((field, i) => ({ ...Object.fromEntries(fields.slice(0, i).map((f) => [f, null])), [field]: range })) }],
	}
}

/** Given up by asOf: a lead dropped without a project, or the project ended. */
function leadClosed(scope: RegionScope): Prisma.LeadWhereInput {
	const inScope = regionFilter(scope)
	return {
		OR: [
			{ AND: [{ projects: { none: inScope } }, { stage: 'dropped' }, { stageChanges: { some: { toStage: 'dropped', at: instantBy(AS_OF) } } }] },
			{ projects: { some: { ...inScope, terminatedDate: dateBy(AS_OF) } } },
		],
	}
}

/** How many pursuits reached `stage` (outcome reached), or stopped there given up (outcome lost). */
async function referenceCount(input: {
	linkId: string | null
	stage: FunnelStage
	outcome?: 'reached' | 'lost'
	period: { start: string; end: string }
	scope: RegionScope
}) {
	const { linkId, stage, period, scope } = input
	const lost = input.outcome === 'lost'
	const next = FUNNEL_STAGES[FUNNEL_STAGES.indexOf(stage) + 1]
	const last = period.end < AS_OF ? period.end : AS_OF
	const anyLink = (f: (id: string) => Prisma.LeadWhereInput) => ({ OR: Object.values(w.linkId).map(f) })
	const leads = await prisma.lead.count({
		where: {
			...regionFilter(scope),
			createdAt: { gte: chinaStart(period.start), lt: chinaStart(nextDay(last)) },
			AND: [
				linkId ? leadAtLink(linkId, scope) : anyLink((id) => leadAtLink(id, scope)),
				leadReached(stage, AS_OF, scope),
				...(lost ? [leadClosed(scope), next ? { NOT: leadReached(next, AS_OF, scope) } : {}] : []),
			],
		},
	})
	if (stage === 'opened' || stage === 'visited') return leads
	const projects = await prisma.project.count({
		where: {
			AND: [
				directProjects(period.start, last, scope),
				linkId ? projectAtLink(linkId) : { OR: Object.values(w.linkId).map(projectAtLink) },
				stage === 'negotiating' ? {} : projectReached(stage, AS_OF),
				...(lost ? [{ terminatedDate: dateBy(AS_OF) }, next ? projectNotReached(next, AS_OF) : {}] : []),
			],
		},
	})
	return leads + projects
}

const PERIODS = [
	{ name: '2026', start: '2026-01-01', end: '2026-12-31' },
	{ name: '2026 Q2', start: '2026-04-01', end: '2026-06-30' },
	{ name: '2026-03', start: '2026-03-01', end: '2026-03-31' },
]

describe('the funnel counts what an independent count finds', () => {
	for (const period of PERIODS) {
		for (const scopeName of ['all', 'a', 'b'] as const) {
			test(`${period.name}, scope ${scopeName}: every link and stage, and the whole chain`, async () => {
				const scope = w.scopes[scopeName]
				const funnel = (await loadChainFunnel(prisma, { chain: CHAIN, year: 2026, window: { ...period, asOf: AS_OF }, scope }))!
				const got: Record<string, number[]> = {}
				const expected: Record<string, number[]> = {}
				for (const key of [...LINK_KEYS, null]) {
					const figures = key ? funnel.links.find((l) => l.key === key)!.figures : funnel.total
					got[key ?? 'chain'] = figures.stages.map((s) => s.reached)
					expected[key ?? 'chain'] = await Promise.all(
						FUNNEL_STAGES.map((stage) => referenceCount({ linkId: key ? w.linkId[key]! : null, stage, period, scope })),
					)
				}
				expect(got).toEqual(expected)
				const lost = funnel.total.stages.map((s) => s.lost)
				expect(lost).toEqual(await Promise.all(FUNNEL_STAGES.map((stage) => referenceCount({ linkId: null, stage, outcome: 'lost', period, scope }))))
				// The generated world gives every period something to count.
				expect(got.chain![0]).toBeGreaterThan(0)
			})
		}
	}

	test('a county’s funnel never counts the other county’s pursuits, and the city’s is the sum of the parts it holds', async () => {
		const window = { start: '2026-01-01', end: '2026-12-31', asOf: AS_OF }
		const of = async (scope: RegionScope) => (await loadChainFunnel(prisma, { chain: CHAIN, year: 2026, window, scope }))!
		const [a, b] = await Promise.all([of(w.scopes.a), of(w.scopes.b)])
		const city = await of({ kind: 'regions', regionIds: [w.a.id, w.b.id] })
		for (let i = 0; i < FUNNEL_STAGES.length; i++) expect(city.total.stages[i]!.reached).toBe(a.total.stages[i]!.reached + b.total.stages[i]!.reached)
		expect(a.total.pursuits).toBeGreaterThan(0)
		expect(b.total.pursuits).toBeGreaterThan(0)
		// Each county's owners and units are its own.
		expect(a.byOwner.every((o) => o.id !== w.staffB.id)).toBe(true)
		expect(b.byOwner.every((o) => o.id === null || o.id === w.staffB.id)).toBe(true)
	})
})

test('days are China calendar days for instants and calendar days for dates, on either engine', async () => {
	// One pursuit alone in June 2025 (the generated ones start in November 2025).
	const company = await prisma.company.create({
		data: { name: '漏斗测试天数企业', isLocal: false, links: { create: [{ linkId: w.linkId.motor_servo! }] } },
		select: { id: true },
	})
	const lead = await prisma.lead.create({
		data: {
			companyId: company.id,
			ownerId: w.staffA.id,
			regionId: w.a.id,
			stage: 'converted',
			source: 'expo',
			// 01:00 on 3 June in China.
			createdAt: new Date('2025-06-02T17:00:00Z'),
			stageChanges: {
				create: [
					{ toStage: 'new', at: new Date('2025-06-02T17:00:00Z') },
					// 04:00 on 21 June in China.
					{ toStage: 'negotiating', at: new Date('2025-06-20T20:00:00Z') },
					{ toStage: 'converted', at: new Date('2025-06-25T02:00:00Z') },
				],
			},
			activities: { create: [{ kind: 'visit', date: new Date('2025-06-10T00:00:00Z'), companyId: company.id, userId: w.staffA.id }] },
		},
		select: { id: true },
	})
	await prisma.project.create({
		data: {
			title: '漏斗测试天数项目',
			companyId: company.id,
			leadId: lead.id,
			type: 'new',
			investmentCNY: 0n,
			stage: 'signed',
			negotiatingDate: new Date('2025-06-22T00:00:00Z'),
			signedDate: new Date('2025-07-01T00:00:00Z'),
			regionId: w.a.id,
		},
		select: { id: true },
	})
	const funnel = (await loadChainFunnel(prisma, {
		chain: CHAIN,
		year: 2025,
		window: { start: '2025-06-01', end: '2025-06-30', asOf: AS_OF },
		scope: w.scopes.a,
	}))!
	const stages = funnel.links.find((l) => l.key === 'motor_servo')!.figures.stages
	expect(stages.map((s) => [s.stage, s.reached, s.medianDays])).toEqual([
		['opened', 1, 7],
		['visited', 1, 11],
		// Talks began on the earlier of the move (21 June, China time) and the project's date (22 June).
		['negotiating', 1, 10],
		['signed', 1, null],
		['started', 0, null],
		['producing', 0, null],
	])
	// The same lead opened a minute before midnight, China time, on 31 May belongs to May.
	await prisma.lead.update({ where: { id: lead.id }, data: { createdAt: new Date('2025-05-31T15:59:00Z') } })
	const june = (await loadChainFunnel(prisma, {
		chain: CHAIN,
		year: 2025,
		window: { start: '2025-06-01', end: '2025-06-30', asOf: AS_OF },
		scope: w.scopes.a,
	}))!
	expect(june.total.pursuits).toBe(0)
})

test('the prospects are the companies the prospect list proposes, and those with a lead are the ones the scope has a lead for', async () => {
	const gap = (await loadGapAnalysis(prisma, CHAIN, 2026))!
	const { prospects } = await loadGapProspects(prisma, gap)
	expect(prospects.length).toBeGreaterThan(0)
	for (const scopeName of ['all', 'a', 'b'] as const) {
		const scope = w.scopes[scopeName]
		const funnel = (await loadChainFunnel(prisma, { chain: CHAIN, year: 2026, window: { start: '2026-01-01', end: '2026-12-31', asOf: AS_OF }, scope }))!
		const courted = new Set(
			(await prisma.lead.findMany({ where: { ...regionFilter(scope), createdAt: { lt: chinaStart(nextDay(AS_OF)) } }, select: { companyId: true } })).map(
				(l) => l.companyId,
			),
		)
		const expected = (linkId: string | null) => {
			const companies = new Set(prospects.filter((t) => linkId === null || t.linkId === linkId).map((t) => t.companyId))
			return { proposed: companies.size, withLead: [...companies].filter((id) => courted.has(id)).length }
		}
		expect(funnel.links.map((l) => [l.key, l.prospects])).toEqual(funnel.links.map((l) => [l.key, expected(l.linkId)]))
		expect(funnel.prospects).toEqual(expected(null))
	}
})

describe('the funnel page and its drill-downs', () => {
	test('every number on a county user’s page lists exactly its records, all of that county', async () => {
		const page = await funnelLoader(args(getRequest(`/chains/${CHAIN}/funnel?year=2026`, w.cookies.staffA), { slug: CHAIN }))
		let checked = 0
		for (const link of page.links.filter((l) => (LINK_KEYS as readonly string[]).includes(l.key))) {
			for (const s of link.figures.stages) {
				for (const [outcome, count, as] of [
					['reached', s.reached, s.reachedAs],
					['lost', s.lost, s.lostAs],
				] as const) {
					if (count === 0) continue
					const query = `funnel=${CHAIN}&funnelLink=${link.key}&funnelPeriod=2026&funnelStage=${s.stage}${outcome === 'lost' ? '&funnelOutcome=lost' : ''}`
					const leads = await leadsLoader(args(getRequest(`/leads?${query}`, w.cookies.staffA)))
					const projects = await projectsLoader(args(getRequest(`/projects?${query}`, w.cookies.staffA)))
					expect({ link: link.key, stage: s.stage, outcome, leads: leads.total, projects: projects.total }).toEqual({
						link: link.key,
						stage: s.stage,
						outcome,
						leads: as.leads,
						projects: as.projects,
					})
					expect(leads.total + projects.total).toBe(count)
					const regions = await prisma.lead.findMany({ where: { id: { in: leads.leads.map((l) => l.id) } }, select: { regionId: true } })
					expect(regions.every((r) => r.regionId === w.a.id)).toBe(true)
					expect(leads.funnel?.broken).toBe(false)
					checked++
				}
			}
		}
		expect(checked).toBeGreaterThan(10)
	})

	test('the whole chain’s, the units’ and the owners’ numbers drill down too, and the whole chain counts each pursuit once', async () => {
		const page = await funnelLoader(args(getRequest(`/chains/${CHAIN}/funnel?year=2026&span=q2`, w.cookies.staffA), { slug: CHAIN }))
		const listed = async (query: string) => {
			const [leads, projects] = await Promise.all([
				leadsLoader(args(getRequest(`/leads?${query}`, w.cookies.staffA))),
				projectsLoader(args(getRequest(`/projects?${query}`, w.cookies.staffA))),
			])
			return { leads: leads.total, projects: projects.total }
		}
		const rows = [
			{ extra: '', figures: page.total },
			...page.byUnit.map((u) => ({ extra: `&funnelUnit=${u.id ?? 'none'}`, figures: u.figures })),
			...page.byOwner.map((o) => ({ extra: `&funnelOwner=${o.id ?? 'none'}`, figures: o.figures })),
		]
		let checked = 0
		for (const row of rows) {
			for (const s of row.figures.stages) {
				const base = `funnel=${CHAIN}&funnelPeriod=2026-Q2&funnelStage=${s.stage}${row.extra}`
				expect({ row: row.extra, stage: s.stage, ...(await listed(base)) }).toEqual({ row: row.extra, stage: s.stage, ...s.reachedAs })
				if (s.lost > 0)
					expect({ row: row.extra, stage: s.stage, lost: await listed(`${base}&funnelOutcome=lost`) }).toEqual({
						row: row.extra,
						stage: s.stage,
						lost: s.lostAs,
					})
				checked++
			}
		}
		expect(checked).toBeGreaterThan(30)
		expect(page.byUnit.reduce((sum, u) => sum + u.figures.pursuits, 0)).toBe(page.total.pursuits)
		expect(page.byOwner.reduce((sum, o) => sum + o.figures.pursuits, 0)).toBe(page.total.pursuits)
		const perLink = page.links.reduce((sum, l) => sum + l.figures.pursuits, 0)
		expect(perLink).toBeGreaterThanOrEqual(page.total.pursuits)
	})

	test('in the demo county, projects without an owner drill down as “no owner set”', async () => {
		const cookie = await loginAs('manager')
		const page = await funnelLoader(args(getRequest(`/chains/${CHAIN}/funnel?year=2026`, cookie), { slug: CHAIN }))
		const none = page.byOwner.find((o) => o.id === null)!
		expect(none.figures.pursuits).toBeGreaterThan(0)
		for (const s of none.figures.stages) {
			const query = `funnel=${CHAIN}&funnelPeriod=2026&funnelStage=${s.stage}&funnelOwner=none`
			const [leads, projects] = await Promise.all([
				leadsLoader(args(getRequest(`/leads?${query}`, cookie))),
				projectsLoader(args(getRequest(`/projects?${query}`, cookie))),
			])
			expect({ stage: s.stage, leads: leads.total, projects: projects.total }).toEqual({ stage: s.stage, ...s.reachedAs })
		}
	})

	test('the other county sees none of these records through a drill-down', async () => {
		const query = `funnel=${CHAIN}&funnelPeriod=2026&funnelStage=opened`
		const a = await leadsLoader(args(getRequest(`/leads?${query}`, w.cookies.staffA)))
		const b = await leadsLoader(args(getRequest(`/leads?${query}`, w.cookies.staffB)))
		expect(a.total).toBeGreaterThan(0)
		expect(b.total).toBeGreaterThan(0)
		const ids = new Set(a.leads.map((l) => l.id))
		expect(b.leads.some((l) => ids.has(l.id))).toBe(false)
	})

	test('a drill-down that names nothing real lists nothing; a bad period or chain is refused on the page', async () => {
		const broken = await leadsLoader(args(getRequest(`/leads?funnel=no-such-chain&funnelPeriod=2026&funnelStage=opened`, w.cookies.staffA)))
		expect(broken.total).toBe(0)
		expect(broken.funnel?.broken).toBe(true)
		const noLink = await projectsLoader(args(getRequest(`/projects?funnel=${CHAIN}&funnelLink=nope&funnelPeriod=2026&funnelStage=signed`, w.cookies.staffA)))
		expect(noLink.total).toBe(0)
		const badYear = await thrown(() => funnelLoader(args(getRequest(`/chains/${CHAIN}/funnel?year=2999`, w.cookies.staffA), { slug: CHAIN })))
		expect(badYear).toBeInstanceOf(Response)
		expect((badYear as Response).status).toBe(400)
		const noChain = await thrown(() => funnelLoader(args(getRequest('/chains/nope/funnel', w.cookies.staffA), { slug: 'nope' })))
		expect((noChain as Response).status).toBe(404)
	})
})

describe('exports and the command line', () => {
	test('a drill-down’s export holds exactly the listed records', async () => {
		const page = await funnelLoader(args(getRequest(`/chains/${CHAIN}/funnel?year=2026`, w.cookies.staffA), { slug: CHAIN }))
		const signed = page.total.stages.find((s) => s.stage === 'signed')!
		const visited = page.total.stages.find((s) => s.stage === 'visited')!
		const rows = async (list: 'leads' | 'projects', stage: string) => {
			const query = `funnel=${CHAIN}&funnelPeriod=2026&funnelStage=${stage}`
			const csv = await (await exportLoader(args(getRequest(`/data/export/${list}.csv?${query}`, w.cookies.staffA), { file: `${list}.csv` }))).text()
			return csv.trim().split('\n').length - 1
		}
		expect(signed.reached).toBeGreaterThan(0)
		expect(await rows('projects', 'signed')).toBe(signed.reachedAs.projects)
		expect(await rows('leads', 'visited')).toBe(visited.reachedAs.leads)
	})

	test('cli funnel gives the page’s figures, for everyone or as one account sees them', async () => {
		const today = todayInChina()
		const window = { start: '2026-01-01', end: '2026-12-31', asOf: today }
		const expected = async (scope: RegionScope) => (await loadChainFunnel(prisma, { chain: CHAIN, year: 2026, window, scope }))!
		type Report = {
			total: { stages: { stage: string; reached: number; lost: number; medianDays: number | null }[] }
			links: { key: string; level: string; stages: { reached: number }[] }[]
		}
		const all = await runCliInProcess(['funnel', CHAIN, '--year', '2026', '--json'])
		expect(all.code).toBe(0)
		const report = JSON.parse(all.stdout) as Report
		const everyone = await expected(w.scopes.all)
		expect(report.total.stages.map((s) => [s.reached, s.lost, s.medianDays])).toEqual(everyone.total.stages.map((s) => [s.reached, s.lost, s.medianDays]))
		expect(report.links.map((l) => [l.key, l.level, l.stages.map((s) => s.reached)])).toEqual(
			everyone.links.map((l) => [l.key, l.level, l.figures.stages.map((s) => s.reached)]),
		)
		const asA = JSON.parse((await runCliInProcess(['funnel', CHAIN, '--year', '2026', '--as', 'funnel.a', '--json'])).stdout) as Report
		expect(asA.total.stages.map((s) => s.reached)).toEqual((await expected(w.scopes.a)).total.stages.map((s) => s.reached))
		const quarter = JSON.parse((await runCliInProcess(['funnel', CHAIN, '--year', '2026', '--quarter', '2', '--json'])).stdout) as Report & {
			period: { start: string; end: string }
		}
		expect(quarter.period).toMatchObject({ start: '2026-04-01', end: '2026-06-30' })
		const text = await runCliInProcess(['funnel', CHAIN, '--year', '2026', '--lang', 'en'])
		expect(text.stdout).toContain('From gap to signing')
		expect(text.stdout).toContain('NdFeB alloy')
	})

	test('cli funnel refuses an unknown chain, account or period with a usage error', async () => {
		for (const argv of [
			['funnel', 'no-such-chain', '--json'],
			['funnel', CHAIN, '--year', '2999', '--json'],
			['funnel', CHAIN, '--as', 'nobody.here', '--json'],
			['funnel', CHAIN, '--quarter', '5', '--json'],
			['funnel', '--json'],
		]) {
			const result = await runCliInProcess(argv)
			expect({ argv, code: result.code }).toEqual({ argv, code: 64 })
			expect(JSON.parse(result.stdout).error).toBeTruthy()
		}
	})
})

test('the 季通报 shows each chain’s funnel by responsible unit at the quarter’s end, for the report’s region like the rest of the report', async () => {
	const page = await reportLoader(args(getRequest('/reports/quarterly?year=2026&quarter=2', w.cookies.staffA), { kind: 'quarterly' }))
	const sheet = page.document.sheets.find((s) => s.key === 'funnel')!
	// The county's report (ADR 0029): the county's pursuits only.
	const funnel = (await loadChainFunnel(prisma, {
		chain: CHAIN,
		year: 2026,
		window: { start: '2026-04-01', end: '2026-06-30', asOf: '2026-06-30' },
		scope: w.scopes.a,
	}))!
	const rows = sheet.rows.filter((r) => r.cells[0] === funnel.gap.chain.name)
	const figures = (f: typeof funnel.total) => [f.pursuits, ...f.stages.map((s) => s.reached), f.stages.reduce((sum, s) => sum + s.lost, 0)]
	expect(rows[0]).toEqual({ cells: [funnel.gap.chain.name, '全链合计', ...figures(funnel.total)], style: 'group' })
	expect(rows.slice(1).map((r) => r.cells.slice(2))).toEqual(funnel.byUnit.map((u) => figures(u.figures)))
	// The other county's unit is not.
	expect(rows.map((r) => r.cells[1])).not.toContain('漏斗乙县商务局')
	// The monthly report has no such sheet.
	const monthly = await reportLoader(args(getRequest('/reports/monthly?year=2026&month=6', w.cookies.staffA), { kind: 'monthly' }))
	expect(monthly.document.sheets.some((s) => s.key === 'funnel')).toBe(false)
})
