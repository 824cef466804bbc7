// The quota counting as it was before figures moved into SQL (commit 317e4e1's
// app/models/quota-progress.server.ts, verbatim but for its name and imports):
// every fact loaded into JavaScript and counted by app/domain/quota, companies
// and sums by the rules now kept in quota-rules-reference.ts. Kept as the
// reference tests/integration/quota-sql-counting.test.ts proves the SQL path equal to.
import { type Db } from '~/db.server'
import { countedFactsOf, type CountedFactsSource } from '~/domain/project/counted-facts'
import { STAGE_DATE_SELECT } from '~/domain/project/stages'
import { type StoredEvidence, VERIFIED_STAGES, type VerificationState, verificationState, type VerifiedStage } from '~/domain/project/verification'
import { countManual, type ManualEntryFacts } from '~/domain/quota/count-manual'
import { countProjects, type ProjectFacts } from '~/domain/quota/count-projects'
import { unitProgress } from '~/domain/quota/count-units'
import { type CountResult, type CountWindow, windowBounds } from '~/domain/quota/count-window'
import { memberStanding } from '~/domain/quota/members'
import { cumulativeSeries, forecastOf, paceOn, quotaStatus, valueInYear, yearTarget } from '~/domain/quota/pace'
import { type QuotaItem, type QuotaProgress } from '~/domain/quota/progress'
import { type CompanyRules, parseQuotaRules, type QuotaRules, type SumRules } from '~/domain/quota/rules'
import { readSources } from '~/domain/quota/target-review'
import { type CountedInRegion, regionBreakdown, sumByRegion } from '~/domain/region/reach'
import { type Prisma } from '~/generated/prisma/client'
import { QUOTA_TARGET_SELECT, QUOTA_UNITS_SELECT } from '~/models/quota.server'
import { formatDate } from '~/utils/format'
import { type CompanyFacts, countCompanies, countSum, type LinkFigureFacts, type RevenueFacts } from './quota-rules-reference'

const day = (value: Date | null) => (value ? formatDate(value) : null)

function loadQuotas(db: Db, quotaIds?: string[]) {
	return db.quota.findMany({
		where: quotaIds ? { id: { in: quotaIds } } : {},
		orderBy: [{ documentId: { sort: 'asc', nulls: 'first' } }, { createdAt: 'asc' }],
		select: {
			id: true,
			...QUOTA_TARGET_SELECT,
			createdAt: true,
			units: QUOTA_UNITS_SELECT,
			region: { select: { id: true, name: true, nameEn: true } },
		},
	})
}

type LinkRef = { chainSlug: string; linkKey: string; linkName: string; linkNameEn: string; linkUnit: string }

/** Every chain link by id (a small table): the big queries below select link ids only and are joined here. */
async function loadLinks(db: Db) {
	const rows = await db.chainLink.findMany({ select: { id: true, key: true, name: true, nameEn: true, unit: true, chain: { select: { slug: true } } } })
	return new Map<string, LinkRef>(
		rows.map((l) => [l.id, { chainSlug: l.chain.slug, linkKey: l.key, linkName: l.name, linkNameEn: l.nameEn, linkUnit: l.unit }]),
	)
}

const linkRefs = (links: Map<string, LinkRef>, ids: string[]) =>
	ids.flatMap((id) => {
		const link = links.get(id)
		return link ? [{ chainSlug: link.chainSlug, linkKey: link.linkKey, linkName: link.linkName, linkNameEn: link.linkNameEn }] : []
	})

/**
 * The projects that can count in `year` or still reach a counting stage in it:
 * one that was in production before the year began reached every counting stage
 * before it too, so older projects are left out as history grows.
 */
