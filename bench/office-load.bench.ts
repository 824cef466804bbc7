// The office under load (issue #11): 20 virtual users on the production server
// for 60 s (bench/office-load.ts), once with nobody importing (the baseline) and
// once while one of them commits a 50,000-row companies CSV through the import
// page, on the seed data plus 100,000 generated companies. Latencies are whole
// HTTP requests as the users' clients saw them; the server reports its event-loop
// delay and peak RSS at shutdown (LOAD_REPORT=1). Needs `npm run build` first.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { generateDemoData } from '~/models/demo-data.server'
import { demoUser, demoUserNamed } from '../tests/helpers/demo-users'
import { startServer } from '../tests/helpers/server-process'
import { type OfficeLoadResult, percentile, runOfficeLoad } from './office-load'
import { type Bench, type Timing } from './run'
import { createTempDb } from './temp-db'

const USERS = 20
const DURATION_MS = 60_000
const IMPORT_ROWS = 50_000
const GENERATED_COMPANIES = 100_000

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

type Run = { result: OfficeLoadResult; report: { loopDelayMs: { p50: number; p99: number; max: number }; peakRssMb: number } }

async function officeRun(databaseUrl: string, importRows: number): Promise<Run> {
	const server = await startServer({ DATABASE_URL: databaseUrl, LOAD_REPORT: '1' })
	let result: OfficeLoadResult
	try {
		result = await runOfficeLoad({
			baseUrl: server.baseUrl,
			databaseUrl,
			users: USERS,
			durationMs: DURATION_MS,
			importRows,
			credentials: { managers: [demoUser('manager')], staff: [demoUserNamed('zhang'), demoUserNamed('lina')] },
		})
	} finally {
		await server.stop()
	}
	const line = server
		.output()
		.split('\n')
		.find((l) => l.startsWith('load report: '))
	if (!line) throw new Error(`the server printed no load report:\n${server.output()}`)
	return { result, report: JSON.parse(line.slice('load report: '.length)) as Run['report'] }
}

const timing = (key: string, label: string, samples: OfficeLoadResult['samples'], baseline?: string): Timing => ({
	key,
	label,
	medianMs: percentile(samples, 50),
	p90Ms: percentile(samples, 90),
	baseline,
})

const spread = (samples: OfficeLoadResult['samples']) =>
	`p95 ${percentile(samples, 95).toFixed(0)} ms, p99 ${percentile(samples, 99).toFixed(0)} ms, max ${percentile(samples, 100).toFixed(0)} ms over ${samples.length} requests`

/** p50/p95 of each kind of request, so a slow page stands out. */
const byKind = (samples: OfficeLoadResult['samples']) =>
	[...new Set(samples.map((s) => s.kind))]
		.sort()
		.map((kind) => {
			const of = samples.filter((s) => s.kind === kind)
			return `${kind} ${percentile(of, 50).toFixed(0)}/${percentile(of, 95).toFixed(0)} ms (${of.length})`
		})
		.join(', ')

export const officeLoadBench: Bench = {
	name: 'office load import',
	async run() {
		if (!fs.existsSync(path.join(root, 'build/server/index.js')))
			throw new Error('the office load bench serves the production build: run `npm run build` first')
		const db = createTempDb()
		try {
			process.stderr.write('  seeding and generating companies…\n')
			execFileSync(path.join(root, 'node_modules/.bin/tsx'), ['app/cli/main.ts', 'seed'], {
				cwd: root,
				env: { ...process.env, DATABASE_URL: db.url },
				stdio: 'pipe',
			})
			await generateDemoData(db.url, { seed: 20261206, companies: GENERATED_COMPANIES, leads: 2_000, projects: 500 })
			// As on a server that has been running: the search index has caught up (ADR 0018).
			execFileSync(path.join(root, 'node_modules/.bin/tsx'), ['app/cli/main.ts', 'search:reindex'], {
				cwd: root,
				env: { ...process.env, DATABASE_URL: db.url },
				stdio: 'pipe',
			})
			const baselineFile = path.join(db.dir, 'baseline.db')
			fs.copyFileSync(db.file, baselineFile)

			process.stderr.write(`  ${USERS} users for ${DURATION_MS / 1000} s, nobody importing…\n`)
			const quiet = await officeRun(`file:${baselineFile}`, 0)
			process.stderr.write(`  ${USERS} users for ${DURATION_MS / 1000} s while ${IMPORT_ROWS.toLocaleString('en')} rows are imported…\n`)
			const busy = await officeRun(db.url, IMPORT_ROWS)
			const imported = busy.result.importResult
			if (imported?.status !== 'committed' || imported.created !== IMPORT_ROWS) throw new Error(`the import did not commit whole: ${JSON.stringify(imported)}`)

			const during = busy.result.samples.filter((s) => s.during)
			const writesDuring = during.filter((s) => s.kind === 'logVisit' || s.kind === 'moveLead' || s.kind === 'login')
			const failures = [...quiet.result.failures, ...busy.result.failures]
			return {
				title: `Office load: ${USERS} users while a ${IMPORT_ROWS.toLocaleString('en')}-row import commits`,
				dataset: `The seed data plus ${GENERATED_COMPANIES.toLocaleString('en')} generated companies (seed 20261206), served by \`node server/index.mjs\` (production build). ${USERS} virtual users (bench/office-load.ts) arrive one every half second and sign in once, then list and search companies, open the lead board, log visits (staff) and move leads (managers), with 1–3 s of think time, for ${DURATION_MS / 1000} s. In the second run one more user uploads a ${IMPORT_ROWS.toLocaleString('en')}-row companies CSV and commits it through the import page. Times are whole HTTP requests; “median” is p50 and the p90 column is p90.`,
				baselineKey: 'a',
				timings: [
					timing('a', 'every request, nobody importing (baseline)', quiet.result.samples),
					timing('b', 'every request of the run with the import', busy.result.samples),
					timing('c', 'requests made while the import was being checked and written', during),
					timing('d', 'sign-ins, visits and moves (writes) made while the import ran', writesDuring),
				],
				notes: [
					`Failed requests (an error or an unexpected status): ${failures.length}. The import committed ${imported.created.toLocaleString('en')} rows in ${(imported.ms / 1000).toFixed(1)} s from upload to commit.`,
					`Spread: a ${spread(quiet.result.samples)}; b ${spread(busy.result.samples)}; c ${spread(during)}; d ${spread(writesDuring)}.`,
					`By kind, nobody importing: ${byKind(quiet.result.samples)}; with the import: ${byKind(busy.result.samples)}.`,
					`Writes stored: ${quiet.result.writes.visits + busy.result.writes.visits} visits and ${quiet.result.writes.moves + busy.result.writes.moves} lead moves over both runs.`,
					`Server event-loop delay (monitorEventLoopDelay, 10 ms resolution): baseline p50 ${quiet.report.loopDelayMs.p50} ms, p99 ${quiet.report.loopDelayMs.p99} ms, max ${quiet.report.loopDelayMs.max} ms; with the import p50 ${busy.report.loopDelayMs.p50} ms, p99 ${busy.report.loopDelayMs.p99} ms, max ${busy.report.loopDelayMs.max} ms.`,
					`Server peak RSS: ${quiet.report.peakRssMb} MB without the import, ${busy.report.peakRssMb} MB with it.`,
				],
			}
		} finally {
			db.remove()
		}
	},
}
