/**
 * Scores extracted targets against the hand-written answer of a corpus document
 * (tests/fixtures/policy-corpus/NN-name/expected.json; `npm run extractor:score`).
 *
 * Both sides are first brought to one comparable shape, `ScoredTarget`: a span of
 * the source text, metric, op, unit, one or more (year, value, valueMax) stages,
 * the period, a per-member flag and the 责任单位. The expected side may cite
 * several places (a restated or staged target is one target); the extractor's
 * output reaches this shape through `adaptExtractedTargets`, the only function
 * that knows the extractor's output shape (places, stages and members of ADR 0042).
 *
 * Matching (one-to-one, see docs/extractor.md):
 *   1. a pair is possible when a place of the expected target overlaps the
 *      extracted clause's span AND the two agree on the unit (without a 万/亿
 *      prefix) or on a number (value or valueMax of any stage, after 万/亿 scaling);
 *   2. possible pairs are taken best first (value agreement 4, unit 2, years 1,
 *      plus the metrics' character-bigram similarity 0–1), ties in document order;
 *      each target is used at most once.
 * Unmatched extracted targets count against precision (a duplicate of a matched
 * target included), unmatched expected ones against recall.
 * Pure: no file or extractor access here.
 */
import { type ExtractedTarget, type TargetOp, type TargetPeriod } from './target'

export type Stage = { year: number | null; value: number; valueMax: number | null }

/** One target in the form both sides are compared in. */
export type ScoredTarget = {
	/** Places in the source text this target is read from (half-open [start, end)). */
	spans: { start: number; end: number }[]
	metric: string
	op: TargetOp
	unit: string
	period: TargetPeriod
	/** One stage for a plain target, one per year for a staged target. */
	stages: Stage[]
	perMember: boolean
	responsibleUnits: string[]
}

/** A target as written in expected.json. */
export type ExpectedTarget = {
	quote?: string
	quotes?: string[]
	metric: string
	op: TargetOp
	value?: number
	valueMax?: number | null
	unit: string
	period: TargetPeriod
	year?: number | null
	stages?: { year: number | null; value: number; valueMax?: number | null }[]
	perMember?: boolean
	member?: string
	responsibleUnits?: string[]
	comment?: string
}

export type ExpectedFile = { note?: string; targets: ExpectedTarget[] }

export const FIELDS = ['value', 'unit', 'year', 'op', 'responsibleUnits', 'perMember'] as const
export type Field = (typeof FIELDS)[number]

export type Pair = { expected: number; actual: number; fields: Record<Field, boolean> }

export type DocScore = {
	expected: number
	extracted: number
	matched: number
	/** matched / extracted; null when nothing was extracted. */
	precision: number | null
	/** matched / expected; null when nothing was expected. */
	recall: number | null
	/** Per field: correct among matched pairs (numerator, denominator = matched). */
	fieldsCorrect: Record<Field, number>
	pairs: Pair[]
	missed: number[]
	extra: number[]
}

// ——— Expected side ———

/** Finds every quote of every expected target in the source; throws on a quote that is missing or not unique. */
export function resolveExpected(source: string, file: ExpectedFile): ScoredTarget[] {
	return file.targets.map((t, i) => {
		const quotes = t.quotes ?? (t.quote ? [t.quote] : [])
		if (quotes.length === 0) throw new Error(`expected target ${i + 1} (${t.metric}) has no quote`)
		const spans = quotes.map((q) => {
			const start = source.indexOf(q)
			if (start < 0) throw new Error(`expected target ${i + 1}: quote not in the source: ${q}`)
			if (source.indexOf(q, start + 1) >= 0) throw new Error(`expected target ${i + 1}: quote found twice, make it longer: ${q}`)
			return { start, end: start + q.length }
		})
		const stages: Stage[] = t.stages
			? t.stages.map((s) => ({ year: s.year, value: s.value, valueMax: s.valueMax ?? null }))
			: [{ year: t.year ?? null, value: t.value ?? NaN, valueMax: t.valueMax ?? null }]
		if (stages.some((s) => !Number.isFinite(s.value))) throw new Error(`expected target ${i + 1} (${t.metric}) has no value`)
		return {
			spans,
			metric: t.metric,
			op: t.op,
			unit: t.unit,
			period: t.period,
			stages,
			perMember: t.perMember ?? false,
			responsibleUnits: t.responsibleUnits ?? [],
		}
	})
}

