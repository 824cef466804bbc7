// `npm run bench:import-rss`: peak RSS of reading the largest uploads the
// importer accepts. Generates the files (seeded PRNG) into a temp folder, then
// reads each in fresh child processes: through `readImportFile` (what the CLI
// does) and through `receiveUpload` + `createImportSession` (what the upload page
// does: stream to disk, read, write the session's sheet.json, load it back).
// Each child reports `process.resourceUsage().maxRSS`.
//
// How far RSS climbs depends on when V8 collects: with gigabytes free it lets
// garbage grow to several times the live heap first, so the same read peaks
// anywhere between about 1× and 2.5× (docs/benchmarks.md). The bound is therefore
// checked with V8's old generation capped (HEAP_CAP_MB): the read must complete
// and stay under BOUND_MB. An uncapped read is reported beside it. The upload
// page's figure adds the session's sheet.json round trip (import-session.server.ts),
// which is not the reader's and is reported, not checked. Last, each file goes
// through the production server the way a user sends it (upload, preview,
// commit, on the seed data plus 100,000 companies, settings at their defaults):
// the server's peak RSS, its import worker included, must stay under
// SERVER_BOUND_MB. Rewrites the import section of docs/benchmarks.md; exits 1
// when a read or a server misses its bound. The server needs `npm run build`.
import { execFileSync, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import ExcelJS from 'exceljs'
import { usccCheckChar } from '~/domain/company/uscc'
import { seededRandom } from '~/domain/demo/random'
import { csvRow, UTF8_BOM } from '~/domain/export/csv'
import { MAX_CELLS, MAX_DATA_ROWS, MAX_FILE_BYTES, MAX_SHARED_STRINGS } from '~/domain/import/limits'
import { columnLetter } from '~/domain/import/read-file'
import { generateDemoData } from '~/models/demo-data.server'
import { demoUser } from '../tests/helpers/demo-users'
import { copyDatabase, startServer } from '../tests/helpers/server-process'
import { createTempDb } from './temp-db'

const BOUND_MB = 512
/** The whole server process (pages, SQLite, the import worker with its default heap) while it takes the largest uploads. */
const SERVER_BOUND_MB = 1024
const SERVER_COMPANIES = 100_000
/** Old generation cap: with young generation, code and buffers on top, RSS stays under BOUND_MB if the live data fits. */
const HEAP_CAP_MB = 448
const MB = 1024 * 1024
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const DOC = path.join(root, 'docs', 'benchmarks.md')
const START = '<!-- import-rss:start (written by `npm run bench:import-rss`; edits inside are overwritten) -->'
const END = '<!-- import-rss:end -->'

type Outcome = { maxRssMb: number; baselineMb: number; ms: number; result: string; outOfMemory?: boolean }

// ---------- child: read one file and report ----------

async function child(mode: string, file: string): Promise<Outcome> {
	const name = path.basename(file)
	const { readImportFile } = await import('~/domain/import/read-file')
	const { ImportFileError } = await import('~/domain/import/file-error')
	const session = mode === 'upload' ? await import('~/models/import-session.server') : null
	const baselineMb = process.memoryUsage().rss / MB
	const started = performance.now()
	let result: string
	try {
		if (session) {
			const upload = await session.receiveUpload(name, fs.createReadStream(file))
			const state = await session.createImportSession(upload, 'companies', 'bench')
			const sheet = await session.loadImportSheet(state.id)
			result = `${sheet.rows.length} rows × ${sheet.headers.length} columns`
			await session.removeImportSession(state.id)
		} else {
			const sheet = await readImportFile(await fs.promises.readFile(file), name)
			result = `${sheet.rows.length} rows × ${sheet.headers.length} columns`
		}
	} catch (error) {
		if (!(error instanceof ImportFileError)) throw error
		result = `refused: ${error.messageKey}`
	}
	return { maxRssMb: process.resourceUsage().maxRSS / 1024, baselineMb, ms: performance.now() - started, result }
}

// ---------- parent: generate, measure, report ----------

const random = seededRandom(20261211)
// Common characters of company names, addresses and business scopes.
const HANZI =
	'赣州稀土永磁电机新材料科技有限公司江西省市县区镇路号楼室产业园开发经营范围销售生产加工技术服务咨询进出口贸易机械设备电子元器件金属制品化工原料建筑工程信息软件网络研发制造批发零售运输仓储物流农业种植养殖食品医药环保能源光伏锂电池储能汽车零部件五金塑料纺织服装家具'
const han = (n: number) => Array.from({ length: n }, () => random.pick([...HANZI])).join('')
const digits = (n: number) => Array.from({ length: n }, () => random.int(0, 9)).join('')
/** A valid 统一社会信用代码, so the server cases import every row. */
const uscc = (first17: string) => first17 + usccCheckChar(first17)

const COMPANY_HEADERS = [
	'企业名称',
	'统一社会信用代码',
	'简称',
	'曾用名',
	'注册资本',
	'所属行业',
	'联系人',
	'联系电话',
	'注册地址',
	'所属地区',
	'本地/外地',
	'资质',
	'营收',
	'员工数',
	'经营范围',
	'来源',
	'备注',
	'序号',
]

/** One company row as a 行政 list would have it; `scope` characters of 经营范围. */
function companyRow(i: number, scope: number) {
	return [
		`${han(4)}${han(4)}有限公司${i}`,
		uscc(`91360${digits(12)}`),
		han(4),
		random.chance(0.2) ? `${han(6)}有限公司` : '',
		`${random.int(1, 9999)}万元`,
		han(6),
		han(3),
		`1${digits(10)}`,
		`江西省赣州市${han(12)}${random.int(1, 999)}号`,
		'赣县区',
		random.chance(0.7) ? '本地' : '外地',
		random.chance(0.3) ? '高新技术企业（2024）' : '',
		String(random.int(100, 999_999)),
		String(random.int(5, 5000)),
		han(scope),
		'招商局名录',
		random.chance(0.1) ? han(20) : '',
		String(i),
	]
}

/** Appends rows until the file would pass `maxBytes`; returns how many were written. */
function writeCsvUpTo(file: string, headers: string[], row: (i: number) => string[], maxBytes: number, maxRows: number) {
	const fd = fs.openSync(file, 'w')
	let size = fs.writeSync(fd, UTF8_BOM + csvRow(headers))
	let rows = 0
	while (rows < maxRows) {
		const line = csvRow(row(rows + 1))
		const bytes = Buffer.byteLength(line)
		if (size + bytes > maxBytes) break
		size += fs.writeSync(fd, line)
		rows++
	}
	fs.closeSync(fd)
	return rows
}

async function writeXlsx(file: string, headers: string[], rows: number, row: (i: number) => Array<string | number>, useSharedStrings: boolean) {
	const output = fs.createWriteStream(file)
	const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useSharedStrings })
	const sheet = workbook.addWorksheet('企业')
	sheet.addRow(headers).commit()
	for (let i = 1; i <= rows; i++) sheet.addRow(row(i)).commit()
	sheet.commit()
	await workbook.commit()
}

