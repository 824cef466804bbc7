import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, test } from 'vitest'
import { z } from 'zod'
import { chainTemplateSchema, parseSeedFiles, type SeedChain, SeedFileError } from './seed-files'

const readJson = (rel: string): unknown => JSON.parse(fs.readFileSync(path.join('seeds', rel), 'utf8'))
const readText = (rel: string) => fs.readFileSync(path.join('seeds', rel), 'utf8')
/** The seed runs on some day; its sample records are placed relative to it (ADR 0021). */
const TODAY = '2026-12-06'
const bundle = parseSeedFiles(readJson, readText, TODAY)
const chain = bundle.chains.find((c) => c.slug === 'rare-earth-ganxian')!

test('the seed files parse and every company, edge and quota names its source', () => {
	expect(bundle.companies.every((c) => c.source.length > 0)).toBe(true)
	expect(chain.edges.every((e) => e.source.length > 0)).toBe(true)
	expect(bundle.quotas.every((q) => bundle.documents[0]!.text.includes(q.excerpt))).toBe(true)
})

test('the chain has the links the action plan names, including the eight motor kinds', () => {
	const names = chain.links.map((l) => l.name)
	for (const n of ['稀土金属及合金', '稀土发光材料', '稀土催化材料', '稀土储氢材料', '稀土二次资源回收', '产品设计', '机械加工', '表面处理']) {
		expect(names).toContain(n)
	}
	for (const n of ['风电电机', '新能源汽车驱动电机', '机器人专用电机', '伺服电机', '流体电机', '微特电机', '绿色家电电机', '医用永磁电机']) {
		expect(names).toContain(n)
	}
})

test('recycling closes a loop back to the oxides (the chain is not a DAG)', () => {
	const next = new Map<string, string[]>()
	for (const e of chain.edges) next.set(e.from, [...(next.get(e.from) ?? []), e.to])
	const reachable = (from: string, target: string, seen = new Set<string>()): boolean =>
		(next.get(from) ?? []).some((to) => to === target || (!seen.has(to) && (seen.add(to), reachable(to, target, seen))))
	expect(reachable('separated_oxides', 'separated_oxides')).toBe(true)
})

test('unsourced factors stay unknown and illustrative figures are flagged as sample', () => {
	expect(chain.edges.find((e) => e.to === 'motor_servo')).toMatchObject({ factor: null, referenceId: 'RE27' })
	expect(chain.edges.find((e) => e.from === 'prnd_oxide' && e.to === 're_metal')).toMatchObject({ factor: 1.1765, referenceId: 'RE06' })
	for (const c of bundle.companies.filter((c) => c.source === '示例数据')) {
		expect(c.isSample).toBe(true)
		expect(c.links.every((l) => l.isSample)).toBe(true)
	}
	expect(bundle.crm.leads.every((l) => l.isSample)).toBe(true)
	expect(bundle.companies.filter((c) => !c.isSample).every((c) => c.uscc === null && c.revenueCNY === null)).toBe(true)
})

test('at least one motor kind has no local firm, so the gap finder has a 断链 to show', () => {
	const localLinks = new Set(bundle.companies.filter((c) => c.isLocal).flatMap((c) => c.links.map((l) => l.link)))
	expect(localLinks.has('motor_medical')).toBe(false)
})

test('clause 16 is an annual quota of at least 10 projects led by 区商务局', () => {
	expect(bundle.quotas.find((q) => q.section === '（六）16')).toMatchObject({
		op: '>=',
		value: 10,
		unit: '个',
		period: 'annual',
		kind: 'projects',
		units: ['区商务局', '区工信局', '区财政局', '赣州高新区经发局', '赣州高新区招商局'],
		filters: { countStage: 'signed', categories: ['稀土新材料及应用'], chainSlugs: ['rare-earth-ganxian'] },
	})
	const greenFactories = bundle.quotas.filter((q) => q.section === '（二）4')
	expect(greenFactories.map((q) => [q.metric, q.value])).toEqual([
		['国家级绿色工厂', 1],
		['省级绿色工厂', 2],
	])
})