async function loadProjects(db: Db, year: number, links: Map<string, LinkRef>): Promise<(ProjectFacts & { unitNameEn: string | null })[]> {
	const rows = await db.project.findMany({
		where: { OR: [{ producingDate: null }, { producingDate: { gte: new Date(`${year}-01-01T00:00:00Z`) } }] },
		orderBy: [{ signedDate: { sort: 'asc', nulls: 'first' } }, { title: 'asc' }],
		select: {
			id: true,
			title: true,
			type: true,
			investmentCNY: true,
			incrementCNY: true,
			stage: true,
			...STAGE_DATE_SELECT,
			isClusterLeading: true,
			isSample: true,
			responsibleUnitId: true,
			company: { select: { id: true, name: true } },
			responsibleUnit: { select: { id: true, name: true, nameEn: true } },
			links: { select: { linkId: true } },
			evidence: { select: { stage: true, status: true, verifiedFacts: true } },
		},
	})
	return rows.map((p) => ({
		id: p.id,
		title: p.title,
		companyId: p.company.id,
		companyName: p.company.name,
		type: p.type,
		investmentCNY: Number(p.investmentCNY),
		incrementCNY: p.incrementCNY === null ? null : Number(p.incrementCNY),
		stage: p.stage,
		negotiatingDate: day(p.negotiatingDate),
		signedDate: day(p.signedDate),
		startedDate: day(p.startedDate),
		producingDate: day(p.producingDate),
		terminatedDate: day(p.terminatedDate),
		unitId: p.responsibleUnit?.id ?? null,
		unitName: p.responsibleUnit?.name ?? null,
		unitNameEn: p.responsibleUnit?.nameEn ?? null,
		isClusterLeading: p.isClusterLeading,
		isSample: p.isSample,
		links: linkRefs(
			links,
			p.links.map((l) => l.linkId),
		),
		verification: stageVerification(p),
	}))
}

/** 核验 of each counted stage, from the evidence rows and the project's counted facts as they stand. */
function stageVerification(
	project: Omit<CountedFactsSource, 'linkIds'> & { links: { linkId: string }[]; evidence: (StoredEvidence & { stage: string })[] },
): Record<VerifiedStage, VerificationState> {
	const facts = countedFactsOf({ ...project, linkIds: project.links.map((l) => l.linkId) })
	const evidence = new Map(project.evidence.map((e) => [e.stage, e]))
	return Object.fromEntries(VERIFIED_STAGES.map((stage) => [stage, verificationState(stage, evidence.get(stage) ?? null, facts).state])) as Record<
		VerifiedStage,
		VerificationState
	>
}

function linkScope(chainSlugs: string[], linkKeys: string[]): Prisma.CompanyWhereInput {
	if (chainSlugs.length === 0 && linkKeys.length === 0) return {}
	const chain = chainSlugs.length > 0 ? { chain: { slug: { in: chainSlugs } } } : {}
	const key = linkKeys.length > 0 ? { key: { in: linkKeys } } : {}
	return { links: { some: { link: { ...chain, ...key } } } }
}

/**
 * The companies some quota may count or list, as SQL; undefined = all. Tag
 * quotas need every holder of the tag (those failing another condition are
 * listed); the others need only local companies at their chains. The counting
 * applies every condition again: this only spares loading the rest.
 */
function companyScope(companyRules: CompanyRules[], revenueRules: SumRules[]): Prisma.CompanyWhereInput | undefined {
	const scopes: Prisma.CompanyWhereInput[] = [
		...companyRules.map((r) =>
			r.anyTag.length > 0 ? { tags: { some: { tag: { in: r.anyTag } } } } : { ...(r.localOnly ? { isLocal: true } : {}), ...linkScope(r.chainSlugs, []) },
		),
		...revenueRules.map((r) => ({ ...(r.localOnly ? { isLocal: true } : {}), ...linkScope(r.chainSlugs, r.linkKeys) })),
	]
	return scopes.some((scope) => Object.keys(scope).length === 0) ? undefined : { OR: scopes }
}

