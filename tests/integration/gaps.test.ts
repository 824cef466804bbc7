import fs from 'node:fs'
import { expect, test } from 'vitest'
import { prisma } from '~/db.server'
import { type SeedChain } from '~/domain/seed/seed-files'
import { loadGapAnalysis, loadGapProspects } from '~/models/chain-analysis.server'
import { importChainTemplate } from '~/models/chain-template.server'
import { loader as chainLoader } from '~/routes/chains.$slug._index'
import { action as prospectsAction, loader as prospectsLoader } from '~/routes/chains.$slug.targets'
import { runCliInProcess } from '../helpers/cli'
import { formRequest, getRequest, loginAs, thrown, unwrap } from '../helpers/requests'

const cli = (...args: string[]) => runCliInProcess(args)

type GapsLink = {
	key: string
	supply: number | null
	demand: number
	demandComplete: boolean
	factorUnknownFor: string[]
	balance: number | null
	coverage: number | null
	health: string
	flags: { code: string; severity: string; label: string; reason: string }[]
}

test('cli gaps prints every link of the seeded chain with figures and flags that follow from the seed', async () => {
	const { code, stdout } = await cli('gaps', '--chain', 'rare-earth-ganxian', '--year', '2026', '--json')
	expect(code).toBe(0)
	const report = JSON.parse(stdout) as { year: number; links: GapsLink[] }
	expect(report.year).toBe(2026)
	const link = (key: string) => report.links.find((l) => l.key === key)!
	const seed = JSON.parse(fs.readFileSync('seeds/chains/rare-earth-ganxian.json', 'utf8')) as SeedChain
	expect(report.links.map((l) => l.key).sort()).toEqual(seed.links.map((l) => l.key).sort())

	// Magnets vs alloy vs metal: the balance follows from the seeded outputs and factors.
	const factor = (from: string, to: string) => seed.edges.find((e) => e.from === from && e.to === to)!.factor!
	const magnets = link('ndfeb_magnet').supply!
	expect(link('ndfeb_alloy').demand).toBeCloseTo(factor('ndfeb_alloy', 'ndfeb_magnet') * magnets)
	expect(link('ndfeb_alloy').flags.map((f) => f.code)).toContain('shortfall')
	expect(link('re_metal').balance).toBeCloseTo(link('re_metal').supply! - factor('re_metal', 'ndfeb_alloy') * link('ndfeb_alloy').supply!)
	expect(link('re_metal').flags.map((f) => f.code)).toContain('outflow')

	// A motor kind with no local firm is a broken link, with its reason worded.
	const medical = link('motor_medical')
	expect(medical.health).toBe('red')
	expect(medical.flags[0]).toMatchObject({ code: 'broken', label: '断链' })
	expect(medical.flags[0]!.reason).toContain('钕铁硼磁材')

	// Unknown factors are named, never filled in.
	expect(link('separated_oxides').demandComplete).toBe(false)
	expect(link('separated_oxides').factorUnknownFor).toContain('catalyst')
})

test('cli gaps speaks English on request and refuses an unknown chain or a bad year', async () => {
	const en = await cli('gaps', '--chain', 'rare-earth-ganxian', '--year', '2026', '--lang', 'en', '--json')
	const medical = (JSON.parse(en.stdout) as { links: GapsLink[] }).links.find((l) => l.key === 'motor_medical')!
	expect(medical.flags[0]!.label).toBe('Broken link')
	expect(medical.flags[0]!.reason).toMatch(/^No local firm/)
	const missing = await cli('gaps', '--chain', 'no-such-chain', '--json')
	expect(missing.code).toBe(64)
	expect(JSON.parse(missing.stdout).error).toContain('no-such-chain')
	expect((await cli('gaps', '--chain', 'rare-earth-ganxian', '--year', 'soon', '--json')).code).toBe(64)
})

test('a chain imported from a template nobody tuned is analysed the same way', async () => {
	const template = JSON.parse(fs.readFileSync('tests/fixtures/chains/pv-glass-untuned.json', 'utf8')) as SeedChain
	const { slug } = await importChainTemplate(prisma, template, { slug: 'pv-glass-gaps', userId: null })
	const links = await prisma.chainLink.findMany({ where: { chain: { slug } }, select: { id: true, key: true } })
	const linkId = (key: string) => links.find((l) => l.key === key)!.id
	const company = (name: string, isLocal: boolean) => prisma.company.create({ data: { name, isLocal, isSample: true }, select: { id: true } })
	const moduleMaker = await company('测试组件厂', true)
	const sandMine = await company('测试石英砂矿', true)
	const glassMaker = await company('测试外地镀膜玻璃厂', false)
	await prisma.companyLink.createMany({
		data: [
			{ companyId: moduleMaker.id, linkId: linkId('pv_module'), year: 2025, output: 100, isSample: true },
			{ companyId: sandMine.id, linkId: linkId('quartz_sand'), year: 2025, output: 50_000, isSample: true },
			{ companyId: glassMaker.id, linkId: linkId('coated_glass'), year: 2025, capacity: 800_000, isSample: true },
		],
	})

	const report = (await loadGapAnalysis(prisma, slug, 2025))!
	const byKey = (key: string) => report.analysis.links.find((l) => l.linkId === linkId(key))!
	const coatingFactor = template.edges.find((e) => e.from === 'coated_glass' && e.to === 'pv_module')!.factor!
	expect(byKey('coated_glass').demand).toBeCloseTo(coatingFactor * 100)
	expect(byKey('coated_glass').flags[0]).toMatchObject({ code: 'broken', reason: { key: 'broken_downstream' } })
	expect(byKey('quartz_sand').flags.map((f) => f.code)).toContain('outflow')
	// The recycling loop back to raw glass is found as feedback, whatever the template calls it.
	const feedback = await prisma.chainEdge.findMany({
		where: { id: { in: report.analysis.feedbackEdgeIds } },
		select: { fromLink: { select: { key: true } }, toLink: { select: { key: true } } },
	})
	expect(feedback).toEqual([{ fromLink: { key: 'module_recycling' }, toLink: { key: 'pv_glass_raw' } }])
	// The external glass maker is the top prospect for the broken link.
	expect((await loadGapProspects(prisma, report)).prospects[0]).toMatchObject({ companyId: glassMaker.id, linkId: linkId('coated_glass') })
})

