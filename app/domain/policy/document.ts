/**
 * The layout of a policy document around its targets: the plan's years from its
 * title, headings and numbered items (section labels), the 责任单位 notes and
 * quoted names. Offsets are into the width-folded text, which are offsets into
 * the original (see foldWidth).
 */
import { COUNT_UNIT_SOURCE } from './numbers'

/** A numbered item, or the text under a heading up to the next heading or item. */
export type Block = {
	start: number
	end: number
	/** （六）16, 一（二）, （三）, 一 or null; see sectionLabel. */
	section: string | null
	/** Under a 发展现状/发展基础 heading: figures there describe the past, not targets. */
	background: boolean
	/** Changes at every 一、 or （一） heading: a year stated once applies until then. */
	scope: number
	/** Changes at every heading and numbered item, not at a sub-item: a 责任单位 note serves the whole item. */
	item: number
	/** The block opens with a 一、 (top) or （一） (sub) heading: a unit note on that line serves the section under it. */
	heading: 'top' | 'sub' | null
}

export type PlanYears = { startYear: number; endYear: number }

const CN_ORDINAL = '[一二三四五六七八九十]{1,3}'
const TOP_HEADING = new RegExp(`^(${CN_ORDINAL})\\s*[、.．]`)
const SUB_HEADING = new RegExp(`^[（(](${CN_ORDINAL})[）)]`)
// An ASCII dot before a digit reads as a decimal (1.5亿元) unless a year follows ("2.2025年，…")
// or a count, which is never fractional ("3.15个以上重点项目" is item 3: 15 个).
const NUMBERED_ITEM = new RegExp(String.raw`^(\d{1,3})\s*(?:[、．]|\.(?!\d)|\.(?=(?:19|20)\d\d年)|\.(?=\d+\s?[多余]?\s?${COUNT_UNIT_SOURCE}))`)
const PAREN_ITEM = /^[（(](\d{1,3})[）)]/
const CIRCLED_ITEM = /^[①-⑳]/
/** The heading or item marker that opens a line (一、 （六） 16． （1） ①), with the space before it. */
export const LINE_MARKER = new RegExp(
	`^[\\s\\u3000]*(?:${[TOP_HEADING, SUB_HEADING, NUMBERED_ITEM, PAREN_ITEM, CIRCLED_ITEM].map((r) => r.source.slice(1)).join('|')})`,
)
/** Headings whose paragraphs report the current state rather than set targets. */
const BACKGROUND_HEADING = /发展现状|发展基础|现实基础|基本情况|现状分析|工作回顾|发展成效|主要成效|取得成效|^(?:产业|发展)?(?:现状|基础)$/

type Outline = {
	top: string | null
	sub: string | null
	item: string | null
	subItem: string | null
	/** Whether the current item is a "1．" item, under which "（1）" is a sub-item. */
	itemIsDotted: boolean
	topIsBackground: boolean
	subIsBackground: boolean
}

/**
 * The label the seeded quotas use: the numbered item under its sub-heading
 * ("（六）16", nested "（二）3（1）"), or the headings when there is no item
 * ("一（二）", "（三）", "一"); null before the first heading.
 */
function sectionLabel(o: Pick<Outline, 'top' | 'sub' | 'item' | 'subItem'>) {
	const parent = o.sub ? `（${o.sub}）` : (o.top ?? '')
	if (o.item) return `${parent}${o.item}${o.subItem ? `（${o.subItem}）` : ''}`
	if (o.sub && o.top) return `${o.top}（${o.sub}）`
	return parent || null
}

/** Moves the outline past a heading or item line; null when the line is body text. */
function advanceOutline(outline: Outline, line: string): 'top' | 'sub' | 'item' | 'sub-item' | null {
	const headingText = (marker: string) =>
		line
			.slice(marker.length)
			.split(/[。：:]/)[0]!
			.trim()
	let match: RegExpExecArray | null
	if ((match = TOP_HEADING.exec(line))) {
		Object.assign(outline, { top: match[1]!, sub: null, item: null, subItem: null, itemIsDotted: false, subIsBackground: false })
		outline.topIsBackground = BACKGROUND_HEADING.test(headingText(match[0]))
		return 'top'
	}
	if ((match = SUB_HEADING.exec(line))) {
		Object.assign(outline, { sub: match[1]!, item: null, subItem: null, itemIsDotted: false })
		outline.subIsBackground = BACKGROUND_HEADING.test(headingText(match[0]))
		return 'sub'
	}
	if ((match = NUMBERED_ITEM.exec(line))) {
		Object.assign(outline, { item: match[1]!, subItem: null, itemIsDotted: true })
		return 'item'
	}
	const paren = PAREN_ITEM.exec(line)?.[1] ?? (CIRCLED_ITEM.test(line) ? String(line.charCodeAt(0) - 0x2460 + 1) : null)
	if (paren) {
		if (outline.itemIsDotted) {
			outline.subItem = paren
			return 'sub-item'
		}
		outline.item = paren
		return 'item'
	}
	return null
}

