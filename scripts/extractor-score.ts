// `npm run extractor:score`: runs the policy extractor over every document of
// tests/fixtures/policy-corpus (its source.txt, or source.html/.docx/.pdf read as
// the import page reads them) and prints precision, recall and field accuracy per
// document and overall (matching rule: app/domain/policy/corpus-score.ts and
// docs/extractor.md). Options:
//   --details     also list every missed, extra and partly wrong target
//   --json        the scores as JSON on stdout
//   --write-doc   rewrite the scores section of docs/extractor.md
// Exit code 0 whatever the scores: this measures, it does not gate.
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import {
	adaptExtractedTargets,
	type DocScore,
	type ExpectedFile,
	FIELDS,
	type Field,
	resolveExpected,
	type ScoredTarget,
	scoreDocument,
	totalScore,
	type Totals,
} from '../app/domain/policy/corpus-score'
import { extractTargets } from '../app/domain/policy/extract-targets'
import { readPolicyFile } from '../app/domain/policy/read-policy-file'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
export const CORPUS_DIR = path.join(ROOT, 'tests/fixtures/policy-corpus')
const DOC_PATH = path.join(ROOT, 'docs/extractor.md')

export type CorpusMeta = { title: string; issuer: string; date: string | null; level: string; style: string; taskTable: boolean; url: string | null }

export type CorpusDocument = {
	id: string
	meta: CorpusMeta
	source: string
	expected: ScoredTarget[]
	actual: ScoredTarget[]
	score: DocScore
}

export function listCorpus(dir = CORPUS_DIR) {
	return fs
		.readdirSync(dir, { withFileTypes: true })
		.filter((d) => d.isDirectory() && /^\d\d-/.test(d.name))
		.map((d) => d.name)
		.sort()
}

const SOURCE_NAMES = ['source.txt', 'source.html', 'source.htm', 'source.docx', 'source.pdf']

/** The document's text as the import page would read it; expected quotes are found in this text. */
export async function readCorpusSource(folder: string) {
	const name = SOURCE_NAMES.find((n) => fs.existsSync(path.join(folder, n)))
	if (!name) throw new Error(`${folder}: no ${SOURCE_NAMES.join(' / ')}`)
	const { text } = await readPolicyFile(new Uint8Array(fs.readFileSync(path.join(folder, name))), name)
	return text
}

/** Reads, extracts and scores one document. `extract` is the extractor, adapted to ScoredTarget. */
export async function scoreCorpusDocument(id: string, extract: (text: string) => ScoredTarget[] = defaultExtract, dir = CORPUS_DIR): Promise<CorpusDocument> {
	const folder = path.join(dir, id)
	const source = await readCorpusSource(folder)
	const meta = JSON.parse(fs.readFileSync(path.join(folder, 'meta.json'), 'utf8')) as CorpusMeta
	const file = JSON.parse(fs.readFileSync(path.join(folder, 'expected.json'), 'utf8')) as ExpectedFile
	const expected = resolveExpected(source, file)
	const actual = extract(source)
	return { id, meta, source, expected, actual, score: scoreDocument(expected, actual) }
}

export function defaultExtract(text: string) {
	return adaptExtractedTargets(extractTargets(text))
}

export async function scoreCorpus(extract: (text: string) => ScoredTarget[] = defaultExtract, dir = CORPUS_DIR) {
	const documents: CorpusDocument[] = []
	for (const id of listCorpus(dir)) documents.push(await scoreCorpusDocument(id, extract, dir))
	return { documents, total: totalScore(documents.map((d) => d.score)) }
}

// ——— Printing ———

const pct = (x: number | null) => (x === null ? '—' : `${Math.round(x * 100)}%`)
const fieldPct = (s: Totals, f: Field) => (s.matched === 0 ? '—' : pct(s.fieldsCorrect[f] / s.matched))
const FIELD_LABEL: Record<Field, string> = { value: 'value', unit: 'unit', year: 'year', op: 'op', responsibleUnits: '责任单位', perMember: 'per-member' }

export function scoresTable(documents: readonly CorpusDocument[], total: Totals) {
	const head = ['document', 'expected', 'extracted', 'matched', 'precision', 'recall', ...FIELDS.map((f) => FIELD_LABEL[f])]
	const row = (name: string, s: Totals) => [
		name,
		String(s.expected),
		String(s.extracted),
		String(s.matched),
		pct(s.precision),
		pct(s.recall),
		...FIELDS.map((f) => fieldPct(s, f)),
	]
	const rows = [...documents.map((d) => row(d.id, d.score)), row('**all (micro)**', total)]
	return [`| ${head.join(' | ')} |`, `|${head.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n')
}

function describe(t: ScoredTarget) {
	const stages = t.stages.map((s) => `${s.year ?? '-'}:${s.value}${s.valueMax === null ? '' : `-${s.valueMax}`}`).join(' ')
	return `${t.metric} ${t.op} [${stages}] ${t.unit} ${t.period}${t.perMember ? ' per-member' : ''}${t.responsibleUnits.length ? ` 〔${t.responsibleUnits.join('、')}〕` : ''}`
}

export function detailsText(documents: readonly CorpusDocument[]) {
	const lines: string[] = []
	for (const d of documents) {
		lines.push(`\n## ${d.id}`)
		for (const i of d.score.missed) lines.push(`  MISSED   ${describe(d.expected[i]!)}`)
		for (const i of d.score.extra) {
			const t = d.actual[i]!
			const at = t.spans[0]!
			lines.push(`  EXTRA    ${describe(t)}  «${d.source.slice(at.start, at.end).replace(/\s+/g, ' ').slice(0, 60)}»`)
		}
		for (const p of d.score.pairs) {
			const wrong = FIELDS.filter((f) => !p.fields[f])
			if (wrong.length === 0) continue
			lines.push(`  WRONG ${wrong.join(',')}\n    expected ${describe(d.expected[p.expected]!)}\n    got      ${describe(d.actual[p.actual]!)}`)
		}
	}
	return lines.join('\n')
}

const START = '<!-- extractor-scores:start -->'
const END = '<!-- extractor-scores:end -->'

function writeDoc(table: string) {
	const doc = fs.readFileSync(DOC_PATH, 'utf8')
	const a = doc.indexOf(START)
	const b = doc.indexOf(END)
	if (a < 0 || b < a) throw new Error(`docs/extractor.md has no ${START} … ${END} section`)
	fs.writeFileSync(DOC_PATH, `${doc.slice(0, a + START.length)}\n${table}\n${doc.slice(b)}`)
}

async function main(argv: string[]) {
	const { documents, total } = await scoreCorpus()
	if (argv.includes('--json')) {
		const out = documents.map((d) => ({ id: d.id, ...d.score }))
		process.stdout.write(`${JSON.stringify({ documents: out, total }, null, 2)}\n`)
		return
	}
	const table = scoresTable(documents, total)
	process.stdout.write(`${table}\n`)
	if (argv.includes('--details')) process.stdout.write(`${detailsText(documents)}\n`)
	if (argv.includes('--write-doc')) {
		writeDoc(table)
		process.stdout.write('docs/extractor.md: scores rewritten\n')
	}
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main(process.argv.slice(2))
