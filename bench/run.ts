// `npm run bench`: runs every bench module in turn, prints its table and
// rewrites the figures section of docs/benchmarks.md. Figures are ratios against
// a baseline measured in the same run; nothing here asserts on timings.
// `npm run bench -- quota crm` runs only the benches whose name contains one of
// the words and replaces only their sections of the doc.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { concurrentUsersBench } from './concurrent-users.bench'
import { crmBench } from './crm.bench'
import { funnelBench } from './funnel.bench'
import { gapAnalysisBench } from './gap-analysis.bench'
import { loginBench } from './login.bench'
import { measure, TIMED_RUNS, WARMUP_RUNS } from './measure'
import { officeLoadBench } from './office-load.bench'
import { quotaBench } from './quota.bench'

/**
 * `fn` may be sync or async; its result is ignored. `setup` runs before every run
 * of `fn`, untimed (e.g. to undo what the previous run wrote). `baseline` is the key
 * of the case this one's ratio divides by, when not the report's `baselineKey`.
 */
export type Case = { key: string; label: string; fn: () => unknown; setup?: () => unknown; baseline?: string }
/** One measured case: median and p90 over the timed runs, in ms; cpuMedianMs: median CPU time (user + system) of this process per run, when measured here. */
export type Timing = { key: string; label: string; medianMs: number; p90Ms: number; cpuMedianMs?: number; baseline?: string; tail?: Tail }
/** The far end of a load run's request times (benches with showTail): how many requests, how many failed, p95, p99 and the longest, in ms. */
export type Tail = { requests: number; errors: number; p95Ms: number; p99Ms: number; maxMs: number }
/** Times the cases round-robin (a, b, c… then again), so a change of machine load hits every case alike. */
export type Measure = (cases: readonly Case[]) => Promise<Timing[]>
export type BenchReport = {
	title: string
	/** What data the bench runs on (Markdown). */
	dataset: string
	timings: Timing[]
	/** Key of the timing the ratios divide by (a case may name its own). */
	baselineKey: string
	/** Lines printed under the table (evidence the work was real, row counts…). */
	notes: string[]
	/**
	 * Adds the median CPU time of each case (this process, all its threads) to the table: on a
	 * loaded machine it moves less than the wall time. Only for benches whose work runs in this process.
	 */
	showCpu?: boolean
	/**
	 * Load runs: the table gives each case's request count, failed requests, p50 (the median column), p90, p95,
	 * p99 and the longest request, and the ratio of the p95 beside the median's. Every timing then has a `tail`.
	 */
	showTail?: boolean
	/** Markdown printed after the notes (a further table). */
	appendix?: string
}
export type Bench = { name: string; run: (measure: Measure) => Promise<BenchReport> }

const BENCHES: Bench[] = [gapAnalysisBench, crmBench, quotaBench, funnelBench, loginBench, officeLoadBench, concurrentUsersBench]

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const DOC = path.join(root, 'docs', 'benchmarks.md')
const START = '<!-- bench:figures:start (written by `npm run bench`; edits inside are overwritten) -->'
const END = '<!-- bench:figures:end -->'

