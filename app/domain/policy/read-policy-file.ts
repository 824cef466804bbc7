/**
 * A policy document as it arrives, read into the plain text the extractor and
 * the review page work on (ADR 0024): .txt (UTF-8 or GBK/GB18030), .docx
 * (mammoth, tables kept as tab-separated rows), .pdf with a text layer (PDF.js
 * through unpdf) and .html saved from a site. Every refusal is an
 * ImportFileError with a policyImport.file.* message; hostile files are bounded
 * as the importer bounds them (ADR 0016): the size, the zip of a .docx before
 * mammoth sees it, the pages of a PDF, and the text that comes out.
 */
import { ImportFileError } from '~/domain/import/file-error'
import { MAX_XML_OTHER_PART_BYTES } from '~/domain/import/limits'
import { decodeText } from '~/domain/import/read-file'
import { inspectZip } from '~/domain/import/xlsx-zip'
import { MAX_TEXT_BYTES } from '~/domain/quota/target-review'
import { withoutNul } from '~/domain/text/text-field'
import { MAX_DOCX_UNCOMPRESSED_BYTES, MAX_PDF_PAGES, MAX_POLICY_FILE_BYTES, MIN_PDF_CHARS_PER_PAGE } from './file-limits'
import { htmlToText, TextTooLongError } from './html-text'

export type PolicyFileFormat = 'txt' | 'docx' | 'pdf' | 'html'
export type PolicyFile = { text: string; format: PolicyFileFormat }

const MB = 1024 * 1024
/** Characters of text a file may give: what a pasted text may hold, at most one character per byte. */
const MAX_TEXT_CHARS = MAX_TEXT_BYTES

const refuse = (key: string, params?: Record<string, string | number>) => new ImportFileError(`policyImport.file.${key}`, params)

const startsWith = (bytes: Uint8Array, ...prefix: number[]) => prefix.every((b, i) => bytes[i] === b)

/** The format from the first bytes, the name deciding only between text and HTML. */
export function policyFileFormat(bytes: Uint8Array, fileName: string): PolicyFileFormat {
	const name = fileName.toLowerCase()
	// The header may follow a few bytes of junk (the PDF spec allows 1,024).
	if (new TextDecoder('latin1').decode(bytes.subarray(0, 1024)).includes('%PDF-')) return 'pdf'
	if (startsWith(bytes, 0x50, 0x4b, 0x03, 0x04)) {
		if (name.endsWith('.docx')) return 'docx'
		throw refuse('type')
	}
	// Word 97–2003 (.doc) and WPS files are OLE compound files.
	if (startsWith(bytes, 0xd0, 0xcf, 0x11, 0xe0)) throw refuse('legacyWord')
	if (startsWith(bytes, 0xff, 0xfe) || startsWith(bytes, 0xfe, 0xff)) throw refuse('utf16')
	if (bytes.subarray(0, 8192).includes(0)) throw refuse('type')
	if (/\.(?:html?|shtml|xhtml|mht)$/.test(name)) return 'html'
	if (name.endsWith('.txt')) return 'txt'
	const head = new TextDecoder('latin1').decode(bytes.subarray(0, 512)).trimStart().toLowerCase()
	if (head.startsWith('<!doctype html') || head.startsWith('<html')) return 'html'
	throw refuse('type')
}

export async function readPolicyFile(bytes: Uint8Array, fileName: string): Promise<PolicyFile> {
	if (bytes.length === 0) throw refuse('empty')
	if (bytes.length > MAX_POLICY_FILE_BYTES) throw refuse('tooLarge', { sizeMb: Math.ceil(bytes.length / MB), maxMb: MAX_POLICY_FILE_BYTES / MB })
	const format = policyFileFormat(bytes, fileName)
	try {
		// A .txt may hold U+0000 past the first look for binary data: dropped, as PostgreSQL's text cannot store it (ADR 0034).
		const text = withoutNul(await readAs(format, bytes))
		if (!text.trim()) throw refuse(format === 'pdf' ? 'pdfNoText' : 'noText')
		return { text, format }
	} catch (error) {
		if (error instanceof TextTooLongError) throw refuse('textTooLong', { maxMb: MAX_TEXT_BYTES / MB })
		throw error
	}
}

function readAs(format: PolicyFileFormat, bytes: Uint8Array) {
	switch (format) {
		case 'txt': {
			if (bytes.length > MAX_TEXT_BYTES) throw refuse('textTooLong', { maxMb: MAX_TEXT_BYTES / MB })
			return decodeText(bytes).text
		}
		case 'html':
			return htmlToText(decodeText(bytes).text, MAX_TEXT_CHARS)
		case 'docx':
			return readDocx(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength))
		case 'pdf':
			return readPdf(bytes)
	}
}