// ——— The extractor's side ———

/**
 * The one place that knows the extractor's output shape. Today: one record per
 * clause and year, with startYear/endYear and no per-member flag, so a staged
 * target arrives as several records (each scored on its own) and perMember is false.
 * When the extractor returns staged values and a per-member flag, map them here.
 */
export function adaptExtractedTargets(targets: readonly ExtractedTarget[]): ScoredTarget[] {
	return targets.map((t) => ({
		// A restated target cites every place it is stated (ADR 0042); one stated once has only its clause.
		spans: t.sources.length > 0 ? t.sources.map(({ start, end }) => ({ start, end })) : [{ start: t.start, end: t.end }],
		metric: t.metric,
		op: t.op,
		unit: t.unit,
		period: t.period,
		stages:
			t.stages.length > 0
				? t.stages.map(({ year, value, valueMax }) => ({ year, value, valueMax }))
				: [{ year: t.period === 'annual' ? null : t.endYear, value: t.value, valueMax: t.valueMax }],
		perMember: t.members !== null,
		responsibleUnits: t.responsibleUnits,
	}))
}

// ——— Comparing ———

const SCALE: [string, number][] = [
	['万亿', 1e12],
	['亿', 1e8],
	['万', 1e4],
]

/** 15 万吨 → 150000 吨; 1 万个 → 10000 个; 2 亿元 → 200000000 元. Units without a prefix stay. */
export function scaleToBase(value: number, unit: string): { value: number; base: string } {
	const u = normalizeUnit(unit)
	for (const [prefix, factor] of SCALE) {
		if (u.startsWith(prefix) && u.length > prefix.length) return { value: value * factor, base: u.slice(prefix.length) }
	}
	return { value, base: u }
}

export function normalizeUnit(unit: string) {
	return unit
		.trim()
		.replace(/％/g, '%')
		.replace(/^个百分点$/, '百分点')
}

/** Same unit once a 万/亿 prefix is taken off: 1 万个 and 10000 个 differ in how they are written, not in unit (the value field compares the quantity). */
export function sameUnit(a: string, b: string) {
	return scaleToBase(1, a).base === scaleToBase(1, b).base
}

function sameNumber(a: number, b: number) {
	return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b))
}

function sameQuantity(a: number | null, aUnit: string, b: number | null, bUnit: string) {
	if (a === null || b === null) return a === b
	const x = scaleToBase(a, aUnit)
	const y = scaleToBase(b, bUnit)
	return sameNumber(x.value, y.value) && (x.base === y.base || aUnit === '' || bUnit === '')
}

/** Every expected stage is found among the extracted stages with the same value and upper bound, and no extra stage. */
export function sameValues(expected: ScoredTarget, actual: ScoredTarget) {
	if (expected.stages.length !== actual.stages.length) return false
	const left = [...actual.stages]
	for (const s of expected.stages) {
		const i = left.findIndex(
			(a) => sameQuantity(a.value, actual.unit, s.value, expected.unit) && sameQuantity(a.valueMax, actual.unit, s.valueMax, expected.unit),
		)
		if (i < 0) return false
		left.splice(i, 1)
	}
	return true
}

/** annual: the period alone; by_year: the period and the set of years (null when the text names none). */
export function sameYears(expected: ScoredTarget, actual: ScoredTarget) {
	if (expected.period !== actual.period) return false
	if (expected.period === 'annual') return true
	const years = (t: ScoredTarget) => [...new Set(t.stages.map((s) => s.year))].sort().join(',')
	return years(expected) === years(actual)
}

function normalizeUnitName(name: string) {
	return name.replace(/\s+/g, '').replace(/[（(]/g, '（').replace(/[)）]/g, '）')
}

/** Same units in any order. */
export function sameUnits(expected: readonly string[], actual: readonly string[]) {
	const a = [...new Set(expected.map(normalizeUnitName))].sort()
	const b = [...new Set(actual.map(normalizeUnitName))].sort()
	return a.length === b.length && a.every((u, i) => u === b[i])
}

/** Value agreement used for pairing: any stage's value or upper bound of one equals one of the other's. */
function anyValueAgrees(expected: ScoredTarget, actual: ScoredTarget) {
	const numbers = (t: ScoredTarget) => t.stages.flatMap((s) => (s.valueMax === null ? [s.value] : [s.value, s.valueMax]))
	const mine = numbers(actual)
	return numbers(expected).some((e) => mine.some((a) => sameQuantity(a, actual.unit, e, expected.unit)))
}