const INTRO = `# Benchmarks

Run them with \`npm run bench\` (\`bench/run.ts\`). Each bench builds its own temporary SQLite file
(migrated with \`prisma migrate deploy\`, filled with generated sample data from a seeded PRNG, so every
run uses the same data), measures, and deletes the file. \`data/chainlead.db\` is never touched.

How to read the figures:

- Every case runs ${WARMUP_RUNS} warm-up runs, then ${TIMED_RUNS} timed runs; the table gives the median and
  the p90 (nearest rank: the 9th of 10 sorted runs) in milliseconds. Cases measured together take turns
  (a, b, c, d, then a again…), so a change in machine load during the run hits them alike.
- **ratio** = the case's median ÷ its baseline's median (the pair is named, e.g. \`(b/a)\`), both
  measured in the same run on the same machine. Absolute milliseconds depend on the machine and its
  load; ratios travel better between machines, but still move with CPU, disk cache and Node version.
  Compare runs by their ratios.
- Nothing asserts on timings: these figures inform, they do not pass or fail.
- Tables with **CPU** columns also give the median CPU time (user + system) the bench's process spent per
  run, and its ratio. Other work on the machine stretches wall times far more than CPU times: under a high
  load average, compare those.

To add a bench, write \`bench/<name>.bench.ts\` exporting a \`Bench\` (see the types in
\`bench/run.ts\`) and add it to \`BENCHES\` there. \`npm run bench -- quota\` runs only the benches whose
name contains the word; their sections then say which run they come from, and the others are kept.

The section below is rewritten by every run of \`npm run bench\`.
`

const ms = (value: number) => (value < 10 ? value.toFixed(2) : value < 100 ? value.toFixed(1) : value.toFixed(0))

function table(report: BenchReport): string {
	const rows = report.timings.map((t) => {
		const baselineKey = t.baseline ?? report.baselineKey
		const baseline = report.timings.find((b) => b.key === baselineKey)
		if (!baseline) throw new Error(`${report.title}: no timing with baseline key ${baselineKey}`)
		const ratio = t.key === baseline.key ? 'baseline' : `${(t.medianMs / baseline.medianMs).toFixed(2)}× (${t.key}/${baseline.key})`
		if (report.showTail) {
			if (!t.tail || !baseline.tail) throw new Error(`${report.title}: timing ${t.key} or its baseline has no tail`)
			const tailRatio = t.key === baseline.key ? 'baseline' : `${(t.tail.p95Ms / baseline.tail.p95Ms).toFixed(2)}×`
			return `| ${t.key} | ${t.label} | ${t.tail.requests} | ${t.tail.errors} | ${ms(t.medianMs)} | ${ms(t.p90Ms)} | ${ms(t.tail.p95Ms)} | ${ms(t.tail.p99Ms)} | ${ms(t.tail.maxMs)} | ${ratio} | ${tailRatio} |`
		}
		if (!report.showCpu) return `| ${t.key} | ${t.label} | ${ms(t.medianMs)} | ${ms(t.p90Ms)} | ${ratio} |`
		const cpu = t.cpuMedianMs ?? NaN
		const cpuRatio = t.key === baseline.key ? 'baseline' : `${(cpu / (baseline.cpuMedianMs ?? NaN)).toFixed(2)}×`
		return `| ${t.key} | ${t.label} | ${ms(t.medianMs)} | ${ms(t.p90Ms)} | ${ratio} | ${ms(cpu)} | ${cpuRatio} |`
	})
	const head = report.showTail
		? [
				'| | case | requests | failed | p50 ms | p90 ms | p95 ms | p99 ms | max ms | ratio (p50) | ratio (p95) |',
				'|---|---|--:|--:|--:|--:|--:|--:|--:|---|---|',
			]
		: report.showCpu
			? ['| | case | median ms | p90 ms | ratio (median) | median CPU ms | CPU ratio |', '|---|---|--:|--:|---|--:|---|']
			: ['| | case | median ms | p90 ms | ratio (median) |', '|---|---|--:|--:|---|']
	return [...head, ...rows].join('\n')
}

/** `ownRun`: the machine lines of a run that measured this bench alone (the doc's head describes the last full run). */
function section(report: BenchReport, ownRun?: string): string {
	const run = ownRun ? [ownRun, ''] : []
	const appendix = report.appendix ? ['', report.appendix] : []
	return [`### ${report.title}`, '', ...run, report.dataset, '', table(report), '', ...report.notes.map((n) => `- ${n}`), ...appendix].join('\n')
}