/** Zip refusals of the shared check, in the words of a Word document. */
const ZIP_REFUSALS: Record<string, string> = {
	'importer.file.compressionRatio': 'docxCompressionRatio',
	'importer.file.tooManyZipEntries': 'docxTooManyParts',
	'importer.file.xlsxTooLarge': 'docxTooLarge',
	'importer.file.xmlDoctype': 'docxDoctype',
	'importer.file.xmlMarkupTooLong': 'docxDamaged',
	'importer.file.xmlTooDeep': 'docxDamaged',
	'importer.file.xlsxCellTooLong': 'docxDamaged',
	'importer.file.unreadable': 'docxDamaged',
}

/** The parts mammoth parses as XML: the document, its styles, numbering, notes and relationships. */
const docxXmlPart = (name: string) => (/\.(?:xml|rels)$/.test(name) ? ('other' as const) : null)

async function readDocx(bytes: Buffer) {
	try {
		await inspectZip(bytes, { maxUncompressedBytes: MAX_DOCX_UNCOMPRESSED_BYTES, xmlPartKind: docxXmlPart })
	} catch (error) {
		if (error instanceof ImportFileError && ZIP_REFUSALS[error.messageKey]) {
			throw refuse(ZIP_REFUSALS[error.messageKey]!, { ...error.params, maxPartMb: MAX_XML_OTHER_PART_BYTES / MB })
		}
		throw error
	}
	const { default: mammoth } = await import('mammoth')
	let html: string
	try {
		const result = await mammoth.convertToHtml(
			{ buffer: bytes },
			// Images are never read: the text is what counts.
			{ convertImage: mammoth.images.imgElement(async () => ({ src: '' })), ignoreEmptyParagraphs: true },
		)
		html = result.value
	} catch {
		throw refuse('docxDamaged')
	}
	return htmlToText(html, MAX_TEXT_CHARS)
}

type PdfTextItem = { str: string; transform: number[]; width: number; height: number; hasEOL: boolean }

/**
 * The lines of one page from PDF.js's text items: a new line where the baseline
 * moves by more than half a line (or an item ends one), a tab where a gap on
 * the line is wider than one and a half characters, as between table cells.
 * PDF.js fills gaps with items of spaces; those only say a gap is there.
 */
export function pageLines(items: PdfTextItem[]) {
	const lines: string[] = []
	let line = ''
	let lastY: number | null = null
	let lastEnd: number | null = null
	let spaced = false
	const endLine = () => {
		if (line.trim()) lines.push(line.trim())
		line = ''
		lastEnd = null
		spaced = false
	}
	for (const item of items) {
		// PDF.js passes control characters through from broken ToUnicode maps.
		// eslint-disable-next-line no-control-regex -- keeps tab and newline, drops the other controls
		const text = item.str.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '')
		if (!text.trim()) {
			spaced ||= text.length > 0
			if (item.hasEOL) endLine()
			continue
		}
		const x = item.transform[4] ?? 0
		const y = item.transform[5] ?? 0
		const size = item.height || Math.abs(item.transform[3] ?? 0) || 10
		if (lastY !== null && Math.abs(y - lastY) > size / 2) endLine()
		else if (lastEnd !== null && x - lastEnd > size * 1.5) line += '\t'
		else if (spaced) line += ' '
		line += text
		spaced = false
		lastY = y
		lastEnd = x + item.width
		if (item.hasEOL) endLine()
	}
	endLine()
	return lines
}

async function readPdf(bytes: Uint8Array) {
	const { getDocumentProxy } = await import('unpdf')
	let pdf: Awaited<ReturnType<typeof getDocumentProxy>>
	try {
		// No eval of font programs (CVE-2024-4367), no system fonts: only the text is read.
		pdf = await getDocumentProxy(new Uint8Array(bytes), { isEvalSupported: false, useSystemFonts: false, disableFontFace: true, verbosity: 0 })
	} catch (error) {
		throw refuse(error instanceof Error && error.name === 'PasswordException' ? 'pdfEncrypted' : 'pdfDamaged')
	}
	try {
		if (pdf.numPages > MAX_PDF_PAGES) throw refuse('pdfTooManyPages', { pages: pdf.numPages, max: MAX_PDF_PAGES })
		const lines: string[] = []
		let length = 0
		for (let n = 1; n <= pdf.numPages; n++) {
			const page = await pdf.getPage(n)
			const content = await page.getTextContent()
			const items = content.items.flatMap((item): PdfTextItem[] => ('str' in item ? [item] : []))
			for (const line of pageLines(items)) {
				length += line.length + 1
				if (length > MAX_TEXT_CHARS) throw new TextTooLongError(MAX_TEXT_CHARS)
				lines.push(line)
			}
			page.cleanup()
		}
		const text = lines.join('\n')
		if (text.replace(/\s/g, '').length < MIN_PDF_CHARS_PER_PAGE * pdf.numPages) throw refuse('pdfNoText', { pages: pdf.numPages })
		return text
	} catch (error) {
		if (error instanceof ImportFileError || error instanceof TextTooLongError) throw error
		throw refuse('pdfDamaged')
	} finally {
		await pdf.destroy()
	}
}
