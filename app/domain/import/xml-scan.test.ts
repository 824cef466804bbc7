import { describe, expect, test } from 'vitest'
import { ImportFileError } from './file-error'
import { MAX_CELL_CHARS, MAX_SHARED_STRINGS, MAX_SHEET_CELL_SPAN, MAX_XML_DEPTH, MAX_XML_MARKUP_BYTES } from './limits'
import { MAX_CELL_TEXT_BYTES, type SheetBudget, type XmlPartKind, XmlScanner } from './xml-scan'

/** The key the scan refuses `xml` with, or null; fed whole, or in pieces of `pieceLength` bytes. */
function scan(xml: string, kind: XmlPartKind = 'worksheet', pieceLength?: number, budget?: SheetBudget) {
	const bytes = Buffer.from(xml, 'utf8')
	const scanner = new XmlScanner(kind, budget)
	try {
		const step = pieceLength ?? bytes.length
		for (let at = 0; at < bytes.length; at += step) scanner.write(bytes.subarray(at, at + step))
		return null
	} catch (error) {
		if (error instanceof ImportFileError) return error.messageKey
		throw error
	}
}

const nested = (depth: number) => `${'<a>'.repeat(depth)}${'</a>'.repeat(depth)}`
const row = (r: number, cells: string) => `<row r="${r}">${cells}</row>`

