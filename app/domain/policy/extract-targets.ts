/**
 * Reads the quantitative targets out of a Chinese policy document (行动方案,
 * 实施意见, 工作方案…): "每年引进稀土新材料及应用项目10个以上" becomes
 * { metric 引进稀土新材料及应用项目, op >=, value 10, unit 个, period annual, … }.
 *
 * A small pipeline, each step a function below:
 *   1. structure: headings and numbered items give each target its section; the
 *      责任单位 notes of a block are read and masked (document.ts); tables,
 *      lines of unit names and "以下…不再列出" notes give units too (structure.ts);
 *   2. sentences and clauses, with offsets into the original text;
 *   3. mentions: a number with a unit (numbers.ts), minus years, ordinals,
 *      document numbers, quoted names and 级-words;
 *   4. roles: a mention is a target, or qualifies one (投资500万元以上项目,
 *      营收超10亿元企业, （单个项目投资不低于5亿元）), or is ignored (奖励50万元);
 *   5. tense, period and years from the cue words before the target;
 *   6. metric, op and filters from the words around the number.
 * Pure and linear in the length of the text.
 */
import { consolidateTargets } from './consolidate'
import { type Block, findPlanYears, findUnitNotes, fiveYearPlan, LINE_MARKER, type PlanYears, quotedMask, splitBlocks, type UnitNote } from './document'
import { foldWidth, isCountUnit, isMoneyUnit, normalizeQuantity, parseNumber, UNIT_SOURCE } from './numbers'
import { readUnitStructure, structureAt, type UnitStructure } from './structure'
import { type ExtractedTarget, type ExtractionNote, type TargetOp, type TargetPeriod } from './target'

type ProjectType = NonNullable<ExtractedTarget['filters']['projectTypes']>[number]

// ——— Cue words ———

/** A news report rather than a plan: its figures are facts unless a target cue says otherwise. */
const NEWS_REPORT = /本报记者|本报讯|通讯员|新华社|记者\s*\S{0,8}\s*(?:获悉|报道)|\d{1,2}月\d{1,2}日电/
/** Reported speech states facts or hopes, not the plan's targets. */
const REPORTED_SPEECH = /(?:介绍|表示|指出|透露|获悉|据悉|据了解|据介绍|据统计)[，,：:]|说[。，,：:]|说$/
/** Forecasts of a single project, not targets. */
const FORECAST = /预计|有望|可望/
/** A sentence granting subsidies describes support, not targets, even its budget (每年安排资金10亿元，…给予补助). */
const SUBSIDY_SENTENCE = /给予|补助|补贴|奖补|资助|贴息/
/** Reward amounts and caps (奖励50万元, 最高不超过200万元) are not targets. */
const SUPPORT_CUES = /奖励|一次性|最高|分档/
/** A clause counting the document's own parts (分解为11项工作目标和138项工作任务) sets nothing. */
const DOCUMENT_PARTS = /分解为|细化为|梳理出|共分为/
/** A clause stating a condition (对新认定的…企业, 凡…的) qualifies, it sets nothing. */
const CONDITION_OPENER = /^(?:对于|凡|对(?![接标外口照比话]))/
/** Money after these is a threshold of the project counted, not a target: 单个项目投资不低于5亿元. */
const QUALIFIER_SUBJECT = /^(?:单个项目|单个|单体|单项|每个项目|平均每个项目|项目平均)/
/** A bracket that starts like this states a sub-target, not a qualifier: （其中制造业企业30家）. */
const BRACKET_SUBTOTAL = /^(?:其中|含|包括|包含)/
/** After these words a number states the past. (现有企业, 比上年增长 are common in targets, so they are not cues.) */
const PAST_CUES = /已经|已|截至|截止|目前|共有|先后/g
/** …unless one of these comes before it in the sentence. */
const FUTURE_CUES = /力争|争取|确保|将|计划|目标|每年|年均|全年|基础上|今后|未来|到\s*20\d\d|至\s*20\d\d|20\d\d\s*年(?:前|底|末)/g
/** In a news report only these make a number a target. */
const TARGET_CUES = /力争|争取|确保|目标|计划|每年|年均|全年|到\s*20\d\d|至\s*20\d\d/g
/** Period words: a count per year. They carry over the rest of the sentence (每年A10场，B50次). */
const ANNUAL_CUES = /每年度|每年|平均每年|年均|年平均|全年|年度|逐年|年(?=增长|递增)/g
/** Deadline words: a level reached by a year. The nearer of the two kinds governs. */
const BY_YEAR_CUES = /(?:到|至|截至|截止)\s*20\d\d\s*年|20\d\d\s*年(?:底|末|前|以前)|到\s*“?十[三四五六]五”?末|^\s*20\d\d\s*年[，,]/g
const YEAR_SPAN_CUE = /(20\d\d)\s*年?\s*[-—–~～至到]\s*(20\d\d)\s*年/g
const YEAR_CUE = /(截至|截止)?\s*(20\d\d)\s*年(?![\d月])/g
const FIVE_YEAR_CUE = /十([三四五六])五”?(末|期末|期间|时期)/g
/** A year after these is a baseline (比2020年翻一番), not a deadline. */
const BASELINE_BEFORE = /[比较与同于]\s*$/
/** …and a year before these (在2022年的基础上实现双倍增). */
const BASELINE_AFTER = /^\s*(?:的)?基础上/

/** Comparison words written before the number, longest first (不超过 before 超过). */
const OP_PREFIXES: [string, TargetOp][] = (
	[
		['不少于', '>='],
		['不低于', '>='],
		['不小于', '>='],
		['至少', '>='],
		['≥', '>='],
		['不超过', '<='],
		['不高于', '<='],
		['不大于', '<='],
		['控制在', '<='],
		['低于', '<='],
		['少于', '<='],
		['≤', '<='],
		['迈上', '>='],
		['超过', '>'],
		['突破', '>'],
		['高于', '>'],
		['大于', '>'],
		['超出', '>'],
		['逾', '>'],
		['超', '>'],
		['>', '>'],
		['大约', 'approx'],
		['接近', 'approx'],
		['约', 'approx'],
		['近', 'approx'],
	] as [string, TargetOp][]
).sort((a, b) => b[0].length - a[0].length)
/** Words that end like a comparison but are not one (签约10个 is not 约10个). */
const NOT_AN_OP = ['签约', '合约', '节约', '制约', '公约', '预约', '履约', '特约', '最近', '就近', '附近', '赶超']
/** Comparison words written after the unit; they win over a verb before the number (达10000吨以上 → >=). */
const OP_SUFFIX = /^\s?(及以上|以上|之上|以下|以内|之内|左右|上下)/
const SUFFIX_OPS: Record<string, TargetOp> = { 及以上: '>=', 以上: '>=', 之上: '>=', 以下: '<=', 以内: '<=', 之内: '<=', 左右: 'approx', 上下: 'approx' }