/**
 * Companies with their tags and the links they hold figures at (any year): the
 * facts of tag and revenue quotas. Three flat queries joined here — a register
 * of 50,000 companies loads in a fraction of the time nested selects take.
 */
async function loadCompanies(db: Db, scope: Prisma.CompanyWhereInput | undefined, links: Map<string, LinkRef>): Promise<(CompanyFacts & RevenueFacts)[]> {
	const byCompany = scope ? { company: scope } : {}
	const [companies, tags, companyLinks] = await Promise.all([
		// Sorted here, not by ORDER BY: SQLite would walk the name index over every company and test the scope in that
		// order, 3× slower at 100,000 companies (docs/benchmarks.md). Code-unit order is SQLite's BINARY order for CJK names.
		db.company
			.findMany({ where: scope, select: { id: true, name: true, isLocal: true, isSample: true, revenueCNY: true } })
			.then((rows) => rows.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))),
		db.companyTag.findMany({ where: byCompany, select: { companyId: true, tag: true, grantedYear: true } }),
		db.companyLink.findMany({ where: byCompany, distinct: ['companyId', 'linkId'], select: { companyId: true, linkId: true } }),
	])
	const tagsOf = groupBy(tags, (t) => t.companyId)
	const linkIdsOf = groupBy(companyLinks, (l) => l.companyId)
	return companies.map((c) => {
		const refs = linkRefs(
			links,
			(linkIdsOf.get(c.id) ?? []).map((l) => l.linkId),
		)
		return {
			id: c.id,
			name: c.name,
			isLocal: c.isLocal,
			isSample: c.isSample,
			revenueCNY: c.revenueCNY === null ? null : Number(c.revenueCNY),
			tags: (tagsOf.get(c.id) ?? []).map(({ tag, grantedYear }) => ({ tag, grantedYear })),
			links: refs,
			chainSlugs: [...new Set(refs.map((l) => l.chainSlug))],
		}
	})
}

function groupBy<T>(rows: T[], key: (row: T) => string) {
	const groups = new Map<string, T[]>()
	for (const row of rows) {
		const k = key(row)
		const group = groups.get(k)
		if (group) group.push(row)
		else groups.set(k, [row])
	}
	return groups
}

/** The year's capacity/output figures, only at the links some sum quota looks at (null = every link). */
async function loadLinkFigures(db: Db, year: number, linkIds: string[] | null, links: Map<string, LinkRef>): Promise<LinkFigureFacts[]> {
	const rows = await db.companyLink.findMany({
		where: { year, ...(linkIds ? { linkId: { in: linkIds } } : {}) },
		// Ties by id, as the SQL counting lists them (SQLite happened to return them so; PostgreSQL need not).
		orderBy: [{ company: { name: 'asc' } }, { id: 'asc' }],
		select: {
			id: true,
			linkId: true,
			year: true,
			capacity: true,
			output: true,
			isSample: true,
			company: { select: { id: true, name: true, isLocal: true, isSample: true } },
		},
	})
	return rows.flatMap((f) => {
		const link = links.get(f.linkId)
		if (!link) return []
		return [
			{
				id: f.id,
				companyId: f.company.id,
				companyName: f.company.name,
				isLocal: f.company.isLocal,
				isSample: f.isSample || f.company.isSample,
				...link,
				year: f.year,
				capacity: f.capacity,
				output: f.output,
			},
		]
	})
}

/** Link ids the sum quotas' figures can come from; null when one of them looks at every link. */
function sumLinkIds(rules: SumRules[], links: Map<string, LinkRef>) {
	if (rules.some((r) => r.chainSlugs.length === 0 && r.linkKeys.length === 0)) return null
	return [...links]
		.filter(([, l]) =>
			rules.some((r) => (r.chainSlugs.length === 0 || r.chainSlugs.includes(l.chainSlug)) && (r.linkKeys.length === 0 || r.linkKeys.includes(l.linkKey))),
		)
		.map(([id]) => id)
}

