import { z } from 'zod'
import { ROLES } from '~/domain/auth/roles'
import { LINK_STAGES } from '~/domain/chain/link-stages'
import { projectAsOf, resolveSampleDate, resolveSampleYear, sampleDateSpec, sampleYearSpec } from '~/domain/demo/sample-dates'
import { TARGET_OPS, TARGET_PERIODS } from '~/domain/policy/target'
import { PROJECT_STAGES, PROJECT_TYPES, stageDateProblems } from '~/domain/project/stages'
import { VERIFIED_STAGES } from '~/domain/project/verification'
import { companyRulesSchema, manualRulesSchema, projectRulesSchema, QUOTA_KINDS, quotaRulesSchema, sumRulesSchema } from '~/domain/quota/rules'

// Schemas of the files in seeds/ (see seeds/README.md). Pure: the caller reads files.

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD')
const source = z.string().min(1, 'every fact needs a source')
export const COMPANY_TAGS = ['zhuanjingtexin', 'xiaojuren', 'gaoxin', 'danxiangguanjun', 'lianzhu', 'guishang'] as const

const regionsFile = z.array(
	z.object({
		code: z.string().min(1),
		name: z.string().min(1),
		nameEn: z.string().min(1),
		kind: z.enum(['province', 'city', 'county', 'park']),
		parent: z.string().optional(),
	}),
)
const unitsFile = z.array(z.object({ name: z.string().min(1), nameEn: z.string().min(1), region: z.string().nullable() }))

const chainFile = z.object({
	slug: z.string().regex(/^[a-z0-9-]+$/),
	name: z.string().min(1),
	nameEn: z.string().min(1),
	description: z.string().nullable().optional(),
	region: z.string().nullable(),
	source,
	links: z.array(
		z.object({
			key: z.string().regex(/^[a-z0-9_]+$/),
			name: z.string().min(1),
			nameEn: z.string().min(1),
			stage: z.enum(LINK_STAGES),
			unit: z.string().min(1),
			description: z.string().optional(),
			source,
			sortOrder: z.number().int(),
		}),
	),
	edges: z.array(
		z.object({
			from: z.string(),
			to: z.string(),
			// null = factor unknown; never filled with a guess
			factor: z.number().positive().nullable(),
			factorLow: z.number().nonnegative().nullable(),
			factorHigh: z.number().positive().nullable(),
			factorUnit: z.string().nullable(),
			referenceId: z.string().nullable(),
			confidence: z.string().nullable(),
			source,
		}),
	),
})
export type SeedChain = z.infer<typeof chainFile>

type ChainProblem = { path: (string | number)[]; message: string }

/** Problems inside one chain: its edges must join its own, distinct links, and a factor must lie in its range. */
export function chainProblems(chain: SeedChain) {
	const problems: ChainProblem[] = []
	const keys = new Set<string>()
	chain.links.forEach((l, i) => {
		if (keys.has(l.key)) problems.push({ path: ['links', i, 'key'], message: `link key ${l.key} is used twice` })
		keys.add(l.key)
	})
	const edges = new Set<string>()
	chain.edges.forEach((e, i) => {
		const edge = `edge ${e.from}→${e.to}`
		for (const end of ['from', 'to'] as const) {
			if (!keys.has(e[end])) problems.push({ path: ['edges', i, end], message: `${edge} names an unknown link ${e[end]}` })
		}
		if (e.from === e.to) problems.push({ path: ['edges', i, 'to'], message: `${edge} loops back to its own link` })
		if (edges.has(edge)) problems.push({ path: ['edges', i], message: `${edge} is listed twice` })
		edges.add(edge)
		if (e.factor === null && (e.factorLow !== null || e.factorHigh !== null)) {
			problems.push({ path: ['edges', i, 'factor'], message: `${edge} has a range but no factor` })
		}
		if (e.factor !== null && ((e.factorLow !== null && e.factorLow > e.factor) || (e.factorHigh !== null && e.factor > e.factorHigh))) {
			problems.push({ path: ['edges', i, 'factor'], message: `${edge} has factor ${e.factor} outside its range ${e.factorLow ?? '…'}–${e.factorHigh ?? '…'}` })
		}
	})
	return problems
}

