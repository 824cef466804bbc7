import zlib from 'node:zlib'
import { ImportFileError } from './file-error'
import { COMPRESSION_RATIO_FROM_BYTES, MAX_COMPRESSION_RATIO, MAX_XLSX_UNCOMPRESSED_BYTES, MAX_XML_OTHER_PART_BYTES, MAX_ZIP_ENTRIES } from './limits'
import { type SheetBudget, type XmlPartKind, XmlScanner } from './xml-scan'

/**
 * Checks an XLSX (a zip) before exceljs reads it. exceljs streams the zip
 * through unzipper, which trusts each local header and inflates whatever it
 * finds, so this reads the central directory first and refuses the file unless:
 * - the declared parts are few, small enough together once inflated, and not
 *   compressed like a zip bomb;
 * - the local headers agree with the central directory and tile the file with
 *   nothing hidden between them (unzipper reads them in order);
 * - every part inflates to exactly its declared size and CRC (inflation stops
 *   as soon as a part passes its declared size);
 * - the XML parts exceljs parses stay within the XML bounds (xml-scan.ts).
 * exceljs then gets only the records of the parts it parses, checked here, in
 * the order its streaming reader needs (see forExceljs).
 */

export type ZipEntry = {
	name: string
	flags: number
	method: number
	crc32: number
	compressedSize: number
	uncompressedSize: number
	localOffset: number
	nameBytes: Uint8Array
}

const EOCD_SIGNATURE = 0x06054b50
const CENTRAL_SIGNATURE = 0x02014b50
const LOCAL_SIGNATURE = 0x04034b50
const DESCRIPTOR_SIGNATURE = 0x08074b50
const EOCD_BYTES = 22
const CENTRAL_BYTES = 46
const LOCAL_BYTES = 30
/** Signature, CRC and both sizes: the only data descriptor unzipper reads. */
const DESCRIPTOR_BYTES = 16
const FLAG_ENCRYPTED = 0x1
const FLAG_STRONG_ENCRYPTION = 0x40
const FLAG_DESCRIPTOR = 0x8
const STORED = 0
const DEFLATED = 8
/** A 32-bit size or offset of all ones means the real one is in a ZIP64 record: never needed within our bounds. */
const ZIP64_MARKER = 0xffffffff

const damaged = () => new ImportFileError('importer.file.unreadable')

/** The central directory's entries, in directory order, and where it starts. */
export function readCentralDirectory(bytes: Buffer): { entries: ZipEntry[]; centralStart: number } {
	const eocd = findEndOfCentralDirectory(bytes)
	const disk = bytes.readUInt16LE(eocd + 4)
	const centralDisk = bytes.readUInt16LE(eocd + 6)
	const entriesOnDisk = bytes.readUInt16LE(eocd + 8)
	const count = bytes.readUInt16LE(eocd + 10)
	const size = bytes.readUInt32LE(eocd + 12)
	const offset = bytes.readUInt32LE(eocd + 16)
	if (disk !== 0 || centralDisk !== 0 || entriesOnDisk !== count || offset + size !== eocd) throw damaged()
	if (count > MAX_ZIP_ENTRIES) throw new ImportFileError('importer.file.tooManyZipEntries', { count, max: MAX_ZIP_ENTRIES })
	const entries: ZipEntry[] = []
	let at = offset
	for (let i = 0; i < count; i++) {
		if (at + CENTRAL_BYTES > eocd || bytes.readUInt32LE(at) !== CENTRAL_SIGNATURE) throw damaged()
		const { nameLength, extraLength, ...fields } = sharedHeaderFields(bytes, at + 6)
		const commentLength = bytes.readUInt16LE(at + 32)
		const end = at + CENTRAL_BYTES + nameLength + extraLength + commentLength
		if (end > eocd || bytes.readUInt16LE(at + 34) !== 0) throw damaged()
		const nameBytes = bytes.subarray(at + CENTRAL_BYTES, at + CENTRAL_BYTES + nameLength)
		entries.push({ name: nameBytes.toString('utf8'), nameBytes, ...fields, localOffset: bytes.readUInt32LE(at + 42) })
		at = end
	}
	if (at !== eocd || new Set(entries.map((e) => e.name)).size !== entries.length) throw damaged()
	return { entries, centralStart: offset }
}