/** Verbs that say what is counted; metrics keep them (引进…项目 is not 培育…项目). */
const COUNT_VERBS =
	'新签约 新引进 引进 招引 引育 新增 培育 签约 落地 开工 竣工 投产 新建 建成 建设 创建 认定 打造 举办 开展 参与 制定 实施 组建 培养 设立 争创 申报 承办'.split(
		' ',
	)
/** Before a Chinese-numeral count that precedes its noun (新增两家上市公司); without one, 两个/三次 are words (两个市场, 三次产业). */
const STRONG_COUNT_VERBS = '引进 招引 引育 新增 培育 签约 认定 创建 建成 新建 打造 建设 组建 设立 落地'.split(' ')
/** 必须引进一个, 均需引进一个, 确保引进一个: one, asked of someone, is a count. */
const OBLIGED_ONE = new RegExp(`(?:必须|均需|均要|都要|需要|须|确保)(?:确保)?(?:${STRONG_COUNT_VERBS.join('|')})$`)
/** ①一组单位完成合同资金1800万元…: an item of a group of units; its targets are due from each unit of the group. */
const GROUP_ITEM = /^[\s\u3000]*([一二三四五六七八九十]+组单位)/
/** 宁州工业园、九江（修水）工业园均需引进…: the units named before 均需 each owe the target. */
const EACH_OWES = /^([^，,。；;：:]{2,60}?)(?:均需|均要|都要|各自)/
const OBLIGED_OPENER = /^\s*(?:必须|务必|均需|都要)/
/** 全县各招商引资责任单位, 各乡镇: a subject that names every one of a kind. */
const EACH_SUBJECT = /^(?:全县|全市|全区)?各[^，,、]{1,20}$/

/** Words opening a clause that are not part of what is counted. */
const METRIC_LEAD_NOISE = new RegExp(
	`^(?:${[
		'(?:力争|争取|确保)?(?:到|至)?\\s*20\\d\\d\\s*年?\\s*[-—–~～至到]\\s*20\\d\\d\\s*年(?:底|末)?(?:前|以前)?',
		'(?:到|至)?\\s*20\\d\\d\\s*年(?:底|末)?(?:前|以前)?',
		'到\\s*“?十[三四五六]五”?(?:末|期末)',
		'力争',
		'争取',
		'确保',
		'必须',
		'务必',
		'努力',
		'力求',
		'全力',
		'目标是',
		'目标为',
		'至少',
		'不少于',
		'不低于',
		'每年度',
		'平均每年',
		'每年',
		'全年',
		'年度',
		'逐年',
		'其中',
		'同时',
		'并且',
		'并',
		'另外',
		'此外',
		'届时',
		'推动',
		'推进',
		'加快',
		'积极',
		'鼓励',
		'支持',
		'引导',
		'持续',
		'进一步',
		'实现',
		'完成',
		'达到',
		'到',
		'至',
		'[、，,：:\\s]',
	].join('|')})`,
)
/** Words ending a clause before its number: the comparison, not the metric. */
const METRIC_TAIL_NOISE =
	/(?:(?:提高|提升|增加|增长|上升|下降|降低|减少|扩大)(?:到|至)|达到|达|迈上|突破|超过|超出|超|高于|大于|不低于|不少于|不小于|至少|不超过|不高于|不大于|低于|少于|控制在|保持在|稳定在|维持在|大约|约|接近|近|逾|为|到|至|共|总计|合计|分别|≥|≤|>|<|[、，,：:\s的])+$/
/** A comparison before the count verb (每个县至少培育1家) is not part of the metric. */
const OP_BEFORE_VERB = new RegExp(`(?:至少|不少于|不低于|力争|确保|争取)(?=${COUNT_VERBS.join('|')})`, 'g')
/** 较2022年下降15%: the baseline year is not part of what is measured. */
const BASELINE_IN_METRIC = /(?:较|比|相比|与)\s*20\d\d\s*年(?:底|末)?(?:相比)?/g
/** 全市每年新签约…: a period word inside the metric is the period, not part of what is counted. */
const PERIOD_IN_METRIC = /每年度|每年|全年/g
const CHANGE = '(?:年均|年平均|年|同比|比上年)?(?:增长|增速|增幅|提高|提升|下降|降低|增加|减少|递增|净增)率?'
/** A metric that is only a change needs the subject of the target before it (营业收入…，年均增长15%). */
const CHANGE_ONLY = new RegExp(`^${CHANGE}$`)
/** …which is that target's metric without its own change (营业收入年均增长 → 营业收入). */
const CHANGE_AT_END = new RegExp(`${CHANGE}$`)
/** The scope a list shares: 集群规模以上企业达50家、产值突破200亿元 → 集群产值. */
const SHARED_SCOPE = /^(全省|全市|全区|全县|全州|集群|园区|开发区|高新区|经开区)/
/** Alone in its sentence, a metric like this describes one named project (…项目，总投资50亿元). */
const PROJECT_DESCRIPTION = /^(?:计划|项目)?总投资额?$|^投资$/
const METRIC_MAX = 40

/** Project types named in a project target, as the counting rules know them. */
const PROJECT_TYPE_WORDS: [string, ProjectType][] = [
	['技术改造', 'renovation'],
	['技改', 'renovation'],
	['改扩建', 'expansion'],
	['扩建', 'expansion'],
	['新建', 'new'],
	['增资扩股', 'capital_increase'],
	['增资', 'capital_increase'],
]
/** Metrics that count projects or sum their investment; only these carry category words. */
const PROJECT_COUNT_OR_SUM = /项目(?:投资额?|总投资额?|数量?)?$/
/** Verbs before the category words of a project target (引进稀土新材料及应用项目). */
const CATEGORY_LEAD_VERBS = [...COUNT_VERBS, '招商引资', '谋划', '储备', '洽谈', '新开工', '推进', '落户', '引入', '争取']
/** Investment thresholds inside a project metric: 投资500万元以上, 亿元以上, 10亿元以上的. */
const INVESTMENT_PHRASE = new RegExp(
	`(?:单个项目|单体|总)?(?:投资额?|规模)?(?:不低于|不少于|超过|超|达到|达|在)?(?:\\d+(?:\\.\\d+)?|[一二两三四五六七八九十百千]+)?(?:亿元|万元)(?:以上|及以上)?的?`,
	'g',
)
/** 亿元以上项目 / 亿元项目: a threshold of one 亿元 (or 万元) written without a number. */
const BARE_INVESTMENT = /(?<![\d零〇一二两三四五六七八九十百千.])(亿元|万元)(?=(?:以上|及以上)?的?[\u4e00-\u9fff]{0,6}?项目)/
/** Category words that say nothing about the chain (重大产业项目). */
const GENERIC_CATEGORIES = new Set(['重大', '重点', '产业', '工业', '重大产业', '重点产业', '优质', '招商', '大', '好', '新', '在建', '签约'])