async function loadManualEntries(db: Db, quotaIds: string[], year: number) {
	const rows = await db.quotaManualEntry.findMany({
		where: { quotaId: { in: quotaIds }, year },
		orderBy: [{ date: 'asc' }, { createdAt: 'asc' }],
		select: { id: true, quotaId: true, year: true, value: true, evidence: true, date: true, createdAt: true, user: { select: { name: true } } },
	})
	const byQuota = new Map<string, ManualEntryFacts[]>()
	for (const e of rows) {
		const facts = {
			id: e.id,
			year: e.year,
			value: e.value,
			evidence: e.evidence,
			date: formatDate(e.date),
			createdAt: e.createdAt.toISOString(),
			userName: e.user.name,
		}
		byQuota.set(e.quotaId, [...(byQuota.get(e.quotaId) ?? []), facts])
	}
	return byQuota
}

/**
 * Progress of every quota (or the given ones) in `year` as of `asOf`. Loads
 * each kind of fact once for all quotas — projects with their links, companies,
 * the year's link figures, manual entries — and counts in app/domain/quota.
 */
export async function loadQuotaProgressReference(
	db: Db,
	opts: { year: number; asOf: string; quotaIds?: string[] },
): Promise<Omit<QuotaProgress, 'counts' | 'hasSample'>[]> {
	const window: CountWindow = { year: opts.year, asOf: opts.asOf }
	const quotas = (await loadQuotas(db, opts.quotaIds)).map((q) => ({ ...q, parsed: parseQuotaRules(q.kind, q.filters) }))
	const kinds = new Set(quotas.map((q) => q.parsed.rules.kind))
	const sumRules = quotas.flatMap((q) => (q.parsed.rules.kind === 'sum' ? [q.parsed.rules.rules] : []))
	const companyRules = quotas.flatMap((q) => (q.parsed.rules.kind === 'companies_with_tag' ? [q.parsed.rules.rules] : []))
	const revenueRules = sumRules.filter((r) => r.figure === 'revenue')
	const figureRules = sumRules.filter((r) => r.figure !== 'revenue')
	const manualIds = quotas.filter((q) => q.parsed.rules.kind === 'manual').map((q) => q.id)
	const links = [...kinds].some((kind) => kind !== 'manual') ? await loadLinks(db) : new Map<string, LinkRef>()
	const [projects, companies, figures, manualEntries] = await Promise.all([
		kinds.has('projects') ? loadProjects(db, opts.year, links) : [],
		companyRules.length > 0 || revenueRules.length > 0 ? loadCompanies(db, companyScope(companyRules, revenueRules), links) : [],
		figureRules.length > 0 ? loadLinkFigures(db, opts.year, sumLinkIds(figureRules, links), links) : [],
		manualIds.length > 0 ? loadManualEntries(db, manualIds, opts.year) : new Map<string, ManualEntryFacts[]>(),
	])
	const unitNames = new Map(
		projects.filter((p) => p.unitId !== null).map((p) => [p.unitId!, { unitId: p.unitId!, unitName: p.unitName!, unitNameEn: p.unitNameEn ?? p.unitName! }]),
	)
	const { to, yearEnd } = windowBounds(window)
	const regions = await db.region.findMany({ orderBy: { code: 'asc' }, select: { id: true, parentId: true, name: true, nameEn: true } })

	return Promise.all(
		quotas.map(async (q) => {
			const normalizedUnit = q.normalizedUnit ?? q.unit
			const counted = count(q.parsed.rules, { projects, companies, figures, manual: manualEntries.get(q.id) ?? [], normalizedUnit }, window)
			const targetFacts = { ...q, createdYear: q.createdAt.getUTCFullYear() }
			const due = yearTarget(targetFacts, opts.year)
			const target = due?.target ?? q.normalizedValue ?? q.value
			const actual = counted.actual ?? counted.items.reduce((sum, item) => sum + item.amount, 0)
			const awaitingActual = counted.awaiting.reduce((sum, item) => sum + item.amount, 0)
			const pace = due ? paceOn(targetFacts, target, opts.year, opts.asOf) : 0
			const byRegion = q.parsed.rules.kind === 'manual' ? [] : regionBreakdown(regions, q.region?.id ?? null, await countedByRegion(db, counted.items))
			const members = memberStanding(q.members, q.op, target, byRegion)
			const status = (figure: number) => quotaStatus(q.op, { actual: figure, target, pace, due: due !== null, yearOver: opts.asOf >= yearEnd })
			return {
				quotaId: q.id,
				section: q.section,
				metric: q.metric,
				excerpt: q.excerpt,
				kind: q.kind,
				op: q.op,
				// A staged target's value for the year (ADR 0042).
				...valueInYear(targetFacts, opts.year),
				unit: q.unit,
				normalizedUnit,
				period: q.period,
				startYear: q.startYear,
				endYear: q.endYear,
				year: opts.year,
				asOf: opts.asOf,
				target,
				targetMax: due?.targetMax ?? null,
				actual,
				pace,
				status:
					members.weakest === null ? status(actual) : members.memberProgress.every((m) => m.met) && due !== null ? status(target) : status(members.weakest),
				awaitingActual,
				forecast: forecastOf(actual + awaitingActual, counted.pipeline),
				items: counted.items,
				awaiting: counted.awaiting,
				excluded: counted.excluded,
				pipeline: counted.pipeline,
				cumulative: cumulativeSeries(counted.items, { asOf: to, level: q.parsed.rules.kind === 'manual' }),
				units: unitProgress(
					q.units.map((u) => ({ unitId: u.unit.id, unitName: u.unit.name, unitNameEn: u.unit.nameEn, position: u.position, target: u.target })),
					counted.items,
					unitNames,
				),
				region: q.region,
				regions: byRegion,
				problems: [q.parsed.problem, ...counted.problems].filter((p) => p !== null),
				yearValues: q.yearValues,
				sources: readSources(q.sources),
				members: q.members,
				memberProgress: members.memberProgress,
				membersMet: members.membersMet,
			}
		}),
	)
}