type Case = { key: string; label: string; file: string; build: () => Promise<string> }

function cases(dir: string): Case[] {
	const at = (name: string) => path.join(dir, name)
	return [
		{
			key: 'a',
			label: 'CSV of company rows, up to 50 MB (UTF-8, 18 columns, Chinese text)',
			file: at('companies.csv'),
			build: async () => {
				const rows = writeCsvUpTo(at('companies.csv'), COMPANY_HEADERS, (i) => companyRow(i, 95), MAX_FILE_BYTES, MAX_DATA_ROWS)
				return `${rows.toLocaleString('en')} data rows`
			},
		},
		{
			key: 'b',
			label: `CSV at the cell limit: ${MAX_DATA_ROWS.toLocaleString('en')} rows × ${MAX_CELLS / MAX_DATA_ROWS} columns of unique values`,
			file: at('cells.csv'),
			build: async () => {
				const columns = MAX_CELLS / MAX_DATA_ROWS
				const headers = Array.from({ length: columns }, (_, i) => `列${columnLetter(i)}`)
				const rows = writeCsvUpTo(at('cells.csv'), headers, () => headers.map(() => `v${digits(random.int(12, 22))}`), MAX_FILE_BYTES, MAX_DATA_ROWS)
				return `${rows.toLocaleString('en')} data rows`
			},
		},
		{
			key: 'c',
			label: 'XLSX of company rows with long 经营范围, shared strings (as Excel saves)',
			file: at('companies.xlsx'),
			build: async () => {
				await writeXlsx(at('companies.xlsx'), COMPANY_HEADERS, MAX_DATA_ROWS, (i) => companyRow(i, 205), true)
				return `${MAX_DATA_ROWS.toLocaleString('en')} data rows`
			},
		},
		{
			key: 'd',
			label: `XLSX at the cell limit: ${MAX_DATA_ROWS.toLocaleString('en')} rows × ${MAX_CELLS / MAX_DATA_ROWS} columns of unique inline strings`,
			file: at('cells.xlsx'),
			build: async () => {
				const columns = MAX_CELLS / MAX_DATA_ROWS
				const headers = Array.from({ length: columns }, (_, i) => `列${columnLetter(i)}`)
				await writeXlsx(at('cells.xlsx'), headers, MAX_DATA_ROWS, (i) => headers.map((_, c) => `值-${i}-${c}-${digits(8)}`), false)
				return `${MAX_DATA_ROWS.toLocaleString('en')} data rows`
			},
		},
		{
			key: 'e',
			label: `XLSX at the shared-string and cell limits: ${MAX_SHARED_STRINGS.toLocaleString('en')} unique strings, one per cell`,
			file: at('shared-strings.xlsx'),
			build: async () => {
				const headers = Array.from({ length: MAX_CELLS / MAX_DATA_ROWS }, (_, i) => `列${columnLetter(i)}`)
				const rows = Math.floor((MAX_SHARED_STRINGS - headers.length) / headers.length)
				await writeXlsx(at('shared-strings.xlsx'), headers, rows, (i) => headers.map((_, c) => `${han(6)}${i * headers.length + c}`), true)
				return `${rows.toLocaleString('en')} data rows`
			},
		},
	]
}