/** A chain template (`chain:export` / `chain:import`): the seed chain format, checked on its own. */
export const chainTemplateSchema = chainFile.superRefine((chain, ctx) => {
	for (const problem of chainProblems(chain)) ctx.addIssue({ code: 'custom', ...problem })
})

const companiesFile = z.array(
	z.object({
		name: z.string().min(1),
		shortName: z.string().nullable(),
		formerNames: z.array(z.string()),
		uscc: z.string().nullable(),
		kind: z.enum(['enterprise', 'institution']),
		isLocal: z.boolean(),
		region: z.string().nullable(),
		tags: z.array(z.enum(COMPANY_TAGS)),
		revenueCNY: z.number().int().nonnegative().nullable(),
		employees: z.number().int().nonnegative().nullable(),
		description: z.string(),
		source,
		isSample: z.boolean(),
		links: z.array(
			z.object({
				chain: z.string(),
				link: z.string(),
				/** A year as written, or (sample figures only) "Y" / "Y-1" from the seed day's year. */
				year: z.union([z.number().int().min(2000).max(2100), sampleYearSpec]),
				capacity: z.number().nonnegative().nullable(),
				output: z.number().nonnegative().nullable(),
				source,
				isSample: z.boolean(),
			}),
		),
	}),
)

const documentsFile = z.array(
	z.object({
		key: z.string(),
		title: z.string().min(1),
		docNumber: z.string().nullable(),
		issuer: z.string().nullable(),
		issuedDate: isoDate.nullable(),
		region: z.string().nullable(),
		textFile: z.string(),
	}),
)

const quotasFile = z.array(
	z.object({
		document: z.string(),
		section: z.string(),
		excerpt: z.string().min(1),
		metric: z.string().min(1),
		kind: z.enum(QUOTA_KINDS),
		op: z.enum(TARGET_OPS),
		value: z.number(),
		valueMax: z.number().nullable(),
		unit: z.string().min(1),
		normalizedValue: z.number().nullable(),
		normalizedUnit: z.string().nullable(),
		period: z.enum(TARGET_PERIODS),
		startYear: z.number().int().nullable(),
		endYear: z.number().int().nullable(),
		filters: z.record(z.string(), z.unknown()),
		units: z.array(z.string()),
	}),
)

const usersFile = z.array(
	z.object({
		username: z.string().min(3),
		name: z.string().min(1),
		role: z.enum(ROLES),
		unit: z.string().nullable(),
		password: z.string().min(8),
	}),
)

const sampleCrmFile = z.object({
	leads: z.array(
		z.object({
			company: z.string(),
			owner: z.string(),
			unit: z.string().nullable(),
			stage: z.enum(['new', 'contacted', 'visited', 'negotiating', 'converted', 'dropped']),
			priority: z.enum(['high', 'medium', 'low']),
			source: z.enum(['expo', 'business', 'fund', 'agent', 'walk_in', 'chain_gap', 'other']),
			nextActionDate: sampleDateSpec.nullable(),
			/** When the lead was recorded; its stage history starts then. */
			createdAt: sampleDateSpec.default('0d'),
			/**
			 * The moves since it was recorded (as 新线索), oldest first, ending at `stage`; without them the
			 * history is the current stage alone, from createdAt. The 链上转化 funnel reads its stage days from it.
			 */
			history: z.array(z.object({ stage: z.enum(['new', 'contacted', 'visited', 'negotiating', 'converted', 'dropped']), at: sampleDateSpec })).default([]),
			notes: z.string().nullable(),
			isSample: z.literal(true),
		}),
	),
	activities: z.array(
		z.object({
			kind: z.enum(['visit', 'meeting', 'call', 'inspection', 'signing']),
			date: sampleDateSpec,
			people: z.string().nullable(),
			notes: z.string().nullable(),
			company: z.string(),
			lead: z.number().int().nonnegative().nullable(),
			user: z.string(),
			isSample: z.literal(true),
		}),
	),
	projects: z.array(
		z.object({
			title: z.string().min(1),
			company: z.string(),
			type: z.enum(PROJECT_TYPES),
			investmentCNY: z.number().int().positive(),
			incrementCNY: z.number().int().positive().nullable(),
			stage: z.enum(PROJECT_STAGES),
			negotiatingDate: sampleDateSpec.optional(),
			signedDate: sampleDateSpec.optional(),
			startedDate: sampleDateSpec.optional(),
			producingDate: sampleDateSpec.optional(),
			terminatedDate: sampleDateSpec.optional(),
			responsibleUnit: z.string(),
			isClusterLeading: z.boolean(),
			links: z.array(z.string()),
			/** The sample lead (its index in `leads`) the project was converted from, if any. */
			lead: z.number().int().nonnegative().optional(),
			source,
			isSample: z.literal(true),
			/**
			 * Counted stages the demo leaves awaiting a manager's 核验 (with a sample document
			 * number), to show the workflow; every other reached counted stage is seeded as verified sample data.
			 */
			awaitingVerification: z.array(z.enum(VERIFIED_STAGES)).default([]),
		}),
	),
})

