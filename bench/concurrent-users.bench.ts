// Concurrent users on both engines (issue #12 §5): 50 virtual users with a mixed
// read/write workload (bench/office-load.ts, mix "mixed") for 60 s against the
// production server on SQLite and, when TEST_DATABASE_URL answers, on PostgreSQL,
// the same seed data and generated companies in each. Each engine's 50-user run is
// measured against a light run of 5 users on the same server build and data (the
// baseline of its ratios); the notes compare the engines. The server reports its
// event-loop delay and peak RSS at shutdown (LOAD_REPORT=1). Needs `npm run build`
// first. BENCH_PORT=<port> serves on that port instead of a free one.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { createPrisma } from '~/db.server'
import { generateDemoData } from '~/models/demo-data.server'
import { createUser } from '~/models/user.server'
import { reachPostgres, startServerHint } from '../scripts/postgres.mjs'
import { demoUser } from '../tests/helpers/demo-users'
import { startServer } from '../tests/helpers/server-process'
import { type OfficeLoadResult, percentile, type RequestKind, runOfficeLoad } from './office-load'
import { type Bench, type Tail, type Timing } from './run'
import { createTempDb, createTempPostgresDb } from './temp-db'

const USERS = 50
const DURATION_MS = 60_000
const LIGHT_USERS = 5
const LIGHT_DURATION_MS = 30_000
/** 50 colleagues in 10 s; the light run's 5 in 1 s. */
const ARRIVAL_GAP_MS = 200
const GENERATED = { seed: 20261212, companies: 100_000, leads: 2_000, projects: 500 }

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const tsx = path.join(root, 'node_modules/.bin/tsx')

type Report = { loopDelayMs: { p50: number; p99: number; max: number }; peakRssMb: number }
type Run = { result: OfficeLoadResult; report: Report }
type Engine = { name: 'SQLite' | 'PostgreSQL'; url: string; env: Record<string, string>; generatedMs: number; credentials: Credentials }

async function loadRun(engine: Engine, users: number, durationMs: number): Promise<Run> {
	const port: Record<string, string> = process.env.BENCH_PORT ? { PORT: process.env.BENCH_PORT } : {}
	const server = await startServer({ ...engine.env, ...port, LOAD_REPORT: '1' })
	let result: OfficeLoadResult
	try {
		result = await runOfficeLoad({
			baseUrl: server.baseUrl,
			databaseUrl: engine.url,
			users,
			durationMs,
			importRows: 0,
			mix: 'mixed',
			arrivalGapMs: ARRIVAL_GAP_MS,
			credentials: engine.credentials,
		})
	} finally {
		await server.stop()
	}
	const line = server
		.output()
		.split('\n')
		.find((l) => l.startsWith('load report: '))
	if (!line) throw new Error(`the server printed no load report:\n${server.output()}`)
	return { result, report: JSON.parse(line.slice('load report: '.length)) as Report }
}

const PASSWORD = 'load-test-pass-2026'
type Credentials = Parameters<typeof runOfficeLoad>[0]['credentials']

/** Open leads of the demo colleague it mirrors given to each staff account. */
const LEADS_EACH = 8

/**
 * An office of USERS colleagues, each with an account of their own (sign-ins of one username queue
 * one after another by design, ADR 0009): managers as the demo 领导, staff as the demo 招商专员 (unit and
 * region alike, alternately), and each staff account given LEADS_EACH open leads of the demo colleague
 * it mirrors, to log its visits on.
 */
export async function addColleagues(url: string): Promise<Credentials> {
	const db = createPrisma(url)
	try {
		const template = async (username: string) =>
			db.user.findUniqueOrThrow({ where: { username }, select: { id: true, name: true, unitId: true, regionId: true } })
		const leader = await template(demoUser('manager').username)
		const staffTemplates = [await template('zhang'), await template('lina')]
		const managers: Credentials['managers'] = []
		const staff: Credentials['staff'] = []
		for (let n = 0; n < USERS; n++) {
			const isManager = n % 4 === 0
			const like = isManager ? leader : staffTemplates[n % 2]!
			const username = `load${isManager ? 'm' : 's'}${String(n).padStart(2, '0')}`
			const user = await createUser(
				db,
				{
					username,
					name: `${like.name}${n}`,
					role: isManager ? 'manager' : 'staff',
					password: PASSWORD,
					unitId: like.unitId ?? undefined,
					regionId: like.regionId ?? undefined,
				},
				null,
			)
			;(isManager ? managers : staff).push({ username, password: PASSWORD })
			if (isManager) continue
			const leads = await db.lead.findMany({
				where: { ownerId: like.id, stage: { in: ['new', 'contacted', 'visited', 'negotiating'] } },
				orderBy: { id: 'asc' },
				take: LEADS_EACH,
				select: { id: true },
			})
			await db.lead.updateMany({ where: { id: { in: leads.map((l) => l.id) } }, data: { ownerId: user.id } })
		}
		return { managers, staff }
	} finally {
		await db.$disconnect()
	}
}

