import { Readable } from 'node:stream'
import ExcelJS from 'exceljs'
import { unescapeFormula } from '../export/csv'
import { ImportFileError, type ImportFileErrorParams } from './file-error'
import { MAX_CELL_CHARS, MAX_CELLS, MAX_COLUMNS, MAX_DATA_ROWS, MAX_FILE_BYTES } from './limits'
import { inspectXlsx } from './xlsx-zip'

/**
 * Reads an uploaded CSV or XLSX file into a header row and data rows of text
 * cells. Pure apart from exceljs reading the bytes it is given; every refusal is
 * an ImportFileError with an i18n key. Every bound in limits.ts is enforced while
 * reading, so a hostile file is refused before it costs more than the bound.
 */

export type ImportFormat = 'csv' | 'xlsx'
/** How a CSV was decoded: UTF-8 (with or without BOM) or, when the bytes are not UTF-8, GB18030 (a superset of GBK). */
export type TextEncoding = 'utf-8' | 'gb18030'

/** A problem in one cell found while reading (formula without a result, #N/A…). */
export type CellIssue = { column: number; level: 'error' | 'warning'; messageKey: string; params?: ImportFileErrorParams }

export type SheetRow = {
	/** Row number as the spreadsheet shows it (CSV: record number), header included. */
	row: number
	cells: string[]
	issues?: CellIssue[]
}

export type Sheet = {
	format: ImportFormat
	encoding: TextEncoding | null
	/** Unique and non-empty: a blank header becomes its column letter, a repeated one gets " (2)". */
	headers: string[]
	rows: SheetRow[]
}

/** Refuses a file over the limit; call before reading it. */
export function checkFileSize(bytes: number) {
	if (bytes > MAX_FILE_BYTES) throw new ImportFileError('importer.file.tooLarge', { maxMb: MAX_FILE_BYTES / 1024 / 1024 })
	if (bytes === 0) throw new ImportFileError('importer.file.empty')
}

const ALLOWED_EXTENSIONS = ['csv', 'txt', 'xlsx']

/**
 * CSV or XLSX by the file's first bytes, not only its name: a ZIP container is
 * XLSX, readable text is CSV. Legacy .xls, UTF-16 text, other binaries and other
 * extensions are refused; a .csv or .txt with NUL bytes (U+0000) is binary, or UTF-16
 * without a BOM, or text no database would store (PostgreSQL's text cannot hold U+0000).
 */
export function detectFormat(head: Uint8Array, fileName: string): ImportFormat {
	const extension = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase() ?? ''
	const startsWith = (...bytes: number[]) => bytes.every((b, i) => head[i] === b)
	if (startsWith(0xd0, 0xcf, 0x11, 0xe0)) throw new ImportFileError('importer.file.legacyXls')
	if (!ALLOWED_EXTENSIONS.includes(extension)) throw new ImportFileError('importer.file.unsupported')
	if (startsWith(0x50, 0x4b, 0x03, 0x04)) return 'xlsx'
	// Excel's "Unicode text" (UTF-16 with a BOM): readable, but only after saving it as CSV UTF-8.
	if (startsWith(0xff, 0xfe) || startsWith(0xfe, 0xff)) throw new ImportFileError('importer.file.utf16')
	if (head.subarray(0, 8192).includes(0)) throw new ImportFileError(extension === 'xlsx' ? 'importer.file.unsupported' : 'importer.file.nulBytes')
	return 'csv'
}

/** UTF-8 (BOM stripped) when the bytes are valid UTF-8, else GB18030, which also reads GBK and GB2312. */
export function decodeText(bytes: Uint8Array): { text: string; encoding: TextEncoding } {
	try {
		// ignoreBOM: false (the default) drops a leading BOM.
		return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' }
	} catch {
		return { text: new TextDecoder('gb18030').decode(bytes), encoding: 'gb18030' }
	}
}

/** The delimiter of the first line: comma, or tab/semicolon when those clearly dominate. */
function detectDelimiter(text: string) {
	const firstLine = text.slice(0, text.search(/\r|\n|$/)).replace(/"[^"]*"/g, '')
	const count = (d: string) => firstLine.split(d).length - 1
	const candidates = [',', '\t', ';'].map((d) => [d, count(d)] as const)
	const [best] = candidates.sort((a, b) => b[1] - a[1])
	return best && best[1] > 0 ? best[0] : ','
}