/**
 * Splits the text at headings (一、 （一）) and numbered items (1． 1、 （1） ①),
 * which start at the beginning of a line. Text before the first heading (title,
 * preamble) is a block without a section.
 */
export function splitBlocks(text: string): Block[] {
	const blocks: Block[] = []
	const outline: Outline = { top: null, sub: null, item: null, subItem: null, itemIsDotted: false, topIsBackground: false, subIsBackground: false }
	let scope = 0
	let item = 0
	let current: Block = { start: 0, end: 0, section: null, background: false, scope, item, heading: null }
	for (let lineStart = 0; lineStart < text.length;) {
		const newline = text.indexOf('\n', lineStart)
		const lineEnd = newline === -1 ? text.length : newline
		const kind = advanceOutline(outline, text.slice(lineStart, lineEnd).replace(/^[\s\u3000]+/, ''))
		if (kind) {
			const heading = kind === 'top' || kind === 'sub' ? kind : null
			if (heading) scope++
			if (kind !== 'sub-item') item++
			current.end = lineStart
			if (current.end > current.start) blocks.push(current)
			const background = outline.topIsBackground || outline.subIsBackground
			current = { start: lineStart, end: lineStart, section: sectionLabel(outline), background, scope, item, heading }
		}
		lineStart = lineEnd + 1
	}
	current.end = text.length
	if (current.end > current.start) blocks.push(current)
	return blocks
}

const YEAR_SPAN = /(20\d\d)\s*年?\s*[-—–~～至到]\s*(20\d\d)\s*年/
const FIVE_YEAR_PLAN = /十([三四五六])五/
const YEAR_PLAN_TITLE = /(20\d\d)\s*年度?(?![\d月])[^\n。]{0,30}?(?:方案|计划|要点|意见|安排|工作任务|任务分解)/

/** 十三五 → 2016–2020, 十四五 → 2021–2025, 十五五 → 2026–2030. */
export function fiveYearPlan(ordinal: string): PlanYears {
	const startYear = 2016 + '三四五六'.indexOf(ordinal) * 5
	return { startYear, endYear: startYear + 4 }
}

/**
 * The years the whole plan covers, read from its title and preamble (the text
 * before the first 一、 heading, or the first lines): "三年行动方案（2024-2026年）",
 * "“十四五”规划", "2025年招商引资工作方案", "关于分解落实2018年政府工作任务的通知". Null when the title states none.
 */
export function findPlanYears(text: string): PlanYears | null {
	const firstHeading = /(?:^|\n)[\s\u3000]*[一二三四五六七八九十]{1,3}\s*、/.exec(text)
	const head = firstHeading && firstHeading.index < 8000 ? text.slice(0, firstHeading.index) : text.slice(0, 300)
	const span = YEAR_SPAN.exec(head)
	if (span) return { startYear: Number(span[1]), endYear: Number(span[2]) }
	const fiveYear = FIVE_YEAR_PLAN.exec(head)
	if (fiveYear) return fiveYearPlan(fiveYear[1]!)
	const single = YEAR_PLAN_TITLE.exec(head)
	if (single) return { startYear: Number(single[1]), endYear: Number(single[1]) }
	return null
}

/** A 〔责任单位：…〕 note (or a 责任单位： line) and the units it names, lead units first. */
export type UnitNote = { start: number; end: number; units: string[] }

const LEAD_LABELS = ['责任单位', '牵头单位', '责任部门', '牵头部门', '主办单位']
const SUPPORT_LABELS = ['配合单位', '配合部门', '参与单位', '协办单位', '承办单位']
const UNIT_LABEL = new RegExp(`(${[...LEAD_LABELS, ...SUPPORT_LABELS].join('|')})\\s*[：:]`, 'g')
const NOTE_OPENERS = '〔（(【['
const NOTE_CLOSERS = '〕）)】]'

/**
 * A bracket naming the units that lead, after an item or in a heading: （市经信委、市国土资源局牵头落实）, （区科技局牵头）.
 * Every name in it must read as a unit, so （政府引导、企业牵头） is not one.
 */
const LEAD_SUFFIX_NOTE = /[（(]([^（()）\n]{2,80}?)(?:牵头落实|牵头负责|牵头实施|牵头)[）)]/g
const UNIT_NAME_END =
	/(?:局|委|办|部|院|厅|署|所|站|中心|政府|管委会|委员会|办公室|公司|集团|银行|单位|街道|乡镇|园区|分局|支队|大队|协会|联合会|商会|工委|党委|人大|政协)$/