type CompanyEntry = z.infer<typeof companiesFile>[number]
type SampleCrmEntries = z.infer<typeof sampleCrmFile>

/** The seed as of the day it runs: every sample date and year resolved (YYYY-MM-DD, numbers). */
export type SeedBundle = {
	regions: z.infer<typeof regionsFile>
	units: z.infer<typeof unitsFile>
	chains: SeedChain[]
	companies: (Omit<CompanyEntry, 'links'> & { links: (Omit<CompanyEntry['links'][number], 'year'> & { year: number })[] })[]
	documents: (z.infer<typeof documentsFile>[number] & { text: string })[]
	quotas: z.infer<typeof quotasFile>
	users: z.infer<typeof usersFile>
	crm: {
		leads: (Omit<SampleCrmEntries['leads'][number], 'nextActionDate' | 'createdAt'> & { nextActionDate: string | null; createdAt: string })[]
		activities: SampleCrmEntries['activities']
		projects: NonNullable<ReturnType<typeof projectAsOf<SampleCrmEntries['projects'][number]>>>[]
	}
}

export const CHAIN_FILES = ['chains/rare-earth-ganxian.json', 'chains/lithium-battery-sample.json']

export class SeedFileError extends Error {}

function parseFile<T>(schema: z.ZodType<T>, file: string, data: unknown): T {
	const result = schema.safeParse(data)
	if (!result.success) throw new SeedFileError(`seeds/${file}: ${z.prettifyError(result.error)}`)
	return result.data
}

/** Figures written relative to the seed day must be sample data: facts keep the year they have. */
function relativeYearProblems(companies: CompanyEntry[]) {
	return companies.flatMap((c) =>
		c.links
			.filter((l) => typeof l.year === 'string' && !l.isSample)
			.map((l) => `companies.json: ${c.name} ${l.link}: only a sample figure may have a relative year`),
	)
}

/**
 * The sample records as of `today` (ADR 0021): lead, activity and project dates
 * resolved; activities not yet due and projects not yet begun left out, later
 * project stages not yet reached left out; sample figure years resolved.
 */
function resolveSampleRecords(companies: CompanyEntry[], crm: SampleCrmEntries, today: string): Pick<SeedBundle, 'companies' | 'crm'> {
	const day = (spec: string) => resolveSampleDate(spec, today)
	return {
		companies: companies.map((c) => ({
			...c,
			links: c.links.map((l) => ({ ...l, year: resolveSampleYear(l.year, today) })),
		})),
		crm: {
			leads: crm.leads.map((l) => ({
				...l,
				nextActionDate: l.nextActionDate === null ? null : day(l.nextActionDate),
				createdAt: day(l.createdAt),
				history: l.history.map((h) => ({ ...h, at: day(h.at) })),
			})),
			activities: crm.activities.map((a) => ({ ...a, date: day(a.date) })).filter((a) => a.date <= today),
			projects: crm.projects.flatMap((p) => projectAsOf(p, today) ?? []),
		},
	}
}

/**
 * Reads and validates every seed file, then checks that their references agree,
 * with the sample records placed relative to `today` (YYYY-MM-DD, the seed day).
 */
