import { describe, expect, test } from 'vitest'
import { isValidUscc } from '~/domain/company/uscc'
import { isOpenStage } from '~/domain/lead/stages'
import { isNextActionOverdue } from '~/domain/lead/status'
import { stageDateProblems } from '~/domain/project/stages'
import { DEMO_NAME_PREFIX, type DemoWorld, demoGenerator, linkProfile, orgCodeCheckChar, parseDemoOptions, regionWord } from './demo-data'

const NOW = new Date('2026-03-15T09:30:00Z')

function world(usccs: string[] = []): DemoWorld {
	return {
		localRegions: [
			{ id: 'hitech', name: '赣州高新区', weight: 15 },
			{ id: 'gx', name: '赣县区', weight: 1 },
		],
		externalRegions: [
			{ id: 'nb', name: '宁波市', weight: 4 },
			{ id: 'bt', name: '包头市', weight: 2 },
		],
		links: [
			{ id: 'magnet', chainId: 're', name: '钕铁硼磁材（成品）', stage: 'component' },
			{ id: 'servo', chainId: 're', name: '伺服电机', stage: 'application' },
			{ id: 'recycling', chainId: 're', name: '稀土二次资源回收', stage: 'recycling' },
			{ id: 'cell', chainId: 'li', name: '磷酸铁锂电池', stage: 'component' },
		],
		owners: [
			{ id: 'zhang', unitId: 'commerce' },
			{ id: 'lina', unitId: 'hitech-bureau' },
		],
		unitIds: ['commerce', 'industry'],
		names: new Set(),
		usccs: new Set(usccs),
		now: NOW,
		openFrom: null,
	}
}

function generate(seed: number, counts = { companies: 2000, leads: 500, projects: 300 }, usccs: string[] = []) {
	const g = demoGenerator(seed, world(usccs))
	const companies = Array.from({ length: counts.companies }, () => g.company())
	const leads = Array.from({ length: counts.leads }, () => g.lead())
	const projects = g.random.sample(companies.length, counts.projects).map((i) => g.project(companies[i]!))
	return { companies, leads, projects }
}

describe('demo companies', () => {
	const { companies } = generate(7)

	test('every name carries （示例） and is built from the region word, a 字号, an industry word and a legal suffix', () => {
		for (const c of companies) {
			expect(c.name.startsWith(DEMO_NAME_PREFIX)).toBe(true)
			expect(c.name).toMatch(/^（示例）(赣州|赣县|宁波|包头)[\u4e00-\u9fff]{2}[\u4e00-\u9fff]+(股份有限公司|有限责任公司|有限公司)$/)
			if (c.shortName) expect(c.shortName.startsWith(DEMO_NAME_PREFIX)).toBe(true)
		}
		const magnets = companies.filter((c) => c.link.id === 'magnet')
		expect(magnets.every((c) => /磁材|永磁|磁业|磁电科技|磁性材料/.test(c.name))).toBe(true)
		expect(new Set(companies.map((c) => c.name)).size).toBe(companies.length)
	})

	test('USCCs pass the check digit, are unique and avoid the ones already in use', () => {
		expect(companies.every((c) => isValidUscc(c.uscc))).toBe(true)
		expect(new Set(companies.map((c) => c.uscc)).size).toBe(companies.length)
		// Same seed again, with the first run's USCCs taken: none repeats.
		const again = generate(
			7,
			{ companies: 2000, leads: 0, projects: 0 },
			companies.map((c) => c.uscc),
		).companies
		expect(again.some((c) => companies.some((first) => first.uscc === c.uscc))).toBe(false)
		expect(again.every((c) => isValidUscc(c.uscc))).toBe(true)
		// Division code of the place in the name.
		expect(companies.filter((c) => c.name.startsWith('（示例）宁波')).every((c) => c.uscc.startsWith('91330200'))).toBe(true)
	})

	test('about 30 % are local, in local regions; figures, contacts and money look plausible', () => {
		const local = companies.filter((c) => c.isLocal)
		expect(local.length / companies.length).toBeGreaterThan(0.25)
		expect(local.length / companies.length).toBeLessThan(0.35)
		expect(local.every((c) => c.regionId === 'hitech' || c.regionId === 'gx')).toBe(true)
		expect(companies.filter((c) => !c.isLocal).every((c) => c.regionId === 'nb' || c.regionId === 'bt')).toBe(true)
		const revenues = companies.flatMap((c) => (c.revenueCNY === null ? [] : [c.revenueCNY]))
		expect(revenues.some((r) => r >= 1e9)).toBe(true)
		expect(revenues.filter((r) => r >= 1e9).length).toBeLessThan(companies.length * 0.05)
		for (const c of companies) {
			expect(c.contactPhone).toMatch(/^138-0000-\d{4}$/)
			expect(c.registeredCapitalCNY).toBeGreaterThanOrEqual(1e6)
			expect(c.links.length).toBeGreaterThanOrEqual(1)
			expect(c.createdAt <= c.updatedAt && c.updatedAt <= NOW).toBe(true)
		}
		expect(companies.some((c) => c.tags.length > 0)).toBe(true)
	})

	test('names stay unique where one place and one trade hold many companies', () => {
		const crowded = {
			...world(),
			localRegions: [{ id: 'gx', name: '赣县区', weight: 1 }],
			links: [{ id: 'servo', chainId: 're', name: '伺服电机', stage: 'application' }],
		}
		const g = demoGenerator(3, crowded)
		const names = Array.from({ length: 30_000 }, () => g.company().name)
		expect(new Set(names).size).toBe(names.length)
	})

	test('the same seed gives the same records, another seed other ones', () => {
		expect(generate(7)).toEqual(generate(7))
		expect(generate(8).companies[0]!.name).not.toBe(companies[0]!.name)
	})
})

