// Lists exported as files: which columns, in which order, under which name.
import { z } from 'zod'

export const EXPORT_FORMATS = ['csv', 'xlsx'] as const
export type ExportFormat = (typeof EXPORT_FORMATS)[number]
export const EXPORT_LISTS = ['leads', 'companies', 'projects'] as const
export type ExportList = (typeof EXPORT_LISTS)[number]

export type CellValue = string | number | boolean | Date | null | undefined

/** One column of an exported list: a stable key (for ?columns=), its header, how to read a row. */
export type ExportColumn<Row> = {
	key: string
	header: string
	value: (row: Row) => CellValue
	/** How a spreadsheet shows the column's numbers (XLSX only; CSV keeps the plain figure). */
	numFmt?: string
}

/** Whole yuan with thousands separators: amounts are exported in 元, as their headers say. */
export const YUAN_FORMAT = '#,##0'

/** `leads.csv` → { list: 'leads', format: 'csv' }, or null for anything else. */
export function parseExportFile(file: string): { list: ExportList; format: ExportFormat } | null {
	const match = /^([a-z]+)\.([a-z]+)$/.exec(file)
	const list = z.enum(EXPORT_LISTS).safeParse(match?.[1])
	const format = z.enum(EXPORT_FORMATS).safeParse(match?.[2])
	return list.success && format.success ? { list: list.data, format: format.data } : null
}

/** The requested columns in the requested order; none or only unknown keys means all columns. */
export function pickColumns<Row>(all: readonly ExportColumn<Row>[], requested: readonly string[]): ExportColumn<Row>[] {
	const byKey = new Map(all.map((c) => [c.key, c]))
	const picked = [...new Set(requested)].map((key) => byKey.get(key)).filter((c): c is ExportColumn<Row> => c !== undefined)
	return picked.length > 0 ? picked : [...all]
}

/** e.g. leads-2026-11-25.xlsx: the list and the day it was taken. */
export function exportFilename(list: ExportList, format: ExportFormat, now = new Date()) {
	return `${list}-${now.toISOString().slice(0, 10)}.${format}`
}
