import { Readable } from 'node:stream'
import ExcelJS from 'exceljs'
import { unescapeFormula } from '../export/csv'
import { MAX_DATA_ROWS, MAX_FILE_BYTES } from './limits'

/**
 * Reads an uploaded CSV or XLSX file into a header row and data rows of text
 * cells. Pure apart from exceljs reading the bytes it is given; every refusal is
 * an ImportFileError with an i18n key.
 */

export type ImportFormat = 'csv' | 'xlsx'
/** How a CSV was decoded: UTF-8 (with or without BOM) or, when the bytes are not UTF-8, GB18030 (a superset of GBK). */
export type TextEncoding = 'utf-8' | 'gb18030'

type Params = Record<string, string | number>

export class ImportFileError extends Error {
	constructor(
		readonly messageKey: string,
		readonly params: Params = {},
	) {
		super(messageKey)
		this.name = 'ImportFileError'
	}
}

/** A problem in one cell found while reading (formula without a result, #N/A…). */
export type CellIssue = { column: number; level: 'error' | 'warning'; messageKey: string; params?: Params }

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
 * XLSX, readable text is CSV. Legacy .xls, other binaries and other extensions are refused.
 */
export function detectFormat(head: Uint8Array, fileName: string): ImportFormat {
	const extension = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase() ?? ''
	const startsWith = (...bytes: number[]) => bytes.every((b, i) => head[i] === b)
	if (startsWith(0xd0, 0xcf, 0x11, 0xe0)) throw new ImportFileError('importer.file.legacyXls')
	if (!ALLOWED_EXTENSIONS.includes(extension)) throw new ImportFileError('importer.file.unsupported')
	if (startsWith(0x50, 0x4b, 0x03, 0x04)) return 'xlsx'
	if (startsWith(0xff, 0xfe) || startsWith(0xfe, 0xff) || head.subarray(0, 8192).includes(0)) {
		throw new ImportFileError('importer.file.unsupported')
	}
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

/** RFC 4180 records: quoted fields may hold delimiters, "" and line breaks; CRLF, LF or CR end a record. */
export function parseCsv(text: string, delimiter = detectDelimiter(text)): string[][] {
	const records: string[][] = []
	let record: string[] = []
	let field = ''
	let quoted = false
	let i = 0
	const endField = () => {
		record.push(field)
		field = ''
	}
	const endRecord = () => {
		endField()
		records.push(record)
		record = []
	}
	while (i < text.length) {
		const c = text[i]!
		if (quoted) {
			if (c === '"') {
				if (text[i + 1] === '"') {
					field += '"'
					i += 2
					continue
				}
				quoted = false
			} else {
				field += c
			}
			i++
			continue
		}
		if (c === '"' && field === '') quoted = true
		else if (c === delimiter) endField()
		else if (c === '\r' || c === '\n') {
			endRecord()
			if (c === '\r' && text[i + 1] === '\n') i++
		} else field += c
		i++
	}
	if (field !== '' || record.length > 0 || quoted) endRecord()
	return records
}

/** Column letter as spreadsheets show it: 0 → A, 26 → AA. */
export function columnLetter(index: number) {
	let letters = ''
	for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters
	return letters
}

type RawRow = { row: number; cells: string[]; issues?: CellIssue[] }

/** Header = first non-empty row; blank rows are dropped; more than MAX_DATA_ROWS data rows are refused. */
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

function readCsv(bytes: Uint8Array): Sheet {
	const { text, encoding } = decodeText(bytes)
	const builder = new SheetBuilder()
	// The quote our CSV export puts before formula-like cells comes off again.
	parseCsv(text).forEach((cells, i) => builder.add({ row: i + 1, cells: cells.map((c) => unescapeFormula(c.trim())) }))
	return builder.build('csv', encoding)
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
	if (typeof value !== 'object') return { text: String(value) }
	if ('richText' in value && Array.isArray(value.richText)) {
		return { text: value.richText.map((run: { text?: unknown }) => (typeof run.text === 'string' ? run.text : '')).join('').trim() }
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

/** The first worksheet with a non-empty row, read as a stream (the whole workbook never sits in memory). */
async function readXlsx(bytes: Uint8Array): Promise<Sheet> {
	const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)]), {
		sharedStrings: 'cache',
		hyperlinks: 'ignore',
		styles: 'cache',
		worksheets: 'emit',
		entries: 'emit',
	})
	let sheets = 0
	try {
		for await (const worksheet of reader) {
			sheets++
			const builder = new SheetBuilder()
			for await (const row of worksheet) {
				const cells: string[] = []
				const issues: CellIssue[] = []
				row.eachCell({ includeEmpty: true }, (cell, column) => {
					const { text, issue } = cellText(cell.value)
					cells[column - 1] = text
					if (issue) issues.push({ column: column - 1, ...issue })
				})
				builder.add({ row: row.number, cells: Array.from(cells, (c) => c ?? ''), issues })
			}
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
