// A laid-out report (app/domain/report/layout.ts) as an XLSX workbook: one
// sheet per table, a title row with the period, a bold frozen header row.
import ExcelJS from 'exceljs'
import { type CellFormat, type ReportDocument, type ReportSheet, type SheetCell } from '~/domain/report/layout'
import { periodKey } from '~/domain/report/period'
import { CONTENT_TYPES } from './table-stream.server'

const NUMBER_FORMATS: Record<Exclude<CellFormat, 'text' | 'number'>, string> = {
	yi: '#,##0.00',
	percent: '0.0%',
	date: 'yyyy-mm-dd',
}

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEEF1F5' } }
const GROUP_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF6F7F9' } }

export async function reportWorkbook(doc: ReportDocument): Promise<Uint8Array<ArrayBuffer>> {
	return sheetsWorkbook(doc.title, doc.sheets)
}

/** Sheets laid out as a report's (the 情景推演 comparison too) in one workbook titled `title`. */
export async function sheetsWorkbook(title: string, sheets: readonly ReportSheet[]): Promise<Uint8Array<ArrayBuffer>> {
	const workbook = new ExcelJS.Workbook()
	workbook.title = title
	const names = new Set<string>()
	for (const sheet of sheets) writeSheet(workbook, title, sheet, uniqueSheetName(sheet.name, names))
	// exceljs types the Node Buffer it returns as an ArrayBuffer; copying it into a Uint8Array is right either way.
	return new Uint8Array(await workbook.xlsx.writeBuffer())
}

/**
 * Download headers: the Chinese file name (月调度表-2025-06.xlsx) as RFC 5987
 * filename*, and an ASCII name for clients that only read filename.
 */
export function reportDownloadHeaders(doc: ReportDocument) {
	const ascii = `${periodKey(doc.period)}.xlsx`
	return {
		'Content-Type': CONTENT_TYPES.xlsx,
		'Content-Disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(doc.filename)}`,
		'Cache-Control': 'no-store',
	}
}

function writeSheet(workbook: ExcelJS.Workbook, title: string, sheet: ReportSheet, name: string) {
	// Rows 1 (title) and 2 (headers) stay in view while scrolling.
	const ws = workbook.addWorksheet(name, {
		views: [{ state: 'frozen', ySplit: 2 }],
		pageSetup: { orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
	})
	const width = sheet.columns.length
	ws.columns = sheet.columns.map((c) => ({ width: c.width }))

	const titleRow = ws.addRow([`${title} · ${sheet.name}`])
	titleRow.font = { bold: true, size: 14 }
	ws.mergeCells(1, 1, 1, width)

	const header = ws.addRow(sheet.columns.map((c) => c.header))
	header.font = { bold: true }
	header.eachCell((cell) => {
		cell.fill = HEADER_FILL
		cell.alignment = { vertical: 'middle', wrapText: true }
		cell.border = { bottom: { style: 'thin' } }
	})

	for (const row of sheet.rows) {
		const written = ws.addRow(row.cells.map((value, i) => cellValue(value, sheet.columns[i]!.format)))
		row.cells.forEach((value, i) => {
			const format = sheet.columns[i]!.format
			const cell = written.getCell(i + 1)
			if (format === 'number' && typeof value === 'number') cell.numFmt = Number.isInteger(value) ? '#,##0' : '#,##0.00'
			else if (format !== 'text' && format !== 'number') cell.numFmt = NUMBER_FORMATS[format]
		})
		if (row.style) {
			written.font = { bold: true }
			if (row.style === 'group') written.eachCell((cell) => (cell.fill = GROUP_FILL))
			if (row.style === 'total') written.eachCell((cell) => (cell.border = { top: { style: 'thin' } }))
		}
	}

	if (sheet.notes.length > 0) ws.addRow([])
	for (const note of sheet.notes) {
		const noteRow = ws.addRow([note])
		noteRow.font = { italic: true, color: { argb: 'FF5B6675' } }
		ws.mergeCells(noteRow.number, 1, noteRow.number, width)
	}
}

/**
 * Text goes in as a string cell, which spreadsheet apps display and never
 * evaluate, so a title such as "=1+1" is kept exactly (as the list export does);
 * dates become real dates.
 */
function cellValue(value: SheetCell, format: CellFormat): ExcelJS.CellValue {
	if (value === null) return null
	if (format === 'date' && typeof value === 'string') return new Date(`${value}T00:00:00Z`)
	return value
}

/** Sheet names are at most 31 characters, without []:*?/\ and unique in a workbook. */
function uniqueSheetName(name: string, taken: Set<string>) {
	const base = name.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31)
	let candidate = base
	for (let n = 2; taken.has(candidate); n += 1) candidate = `${base.slice(0, 28)} (${n})`
	taken.add(candidate)
	return candidate
}
