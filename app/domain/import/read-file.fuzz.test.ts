import ExcelJS from 'exceljs'
import { beforeAll, describe, expect, test } from 'vitest'
import { mulberry32 } from '~/domain/demo/random'
import { csvRow, UTF8_BOM } from '~/domain/export/csv'
import { en } from '~/i18n/locales/en'
import { zhCN } from '~/i18n/locales/zh-CN'
import { part, unzip, zip } from '../../../tests/fixtures/hostile/zip'
import { ImportFileError } from './file-error'
import { MAX_CELL_CHARS, MAX_CELLS, MAX_COLUMNS, MAX_DATA_ROWS } from './limits'
import { readImportFile, type Sheet } from './read-file'

/**
 * Valid files, damaged by a seeded PRNG (bits flipped, bytes set, inserted,
 * deleted, ranges repeated, the end cut off): every case must end in an
 * ImportFileError with a message in both languages, or in a well-formed sheet;
 * never another exception, never a hang. A failure names its seed and the
 * damage done, to replay it.
 */

const CASE_TIMEOUT_MS = 10_000

type Damage = { bytes: Buffer; how: string[] }

/** Bytes that mean something to a CSV or XML reader, more likely to hit a branch than random ones. */
const MEANINGFUL = [...Buffer.from('",\r\n\t;<>/&=!?[]-\'PK'), 0, 0xef, 0xbb, 0xbf, 0xff, 0xfe, 0xe4, 0xb8]
const XML_SNIPPETS = [
	'<',
	'>',
	'</c>',
	'<c r="XFD1">',
	'<row r="2">',
	'</row>',
	'<si><t>',
	'&lol;',
	'&amp;',
	'<!DOCTYPE x>',
	'<![CDATA[',
	']]>',
	'<!--',
	'"',
	"'",
	'<v>1E+308</v>',
	't="s"',
	'<v>99999</v>',
	'<f>cmd|A0</f>',
]

function damage(original: Buffer, seed: number, snippets: string[] = []): Damage {
	const next = mulberry32(seed)
	const int = (n: number) => Math.floor(next() * n)
	let bytes = Buffer.from(original)
	const how: string[] = []
	const randomByte = () => (next() < 0.5 ? MEANINGFUL[int(MEANINGFUL.length)]! : int(256))
	for (let n = 1 + int(3); n > 0 && bytes.length > 0; n--) {
		const at = int(bytes.length)
		switch (int(snippets.length > 0 ? 7 : 6)) {
			case 0: {
				const bit = 1 << int(8)
				bytes[at] = bytes[at]! ^ bit
				how.push(`flip bit ${bit} at ${at}`)
				break
			}
			case 1: {
				const value = randomByte()
				bytes[at] = value
				how.push(`set ${at} to ${value}`)
				break
			}
			case 2: {
				const inserted = Buffer.from(Array.from({ length: 1 + int(8) }, randomByte))
				bytes = Buffer.concat([bytes.subarray(0, at), inserted, bytes.subarray(at)])
				how.push(`insert ${inserted.toString('hex')} at ${at}`)
				break
			}
			case 3: {
				const length = 1 + int(32)
				bytes = Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + length)])
				how.push(`delete ${length} at ${at}`)
				break
			}
			case 4:
				bytes = bytes.subarray(0, at)
				how.push(`cut at ${at}`)
				break
			case 5: {
				const length = 1 + int(64)
				const copies = 1 + int(4)
				const slice = bytes.subarray(at, at + length)
				bytes = Buffer.concat([bytes.subarray(0, at), ...Array.from({ length: copies }, () => slice), bytes.subarray(at)])
				how.push(`repeat ${length} at ${at} ${copies}×`)
				break
			}
			default: {
				const snippet = snippets[int(snippets.length)]!
				bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from(snippet), bytes.subarray(at)])
				how.push(`insert ${JSON.stringify(snippet)} at ${at}`)
			}
		}
	}
	return { bytes, how }
}

const lookup = (messages: unknown, key: string) =>
	key.split('.').reduce<unknown>((node, part) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined), messages)
const knownMessage = (key: string) => key.startsWith('importer.file.') && typeof lookup(zhCN, key) === 'string' && typeof lookup(en, key) === 'string'

/** What a well-formed sheet always is, whatever the file held. */
function wellFormed(sheet: Sheet) {
	const { headers, rows } = sheet
	const problems: string[] = []
	if (headers.length === 0 || headers.length > MAX_COLUMNS) problems.push(`${headers.length} headers`)
	if (new Set(headers).size !== headers.length || headers.some((h) => h === '')) problems.push('blank or repeated header')
	if (rows.length === 0 || rows.length > MAX_DATA_ROWS || rows.length * headers.length > MAX_CELLS) problems.push(`${rows.length} rows`)
	let previous = 0
	for (const row of rows) {
		if (!(row.row > previous)) problems.push(`row ${row.row} after ${previous}`)
		previous = row.row
		if (row.cells.length !== headers.length) problems.push(`row ${row.row} has ${row.cells.length} cells`)
		if (row.cells.some((c) => typeof c !== 'string' || c !== c.trim() || c.length > MAX_CELL_CHARS)) problems.push(`row ${row.row} has a bad cell`)
		if (row.issues?.some((i) => i.column >= headers.length || !knownMessage(i.messageKey))) problems.push(`row ${row.row} has a bad issue`)
	}
	return problems
}