/** Column letter as spreadsheets show it: 0 → A, 26 → AA. */
export function columnLetter(index: number) {
	let letters = ''
	for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters
	return letters
}

function cellTooLong(row: number, column: number) {
	return new ImportFileError('importer.file.cellTooLong', { row, column: columnLetter(column), max: MAX_CELL_CHARS })
}

/** `count`: columns up to the row's last non-empty cell. */
function tooManyColumns(row: number, count: number) {
	return new ImportFileError('importer.file.tooManyColumns', { row, count, max: MAX_COLUMNS })
}

const QUOTE = 0x22
const CR = 0x0d
const LF = 0x0a

/**
 * RFC 4180 records, fed text in pieces: quoted fields may hold delimiters, ""
 * and line breaks; CRLF, LF or CR end a record. Cells are trimmed. Each record
 * goes to `onRecord` as soon as it ends, with its cells up to MAX_COLUMNS: a
 * record with a non-empty field past that, or a field longer than
 * MAX_CELL_CHARS, is refused without keeping the rest of it.
 */
export class CsvParser {
	private readonly delimiter: number
	private cells: string[] = []
	/** Fields of the current record so far, and the 1-based number of its last non-empty one. */
	private fields = 0
	private lastNonEmpty = 0
	/** Text of the current field from earlier pieces and quoted sections. */
	private field = ''
	/** The field has begun (a quote opened it, or it has text). */
	private started = false
	private quoted = false
	/** A quote inside a quoted field, not yet known to be "" or the closing one. */
	private quoteInQuoted = false
	/** A CR ended the last record: an LF right after it belongs to it. */
	private afterCr = false
	private record = 1

	constructor(
		delimiter: string,
		private readonly onRecord: (row: number, cells: string[]) => void,
	) {
		this.delimiter = delimiter.charCodeAt(0)
	}

	push(text: string) {
		const n = text.length
		// Start of the run of field text not yet added to this.field.
		let from = 0
		for (let i = 0; i < n; i++) {
			const c = text.charCodeAt(i)
			if (this.afterCr) {
				this.afterCr = false
				if (c === LF) {
					from = i + 1
					continue
				}
			}
			if (this.quoteInQuoted) {
				this.quoteInQuoted = false
				if (c === QUOTE) {
					// "" inside quotes: one quote, the run goes on after it.
					this.append('"')
					from = i + 1
					continue
				}
				this.quoted = false
			}
			if (this.quoted) {
				if (c === QUOTE) {
					this.append(text.slice(from, i))
					this.quoteInQuoted = true
					from = i + 1
				}
				continue
			}
			if (c === QUOTE && !this.started && i === from) {
				this.started = true
				this.quoted = true
				from = i + 1
			} else if (c === this.delimiter) {
				this.append(text.slice(from, i))
				this.endField()
				from = i + 1
			} else if (c === CR || c === LF) {
				this.append(text.slice(from, i))
				this.endRecord()
				this.afterCr = c === CR
				from = i + 1
			} else if (!this.started) {
				this.started = true
			}
		}
		if (from < n) this.append(text.slice(from))
	}

	/** The last record, when the text does not end with a line break. */
	end() {
		if (this.started || this.fields > 0) this.endRecord()
	}

	private append(text: string) {
		if (text === '') return
		this.started = true
		if (this.field.length + text.length > MAX_CELL_CHARS) throw cellTooLong(this.record, this.fields)
		this.field += text
	}

	private endField() {
		const value = this.field.trim()
		this.fields++
		if (value !== '') this.lastNonEmpty = this.fields
		if (this.fields <= MAX_COLUMNS) this.cells.push(value)
		this.field = ''
		this.started = false
		this.quoted = false
	}

	private endRecord() {
		this.endField()
		if (this.lastNonEmpty > MAX_COLUMNS) throw tooManyColumns(this.record, this.lastNonEmpty)
		this.onRecord(this.record++, this.cells)
		this.cells = []
		this.fields = 0
		this.lastNonEmpty = 0
	}
}

type RawRow = { row: number; cells: string[]; issues?: CellIssue[] }

/**
 * Header = first non-empty row; blank rows are dropped; more than MAX_DATA_ROWS
 * data rows, or more than MAX_CELLS cells (data rows × header columns), are refused.
 */
class SheetBuilder {
	headers: string[] | null = null
	rows: SheetRow[] = []

