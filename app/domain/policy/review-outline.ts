/**
 * What the review page shows beside the cards (#15 §6): the document as its
 * structure (headings, paragraphs, numbered items, tables with their cells),
 * and, for a card, where each of its fields was read (the exact characters of
 * its metric, value, unit, years, 责任单位 and member word), in every place the
 * target is stated. Pure; offsets are into the text as given (the extractor's
 * offsets are into the width-folded text, which are the same, see foldWidth).
 */
import { LINE_MARKER } from './document'
import { foldWidth } from './numbers'
import { readTables, type Span } from './structure'
import { type TargetSource } from './target'

export type OutlineCell = Span
export type OutlineBlock =
	| (Span & { kind: 'heading'; level: 1 | 2 })
	| (Span & { kind: 'item' | 'paragraph' })
	| (Span & { kind: 'table'; rows: { start: number; end: number; cells: OutlineCell[] }[] })

const TOP_HEADING = /^[\s\u3000]*[一二三四五六七八九十]{1,3}\s*[、.．]/
const SUB_HEADING = /^[\s\u3000]*[（(][一二三四五六七八九十]{1,3}[）)]/
/** A heading line is short; a longer one is a numbered paragraph that opens with its heading. */
const HEADING_MAX = 40

/**
 * The document as blocks in order: a table (its rows and cells) for each run
 * of tab-separated lines as the structure reader finds them, and a heading,
 * numbered item or paragraph for every other non-empty line.
 */
export function documentOutline(text: string): OutlineBlock[] {
	const tables = readTables(text)
	const blocks: OutlineBlock[] = []
	let table = 0
	for (let start = 0; start < text.length;) {
		const newline = text.indexOf('\n', start)
		const end = newline === -1 ? text.length : newline
		const current = tables[table]
		if (current && start >= current.start) {
			blocks.push({ kind: 'table', start: current.start, end: current.end, rows: tableRows(text, current) })
			table++
			start = current.end + 1
			continue
		}
		const line = text.slice(start, end)
		if (line.trim()) {
			// A heading is short and ends at its first full stop, if any: "（一）招大引强。三年内…" is an item that opens with its heading.
			const short = line.trim().length <= HEADING_MAX && !/[。；;：:].+/.test(line.trim())
			if (TOP_HEADING.test(line) && short) blocks.push({ kind: 'heading', level: 1, start, end })
			else if (SUB_HEADING.test(line) && short) blocks.push({ kind: 'heading', level: 2, start, end })
			else if (LINE_MARKER.test(line)) blocks.push({ kind: 'item', start, end })
			else blocks.push({ kind: 'paragraph', start, end })
		}
		start = end + 1
	}
	return blocks
}

/** Every non-empty line of a table as a row: its cells at the tabs (a line without one, a heading across the table, is one cell). */
function tableRows(text: string, table: Span) {
	const rows: { start: number; end: number; cells: OutlineCell[] }[] = []
	for (let start = table.start; start <= table.end;) {
		const newline = text.indexOf('\n', start)
		const end = newline === -1 || newline > table.end ? table.end : newline
		const line = text.slice(start, end)
		if (line.trim()) {
			const cells: OutlineCell[] = []
			let at = start
			for (const part of line.split('\t')) {
				cells.push({ start: at, end: at + part.length })
				at += part.length + 1
			}
			rows.push({ start, end, cells })
		}
		start = end + 1
	}
	return rows
}

/** The fields of a card whose source can be shown. */
export const SOURCE_FIELDS = ['metric', 'value', 'unit', 'years', 'responsibleUnits', 'members'] as const
export type SourceField = (typeof SOURCE_FIELDS)[number]
export type FieldSpan = Span & { field: SourceField }

/** What fieldSpans needs of a card: its values as written on the card. */
export type SpanValues = {
	metric: string
	value: string
	valueMax: string
	unit: string
	period: string
	startYear: string
	endYear: string
	stages: string
	responsibleUnits: string[]
	members: string
}

/** Where a source is in the text: its offsets when they still hold its excerpt, else its first occurrence; null when absent. */
export function locateSource(text: string, source: Pick<TargetSource, 'excerpt' | 'start' | 'end'>): Span | null {
	if (source.start >= 0 && source.end > source.start && text.slice(source.start, source.end) === source.excerpt) return { start: source.start, end: source.end }
	const found = source.excerpt ? text.indexOf(source.excerpt) : -1
	return found === -1 ? null : { start: found, end: found + source.excerpt.length }
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** The longest piece (two characters or more) of `needle` found in `haystack`: its offset there and length. */
function longestCommon(haystack: string, needle: string): Span | null {
	for (let length = needle.length; length >= 2; length--) {
		for (let i = 0; i + length <= needle.length; i++) {
			const at = haystack.indexOf(needle.slice(i, i + length))
			if (at !== -1) return { start: at, end: at + length }
		}
	}
	return null
}

/** The first match of a number equal to `n` (digits, 1,000, or a Chinese numeral) not inside a longer number. */
function findNumber(excerpt: string, n: number, from = 0): Span | null {
	const numbers = /\d[\d,]*(?:\.\d+)?|[零〇一二两三四五六七八九十百千]+/g
	numbers.lastIndex = from
	for (const match of excerpt.matchAll(numbers)) {
		if (match.index < from) continue
		const raw = match[0]
		const value = /^\d/.test(raw) ? Number(raw.replaceAll(',', '')) : chinese(raw)
		if (value === n) return { start: match.index, end: match.index + raw.length }
	}
	return null
}

function chinese(raw: string) {
	const digits: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 }
	const powers: Record<string, number> = { 十: 10, 百: 100, 千: 1000 }
	let total = 0
	let digit: number | null = null
	for (const c of raw) {
		if (c in digits) digit = digits[c]!
		else {
			total += (digit ?? 1) * powers[c]!
			digit = null
		}
	}
	return total + (digit ?? 0)
}

