// The quota dashboard's data at CRM scale: the seed data (17 quotas of the 赣县区
// plan) plus 100,000 generated companies and 5,000 projects from demo:generate's
// generator. Times `loadQuotaProgress` for every quota and per quota kind, and
// the dashboard's data as its loader reads it (figures, list sizes, five counted
// items a quota), against a floor of raw better-sqlite3 computing each quota's
// actual (and the units' shares) straight in SQL, the fastest we found.
import { execFileSync } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import Database from 'better-sqlite3'
import { createPrisma, type Db } from '~/db.server'
import { unitFactor } from '~/domain/quota/count-sum'
import { type CountWindow, windowBounds } from '~/domain/quota/count-window'
import { countByStatus, DASHBOARD_LIMITS, dashboardRow, orderByDocument } from '~/domain/quota/dashboard'
import { type QuotaProgress } from '~/domain/quota/progress'
import { type CompanyRules, parseQuotaRules, type ProjectRules, QUOTA_KINDS, type QuotaKind, type SumRules } from '~/domain/quota/rules'
import { rankUnits } from '~/domain/quota/unit-ranking'
import { type RegionScope } from '~/domain/region/scope'
import { copySqliteToPostgres } from '~/models/database-copy.server'
import { generateDemoData } from '~/models/demo-data.server'
import { loadQuotaProgress } from '~/models/quota-progress.server'
import { listQuotaSources } from '~/models/quota-source.server'
import { seedDatabase } from '~/models/seed.server'
import { prepareInsert } from '~/models/sqlite-bulk.server'
import { reachPostgres, startServerHint } from '../scripts/postgres.mjs'
import { AS_OF, dashboardCases, YEAR } from './quota-dashboard-cases'
import { type Bench, type Case, type Timing } from './run'
import { createTempDb, createTempPostgresDb } from './temp-db'

const SEED = 20250103
const COMPANIES = 100_000
const PROJECTS = 5_000
/** The generator's "today": projects reach their last stage within the year before it. */
const NOW = new Date(`${AS_OF}T04:00:00Z`)
/** Manual quotas get an entry per quarter of these years; the one after AS_OF must not count. */
const MANUAL_YEARS = [2024, 2025]
const QUARTER_ENDS = ['03-31', '06-30', '09-30', '12-31']

/** What a quota adds up to: the actual, how many items make it, and each responsible unit's share (projects only). */
type Figure = { actual: number; items: number; units: Map<string, number> }

const STAGE_COLUMN = { signed: '"signedDate"', started: '"startedDate"', producing: '"producingDate"' } as const
const COUNTED_INVESTMENT = `CASE p."type" WHEN 'capital_increase' THEN p."incrementCNY" ELSE p."investmentCNY" END`
const IN_JSON = 'IN (SELECT value FROM json_each(?))'

/** Conditions on ChainLink `l` for a quota's chains and links; lists are bound as JSON. */
function linkConditions(rules: { chainSlugs: string[]; linkKeys: string[] }, params: unknown[]) {
	const conditions: string[] = []
	if (rules.chainSlugs.length > 0) {
		conditions.push(`l."chainId" IN (SELECT "id" FROM "Chain" WHERE "slug" ${IN_JSON})`)
		params.push(JSON.stringify(rules.chainSlugs))
	}
	if (rules.linkKeys.length > 0) {
		conditions.push(`l."key" ${IN_JSON}`)
		params.push(JSON.stringify(rules.linkKeys))
	}
	return conditions
}

// Per company (a link or two each) against the set of chosen links; `+` keeps SQLite from probing the
// (companyId, linkId) index once per chosen link, which is slower when a chain has dozens.
const companyAtLinks = (rules: { chainSlugs: string[]; linkKeys: string[] }, params: unknown[]) => {
	const conditions = linkConditions(rules, params)
	return conditions.length === 0
		? []
		: [
				`EXISTS (SELECT 1 FROM "CompanyLink" f WHERE f."companyId" = c."id" AND +f."linkId" IN (SELECT l."id" FROM "ChainLink" l WHERE ${conditions.join(' AND ')}))`,
			]
}