/** A note longer than this without its closing bracket ends at its line. */
const NOTE_MAX = 400

/** Where the bracket opened at `open` closes (nested brackets allowed; a wrapped line may break it); its line end when it never does. */
function closingBracket(text: string, open: number) {
	let depth = 0
	for (let i = open; i < Math.min(text.length, open + NOTE_MAX); i++) {
		const c = text[i]!
		if (NOTE_OPENERS.includes(c)) depth++
		else if (NOTE_CLOSERS.includes(c) && --depth === 0) return i + 1
	}
	const lineEnd = text.indexOf('\n', open)
	return lineEnd === -1 ? text.length : lineEnd
}

/** Splits "区商务局、区工信局，各县（市、区）政府等" at separators outside brackets; drops a trailing 等. */
export function splitUnitNames(list: string) {
	const names: string[] = []
	let depth = 0
	let name = ''
	const flush = () => {
		const trimmed = name.trim().replace(/等$/, '').trim()
		if (trimmed && !names.includes(trimmed)) names.push(trimmed)
		name = ''
	}
	// A line break inside a note is a wrapped line (区工\n信局), not a separator.
	for (const c of list.replace(/[ \t\u3000]*\r?\n[ \t\u3000]*/g, '')) {
		if (NOTE_OPENERS.includes(c)) depth++
		else if (NOTE_CLOSERS.includes(c)) depth = Math.max(0, depth - 1)
		if (depth === 0 && /[、，,；;\s\u3000]/.test(c)) flush()
		else name += c
	}
	flush()
	return names
}

/** The units of one note: 牵头/责任 units first, then 配合 units, in the order written. */
function readUnitNote(body: string) {
	const parts: { lead: boolean; text: string }[] = []
	const labels = [...body.matchAll(UNIT_LABEL)]
	labels.forEach((label, i) => {
		const end = labels[i + 1]?.index ?? body.length
		parts.push({ lead: LEAD_LABELS.includes(label[1]!), text: body.slice(label.index + label[0].length, end) })
	})
	const names = [...parts.filter((p) => p.lead), ...parts.filter((p) => !p.lead)].flatMap((p) => splitUnitNames(p.text))
	return [...new Set(names)]
}

/**
 * The 责任单位 notes inside a block: bracketed ones (〔…〕 （…） (…) 【…】) and
 * unbracketed "责任单位：…" up to the end of the sentence or line.
 */
export function findUnitNotes(text: string, block: Pick<Block, 'start' | 'end'>): UnitNote[] {
	// Read within the block only, so a document of many blocks is read once.
	const part = text.slice(block.start, block.end)
	const notes: UnitNote[] = []
	const label = new RegExp(UNIT_LABEL.source, 'g')
	let match: RegExpExecArray | null
	while ((match = label.exec(part))) {
		let open = match.index - 1
		while (open >= 0 && /[\s\u3000]/.test(part[open]!)) open--
		let start: number
		let end: number
		let body: string
		if (open >= 0 && NOTE_OPENERS.includes(part[open]!)) {
			start = open
			end = closingBracket(part, open)
			body = part.slice(open + 1, NOTE_CLOSERS.includes(part[end - 1]!) ? end - 1 : end)
		} else {
			start = match.index
			const stop = part.slice(start).search(/[。\n]/)
			end = stop === -1 ? part.length : start + stop
			body = part.slice(start, end)
		}
		notes.push({ start: block.start + start, end: block.start + end, units: readUnitNote(body) })
		label.lastIndex = end
	}
	for (const m of part.matchAll(LEAD_SUFFIX_NOTE)) {
		const start = block.start + m.index
		if (notes.some((n) => n.start <= start && start < n.end)) continue
		const units = splitUnitNames(m[1]!)
		if (units.length > 0 && units.every((unit) => UNIT_NAME_END.test(unit))) notes.push({ start, end: start + m[0].length, units })
	}
	return notes.sort((a, b) => a.start - b.start)
}

const QUOTE_PAIRS: Record<string, string> = { '“': '”', '‘': '’', '《': '》', '「': '」', '『': '』', '"': '"' }

/**
 * Marks the characters inside quotes and title marks (“十大工程”, 《…20条》, “8个2000万元”):
 * numbers there are names, not targets. Quotes are paired within a line; an
 * unmatched one marks nothing.
 */
export function quotedMask(text: string) {
	const mask = new Uint8Array(text.length)
	const open: { char: string; at: number }[] = []
	for (let i = 0; i < text.length; i++) {
		const c = text[i]!
		if (c === '\n') open.length = 0
		else if (open.length > 0 && QUOTE_PAIRS[open.at(-1)!.char] === c) mask.fill(1, open.pop()!.at + 1, i)
		else if (c in QUOTE_PAIRS) open.push({ char: c, at: i })
	}
	return mask
}
