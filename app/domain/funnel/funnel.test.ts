import { describe, expect, test } from 'vitest'
import {
	cohort,
	daysBetween,
	entryDay,
	FUNNEL_STAGES,
	type FunnelStage,
	funnelFigures,
	funnelLevel,
	isWeakLink,
	median,
	progress,
	type Pursuit,
	pursuitLinks,
	pursuitsOf,
	recordKind,
	responsibles,
} from './funnel'

const NO_DAYS = Object.fromEntries(FUNNEL_STAGES.map((s) => [s, null])) as Record<FunnelStage, string | null>

function lead(id: string, days: Partial<Record<FunnelStage, string>>, extra: Partial<Pursuit> = {}): Pursuit {
	return { id, leadId: id, projectId: null, linkIds: ['L1'], unitId: 'u1', ownerId: 'o1', days: { ...NO_DAYS, ...days }, closedDay: null, ...extra }
}

function project(id: string, days: Partial<Record<FunnelStage, string>>, extra: Partial<Pursuit> = {}): Pursuit {
	return { id, leadId: null, projectId: id, linkIds: ['L1'], unitId: 'u1', ownerId: 'o1', days: { ...NO_DAYS, ...days }, closedDay: null, ...extra }
}

const stage = (figures: ReturnType<typeof funnelFigures>, name: FunnelStage) => figures.stages.find((s) => s.stage === name)!

describe('median and days', () => {
	test('the middle value, the mean of the middle two, none for nothing', () => {
		expect(median([9, 1, 5])).toBe(5)
		expect(median([10, 2, 4, 8])).toBe(6)
		expect(median([])).toBeNull()
		expect(median([3])).toBe(3)
	})

	test('whole calendar days, across a month and a leap day', () => {
		expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2)
		expect(daysBetween('2026-03-31', '2026-04-01')).toBe(1)
		expect(daysBetween('2026-05-01', '2026-05-01')).toBe(0)
	})
})

describe('which pursuits make a period’s funnel', () => {
	const q2 = { start: '2026-04-01', end: '2026-06-30' }

	test('a lead belongs to the period it was opened in, both ends of the period included', () => {
		const pursuits = [
			lead('before', { opened: '2026-03-31' }),
			lead('first', { opened: '2026-04-01' }),
			lead('last', { opened: '2026-06-30' }),
			lead('after', { opened: '2026-07-01' }),
		]
		expect(cohort(pursuits, q2, '2026-12-07').map((p) => p.id)).toEqual(['first', 'last'])
	})

	test('a project without a lead enters on its first stage day; what began after the figures’ day is not in yet', () => {
		const pursuits = [
			project('talks', { negotiating: '2026-05-10', signed: '2026-08-01' }),
			project('signed straight away', { signed: '2026-06-02' }),
			project('talks began earlier', { negotiating: '2026-03-20', signed: '2026-04-15' }),
			project('ended only', {}, { closedDay: '2026-04-03' }),
			lead('opened later than asOf', { opened: '2026-06-20' }),
		]
		expect(entryDay(pursuits[1]!)).toBe('2026-06-02')
		expect(cohort(pursuits, q2, '2026-06-10').map((p) => p.id)).toEqual(['talks', 'signed straight away', 'ended only'])
	})
})

describe('how far a pursuit got', () => {
	test('a signing without a logged visit has passed 拜访 unrecorded; its days start where they are recorded', () => {
		const at = progress(lead('a', { opened: '2026-01-05', negotiating: '2026-02-01', signed: '2026-03-01' }), '2026-12-07')
		expect(at.furthest).toBe('signed')
		expect(at.reached('visited')).toBe(true)
		expect(at.skipped('visited')).toBe(true)
		expect(at.dayOf('visited')).toBeNull()
		expect(at.reached('started')).toBe(false)
	})

	test('a visit logged after talks began counts as made when talks began: days never run backwards', () => {
		const at = progress(lead('a', { opened: '2026-01-05', visited: '2026-02-20', negotiating: '2026-02-01' }), '2026-12-07')
		expect(at.dayOf('visited')).toBe('2026-02-01')
		expect(at.dayOf('negotiating')).toBe('2026-02-01')
		expect(at.skipped('visited')).toBe(false)
	})

	test('a stage dated after the figures’ day is not reached yet, and neither is an ending', () => {
		const pursuit = lead('a', { opened: '2026-01-05', visited: '2026-01-20', negotiating: '2026-02-01', signed: '2026-07-01' })
		expect(progress(pursuit, '2026-06-30').furthest).toBe('negotiating')
		expect(progress(pursuit, '2026-07-01').furthest).toBe('signed')
		const dropped = lead('b', { opened: '2026-01-05' }, { closedDay: '2026-03-01' })
		expect(progress(dropped, '2026-02-28').closed).toBe(false)
		expect(progress(dropped, '2026-03-01').closed).toBe(true)
	})

	test('a project without a lead never had the lead stages: it starts at 洽谈, recorded or not', () => {
		const at = progress(project('p', { signed: '2026-04-01' }), '2026-12-07')
		expect(at.reached('opened')).toBe(false)
		expect(at.reached('visited')).toBe(false)
		expect(at.reached('negotiating')).toBe(true)
		expect(at.skipped('negotiating')).toBe(true)
		expect(at.furthest).toBe('signed')
		const ended = progress(project('q', {}, { closedDay: '2026-04-03' }), '2026-12-07')
		expect(ended).toMatchObject({ furthest: 'negotiating', closed: true })
	})
})