/**
 * The fields a central directory header and a local header share, laid out the
 * same in both from "version needed to extract" on (APPNOTE 4.3.7, 4.3.12): `at`
 * is where that run starts, 6 bytes into a central header and 4 into a local one.
 */
function sharedHeaderFields(bytes: Buffer, at: number) {
	return {
		flags: bytes.readUInt16LE(at + 2),
		method: bytes.readUInt16LE(at + 4),
		crc32: bytes.readUInt32LE(at + 10),
		compressedSize: bytes.readUInt32LE(at + 14),
		uncompressedSize: bytes.readUInt32LE(at + 18),
		nameLength: bytes.readUInt16LE(at + 22),
		extraLength: bytes.readUInt16LE(at + 24),
	}
}

/** The end-of-central-directory record: the last one whose comment runs exactly to the end of the file. */
function findEndOfCentralDirectory(bytes: Buffer) {
	const earliest = Math.max(0, bytes.length - EOCD_BYTES - 0xffff)
	for (let at = bytes.length - EOCD_BYTES; at >= earliest; at--) {
		if (bytes.readUInt32LE(at) === EOCD_SIGNATURE && at + EOCD_BYTES + bytes.readUInt16LE(at + 20) === bytes.length) return at
	}
	throw damaged()
}

/**
 * What a zip may hold for the reader it is checked for: all parts together once
 * inflated, and which parts that reader parses as XML (scanned by xml-scan.ts,
 * each at most MAX_XML_OTHER_PART_BYTES unless it is a sheet or shared strings).
 */
export type ZipRules = { maxUncompressedBytes: number; xmlPartKind: (name: string) => XmlPartKind | null }

const XLSX_RULES: ZipRules = { maxUncompressedBytes: MAX_XLSX_UNCOMPRESSED_BYTES, xmlPartKind }

/** Refuses what the declared sizes alone show: too much once inflated, or a bomb-like ratio. */
function checkDeclaredSizes(entries: ZipEntry[], rules: ZipRules) {
	let total = 0
	for (const entry of entries) {
		const { flags, method, compressedSize, uncompressedSize, localOffset } = entry
		if (flags & (FLAG_ENCRYPTED | FLAG_STRONG_ENCRYPTION)) throw damaged()
		if (method !== STORED && method !== DEFLATED) throw damaged()
		if ([compressedSize, uncompressedSize, localOffset].includes(ZIP64_MARKER)) throw damaged()
		if (method === STORED && compressedSize !== uncompressedSize) throw damaged()
		total += uncompressedSize
		const kind = rules.xmlPartKind(entry.name)
		if (kind === 'other' && uncompressedSize > MAX_XML_OTHER_PART_BYTES) throw tooLarge(uncompressedSize, MAX_XML_OTHER_PART_BYTES)
		if (uncompressedSize > COMPRESSION_RATIO_FROM_BYTES && uncompressedSize / Math.max(compressedSize, 1) > MAX_COMPRESSION_RATIO) {
			throw new ImportFileError('importer.file.compressionRatio', {
				ratio: Math.round(uncompressedSize / Math.max(compressedSize, 1)),
				max: MAX_COMPRESSION_RATIO,
			})
		}
	}
	if (total > rules.maxUncompressedBytes) throw tooLarge(total, rules.maxUncompressedBytes)
}

const MB = 1024 * 1024
function tooLarge(bytes: number, max: number) {
	return new ImportFileError('importer.file.xlsxTooLarge', { sizeMb: Math.ceil(bytes / MB), maxMb: max / MB })
}

/** An entry, where its data starts, and where its local record (header, data, descriptor) ends. */
type Located = { entry: ZipEntry; dataStart: number; recordEnd: number }

/**
 * Where each entry's data starts, checking that the local records lie back to
 * back from the first byte to the central directory exactly as the directory
 * says: unzipper reads only the local records, in file order.
 */