const number = (s: string) => {
	const n = Number(s.trim().replaceAll(',', ''))
	return s.trim() !== '' && Number.isFinite(n) ? n : null
}

/**
 * The characters of one source that each field of a card was read from,
 * offsets into the text. The metric is its longest piece found in the clause;
 * the value is the number (or range) equal to the card's, its unit right after
 * it; the years are each "2027年" (or 每年/年均 for an annual target); a
 * 责任单位 is its name nearest the clause (a note after it, a table cell of its
 * row, a standing note above); the member word is 每个园区/各乡镇. A field not
 * found in this source has no span here.
 */
export function fieldSpans(text: string, source: Span, values: SpanValues): FieldSpan[] {
	// Offsets of the folded text are those of the text (one character for one).
	const folded = foldWidth(text)
	const excerpt = folded.slice(source.start, source.end)
	const spans: FieldSpan[] = []
	const add = (field: SourceField, span: Span | null, base = source.start) => {
		if (span) spans.push({ field, start: base + span.start, end: base + span.end })
	}

	const metric = values.metric.trim()
	if (metric) add('metric', longestCommon(excerpt, metric))

	const value = number(values.value)
	const valueMax = number(values.valueMax)
	let valueEnd: number | null = null
	if (value !== null) {
		const low = findNumber(excerpt, value)
		if (low) {
			let end = low.end
			if (valueMax !== null) {
				const high = /^\s*[-—–~～至到]\s*/.exec(excerpt.slice(end))
				const max = high ? findNumber(excerpt, valueMax, end + high[0].length) : null
				if (max && max.start === end + high![0].length) end = max.end
			}
			add('value', { start: low.start, end })
			valueEnd = end
		}
	}
	const unit = values.unit.trim()
	if (unit) {
		const after = valueEnd === null ? -1 : excerpt.slice(valueEnd).search(new RegExp(`^\\s*(?:多|余|左右)?\\s*${escape(unit)}`))
		if (valueEnd !== null && after === 0) {
			const at = excerpt.indexOf(unit, valueEnd)
			add('unit', { start: at, end: at + unit.length })
		} else {
			const at = excerpt.indexOf(unit)
			if (at !== -1) add('unit', { start: at, end: at + unit.length })
		}
	}

	const years = new Set([values.startYear, values.endYear, ...[...values.stages.matchAll(/\d{4}/g)].map((m) => m[0])].map((y) => y.trim()).filter(Boolean))
	for (const year of years) {
		for (const m of excerpt.matchAll(new RegExp(`${escape(year)}\\s*年?`, 'g'))) add('years', { start: m.index, end: m.index + m[0].trimEnd().length })
	}
	if (values.period === 'annual') for (const m of excerpt.matchAll(/每年|年均|每一年|逐年/g)) add('years', { start: m.index, end: m.index + m[0].length })

	for (const name of values.responsibleUnits) add('responsibleUnits', nearest(folded, name, source), 0)

	const members = values.members.trim()
	if (members) {
		const m = new RegExp(`(?:每一?个|各个?)${escape(members)}`).exec(excerpt)
		add('members', m ? { start: m.index, end: m.index + m[0].length } : longestCommon(excerpt, members))
	}
	return spans.sort((a, b) => a.start - b.start || a.end - b.end)
}

/** The occurrence of `name` nearest the source: inside it, else after it (a note, a cell of its row), else before it. */
function nearest(text: string, name: string, source: Span): Span | null {
	if (!name) return null
	let best: Span | null = null
	let bestDistance = Infinity
	for (let at = text.indexOf(name); at !== -1; at = text.indexOf(name, at + 1)) {
		// A place before the clause is further than the same distance after it: notes follow what they serve.
		const distance = at >= source.end ? at - source.end : at >= source.start ? 0 : (source.start - at) * 2
		if (distance < bestDistance) {
			best = { start: at, end: at + name.length }
			bestDistance = distance
		}
		if (at > source.end + bestDistance) break
	}
	return best
}
