import { expect, test } from 'vitest'
import { countProjects, PIPELINE_WEIGHTS, type ProjectFacts } from './count-projects'
import { projectRulesSchema } from './rules'

const magnet = { chainSlug: 'rare-earth-ganxian', linkKey: 'ndfeb_magnet', linkName: '钕铁硼磁材', linkNameEn: 'NdFeB magnets' }
const cathode = { chainSlug: 'lithium', linkKey: 'lfp_cam', linkName: '磷酸铁锂正极', linkNameEn: 'LFP cathode' }

function project(id: string, facts: Partial<ProjectFacts> = {}): ProjectFacts {
	return {
		id,
		title: id,
		companyId: `c-${id}`,
		companyName: `公司${id}`,
		type: 'new',
		investmentCNY: 600_000_000,
		incrementCNY: null,
		stage: 'signed',
		negotiatingDate: '2025-01-10',
		signedDate: '2025-03-01',
		startedDate: null,
		producingDate: null,
		terminatedDate: null,
		unitId: 'u1',
		unitName: '区商务局',
		unitNameEn: 'Commerce Bureau',
		isClusterLeading: false,
		isSample: false,
		links: [magnet],
		verification: { signed: 'verified', started: 'verified', producing: 'verified' },
		...facts,
	}
}

const rules = (raw: object = {}) => projectRulesSchema.parse(raw)
const yearEnd = { year: 2025, asOf: '2025-12-31' }

test('a project counts once when its count-stage date lies in the year up to asOf', () => {
	const projects = [
		project('in'),
		project('last-year', { signedDate: '2024-12-31' }),
		project('after-asof', { signedDate: '2025-07-01' }),
		project('no-date', { stage: 'negotiating', signedDate: null }),
	]
	const result = countProjects(rules(), projects, { year: 2025, asOf: '2025-06-30' })
	expect(result.items.map((i) => [i.id, i.amount, i.date, i.unitName])).toEqual([['in', 1, '2025-03-01', '区商务局']])
	expect(result.excluded).toEqual([])
})

test('the count stage decides which date places a project in the year', () => {
	const started = project('started', { stage: 'started', signedDate: '2024-06-01', startedDate: '2025-02-01' })
	expect(countProjects(rules({ countStage: 'started' }), [started], yearEnd).items.map((i) => i.id)).toEqual(['started'])
	expect(countProjects(rules({ countStage: 'signed' }), [started], yearEnd).items).toEqual([])
})

test('filters: chain, link, type, cluster-leading and investment line, each failing candidate listed with its reason', () => {
	const projects = [
		project('ok', { isClusterLeading: true }),
		project('other-chain', { links: [cathode] }),
		project('other-link', { links: [{ ...magnet, linkKey: 're_metal', linkName: '稀土金属', linkNameEn: 'Rare-earth metals' }] }),
		project('tech', { type: 'renovation', isClusterLeading: true }),
		project('ordinary'),
		project('small', { investmentCNY: 150_000_000, isClusterLeading: true }),
	]
	const result = countProjects(
		rules({ chainSlugs: ['rare-earth-ganxian'], linkKeys: ['ndfeb_magnet'], projectTypes: ['new'], clusterLeadingOnly: true, minInvestmentCNY: 500_000_000 }),
		projects,
		yearEnd,
	)
	expect(result.items.map((i) => i.id)).toEqual(['ok'])
	expect(result.excluded.map((e) => [e.id, e.reason, e.detail, e.amount])).toEqual([
		['other-chain', 'outside_chain', { key: 'links', values: { links: '磷酸铁锂正极', linksEn: 'LFP cathode' } }, 0],
		['other-link', 'outside_links', { key: 'links', values: { links: '稀土金属', linksEn: 'Rare-earth metals' } }, 0],
		['tech', 'project_type', 'renovation', 0],
		['ordinary', 'not_cluster_leading', null, 0],
		['small', 'below_min_investment', { key: 'below_min', values: { amountCNY: 150_000_000, minCNY: 500_000_000 } }, 0],
	])
})

test('any matching link is enough, and no chain condition lets projects without links count', () => {
	const both = project('both', { links: [cathode, magnet] })
	const bare = project('bare', { links: [] })
	expect(countProjects(rules({ chainSlugs: ['rare-earth-ganxian'] }), [both, bare], yearEnd).items.map((i) => i.id)).toEqual(['both'])
	expect(countProjects(rules(), [both, bare], yearEnd).items.map((i) => i.id)).toEqual(['both', 'bare'])
})

