import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { PassThrough } from 'node:stream'
import ExcelJS from 'exceljs'
import { describe, expect, test } from 'vitest'
import { part, sharedStringsXml, sheetXml, workbook, zip } from '../../../tests/fixtures/hostile/zip'
import { csvRow, UTF8_BOM } from '../export/csv'
import { ImportFileError } from './file-error'
import { MAX_CELL_CHARS, MAX_CELLS, MAX_COLUMNS, MAX_DATA_ROWS, MAX_FILE_BYTES } from './limits'
import { cellText, columnLetter, CsvParser, decodeText, detectFormat, readImportFile } from './read-file'

const utf8 = (text: string) => new TextEncoder().encode(text)

/** The records of `text`, fed to the parser in pieces of `pieceLength` characters. */
function parseCsv(text: string, delimiter = ',', pieceLength = text.length || 1) {
	const records: string[][] = []
	const parser = new CsvParser(delimiter, (_row, cells) => records.push(cells))
	for (let at = 0; at < text.length; at += pieceLength) parser.push(text.slice(at, at + pieceLength))
	parser.end()
	return records
}

async function refusal(work: () => unknown) {
	return (await refused(work)).messageKey
}

async function refused(work: () => unknown) {
	try {
		await work()
	} catch (error) {
		if (error instanceof ImportFileError) return error
		throw error
	}
	throw new Error('expected an ImportFileError')
}

describe('encoding detection', () => {
	// 企业名称 in GBK, as Excel on a Chinese Windows saves a CSV. (企 is C6 F3; D0 C6, sometimes quoted for it, is 衅.)
	const GBK_QIYEMINGCHENG = [0xc6, 0xf3, 0xd2, 0xb5, 0xc3, 0xfb, 0xb3, 0xc6]

	test('the GBK byte sequence is what TextDecoder reads as 企业名称', () => {
		expect(new TextDecoder('gbk').decode(new Uint8Array(GBK_QIYEMINGCHENG))).toBe('企业名称')
		expect(new TextDecoder('gbk').decode(new Uint8Array([0xd0, 0xc6]))).toBe('衅')
	})

	test('bytes that are not UTF-8 are read as GB18030 and say so', async () => {
		const bytes = new Uint8Array([...GBK_QIYEMINGCHENG, 0x2c, 0x61, 0x0d, 0x0a, 0xc6, 0xf3, 0x2c, 0x31, 0x0d, 0x0a])
		expect(decodeText(bytes)).toEqual({ text: '企业名称,a\r\n企,1\r\n', encoding: 'gb18030' })
		const sheet = await readImportFile(bytes, '名单.csv')
		expect(sheet).toMatchObject({ format: 'csv', encoding: 'gb18030', headers: ['企业名称', 'a'], rows: [{ row: 2, cells: ['企', '1'] }] })
	})

	test('UTF-8 with and without BOM', () => {
		expect(decodeText(utf8('\uFEFF企业名称'))).toEqual({ text: '企业名称', encoding: 'utf-8' })
		expect(decodeText(utf8('企业名称'))).toEqual({ text: '企业名称', encoding: 'utf-8' })
	})
})

