/**
 * The structure of a policy document that says who is responsible, read before
 * its sentences (#15 §2): tables (rows of tab-separated cells, as the file
 * readers and a copy out of Word give them) with their 责任单位 columns, lines
 * that only name units under the measure above them (a table flattened to
 * text), and "以下…不再列出" notes naming units that stand for everything after
 * them. Headings, numbered items and 〔责任单位：…〕 notes are read by
 * document.ts. Offsets are into the text as given.
 */
import { splitUnitNames } from './document'

export type Span = { start: number; end: number }
export type TableRow = Span & { cells: Span[] }
export type Table = Span & {
	rows: TableRow[]
	/** The header row, when the first row names its columns (序号, 重点任务, 责任单位…). */
	header: TableRow | null
	/** Columns of lead units first, then of supporting ones. */
	unitColumns: number[]
}
/** Units for the targets read between start and end: a table row, or the measure line above a line of unit names. */
export type RowUnits = Span & { units: string[]; kind: 'table' | 'line' }
/** Units a "以下…不再列出" note adds to every target from its end up to `until`. */
export type StandingUnits = Span & { until: number; units: string[] }

export type UnitStructure = { tables: Table[]; rows: RowUnits[]; standing: StandingUnits[] }

const LEAD_COLUMN = /^(?:责任单位|牵头单位|责任部门|牵头部门|主办单位|责任主体|牵头责任单位|主责单位)/
const SUPPORT_COLUMN = /^(?:配合单位|配合部门|参与单位|协办单位|协同单位|责任单位（配合）)/
/**
 * A name of a unit: ends like an office (局, 委, 政府, 管委会…) or names a kind
 * of them (各乡镇, 各县（市、区）). Short words that also end ordinary phrases
 * (会, 行, 处) are left out: 召开推进会 is not a unit.
 */
const UNIT_NAME =
	/^[\u4e00-\u9fffA-Za-z（）()、]{1,30}?(?:局|委|办|厅|院|政府|管委会|委员会|办公室|中心|公司|集团|街道|乡镇|乡（镇）|镇|分局|支队|大队|银行|指挥部|专班|工作组|部|所|队|县（市、区）|县（区）|乡镇（街道）|园区|各部门|各单位)$/
/** A table flattened to text breaks the units line from its measure; nothing longer is a list of names. */
const UNIT_LINE_MAX = 120
/** A table row of one filled cell (a heading across it) or a note may stand between its rows. */
const TABLE_GAP_LINES = 3

type Line = Span & { text: string }

function linesOf(text: string): Line[] {
	const lines: Line[] = []
	for (let start = 0; start <= text.length;) {
		const newline = text.indexOf('\n', start)
		const end = newline === -1 ? text.length : newline
		lines.push({ start, end, text: text.slice(start, end) })
		start = end + 1
	}
	return lines
}

function cellsOf(line: Line): Span[] {
	const cells: Span[] = []
	let start = line.start
	for (const part of line.text.split('\t')) {
		cells.push({ start, end: start + part.length })
		start += part.length + 1
	}
	return cells
}

const compact = (text: string) => text.replace(/[\s\u3000]+/g, '')

/** Whether a text is only names of units: 区工信局、区科技局 or 各乡镇（街道）. */
export function isUnitList(text: string) {
	const trimmed = text.trim().replace(/[。；;]$/, '')
	if (!trimmed || trimmed.length > UNIT_LINE_MAX || /\d/.test(trimmed)) return false
	const names = splitUnitNames(trimmed)
	return names.length > 0 && names.every((name) => UNIT_NAME.test(name))
}

/**
 * Tables: runs of lines with tabs, through up to three lines without (a heading
 * across the table, a note). Unit columns are named by the header; without one,
 * a column whose every filled cell is a list of units is one.
 */
export function readTables(text: string): Table[] {
	const lines = linesOf(text)
	const tables: Table[] = []
	let rows: TableRow[] = []
	let gap = 0
	const close = () => {
		if (rows.length > 0) tables.push(describeTable(text, rows))
		rows = []
	}
	for (const line of lines) {
		if (line.text.includes('\t')) {
			rows.push({ start: line.start, end: line.end, cells: cellsOf(line) })
			gap = 0
		} else if (line.text.trim() && rows.length > 0 && ++gap > TABLE_GAP_LINES) close()
	}
	close()
	return tables
}

function describeTable(text: string, rows: TableRow[]): Table {
	const cellText = (row: TableRow, i: number) => (row.cells[i] ? compact(text.slice(row.cells[i].start, row.cells[i].end)) : '')
	const first = rows[0]!
	const named = (pattern: RegExp) => first.cells.flatMap((_, i) => (pattern.test(cellText(first, i)) ? [i] : []))
	const lead = named(LEAD_COLUMN)
	const support = named(SUPPORT_COLUMN)
	if (lead.length + support.length > 0) {
		return { start: first.start, end: rows.at(-1)!.end, rows: rows.slice(1), header: first, unitColumns: [...lead, ...support] }
	}
	// No header (a table continued from the page before): a column of unit lists, never the first (序号, 任务).
	const width = Math.max(...rows.map((r) => r.cells.length))
	const unitColumns: number[] = []
	for (let i = 1; i < width; i++) {
		const filled = rows.map((row) => cellText(row, i)).filter(Boolean)
		if (filled.length > 0 && filled.every(isUnitList)) unitColumns.push(i)
	}
	return { start: first.start, end: rows.at(-1)!.end, rows, header: null, unitColumns }
}