function locateEntries(bytes: Buffer, entries: ZipEntry[], centralStart: number): Located[] {
	const inFileOrder = [...entries].sort((a, b) => a.localOffset - b.localOffset)
	const located: Located[] = []
	let expected = 0
	for (const entry of inFileOrder) {
		const at = entry.localOffset
		if (at !== expected || at + LOCAL_BYTES > centralStart || bytes.readUInt32LE(at) !== LOCAL_SIGNATURE) throw damaged()
		const { flags, method, crc32: crc, compressedSize, uncompressedSize, nameLength, extraLength } = sharedHeaderFields(bytes, at + 4)
		const dataStart = at + LOCAL_BYTES + nameLength + extraLength
		const dataEnd = dataStart + entry.compressedSize
		if (flags !== entry.flags || method !== entry.method || dataEnd > centralStart) throw damaged()
		if (!bytes.subarray(at + LOCAL_BYTES, at + LOCAL_BYTES + nameLength).equals(entry.nameBytes)) throw damaged()
		const sameAsCentral = crc === entry.crc32 && compressedSize === entry.compressedSize && uncompressedSize === entry.uncompressedSize
		if (flags & FLAG_DESCRIPTOR) {
			// Sizes deferred to a descriptor (all zero here) or given twice; unzipper reads a local size when there is one.
			if (!sameAsCentral && (crc !== 0 || compressedSize !== 0 || uncompressedSize !== 0)) throw damaged()
			if (dataEnd + DESCRIPTOR_BYTES > centralStart) throw damaged()
			const descriptor = bytes.subarray(dataEnd, dataEnd + DESCRIPTOR_BYTES)
			if (
				descriptor.readUInt32LE(0) !== DESCRIPTOR_SIGNATURE ||
				descriptor.readUInt32LE(4) !== entry.crc32 ||
				descriptor.readUInt32LE(8) !== entry.compressedSize ||
				descriptor.readUInt32LE(12) !== entry.uncompressedSize
			) {
				throw damaged()
			}
			// Without a local size unzipper ends the data at the first descriptor signature:
			// one inside the data would let it read a record this check never saw.
			if (compressedSize === 0 && bytes.subarray(0, dataEnd + 4).indexOf(descriptorSignature, dataStart) !== dataEnd) throw damaged()
			expected = dataEnd + DESCRIPTOR_BYTES
		} else {
			if (!sameAsCentral) throw damaged()
			expected = dataEnd
		}
		located.push({ entry, dataStart, recordEnd: expected })
	}
	if (expected !== centralStart) throw damaged()
	return located
}

const descriptorSignature = Buffer.from([0x50, 0x4b, 0x07, 0x08])

/**
 * The parts exceljs is handed (forExceljs), all of which its streaming reader
 * parses as XML (lib/stream/xlsx/workbook-reader.js), and what each holds; null
 * for the rest, which it never sees.
 */
export function xmlPartKind(name: string): XmlPartKind | null {
	if (name === 'xl/sharedStrings.xml') return 'sharedStrings'
	if (name === 'xl/_rels/workbook.xml.rels' || name === 'xl/workbook.xml' || name === 'xl/styles.xml') return 'other'
	if (/^xl\/worksheets\/sheet\d+\.xml$/.test(name)) return 'worksheet'
	return null
}

/** Inflates one part, never past its declared size, checking its CRC and, for XML exceljs parses, the XML bounds. */
async function verifyEntry(bytes: Buffer, { entry, dataStart }: Located, budget: SheetBudget, rules: ZipRules) {
	const data = bytes.subarray(dataStart, dataStart + entry.compressedSize)
	const kind = rules.xmlPartKind(entry.name)
	const scanner = kind ? new XmlScanner(kind, budget) : null
	let size = 0
	let crc = 0
	const take = (chunk: Buffer) => {
		size += chunk.length
		if (size > entry.uncompressedSize) throw damaged()
		crc = zlib.crc32(chunk, crc)
		scanner?.write(chunk)
	}
	if (entry.method === STORED) take(data)
	else await inflate(data, take)
	if (size !== entry.uncompressedSize || crc !== entry.crc32) throw damaged()
}

const INFLATE_INPUT_CHUNK = 64 * 1024