	add(raw: RawRow) {
		if (raw.cells.every((c) => c === '')) return
		if (!this.headers) {
			this.headers = uniqueHeaders(raw.cells)
			return
		}
		if (this.rows.length >= MAX_DATA_ROWS) throw new ImportFileError('importer.file.tooManyRows', { max: MAX_DATA_ROWS })
		if ((this.rows.length + 1) * this.headers.length > MAX_CELLS) {
			const columns = this.headers.length
			throw new ImportFileError('importer.file.tooManyCells', { columns, max: MAX_CELLS, maxRows: Math.floor(MAX_CELLS / columns) })
		}
		const cells = this.headers.map((_, i) => raw.cells[i] ?? '')
		const issues = raw.issues?.filter((issue) => issue.column < cells.length)
		this.rows.push(issues?.length ? { row: raw.row, cells, issues } : { row: raw.row, cells })
	}

	build(format: ImportFormat, encoding: TextEncoding | null): Sheet {
		if (!this.headers) throw new ImportFileError('importer.file.empty')
		if (this.rows.length === 0) throw new ImportFileError('importer.file.noDataRows')
		return { format, encoding, headers: this.headers, rows: this.rows }
	}
}

function uniqueHeaders(cells: string[]) {
	const last = cells.findLastIndex((c) => c !== '')
	const seen = new Map<string, number>()
	return cells.slice(0, last + 1).map((cell, i) => {
		const base = cell === '' ? `[${columnLetter(i)}]` : cell
		const n = (seen.get(base) ?? 0) + 1
		seen.set(base, n)
		return n === 1 ? base : `${base} (${n})`
	})
}

/** Bytes read per step: a CSV's whole text never exists at once, and exceljs gets the file as from disk. */
const PIECE_BYTES = 64 * 1024

class NotUtf8 extends Error {}

function readCsvAs(bytes: Uint8Array, encoding: TextEncoding): Sheet {
	// fatal: the first byte that is not UTF-8 sends the whole file to GB18030.
	const decoder = new TextDecoder(encoding, { fatal: encoding === 'utf-8' })
	const decode = (chunk?: Uint8Array) => {
		// A NUL anywhere means binary data, not text (detectFormat looked at the first 8 KB only); no database stores it as text either.
		if (chunk?.includes(0)) throw new ImportFileError('importer.file.nulBytes')
		try {
			return chunk ? decoder.decode(chunk, { stream: true }) : decoder.decode()
		} catch {
			throw new NotUtf8()
		}
	}
	const builder = new SheetBuilder()
	const first = decode(bytes.subarray(0, PIECE_BYTES))
	// The delimiter is told from the first piece: the header line, or as much of it as fits.
	const parser = new CsvParser(detectDelimiter(first), (row, cells) => builder.add({ row, cells: cells.map(unescapeFormula) }))
	parser.push(first)
	for (let at = PIECE_BYTES; at < bytes.length; at += PIECE_BYTES) parser.push(decode(bytes.subarray(at, at + PIECE_BYTES)))
	parser.push(decode())
	parser.end()
	return builder.build('csv', encoding)
}

function readCsv(bytes: Uint8Array): Sheet {
	try {
		return readCsvAs(bytes, 'utf-8')
	} catch (error) {
		if (error instanceof NotUtf8) return readCsvAs(bytes, 'gb18030')
		throw error
	}
}

/** Excel shows 15 significant digits; 0.1+0.2 is 0.3 there, and here. */
function numberText(value: number) {
	return String(Number(value.toPrecision(15)))
}

type CellText = { text: string; issue?: Omit<CellIssue, 'column'> }

/** One cell as text: rich text joined, dates as YYYY-MM-DD, hyperlinks as their text, formulas as their cached result. */
export function cellText(value: unknown): CellText {
	if (value === null || value === undefined) return { text: '' }
	if (typeof value === 'string') return { text: value.trim() }
	if (typeof value === 'number') return { text: numberText(value) }
	if (typeof value === 'boolean') return { text: value ? 'TRUE' : 'FALSE' }
	if (value instanceof Date) return { text: Number.isNaN(value.getTime()) ? '' : value.toISOString().slice(0, 10) }
	if (typeof value === 'bigint') return { text: value.toString() }
	// Symbols and functions are not cell values.
	if (typeof value !== 'object') return { text: '' }
	if ('richText' in value && Array.isArray(value.richText)) {
		return {
			text: value.richText
				.map((run: { text?: unknown }) => (typeof run.text === 'string' ? run.text : ''))
				.join('')
				.trim(),
		}
	}
	if ('formula' in value || 'sharedFormula' in value) {
		const result = 'result' in value ? value.result : undefined
		if (result === undefined || result === null) return { text: '', issue: { level: 'error', messageKey: 'importer.file.formulaNoResult' } }
		const inner = cellText(result)
		if (inner.issue) return inner
		return { text: inner.text, issue: { level: 'warning', messageKey: 'importer.file.formulaResult' } }
	}
	if ('error' in value) return { text: '', issue: { level: 'error', messageKey: 'importer.file.cellError', params: { value: String(value.error) } } }
	if ('text' in value) return cellText(value.text)
	return { text: '' }
}

