/**
 * One target, once (issue #15 §3, ADR 0042). The extractor reads a target per
 * clause; a plan states some targets more than once or in parts:
 *   - per member: "每个园区每年引进3个以上亿元项目" is due from every park, not in total;
 *   - staged: "到2025年…占比达到40%；到2026年达到45%；到2027年达到50%" is one
 *     target with a value per year;
 *   - restated: the 主要目标 and the task table state the same target (same
 *     metric, value and period): one target citing every place.
 * Pure; the review form and the save use the same rules (a reviewer's two
 * identical cards save one quota).
 */
import { type ExtractedTarget, type ExtractionNote, type TargetSource } from './target'

/** 每个园区, 各乡镇, 每个县（市、区）…: the members a per-member target is due from. */
const MEMBERS =
	/(每一?个|各个?)(工业园区|产业园区|园区|开发区|乡镇（街道）|乡镇\(街道\)|乡镇|街道|县（市、区）|县\(市、区\)|县（市）|县市区|县区|村|社区|县|区)/

export function consolidateTargets(targets: ExtractedTarget[]): ExtractedTarget[] {
	return mergeRestatements(gatherStages(targets.map(markMembers)))
}

/** A target stated for each member: marked with the member word, which leaves the metric. */
export function markMembers(target: ExtractedTarget): ExtractedTarget {
	if (target.members !== null) return target
	const found = MEMBERS.exec(target.excerpt)
	if (!found) return target
	const metric = target.metric.replace(found[0], '').trim() || target.metric
	const notes: ExtractionNote[] = found[1]!.startsWith('各') ? [...target.notes, 'membersLoose'] : target.notes
	return { ...target, members: found[2]!.replace(/\(/g, '（').replace(/\)/g, '）'), metric, notes }
}

/**
 * Targets of one metric and unit in one section, each due by a later year with its
 * own value, as one target with a value per year; the last stage's value and
 * year stand for the whole (what is due at the end). The stages need not be
 * consecutive: "到2025年，A突破75家，B超过690家…到2027年，A、B分别超过90家和870家".
 */
export function gatherStages(targets: ExtractedTarget[]): ExtractedTarget[] {
	const result: ExtractedTarget[] = []
	for (const target of targets) {
		const at = result.findLastIndex((kept) => kept.section === target.section && sameMetric(kept.metric, target.metric))
		const previous = result[at]
		if (previous && isNextStage(previous, target)) {
			result[at] = {
				...previous,
				stages: [...stagesOf(previous), { year: target.endYear!, value: target.value, valueMax: target.valueMax }],
				value: target.value,
				valueMax: target.valueMax,
				normalized: target.normalized,
				op: previous.op === target.op ? previous.op : target.op,
				endYear: target.endYear,
				sources: [...sourcesOf(previous), ...sourcesOf(target)],
				responsibleUnits: previous.responsibleUnits.length > 0 ? previous.responsibleUnits : target.responsibleUnits,
			}
		} else result.push(target)
	}
	return result
}

function isNextStage(previous: ExtractedTarget, next: ExtractedTarget) {
	const lastYear = previous.stages.at(-1)?.year ?? previous.endYear
	return (
		previous.period === 'by_year' &&
		next.period === 'by_year' &&
		next.stages.length === 0 &&
		lastYear !== null &&
		next.endYear !== null &&
		next.endYear > lastYear &&
		// The same value again is a restatement (or a plateau), not a step.
		next.value !== (previous.stages.at(-1)?.value ?? previous.value) &&
		previous.unit === next.unit &&
		previous.members === next.members &&
		previous.section === next.section &&
		sameMetric(previous.metric, next.metric)
	)
}

function stagesOf(target: ExtractedTarget) {
	return target.stages.length > 0 ? target.stages : [{ year: target.endYear!, value: target.value, valueMax: target.valueMax }]
}

export function sourcesOf(target: ExtractedTarget): TargetSource[] {
	return target.sources.length > 0 ? target.sources : [{ excerpt: target.excerpt, start: target.start, end: target.end, section: target.section }]
}

/**
 * Targets that state the same thing (same metric, value, unit, period, years,
 * stages, members and investment threshold) as the first of them, citing every
 * place; its 责任单位 are those of every place, the first place's first.
 */
export function mergeRestatements(targets: ExtractedTarget[]): ExtractedTarget[] {
	const result: ExtractedTarget[] = []
	for (const target of targets) {
		const i = result.findIndex((kept) => isRestatement(kept, target))
		if (i === -1) {
			result.push(target)
			continue
		}
		const kept = result[i]!
		const sources = [...sourcesOf(kept), ...sourcesOf(target)].filter(
			(source, k, all) => all.findIndex((s) => s.start === source.start && s.excerpt === source.excerpt) === k,
		)
		const units = [...new Set([...kept.responsibleUnits, ...target.responsibleUnits])]
		// A doubt stays when every place has it; the units' own doubt follows the place that named them.
		const unitNote = (t: ExtractedTarget) => t.notes.filter((n) => n === 'unitsFromTable' || n === 'unitsFromStanding')
		const shared = kept.notes.filter((n) => target.notes.includes(n) && n !== 'unitsFromTable' && n !== 'unitsFromStanding')
		const notes = [...new Set([...shared, ...(kept.responsibleUnits.length > 0 ? unitNote(kept) : unitNote(target))])]
		result[i] = {
			...kept,
			// 30家以上 over 30家: the stated comparison is the stricter reading.
			op: kept.op === '=' ? target.op : kept.op,
			metric: kept.metric.length >= target.metric.length ? kept.metric : target.metric,
			responsibleUnits: units,
			sources,
			notes,
		}
	}
	return result
}

function isRestatement(a: ExtractedTarget, b: ExtractedTarget) {
	return (
		a.value === b.value &&
		a.valueMax === b.valueMax &&
		a.unit === b.unit &&
		a.period === b.period &&
		a.endYear === b.endYear &&
		a.members === b.members &&
		(a.filters.minInvestmentCNY ?? null) === (b.filters.minInvestmentCNY ?? null) &&
		JSON.stringify(a.stages) === JSON.stringify(b.stages) &&
		sameMetric(a.metric, b.metric)
	)
}

/** Scope words (全县, 全区…) and period words say nothing about what is counted. */
const METRIC_NOISE = /^(?:全省|全市|全区|全县|全州|全镇|本县|本区|本市)|每年|年均|全年|累计|新增(?=.*新增)/g

function metricKey(metric: string) {
	return metric.replace(/\s+/g, '').replace(METRIC_NOISE, '')
}

function bigrams(text: string) {
	const grams = new Set<string>()
	for (let i = 0; i + 1 < text.length; i++) grams.add(text.slice(i, i + 2))
	return grams
}

/**
 * The same metric in other words: equal without scope and period words, one
 * inside the other and most of it (新增规模以上工业企业 / 全县新增规模以上工业企业),
 * or most character pairs shared. 引进项目 and 引进亿元以上项目 differ.
 */
export function sameMetric(a: string, b: string) {
	const x = metricKey(a)
	const y = metricKey(b)
	if (x === y) return true
	const [short, long] = x.length <= y.length ? [x, y] : [y, x]
	if (short.length >= 4 && long.includes(short) && short.length / long.length >= 0.7) return true
	const gx = bigrams(x)
	const gy = bigrams(y)
	if (gx.size === 0 || gy.size === 0) return false
	const common = [...gx].filter((g) => gy.has(g)).length
	return (2 * common) / (gx.size + gy.size) >= 0.85
}