test('broken references are reported with the file they are in', () => {
	const broken = (rel: string) => {
		const data = readJson(rel)
		if (rel === 'quotas.json') (data as { units: string[] }[])[0]!.units = ['不存在的单位']
		if (rel === 'chains/rare-earth-ganxian.json') (data as { edges: { to: string }[] }).edges[0]!.to = 'no_such_link'
		return data
	}
	expect(() => parseSeedFiles(broken, readText, TODAY)).toThrow(SeedFileError)
	expect(() => parseSeedFiles(broken, readText, TODAY)).toThrow(/quotas\.json: unknown unit 不存在的单位/)
	expect(() => parseSeedFiles(broken, readText, TODAY)).toThrow(/edge ionic_ore→no_such_link names an unknown link/)
	const oldFilters = (rel: string) => {
		const data = readJson(rel)
		if (rel === 'quotas.json') {
			const quotas = data as { kind: string; filters: Record<string, unknown> }[]
			quotas.find((q) => q.kind === 'sum')!.filters = { link: 're_metal', figure: 'output' }
			quotas.find((q) => q.kind === 'projects')!.filters = { countStage: 'approved' }
			quotas.find((q) => q.kind === 'companies_with_tag')!.filters = { chainSlugs: ['no-such-chain'] }
			quotas.find((q) => q.filters.minRevenueCNY !== undefined)!.filters = { minRevenueCNY: -1 }
		}
		return data
	}
	const oldFiltersError = () => parseSeedFiles(oldFilters, readText, TODAY)
	expect(oldFiltersError).toThrow(/quotas\.json: 一（二） 集群产值: unknown filter link for kind sum/)
	expect(oldFiltersError).toThrow(/quotas\.json: （六）16 引进稀土新材料及应用项目: rules\.countStage: /)
	expect(oldFiltersError).toThrow(/quotas\.json: 一（二） 集群规模以上企业: unknown chain no-such-chain/)
	expect(oldFiltersError).toThrow(/quotas\.json: （三）7 营收超10亿元企业: rules\.minRevenueCNY: /)
	const wrongLead = (rel: string) => {
		const data = readJson(rel)
		if (rel === 'sample-crm.json') {
			const projects = (data as { projects: { title: string; lead?: number }[] }).projects
			projects[0]!.lead = 0
			projects[1]!.lead = 99
		}
		return data
	}
	expect(() => parseSeedFiles(wrongLead, readText, TODAY)).toThrow(
		/sample-crm\.json: project 稀土集团万吨级分离项目: lead 0 is not a converted lead of 中国稀土集团有限公司/,
	)
	expect(() => parseSeedFiles(wrongLead, readText, TODAY)).toThrow(/sample-crm\.json: project 稀土集团万吨级稀土金属项目 unknown lead 99/)
	const badHistory = (rel: string) => {
		const data = readJson(rel)
		if (rel === 'sample-crm.json') {
			const leads = (data as { leads: { stage: string; createdAt: string; history?: { stage: string; at: string }[] }[] }).leads
			leads[0]!.history = [{ stage: 'visited', at: '-10d' }]
			leads[1]!.history = [
				{ stage: 'contacted', at: '-30d' },
				{ stage: 'negotiating', at: '-40d' },
			]
		}
		return data
	}
	expect(() => parseSeedFiles(badHistory, readText, TODAY)).toThrow(/sample-crm\.json: lead 0: history must end at its stage contacted/)
	expect(() => parseSeedFiles(badHistory, readText, TODAY)).toThrow(
		/sample-crm\.json: lead 1: history move to negotiating on \d{4}-\d{2}-\d{2} is before the one it follows/,
	)
	const badShape = (rel: string) => (rel === 'users.json' ? [{ username: 'x' }] : readJson(rel))
	expect(() => parseSeedFiles(badShape, readText, TODAY)).toThrow(/seeds\/users\.json/)
})

