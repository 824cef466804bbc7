import { Readable } from 'node:stream'
import ExcelJS from 'exceljs'
import { describe, expect, test } from 'vitest'
import { part, repeatedBytePart, sheetXml, sharedStringsXml, workbook, zip, type ZipPart } from '../../../tests/fixtures/hostile/zip'
import { ImportFileError } from './file-error'
import { MAX_XLSX_UNCOMPRESSED_BYTES, MAX_XML_OTHER_PART_BYTES, MAX_ZIP_ENTRIES } from './limits'
import { inspectXlsx, xmlPartKind } from './xlsx-zip'

const MiB = 1024 * 1024

async function refusal(bytes: Buffer) {
	try {
		await inspectXlsx(bytes)
	} catch (error) {
		if (error instanceof ImportFileError) return { key: error.messageKey, params: error.params }
		throw error
	}
	return null
}

const SHEET = sheetXml('<row r="1"><c r="A1" t="inlineStr"><is><t>企业名称</t></is></c></row><row r="2"><c r="A2" t="s"><v>0</v></c></row>')
const honest = () => workbook({ sheet: SHEET, sharedStrings: sharedStringsXml(['甲公司']) })
/** A part declaring `size` inflated bytes behind `compressed` bytes that are never inflated. */
const declared = (name: string, size: number, compressed: number): ZipPart => ({ name, method: 8, compressed: Buffer.alloc(compressed, 1), crc32: 0, size })

describe('the zip around an XLSX, checked before exceljs reads it', () => {
	test('honest workbooks pass: ours, and exceljs’s own output with its data descriptors', async () => {
		expect(await refusal(honest())).toBeNull()
		const book = new ExcelJS.Workbook()
		book.addWorksheet('企业').addRows([['企业名称'], ['甲公司']])
		expect(await refusal(Buffer.from(await book.xlsx.writeBuffer()))).toBeNull()
	})

	test('a declared inflated total over the bound is refused before anything is inflated', async () => {
		const parts = [0, 1, 2].map((i) => declared(`xl/media/big${i}.bin`, 200 * MiB, 2 * MiB))
		expect(await refusal(zip(parts))).toEqual({ key: 'importer.file.xlsxTooLarge', params: { sizeMb: 600, maxMb: MAX_XLSX_UNCOMPRESSED_BYTES / MiB } })
		const styles = declared('xl/styles.xml', MAX_XML_OTHER_PART_BYTES + 1, MiB)
		expect(await refusal(zip([styles]))).toEqual({ key: 'importer.file.xlsxTooLarge', params: { sizeMb: 17, maxMb: 16 } })
	})

	test('a zip bomb that declares what it holds is refused by its compression ratio', async () => {
		const bomb = workbook({ sheet: repeatedBytePart('xl/worksheets/sheet1.xml', 0x20, 100 * MiB) })
		expect(bomb.length).toBeLessThan(200 * 1024)
		expect(await refusal(bomb)).toMatchObject({ key: 'importer.file.compressionRatio', params: { max: 200 } })
	})

	test('a zip bomb that lies about its size stops inflating just past the size it declared', async () => {
		// In a part exceljs only drains, so no XML check stops it first; under 1 MiB declared, so no ratio check.
		const gib = repeatedBytePart('xl/media/image1.png', 0, 1024 * MiB)
		const lying = zip([part('xl/worksheets/sheet1.xml', SHEET), { ...gib, size: 1_000_000 }])
		expect(await refusal(lying)).toEqual({ key: 'importer.file.unreadable', params: {} })
	})

	test(`more than ${MAX_ZIP_ENTRIES} parts are refused`, async () => {
		const parts = Array.from({ length: MAX_ZIP_ENTRIES + 1 }, (_, i) => part(`docProps/p${i}.xml`, '<a/>'))
		expect(await refusal(zip(parts))).toEqual({ key: 'importer.file.tooManyZipEntries', params: { count: MAX_ZIP_ENTRIES + 1, max: MAX_ZIP_ENTRIES } })
	})

	test('damage anywhere in the container is refused: truncation, bytes before or after, a flipped byte, names or sizes that disagree', async () => {
		const bytes = honest()
		const flipped = (at: number) => {
			const copy = Buffer.from(bytes)
			copy[at] = copy[at]! ^ 0xff
			return copy
		}
		const sheetData = bytes.indexOf(Buffer.from('xl/worksheets/sheet1.xml')) + 'xl/worksheets/sheet1.xml'.length + 5
		const damaged = [
			bytes.subarray(0, bytes.length - 1),
			bytes.subarray(0, bytes.length / 2),
			Buffer.concat([Buffer.from('PK\x03\x04junk'), bytes]),
			Buffer.concat([bytes, Buffer.from('trailing')]),
			// In the deflated sheet: its CRC no longer matches (or it no longer inflates).
			flipped(sheetData),
			zip([part('xl/worksheets/sheet1.xml', SHEET), { ...part('xl/sharedStrings.xml', '<sst/>'), lies: { centralName: 'xl/sharedStrings.xmk' } }]),
			zip([{ ...part('xl/worksheets/sheet1.xml', SHEET), lies: { localSize: 10 } }]),
		]
		for (const file of damaged) expect(await refusal(file)).toEqual({ key: 'importer.file.unreadable', params: {} })
	})

	test('encrypted parts, ZIP64 sizes and unknown methods are refused', async () => {
		const bytes = honest()
		const central = bytes.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]))
		const local = 0
		const patch = (edits: Array<[number, (b: Buffer, at: number) => void]>) => {
			const copy = Buffer.from(bytes)
			for (const [at, edit] of edits) edit(copy, at)
			return copy
		}
		const encrypted = patch([
			[local + 6, (b, at) => b.writeUInt16LE(b.readUInt16LE(at) | 1, at)],
			[central + 8, (b, at) => b.writeUInt16LE(b.readUInt16LE(at) | 1, at)],
		])
		const zip64 = patch([[central + 24, (b, at) => b.writeUInt32LE(0xffffffff, at)]])
		const bzip2 = patch([
			[local + 8, (b, at) => b.writeUInt16LE(12, at)],
			[central + 10, (b, at) => b.writeUInt16LE(12, at)],
		])
		for (const file of [encrypted, zip64, bzip2]) expect(await refusal(file)).toEqual({ key: 'importer.file.unreadable', params: {} })
	})

	test('a data descriptor signature inside a part’s data, which would make unzipper read a record never checked, is refused', async () => {
		const hidden = Buffer.concat([Buffer.from('<a>'), Buffer.from([0x50, 0x4b, 0x07, 0x08]), Buffer.from('</a>')])
		const ok = zip([{ ...part('xl/media/a.bin', Buffer.from('<a></a>'), 0), descriptor: true }])
		expect(await refusal(ok)).toBeNull()
		const smuggling = zip([{ ...part('xl/media/a.bin', hidden, 0), descriptor: true }])
		expect(await refusal(smuggling)).toEqual({ key: 'importer.file.unreadable', params: {} })
	})

	test('two directory entries for one local record are refused', async () => {
		const bytes = zip([part('xl/workbook.xml', '<workbook/>'), part('xl/styles.xml', '<styleSheet/>')])
		const second = bytes.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]))
		bytes.writeUInt32LE(0, second + 42)
		expect(await refusal(bytes)).toEqual({ key: 'importer.file.unreadable', params: {} })
	})

	test('the XML checks cover exactly the parts exceljs is handed; the others never reach it', async () => {
		expect(
			['xl/worksheets/sheet1.xml', 'xl/worksheets/sheet12.xml', 'xl/sharedStrings.xml', 'xl/styles.xml', 'xl/workbook.xml', 'xl/_rels/workbook.xml.rels'].map(
				xmlPartKind,
			),
		).toEqual(['worksheet', 'worksheet', 'sharedStrings', 'other', 'other', 'other'])
		const others = [
			'xl/media/image1.png',
			'docProps/core.xml',
			'[Content_Types].xml',
			'xl/drawings/vmlDrawing1.vml',
			'xl/worksheets/_rels/sheet1.xml.rels',
			'x/xl/worksheets/sheet1.xml.bak',
		]
		expect(others.map(xmlPartKind)).toEqual(others.map(() => null))
		const doctype = '<!DOCTYPE x [<!ENTITY y "z">]><x/>'
		expect(await refusal(zip([part('xl/media/notes.xml', doctype)]))).toBeNull()
		expect(await refusal(zip([part('xl/worksheets/sheet2.xml', doctype)]))).toMatchObject({ key: 'importer.file.xmlDoctype' })
	})
})