export function parseSeedFiles(readJson: (relPath: string) => unknown, readText: (relPath: string) => string, today: string): SeedBundle {
	const documents = parseFile(documentsFile, 'documents.json', readJson('documents.json'))
	const companies = parseFile(companiesFile, 'companies.json', readJson('companies.json'))
	const crm = parseFile(sampleCrmFile, 'sample-crm.json', readJson('sample-crm.json'))
	const bundle: SeedBundle = {
		regions: parseFile(regionsFile, 'regions.json', readJson('regions.json')),
		units: parseFile(unitsFile, 'units.json', readJson('units.json')),
		chains: CHAIN_FILES.map((file) => parseFile(chainFile, file, readJson(file))),
		documents: documents.map((d) => ({ ...d, text: readText(d.textFile) })),
		quotas: parseFile(quotasFile, 'quotas.json', readJson('quotas.json')),
		users: parseFile(usersFile, 'users.json', readJson('users.json')),
		...resolveSampleRecords(companies, crm, today),
	}
	const problems = [...relativeYearProblems(companies), ...crossReferenceProblems(bundle)]
	if (problems.length > 0) throw new SeedFileError(`seeds/ references do not agree:\n- ${problems.join('\n- ')}`)
	return bundle
}

const RULE_FIELDS = {
	projects: projectRulesSchema.shape,
	companies_with_tag: companyRulesSchema.shape,
	sum: sumRulesSchema.shape,
	manual: manualRulesSchema.shape,
}

/**
 * A quota's filters must be counting rules of its kind (app/domain/quota/rules.ts):
 * the schema drops fields it does not know, so a misspelt or old-style field
 * (`tag`, `link`) would be ignored silently — it is refused here — and every
 * chain and link named must exist.
 */
function quotaRuleProblems(q: SeedBundle['quotas'][number], linkKeys: Map<string, Set<string>>) {
	const problems = Object.keys(q.filters)
		.filter((field) => !(field in RULE_FIELDS[q.kind]))
		.map((field) => `unknown filter ${field} for kind ${q.kind}`)
	// The schema's own messages, for whoever edits the seed file (the app shows a problem code instead).
	const parsed = quotaRulesSchema.safeParse({ kind: q.kind, rules: q.filters })
	if (!parsed.success) return [...problems, ...parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)]
	const rules = parsed.data
	if (rules.kind === 'manual') return problems
	const chains = rules.rules.chainSlugs
	chains.forEach((slug) => linkKeys.has(slug) || problems.push(`unknown chain ${slug}`))
	if ('linkKeys' in rules.rules) {
		const known = chains.length > 0 ? chains : [...linkKeys.keys()]
		for (const key of rules.rules.linkKeys) if (!known.some((slug) => linkKeys.get(slug)?.has(key))) problems.push(`unknown link ${key}`)
	}
	return problems
}

