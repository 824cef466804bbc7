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
import { type CountWindow } from '~/domain/quota/count-window'
import { countByStatus, DASHBOARD_LIMITS, dashboardRow, orderByDocument } from '~/domain/quota/dashboard'
import { QUOTA_KINDS, type QuotaKind } from '~/domain/quota/rules'
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
import { checkAgreement, sqliteQuotaFloor } from './quota-floor'
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
			const floor = sqliteQuotaFloor(sql)
			// As the dashboard loads it: figures and list sizes, the first counted items only.
			const app = (quotaIds?: string[]) => () => loadQuotaProgress(db, { ...window, scope, quotaIds, limits: DASHBOARD_LIMITS })

			const progress = await app()()
			// The full lists (as 年考核 and the quota page read them), for the notes below.
			const full = await loadQuotaProgress(db, { ...window, scope })
			const figures = await floor(QUOTA_KINDS, window)
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
						? `PostgreSQL (cases p0–p5): the same database copied by \`copySqliteToPostgres\` (${n(postgres.copyMs)} ms) into a PostgreSQL server on this machine, timed in a child process (bench/quota-postgres.ts; the SQL dialect follows DATABASE_URL) after the SQLite cases, so not interleaved with them; ratios against p0, the floor's statements in PostgreSQL's dialect on a raw \`pg\` client (bench/quota-floor.ts), checked to agree with the app on PostgreSQL; CPU is the Node process's only, not the server's.`
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