describe('the figures of a funnel', () => {
	const asOf = '2026-12-07'
	const pursuits = [
		// Opened, visited after 10 days, talks 20 days later, signed 30 days later, started 40 days later.
		lead('a', { opened: '2026-01-01', visited: '2026-01-11', negotiating: '2026-01-31', signed: '2026-03-02', started: '2026-04-11' }, { projectId: 'pa' }),
		// Opened, visited after 4 days, talks 10 days later, then signed 50 days later.
		lead('b', { opened: '2026-02-01', visited: '2026-02-05', negotiating: '2026-02-15', signed: '2026-04-06' }, { projectId: 'pb' }),
		// Opened and visited after 6 days, then dropped.
		lead('c', { opened: '2026-03-01', visited: '2026-03-07' }, { closedDay: '2026-04-01' }),
		// Opened, nothing since.
		lead('d', { opened: '2026-05-01' }),
		// Talks straight to 洽谈 without a visit, still talking.
		lead('e', { opened: '2026-05-10', negotiating: '2026-05-20' }),
		// A project entered without a lead, signed and then terminated.
		project('p', { negotiating: '2026-06-01', signed: '2026-07-01' }, { closedDay: '2026-08-01' }),
	]
	const figures = funnelFigures(pursuits, asOf)

	test('counts per stage: everyone who got there or further', () => {
		expect(figures.pursuits).toBe(6)
		expect(figures.stages.map((s) => [s.stage, s.reached])).toEqual([
			['opened', 5],
			['visited', 4],
			['negotiating', 4],
			['signed', 3],
			['started', 1],
			['producing', 0],
		])
		expect(figures.furthest).toBe('started')
	})

	test('entries, unrecorded stages, losses and those still waiting', () => {
		expect(stage(figures, 'negotiating')).toMatchObject({ entered: 1, skipped: 0, lost: 0, waiting: 1 })
		expect(stage(figures, 'visited')).toMatchObject({ skipped: 1, lost: 1, waiting: 0 })
		expect(stage(figures, 'opened')).toMatchObject({ lost: 0, waiting: 1 })
		expect(stage(figures, 'signed')).toMatchObject({ lost: 1, waiting: 1 })
		expect(stage(figures, 'started')).toMatchObject({ lost: 0, waiting: 1 })
	})

	test('conversion is the share of a stage’s pursuits that reached the next one', () => {
		expect(stage(figures, 'opened').conversion).toBeCloseTo(4 / 5)
		expect(stage(figures, 'visited').conversion).toBeCloseTo(3 / 4)
		expect(stage(figures, 'negotiating').conversion).toBeCloseTo(3 / 4)
		expect(stage(figures, 'signed').conversion).toBeCloseTo(1 / 3)
		expect(stage(figures, 'started').conversion).toBe(0)
		expect(stage(figures, 'producing').conversion).toBeNull()
	})

	test('median days per stage over the pursuits with both days recorded', () => {
		// opened→visited: 10, 4, 6; the lead that skipped the visit has no such span.
		expect(stage(figures, 'opened')).toMatchObject({ medianDays: 6, timed: 3 })
		// visited→talks: 20, 10.
		expect(stage(figures, 'visited')).toMatchObject({ medianDays: 15, timed: 2 })
		// talks→signed: 30, 50, 30.
		expect(stage(figures, 'negotiating')).toMatchObject({ medianDays: 30, timed: 3 })
		expect(stage(figures, 'signed')).toMatchObject({ medianDays: 40, timed: 1 })
		expect(stage(figures, 'started')).toMatchObject({ medianDays: null, timed: 0 })
	})

	test('an empty funnel has zeros, no rates and no medians', () => {
		const empty = funnelFigures([], asOf)
		expect(empty.furthest).toBeNull()
		for (const s of empty.stages) expect(s).toMatchObject({ reached: 0, lost: 0, waiting: 0, conversion: null, medianDays: null, timed: 0 })
	})

	test('each number splits as the lists show it: leads at the lead stages, projects once there is one', () => {
		expect(recordKind(pursuits[0]!, 'visited')).toBe('lead')
		expect(recordKind(pursuits[0]!, 'negotiating')).toBe('project')
		expect(recordKind(pursuits[4]!, 'negotiating')).toBe('lead')
		expect(recordKind(pursuits[5]!, 'signed')).toBe('project')
		expect(figures.stages.map((s) => [s.stage, s.reachedAs])).toEqual([
			['opened', { leads: 5, projects: 0 }],
			['visited', { leads: 4, projects: 0 }],
			// 洽谈: the lead still talking is a lead; the converted ones and the direct project are projects.
			['negotiating', { leads: 1, projects: 3 }],
			['signed', { leads: 0, projects: 3 }],
			['started', { leads: 0, projects: 1 }],
			['producing', { leads: 0, projects: 0 }],
		])
		expect(stage(figures, 'visited').lostAs).toEqual({ leads: 1, projects: 0 })
		expect(stage(figures, 'signed').lostAs).toEqual({ leads: 0, projects: 1 })
	})
})