/** Units followed by one of these characters form another word (项目, 部门, 人才…): not a quantity. */
const UNIT_WORDS = new Set(
	'项目 部门 部分 部署 处理 处置 条件 条例 条款 人才 人员 人民 人口 人工 人居 名单 名牌 名称 名录 名片 场所 场景 场地 所有 所属 所在 台账 台阶 支持 支撑 支付 款项 种植 种子 户籍 户外 座谈 只有 只要 例如 套餐 间隔 件事 位于 位置'.split(
		' ',
	),
)
/** 3个月, 5个工作日: durations. */
const DURATION_AFTER_COUNT = /^多?(?:月|工作日|小时|星期|季度|年|周|日|天)/

const NUMBER_SOURCE = String.raw`(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|[一二两三四五六七八九十百千][零〇一二两三四五六七八九十百千]*)`
/** A bare 百/千 is a number only after a comparison (突破千亿元); elsewhere it is a word (千家万户, 百家争鸣). */
const BARE_HUNDRED_ALLOWED_AFTER = /(?:突破|达到|达|超过|超|迈上|跨越|过|实现|近|逾|约)\s*$/
/** A number (or a range) with its unit. Not after a digit, letter, 第 (第48次), 前 (前10名) or another numeral. */
const MENTION = new RegExp(
	String.raw`(?<![\dA-Za-z第前零〇一二两三四五六七八九十百千万亿])(?<!\d[.,])(?<first>${NUMBER_SOURCE})(?:\s?(?<firstUnit>${UNIT_SOURCE})?\s?[-—–~～至到]{1,2}\s?(?<second>${NUMBER_SOURCE}))?\s?(?<many>[多余])?\s?(?<unit>${UNIT_SOURCE})`,
	'g',
)

/** A tab ends a table cell: the cells of a row are read one by one. */
const SENTENCE_END = /[。！？!?；;\n\t]/
/** A conjunction right before a number joins two counts, each with its noun (2-3个平台和20个车间). */
const COORDINATE_BEFORE_NUMBER = /(?:和|及|与|以及|并)\s*$/
const COORDINATE_OR_BRACKET = new RegExp(`[、（(【〔]|(?:以及|和|及|与|并)(?=\\s?${NUMBER_SOURCE})`)
/** Lines of a hard-wrapped PDF copy are this long or longer; headings and titles are shorter. */
const WRAPPED_LINE_MIN = 25
const CLAUSE_SEPARATORS = '，,：:'
const OPENERS = '（(【〔['
const CLOSERS = '）)】〕]'

// ——— Types ———

type Span = { start: number; end: number }

type Mention = Span & {
	/** Where the number's wording ends, after 以上/左右. */
	after: number
	value: number
	valueMax: number | null
	unit: string
	/** The comparison the number's own wording states (a range, 以上, 左右, 100多家). */
	statedOp: TargetOp | null
	chinese: boolean
}

/** The clause around a mention: between separators at its bracket depth, or inside its bracket. */
type Clause = Span & { inBracket: boolean }

/**
 * target: counted; attributive: qualifies the next target of its clause (投资500万元以上项目30个);
 * note: qualifies the target before it (（单个项目投资不低于5亿元）); ignore: neither.
 */
type Role = 'target' | 'attributive' | 'note' | 'ignore'

type ReadMention = {
	mention: Mention
	/** Shared by the mentions of one clause (compared by identity). */
	clause: Clause
	role: Role
	/** End of the noun a counted number precedes (20个以上集群引领性项目). */
	nounEnd: number | null
}

type YearCue = { at: number; startYear: number | null; endYear: number; past: boolean }
/**
 * The last year a sentence stated. It applies to the rest of its line, and when
 * the sentence set no target itself ("到2025年，实现以下目标：") to everything up
 * to the next heading.
 */
type StatedYear = { cue: YearCue; line: number; leadIn: boolean }

type Doc = {
	/** The text as given: excerpts are cut from it. */
	text: string
	/** Full-width digits folded (same offsets): metrics and numbers are read from it. */
	folded: string
	/** `folded` with the 责任单位 notes blanked out. */
	work: string
	quoted: Uint8Array
	plan: PlanYears | null
	newsReport: boolean
}

type Draft = Omit<ExtractedTarget, 'responsibleUnits' | 'section' | 'sources' | 'stages' | 'members'>

/** The last target read in a block: a later sentence with a year and a value only (到2026年达到45%) is its next stage. */
type LastTarget = { metric: string; unit: string; endYear: number | null }

// ——— Pipeline ———

/**
 * The targets of a document, each once: restatements merged, staged values
 * gathered, per-member targets marked (consolidate.ts).
 */
export function extractTargets(text: string): ExtractedTarget[] {
	return consolidateTargets(readTargets(text))
}

/** Every target as stated, one per clause, in document order. */
export function readTargets(text: string): ExtractedTarget[] {
	const folded = foldWidth(text)
	const blocks = splitBlocks(folded)
	const notesByBlock = blocks.map((block) => findUnitNotes(folded, block))
	// A note serves every block of its item: "（1）…；（2）…" followed by one （牵头单位：…）.
	const notesOfItem = new Map<number, UnitNote[]>()
	blocks.forEach((b, i) => notesOfItem.set(b.item, [...(notesOfItem.get(b.item) ?? []), ...notesByBlock[i]!]))
	const structure = readUnitStructure(text)
	const doc: Doc = {
		text,
		folded,
		work: blankOut(folded, notesByBlock.flat()),
		quoted: quotedMask(folded),
		plan: findPlanYears(folded),
		newsReport: NEWS_REPORT.test(folded),
	}
	const targets: ExtractedTarget[] = []
	let scope = -1
	let stated: StatedYear | null = null
	// The start of the current line, found by a forward scan so a one-line document stays linear.
	let line = 0
	let scanned = 0
	// The units a heading line names (一、强化科技创新（区科技局牵头）) lead every item under it that names none.
	let headingUnits: Record<'top' | 'sub', string[]> = { top: [], sub: [] }
	blocks.forEach((block, i) => {
		if (block.scope !== scope) {
			scope = block.scope
			stated = null
		}
		if (block.heading) {
			const lineEnd = folded.indexOf('\n', block.start)
			const onLine = notesByBlock[i]!.filter((n) => lineEnd === -1 || n.start < lineEnd).flatMap((n) => n.units)
			headingUnits = block.heading === 'top' ? { top: onLine, sub: [] } : { ...headingUnits, sub: onLine }
		}
		if (block.background) return
		let last: LastTarget | null = null
		// The group owes what its item's line states; a paragraph after it is not the group's.
		const firstLineEnd = doc.work.indexOf('\n', block.start) === -1 ? block.end : Math.min(block.end, doc.work.indexOf('\n', block.start))
		const group = GROUP_ITEM.exec(doc.work.slice(block.start, firstLineEnd).replace(LINE_MARKER, ''))?.[1] ?? null
		for (const sentence of splitSentences(doc.work, block)) {
			for (; scanned < sentence.start; scanned++) if (doc.work[scanned] === '\n') line = scanned + 1
			const carried = stated && (stated.leadIn || stated.line === line) ? stated.cue : null
			const read = readSentence(doc, sentence, carried, last)
			if (read.yearCue && !read.yearCue.past) stated = { cue: { ...read.yearCue, at: -1 }, line, leadIn: read.targets.length === 0 }
			const notes = notesOfItem.get(block.item) ?? []
			for (const draft of read.targets) {
				const units = unitsOf(draft, notes, structure, headingUnits.sub.length > 0 ? headingUnits.sub : headingUnits.top)
				const unitNotes: ExtractionNote[] = units.source === 'table' ? ['unitsFromTable'] : units.source === 'standing' ? ['unitsFromStanding'] : []
				const members = (draft.start < firstLineEnd ? group : null) ?? eachOwes(doc.work, sentence, draft)
				targets.push({
					...draft,
					metric: members ? draft.metric.replace(new RegExp(`^${escapeRegExp(members)}(?:完成)?`), '') || draft.metric : draft.metric,
					notes: [...draft.notes, ...unitNotes],
					responsibleUnits: units.units,
					section: block.section,
					sources: [],
					stages: [],
					members,
				})
				last = { metric: draft.metric, unit: draft.unit, endYear: draft.endYear }
			}
		}
	})
	return targets
}