/** Seeds the database as `npm start` does, adds the generated companies, and lets SQLite's search index catch up (ADR 0018). */
async function fill(url: string, env: Record<string, string>) {
	const cli = (...args: string[]) => execFileSync(tsx, ['app/cli/main.ts', ...args], { cwd: root, env: { ...process.env, ...env }, stdio: 'pipe' })
	cli('seed')
	const t0 = performance.now()
	await generateDemoData(url, GENERATED)
	const generatedMs = performance.now() - t0
	// A server that has been running has its search index caught up; nothing to do on PostgreSQL (pg_trgm).
	cli('search:reindex')
	return { generatedMs, credentials: await addColleagues(url) }
}

const tailOf = (run: Run): Tail => ({
	requests: run.result.samples.length,
	errors: run.result.failures.length,
	p95Ms: percentile(run.result.samples, 95),
	p99Ms: percentile(run.result.samples, 99),
	maxMs: percentile(run.result.samples, 100),
})

const timing = (key: string, label: string, run: Run, baseline?: string): Timing => ({
	key,
	label,
	medianMs: percentile(run.result.samples, 50),
	p90Ms: percentile(run.result.samples, 90),
	baseline,
	tail: tailOf(run),
})

const KINDS: RequestKind[] = ['login', 'home', 'list', 'search', 'company', 'board', 'lead', 'quotas', 'logVisit', 'moveLead', 'createLead']
const ms = (value: number) => value.toFixed(0)

/** Per kind of request, each engine's 50-user run: requests, failed, p50/p95/p99/max. */
function byKind(runs: { engine: Engine; heavy: Run }[]) {
	const head = `| request | ${runs.map(({ engine }) => `${engine.name}: n | failed | p50 | p95 | p99 | max`).join(' | ')} |`
	const rule = `|---|${runs.map(() => '--:|--:|--:|--:|--:|--:').join('|')}|`
	const rows = KINDS.filter((kind) => runs.some(({ heavy }) => heavy.result.samples.some((s) => s.kind === kind))).map((kind) => {
		const cells = runs.map(({ heavy }) => {
			const of = heavy.result.samples.filter((s) => s.kind === kind)
			const failed = heavy.result.failures.filter((f) => f.kind === kind).length
			return `${of.length} | ${failed} | ${ms(percentile(of, 50))} | ${ms(percentile(of, 95))} | ${ms(percentile(of, 99))} | ${ms(percentile(of, 100))}`
		})
		return `| ${kind} | ${cells.join(' | ')} |`
	})
	return [`Each engine's ${USERS}-user run by kind of request (ms):`, '', head, rule, ...rows].join('\n')
}

/** The first failures of a run, grouped by kind and status, for the notes. */
function failureSummary(run: Run) {
	const groups = new Map<string, { count: number; detail?: string }>()
	for (const failure of run.result.failures) {
		const key = `${failure.kind} ${failure.status}`
		const group = groups.get(key) ?? { count: 0, detail: failure.detail?.replace(/\s+/g, ' ').slice(0, 120) }
		group.count++
		groups.set(key, group)
	}
	return [...groups].map(([key, { count, detail }]) => `${key} ×${count}${detail ? ` (“${detail}”)` : ''}`).join('; ') || 'none'
}