function overlaps(a: ScoredTarget, b: ScoredTarget) {
	return a.spans.some((x) => b.spans.some((y) => x.start < y.end && y.start < x.end))
}

function bigrams(text: string) {
	const chars = [...text.replace(/[\s“”"'（）()、，,]/g, '')]
	const set = new Set<string>()
	for (let i = 0; i + 1 < chars.length; i++) set.add(chars[i]! + chars[i + 1]!)
	if (chars.length === 1) set.add(chars[0]!)
	return set
}

/** Dice coefficient of character bigrams, 0–1. */
export function metricSimilarity(a: string, b: string) {
	const x = bigrams(a)
	const y = bigrams(b)
	if (x.size === 0 || y.size === 0) return 0
	let common = 0
	for (const g of x) if (y.has(g)) common++
	return (2 * common) / (x.size + y.size)
}

export function compareFields(expected: ScoredTarget, actual: ScoredTarget): Record<Field, boolean> {
	return {
		value: sameValues(expected, actual),
		unit: sameUnit(expected.unit, actual.unit),
		year: sameYears(expected, actual),
		op: expected.op === actual.op,
		responsibleUnits: sameUnits(expected.responsibleUnits, actual.responsibleUnits),
		perMember: expected.perMember === actual.perMember,
	}
}

/** The matching rule of the module comment. Returns pairs in expected order. */
export function matchTargets(expected: readonly ScoredTarget[], actual: readonly ScoredTarget[]) {
	const candidates: { e: number; a: number; score: number }[] = []
	expected.forEach((e, ei) =>
		actual.forEach((a, ai) => {
			if (!overlaps(e, a)) return
			const value = anyValueAgrees(e, a)
			const unit = sameUnit(e.unit, a.unit)
			if (!value && !unit) return
			const score = (value ? 4 : 0) + (unit ? 2 : 0) + (sameYears(e, a) ? 1 : 0) + metricSimilarity(e.metric, a.metric)
			candidates.push({ e: ei, a: ai, score })
		}),
	)
	candidates.sort((x, y) => y.score - x.score || x.e - y.e || x.a - y.a)
	const usedE = new Set<number>()
	const usedA = new Set<number>()
	const pairs: Pair[] = []
	for (const c of candidates) {
		if (usedE.has(c.e) || usedA.has(c.a)) continue
		usedE.add(c.e)
		usedA.add(c.a)
		pairs.push({ expected: c.e, actual: c.a, fields: compareFields(expected[c.e]!, actual[c.a]!) })
	}
	pairs.sort((x, y) => x.expected - y.expected)
	return {
		pairs,
		missed: expected.map((_, i) => i).filter((i) => !usedE.has(i)),
		extra: actual.map((_, i) => i).filter((i) => !usedA.has(i)),
	}
}

function emptyFields(): Record<Field, number> {
	return { value: 0, unit: 0, year: 0, op: 0, responsibleUnits: 0, perMember: 0 }
}

export function ratio(numerator: number, denominator: number): number | null {
	return denominator === 0 ? null : numerator / denominator
}

export function scoreDocument(expected: readonly ScoredTarget[], actual: readonly ScoredTarget[]): DocScore {
	const { pairs, missed, extra } = matchTargets(expected, actual)
	const fieldsCorrect = emptyFields()
	for (const p of pairs) for (const f of FIELDS) if (p.fields[f]) fieldsCorrect[f]++
	return {
		expected: expected.length,
		extracted: actual.length,
		matched: pairs.length,
		precision: ratio(pairs.length, actual.length),
		recall: ratio(pairs.length, expected.length),
		fieldsCorrect,
		pairs,
		missed,
		extra,
	}
}

export type Totals = Omit<DocScore, 'pairs' | 'missed' | 'extra'>

/** Micro-averaged over documents: every target counts once, whichever document it is in. */
export function totalScore(scores: readonly DocScore[]): Totals {
	const fieldsCorrect = emptyFields()
	let expected = 0
	let extracted = 0
	let matched = 0
	for (const s of scores) {
		expected += s.expected
		extracted += s.extracted
		matched += s.matched
		for (const f of FIELDS) fieldsCorrect[f] += s.fieldsCorrect[f]
	}
	return { expected, extracted, matched, precision: ratio(matched, extracted), recall: ratio(matched, expected), fieldsCorrect }
}
