/**
 * HTML (a page saved from a government site, or what mammoth makes of a .docx)
 * as the plain text the extractor reads: a paragraph, heading or list item per
 * line, and a table row per line with its cells separated by tabs, merged cells
 * laid out on the grid (〃 under a cell merged downwards) (structure.ts reads such rows back as a table). Scripts,
 * styles and navigation are dropped. One streaming pass, no DOM.
 */
import { Parser } from 'htmlparser2'

/** Elements whose content is never document text. */
const SKIPPED = new Set(['head', 'script', 'style', 'noscript', 'template', 'select', 'button', 'textarea', 'svg', 'math', 'iframe', 'object', 'nav'])
/** Elements that end the line before them and start a new one. */
const BLOCKS = new Set(
	'p div h1 h2 h3 h4 h5 h6 li ul ol dl dt dd blockquote pre section article aside header footer main center address figure figcaption caption hr br table'.split(
		' ',
	),
)
/** Spans beyond these are damaged or hostile: a row keeps at most this many columns. */
export const MAX_TABLE_COLUMNS = 64
const MAX_ROWSPAN = 1000

type Cell = { text: string; colspan: number; rowspan: number }

/** Thrown when the text would pass `maxChars`: the caller says so in its own words. */
export class TextTooLongError extends Error {
	constructor(readonly maxChars: number) {
		super(`text longer than ${maxChars} characters`)
	}
}

const span = (value: string | undefined, max: number) => Math.min(max, Math.max(1, Number.parseInt(value ?? '1', 10) || 1))
const collapse = (text: string) => text.replace(/[\s\u00a0]+/g, ' ')

/** What a cell merged with the one above reads as: the ditto mark of Chinese tables, "same as above". */
export const DITTO = '〃'

/**
 * The rows of a table as lines: a cell merged with the one above reads 〃, one
 * spanned by the cell to its left is empty; trailing empty cells are dropped,
 * so a row with one filled cell (a heading across the table) reads as a plain line.
 */
export function tableLines(rows: Cell[][]): string[] {
	const spannedFor: number[] = []
	const lines: string[] = []
	for (const row of rows) {
		const out: string[] = []
		const skipSpanned = () => {
			while ((spannedFor[out.length] ?? 0) > 0) {
				spannedFor[out.length]!--
				out.push(DITTO)
			}
		}
		for (const cell of row) {
			skipSpanned()
			if (out.length >= MAX_TABLE_COLUMNS) {
				out[out.length - 1] = collapse(`${out.at(-1)} ${cell.text}`).trim()
				continue
			}
			const colspan = Math.min(cell.colspan, MAX_TABLE_COLUMNS - out.length)
			for (let k = 0; k < colspan; k++) {
				spannedFor[out.length] = cell.rowspan - 1
				out.push(k === 0 ? collapse(cell.text).trim() : '')
			}
		}
		// Columns spanned from above after the row's last cell.
		while (spannedFor.slice(out.length).some((n) => n > 0)) {
			const spanned = spannedFor[out.length]! > 0
			if (spanned) spannedFor[out.length]!--
			out.push(spanned ? DITTO : '')
		}
		while (out.length > 0 && out.at(-1) === '') out.pop()
		if (out.length > 0) lines.push(out.join('\t'))
	}
	return lines
}

export function htmlToText(html: string, maxChars: number): string {
	const lines: string[] = []
	let length = 0
	let paragraph = ''
	let skipping = 0
	/** Tables open, outermost first; only the outermost keeps rows and cells, inner ones add to its cell. */
	let tableDepth = 0
	let rows: Cell[][] = []
	let cell: Cell | null = null

	const push = (line: string) => {
		length += line.length + 1
		if (length > maxChars) throw new TextTooLongError(maxChars)
		lines.push(line)
	}
	const endParagraph = () => {
		const line = paragraph.trim()
		paragraph = ''
		if (line) push(line)
	}
	const addText = (text: string) => {
		if (cell) cell.text += text
		else paragraph += text
		if (paragraph.length + (cell?.text.length ?? 0) > maxChars) throw new TextTooLongError(maxChars)
	}

	const parser = new Parser(
		{
			onopentag(name, attributes) {
				if (SKIPPED.has(name)) skipping++
				if (skipping > 0) return
				if (name === 'table') {
					if (tableDepth++ === 0) {
						endParagraph()
						rows = []
					} else addText(' ')
					return
				}
				if (tableDepth === 1 && name === 'tr') rows.push([])
				else if (tableDepth === 1 && (name === 'td' || name === 'th')) {
					if (rows.length === 0) rows.push([])
					cell = { text: '', colspan: span(attributes.colspan, MAX_TABLE_COLUMNS), rowspan: span(attributes.rowspan, MAX_ROWSPAN) }
					rows.at(-1)!.push(cell)
				} else if (tableDepth > 0 || BLOCKS.has(name)) {
					if (tableDepth > 0) addText(' ')
					else endParagraph()
				}
			},
			ontext(text) {
				if (skipping === 0) addText(collapse(text))
			},
			onclosetag(name) {
				if (SKIPPED.has(name)) {
					skipping = Math.max(0, skipping - 1)
					return
				}
				if (skipping > 0) return
				if (name === 'table' && tableDepth > 0) {
					if (--tableDepth === 0) {
						cell = null
						for (const line of tableLines(rows)) push(line)
						rows = []
					}
					return
				}
				if (tableDepth === 1 && (name === 'td' || name === 'th')) cell = null
				else if (tableDepth > 0) addText(' ')
				else if (BLOCKS.has(name)) endParagraph()
			},
		},
		{ decodeEntities: true, lowerCaseTags: true, recognizeSelfClosing: true },
	)
	parser.end(html)
	if (tableDepth > 0) for (const line of tableLines(rows)) push(line)
	endParagraph()
	return lines.join('\n')
}