export const concurrentUsersBench: Bench = {
	name: 'concurrent users',
	async run() {
		if (!fs.existsSync(path.join(root, 'build/server/index.js')))
			throw new Error('the concurrent users bench serves the production build: run `npm run build` first')
		const serverUrl = process.env.TEST_DATABASE_URL
		const reach = await reachPostgres(serverUrl)
		if (!reach.ok) process.stderr.write(`  PostgreSQL: no server (${reach.reason}); measuring SQLite only. ${startServerHint}\n`)

		const sqlite = createTempDb()
		const postgres = reach.ok ? await createTempPostgresDb(serverUrl!, 'chainlead_bench_users') : null
		try {
			const engines: Engine[] = []
			process.stderr.write('  SQLite: seeding and generating companies…\n')
			const sqliteEnv = { DATABASE_URL: sqlite.url }
			engines.push({ name: 'SQLite', url: sqlite.url, env: sqliteEnv, ...(await fill(sqlite.url, sqliteEnv)) })
			if (postgres) {
				process.stderr.write('  PostgreSQL: seeding and generating companies…\n')
				const postgresEnv = { DATABASE_URL: postgres.url, DATA_DIR: postgres.dataDir }
				engines.push({ name: 'PostgreSQL', url: postgres.url, env: postgresEnv, ...(await fill(postgres.url, postgresEnv)) })
			}

			const runs: { engine: Engine; light: Run; heavy: Run }[] = []
			for (const engine of engines) {
				process.stderr.write(`  ${engine.name}: ${LIGHT_USERS} users for ${LIGHT_DURATION_MS / 1000} s…\n`)
				const light = await loadRun(engine, LIGHT_USERS, LIGHT_DURATION_MS)
				process.stderr.write(`  ${engine.name}: ${USERS} users for ${DURATION_MS / 1000} s…\n`)
				const heavy = await loadRun(engine, USERS, DURATION_MS)
				process.stderr.write(
					`  ${engine.name}: ${USERS} users p50 ${ms(percentile(heavy.result.samples, 50))} ms, p95 ${ms(percentile(heavy.result.samples, 95))} ms, ${heavy.result.failures.length} failed\n`,
				)
				runs.push({ engine, light, heavy })
			}

			const keys = ['a', 'b', 'c', 'd']
			const timings = runs.flatMap(({ engine, light, heavy }, i) => [
				timing(keys[2 * i]!, `${engine.name}: ${LIGHT_USERS} users, ${LIGHT_DURATION_MS / 1000} s (baseline of ${keys[2 * i + 1]})`, light),
				timing(keys[2 * i + 1]!, `${engine.name}: ${USERS} users, ${DURATION_MS / 1000} s`, heavy, keys[2 * i]),
			])
			const [first, second] = runs
			const engineRatio =
				first && second
					? `${second.engine.name} ÷ ${first.engine.name} at ${USERS} users: p50 ${(percentile(second.heavy.result.samples, 50) / percentile(first.heavy.result.samples, 50)).toFixed(2)}×, p95 ${(percentile(second.heavy.result.samples, 95) / percentile(first.heavy.result.samples, 95)).toFixed(2)}×, p99 ${(percentile(second.heavy.result.samples, 99) / percentile(first.heavy.result.samples, 99)).toFixed(2)}× (d/b).`
					: `PostgreSQL not measured: no server answered at TEST_DATABASE_URL (${reach.ok ? '' : reach.reason}).`
			return {
				title: `Concurrent users: ${USERS} users, mixed reads and writes, SQLite and PostgreSQL`,
				dataset: `The seed data plus \`demo:generate\`'s generator (seed ${GENERATED.seed}): ${GENERATED.companies.toLocaleString('en')} companies, ${GENERATED.leads.toLocaleString('en')} leads, ${GENERATED.projects} projects, written into each engine (PostgreSQL by multi-row INSERTs), served by \`node server/index.mjs\` (production build) with DATABASE_URL on that engine; the PostgreSQL server runs on the same machine. ${USERS} virtual users (bench/office-load.ts, mix “mixed”), each with an account of their own, a quarter of them managers (as the demo 领导, whose home page carries the year's quota figures) and the rest staff (as the demo 招商专员, ${LEADS_EACH} open leads each), arrive one every ${ARRIVAL_GAP_MS} ms and sign in once, then click through eight pages a round with 1–3 s of think time: the home dashboard; a visit logged (staff) or a lead moved (managers); a lead page (staff) or a new lead (managers); the companies list (staff) or the quota dashboard (managers); a search; a company page; the lead board; the company or lead list. Each engine's baseline is a light run of ${LIGHT_USERS} users for ${LIGHT_DURATION_MS / 1000} s on the same data, just before. Times are whole HTTP requests, sign-ins included; “failed” counts errors and unexpected statuses.`,
				baselineKey: 'a',
				showTail: true,
				timings,
				notes: [
					engineRatio,
					`Data written in: ${runs.map(({ engine }) => `${engine.name} ${(engine.generatedMs / 1000).toFixed(1)} s`).join(', ')} (the generator only; seeding apart).`,
					`Failures: ${runs.map(({ engine, light, heavy }) => `${engine.name} ${LIGHT_USERS} users: ${failureSummary(light)}; ${USERS} users: ${failureSummary(heavy)}`).join('. ')}.`,
					`Writes stored (visits, lead moves, new leads): ${runs.map(({ engine, light, heavy }) => `${engine.name} ${light.result.writes.visits + heavy.result.writes.visits}, ${light.result.writes.moves + heavy.result.writes.moves}, ${light.result.writes.leads + heavy.result.writes.leads}`).join('; ')} over both runs.`,
					`Server event-loop delay at ${USERS} users (monitorEventLoopDelay, 10 ms resolution): ${runs.map(({ engine, heavy }) => `${engine.name} p50 ${heavy.report.loopDelayMs.p50} ms, p99 ${heavy.report.loopDelayMs.p99} ms, max ${heavy.report.loopDelayMs.max} ms`).join('; ')}.`,
					`Server peak RSS (the Node process; PostgreSQL's own processes apart): ${runs.map(({ engine, light, heavy }) => `${engine.name} ${light.report.peakRssMb} MB at ${LIGHT_USERS} users, ${heavy.report.peakRssMb} MB at ${USERS}`).join('; ')}.`,
				],
				appendix: byKind(runs),
			}
		} finally {
			sqlite.remove()
			await postgres?.remove()
		}
	},
}