const where = (conditions: string[]) => (conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '')

const nextDay = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10)

/**
 * The floor: each quota's figure in one hand-written statement (manual quotas:
 * the year's entries up to asOf), from the same rows the app reads. Statements
 * are prepared once per SQL text and reused, as a hand-tuned loader would.
 */
function quotaFloor(sql: Database.Database) {
	const statements = new Map<string, Database.Statement>()
	const prepared = (text: string) => {
		const found = statements.get(text)
		if (found) return found
		const statement = sql.prepare(text)
		statements.set(text, statement)
		return statement
	}
	const quotas = sql.prepare(`SELECT "id", "kind", "filters", coalesce("normalizedUnit", "unit") AS "unit" FROM "Quota" WHERE "kind" ${IN_JSON}`)
	const manualEntries = sql
		.prepare(
			`SELECT "value" FROM "QuotaManualEntry" WHERE "quotaId" = ? AND "year" = ? AND substr("date", 1, 10) <= ?
			ORDER BY substr("date", 1, 10) DESC, "createdAt" DESC`,
		)
		.pluck()

	function projects(rules: ProjectRules, window: CountWindow): Figure {
		const { from, to } = windowBounds(window)
		const stage = STAGE_COLUMN[rules.countStage]
		const params: unknown[] = [from, nextDay(to), window.asOf]
		const conditions = [
			`p.${stage} >= ? AND p.${stage} < ?`,
			`CASE WHEN p."terminatedDate" IS NOT NULL THEN substr(p."terminatedDate", 1, 10) > ? ELSE p."stage" <> 'terminated' END`,
			`(p."type" <> 'capital_increase' OR p."incrementCNY" > 0)`,
		]
		const links = linkConditions(rules, params)
		if (links.length > 0) {
			conditions.push(
				`EXISTS (SELECT 1 FROM "ProjectLink" pl JOIN "ChainLink" l ON l."id" = pl."linkId" WHERE pl."projectId" = p."id" AND ${links.join(' AND ')})`,
			)
		}
		if (rules.projectTypes.length > 0) {
			conditions.push(`p."type" ${IN_JSON}`)
			params.push(JSON.stringify(rules.projectTypes))
		}
		if (rules.clusterLeadingOnly) conditions.push('p."isClusterLeading" = 1')
		if (rules.minInvestmentCNY !== null) {
			conditions.push(`${COUNTED_INVESTMENT} >= ?`)
			params.push(rules.minInvestmentCNY)
		}
		const rows = prepared(
			`SELECT p."responsibleUnitId" AS "unitId", count(*) AS "items", coalesce(sum(${COUNTED_INVESTMENT}), 0) AS "investment"
			FROM "Project" p WHERE ${conditions.join(' AND ')} GROUP BY p."responsibleUnitId"`,
		).all(...params) as { unitId: string | null; items: number; investment: number }[]
		const amount = (row: (typeof rows)[number]) => (rules.measure === 'count' ? row.items : row.investment)
		return {
			actual: rows.reduce((sum, row) => sum + amount(row), 0),
			items: rows.reduce((sum, row) => sum + row.items, 0),
			units: new Map(rows.flatMap((row) => (row.unitId === null ? [] : [[row.unitId, amount(row)]]))),
		}
	}

	function companies(rules: CompanyRules, year: number): Figure {
		const params: unknown[] = []
		const conditions: string[] = []
		if (rules.anyTag.length > 0) {
			const granted = rules.newInYear ? 't."grantedYear" = ?' : '(t."grantedYear" IS NULL OR t."grantedYear" <= ?)'
			// From the tag index: the holders of a tag are a few thousand of the register.
			conditions.push(`c."id" IN (SELECT t."companyId" FROM "CompanyTag" t WHERE t."tag" ${IN_JSON} AND ${granted})`)
			params.push(JSON.stringify(rules.anyTag), year)
		}
		if (rules.localOnly) conditions.push('c."isLocal" = 1')
		conditions.push(...companyAtLinks({ chainSlugs: rules.chainSlugs, linkKeys: [] }, params))
		if (rules.minRevenueCNY !== null) {
			conditions.push('c."revenueCNY" >= ?')
			params.push(rules.minRevenueCNY)
		}
		const items = prepared(`SELECT count(*) FROM "Company" c ${where(conditions)}`)
			.pluck()
			.get(...params) as number
		return { actual: items, items, units: new Map() }
	}

	function sum(rules: SumRules, normalizedUnit: string, year: number): Figure {
		const params: unknown[] = []
		if (rules.figure === 'revenue') {
			if (normalizedUnit !== 'CNY') return { actual: 0, items: 0, units: new Map() }
			const conditions = ['c."revenueCNY" IS NOT NULL', ...(rules.localOnly ? ['c."isLocal" = 1'] : []), ...companyAtLinks(rules, params)]
			const row = prepared(`SELECT count(*) AS "items", coalesce(sum(c."revenueCNY"), 0) AS "actual" FROM "Company" c ${where(conditions)}`).get(...params) as {
				items: number
				actual: number
			}
			return { ...row, units: new Map() }
		}
		const column = rules.figure === 'capacity' ? '"capacity"' : '"output"'
		// The chosen links' figures through the (linkId, year) index, then their companies (CROSS JOIN keeps that order).
		const links = `SELECT l."id" FROM "ChainLink" l ${where(linkConditions(rules, params))}`
		params.push(year)
		const local = rules.localOnly ? 'CROSS JOIN "Company" c ON c."id" = f."companyId" AND c."isLocal" = 1' : ''
		const rows = prepared(
			`SELECT l."unit" AS "unit", count(*) AS "items", sum(f.${column}) AS "total"
			FROM "CompanyLink" f JOIN "ChainLink" l ON l."id" = f."linkId" ${local}
			WHERE f."linkId" IN (${links}) AND f."year" = ? AND f.${column} IS NOT NULL GROUP BY l."unit"`,
		).all(...params) as { unit: string; items: number; total: number }[]
		const convertible = rows.flatMap((row) => {
			const factor = unitFactor(row.unit, normalizedUnit)
			return factor === null ? [] : [{ items: row.items, amount: row.total * factor }]
		})
		return { actual: convertible.reduce((s, r) => s + r.amount, 0), items: convertible.reduce((s, r) => s + r.items, 0), units: new Map() }
	}

	function manual(quotaId: string, window: CountWindow): Figure {
		const values = manualEntries.all(quotaId, window.year, window.asOf) as number[]
		return { actual: values[0] ?? 0, items: values.length, units: new Map() }
	}

	return (kinds: readonly QuotaKind[], window: CountWindow) => {
		const rows = quotas.all(JSON.stringify(kinds)) as { id: string; kind: string; filters: string; unit: string }[]
		return new Map(
			rows.map((q): [string, Figure] => {
				const { rules } = parseQuotaRules(q.kind, q.filters)
				switch (rules.kind) {
					case 'projects':
						return [q.id, projects(rules.rules, window)]
					case 'companies_with_tag':
						return [q.id, companies(rules.rules, window.year)]
					case 'sum':
						return [q.id, sum(rules.rules, q.unit, window.year)]
					case 'manual':
						return [q.id, manual(q.id, window)]
				}
			}),
		)
	}
}