function measure(mode: 'reader' | 'upload', file: string, dataDir: string, capped: boolean): Outcome {
	const heap = capped ? [`--max-old-space-size=${HEAP_CAP_MB}`] : []
	const run = spawnSync(process.execPath, [...heap, '--import', 'tsx', fileURLToPath(import.meta.url), '--child', mode, file], {
		cwd: root,
		env: { ...process.env, DATABASE_URL: `file:${path.join(dataDir, 'bench.db')}` },
		encoding: 'utf8',
		maxBuffer: 1024 * 1024,
	})
	if (run.status !== 0 && /heap out of memory/i.test(run.stderr)) return { maxRssMb: NaN, baselineMb: NaN, ms: NaN, result: 'out of memory', outOfMemory: true }
	if (run.status !== 0) throw new Error(`child failed on ${file} (${mode}):\n${run.stderr}`)
	return JSON.parse(run.stdout.trim().split('\n').pop()!) as Outcome
}

const rss = (o: Outcome, start = true) =>
	o.outOfMemory ? '**out of memory**' : start ? `${o.maxRssMb.toFixed(0)} (${o.baselineMb.toFixed(0)})` : o.maxRssMb.toFixed(0)
const seconds = (o: Outcome) => (o.outOfMemory ? '–' : (o.ms / 1000).toFixed(1))
const missesBound = (o: Outcome) => o.outOfMemory === true || o.maxRssMb > BOUND_MB

type ServerOutcome = { peakRssMb: number; startRssMb: number; ms: number; result: string }

/** A database with the seed data and SERVER_COMPANIES generated companies, as a county's register might hold. */
async function registerDatabase() {
	const db = createTempDb()
	execFileSync(path.join(root, 'node_modules/.bin/tsx'), ['app/cli/main.ts', 'seed'], {
		cwd: root,
		env: { ...process.env, DATABASE_URL: db.url },
		stdio: 'pipe',
	})
	await generateDemoData(db.url, { seed: 20261207, companies: SERVER_COMPANIES, leads: 2_000, projects: 500 })
	return db
}

const rssOfProcessMb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN) / 1024

/** Uploads `file` as a companies import through the pages of a production server on a copy of `template`, previews and commits it. */
async function measureServer(file: string, template: string): Promise<ServerOutcome> {
	const copy = copyDatabase(template)
	const server = await startServer({ DATABASE_URL: copy.url, LOAD_REPORT: '1' })
	const started = performance.now()
	let result: string
	let startRssMb = NaN
	try {
		startRssMb = rssOfProcessMb(server.pid)
		const { username, password } = demoUser('manager')
		const login = await fetch(`${server.baseUrl}/login`, {
			method: 'POST',
			body: new URLSearchParams({ username, password, redirectTo: '/' }),
			redirect: 'manual',
		})
		const cookie = login.headers.get('Set-Cookie')?.split(';')[0]
		if (!cookie) throw new Error(`sign-in refused (${login.status})`)
		const form = new FormData()
		form.set('kind', 'companies')
		form.set('file', new File([fs.readFileSync(file)], path.basename(file)))
		const uploaded = await fetch(`${server.baseUrl}/data/import`, { method: 'POST', headers: { Cookie: cookie }, body: form, redirect: 'manual' })
		const id = uploaded.headers.get('Location')?.split('/').pop()
		if (uploaded.status !== 302 || !id) throw new Error(`upload answered ${uploaded.status}`)
		await (await fetch(`${server.baseUrl}/data/import/${id}`, { headers: { Cookie: cookie } })).arrayBuffer()
		// The page's answer is the page; the job's resource route says how the commit went.
		await (
			await fetch(`${server.baseUrl}/data/import/${id}`, { method: 'POST', headers: { Cookie: cookie }, body: new URLSearchParams({ intent: 'commit' }) })
		).arrayBuffer()
		for (;;) {
			const response = await fetch(`${server.baseUrl}/data/import/jobs/${id}`, { headers: { Cookie: cookie } })
			if (!response.ok) throw new Error(`no import job for the upload (${response.status})`)
			const job = (await response.json()) as {
				status: string
				result: { created: number; updated: number; errors: unknown[] } | null
				error: { messageKey: string } | null
			}
			if (job.status !== 'running') {
				result =
					job.status === 'committed' && job.result
						? `${job.status}: ${job.result.created.toLocaleString('en')} created, ${job.result.updated.toLocaleString('en')} updated`
						: `${job.status}: ${job.error?.messageKey ?? `${job.result?.errors.length ?? 0} row errors`}`
				break
			}
			await new Promise((resolve) => setTimeout(resolve, 500))
		}
	} finally {
		await server.stop()
		copy.remove()
	}
	const line = server
		.output()
		.split('\n')
		.find((l) => l.startsWith('load report: '))
	if (!line) throw new Error(`the server printed no load report:\n${server.output()}`)
	const { peakRssMb } = JSON.parse(line.slice('load report: '.length)) as { peakRssMb: number }
	return { peakRssMb, startRssMb, ms: performance.now() - started, result }
}

