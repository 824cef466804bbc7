/**
 * Merging and splitting review cards (#15 §6): what a reviewer does when the
 * extractor read one target as two (a restatement in other words) or two as
 * one ("新增规上工业企业和高新技术企业各10家"). Pure, on the card values as the
 * form holds them; the result is saved like any card (parseReviewCard on the
 * client and again on the server), one card one quota.
 */
import { splitUnitNames } from '~/domain/policy/document'
import { readTargets } from '~/domain/policy/extract-targets'
import { type TargetSource } from '~/domain/policy/target'
import { readSources, type ReviewCardValues } from './target-review'

/** The places a card cites: its sources, or its own clause when it has one place. */
export function cardSources(card: Pick<ReviewCardValues, 'sources' | 'excerpt' | 'start' | 'end' | 'section'>): TargetSource[] {
	const sources = readSources(card.sources)
	if (sources.length > 0) return sources
	const number = (s: string) => (/^-?\d+$/.test(s.trim()) ? Number(s) : -1)
	return card.excerpt.trim() ? [{ excerpt: card.excerpt, start: number(card.start), end: number(card.end), section: card.section.trim() || null }] : []
}

/** The groups of fields a reviewer picks between when merging, each from one card (units may be both). */
export const MERGE_FIELDS = ['metric', 'value', 'unit', 'years', 'responsibleUnits', 'members'] as const
export type MergeField = (typeof MERGE_FIELDS)[number]
export type MergeChoice = 'a' | 'b' | 'both'
export type MergeWinners = Partial<Record<MergeField, MergeChoice>>

const GROUPS: Record<MergeField, readonly (keyof ReviewCardValues)[]> = {
	metric: ['metric'],
	value: ['op', 'value', 'valueMax'],
	unit: ['unit'],
	years: ['period', 'startYear', 'endYear', 'stages'],
	responsibleUnits: ['responsibleUnits'],
	members: ['members'],
}

/** A group of fields as one line to choose by: 20（左右） 个, 2025–2027 (by_year)… the raw values joined. */
export function mergeFieldText(card: ReviewCardValues, field: MergeField) {
	return GROUPS[field]
		.map((key) => String(card[key]).trim())
		.filter(Boolean)
		.join(' · ')
}

/** The groups in which two cards differ: the only ones worth a choice. */
export function mergeDifferences(a: ReviewCardValues, b: ReviewCardValues): MergeField[] {
	return MERGE_FIELDS.filter((field) => mergeFieldText(a, field) !== mergeFieldText(b, field))
}

/** At most this many places (as the target schema allows). */
const MAX_SOURCES = 20

/**
 * Two cards as one: each group of fields from the card the reviewer picked
 * (a by default; 责任单位 may be "both", a's first), everything else (the
 * counting rule, filters) from a, every place both cite (a's first, each
 * place once), accepted when either was.
 */
export function mergeCards(a: ReviewCardValues, b: ReviewCardValues, winners: MergeWinners = {}): ReviewCardValues {
	const merged: ReviewCardValues = { ...a }
	const set = <K extends keyof ReviewCardValues>(key: K, from: ReviewCardValues) => {
		merged[key] = from[key]
	}
	for (const field of MERGE_FIELDS) {
		const choice = winners[field] ?? 'a'
		if (field === 'responsibleUnits' && choice === 'both') {
			merged.responsibleUnits = [...new Set([...splitUnitNames(a.responsibleUnits), ...splitUnitNames(b.responsibleUnits)])].join('、')
		} else if (choice === 'b') for (const key of GROUPS[field]) set(key, b)
	}
	const seen = new Set<string>()
	const sources = [...cardSources(a), ...cardSources(b)].filter((s) => {
		const key = `${s.start}:${s.end}:${s.excerpt}`
		if (seen.has(key)) return false
		seen.add(key)
		return true
	})
	merged.sources = sources.length > 1 ? JSON.stringify(sources.slice(0, MAX_SOURCES)) : ''
	merged.accepted = a.accepted || b.accepted
	const notes = new Set([...a.notes.split(','), ...b.notes.split(',')].filter(Boolean))
	merged.notes = [...notes].join(',')
	return merged
}

/** How a card was split: at its clauses (two numbers), at its metric (one number for two things), or as two copies to edit. */
export type SplitHow = 'clauses' | 'metric' | 'copy'

const JOINERS = /^[\s和及与、，,；;以并同时]+|[\s和及与、，,；;以并同时]+$/g
/** Words a metric's second part shares with the first: 新增规上工业企业和高新技术企业 → 新增高新技术企业. */
const LEADING_VERB = /^(?:年均|每年|累计|力争)?(?:新增|引进|培育|建成|建设|新建|打造|认定|创建|争创|推动|实施|招引|签约|开工|完成)/
const METRIC_JOIN = /以及|和|及|与|、/

/**
 * One card as two, both editable: split at the second target the clause states
 * (建成2-3个公共服务平台和20个左右示范车间: each part with its own value, unit and
 * place), else at the metric's 和/及/、 when one number serves both
 * (新增规上工业企业和高新技术企业各10家: each with the number), else as two
 * copies. Years, period, units and the counting rule stay as the card has them.
 */
export function splitCard(card: ReviewCardValues): { cards: [ReviewCardValues, ReviewCardValues]; how: SplitHow } {
	const base = Number.parseInt(card.start, 10)
	const read = readTargets(card.excerpt)
	if (read.length >= 2) {
		const [first, second] = read as [(typeof read)[0], (typeof read)[0]]
		const firstText = card.excerpt.slice(0, second.start).replace(JOINERS, '')
		const firstStart = card.excerpt.indexOf(firstText)
		const secondText = card.excerpt.slice(second.start)
		const offsets = (at: number, part: string) =>
			Number.isInteger(base) && base >= 0 ? { start: String(base + at), end: String(base + at + part.length) } : { start: '-1', end: '-1' }
		const part = (target: (typeof read)[0], excerpt: string, at: number): ReviewCardValues => ({
			...card,
			excerpt,
			...offsets(at, excerpt),
			sources: '',
			metric: target.metric,
			op: target.op,
			value: String(target.value),
			valueMax: target.valueMax === null ? '' : String(target.valueMax),
			unit: target.unit,
			stages: '',
		})
		return { cards: [part(first, firstText, firstStart), part(second, secondText, second.start)], how: 'clauses' }
	}
	const metric = card.metric.trim()
	const join = METRIC_JOIN.exec(metric)
	if (join && join.index > 0 && join.index + join[0].length < metric.length) {
		const left = metric.slice(0, join.index).replace(JOINERS, '')
		const right = metric
			.slice(join.index + join[0].length)
			.replace(/(?:各|共|分别|均)$/, '')
			.replace(JOINERS, '')
		const verb = LEADING_VERB.exec(left)?.[0] ?? ''
		const second = LEADING_VERB.test(right) ? right : `${verb}${right}`
		if (left && right)
			return {
				cards: [
					{ ...card, metric: left },
					{ ...card, metric: second },
				],
				how: 'metric',
			}
	}
	return { cards: [{ ...card }, { ...card }], how: 'copy' }
}
