import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, expect, test } from 'vitest'
import { prisma } from '~/db.server'
import { type SeedChain } from '~/domain/seed/seed-files'
import { runCliInProcess } from '../helpers/cli'

// The CLI's command line, run in this process against this test file's database copy (tests/integration/cli.test.ts
// runs it as a real subprocess).
const cli = (...args: string[]) => runCliInProcess(args)

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chainlead-chain-template-'))
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))
const exported = path.join(dir, 'ganxian.json')
const fixture: SeedChain = JSON.parse(fs.readFileSync('tests/fixtures/chains/pv-glass-untuned.json', 'utf8'))

// What the database holds for a chain, independent of the export code.
async function chainShape(slug: string) {
	const chain = await prisma.chain.findUniqueOrThrow({
		where: { slug },
		select: {
			region: { select: { code: true } },
			links: { orderBy: { sortOrder: 'asc' }, select: { key: true, stage: true, unit: true } },
			edges: {
				select: { factor: true, factorLow: true, factorHigh: true, factorUnit: true, fromLink: { select: { key: true } }, toLink: { select: { key: true } } },
			},
		},
	})
	const edges = chain.edges
		.map(({ fromLink, toLink, ...e }) => ({ from: fromLink.key, to: toLink.key, ...e }))
		.sort((a, b) => `${a.from}→${a.to}`.localeCompare(`${b.from}→${b.to}`))
	return { region: chain.region?.code ?? null, links: chain.links, edges }
}

function writeTemplate(name: string, template: unknown) {
	const file = path.join(dir, name)
	fs.writeFileSync(file, typeof template === 'string' ? template : JSON.stringify(template))
	return file
}

test('export writes the seeded chain as a template and will not overwrite without --force', async () => {
	const first = await cli('chain:export', 'rare-earth-ganxian', exported, '--json')
	expect(first.code).toBe(0)
	const template: SeedChain = JSON.parse(fs.readFileSync(exported, 'utf8'))
	expect(JSON.parse(first.stdout)).toEqual({ file: exported, slug: 'rare-earth-ganxian', links: template.links.length, edges: template.edges.length })
	expect(template.links.every((l, i) => i === 0 || template.links[i - 1]!.sortOrder <= l.sortOrder)).toBe(true)

	const again = await cli('chain:export', 'rare-earth-ganxian', exported)
	expect(again.code).toBe(64)
	expect(again.stderr).toContain('pass --force')
	// The spaced form from the issue text works too.
	expect((await cli('chain', 'export', 'rare-earth-ganxian', exported, '--force')).code).toBe(0)
	expect((await cli('chain:export', 'no-such-chain', path.join(dir, 'none.json'))).stderr).toContain('no chain with id or slug no-such-chain')
})

test('import under another slug recreates the same links, edges and factors, with an audit row', async () => {
	const chains = await prisma.chain.count()
	const result = await cli('chain', 'import', exported, '--slug', 'copy-of-ganxian', '--json')
	expect(result.code).toBe(0)
	const imported = JSON.parse(result.stdout)
	expect(imported).toMatchObject({ slug: 'copy-of-ganxian' })
	expect(await prisma.chain.count()).toBe(chains + 1)

	const original = await chainShape('rare-earth-ganxian')
	const copy = await chainShape('copy-of-ganxian')
	expect(copy).toEqual(original)
	expect(copy.edges.some((e) => e.factor === null)).toBe(true)
	expect(imported).toMatchObject({ links: original.links.length, edges: original.edges.length })

	const audit = await prisma.auditLog.findFirstOrThrow({ where: { entity: 'Chain', entityId: imported.id }, select: { action: true, after: true } })
	expect(audit.action).toBe('create')
	expect(JSON.parse(audit.after!)).toEqual({ slug: 'copy-of-ganxian', links: original.links.length, edges: original.edges.length })
})

test('a slug in use is refused and nothing is written', async () => {
	const chains = await prisma.chain.count()
	const again = await cli('chain:import', exported, '--slug', 'copy-of-ganxian')
	expect(again.code).toBe(64)
	expect(again.stderr).toContain('a chain with slug copy-of-ganxian already exists')
	expect((await cli('chain:import', exported)).stderr).toContain('a chain with slug rare-earth-ganxian already exists')
	expect(await prisma.chain.count()).toBe(chains)
})

test('a template with an edge to an unknown link names it and writes nothing', async () => {
	const counts = async () => ({ chains: await prisma.chain.count(), links: await prisma.chainLink.count(), edges: await prisma.chainEdge.count() })
	const before = await counts()
	const broken = { ...fixture, slug: 'broken-edge', edges: [...fixture.edges, { ...fixture.edges[0], to: 'float_glass' }] }
	const result = await cli('chain:import', writeTemplate('broken.json', broken))
	expect(result.code).toBe(64)
	expect(result.stderr).toContain('edge quartz_sand→float_glass names an unknown link float_glass')
	expect(result.stderr).toContain('edges[6].to')
	expect(await counts()).toEqual(before)
})

test('an unknown region code is refused and nothing is written', async () => {
	const chains = await prisma.chain.count()
	const result = await cli('chain:import', writeTemplate('region.json', { ...fixture, slug: 'unknown-region', region: 'no-such-region' }))
	expect(result.code).toBe(64)
	expect(result.stderr).toContain('unknown region code no-such-region')
	expect(await prisma.chain.count()).toBe(chains)
	expect(await prisma.chain.count({ where: { slug: 'unknown-region' } })).toBe(0)
})

test('invalid JSON and an invalid shape are usage errors that say what is wrong', async () => {
	const badJson = await cli('chain:import', writeTemplate('bad.json', '{"slug": "x",'))
	expect(badJson.code).toBe(64)
	expect(badJson.stderr).toContain('is not valid JSON')

	const badShape = await cli('chain:import', writeTemplate('shape.json', { ...fixture, links: [{ ...fixture.links[0], stage: 'magic' }] }))
	expect(badShape.code).toBe(64)
	expect(badShape.stderr).toContain('is not a valid chain template')
	expect(badShape.stderr).toContain('links[0].stage')

	expect((await cli('chain:import', path.join(dir, 'missing.json'))).stderr).toContain('file not found')
})

test('a hand-written template nobody tuned imports as it is written', async () => {
	const result = await cli('chain:import', 'tests/fixtures/chains/pv-glass-untuned.json', '--json')
	expect(result.code).toBe(0)
	expect(JSON.parse(result.stdout)).toMatchObject({ slug: 'pv-glass-untuned', links: 6, edges: 6 })
	const shape = await chainShape('pv-glass-untuned')
	expect(shape.links.map((l) => l.key)).toEqual(fixture.links.map((l) => l.key))
	expect(shape.edges.find((e) => e.from === 'soda_ash')).toMatchObject({ factor: null, factorLow: null, factorHigh: null })
	expect(shape.edges.find((e) => e.from === 'module_recycling')).toMatchObject({ to: 'pv_glass_raw', factor: 0.1 })
})