describe('links, owners and the map’s level', () => {
	test('a project that names links decides them; until then the company’s place in the register does', () => {
		expect(pursuitLinks({ projectNamesLinks: true, projectLinkIds: ['m'], companyLinkIds: ['a', 'b'] })).toEqual(['m'])
		expect(pursuitLinks({ projectNamesLinks: true, projectLinkIds: [], companyLinkIds: ['a'] })).toEqual([])
		expect(pursuitLinks({ projectNamesLinks: false, projectLinkIds: [], companyLinkIds: ['a', 'a', 'b'] })).toEqual(['a', 'b'])
	})

	test('pursuits of a link, unit or owner (null: none set)', () => {
		const list = [lead('a', {}, { linkIds: ['L1', 'L2'], unitId: 'u1' }), lead('b', {}, { linkIds: ['L2'], unitId: null, ownerId: 'o2' })]
		expect(pursuitsOf(list, { linkId: 'L2' }).map((p) => p.id)).toEqual(['a', 'b'])
		expect(pursuitsOf(list, { linkId: 'L1' }).map((p) => p.id)).toEqual(['a'])
		expect(pursuitsOf(list, { unitId: null }).map((p) => p.id)).toEqual(['b'])
		expect(pursuitsOf(list, { linkId: null, ownerId: 'o2' }).map((p) => p.id)).toEqual(['b'])
		expect(responsibles([...list, lead('c', {}, { unitId: null })], 'unitId')).toEqual([
			{ id: null, count: 2 },
			{ id: 'u1', count: 1 },
		])
	})

	test('a weak link nobody works on is ignored; one with a signing has landed', () => {
		expect(isWeakLink([{ code: 'outflow' }])).toBe(false)
		expect(isWeakLink([{ code: 'outflow' }, { code: 'no_leader' }])).toBe(true)
		const figures = (reached: Partial<Record<FunnelStage, number>>, pursuits = 1) => ({
			pursuits,
			stages: FUNNEL_STAGES.map((s) => ({ stage: s, reached: reached[s] ?? 0 })) as never,
		})
		expect(funnelLevel({ wanted: true, figures: figures({}, 0), prospectsWithLead: 0 })).toBe('ignored')
		expect(funnelLevel({ wanted: false, figures: figures({}, 0), prospectsWithLead: 0 })).toBe('untouched')
		expect(funnelLevel({ wanted: true, figures: figures({}, 0), prospectsWithLead: 2 })).toBe('courted')
		expect(funnelLevel({ wanted: true, figures: figures({ opened: 1 }), prospectsWithLead: 0 })).toBe('courted')
		expect(funnelLevel({ wanted: true, figures: figures({ opened: 1, negotiating: 1 }), prospectsWithLead: 0 })).toBe('talks')
		expect(funnelLevel({ wanted: false, figures: figures({ negotiating: 1, signed: 1 }), prospectsWithLead: 0 })).toBe('landed')
	})
})