/**
 * A copy of `text` that shares no memory with exceljs's parser: its strings can
 * be slices of whole XML chunks, which a kept cell would keep alive (measured:
 * about half the reader's retained heap on a sheet of 2 million cells). V8 copies
 * substrings under 13 characters instead of slicing them: those are left as they are.
 */
const detached = (text: string): string => (text.length < 13 ? text : (JSON.parse(JSON.stringify(text)) as string))

/**
 * exceljs caches every shared string as such a slice, holding the whole text
 * of sharedStrings.xml until the reading ends. Replaced by copies once the
 * cache is complete (before the first worksheet: xlsx-zip.ts hands it over
 * first), the XML text can go before the sheets are read. The cache is not
 * part of exceljs's typed API; without it nothing is replaced.
 */
function detachSharedStrings(reader: ExcelJS.stream.xlsx.WorkbookReader) {
	const cache = (reader as unknown as { sharedStrings?: unknown[] }).sharedStrings ?? []
	for (let i = 0; i < cache.length; i++) {
		const value = cache[i]
		if (typeof value === 'string') cache[i] = detached(value)
	}
}

/**
 * One worksheet row as text cells. Only cells with a value are visited (a row
 * may have styled empty cells out to column XFD); one past MAX_COLUMNS refuses
 * the file, and so does text longer than MAX_CELL_CHARS.
 */
function xlsxRow(row: ExcelJS.Row): RawRow {
	const cells: string[] = []
	const issues: CellIssue[] = []
	let widest = 0
	row.eachCell((cell, column) => {
		const { text, issue } = cellText(cell.value)
		if (text === '' && !issue) return
		widest = column
		if (column > MAX_COLUMNS) return
		if (text.length > MAX_CELL_CHARS) throw cellTooLong(row.number, column - 1)
		cells[column - 1] = detached(text)
		if (issue) issues.push({ column: column - 1, ...issue })
	})
	if (widest > MAX_COLUMNS) throw tooManyColumns(row.number, widest)
	return { row: row.number, cells: Array.from(cells, (c) => c ?? ''), issues }
}

function* inPieces(buffers: Buffer[]) {
	for (const buffer of buffers) for (let at = 0; at < buffer.length; at += PIECE_BYTES) yield buffer.subarray(at, at + PIECE_BYTES)
}

/** The first worksheet with a non-empty row, read as a stream (the whole workbook never sits in memory). */
async function readXlsx(bytes: Uint8Array): Promise<Sheet> {
	const checked = await inspectXlsx(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength))
	const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(inPieces(checked)), {
		sharedStrings: 'cache',
		hyperlinks: 'ignore',
		styles: 'cache',
		worksheets: 'emit',
		entries: 'emit',
	})
	let sheets = 0
	try {
		for await (const worksheet of reader) {
			if (sheets++ === 0) detachSharedStrings(reader)
			const builder = new SheetBuilder()
			for await (const row of worksheet) builder.add(xlsxRow(row))
			if (builder.headers) return builder.build('xlsx', null)
		}
	} catch (error) {
		if (error instanceof ImportFileError) throw error
		throw new ImportFileError('importer.file.unreadable')
	}
	throw new ImportFileError(sheets === 0 ? 'importer.file.unsupported' : 'importer.file.empty')
}

/** Size check, format by magic bytes, then the CSV or XLSX reader. */
export async function readImportFile(bytes: Uint8Array, fileName: string): Promise<Sheet> {
	checkFileSize(bytes.byteLength)
	return detectFormat(bytes.subarray(0, 8192), fileName) === 'xlsx' ? readXlsx(bytes) : readCsv(bytes)
}