test('staff turn prospects into leads once; a second try and foreign ids create nothing', async () => {
	const cookie = await loginAs('staff')
	const args = (request: Request) => ({ request, params: { slug: 'rare-earth-ganxian' }, context: {} })
	const page = await prospectsLoader(args(getRequest('/chains/rare-earth-ganxian/targets?year=2026&link=motor_fluid', cookie)))
	const candidate = page.prospects.find((c) => !c.hasOpenLead)!
	expect(candidate.addresses).toContain('broken')
	expect(page.prospects.every((c) => c.linkName.name === '流体电机')).toBe(true)
	const owner = page.leadForm!.defaultOwnerId
	const post = async (fields: [string, string][]) =>
		unwrap(await prospectsAction(args(formRequest('/chains/rare-earth-ganxian/targets?year=2026', Object.fromEntries(fields), { Cookie: cookie }))))

	const before = await prisma.lead.count()
	expect(
		await post([
			['companyId', candidate.companyId],
			['ownerId', owner],
		]),
	).toEqual({ status: 200, body: { ok: true, created: 1, skipped: 0 } })
	const lead = await prisma.lead.findFirstOrThrow({ where: { companyId: candidate.companyId }, select: { id: true, source: true, ownerId: true, notes: true } })
	expect(lead).toMatchObject({ source: 'chain_gap', ownerId: owner })
	expect(lead.notes).toContain('流体电机')
	expect(await prisma.auditLog.count({ where: { entity: 'Lead', entityId: lead.id, action: 'create' } })).toBe(1)

	expect(
		await post([
			['companyId', candidate.companyId],
			['ownerId', owner],
		]),
	).toEqual({ status: 200, body: { ok: true, created: 0, skipped: 1 } })
	const local = await prisma.company.findFirstOrThrow({ where: { isLocal: true }, select: { id: true } })
	expect(
		await post([
			['companyId', local.id],
			['ownerId', owner],
		]),
	).toEqual({ status: 400, body: { ok: false, errors: { companyIds: 'gaps.targets.noneSelected' }, formError: null } })
	expect(await post([['ownerId', owner]])).toEqual({ status: 400, body: { ok: false, errors: { companyIds: 'gaps.targets.noneSelected' }, formError: null } })
	// Staff make leads for themselves; handing them to a colleague is a manager's act.
	const colleague = await prisma.user.findFirstOrThrow({ where: { role: 'staff', id: { not: owner } }, select: { id: true } })
	expect(
		await post([
			['companyId', candidate.companyId],
			['ownerId', colleague.id],
		]),
	).toEqual({ status: 403, body: { ok: false, errors: { ownerId: 'access.reassignIsManagers' }, formError: null } })
	expect(await prisma.lead.count()).toBe(before + 1)

	const crossSite = await thrown(() =>
		prospectsAction(
			args(
				formRequest(
					'/chains/rare-earth-ganxian/targets',
					{ companyId: candidate.companyId, ownerId: owner },
					{ Cookie: cookie, Origin: 'https://evil.example' },
				),
			),
		),
	)
	expect((crossSite as Response).status).toBe(403)
})

test('the chain page reads firms for the selected link only: its local firms with shares, and its ranked candidates', async () => {
	const cookie = await loginAs('staff')
	const page = (query: string) =>
		chainLoader({ request: getRequest(`/chains/rare-earth-ganxian?year=2026${query}`, cookie), params: { slug: 'rare-earth-ganxian' }, context: {} })
	const plain = await page('')
	expect(plain.panel).toBeNull()
	expect(plain.leadForm).toBeNull()
	expect(plain.hasSampleData).toBe(true)

	const magnets = await page('&link=ndfeb_magnet')
	const link = magnets.chain.links.find((l) => l.key === 'ndfeb_magnet')!
	const analysis = magnets.analysis.links.find((l) => l.linkId === link.id)!
	expect(magnets.panel!.linkId).toBe(link.id)
	expect(magnets.panel!.localFirmCount).toBe(analysis.localFirmCount)
	expect(magnets.panel!.localFirms.length).toBe(Math.min(50, analysis.localFirmCount))
	// Shares of the supply the analysis computed, largest first.
	const quantities = magnets.panel!.localFirms.map((f) => f.quantity ?? -1)
	expect(quantities).toEqual([...quantities].sort((a, b) => b - a))
	if (analysis.supplyComplete && analysis.supply) {
		expect(magnets.panel!.localFirms[0]!.share).toBeCloseTo(magnets.panel!.localFirms[0]!.quantity! / analysis.supply)
	}
	expect(magnets.panel!.localFirms.every((f) => f.name.length > 0)).toBe(true)

	const fluid = await page('&link=motor_fluid')
	expect(fluid.panel!.candidates.length).toBeGreaterThan(0)
	expect(fluid.panel!.candidates.every((c) => c.linkId === fluid.panel!.linkId && c.name.length > 0)).toBe(true)
	expect(fluid.leadForm).not.toBeNull()
})