describe('CSV', () => {
	test('a CSV our export wrote reads back to the exported values (the formula quote comes off)', async () => {
		const rows = [
			['企业名称', '联系电话', '备注'],
			['甲公司', '+86 138 0000 0000', '=HYPERLINK("x")'],
			['乙公司', '-', "'引号开头"],
		]
		const sheet = await readImportFile(utf8(UTF8_BOM + rows.map(csvRow).join('')), '导出.csv')
		expect([sheet.headers, ...sheet.rows.map((r) => r.cells)]).toEqual(rows)
	})

	test('RFC 4180: quotes, doubled quotes, delimiters and line breaks inside quotes, CRLF and LF', () => {
		expect(parseCsv('a,"b,1","say ""hi"""\r\n"multi\nline",x,\nlast,row,end')).toEqual([
			['a', 'b,1', 'say "hi"'],
			['multi\nline', 'x', ''],
			['last', 'row', 'end'],
		])
		expect(parseCsv('a,b\n')).toEqual([['a', 'b']])
		expect(parseCsv('名称\t地区\n甲\t乙', '\t')).toEqual([
			['名称', '地区'],
			['甲', '乙'],
		])
	})

	test('header = first non-empty row; blank rows dropped; row numbers as the file has them', async () => {
		const sheet = await readImportFile(utf8('\n,,\n名称,,名称\n甲,1,2\n,,\n乙\n'), 'x.csv')
		expect(sheet.headers).toEqual(['名称', '[B]', '名称 (2)'])
		expect(sheet.rows).toEqual([
			{ row: 4, cells: ['甲', '1', '2'] },
			{ row: 6, cells: ['乙', '', ''] },
		])
	})

	test('empty files and files without data rows get their own messages', async () => {
		expect(await refusal(() => readImportFile(new Uint8Array(), 'x.csv'))).toBe('importer.file.empty')
		expect(await refusal(() => readImportFile(utf8('\r\n,\r\n'), 'x.csv'))).toBe('importer.file.empty')
		expect(await refusal(() => readImportFile(utf8('企业名称,地区\r\n'), 'x.csv'))).toBe('importer.file.noDataRows')
	})

	test(`more than ${MAX_DATA_ROWS} data rows are refused`, async () => {
		const text = `名称\n${'甲\n'.repeat(MAX_DATA_ROWS + 1)}`
		expect(await refusal(() => readImportFile(utf8(text), 'x.csv'))).toBe('importer.file.tooManyRows')
		const ok = await readImportFile(utf8(`名称\n${'甲\n'.repeat(MAX_DATA_ROWS)}`), 'x.csv')
		expect(ok.rows).toHaveLength(MAX_DATA_ROWS)
	})

	test('the parser gives the same records however the text is cut into pieces', () => {
		const text = '"a""b",c\r\n"x\r\ny","""",\r"q"z,\n\n last ,"",end\r\n'
		const whole = parseCsv(text)
		expect(whole).toEqual([['a"b', 'c'], ['x\r\ny', '"', ''], ['qz', ''], [''], ['last', '', 'end']])
		for (const piece of [1, 2, 3, 4, 5, 7]) expect(parseCsv(text, ',', piece)).toEqual(whole)
	})

	test(`a value past column ${MAX_COLUMNS} is refused with its row and width; trailing empty fields do not count`, async () => {
		const wideHeader = Array.from({ length: 200_000 }, (_, i) => `列${i}`).join(',')
		const wide = await refused(() => readImportFile(utf8(`${wideHeader}\n${'x\n'.repeat(20_000)}`), 'wide.csv'))
		expect([wide.messageKey, wide.params]).toEqual(['importer.file.tooManyColumns', { row: 1, count: 200_000, max: MAX_COLUMNS }])
		const dataRow = await refused(() => readImportFile(utf8(`名称,地区\n甲,1\n乙,2${','.repeat(MAX_COLUMNS - 1)}x\n`), 'x.csv'))
		expect(dataRow.params).toEqual({ row: 3, count: MAX_COLUMNS + 1, max: MAX_COLUMNS })
		const trailing = await readImportFile(utf8(`名称,地区${','.repeat(100_000)}\n甲,1${', '.repeat(100_000)}\n`), 'x.csv')
		expect(trailing.rows).toEqual([{ row: 2, cells: ['甲', '1'] }])
	})

	test(`a cell over ${MAX_CELL_CHARS.toLocaleString('en')} characters is refused with its row and column, quoted or not`, async () => {
		const at = MAX_CELL_CHARS
		expect((await readImportFile(utf8(`名称,备注\n甲,${'长'.repeat(at)}\n`), 'x.csv')).rows[0]!.cells[1]).toHaveLength(at)
		for (const cell of ['长'.repeat(at + 1), `"${'长,\n'.repeat(at)}"`, `"${'x'.repeat(40 * 1024 * 1024)}`]) {
			const error = await refused(() => readImportFile(utf8(`名称,备注\n甲,${cell}\n`), 'x.csv'))
			expect([error.messageKey, error.params]).toEqual(['importer.file.cellTooLong', { row: 2, column: 'B', max: MAX_CELL_CHARS }])
		}
	})

	test(`more than ${MAX_CELLS.toLocaleString('en')} cells (data rows × header columns) are refused, saying how many rows the width allows`, async () => {
		const columns = 50
		const header = Array.from({ length: columns }, (_, i) => `列${i}`).join(',')
		const rows = MAX_CELLS / columns
		expect((await readImportFile(utf8(`${header}\n${'x\n'.repeat(rows)}`), 'x.csv')).rows).toHaveLength(rows)
		const error = await refused(() => readImportFile(utf8(`${header}\n${'x\n'.repeat(rows + 1)}`), 'x.csv'))
		expect([error.messageKey, error.params]).toEqual(['importer.file.tooManyCells', { columns, max: MAX_CELLS, maxRows: rows }])
	})

	test('NUL bytes anywhere make a file binary; UTF-16 text is refused with how to save it instead', async () => {
		const late = new Uint8Array([...utf8(`名称\n${'甲\n'.repeat(10_000)}`), 0, ...utf8('乙\n')])
		expect(await refusal(() => readImportFile(late, 'x.csv'))).toBe('importer.file.nulBytes')
		const le = Buffer.from('名称\r\n甲\r\n', 'utf16le')
		expect(await refusal(() => readImportFile(new Uint8Array([0xff, 0xfe, ...le]), 'x.csv'))).toBe('importer.file.utf16')
		expect(await refusal(() => readImportFile(new Uint8Array([0xfe, 0xff, ...Buffer.from(le).swap16()]), 'x.txt'))).toBe('importer.file.utf16')
	})
})