/** A cell merged with the one above (the file readers write 〃), or one that says "same as above". */
const SAME_AS_ABOVE = /^(?:〃|同上|"|”)$/

/**
 * The units of each table row, from its unit columns, lead first; a unit cell
 * that reads 〃 (merged with the one above, or written so) has the units of the
 * cell above it.
 */
function tableRowUnits(text: string, table: Table): RowUnits[] {
	const result: RowUnits[] = []
	// A table without unit columns (a table of indicators) leaves its targets to the notes around it.
	if (table.unitColumns.length === 0) return result
	const above = new Map<number, string[]>()
	for (const row of table.rows) {
		const units = table.unitColumns.flatMap((i) => {
			const cell = row.cells[i]
			const written = cell ? compact(text.slice(cell.start, cell.end)) : ''
			const names = SAME_AS_ABOVE.test(written) ? (above.get(i) ?? []) : splitUnitNames(written)
			above.set(i, names)
			return names
		})
		// Every row is listed, with or without units: a note in another row never serves it.
		result.push({ start: row.start, end: row.end, units: [...new Set(units)], kind: 'table' })
	}
	return result
}

/**
 * A line that only names units, right under a line that states a measure (a
 * table flattened to text): its units are that measure's. The units line is
 * never a heading or a measure itself.
 */
function unitLines(lines: Line[]): RowUnits[] {
	const result: RowUnits[] = []
	let measure: Line | null = null
	for (const line of lines) {
		if (!line.text.trim()) continue
		if (!line.text.includes('\t') && isUnitList(line.text) && measure) {
			result.push({ start: measure.start, end: measure.end, units: splitUnitNames(line.text.trim().replace(/[。；;]$/, '')), kind: 'line' })
			measure = null
		} else measure = line
	}
	return result
}

/** "（以下各项均由各乡镇落实，不再列出）", "以下任务各乡镇（街道）均需落实，不再一一列出。" */
const STANDING_NOTE = /以下[^。；;\n]{0,60}?不再(?:一一|逐一|逐项|单独|重复)?列出/g
/** In the note, the units before the verb that gives them the work. */
const STANDING_UNITS =
	/(?:由|需|请|为)?\s*((?:各|全)?[\u4e00-\u9fffA-Za-z（）()、]+?)\s*(?:均需|均要|均应|均|都|需要|需|要|应|共同|负责)?\s*(?:落实|负责|参与|配合|承担|牵头|推进|实施)/
const NOTE_LEAD_WORDS = /^(?:以下|各项|任务|工作|措施|事项|内容|涉及|的|均由|均|都|由|需|请)+/

/**
 * The units a "以下…不再列出" note names, standing for every target after it up
 * to the next top-level heading (一、) outside a table, or the end.
 */
function standingNotes(text: string, lines: Line[], tables: Table[]): StandingUnits[] {
	const inTable = (at: number) => tables.some((t) => at >= t.start && at <= t.end)
	const topHeadings = lines.filter((l) => /^[\s\u3000]*[一二三四五六七八九十]{1,3}\s*[、.．]/.test(l.text) && !l.text.includes('\t') && !inTable(l.start))
	const result: StandingUnits[] = []
	for (const match of text.matchAll(STANDING_NOTE)) {
		const units = STANDING_UNITS.exec(match[0])?.[1]
		if (!units) continue
		const names = splitUnitNames(units.replace(NOTE_LEAD_WORDS, '')).filter((name) => UNIT_NAME.test(name))
		if (names.length === 0) continue
		const end = match.index + match[0].length
		const until = topHeadings.find((h) => h.start > end)?.start ?? text.length
		result.push({ start: match.index, end, until, units: names })
	}
	return result
}

export function readUnitStructure(text: string): UnitStructure {
	const lines = linesOf(text)
	const tables = readTables(text)
	const rows = [...tables.flatMap((table) => tableRowUnits(text, table)), ...unitLines(lines)].sort((a, b) => a.start - b.start)
	return { tables, rows, standing: standingNotes(text, lines, tables) }
}

/**
 * What the structure says of a target at `at`: its table row or measure line
 * (with that row's units), and the units of every standing note before it that
 * still applies.
 */
export function structureAt(structure: UnitStructure, at: number): { row: RowUnits | null; standing: string[] } {
	const row = structure.rows.find((r) => at >= r.start && at < r.end) ?? null
	return { row, standing: structure.standing.filter((s) => s.end <= at && at < s.until).flatMap((s) => s.units) }
}