/**
 * Who each owes a target: the units its clause names before 均需/都要 (宁州工业园、九江工业园均需引进一个…),
 * or the 各… subject of the clause before one that opens with 必须 (全县各招商引资责任单位，必须引进一个…).
 */
function eachOwes(work: string, sentence: Span, draft: Draft) {
	const clauseStart = Math.max(sentence.start, ...[...CLAUSE_SEPARATORS].map((s) => work.lastIndexOf(s, draft.start - 1) + 1))
	const clause = work.slice(clauseStart, draft.end)
	const named = EACH_OWES.exec(clause)?.[1]?.trim()
	if (named) return named
	if (clauseStart <= sentence.start || !OBLIGED_OPENER.test(clause)) return null
	const before = work.slice(sentence.start, clauseStart - 1)
	const subject = before.slice(Math.max(...[...CLAUSE_SEPARATORS].map((s) => before.lastIndexOf(s))) + 1).trim()
	return EACH_SUBJECT.test(subject) ? subject : null
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** Notes are replaced by spaces (same length): nothing inside them is read as a target. */
function blankOut(text: string, spans: Span[]) {
	if (spans.length === 0) return text
	let result = ''
	let at = 0
	for (const span of [...spans].sort((a, b) => a.start - b.start)) {
		result += text.slice(at, span.start) + ' '.repeat(span.end - span.start)
		at = span.end
	}
	return result + text.slice(at)
}

/** Sentences end at 。！？； and line breaks, except the breaks of a hard-wrapped line; a target never spans two. */
function splitSentences(work: string, block: Block): Span[] {
	const sentences: Span[] = []
	const pattern = new RegExp(SENTENCE_END.source, 'g')
	pattern.lastIndex = block.start
	let start = block.start
	let match: RegExpExecArray | null
	const push = (end: number) => {
		// A line's or a cell's item marker (16．, （六）, （1）) is not part of its first sentence.
		const from =
			start === 0 || work[start - 1] === '\n' || work[start - 1] === '\t' ? start + (LINE_MARKER.exec(work.slice(start, end))?.[0].length ?? 0) : start
		if (work.slice(from, end).trim()) sentences.push({ start: from, end })
	}
	while ((match = pattern.exec(work)) && match.index < block.end) {
		if (match[0] === '\n' && isWrappedLine(work, match.index, block.end)) continue
		push(match.index)
		start = match.index + 1
	}
	if (start < block.end) push(block.end)
	return sentences
}

/**
 * Text copied from a PDF breaks lines mid-sentence ("…项目10\n个以上"): a long
 * line that ends without punctuation and is followed by a line of text (not a
 * heading, an item or a blank line) continues on the next line.
 */
function isWrappedLine(work: string, newline: number, blockEnd: number) {
	const line = work.slice(work.lastIndexOf('\n', newline - 1) + 1, newline).trim()
	if (line.length < WRAPPED_LINE_MIN || !/[\u4e00-\u9fff\dA-Za-z%、，,“”]$/.test(line)) return false
	const next = work.slice(newline + 1, Math.min(blockEnd, newline + 40))
	return /^[\t \u3000]*[^\s]/.test(next) && !LINE_MARKER.test(next) && !/^[\s\u3000]*(?:责任单位|牵头单位)/.test(next)
}

/** The units of the first note after the target in its item, else of the last note before it. */
function unitsFor(draft: Draft, notes: UnitNote[]) {
	const note = notes.find((n) => n.start >= draft.end) ?? notes.findLast((n) => n.end <= draft.start)
	return note ? [...note.units] : []
}

/**
 * A target's units: those of a 〔责任单位：…〕 note (in a table, only one in its
 * own row), else of its table row or of the line of unit names under it, else
 * those its heading names; then the units of any "以下…不再列出" note that stands for it.
 */
function unitsOf(
	draft: Draft,
	notes: UnitNote[],
	structure: UnitStructure,
	fromHeading: string[],
): { units: string[]; source: 'note' | 'table' | 'standing' | null } {
	const { row, standing } = structureAt(structure, draft.start)
	const inItem = unitsFor(draft, row?.kind === 'table' ? notes.filter((n) => n.start >= row.start && n.end <= row.end) : notes)
	const noted = inItem.length > 0 || (row?.units.length ?? 0) > 0 ? inItem : fromHeading
	const units = [...new Set([...(noted.length > 0 ? noted : (row?.units ?? [])), ...standing])]
	const source = noted.length > 0 ? 'note' : (row?.units.length ?? 0) > 0 ? 'table' : standing.length > 0 ? 'standing' : null
	return { units, source }
}

/** One sentence: its mentions, their roles, then a record per target. */
function readSentence(doc: Doc, sentence: Span, carriedYear: YearCue | null, last: LastTarget | null): { targets: Draft[]; yearCue: YearCue | null } {
	const text = doc.work.slice(sentence.start, sentence.end)
	const yearCues = findYearCues(text, sentence.start, doc.plan)
	const lastYearCue = yearCues.at(-1) ?? null
	if (REPORTED_SPEECH.test(text) || FORECAST.test(text) || SUBSIDY_SENTENCE.test(text)) return { targets: [], yearCue: lastYearCue }
	const mentions = findMentions(doc, sentence)
	if (mentions.length === 0) return { targets: [], yearCue: lastYearCue }

	const read = assignRoles(doc.work, sentence, mentions)
	const cues = {
		past: cuePositions(PAST_CUES, text, sentence.start),
		future: cuePositions(FUTURE_CUES, text, sentence.start),
		target: cuePositions(TARGET_CUES, text, sentence.start),
		annual: cuePositions(ANNUAL_CUES, text, sentence.start),
		byYear: cuePositions(BY_YEAR_CUES, text, sentence.start),
	}
	const qualifiers = attachQualifiers(read)
	const drafts: { item: ReadMention; draft: Draft }[] = []
	for (const item of read) {
		if (item.role !== 'target') continue
		const at = item.mention.start
		const yearCue = yearCues.findLast((c) => c.at < at) ?? null
		if (yearCue?.past || isPastFact(doc, cues, at)) continue
		const previous = drafts.at(-1)
		const previousInClause = previous?.item.clause === item.clause ? previous.draft.end : null
		const own = qualifiers.get(item) ?? []
		const excerpt = excerptSpan(doc.work, item, previousInClause, own)
		// 建成2-3个公共服务平台和20个左右示范车间: the second count shares the first one's verb.
		const coordinate = previousInClause !== null && item.nounEnd !== null && COORDINATE_BEFORE_NUMBER.test(doc.work.slice(previousInClause, at))
		const m = item.mention
		let metric = metricOf(doc.folded, sentence, item, excerpt.start, previous?.draft.metric ?? null, coordinate)
		// 到2025年…占比达到40%；到2026年达到45%: a sentence of a new year and a value only is the next stage of the last target.
		const stageOf = !metric && !previous && yearCue && last && last.unit === m.unit && last.endYear !== null && yearCue.endYear > last.endYear ? last : null
		if (stageOf) metric = stageOf.metric
		if (!metric || PROJECT_DESCRIPTION.test(metric)) continue
		const notes: ExtractionNote[] = []
		// An annual target runs over the plan's years as a rule; a deadline taken from the plan's end is a guess.
		if (!yearCue && !carriedYear && doc.plan && periodAt(cues, at) === 'by_year') notes.push('yearFromPlan')
		// Its first words are not in its clause: the metric is the subject of the clause before.
		if (
			!stageOf &&
			!doc.folded
				.slice(excerpt.start, item.nounEnd ?? m.start)
				.replace(/\s+/g, '')
				.includes(metric.slice(0, 2))
		)
			notes.push('metricInherited')
		if (metric.length >= 30) notes.push('metricLong')
		if (m.chinese) notes.push('chineseNumeral')
		drafts.push({
			item,
			draft: {
				excerpt: doc.text.slice(excerpt.start, excerpt.end),
				start: excerpt.start,
				end: excerpt.end,
				metric,
				op: m.statedOp ?? prefixOp(doc.work.slice(excerpt.start, m.start)),
				value: m.value,
				valueMax: m.valueMax,
				unit: m.unit,
				normalized: normalizeQuantity(m.value, m.unit),
				period: periodAt(cues, at),
				...yearsOf(yearCue ?? carriedYear, doc.plan),
				filters: filtersOf(
					metric,
					own.map((q) => q.mention),
					doc.work,
				),
				notes,
			},
		})
	}
	return { targets: respectively(doc.work, sentence, drafts), yearCue: lastYearCue }
}

/** The words before 分别 that list what each value is for: 履约率、开工率、资金到位率分别…, 高新技术企业和科技型企业…，分别…. */
const LIST_SEPARATOR = /、|和|及|与|以及/
/** Where the subject of the list stops in a clause that goes on (…企业在2022年的基础上实现“双倍增”). */
const SUBJECT_END = /在\s*20\d\d\s*年|在[^，,]*基础上|实现|比|较/

/**
 * "A、B、C分别达到90%、80%、30%以上": the values go to the names in order, and a
 * comparison stated once (以上 after the last, 超过 before the first) holds for all.
 * Only when the names and the values are as many; otherwise the drafts stay as read.
 */
function respectively(work: string, sentence: Span, drafts: { item: ReadMention; draft: Draft }[]): Draft[] {
	const result = drafts.map((d) => d.draft)
	for (let i = 0; i < drafts.length;) {
		let j = i + 1
		while (j < drafts.length && drafts[j]!.item.clause === drafts[i]!.item.clause) j++
		const run = drafts.slice(i, j)
		const first = run[0]!.item
		const respectivelyAt = work.lastIndexOf('分别', first.mention.start)
		if (run.length >= 2 && respectivelyAt >= sentence.start && !/[，,。；;]/.test(work.slice(respectivelyAt, first.mention.start))) {
			const names = listedNames(work, sentence, first.clause, respectivelyAt)
			if (names.length === run.length) {
				const shared = sharedOp(run)
				run.forEach(({ item, draft }, k) => {
					const op = shared && item.mention.statedOp === null && draft.op === '=' ? shared : draft.op
					result[i + k] = { ...draft, metric: names[k]!, op }
				})
			}
		}
		i = j
	}
	return result
}

/** The names before 分别: in its clause, else the clause before it, cut where the subject ends. */
function listedNames(work: string, sentence: Span, clause: Clause, respectivelyAt: number) {
	let subject = work.slice(clause.start, respectivelyAt)
	if (!subject.trim()) {
		const before = work.slice(sentence.start, Math.max(sentence.start, clause.start - 1))
		subject = before.slice(Math.max(...[...CLAUSE_SEPARATORS].map((s) => before.lastIndexOf(s))) + 1)
	}
	const end = subject.search(SUBJECT_END)
	const names = cleanMetric(end === -1 ? subject : subject.slice(0, end))
		.split(LIST_SEPARATOR)
		.filter(Boolean)
	// 全区高新技术企业和科技型企业: a scope written once is every name's.
	const scope = SHARED_SCOPE.exec(names[0] ?? '')?.[1]
	return names.map((name, k) => (k > 0 && scope && !SHARED_SCOPE.test(name) ? scope + name : name))
}

/** A comparison written once for a list of values: after the last (30%以上) or before the first (超过90家和870家). */
function sharedOp(run: { item: ReadMention; draft: Draft }[]): TargetOp | null {
	const last = run.at(-1)!.item.mention
	if (last.statedOp && last.statedOp !== 'range') return last.statedOp
	const first = run[0]!
	return first.item.mention.statedOp === null && first.draft.op !== '=' ? first.draft.op : null
}

// ——— Mentions ———

/** Every number with a unit in the sentence that can be a quantity. */
function findMentions(doc: Doc, sentence: Span): Mention[] {
	const text = doc.work.slice(sentence.start, sentence.end)
	const mentions: Mention[] = []
	for (const match of text.matchAll(MENTION)) {
		const mention = readMention(doc, match, sentence.start)
		if (mention) mentions.push(mention)
	}
	return mentions
}

function readMention(doc: Doc, match: RegExpMatchArray, offset: number): Mention | null {
	const { firstUnit, second, many, unit } = match.groups as { firstUnit?: string; second?: string; many?: string; unit: string }
	let { first } = match.groups as { first: string }
	let start = offset + match.index!
	const end = start + match[0].length
	// "：3.15个以上重点项目": a count is never fractional; at the start of a clause the dot ends a list number.
	if (
		second === undefined &&
		isCountUnit(unit) &&
		/^\d{1,2}\.\d+$/.test(first) &&
		/(?:^|[：:，,；;。\s])$/.test(doc.work.slice(Math.max(0, start - 1), start))
	) {
		const dot = first.indexOf('.') + 1
		first = first.slice(dot)
		start += dot
	}
	if (doc.quoted[start] || (firstUnit && firstUnit !== unit)) return null
	if (/^[百千]/.test(first) && !BARE_HUNDRED_ALLOWED_AFTER.test(doc.work.slice(Math.max(0, start - 4), start))) return null
	const value = parseNumber(first)
	const valueMax = second === undefined ? null : parseNumber(second)
	if (value === null || (second !== undefined && (valueMax === null || valueMax <= value))) return null
	const following = doc.work.slice(end, end + 6)
	if (!isQuantity(unit, following)) return null
	const suffix = OP_SUFFIX.exec(following)
	const statedOp = valueMax !== null ? 'range' : suffix ? SUFFIX_OPS[suffix[1]!]! : many ? '>' : null
	return { start, end, after: end + (suffix?.[0].length ?? 0), value, valueMax, unit, statedOp, chinese: !/^\d/.test(first) }
}

/** 万吨级 and 百亿元级 are sizes, 一个个 and 家家 are words, 3个月 is a duration, 10人才 is not 10 人. */
function isQuantity(unit: string, following: string) {
	if (following.startsWith('级') || following.startsWith(unit.at(-1)!)) return false
	if (unit.endsWith('个') && DURATION_AFTER_COUNT.test(following)) return false
	return !(unit.length === 1 && UNIT_WORDS.has(unit + following.charAt(0)))
}

// ——— Roles ———

/**
 * Decides what each mention is. The number that ends its clause (or a count
 * before its noun: 引进20个以上集群引领性项目) is the target; money, mass or a
 * percent directly before a noun qualifies it (营收超10亿元企业6家), as does a
 * number inside brackets or after 单个项目投资; conditions (对…的企业) and
 * subsidies (奖励50万元) are ignored.
 */
function assignRoles(work: string, sentence: Span, mentions: Mention[]): ReadMention[] {
	const clauses = clausesAt(
		work,
		sentence,
		mentions.map((m) => m.start),
	)
	const ignoredClauses = new Map<Clause, boolean>()
	const isIgnored = (clause: Clause) => {
		if (!ignoredClauses.has(clause)) {
			const text = work.slice(clause.start, clause.end)
			ignoredClauses.set(clause, CONDITION_OPENER.test(text.trimStart()) || SUPPORT_CUES.test(text) || DOCUMENT_PARTS.test(text))
		}
		return ignoredClauses.get(clause)!
	}
	return mentions.map((mention, i) => {
		const clause = clauses[i]!
		// Bounded look-behinds keep a sentence with thousands of numbers linear.
		const opening = work.slice(clause.start, Math.min(mention.start, clause.start + 12)).trimStart()
		const before = work.slice(Math.max(clause.start, mention.start - 12), mention.start)
		const nounEnd = nounAfter(work, mention.after, clause.end)
		const read = (role: Role): ReadMention => ({ mention, clause, role, nounEnd: role === 'target' ? nounEnd : null })
		if (clause.inBracket && !BRACKET_SUBTOTAL.test(opening)) return read('note')
		if (isIgnored(clause)) return read('ignore')
		if (nounEnd !== null) {
			// 一个, 一家 before a noun is an article (建成一个平台), not a count, unless an obligation asks for it (必须引进一个…项目).
			if (mention.chinese && mention.value === 1 && mention.valueMax === null && !OBLIGED_ONE.test(before)) return read('ignore')
			// A count or a share before its noun is the target (引进20个以上…项目, 推动50%以上的企业…), unless a later number is counted.
			if (!(isCountUnit(mention.unit) || mention.unit === '%') || isCountedLater(work, mentions, clauses, i)) return read('attributive')
			if (mention.chinese && !STRONG_COUNT_VERBS.some((verb) => before.endsWith(verb))) return read('ignore')
			return read('target')
		}
		if (isMoneyUnit(mention.unit) && QUALIFIER_SUBJECT.test(opening)) return read('note')
		return read('target')
	})
}

/** 拥有2项以上发明专利的企业50家: a later count in the same list item (no 、 between) is what is counted. */
function isCountedLater(work: string, mentions: Mention[], clauses: Clause[], i: number) {
	const clause = clauses[i]!
	for (let j = i + 1; j < mentions.length; j++) {
		if (clauses[j]!.inBracket && clauses[j] !== clause) continue
		const between = work.slice(mentions[i]!.after, mentions[j]!.start)
		return clauses[j] === clause && isCountUnit(mentions[j]!.unit) && !between.includes('、') && !COORDINATE_BEFORE_NUMBER.test(between)
	}
	return false
}

/** ，：, and : separate clauses, except a comma between digits (10,000). */
function isSeparatorAt(text: string, i: number) {
	return CLAUSE_SEPARATORS.includes(text[i]!) && !(/\d/.test(text[i - 1] ?? '') && /\d/.test(text[i + 1] ?? ''))
}

/**
 * The clause holding each position (sorted), in one pass over the sentence: text
 * between separators (，：) at the same bracket depth; a clause spans brackets
 * inside it, and the text inside brackets forms clauses of its own.
 */
function clausesAt(work: string, sentence: Span, positions: number[]): Clause[] {
	const found: Clause[] = []
	const open: Clause[] = [{ start: sentence.start, end: sentence.end, inBracket: false }]
	let next = 0
	for (let i = sentence.start; i < sentence.end; i++) {
		while (positions[next] === i) {
			found.push(open.at(-1)!)
			next++
		}
		const c = work[i]!
		if (OPENERS.includes(c)) open.push({ start: i + 1, end: sentence.end, inBracket: true })
		else if (CLOSERS.includes(c) && open.length > 1) open.pop()!.end = i
		else if (isSeparatorAt(work, i)) {
			const ended = open.pop()!
			ended.end = i
			open.push({ start: i + 1, end: sentence.end, inBracket: ended.inBracket })
		}
	}
	return found
}

/**
 * Where the noun that directly follows a number ends (…个以上集群引领性项目|（…）),
 * or null when the number ends its phrase: at a separator, before 和/及, or
 * before words such as 大关 and 目标 that do not name what is counted.
 */
function nounAfter(work: string, at: number, clauseEnd: number) {
	const rest = work.slice(at, Math.min(clauseEnd, at + 60))
	if (!/^的?[“‘"]?[\u4e00-\u9fffA-Za-z]/.test(rest) || /^的?(?:目标|大关|规模|水平|台阶)|^[和及与或并等]/.test(rest)) return null
	// 2-3个公共服务平台和20个左右示范车间: the noun ends where a coordinate count starts.
	const stop = rest.search(COORDINATE_OR_BRACKET)
	const noun = stop === -1 ? rest : rest.slice(0, stop)
	return at + noun.trimEnd().length
}

/**
 * The qualifiers of each target: an attributive one belongs to the next target
 * of its clause, a note to the target before it (or, when none, the next one).
 */
function attachQualifiers(read: ReadMention[]) {
	const attached = new Map<ReadMention, ReadMention[]>()
	const attach = (target: ReadMention, qualifiers: ReadMention[]) => attached.set(target, [...(attached.get(target) ?? []), ...qualifiers])
	let waiting: ReadMention[] = []
	let orphanNotes: ReadMention[] = []
	let lastTarget: ReadMention | null = null
	for (const r of read) {
		if (r.role === 'target') {
			attach(r, [...waiting.filter((q) => q.clause === r.clause), ...orphanNotes])
			waiting = []
			orphanNotes = []
			lastTarget = r
		} else if (r.role === 'attributive') {
			// 至少40个投资800万元以上的技改项目: inside the noun of the count before it, it qualifies that count.
			if (lastTarget?.nounEnd != null && r.clause === lastTarget.clause && r.mention.end <= lastTarget.nounEnd) attach(lastTarget, [r])
			else waiting.push(r)
		} else if (r.role === 'note') {
			if (lastTarget) attach(lastTarget, [r])
			else orphanNotes.push(r)
		}
	}
	return attached
}

// ——— Tense, period, years ———

function cuePositions(pattern: RegExp, text: string, offset: number) {
	return [...text.matchAll(pattern)].map((m) => offset + m.index)
}

/**
 * A number after 已/目前/截至 states a fact, unless a future cue (力争, 到2026年,
 * 每年, 将…) comes before it in the sentence too. In a news report a number is a
 * fact unless a target cue comes before it.
 */
function isPastFact(doc: Doc, cues: Record<'past' | 'future' | 'target', number[]>, at: number) {
	const before = (positions: number[]) => positions.some((p) => p < at)
	if (doc.newsReport && !before(cues.target)) return true
	return before(cues.past) && !before(cues.future)
}

/** The nearer period word before the number decides: 每年/年均 → annual, 到2026年 (or none) → by_year. */
function periodAt(cues: Record<'annual' | 'byYear', number[]>, at: number): TargetPeriod {
	const annual = cues.annual.findLast((p) => p < at) ?? -1
	const byYear = cues.byYear.findLast((p) => p < at) ?? -1
	return annual > byYear ? 'annual' : 'by_year'
}

/**
 * Years stated in a sentence: spans (2024-2026年, “十四五”期间), deadlines
 * (到2026年, 2025年底前, “十四五”末) and plain years; baselines (比2020年) are
 * skipped. A year before the plan's first year, or after 截至, is past.
 */
function findYearCues(text: string, offset: number, plan: PlanYears | null): YearCue[] {
	const cues: YearCue[] = []
	const spans: Span[] = []
	const isPast = (endYear: number) => plan !== null && endYear < plan.startYear
	for (const m of text.matchAll(YEAR_SPAN_CUE)) {
		const endYear = Number(m[2])
		cues.push({ at: offset + m.index, startYear: Number(m[1]), endYear, past: isPast(endYear) })
		spans.push({ start: m.index, end: m.index + m[0].length })
	}
	for (const m of text.matchAll(FIVE_YEAR_CUE)) {
		const years = fiveYearPlan(m[1]!)
		const whole = m[2] === '期间' || m[2] === '时期'
		cues.push({ at: offset + m.index, startYear: whole ? years.startYear : null, endYear: years.endYear, past: isPast(years.endYear) })
	}
	for (const m of text.matchAll(YEAR_CUE)) {
		const baseline =
			BASELINE_BEFORE.test(text.slice(Math.max(0, m.index - 4), m.index)) || BASELINE_AFTER.test(text.slice(m.index + m[0].length, m.index + m[0].length + 6))
		if (spans.some((s) => m.index >= s.start && m.index < s.end) || baseline) continue
		const endYear = Number(m[2])
		cues.push({ at: offset + m.index, startYear: null, endYear, past: Boolean(m[1]) || isPast(endYear) })
	}
	return cues.sort((a, b) => a.at - b.at)
}

/** A stated year decides the end (and start, for spans); the plan's years fill the rest. */
function yearsOf(cue: YearCue | null, plan: PlanYears | null) {
	if (!cue) return { startYear: plan?.startYear ?? null, endYear: plan?.endYear ?? null }
	const startYear = cue.startYear ?? (plan && plan.startYear <= cue.endYear ? plan.startYear : null)
	return { startYear, endYear: cue.endYear }
}

// ——— Excerpt, metric, op, filters ———

/**
 * The shortest span holding the target: from its clause's start (or the end of
 * the previous target of a 、 list) to the end of the number's wording or of the
 * noun it precedes, plus a bracket right after it that qualifies it.
 */
function excerptSpan(work: string, item: ReadMention, previousEnd: number | null, qualifiers: ReadMention[]): Span {
	let start = previousEnd ?? item.clause.start
	while (start < item.mention.start && /[\s、，,：:；;]/.test(work[start]!)) start++
	const joiner = /^(?:以及|并且|和|及|并)/.exec(work.slice(start, Math.min(start + 2, item.mention.start)))
	if (joiner && previousEnd !== null) start += joiner[0].length
	// A list number inside a sentence ("：3.15个…") is not part of the clause.
	const marker = LINE_MARKER.exec(work.slice(start, item.mention.end))
	if (marker && start + marker[0].length <= item.mention.start) start += marker[0].length
	let end = item.nounEnd ?? item.mention.after
	const note = qualifiers.find((q) => q.role === 'note' && q.clause.start === end + 1)
	if (note && OPENERS.includes(work[end] ?? '')) end = Math.min(note.clause.end + 1, item.clause.end)
	while (end > start && /\s/.test(work[end - 1]!)) end--
	return { start, end }
}

/**
 * What is counted: the clause's words before the number (and the noun after a
 * count that precedes it), without the cue words before them and the comparison
 * after them, bracketed notes removed. A clause with only a change (年均增长)
 * takes the subject of the target before it; a list item inherits its shared
 * scope (集群…、产值 → 集群产值); a 其中 clause its count verb.
 */
function metricOf(folded: string, sentence: Span, item: ReadMention, excerptStart: number, previousMetric: string | null, coordinate: boolean) {
	const { mention, nounEnd, clause } = item
	const raw = folded.slice(excerptStart, mention.start)
	// The noun after a count is the metric as written (投资800万元以上的技改项目入库); only its brackets go.
	let metric = cleanMetric(raw) + (nounEnd === null ? '' : withoutBrackets(folded.slice(mention.after, nounEnd).replace(/^的/, '').replace(/\s+/g, '')))
	if (previousMetric) {
		const verb = firstCountVerb(previousMetric)
		if (coordinate) {
			if (verb && !firstCountVerb(metric)) metric = verb + metric
		}
		// 签约项目120个、总投资800亿元: the total of the targets before it.
		else if (PROJECT_DESCRIPTION.test(metric)) metric = previousMetric + metric
		else if (!metric || CHANGE_ONLY.test(metric)) metric = previousMetric.replace(CHANGE_AT_END, '') + metric
		else if (/^\s*其中/.test(raw) || PROJECT_COUNT_OR_SUM.test(metric)) {
			// 其中10亿元以上项目5个、50亿元以上项目1个: counted the way the total is (新签约…).
			if (verb && !firstCountVerb(metric)) metric = verb + metric
		} else {
			const scope = SHARED_SCOPE.exec(previousMetric)?.[1]
			if (scope && !SHARED_SCOPE.test(metric)) metric = scope + metric
		}
	}
	// "高新技术企业数量：达到50家": the subject sits in the clause before.
	if (!metric && clause.start > sentence.start) {
		const before = folded.slice(sentence.start, clause.start - 1)
		metric = cleanMetric(before.slice(Math.max(...[...CLAUSE_SEPARATORS].map((s) => before.lastIndexOf(s))) + 1))
	}
	return shorten(metric)
}

/** The count verb that comes first in a metric, the longest one where several start there (新签约 over 签约). */
function firstCountVerb(metric: string) {
	let found: { verb: string; at: number } | null = null
	for (const verb of COUNT_VERBS) {
		const at = metric.indexOf(verb)
		if (at !== -1 && (!found || at < found.at || (at === found.at && verb.length > found.verb.length))) found = { verb, at }
	}
	return found?.verb ?? null
}

/** The metric words of a raw clause: no brackets, spaces, cue words, comparisons, baselines or period words. */
function cleanMetric(raw: string) {
	// 宁州工业园、九江工业园均需引进…: who owes it is not what is counted.
	let metric = withoutBrackets(raw.replace(/\s+/g, '')).replace(/^.*?(?:均需|均要|都要)/, '')
	let previous: string
	do {
		previous = metric
		metric = metric.replace(METRIC_LEAD_NOISE, '').replace(METRIC_TAIL_NOISE, '')
	} while (metric !== previous && metric)
	return metric.replace(OP_BEFORE_VERB, '').replace('至少', '').replace(BASELINE_IN_METRIC, '').replace(PERIOD_IN_METRIC, '')
}

/** Text without its bracketed notes, nested ones too. */
function withoutBrackets(text: string) {
	let result = text
	let previous: string
	do {
		previous = result
		result = result.replace(/[（(【〔][^（(【〔）)】〕]*[）)】〕]/g, '')
	} while (result !== previous)
	return result
}

/** Over METRIC_MAX characters: from the first count verb that leaves a short enough name (…企业参与制定…标准 → 参与制定…标准). */
function shorten(metric: string) {
	if (metric.length <= METRIC_MAX) return metric
	for (let i = 1; i < metric.length; i++) {
		if (metric.length - i <= METRIC_MAX && COUNT_VERBS.some((v) => metric.startsWith(v, i))) return metric.slice(i)
	}
	const tail = metric.slice(-METRIC_MAX)
	const cut = tail.slice(0, 12).search(/[、的等和及]/)
	return cut === -1 ? tail : tail.slice(cut + 1)
}

/** The comparison written before the number; "=" for 达到, 实现, 新增 or none. */
function prefixOp(before: string): TargetOp {
	// 至少培育1家: the comparison may stand before the count verb.
	const trimmed = before.trimEnd()
	const verb = COUNT_VERBS.find((v) => trimmed.endsWith(v))
	const text = verb ? trimmed.slice(0, -verb.length) : trimmed
	if (NOT_AN_OP.some((word) => text.endsWith(word))) return '='
	// 至少 and 不少于 mean ">=" wherever they stand in the clause (每季度至少外出招商1次).
	return OP_PREFIXES.find(([word]) => text.endsWith(word))?.[1] ?? (/至少|不少于|不低于/.test(text) ? '>=' : '=')
}

/**
 * Filters for the counting rules: the investment threshold from a qualifier
 * (单个项目投资不低于5亿元, 投资500万元以上项目) or a bare 亿元以上项目; project
 * types (技改 → renovation); and, for project targets, the category words
 * between the count verb and 项目 (引进稀土新材料及应用项目 → 稀土新材料及应用).
 */
function filtersOf(metric: string, qualifiers: Mention[], work: string): ExtractedTarget['filters'] {
	const filters: ExtractedTarget['filters'] = {}
	const threshold = qualifiers.find((q) => isMoneyUnit(q.unit) && isInvestmentThreshold(work, q))
	const bare = BARE_INVESTMENT.exec(metric)?.[1]
	if (threshold) filters.minInvestmentCNY = normalizeQuantity(threshold.value, threshold.unit).value
	else if (bare) filters.minInvestmentCNY = normalizeQuantity(1, bare).value
	if (/项目|投资/.test(metric)) {
		const types = [...new Set(PROJECT_TYPE_WORDS.filter(([word]) => metric.includes(word)).map(([, type]) => type))]
		if (types.length > 0) filters.projectTypes = types
	}
	const categories = PROJECT_COUNT_OR_SUM.test(metric) ? projectCategories(metric) : []
	if (categories.length > 0) filters.categories = categories
	return filters
}

function isInvestmentThreshold(work: string, q: Mention) {
	return (
		/投资额?[^，,。；;]{0,6}$/.test(work.slice(Math.max(0, q.start - 12), q.start)) || /^的?[^，,。；;、]{0,6}?项目/.test(work.slice(q.after, q.after + 12))
	)
}

/** The words between the last count verb and 项目, thresholds and project types removed. */
function projectCategories(metric: string) {
	let words = metric.slice(0, metric.indexOf('项目')).replace(INVESTMENT_PHRASE, '')
	for (const [word] of PROJECT_TYPE_WORDS) words = words.replaceAll(word, '')
	const verbEnd = Math.max(0, ...CATEGORY_LEAD_VERBS.map((v) => (words.lastIndexOf(v) === -1 ? 0 : words.lastIndexOf(v) + v.length)))
	return words
		.slice(verbEnd)
		.replace(/^[的、和及与]+|[的、类]+$/g, '')
		.split('、')
		.filter((w) => w.length >= 2 && !/\d/.test(w) && !GENERIC_CATEGORIES.has(w))
}
