// Streams rows into a CSV or XLSX file without holding the list in memory:
// rows are pulled from an async iterator as the client reads.
import { PassThrough, Readable } from 'node:stream'
import ExcelJS from 'exceljs'
import { csvRow, UTF8_BOM } from '~/domain/export/csv'
import { type CellValue, type ExportColumn, type ExportFormat } from '~/domain/export/table-export'
import { formatDate } from './format'

export const CONTENT_TYPES: Record<ExportFormat, string> = {
	csv: 'text/csv; charset=utf-8',
	xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
}

function csvValue(value: CellValue) {
	return value instanceof Date ? formatDate(value) : value
}

export function streamTable<Row>(
	format: ExportFormat,
	columns: readonly ExportColumn<Row>[],
	rows: AsyncIterable<Row>,
	sheetName = 'Sheet1',
): ReadableStream<Uint8Array> {
	return format === 'csv' ? csvStream(columns, rows) : xlsxStream(columns, rows, sheetName)
}

function csvStream<Row>(columns: readonly ExportColumn<Row>[], rows: AsyncIterable<Row>): ReadableStream<Uint8Array> {
	const encoder = new TextEncoder()
	const iterator: AsyncIterator<Row, unknown> = rows[Symbol.asyncIterator]()
	return new ReadableStream<Uint8Array>({
		start(controller) {
			// Excel reads a UTF-8 CSV as UTF-8 (not GBK) only when it starts with a BOM.
			controller.enqueue(encoder.encode(UTF8_BOM + csvRow(columns.map((c) => c.header))))
		},
		async pull(controller) {
			const next = await iterator.next()
			if (next.done) return controller.close()
			controller.enqueue(encoder.encode(csvRow(columns.map((c) => csvValue(c.value(next.value))))))
		},
		async cancel() {
			await iterator.return?.()
		},
	})
}

/**
 * exceljs' streaming writer commits each row to the zip as it goes. Strings
 * are written as string cells, which spreadsheet apps never evaluate, so they
 * keep their exact text (a formula-looking name stays text and round-trips).
 */
function xlsxStream<Row>(columns: readonly ExportColumn<Row>[], rows: AsyncIterable<Row>, sheetName: string): ReadableStream<Uint8Array> {
	const output = new PassThrough()
	const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: true, useSharedStrings: false })
	const sheet = workbook.addWorksheet(sheetName.slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] })
	sheet.columns = columns.map((c) => ({ header: c.header, key: c.key, width: Math.min(40, Math.max(10, c.header.length * 2 + 2)) }))
	sheet.getRow(1).font = { bold: true }
	sheet.getRow(1).commit()
	void (async () => {
		for await (const row of rows) {
			const written = sheet.addRow(columns.map((c) => c.value(row) ?? null))
			written.eachCell((cell, column) => {
				if (cell.value instanceof Date) cell.numFmt = 'yyyy-mm-dd'
				else if (typeof cell.value === 'number' && columns[column - 1]?.numFmt) cell.numFmt = columns[column - 1]!.numFmt!
			})
			written.commit()
			// Let the reader drain the zip before producing more rows.
			if (output.writableNeedDrain) await new Promise((resolve) => output.once('drain', resolve))
		}
		sheet.commit()
		await workbook.commit()
	})().catch((error: unknown) => output.destroy(error instanceof Error ? error : new Error(String(error))))
	return Readable.toWeb(output) as ReadableStream<Uint8Array>
}
