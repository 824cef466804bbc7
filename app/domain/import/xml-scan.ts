import { ImportFileError } from './file-error'
import { MAX_CELL_CHARS, MAX_SHARED_STRINGS, MAX_SHEET_CELL_SPAN, MAX_XML_DEPTH, MAX_XML_MARKUP_BYTES } from './limits'

/**
 * A streaming pass over one XML part of an XLSX, before exceljs parses it: it
 * tokenizes just enough (tags, quotes, comments, CDATA, processing
 * instructions) to enforce the bounds that keep exceljs's parser and caches
 * small. Well-formedness is left to the parser; where the two could disagree on
 * malformed input, the parser fails on that input anyway.
 */

/**
 * XML bytes of text one cell may hold: MAX_CELL_CHARS characters, each at most
 * 8 bytes even when written as a character reference (&#x4E2D;).
 */
export const MAX_CELL_TEXT_BYTES = MAX_CELL_CHARS * 8
/** Excel has 16,384 columns: a sheet defines at most that many <col> ranges (exceljs keeps each). */
const MAX_COL_ELEMENTS = 16_384

/**
 * What the part holds, which decides the element that is one cell: a shared
 * string (<si>) or a worksheet cell (<c>), whose text together is bounded.
 */
export type XmlPartKind = 'sharedStrings' | 'worksheet' | 'other'

/**
 * Shared by the scans of all worksheets of a file: exceljs reads every sheet
 * until one has rows, and a row costs it time and memory out to its last cell
 * (and at least one per cell element).
 */
export type SheetBudget = { cellSpan: number }

const enum State {
	Text,
	/** After "<", before knowing what the markup is. */
	Open,
	/** After "<!": a comment, CDATA, or a declaration (refused). */
	Bang,
	StartTagName,
	StartTag,
	EndTag,
	Comment,
	Pi,
	CData,
}

const LT = 0x3c
const GT = 0x3e
const SLASH = 0x2f
const QUESTION = 0x3f
const BANG = 0x21
const DASH = 0x2d
const BRACKET_CLOSE = 0x5d
const COLON = 0x3a
const EQUALS = 0x3d
const QUOTE = 0x22
const APOSTROPHE = 0x27
const COMMENT_OPEN = '--'
const CDATA_OPEN = '[CDATA['

const isNameEnd = (b: number) => b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d || b === SLASH || b === GT

export class XmlScanner {
	private state = State.Text
	private depth = 0
	/** Bytes of the markup being read. */
	private markup = 0
	/** Text bytes of the open cell element, or of the current text run outside cells. */
	private text = 0
	/** Depth of the open cell element; 0 when none is open. */
	private cellDepth = 0
	/** The tag's local name (after any prefix), kept while it is short enough to matter. */
	private name = ''
	private quote = 0
	private previous = 0
	private beforePrevious = 0
	private bang = ''
	private sharedStrings = 0
	private cols = 0
	private readonly cellElement: string | null
	/** Attribute parsing, for the column of a worksheet's <c r="…">. */
	private token = ''
	private tokenEnded = false
	private attribute = ''
	private inReference = false
	private referenceRow = false
	private column = 0
	/** Last column of the current <row> so far. */
	private rowWidth = 0

	constructor(
		private readonly kind: XmlPartKind,
		private readonly budget: SheetBudget = { cellSpan: 0 },
	) {
		this.cellElement = kind === 'sharedStrings' ? 'si' : kind === 'worksheet' ? 'c' : null
	}

	write(chunk: Uint8Array) {
		let i = 0
		const n = chunk.length
		while (i < n) {
			if (this.state === State.Text) {
				const lt = chunk.indexOf(LT, i)
				const end = lt === -1 ? n : lt
				this.addText(end - i)
				if (lt === -1) return
				this.startMarkup()
				i = lt + 1
				continue
			}
			this.markupByte(chunk[i]!)
			i++
		}
	}

	private addText(bytes: number) {
		this.text += bytes
		if (this.text > MAX_CELL_TEXT_BYTES) throw new ImportFileError('importer.file.xlsxCellTooLong', { max: MAX_CELL_CHARS })
	}

	private startMarkup() {
		// Outside a cell each text run stands alone; inside one, the cell's runs add up.
		if (this.cellDepth === 0) this.text = 0
		this.state = State.Open
		this.markup = 1
		this.name = ''
		this.quote = 0
		this.previous = 0
		this.beforePrevious = 0
		this.token = ''
		this.tokenEnded = false
		this.attribute = ''
		this.column = 0
	}

