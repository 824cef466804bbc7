/**
 * Upload limits, in their own module so pages can show them without loading the
 * file readers. The readers enforce each bound while they read, so a hostile
 * file is refused before it costs more than the bound (ADR 0016).
 */
export const MAX_FILE_BYTES = 50 * 1024 * 1024
export const MAX_DATA_ROWS = 100_000
/** Columns up to the last non-empty one, in any row; every import kind has at most 16 fields. */
export const MAX_COLUMNS = 200
/** Excel's own limit for the text of one cell. */
export const MAX_CELL_CHARS = 32_767
/**
 * Data rows × header columns: the rows are kept padded to the header's width,
 * so this bounds the memory of reading and previewing: 100,000 rows of 20
 * columns, as many as a companies export has (docs/benchmarks.md).
 */
export const MAX_CELLS = 2_000_000

/** XLSX is a zip: what its parts may add up to once inflated (real data inflates 5–10×). */
export const MAX_XLSX_UNCOMPRESSED_BYTES = 512 * 1024 * 1024
/** Each part is inflated and checked; a workbook has tens of them, one more or two per sheet. */
export const MAX_ZIP_ENTRIES = 1_000
/**
 * Deflate bombs reach about 1,000:1; spreadsheet XML compresses 5–30:1 (a sheet
 * of 100,000 identical rows, or of styled empty rows, about 15:1, as the row
 * numbers still differ). Parts under 1 MiB inflated may have any ratio.
 */
export const MAX_COMPRESSION_RATIO = 200
export const COMPRESSION_RATIO_FROM_BYTES = 1024 * 1024
/** Workbook, styles and relationship parts, which exceljs turns into objects whole. */
export const MAX_XML_OTHER_PART_BYTES = 16 * 1024 * 1024
/**
 * exceljs keeps every shared string (and rich-text run) in memory while it reads
 * the sheets. Every cell may hold a string of its own, as a list of 100,000
 * companies does in its names, codes, addresses and phones, so as many as cells.
 */
export const MAX_SHARED_STRINGS = MAX_CELLS
/**
 * Worksheet rows exceljs may parse, each counted out to its last cell (styled
 * empty cells included): its cost per row grows with that column, so a 1 MB
 * file of rows with one empty cell in column XFD took it minutes.
 */
export const MAX_SHEET_CELL_SPAN = 10_000_000
/** Spreadsheet XML nests about 10 deep; the parser keeps a stack entry per level. */
export const MAX_XML_DEPTH = 64
/** One tag, comment or processing instruction, attributes included. */
export const MAX_XML_MARKUP_BYTES = 64 * 1024
