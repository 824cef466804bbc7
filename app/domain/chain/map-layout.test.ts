import { expect, test } from 'vitest'
import { findFeedbackEdges } from './graph'
import { type LinkStage } from './link-stages'
import { layoutChainMap, NODE_TEXT_WIDTH, NODE_WIDTH, packItems, textWidth, wrapLines } from './map-layout'

const link = (id: string, sortOrder: number, stage: LinkStage = 'material') => ({ id, sortOrder, stage })
const LINKS = [
	link('ore', 0),
	link('oxide', 1),
	link('metal', 2),
	link('magnet', 3, 'component'),
	link('motor', 4, 'application'),
	link('recycling', 5, 'recycling'),
	link('machining', 6, 'supporting'),
]
const EDGES = [
	{ id: 'ore>oxide', fromLinkId: 'ore', toLinkId: 'oxide', factor: 1.33 },
	{ id: 'oxide>metal', fromLinkId: 'oxide', toLinkId: 'metal', factor: 1.18 },
	{ id: 'metal>magnet', fromLinkId: 'metal', toLinkId: 'magnet', factor: 0.3 },
	{ id: 'magnet>motor', fromLinkId: 'magnet', toLinkId: 'motor', factor: null },
	{ id: 'magnet>recycling', fromLinkId: 'magnet', toLinkId: 'recycling', factor: 0.3 },
	{ id: 'recycling>oxide', fromLinkId: 'recycling', toLinkId: 'oxide', factor: 1.05 },
	{ id: 'machining>magnet', fromLinkId: 'machining', toLinkId: 'magnet', factor: null },
]

test('links flow left to right by layer; the recycling loop is drawn as feedback under the map', () => {
	const feedback = findFeedbackEdges(LINKS, EDGES)
	const map = layoutChainMap(LINKS, EDGES, feedback)
	const x = Object.fromEntries(map.nodes.map((n) => [n.id, n.x]))
	expect(x.ore!).toBeLessThan(x.oxide!)
	expect(x.oxide!).toBeLessThan(x.metal!)
	expect(x.metal!).toBeLessThan(x.magnet!)
	expect(x.magnet!).toBeLessThan(x.motor!)
	// Every forward edge points right; the feedback edge is flagged.
	for (const edge of map.edges.filter((e) => !e.feedback)) expect(x[edge.toLinkId]!).toBeGreaterThan(x[edge.fromLinkId]!)
	expect(map.edges.filter((e) => e.feedback).map((e) => e.id)).toEqual(['recycling>oxide'])
	// The supporting trade sits in the column just before the link it serves.
	expect(x.machining).toBe(x.metal)
	expect(map.width).toBeGreaterThanOrEqual(x.motor! + NODE_WIDTH)
	expect(map.edges.every((e) => e.path.startsWith('M'))).toBe(true)
})

test('no two nodes overlap', () => {
	const map = layoutChainMap(LINKS, EDGES, findFeedbackEdges(LINKS, EDGES))
	const seen = new Set(map.nodes.map((n) => `${n.x},${n.y}`))
	expect(seen.size).toBe(map.nodes.length)
})

test('nodes as tall as their text: a column stacks them without overlap and edges meet their middle', () => {
	const feedback = findFeedbackEdges(LINKS, EDGES)
	const map = layoutChainMap(LINKS, EDGES, feedback, (id) => (id === 'oxide' ? 120 : 60))
	const oxide = map.nodes.find((n) => n.id === 'oxide')!
	expect(oxide.height).toBe(120)
	const edge = map.edges.find((e) => e.id === 'ore>oxide')!
	expect(edge.path.endsWith(`${oxide.x},${oxide.y + 60}`)).toBe(true)
	for (const a of map.nodes) for (const b of map.nodes) if (a !== b && a.x === b.x) expect(a.y + a.height <= b.y || b.y + b.height <= a.y).toBe(true)
	expect(map.height).toBeGreaterThan(120)
})

test('node text wraps within the box instead of being cut or squeezed; flags are never split', () => {
	expect(wrapLines('离子型稀土矿', 13)).toEqual(['离子型稀土矿'])
	expect(wrapLines('稀土金属及合金稀土金属及合金', 13)).toEqual(['稀土金属及合金稀土金属', '及合金'])
	expect(wrapLines('Rare-earth secondary-resource recycling', 13)).toEqual(['Rare-earth ', 'secondary-resource ', 'recycling'])
	const mixed = wrapLines('Mixed rare earths (carbonate, as REO)', 13)
	for (const line of mixed) expect(textWidth(line.trimEnd(), 13)).toBeLessThanOrEqual(NODE_TEXT_WIDTH)
	expect(mixed.join('')).toBe('Mixed rare earths (carbonate, as REO)')
	expect(packItems(['缺龙头', '单点依赖', '外流/延链机会'], ' · ', 11)).toEqual(['缺龙头 · 单点依赖', '外流/延链机会'])
	expect(packItems(['No leader', 'Outflow', 'Single point of failure'], ' · ', 11)).toEqual(['No leader · Outflow', 'Single point of failure'])
})