describe('a chain template is checked on its own', () => {
	const link = (key: string, sortOrder: number) => ({ key, name: key, nameEn: key, stage: 'material', unit: 't', source: 'test', sortOrder })
	const edge = (from: string, to: string, factor: number | null = 1, factorLow: number | null = null, factorHigh: number | null = null) => ({
		from,
		to,
		factor,
		factorLow,
		factorHigh,
		factorUnit: null,
		referenceId: null,
		confidence: null,
		source: 'test',
	})
	const template = (changes: Partial<Record<keyof SeedChain, unknown>>) => ({
		slug: 'tiny',
		name: '小链',
		nameEn: 'Tiny',
		region: null,
		source: 'test',
		links: [link('ore', 1), link('oxide', 2), link('metal', 3)],
		edges: [edge('ore', 'oxide', 1.2, 1.1, 1.3), edge('oxide', 'metal', null)],
		...changes,
	})
	const problems = (changes: Partial<Record<keyof SeedChain, unknown>>) => {
		const result = chainTemplateSchema.safeParse(template(changes))
		return result.success ? '' : z.prettifyError(result.error)
	}

	test('a consistent template passes', () => {
		expect(chainTemplateSchema.safeParse(template({})).success).toBe(true)
	})

	test('an edge to a link the chain does not have is named, with its path', () => {
		expect(problems({ edges: [edge('ore', 'no_such_link')] })).toMatch(/edge ore→no_such_link names an unknown link no_such_link\n.*edges\[0\]\.to/)
	})

	test('a link key used twice is rejected', () => {
		expect(problems({ links: [link('ore', 1), link('ore', 2)], edges: [] })).toMatch(/link key ore is used twice\n.*links\[1\]\.key/)
	})

	test('an edge from a link to itself is rejected', () => {
		expect(problems({ edges: [edge('oxide', 'oxide')] })).toMatch(/edge oxide→oxide loops back to its own link/)
	})

	test('a factor outside its low/high range is rejected, at either end', () => {
		expect(problems({ edges: [edge('ore', 'oxide', 1, 1.1, 1.3)] })).toMatch(/edge ore→oxide has factor 1 outside its range 1\.1–1\.3/)
		expect(problems({ edges: [edge('ore', 'oxide', 2, null, 1.3)] })).toMatch(/edge ore→oxide has factor 2 outside its range …–1\.3/)
		expect(problems({ edges: [edge('ore', 'oxide', 1.1, 1.1, 1.1)] })).toBe('')
	})

	test('the same edge twice and a range without a factor are rejected', () => {
		expect(problems({ edges: [edge('ore', 'oxide'), edge('ore', 'oxide')] })).toMatch(/edge ore→oxide is listed twice/)
		expect(problems({ edges: [edge('ore', 'oxide', null, 1, 2)] })).toMatch(/edge ore→oxide has a range but no factor/)
	})
})

test('sample records sit relative to the seed day; facts keep their dates, and a fact cannot be given a relative year', () => {
	const later = parseSeedFiles(readJson, readText, '2028-03-15')
	const figure = (b: typeof bundle, company: string, link: string) =>
		b.companies
			.find((c) => c.name === company)!
			.links.filter((l) => l.link === link)
			.map((l) => l.year)
	// A sample figure moves with the seed's year, a sourced one keeps its own.
	expect(figure(bundle, '中科三环', 'ndfeb_magnet')).toEqual([2025, 2026])
	expect(figure(later, '中科三环', 'ndfeb_magnet')).toEqual([2027, 2028])
	expect(figure(later, '中钨高科（赣州）新材料有限公司', 'catalyst')).toEqual([2026])
	expect(later.documents[0]!.issuedDate).toBe(bundle.documents[0]!.issuedDate)
	expect(later.quotas.map((q) => [q.startYear, q.endYear])).toEqual(bundle.quotas.map((q) => [q.startYear, q.endYear]))
	const lead = (b: typeof bundle) => b.crm.leads.find((l) => l.company === '（示例）北方风电装备有限公司')!
	expect([lead(bundle).createdAt, lead(bundle).nextActionDate]).toEqual(['2026-10-27', '2026-12-15'])
	expect([lead(later).createdAt, lead(later).nextActionDate]).toEqual(['2028-02-04', '2028-03-24'])

	const factWithRelativeYear = (rel: string): unknown => {
		const data = readJson(rel)
		if (rel !== 'companies.json') return data
		const companies = data as { name: string; links: { year: number | string }[] }[]
		companies.find((c) => c.name === '中钨高科（赣州）新材料有限公司')!.links[0]!.year = 'Y'
		return companies
	}
	expect(() => parseSeedFiles(factWithRelativeYear, readText, TODAY)).toThrow(/only a sample figure may have a relative year/)
})

test('on every day of a common and a leap year the sample records resolve into a consistent seed', () => {
	const cache = new Map<string, unknown>()
	const cachedJson = (rel: string) => {
		if (!cache.has(rel)) cache.set(rel, readJson(rel))
		return structuredClone(cache.get(rel))
	}
	for (let time = Date.UTC(2027, 0, 1); time < Date.UTC(2029, 0, 1); time += 86_400_000) {
		const today = new Date(time).toISOString().slice(0, 10)
		// Throws on any problem, stage dates out of order among them.
		const b = parseSeedFiles(cachedJson, readText, today)
		const dates = b.crm.projects.flatMap((p) => [p.negotiatingDate, p.signedDate, p.startedDate, p.producingDate, p.terminatedDate])
		expect(
			dates.every((d) => d === undefined || d <= today),
			today,
		).toBe(true)
		expect(
			b.crm.activities.every((a) => a.date <= today),
			today,
		).toBe(true)
		expect(
			b.crm.projects.every((p) => p.awaitingVerification.every((stage) => p[`${stage}Date`] !== undefined)),
			today,
		).toBe(true)
	}
})