describe('exceljs’s XML parser on its own (saxes) expands no entity', () => {
	const laughs = `<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;"><!ENTITY xxe SYSTEM "file:///etc/hostname">]>`
	/** Every value exceljs reads from the workbook, without this app's checks in front. */
	async function exceljsValues(bytes: Buffer) {
		const values: unknown[] = []
		const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([bytes]), {
			sharedStrings: 'cache',
			worksheets: 'emit',
			styles: 'ignore',
			hyperlinks: 'ignore',
		})
		try {
			for await (const worksheet of reader) for await (const row of worksheet) row.eachCell((cell) => values.push(cell.value))
			return { values }
		} catch (error) {
			return { values, error: String(error) }
		}
	}

	test('a billion-laughs or external entity in sheet XML fails as an undefined entity, never expanded', async () => {
		const sheet = `<?xml version="1.0"?>${laughs}<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol2;</t></is></c><c r="B1" t="inlineStr"><is><t>&xxe;</t></is></c></row></sheetData></worksheet>`
		const read = await exceljsValues(workbook({ sheet }))
		expect(read.error).toMatch(/undefined entity/)
		expect(JSON.stringify(read.values)).not.toMatch(/lollol|localhost|[a-z0-9-]{3,}\n/)
	})

	test('in shared strings too', async () => {
		const sharedStrings = `<?xml version="1.0"?>${laughs}<sst><si><t>&lol2;</t></si><si><t>&xxe;</t></si></sst>`
		const read = await exceljsValues(workbook({ sheet: sheetXml('<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'), sharedStrings }))
		expect(read.error).toMatch(/undefined entity/)
		expect(read.values).toEqual([])
	})
})