/** Raw inflate in a stream, so only a chunk of output exists at a time; `take` may throw to stop it. */
function inflate(data: Buffer, take: (chunk: Buffer) => void) {
	return new Promise<void>((resolve, reject) => {
		const inflater = zlib.createInflateRaw()
		let failed = false
		const fail = (error: unknown) => {
			if (failed) return
			failed = true
			inflater.destroy()
			reject(error instanceof ImportFileError ? error : damaged())
		}
		inflater.on('data', (chunk: Buffer) => {
			try {
				take(chunk)
			} catch (error) {
				fail(error)
			}
		})
		inflater.on('error', fail)
		inflater.on('end', () => {
			if (!failed) resolve()
		})
		let at = 0
		const feed = () => {
			while (at < data.length && !failed) {
				const ok = inflater.write(data.subarray(at, at + INFLATE_INPUT_CHUNK))
				at += INFLATE_INPUT_CHUNK
				if (!ok) return void inflater.once('drain', feed)
			}
			if (!failed) inflater.end()
		}
		feed()
	})
}

/** A stored local record, for a part exceljs needs and the file lacks. */
function storedRecord(name: string, content: string) {
	const nameBytes = Buffer.from(name, 'utf8')
	const data = Buffer.from(content, 'utf8')
	const header = Buffer.alloc(LOCAL_BYTES)
	header.writeUInt32LE(LOCAL_SIGNATURE, 0)
	header.writeUInt16LE(20, 4)
	header.writeUInt32LE(zlib.crc32(data), 14)
	header.writeUInt32LE(data.length, 18)
	header.writeUInt32LE(data.length, 22)
	header.writeUInt16LE(nameBytes.length, 26)
	return Buffer.concat([header, nameBytes, data])
}

const END_OF_RECORDS = (() => {
	const end = Buffer.alloc(EOCD_BYTES)
	end.writeUInt32LE(EOCD_SIGNATURE, 0)
	return end
})()

/**
 * The parts exceljs needs first, with what stands in when a file lacks one.
 * Its streaming reader parses a worksheet as it comes only once it has the
 * relationships and shared strings, else it parks the sheet in a temp file;
 * it needs the workbook before a sheet its relationships name (or fails with a
 * TypeError, which left the temp file's stream open or erroring with nobody
 * listening), and the styles to tell dates from numbers.
 */
const FIRST_PARTS: Array<[name: string, standIn: string | null]> = [
	['xl/_rels/workbook.xml.rels', '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"/>'],
	['xl/workbook.xml', '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>'],
	['xl/styles.xml', null],
	['xl/sharedStrings.xml', '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>'],
]

/**
 * What exceljs reads: the checked local records of the parts it parses, those
 * four first, then the worksheets in file order (the order it would meet them
 * in), then an end record. Everything else (images, themes, properties) it
 * would only inflate and drop.
 */
function forExceljs(bytes: Buffer, located: Located[]): Buffer[] {
	const record = ({ entry, recordEnd }: Located) => bytes.subarray(entry.localOffset, recordEnd)
	const first = FIRST_PARTS.flatMap(([name, standIn]) => {
		const found = located.find((l) => l.entry.name === name)
		return found ? [record(found)] : standIn ? [storedRecord(name, standIn)] : []
	})
	const worksheets = located.filter((l) => xmlPartKind(l.entry.name) === 'worksheet').map(record)
	return [...first, ...worksheets, END_OF_RECORDS]
}

/**
 * Every check above, for any zip-based format (XLSX here, DOCX for policy
 * documents); throws an ImportFileError, else returns the checked entries.
 */
export async function inspectZip(bytes: Buffer, rules: ZipRules): Promise<Located[]> {
	const { entries, centralStart } = readCentralDirectory(bytes)
	checkDeclaredSizes(entries, rules)
	const located = locateEntries(bytes, entries, centralStart)
	const budget: SheetBudget = { cellSpan: 0 }
	for (const part of located) await verifyEntry(bytes, part, budget, rules)
	return located
}

/** Every check above; throws an ImportFileError, else returns the pieces of the file exceljs is to read. */
export async function inspectXlsx(bytes: Buffer): Promise<Buffer[]> {
	return forExceljs(bytes, await inspectZip(bytes, XLSX_RULES))
}