async function main() {
	if (!fs.existsSync(path.join(root, 'build/server/index.js'))) throw new Error('the server cases serve the production build: run `npm run build` first')
	process.stderr.write(`generating a register of ${SERVER_COMPANIES.toLocaleString('en')} companies for the server cases…\n`)
	const register = await registerDatabase()
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chainlead-import-rss-'))
	try {
		const lines: string[] = []
		let over = false
		// `npm run bench:import-rss -- d e` measures only those cases, and leaves the doc alone.
		const only = process.argv.slice(2)
		for (const c of cases(dir).filter((c) => only.length === 0 || only.includes(c.key))) {
			process.stderr.write(`${c.key}. ${c.label}: generating…\n`)
			const generated = await c.build()
			const size = fs.statSync(c.file).size / MB
			const reader = measure('reader', c.file, dir, true)
			const uncapped = measure('reader', c.file, dir, false)
			const upload = measure('upload', c.file, dir, true)
			const server = await measureServer(c.file, register.file)
			over ||= missesBound(reader) || server.peakRssMb > SERVER_BOUND_MB
			const line = `| ${c.key} | ${c.label}; ${generated} | ${size.toFixed(1)} | ${reader.result} | ${rss(reader)} | ${seconds(reader)} | ${rss(uncapped, false)} | ${rss(upload)} | ${seconds(upload)} | ${server.peakRssMb.toFixed(0)} (${server.startRssMb.toFixed(0)}) | ${server.result} | ${(server.ms / 1000).toFixed(1)} |`
			process.stderr.write(`${line}\n`)
			lines.push(line)
			fs.rmSync(c.file)
		}
		const cpus = os.cpus()
		const figures = [
			`- Machine: ${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${cpus.length} logical cores; Node ${process.version}; run ${new Date().toISOString().replace(/\.\d+Z$/, 'Z')}; 1-min load ${os.loadavg()[0]!.toFixed(2)} at the end`,
			'',
			`| | file | MB | read as | reader, heap ≤ ${HEAP_CAP_MB} MB: peak RSS MB (at start) | s | reader, heap uncapped: peak RSS MB | upload page (reader + session's sheet.jsonl saved and loaded), heap ≤ ${HEAP_CAP_MB} MB: peak RSS MB (at start) | s | server with ${SERVER_COMPANIES.toLocaleString('en')} companies, upload + preview + commit: peak RSS MB (at start) | server's answer | s |`,
			'|---|---|--:|---|--:|--:|--:|--:|--:|--:|---|--:|',
			...lines,
			'',
			`Bounds: every read (\`readImportFile\`) completes with the old generation capped at ${HEAP_CAP_MB} MB and peaks under ${BOUND_MB} MB RSS, and the server's peak RSS (its import worker included, default settings) stays under ${SERVER_BOUND_MB.toLocaleString('en')} MB; ${over ? '**a case misses one**' : 'every case is within them'}.`,
		].join('\n')
		console.log(figures)
		if (over) process.exitCode = 1
		if (only.length > 0) return
		const doc = fs.readFileSync(DOC, 'utf8')
		const from = doc.indexOf(START)
		const to = doc.indexOf(END)
		if (from < 0 || to < from) throw new Error(`${DOC} has no ${START} … ${END} section`)
		fs.writeFileSync(DOC, `${doc.slice(0, from + START.length)}\n${figures}\n${doc.slice(to)}`)
	} finally {
		register.remove()
		fs.rmSync(dir, { recursive: true, force: true })
	}
}

if (process.argv[2] === '--child') {
	console.log(JSON.stringify(await child(process.argv[3]!, process.argv[4]!)))
	process.exit(0)
} else await main()