describe('demo leads and projects', () => {
	const { leads, projects } = generate(11)

	test('leads spread over the stages; next action dates only on open leads, around today, some overdue', () => {
		expect(new Set(leads.map((l) => l.stage)).size).toBe(6)
		for (const lead of leads) {
			if (!isOpenStage(lead.stage)) expect(lead.nextActionDate).toBeNull()
			if (lead.nextActionDate) expect(Math.abs(lead.nextActionDate.getTime() - NOW.getTime())).toBeLessThan(61 * 86_400_000)
		}
		const overdue = leads.filter((l) => isNextActionOverdue(l, NOW)).length
		expect(overdue).toBeGreaterThan(leads.length * 0.1)
		expect(overdue).toBeLessThan(leads.length * 0.4)
	})

	test('project stage dates pass stageDateProblems and lie in the past; investments within 500万–50亿', () => {
		expect(new Set(projects.map((p) => p.stage)).size).toBe(5)
		for (const p of projects) {
			expect(stageDateProblems(p)).toEqual([])
			const dates = [p.negotiatingDate, p.signedDate, p.startedDate, p.producingDate, p.terminatedDate].filter((d) => d !== null)
			expect(dates.every((d) => d <= NOW)).toBe(true)
			expect(p.investmentCNY).toBeGreaterThanOrEqual(5e6)
			expect(p.investmentCNY).toBeLessThanOrEqual(5e9)
			expect(p.incrementCNY === null).toBe(p.type !== 'capital_increase')
			expect(p.title.startsWith(DEMO_NAME_PREFIX)).toBe(true)
		}
	})
})

test('with issued reports, generated projects are dated from the first open day on, so no issued figure changes', () => {
	const openFrom = new Date('2026-02-01T00:00:00Z')
	const g = demoGenerator(21, { ...world(), openFrom })
	const companies = Array.from({ length: 400 }, () => g.company())
	const projects = companies.map((c) => g.project(c))
	for (const p of projects) {
		expect(stageDateProblems(p)).toEqual([])
		const dates = [p.negotiatingDate, p.signedDate, p.startedDate, p.producingDate, p.terminatedDate].filter((d) => d !== null)
		expect(dates.every((d) => d >= openFrom && d <= NOW)).toBe(true)
	}
	expect(projects.some((p) => p.producingDate !== null)).toBe(true)
})

test('name words: region words drop the administrative suffix; link words come from the link name, else its stage', () => {
	expect(['赣州高新区', '赣县区', '江西省', '北京市', '包头市'].map(regionWord)).toEqual(['赣州', '赣县', '江西', '北京', '包头'])
	expect(linkProfile({ name: '医用永磁电机', stage: 'application' }).industry).toBe('电动机制造')
	expect(linkProfile({ name: '废旧电池回收', stage: 'recycling' }).words).toContain('再生资源')
	expect(linkProfile({ name: '某种中间品', stage: 'resource' }).words).toContain('矿业')
})

test('组织机构代码 check character (GB 11714), as in the GB 32100 sample code 91350100M000100Y43', () => {
	expect(orgCodeCheckChar('M000100Y')).toBe('4')
	expect(isValidUscc('91350100M000100Y43')).toBe(true)
})

test('command-line options: counts up to 1,000,000, whole numbers only, at least one company', () => {
	expect(parseDemoOptions({ companies: '100', leads: '20', seed: '5' }, 1)).toEqual({
		ok: true,
		options: { companies: 100, leads: 20, projects: 0, seed: 5 },
	})
	expect(parseDemoOptions({ companies: '1000000' }, 9)).toEqual({ ok: true, options: { companies: 1_000_000, leads: 0, projects: 0, seed: 9 } })
	for (const raw of [
		{ companies: '1000001' },
		{ companies: 'abc' },
		{ companies: '1e5' },
		{ companies: '-5' },
		{ companies: '0' },
		{},
		{ companies: '10', leads: '11' },
		{ companies: '10', seed: 'x' },
	]) {
		expect(parseDemoOptions(raw, 1).ok).toBe(false)
	}
})