/** Same within float rounding: the app adds item by item, SQLite sums first. */
const same = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b))

/** Every quota's actual, item count and unit shares must agree, or the ratio means nothing. */
function checkAgreement(progress: QuotaProgress[], floor: Map<string, Figure>) {
	if (progress.length !== floor.size) throw new Error(`loadQuotaProgress gave ${progress.length} quotas, the floor ${floor.size}`)
	for (const q of progress) {
		const f = floor.get(q.quotaId)
		const what = `${q.metric} (${q.kind})`
		if (!f) throw new Error(`the floor has no figure for ${what}`)
		if (!same(q.actual, f.actual) || q.counts.items !== f.items) {
			throw new Error(`${what}: loadQuotaProgress counts ${q.actual} from ${q.counts.items} items, the floor ${f.actual} from ${f.items}`)
		}
		for (const u of q.units) {
			if (!same(u.actual, f.units.get(u.unitId) ?? 0)) throw new Error(`${what}: unit ${u.unitName} has ${u.actual}, the floor ${f.units.get(u.unitId) ?? 0}`)
		}
	}
}

/** Quarter-end figures for every manual quota, entered by the seeded manager. */
function addManualEntries(sql: Database.Database) {
	const userId = sql.prepare(`SELECT "id" FROM "User" WHERE "role" = 'manager' ORDER BY "username" LIMIT 1`).pluck().get() as string
	const quotaIds = sql.prepare(`SELECT "id" FROM "Quota" WHERE "kind" = 'manual' ORDER BY "id"`).pluck().all() as string[]
	const insert = prepareInsert(sql, 'QuotaManualEntry', ['id', 'quotaId', 'year', 'value', 'evidence', 'date', 'userId', 'createdAt'])
	let entries = 0
	sql.transaction(() => {
		for (const [n, quotaId] of quotaIds.entries()) {
			for (const year of MANUAL_YEARS) {
				for (const [quarter, monthDay] of QUARTER_ENDS.entries()) {
					const date = new Date(`${year}-${monthDay}T00:00:00Z`)
					insert({
						id: `bench-entry-${++entries}`,
						quotaId,
						year,
						value: n + quarter + 1,
						evidence: `${year}年第${quarter + 1}季度统计报表`,
						date,
						userId,
						createdAt: date,
					})
				}
			}
		}
	})()
	return entries
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
let postgresSkipped = 'no server'

/**
 * The dashboard cases on PostgreSQL, when a server is reachable (TEST_DATABASE_URL): the bench's SQLite file
 * copied into a temporary database, timed by bench/quota-postgres.ts in a process of its own.
 */
async function postgresColumn(sqliteFile: string): Promise<{ timings: Timing[]; copyMs: number } | null> {
	const serverUrl = process.env.TEST_DATABASE_URL
	const reach = await reachPostgres(serverUrl)
	if (!reach.ok) {
		postgresSkipped = `no server: ${reach.reason}`
		process.stderr.write(`  PostgreSQL: no server (${reach.reason}); measuring SQLite only. ${startServerHint}\n`)
		return null
	}
	const pg = await createTempPostgresDb(serverUrl!, 'chainlead_bench_quota')
	try {
		process.stderr.write('  PostgreSQL: copying the database…\n')
		const started = performance.now()
		await copySqliteToPostgres({ sqliteFile, postgresUrl: pg.url, targetDataDir: pg.dataDir })
		const copyMs = Math.round(performance.now() - started)
		const out = execFileSync(path.join(root, 'node_modules/.bin/tsx'), [path.join(root, 'bench/quota-postgres.ts')], {
			cwd: root,
			env: { ...process.env, DATABASE_URL: pg.url, DATA_DIR: pg.dataDir },
			stdio: ['ignore', 'pipe', 'inherit'],
			maxBuffer: 1 << 20,
		})
		return { timings: JSON.parse(out.toString()) as Timing[], copyMs }
	} finally {
		await pg.remove()
	}
}

export const quotaBench: Bench = {
	name: 'quota dashboard at 100,000 companies',
	async run(measure) {
		process.stderr.write('  migrating, seeding and generating data…\n')
		const { file, url, remove } = createTempDb()
		let raw: Database.Database | undefined
		let prisma: Db | undefined
		try {
			prisma = createPrisma(url)
			const db = prisma
			await seedDatabase(db)
			const generated = await generateDemoData(url, { companies: COMPANIES, leads: 0, projects: PROJECTS, seed: SEED, now: NOW })
			raw = new Database(file)
			const sql = raw
			// The generator records no year of 认定: spread the generated tags over 2018–2026 (last id digit 0–8), unknown for digit 9.
			const datedTags = sql
				.prepare(
					`UPDATE "CompanyTag" SET "grantedYear" = CASE substr("companyId", -1) WHEN '9' THEN NULL ELSE 2018 + CAST(substr("companyId", -1) AS INTEGER) END
					WHERE "companyId" LIKE 'demo-%'`,
				)
				.run().changes
			const manualEntries = addManualEntries(sql)
			const window: CountWindow = { year: YEAR, asOf: AS_OF }
			// As an admin sees them: every quota of the installation.
			const scope: RegionScope = { kind: 'all' }
			const floor = quotaFloor(sql)
			// As the dashboard loads it: figures and list sizes, the first counted items only.
			const app = (quotaIds?: string[]) => () => loadQuotaProgress(db, { ...window, scope, quotaIds, limits: DASHBOARD_LIMITS })

			const progress = await app()()
			// The full lists (as 年考核 and the quota page read them), for the notes below.
			const full = await loadQuotaProgress(db, { ...window, scope })
			const figures = floor(QUOTA_KINDS, window)
			checkAgreement(progress, figures)
			const kindsPresent = QUOTA_KINDS.filter((kind) => progress.some((q) => q.kind === kind))
			const idsOf = (kind: QuotaKind) => progress.filter((q) => q.kind === kind).map((q) => q.quotaId)

			// Cases come in pairs, floor first: each ratio divides by its own floor.
			let keys = 0
			const nextKey = () => 'abcdefghijklmnopqrstuvwxyz'[keys++]!
			const pair = (name: string, rawFn: () => unknown, appFn: () => unknown, appOptions: string): Case[] => {
				const [rawKey, appKey] = [nextKey(), nextKey()]
				return [
					{ key: rawKey, label: `${name}: raw SQL, one statement per quota (baseline)`, fn: rawFn, baseline: rawKey },
					{
						key: appKey,
						label: `${name}: \`loadQuotaProgress(db, { ${appOptions}, limits: DASHBOARD_LIMITS })\``,
						fn: appFn,
						setup: countedWrite,
						baseline: rawKey,
					},
				]
			}
			const allKey = 'a'
			// Every revision row moved before each run, as a write to a table every quota reads moves them (ADR 0036, 0043):
			// the figures are counted, not answered from the cache.
			const countedWrite = () => sql.prepare('UPDATE "QuotaInputRevision" SET "value" = "value" + 1').run()
			const sources = await listQuotaSources(db)
			const dashboardWork = () => ({
				statusCounts: countByStatus(progress),
				rows: orderByDocument(progress.map(dashboardRow), sources),
				ranking: rankUnits(progress),
			})
			const timings = await measure([
				...pair(`all ${progress.length} quotas`, () => floor(QUOTA_KINDS, window), app(), `year: ${YEAR}, asOf: '${AS_OF}'`),
				...kindsPresent.flatMap((kind) => pair(`\`${kind}\` quotas (${idsOf(kind).length})`, () => floor([kind], window), app(idsOf(kind)), '…, quotaIds')),
				// The /quotas loader's data after a write of each kind (ADR 0043), against the floor of all quotas.
				...(await dashboardCases(db, 'SQLite')).map((c) => ({ ...c, key: nextKey(), baseline: allKey })),
			])
			// A failed PostgreSQL column is said in the notes; the SQLite figures stand.
			const postgres = await postgresColumn(file).catch((error: unknown) => {
				postgresSkipped = `failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`
				process.stderr.write(`  PostgreSQL: ${postgresSkipped}\n`)
				return null
			})
			// About a millisecond of pure work: a ratio against the floor's hundreds would print 0.00×, so it goes in a note.
			const [pure] = await measure([{ key: 'pure', label: 'dashboard work on a loaded result', fn: dashboardWork }])

			const n = (value: number) => value.toLocaleString('en')
			const count = (table: string) => sql.prepare(`SELECT count(*) FROM "${table}"`).pluck().get() as number
			const perKind = kindsPresent.map((kind) => {
				const quotas = full.filter((q) => q.kind === kind)
				const items = quotas.reduce((s, q) => s + q.items.length, 0)
				const excluded = quotas.reduce((s, q) => s + q.excluded.length, 0)
				const pipeline = quotas.reduce((s, q) => s + q.pipeline.length, 0)
				return `${kind} ${quotas.length} (${n(items)} items, ${n(excluded)} excluded, ${n(pipeline)} in the pipeline)`
			})
			const actuals = progress.map((q) => `${q.metric} ${n(Math.round(q.actual * 100) / 100)} ${q.normalizedUnit} (${n(q.counts.items)})`)
			const ranking = rankUnits(progress)
			const statuses = Object.entries(countByStatus(progress)).map(([status, c]) => `${status} ${c}`)
			return {
				title: 'Quota dashboard: the seeded quotas at 100,000 companies',
				dataset: [
					`The seed data (${progress.length} quotas of the 赣县区 plan) plus \`demo:generate\`'s generator (seed ${SEED}, “today” ${AS_OF}):`,
					`${n(generated.companies)} sample companies (${n(generated.tags)} tags, ${n(generated.figures)} chain figures for ${YEAR}) and ${n(generated.projects)} projects,`,
					`${n(count('Company'))} companies and ${n(count('Project'))} projects in all. **Generated in ${n(generated.ms)} ms.** The generator records no year of 认定:`,
					`the bench dates ${n(datedTags)} generated tags 2018–2026 by the last digit of the company id (unknown for 9), and adds ${n(manualEntries)} quarterly`,
					`entries to the manual quotas (${MANUAL_YEARS.join(', ')}). Progress for ${YEAR} as of ${AS_OF}. The floor reads each quota's rules and computes its`,
					'actual (and each responsible unit’s share) in one SQL statement; `loadQuotaProgress` reads what the dashboard shows: the figures, each list’s size,',
					'whether sample data counted, and the first five counted items (companies and sums counted in SQL; projects counted with their 核验 in JavaScript).',
				].join(' '),
				timings: [...timings, ...(postgres?.timings ?? [])],
				baselineKey: allKey,
				showCpu: true,
				notes: [
					postgres
						? `PostgreSQL (cases p1–p5): the same database copied by \`copySqliteToPostgres\` (${n(postgres.copyMs)} ms) into a PostgreSQL server on this machine, timed in a child process (bench/quota-postgres.ts; the SQL dialect follows DATABASE_URL) after the SQLite cases, so not interleaved with them; ratios against p1, every quota counted again on PostgreSQL (no hand-written PostgreSQL floor yet); CPU is the Node process's only, not the server's.`
						: `PostgreSQL: not measured (${postgresSkipped}).`,
					`Both paths agree on every quota's actual, item count and unit shares: ${actuals.join('; ')}.`,
					`Per kind: ${perKind.join('; ')}. Statuses: ${statuses.join(', ')}; ${ranking.length} units ranked.`,
					`\`countByStatus\`, \`dashboardRow\`s, \`orderByDocument\` and \`rankUnits\` on a loaded result (no database): median ${pure!.medianMs.toFixed(2)} ms, p90 ${pure!.p90Ms.toFixed(2)} ms.`,
				],
			}
		} finally {
			raw?.close()
			await prisma?.$disconnect()
			remove()
		}
	},
}
