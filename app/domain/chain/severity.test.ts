import { expect, test } from 'vitest'
import { type AnalysisEdge, type AnalysisLink, analyzeChain, summarizeFirms } from './gap-analysis'
import { linkSeverity, rankLinks } from './severity'

// ore → oxide → metal → magnet → motor; magnet → pump (no local firm); machining supports the magnet.
const LINKS: AnalysisLink[] = (
	[
		['ore', 'resource'],
		['oxide', 'material'],
		['metal', 'material'],
		['magnet', 'component'],
		['motor', 'application'],
		['pump', 'application'],
		['machining', 'supporting'],
		['lonely', 'material'],
	] as const
).map(([id, stage], sortOrder) => ({ id, stage: stage, sortOrder }))
const EDGES: AnalysisEdge[] = [
	{ id: 'ore>oxide', fromLinkId: 'ore', toLinkId: 'oxide', factor: 1.25 },
	{ id: 'oxide>metal', fromLinkId: 'oxide', toLinkId: 'metal', factor: 1.2 },
	{ id: 'metal>magnet', fromLinkId: 'metal', toLinkId: 'magnet', factor: 0.3 },
	{ id: 'magnet>motor', fromLinkId: 'magnet', toLinkId: 'motor', factor: 0.002 },
	{ id: 'magnet>pump', fromLinkId: 'magnet', toLinkId: 'pump', factor: null },
	{ id: 'machining>magnet', fromLinkId: 'machining', toLinkId: 'magnet', factor: null },
]

function ranked(output: Record<string, number>) {
	const firms = Object.entries(output).map(([linkId, quantity]) => ({
		companyId: `c-${linkId}`,
		linkId,
		isLocal: true,
		year: 2025,
		capacity: null,
		output: quantity,
		revenueCNY: null,
		tags: ['lianzhu'],
	}))
	const analysis = analyzeChain({ links: LINKS, edges: EDGES, summaries: summarizeFirms(firms), year: 2025 })
	return { analysis, level: Object.fromEntries(analysis.links.map((l) => [l.linkId, linkSeverity(l)])) }
}

test('links the county must bring in come first, then leaks, then empty slots, then risks; colour follows the level', () => {
	// Metal is not made here while magnets are (断链 with a local taker); oxide has no local taker (外流);
	// the magnet makers (a 链主 each, one firm) are a single point; pump and machining are empty slots.
	const { analysis, level } = ranked({ ore: 1000, oxide: 800, magnet: 1000, motor: 400_000 })
	expect(level).toMatchObject({ metal: 'critical', oxide: 'serious', pump: 'opening', machining: 'opening', magnet: 'risk', lonely: 'idle' })
	// The ore covers the oxide makers' 1,000 t: nothing but the one-firm risk.
	expect(level.ore).toBe('risk')
	const order = rankLinks(analysis.links).map((l) => l.linkId)
	expect(order.slice(0, 2)).toEqual(['metal', 'oxide'])
	expect(order.at(-1)).toBe('lonely')
})

test('a shortfall below half is critical, above half serious; within a level the larger gap ranks first', () => {
	expect(ranked({ oxide: 100, metal: 1000 }).level.oxide).toBe('critical') // 100 of 1,200 t
	expect(ranked({ oxide: 1000, metal: 1000 }).level.oxide).toBe('serious') // 1,000 of 1,200 t
	const { analysis } = ranked({ ore: 100, oxide: 1000, metal: 300, magnet: 1000, motor: 10 })
	// Ore covers 100 of 1,250 t (92 % uncovered), oxide 1,000 of 360 t is an outflow… both shown above the risks.
	const order = rankLinks(analysis.links).map((l) => l.linkId)
	expect(order.indexOf('ore')).toBeLessThan(order.indexOf('magnet'))
	const serious = rankLinks(analysis.links)
		.filter((l) => linkSeverity(l) === 'serious')
		.map((l) => l.linkId)
	expect(serious).toEqual(['magnet', 'oxide'])
})