	private markupByte(b: number) {
		if (this.state === State.CData) {
			this.addText(1)
		} else if (++this.markup > MAX_XML_MARKUP_BYTES) {
			throw new ImportFileError('importer.file.xmlMarkupTooLong', { maxKb: MAX_XML_MARKUP_BYTES / 1024 })
		}
		switch (this.state) {
			case State.Open:
				if (b === SLASH) this.state = State.EndTag
				else if (b === QUESTION) this.state = State.Pi
				else if (b === BANG) {
					this.state = State.Bang
					this.bang = ''
				} else {
					this.state = State.StartTagName
					this.nameByte(b)
				}
				break
			case State.Bang:
				this.bang += String.fromCharCode(b)
				if (this.bang === COMMENT_OPEN) this.enter(State.Comment)
				else if (this.bang === CDATA_OPEN) this.enter(State.CData)
				// <!DOCTYPE (and any other declaration) could define entities: never passed on.
				else if (!COMMENT_OPEN.startsWith(this.bang) && !CDATA_OPEN.startsWith(this.bang)) throw new ImportFileError('importer.file.xmlDoctype')
				break
			case State.StartTagName:
				if (isNameEnd(b)) {
					this.state = State.StartTag
					this.startTagByte(b)
				} else this.nameByte(b)
				break
			case State.StartTag:
				this.startTagByte(b)
				break
			case State.EndTag:
				if (b === GT) this.endTag()
				break
			case State.Comment:
				if (b === GT && this.previous === DASH && this.beforePrevious === DASH) this.state = State.Text
				break
			case State.Pi:
				if (b === GT && this.previous === QUESTION) this.state = State.Text
				break
			case State.CData:
				if (b === GT && this.previous === BRACKET_CLOSE && this.beforePrevious === BRACKET_CLOSE) this.state = State.Text
				break
		}
		this.beforePrevious = this.previous
		this.previous = b
	}

	/** A comment, CDATA or PI ends only at its own terminator: bytes of the opener do not count towards it. */
	private enter(state: State) {
		this.state = state
		this.previous = 0
		this.beforePrevious = 0
	}

	private nameByte(b: number) {
		if (b === COLON) this.name = ''
		else if (this.name.length < 4) this.name += String.fromCharCode(b)
		else this.name = '?????'
	}

	private startTagByte(b: number) {
		if (this.quote !== 0) {
			if (b === this.quote) {
				this.quote = 0
				this.inReference = false
			} else if (this.inReference) this.referenceByte(b)
		} else if (b === QUOTE || b === APOSTROPHE) {
			this.quote = b
			this.inReference = this.kind === 'worksheet' && this.name === 'c' && this.attribute === 'r'
			this.referenceRow = false
			this.attribute = ''
		} else if (b === GT) this.startTag(this.previous === SLASH)
		else if (b === EQUALS) {
			this.attribute = this.token
			this.tokenEnded = true
		} else if (isNameEnd(b)) this.tokenEnded = true
		else {
			if (this.tokenEnded) this.token = ''
			this.tokenEnded = false
			this.token = this.token.length < 2 ? this.token + String.fromCharCode(b) : '???'
		}
	}

	/** A cell reference's column, as exceljs reads it: the capital letters before the first digit. */
	private referenceByte(b: number) {
		if (b >= 0x30 && b <= 0x39) this.referenceRow = true
		else if (!this.referenceRow && b >= 0x41 && b <= 0x5a) this.column = Math.min(this.column * 26 + b - 0x40, MAX_SHEET_CELL_SPAN + 1)
	}

	private startTag(selfClosing: boolean) {
		this.state = State.Text
		if (this.kind === 'sharedStrings' && (this.name === 'si' || this.name === 'r') && ++this.sharedStrings > MAX_SHARED_STRINGS) {
			// exceljs keeps every string, and an object per rich-text run of one.
			throw new ImportFileError('importer.file.tooManySharedStrings', { max: MAX_SHARED_STRINGS })
		}
		if (this.kind === 'worksheet') this.worksheetTag()
		if (selfClosing) return
		if (++this.depth > MAX_XML_DEPTH) throw new ImportFileError('importer.file.xmlTooDeep', { max: MAX_XML_DEPTH })
		if (this.cellDepth === 0 && this.name === this.cellElement) {
			this.cellDepth = this.depth
			this.text = 0
		}
	}

	private worksheetTag() {
		if (this.name === 'col' && ++this.cols > MAX_COL_ELEMENTS) throw new ImportFileError('importer.file.unreadable')
		if (this.name === 'row') {
			this.budget.cellSpan++
			this.rowWidth = 0
		} else if (this.name === 'c') {
			// Each cell costs at least one, however many repeat a column: exceljs handles every one.
			this.budget.cellSpan += Math.max(1, this.column - this.rowWidth)
			this.rowWidth = Math.max(this.rowWidth, this.column)
		}
		if (this.budget.cellSpan > MAX_SHEET_CELL_SPAN) throw new ImportFileError('importer.file.sheetTooLarge', { max: MAX_SHEET_CELL_SPAN })
	}

	private endTag() {
		this.state = State.Text
		if (this.depth === this.cellDepth) {
			this.cellDepth = 0
			this.text = 0
		}
		if (this.depth > 0) this.depth--
	}
}