function crossReferenceProblems(b: SeedBundle) {
	const problems: string[] = []
	const regions = new Set(b.regions.map((r) => r.code))
	const units = new Set(b.units.map((u) => u.name))
	const companies = new Set(b.companies.map((c) => c.name))
	const users = new Set(b.users.map((u) => u.username))
	const docs = new Map(b.documents.map((d) => [d.key, d.text]))
	const linkKeys = new Map(b.chains.map((c) => [c.slug, new Set(c.links.map((l) => l.key))]))
	const allLinkKeys = new Set(b.chains.flatMap((c) => c.links.map((l) => l.key)))
	const region = (file: string, code: string | null | undefined) => {
		if (code && !regions.has(code)) problems.push(`${file}: unknown region ${code}`)
	}

	b.regions.forEach((r) => region('regions.json', r.parent))
	b.units.forEach((u) => region('units.json', u.region))
	for (const chain of b.chains) {
		region(`chain ${chain.slug}`, chain.region)
		chainProblems(chain).forEach((p) => problems.push(`chain ${chain.slug}: ${p.message}`))
	}
	for (const c of b.companies) {
		region('companies.json', c.region)
		if (!c.isSample && c.name.startsWith('（示例）')) problems.push(`companies.json: ${c.name} is named as sample but not flagged`)
		if (c.isSample && !c.name.startsWith('（示例）')) problems.push(`companies.json: sample company ${c.name} must be named （示例）…`)
		for (const l of c.links) {
			if (!linkKeys.get(l.chain)?.has(l.link)) problems.push(`companies.json: ${c.name} → unknown link ${l.chain}/${l.link}`)
		}
	}
	for (const q of b.quotas) {
		const text = docs.get(q.document)
		if (text === undefined) problems.push(`quotas.json: unknown document ${q.document}`)
		else if (!text.includes(q.excerpt)) problems.push(`quotas.json: excerpt not found in ${q.document}: ${q.excerpt}`)
		q.units.forEach((u) => units.has(u) || problems.push(`quotas.json: unknown unit ${u}`))
		if (q.op === 'range' && (q.valueMax === null || q.valueMax < q.value)) problems.push(`quotas.json: range ${q.section} needs valueMax ≥ value`)
		quotaRuleProblems(q, linkKeys).forEach((p) => problems.push(`quotas.json: ${q.section} ${q.metric}: ${p}`))
	}
	for (const u of b.users) if (u.unit && !units.has(u.unit)) problems.push(`users.json: unknown unit ${u.unit}`)
	b.crm.leads.forEach((l, i) => {
		if (!companies.has(l.company)) problems.push(`sample-crm.json: lead ${i} unknown company ${l.company}`)
		if (!users.has(l.owner)) problems.push(`sample-crm.json: lead ${i} unknown owner ${l.owner}`)
		if (l.unit && !units.has(l.unit)) problems.push(`sample-crm.json: lead ${i} unknown unit ${l.unit}`)
		if (l.history.length > 0 && l.history.at(-1)!.stage !== l.stage) problems.push(`sample-crm.json: lead ${i}: history must end at its stage ${l.stage}`)
		l.history.reduce((previous, h) => {
			if (h.at < previous) problems.push(`sample-crm.json: lead ${i}: history move to ${h.stage} on ${h.at} is before the one it follows`)
			return h.at
		}, l.createdAt)
	})
	b.crm.activities.forEach((a, i) => {
		if (!companies.has(a.company)) problems.push(`sample-crm.json: activity ${i} unknown company ${a.company}`)
		if (!users.has(a.user)) problems.push(`sample-crm.json: activity ${i} unknown user ${a.user}`)
		if (a.lead !== null && !b.crm.leads[a.lead]) problems.push(`sample-crm.json: activity ${i} unknown lead ${a.lead}`)
	})
	for (const p of b.crm.projects) {
		if (!companies.has(p.company)) problems.push(`sample-crm.json: project ${p.title} unknown company ${p.company}`)
		if (!units.has(p.responsibleUnit)) problems.push(`sample-crm.json: project ${p.title} unknown unit ${p.responsibleUnit}`)
		p.links.forEach((k) => allLinkKeys.has(k) || problems.push(`sample-crm.json: project ${p.title} unknown link ${k}`))
		if (p.lead !== undefined) {
			const lead = b.crm.leads[p.lead]
			if (!lead) problems.push(`sample-crm.json: project ${p.title} unknown lead ${p.lead}`)
			else if (lead.stage !== 'converted' || lead.company !== p.company)
				problems.push(`sample-crm.json: project ${p.title}: lead ${p.lead} is not a converted lead of ${p.company}`)
		}
		if ((p.type === 'capital_increase') !== (p.incrementCNY !== null))
			problems.push(`sample-crm.json: project ${p.title}: incrementCNY is for 增资 only, and 增资 needs it`)
		const toDate = (s?: string) => (s ? new Date(s) : null)
		const dateProblems = stageDateProblems({
			stage: p.stage,
			negotiatingDate: toDate(p.negotiatingDate),
			signedDate: toDate(p.signedDate),
			startedDate: toDate(p.startedDate),
			producingDate: toDate(p.producingDate),
			terminatedDate: toDate(p.terminatedDate),
		})
		dateProblems.forEach((d) => problems.push(`sample-crm.json: project ${p.title}: ${d}`))
	}
	return problems
}