/** The counted items summed by the region of their project, company, or a figure's company, each read by its own query. */
async function countedByRegion(db: Db, items: QuotaItem[]): Promise<CountedInRegion[]> {
	const ids = items.map((item) => item.id)
	const [projects, companies, figures] = await Promise.all([
		db.project.findMany({ where: { id: { in: ids } }, select: { id: true, regionId: true } }),
		db.company.findMany({ where: { id: { in: ids } }, select: { id: true, regionId: true } }),
		db.companyLink.findMany({ where: { id: { in: ids } }, select: { id: true, company: { select: { regionId: true } } } }),
	])
	const regionOf = new Map<string, string | null>([
		...projects.map((p) => [p.id, p.regionId] as const),
		...companies.map((c) => [c.id, c.regionId] as const),
		...figures.map((f) => [f.id, f.company.regionId] as const),
	])
	return sumByRegion(items, regionOf)
}

type Facts = {
	projects: ProjectFacts[]
	companies: (CompanyFacts & RevenueFacts)[]
	figures: LinkFigureFacts[]
	manual: ManualEntryFacts[]
	normalizedUnit: string
}

/** Dispatches to the kind's counting; `actual` is set only where it is not the sum of the items (manual levels). */
function count(rules: QuotaRules, facts: Facts, window: CountWindow): CountResult & { actual?: number } {
	switch (rules.kind) {
		case 'projects':
			return countProjects(rules.rules, facts.projects, window)
		case 'companies_with_tag':
			return countCompanies(rules.rules, facts.companies, window)
		case 'sum':
			return countSum(rules.rules, { figures: facts.figures, companies: facts.companies }, facts.normalizedUnit, window)
		case 'manual':
			return countManual(facts.manual, window)
	}
}