/** The reader's outcome, or a thrown Error for anything else: another exception, or no answer in time. */
async function outcome(bytes: Buffer, name: string): Promise<Sheet | ImportFileError> {
	let timer: NodeJS.Timeout | undefined
	const hang = new Promise<never>((_, reject) => {
		timer = setTimeout(() => reject(new Error(`no answer within ${CASE_TIMEOUT_MS} ms`)), CASE_TIMEOUT_MS)
	})
	try {
		return await Promise.race([readImportFile(bytes, name), hang])
	} catch (error) {
		if (error instanceof ImportFileError) return error
		throw error
	} finally {
		clearTimeout(timer)
	}
}

/** Runs `cases` damaged copies and returns what went wrong, each with its seed and damage. */
async function fuzz(cases: number, firstSeed: number, make: (seed: number) => Damage, name: string, check: (result: Sheet) => string[]) {
	const failures: string[] = []
	const outcomes = { refused: 0, read: 0 }
	for (let seed = firstSeed; seed < firstSeed + cases; seed++) {
		const { bytes, how } = make(seed)
		const where = `seed ${seed} (${how.join('; ')})`
		try {
			const result = await outcome(bytes, name)
			if (result instanceof ImportFileError) {
				outcomes.refused++
				if (!knownMessage(result.messageKey)) failures.push(`${where}: unknown message ${result.messageKey}`)
			} else {
				outcomes.read++
				const problems = check(result)
				if (problems.length > 0) failures.push(`${where}: ${problems.join(', ')}`)
			}
		} catch (error) {
			failures.push(`${where}: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`)
		}
	}
	return { failures, outcomes }
}

const COMPANIES = Array.from({ length: 30 }, (_, i) => [
	`赣州${i}号稀土永磁科技有限公司`,
	`91360700MA3${String(i).padStart(6, '0')}X`,
	i % 3 === 0 ? '=HYPERLINK("x")' : `备注，含"引号"${i}`,
	i % 4 === 0 ? '多行\r\n备注' : '',
	String(1000 + i * 37.5),
])

let csv: Buffer
let xlsx: Buffer
let xlsxSheet: Sheet

beforeAll(async () => {
	csv = Buffer.from(UTF8_BOM + [['企业名称', '统一社会信用代码', '备注', '说明', '营收'], ...COMPANIES].map(csvRow).join(''), 'utf8')
	const book = new ExcelJS.Workbook()
	const sheet = book.addWorksheet('企业')
	sheet.addRow(['企业名称', '统一社会信用代码', '备注', '成立日期', '营收'])
	for (const [i, [name, uscc, note]] of COMPANIES.entries()) {
		sheet.addRow([
			i % 5 === 0 ? { richText: [{ text: name!.slice(0, 4) }, { text: name!.slice(4), font: { bold: true } }] } : name,
			uscc,
			i % 3 === 0 ? { formula: 'A1&"x"', result: note } : note,
			new Date(Date.UTC(2020, i % 12, 1 + i)),
			i % 7 === 0 ? { text: '官网', hyperlink: 'https://example.com' } : 1000 + i * 37.5,
		])
	}
	xlsx = Buffer.from(await book.xlsx.writeBuffer())
	xlsxSheet = await readImportFile(xlsx, 'valid.xlsx')
})

describe('damaged files never crash or hang the reader', () => {
	test('the undamaged files read', async () => {
		expect((await readImportFile(csv, 'valid.csv')).rows).toHaveLength(COMPANIES.length)
		expect(xlsxSheet.rows).toHaveLength(COMPANIES.length)
	})

	test('300 damaged CSV files: refused with a known message, or read into a well-formed sheet', { timeout: 120_000 }, async () => {
		const { failures, outcomes } = await fuzz(300, 1, (seed) => damage(csv, seed), 'damaged.csv', wellFormed)
		expect(failures).toEqual([])
		expect(outcomes.read).toBeGreaterThan(0)
	})

	test(
		'300 XLSX files damaged byte by byte: refused, or (the damage missed everything that matters) read to the very same sheet',
		{ timeout: 120_000 },
		async () => {
			const sameSheet = (sheet: Sheet) => [...wellFormed(sheet), ...(JSON.stringify(sheet) === JSON.stringify(xlsxSheet) ? [] : ['a different sheet'])]
			const { failures, outcomes } = await fuzz(300, 1001, (seed) => damage(xlsx, seed), 'damaged.xlsx', sameSheet)
			expect(failures).toEqual([])
			expect(outcomes.refused).toBeGreaterThan(0)
		},
	)

	test(
		'200 XLSX files whose XML is damaged inside an intact zip: refused with a known message, or read into a well-formed sheet',
		{ timeout: 120_000 },
		async () => {
			const parts = unzip(xlsx)
			const targets = [
				'xl/worksheets/sheet1.xml',
				'xl/worksheets/sheet1.xml',
				'xl/sharedStrings.xml',
				'xl/styles.xml',
				'xl/workbook.xml',
				'xl/_rels/workbook.xml.rels',
			]
			const make = (seed: number): Damage => {
				const target = targets[seed % targets.length]!
				const { bytes, how } = damage(parts.get(target)!, seed, XML_SNIPPETS)
				return { bytes: zip([...parts].map(([name, data]) => part(name, name === target ? bytes : data))), how: [target, ...how] }
			}
			const { failures, outcomes } = await fuzz(200, 2001, make, 'damaged.xlsx', wellFormed)
			expect(failures).toEqual([])
			expect(outcomes.read).toBeGreaterThan(0)
			expect(outcomes.refused).toBeGreaterThan(0)
		},
	)
})