describe('XML scan before exceljs parses a part', () => {
	test('what Excel writes passes: declaration, namespaces, quotes holding > and /, comments, CDATA', () => {
		const xml = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><!-- <not> <a tag> -->
<sheetData>${row(1, `<c r="A1" t="inlineStr"><is><t>a &gt; b</t></is></c><c r='B1' s="1"/><c r="C1"><f>IF(A1>"x/","&lt;")</f><v>1</v></c>`)}
<![CDATA[<unclosed><tags>]]></sheetData></worksheet>`
		expect(scan(xml)).toBeNull()
		// The same bytes in pieces of every small size: state carries across pieces.
		for (const piece of [1, 2, 3, 5, 7, 13]) expect(scan(xml, 'worksheet', piece)).toBeNull()
	})

	test(`nesting deeper than ${MAX_XML_DEPTH} is refused; self-closing and closed elements do not count`, () => {
		expect(scan(nested(MAX_XML_DEPTH))).toBeNull()
		expect(scan(nested(MAX_XML_DEPTH + 1))).toBe('importer.file.xmlTooDeep')
		expect(scan(`${'<a/>'.repeat(10_000)}${'<b></b>'.repeat(10_000)}`)).toBeNull()
		expect(scan(nested(100_000), 'other', 4096)).toBe('importer.file.xmlTooDeep')
	})

	test('a DOCTYPE, or any other declaration, is refused wherever it is', () => {
		expect(scan('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">]><sst/>', 'sharedStrings')).toBe('importer.file.xmlDoctype')
		expect(scan('<worksheet><!ENTITY x "y"></worksheet>')).toBe('importer.file.xmlDoctype')
		expect(scan('<!DOCTYPE x>', 'other', 1)).toBe('importer.file.xmlDoctype')
		// "<!-" not followed by "-", and "<![" not followed by "CDATA[", are declarations too.
		expect(scan('<a><!-x--></a>')).toBe('importer.file.xmlDoctype')
		expect(scan('<a><![IGNORE[x]]></a>')).toBe('importer.file.xmlDoctype')
	})

	test('a comment ends at its own -->: the dashes of <!-- do not close it, so tags inside cannot hide from the depth count', () => {
		expect(scan(`<a><!-->${nested(MAX_XML_DEPTH + 5)}--></a>`)).toBeNull()
		expect(scan(`<a><!---->${nested(MAX_XML_DEPTH + 5)}</a>`)).toBe('importer.file.xmlTooDeep')
	})

	test(`a tag, comment or processing instruction over ${MAX_XML_MARKUP_BYTES / 1024} KB is refused`, () => {
		const long = 'x'.repeat(MAX_XML_MARKUP_BYTES)
		expect(scan(`<a b="${'x'.repeat(MAX_XML_MARKUP_BYTES - 10)}"/>`)).toBeNull()
		expect(scan(`<a b="${long}"/>`)).toBe('importer.file.xmlMarkupTooLong')
		expect(scan(`<a><!--${long}--></a>`)).toBe('importer.file.xmlMarkupTooLong')
		expect(scan(`<?pi ${long}?><a/>`)).toBe('importer.file.xmlMarkupTooLong')
	})

	test('text of one cell is bounded however it is split: into runs of rich text, entities or CDATA', () => {
		const half = 'x'.repeat(MAX_CELL_TEXT_BYTES / 2 + 1)
		expect(scan(`<sst><si><t>${'x'.repeat(MAX_CELL_TEXT_BYTES)}</t></si></sst>`, 'sharedStrings')).toBeNull()
		expect(scan(`<sst><si><r><t>${half}</t></r><r><t>${half}</t></r></si></sst>`, 'sharedStrings')).toBe('importer.file.xlsxCellTooLong')
		expect(scan(`<sst><si><t>${half}</t></si><si><t>${half}</t></si></sst>`, 'sharedStrings')).toBeNull()
		expect(scan(row(1, `<c r="A1" t="inlineStr"><is><t>${half}<![CDATA[${half}]]></t></is></c>`))).toBe('importer.file.xlsxCellTooLong')
		// Outside cells each text run stands alone, and is bounded too.
		expect(scan(`<workbook>${'x'.repeat(MAX_CELL_TEXT_BYTES + 1)}</workbook>`, 'other', 1000)).toBe('importer.file.xlsxCellTooLong')
		expect(MAX_CELL_TEXT_BYTES).toBe(MAX_CELL_CHARS * 8)
	})

	test(`more than ${MAX_SHARED_STRINGS.toLocaleString('en')} shared strings (rich-text runs included) are refused`, () => {
		const strings = (n: number) => `<sst>${'<si><t>x</t></si>'.repeat(n)}</sst>`
		expect(scan(strings(MAX_SHARED_STRINGS), 'sharedStrings')).toBeNull()
		expect(scan(strings(MAX_SHARED_STRINGS + 1), 'sharedStrings')).toBe('importer.file.tooManySharedStrings')
		const threeRuns = '<si><r><t>x</t></r><r><t>y</t></r><r><t>z</t></r></si>'
		expect(scan(`<sst>${threeRuns.repeat(MAX_SHARED_STRINGS / 4)}</sst>`, 'sharedStrings')).toBeNull()
		expect(scan(`<sst>${threeRuns.repeat(MAX_SHARED_STRINGS / 4 + 1)}</sst>`, 'sharedStrings')).toBe('importer.file.tooManySharedStrings')
		// Elements named si in a worksheet are no shared strings.
		expect(scan(`<a>${'<si/>'.repeat(MAX_SHARED_STRINGS + 1)}</a>`, 'worksheet')).toBeNull()
	})

	test('a worksheet costs each row out to its last cell, by the column exceljs reads from r, however the attribute is written', () => {
		const xfdRows = (n: number, reference: (r: number) => string) => Array.from({ length: n }, (_, i) => row(i + 1, `<c ${reference(i + 1)} s="1"/>`)).join('')
		const fit = Math.floor(MAX_SHEET_CELL_SPAN / (16_384 + 1))
		expect(scan(xfdRows(fit, (r) => `r="XFD${r}"`))).toBeNull()
		expect(scan(xfdRows(fit + 1, (r) => `r="XFD${r}"`))).toBe('importer.file.sheetTooLarge')
		for (const reference of [(r: number) => `r = 'XFD${r}'`, (r: number) => `s="2" r="$XFD$${r}"`, (r: number) => `\n r\n=\n"XFD${r}"`]) {
			expect(scan(xfdRows(fit + 1, reference))).toBe('importer.file.sheetTooLarge')
		}
		// Attributes that merely end in r, or values that mention XFD, cost nothing.
		expect(scan(xfdRows(fit + 1, (r) => `ar="XFD${r}" t="XFD"`))).toBeNull()
		// One budget for all the sheets of a file.
		const budget = { cellSpan: 0 }
		expect(
			scan(
				xfdRows(fit, (r) => `r="XFD${r}"`),
				'worksheet',
				undefined,
				budget,
			),
		).toBeNull()
		expect(
			scan(
				xfdRows(2, (r) => `r="XFD${r}"`),
				'worksheet',
				undefined,
				budget,
			),
		).toBe('importer.file.sheetTooLarge')
	})

	test('a row costs one, plus its cells out to the last one, plus one for each cell that repeats a column', () => {
		const dense = row(1, Array.from({ length: 26 }, (_, i) => `<c r="${String.fromCharCode(65 + i)}1"/>`).join(''))
		const budget = { cellSpan: 0 }
		expect(scan(dense + '<row r="2"/>' + row(3, '<c r="C3"/><c r="A3"/><c r="C3"/>'), 'worksheet', undefined, budget)).toBeNull()
		expect(budget.cellSpan).toBe(1 + 26 + 1 + (1 + 3 + 1 + 1))
		const repeated = { cellSpan: 0 }
		expect(scan(row(1, '<c r="A1"/>'.repeat(1000)), 'worksheet', undefined, repeated)).toBeNull()
		expect(repeated.cellSpan).toBe(1 + 1000)
	})
})