function machine(date: Date): string {
	const cpus = os.cpus()
	return [
		`- Machine: ${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${cpus.length} logical cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM`,
		`- Node ${process.version} on ${os.platform()} ${os.release()}`,
		`- Run: ${date.toISOString().replace(/\.\d+Z$/, 'Z')}; ${WARMUP_RUNS} warm-up + ${TIMED_RUNS} timed runs per case`,
		`- Load (1-min load average, sampled every ${LOAD_SAMPLE_S} s): ${loads[0]!.toFixed(2)} at start, ${Math.min(...loads).toFixed(2)}–${Math.max(...loads).toFixed(2)} during the run, ${loads[loads.length - 1]!.toFixed(2)} at the end; other work on the machine skews every figure`,
	].join('\n')
}

function writeDoc(figures: string) {
	const block = `${START}\n${figures}\n${END}`
	const current = fs.existsSync(DOC) ? fs.readFileSync(DOC, 'utf8') : null
	const from = current?.indexOf(START) ?? -1
	const to = current?.indexOf(END) ?? -1
	const next =
		current !== null && from >= 0 && to > from ? current.slice(0, from) + block + current.slice(to + END.length) : `${INTRO}\n## Figures\n\n${block}\n`
	fs.mkdirSync(path.dirname(DOC), { recursive: true })
	fs.writeFileSync(DOC, next)
}

/** The figures in the doc now, as the machine lines of the last full run and one text per bench section. */
function currentFigures() {
	const current = fs.existsSync(DOC) ? fs.readFileSync(DOC, 'utf8') : ''
	const from = current.indexOf(START)
	const to = current.indexOf(END)
	if (from < 0 || to < from) return { header: null, sections: [] }
	const [header = '', ...sections] = current
		.slice(from + START.length, to)
		.trim()
		.split(/\n(?=### )/)
	return { header: header.trim(), sections: sections.map((s) => s.trim()) }
}

/** A partial run replaces the sections of the benches it ran (same title line) and keeps the others as they were. */
function mergeFigures(ran: string[], runMachine: string) {
	const { header, sections } = currentFigures()
	const titleOf = (text: string) => text.split('\n', 1)[0]
	const merged = sections.map((s) => ran.find((r) => titleOf(r) === titleOf(s)) ?? s)
	for (const r of ran) if (!sections.some((s) => titleOf(s) === titleOf(r))) merged.push(r)
	return [header ?? runMachine, '', ...merged.flatMap((s) => [s, ''])].join('\n').trimEnd()
}

const date = new Date()
// Other work on the machine skews every figure; the doc says how busy it was.
const LOAD_SAMPLE_S = 10
const loads = [os.loadavg()[0]!]
const sampler = setInterval(() => loads.push(os.loadavg()[0]!), LOAD_SAMPLE_S * 1000).unref()
const words = process.argv.slice(2).map((word) => word.toLowerCase())
const selected = words.length === 0 ? BENCHES : BENCHES.filter((b) => words.some((word) => b.name.toLowerCase().includes(word)))
if (selected.length === 0) throw new Error(`no bench name contains ${words.join(' or ')}; the benches: ${BENCHES.map((b) => b.name).join(', ')}`)
const partial = selected.length < BENCHES.length
const reports: BenchReport[] = []
for (const bench of selected) {
	process.stderr.write(`${bench.name}\n`)
	const report = await bench.run(measure)
	console.log(`\n${section(report)}\n`)
	reports.push(report)
}
clearInterval(sampler)
loads.push(os.loadavg()[0]!)
const runMachine = machine(date)
if (partial) {
	const ownRun = `Measured apart from the others (\`npm run bench -- ${words.join(' ')}\`):\n\n${runMachine}`
	writeDoc(
		mergeFigures(
			reports.map((r) => section(r, ownRun)),
			runMachine,
		),
	)
} else writeDoc([runMachine, '', ...reports.flatMap((r) => [section(r), ''])].join('\n').trimEnd())
console.log(`${runMachine}\n\nFigures written to ${path.relative(root, DOC)}`)