describe('file type and size', () => {
	test('magic bytes decide, not only the extension', () => {
		expect(detectFormat(new Uint8Array([0x50, 0x4b, 0x03, 0x04]), 'list.xlsx')).toBe('xlsx')
		expect(detectFormat(utf8('a,b'), 'list.csv')).toBe('csv')
		expect(() => detectFormat(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1]), 'old.xls')).toThrow('importer.file.legacyXls')
		expect(() => detectFormat(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]), 'photo.csv')).toThrow('importer.file.nulBytes')
		expect(() => detectFormat(utf8('%PDF-1.7'), 'report.pdf')).toThrow('importer.file.unsupported')
	})

	test('a file over 50 MB is refused before it is parsed', async () => {
		const big = new Uint8Array(MAX_FILE_BYTES + 1)
		expect(await refusal(() => readImportFile(big, 'big.csv'))).toBe('importer.file.tooLarge')
	})

	test('column letters', () => {
		expect([0, 25, 26, 701, 702].map(columnLetter)).toEqual(['A', 'Z', 'AA', 'ZZ', 'AAA'])
	})
})

describe('XLSX', () => {
	test('parts in any order, or without the workbook, relationships or shared strings, are read as they stream, holding no file open', async () => {
		// Sheet first and no workbook part: exceljs alone parked the sheet in a temp file, then failed on the missing
		// workbook with the file's read stream open (a descriptor lost per upload) or erroring with nobody listening.
		const rels = '<Relationships><Relationship Id="rId1" Type="worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
		const sheet = sheetXml('<row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>甲公司</t></is></c></row>')
		const bytes = zip([
			part('xl/worksheets/sheet1.xml', sheet),
			part('xl/_rels/workbook.xml.rels', rels),
			part('xl/sharedStrings.xml', sharedStringsXml(['企业名称'])),
		])
		const inlineOnly = zip([
			part(
				'xl/worksheets/sheet1.xml',
				sheetXml('<row r="1"><c r="A1" t="inlineStr"><is><t>企业名称</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>甲公司</t></is></c></row>'),
			),
		])
		const openFiles = () => fs.readdirSync('/proc/self/fd').length
		const before = openFiles()
		for (let i = 0; i < 20; i++) {
			for (const file of [bytes, inlineOnly])
				expect(await readImportFile(file, 'x.xlsx')).toMatchObject({ headers: ['企业名称'], rows: [{ row: 2, cells: ['甲公司'] }] })
		}
		expect(openFiles()).toBe(before)
	})

	test('a workbook with its sheets before the shared strings is read from the first sheet and leaves no temp files', async () => {
		// exceljs's streaming writer stores shared strings last: its reader would park every sheet in a temp file
		// (xlsx-zip.ts hands it the shared strings first).
		const output = new PassThrough()
		const chunks: Buffer[] = []
		output.on('data', (chunk: Buffer) => chunks.push(chunk))
		const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useSharedStrings: true })
		for (const name of ['名单', '备用', '说明']) {
			const sheet = workbook.addWorksheet(name)
			sheet.addRow(['企业名称', '地区']).commit()
			for (let i = 0; i < 30; i++) sheet.addRow([`${name}企业${i}`, '赣州']).commit()
			sheet.commit()
		}
		await workbook.commit()
		const privateTmp = fs.mkdtempSync(path.join(os.tmpdir(), 'chainlead-xlsx-tmp-'))
		const previous = process.env.TMPDIR
		process.env.TMPDIR = privateTmp
		try {
			const read = await readImportFile(new Uint8Array(Buffer.concat(chunks)), '名单.xlsx')
			expect(read.rows.map((r) => r.cells[0])).toEqual(Array.from({ length: 30 }, (_, i) => `名单企业${i}`))
			// The reader removes its temp files asynchronously once reading stops.
			await expect.poll(() => fs.readdirSync(privateTmp)).toEqual([])
		} finally {
			if (previous === undefined) delete process.env.TMPDIR
			else process.env.TMPDIR = previous
			fs.rmSync(privateTmp, { recursive: true, force: true })
		}
	})

	test('cells: rich text, dates, hyperlinks, numbers, formulas with and without a result, errors', () => {
		expect(cellText({ richText: [{ text: '富文本' }, { text: '公司', font: { bold: true } }] })).toEqual({ text: '富文本公司' })
		expect(cellText(new Date(Date.UTC(2024, 2, 5)))).toEqual({ text: '2024-03-05' })
		expect(cellText({ text: '官网', hyperlink: 'https://example.com' })).toEqual({ text: '官网' })
		expect(cellText(0.1 + 0.2)).toEqual({ text: '0.3' })
		expect(cellText({ formula: 'A1*2', result: 10 })).toEqual({ text: '10', issue: { level: 'warning', messageKey: 'importer.file.formulaResult' } })
		expect(cellText({ formula: 'A1*2' }).issue).toMatchObject({ level: 'error', messageKey: 'importer.file.formulaNoResult' })
		expect(cellText({ error: '#N/A' }).issue).toMatchObject({ level: 'error', messageKey: 'importer.file.cellError' })
	})

	test('reads the first non-empty worksheet, header at its first non-empty row', async () => {
		const workbook = new ExcelJS.Workbook()
		workbook.addWorksheet('空白')
		const sheet = workbook.addWorksheet('企业')
		sheet.addRow([])
		sheet.addRow(['企业名称', '成立日期', '官网', '资本'])
		sheet.addRow([
			{ richText: [{ text: '甲' }, { text: '公司' }] },
			new Date(Date.UTC(2020, 0, 15)),
			{ text: '链接', hyperlink: 'https://a.example' },
			{ formula: 'B3', result: 5 },
		])
		sheet.addRow(['乙公司', '2021/3/4', null, { formula: '1+1' }])
		const bytes = new Uint8Array(await workbook.xlsx.writeBuffer())
		const read = await readImportFile(bytes, '企业.xlsx')
		expect(read).toMatchObject({ format: 'xlsx', encoding: null, headers: ['企业名称', '成立日期', '官网', '资本'] })
		expect(read.rows).toEqual([
			{ row: 3, cells: ['甲公司', '2020-01-15', '链接', '5'], issues: [{ column: 3, level: 'warning', messageKey: 'importer.file.formulaResult' }] },
			{ row: 4, cells: ['乙公司', '2021/3/4', '', ''], issues: [{ column: 3, level: 'error', messageKey: 'importer.file.formulaNoResult' }] },
		])
	})

	test('Chinese text survives the streaming reader however the zip is chunked (scripts/patch-exceljs.mjs)', async () => {
		// Thousands of rows of 3-byte characters: without the patch some land split across chunks and read as U+FFFD.
		const workbook = new ExcelJS.Workbook()
		const sheet = workbook.addWorksheet('企业')
		sheet.addRow(['企业名称', '所属地区', '资质标签'])
		const rows = Array.from({ length: 6000 }, (_, i) => [`赣州稀土永磁电机科技有限公司第${i}分公司`, '江西省赣州市赣县区', '专精特新、小巨人、高新技术企业'])
		for (const row of rows) sheet.addRow(row)
		const bytes = new Uint8Array(await workbook.xlsx.writeBuffer())
		const read = await readImportFile(bytes, '企业.xlsx')
		expect(read.rows).toHaveLength(rows.length)
		expect(read.rows.filter((r) => r.cells.some((c) => c.includes('\uFFFD')))).toEqual([])
		expect(read.rows.map((r) => r.cells)).toEqual(rows)
	})

	test(`a value past column ${MAX_COLUMNS} is refused with its row; styled empty cells out to column XFD are not values`, async () => {
		const inline = (ref: string, text: string) => `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`
		const styled = workbook({
			sheet: sheetXml(`<row r="1">${inline('A1', '名称')}<c r="XFD1" s="1"/></row><row r="2">${inline('A2', '甲')}<c r="GS2" s="1"/></row>`),
		})
		expect((await readImportFile(styled, 'x.xlsx')).rows).toEqual([{ row: 2, cells: ['甲'] }])
		const wide = workbook({ sheet: sheetXml(`<row r="1">${inline('A1', '名称')}</row><row r="2">${inline('A2', '甲')}${inline('GS2', 'x')}</row>`) })
		const error = await refused(() => readImportFile(wide, 'x.xlsx'))
		expect([error.messageKey, error.params]).toEqual(['importer.file.tooManyColumns', { row: 2, count: MAX_COLUMNS + 1, max: MAX_COLUMNS }])
	})

	test(`a cell over ${MAX_CELL_CHARS.toLocaleString('en')} characters is refused with its row and column`, async () => {
		const cell = (text: string) =>
			workbook({
				sheet: sheetXml(
					`<row r="1"><c r="A1" t="inlineStr"><is><t>名称</t></is></c></row><row r="3"><c r="A3" t="inlineStr"><is><t>${text}</t></is></c></row>`,
				),
			})
		expect((await readImportFile(cell('x'.repeat(MAX_CELL_CHARS)), 'x.xlsx')).rows[0]!.cells[0]).toHaveLength(MAX_CELL_CHARS)
		const error = await refused(() => readImportFile(cell('x'.repeat(MAX_CELL_CHARS + 1)), 'x.xlsx'))
		expect([error.messageKey, error.params]).toEqual(['importer.file.cellTooLong', { row: 3, column: 'A', max: MAX_CELL_CHARS }])
	})

	test('a workbook with only empty sheets, or a ZIP that is no workbook, is refused', async () => {
		const workbook = new ExcelJS.Workbook()
		workbook.addWorksheet('空白')
		const empty = new Uint8Array(await workbook.xlsx.writeBuffer())
		expect(await refusal(() => readImportFile(empty, 'empty.xlsx'))).toBe('importer.file.empty')
		const notZip = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5, 6, 7, 8])
		expect(await refusal(() => readImportFile(notZip, 'broken.xlsx'))).toMatch(/importer\.file\.(unreadable|unsupported)/)
	})
})