test('a 增资 counts only its increment, for the line and the sum, and counts nothing without one', () => {
	const increase = project('increase', { type: 'capital_increase', investmentCNY: 500_000_000, incrementCNY: 200_000_000 })
	const bare = project('bare-increase', { type: 'capital_increase', incrementCNY: null })
	const plain = project('plain', { investmentCNY: 300_000_000 })
	const sum = countProjects(rules({ measure: 'investment' }), [increase, bare, plain], yearEnd)
	expect(sum.items.map((i) => [i.id, i.amount])).toEqual([
		['increase', 200_000_000],
		['plain', 300_000_000],
	])
	expect(sum.items.map((i) => i.detail)).toEqual([{ key: 'increment_only', values: { incrementCNY: 200_000_000 } }, null])
	expect(sum.excluded.map((e) => [e.id, e.reason])).toEqual([['bare-increase', 'no_increment']])
	const lined = countProjects(rules({ minInvestmentCNY: 300_000_000 }), [increase], yearEnd)
	expect(lined.excluded.map((e) => [e.id, e.reason, e.detail])).toEqual([
		['increase', 'below_min_investment', { key: 'below_min', values: { amountCNY: 200_000_000, minCNY: 300_000_000 } }],
	])
})

test('a project terminated on or before asOf is excluded; one terminated later still counts on asOf', () => {
	const dropped = project('dropped', { stage: 'terminated', terminatedDate: '2025-08-01' })
	expect(countProjects(rules(), [dropped], yearEnd).excluded.map((e) => [e.id, e.reason, e.detail])).toEqual([['dropped', 'terminated', '2025-08-01']])
	expect(countProjects(rules(), [dropped], { year: 2025, asOf: '2025-06-30' }).items.map((i) => i.id)).toEqual(['dropped'])
})

test('the pipeline holds live, qualifying projects that have not reached the stage, weighted by the stage they are in', () => {
	const projects = [
		project('talks', { stage: 'negotiating', signedDate: null }),
		project('talks-small', { stage: 'negotiating', signedDate: null, investmentCNY: 1 }),
		project('talks-dropped', { stage: 'terminated', signedDate: null, terminatedDate: '2025-04-01' }),
		project('talks-later', { stage: 'negotiating', negotiatingDate: '2025-09-01', signedDate: null }),
		project('signed', { signedDate: '2025-03-01' }),
		project('signed-before', { signedDate: '2024-05-01' }),
	]
	const result = countProjects(rules({ countStage: 'started', minInvestmentCNY: 100 }), projects, { year: 2025, asOf: '2025-06-30' })
	expect(result.pipeline.map((p) => [p.id, p.stage, p.weight, p.date])).toEqual([
		['talks', 'negotiating', PIPELINE_WEIGHTS.negotiating, '2025-01-10'],
		['signed', 'signed', PIPELINE_WEIGHTS.signed, '2025-03-01'],
		['signed-before', 'signed', PIPELINE_WEIGHTS.signed, '2024-05-01'],
	])
	expect(countProjects(rules({ countStage: 'started' }), projects, yearEnd).pipeline).toEqual([])
})

test('核验: only a verified count stage counts; awaiting ones are listed beside, rejected ones excluded', () => {
	const awaiting = (state: 'missing' | 'pending' | 'changed') => ({ verification: { signed: state, started: 'missing', producing: 'missing' } as const })
	const projects = [
		project('verified'),
		project('no-evidence', awaiting('missing')),
		project('waiting', awaiting('pending')),
		project('facts-changed', awaiting('changed')),
		project('rejected', { verification: { signed: 'rejected', started: 'missing', producing: 'missing' } }),
		project('started-only-verified', {
			stage: 'started',
			startedDate: '2025-05-01',
			verification: { signed: 'pending', started: 'verified', producing: 'missing' },
		}),
	]
	const result = countProjects(rules(), projects, yearEnd)
	expect(result.items.map((i) => i.id)).toEqual(['verified'])
	expect(result.awaiting.map((i) => [i.id, i.verification, i.amount])).toEqual([
		['no-evidence', 'missing', 1],
		['waiting', 'pending', 1],
		['facts-changed', 'changed', 1],
		['started-only-verified', 'pending', 1],
	])
	expect(result.excluded.map((i) => [i.id, i.reason])).toEqual([['rejected', 'evidence_rejected']])
	// Counting by 开工 reads the 开工 verification, not the 签约 one.
	expect(countProjects(rules({ countStage: 'started' }), projects, yearEnd).items.map((i) => i.id)).toEqual(['started-only-verified'])
})

test('a project failing a filter is excluded for that reason whatever its verification', () => {
	const result = countProjects(
		rules({ clusterLeadingOnly: true }),
		[project('p', { verification: { signed: 'pending', started: 'missing', producing: 'missing' } })],
		yearEnd,
	)
	expect(result.awaiting).toEqual([])
	expect(result.excluded.map((i) => i.reason)).toEqual(['not_cluster_leading'])
})
