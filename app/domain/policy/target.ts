import { z } from 'zod'
import { projectTypeSchema } from '~/domain/project/stages'

/**
 * How the clause compares: 以上/不少于 → ">=", 超过/突破 → ">", 达到 → "=", 5-10家 → "range",
 * 左右/约 → "approx", and 不超过/以内/控制在…以下 → "<=" (ceilings such as 能耗, 事故率).
 */
export const TARGET_OPS = ['>=', '>', '=', 'range', 'approx', '<='] as const
/** 每年/年均 → annual; 到2026年/力争到… (or no period word) → by_year. */
export const TARGET_PERIODS = ['annual', 'by_year'] as const

/** One place a target is stated (主要目标, then the task table…): its clause and where it is. */
export const targetSourceSchema = z.object({
	excerpt: z.string().trim().min(1).max(2000),
	start: z.number().int(),
	end: z.number().int(),
	section: z.string().max(100).nullable(),
})
export type TargetSource = z.infer<typeof targetSourceSchema>

/** One year of a staged target (到2025年40%；到2026年45%): the value due by that year. */
export const targetStageSchema = z.object({
	year: z.number().int().min(1949).max(2100),
	value: z.number().finite(),
	valueMax: z.number().finite().nullable(),
})
export type TargetStage = z.infer<typeof targetStageSchema>

/**
 * Why a field of an extracted target may be wrong, as the extractor saw it
 * (read from where, guessed how); confidence.ts weighs them with the field values.
 */
export const EXTRACTION_NOTES = [
	/** The year came from the plan's title or span, not from the target's own sentence. */
	'yearFromPlan',
	/** The metric is the subject of the clause or target before it (…，年均增长15%). */
	'metricInherited',
	/** A long metric (30 characters or more): often two things run together. */
	'metricLong',
	/** The units come from a table row or a line of unit names, not a 责任单位 note. */
	'unitsFromTable',
	/** The units come from a "以下…不再列出" note. */
	'unitsFromStanding',
	/** A Chinese numeral (三十家). */
	'chineseNumeral',
	/** 各乡镇 rather than 每个乡镇: per member most likely, worth a look. */
	'membersLoose',
] as const
export type ExtractionNote = (typeof EXTRACTION_NOTES)[number]

/**
 * One quantitative target read from policy text. The same shape is the review
 * form's payload, so a corrected target is validated by this schema on the
 * client and again on the server.
 */
export const extractedTargetSchema = z.object({
	/** The clause the target was read from, verbatim (a substring of the text). */
	excerpt: z.string().trim().min(1),
	/** Offsets of `excerpt` in the source text, for highlighting; -1 when unknown (e.g. after a manual correction). */
	start: z.number().int(),
	end: z.number().int(),
	/** What is counted or summed, e.g. 引进稀土新材料及应用项目, 集群规模以上企业, 稀土金属及合金产量. */
	metric: z.string().trim().min(1).max(200),
	op: z.enum(TARGET_OPS),
	value: z.number().finite(),
	/** Upper bound for "range", otherwise null. */
	valueMax: z.number().finite().nullable(),
	/** The unit as written: 个, 家, 项, 亿元, 万元, 吨, 万吨, %, 场, 次… */
	unit: z.string().trim().min(1).max(20),
	/** Money in CNY, mass in t, percent as %, counts in their own unit. */
	normalized: z.object({ value: z.number().finite(), unit: z.string().min(1) }),
	period: z.enum(TARGET_PERIODS),
	startYear: z.number().int().min(1949).max(2100).nullable(),
	endYear: z.number().int().min(1949).max(2100).nullable(),
	filters: z.object({
		/** 单个项目投资不低于5亿元 → 500000000 */
		minInvestmentCNY: z.number().nonnegative().optional(),
		/** Category words, e.g. 稀土新材料及应用, 集群引领性 */
		categories: z.array(z.string().min(1)).optional(),
		projectTypes: z.array(projectTypeSchema).optional(),
	}),
	/** Units from the 〔责任单位：…〕 that follows the clause, lead unit first. */
	responsibleUnits: z.array(z.string().trim().min(1)),
	/** e.g. （六）16, or 一（二） for a heading without a numbered item; null when none. */
	section: z.string().nullable(),
	/**
	 * Every place the target is stated, the first one included, when it is stated
	 * more than once (主要目标 and the task table): one target, cited everywhere.
	 */
	sources: z.array(targetSourceSchema).max(20).default([]),
	/** A staged target's value per year, years ascending; empty for one value. */
	stages: z.array(targetStageSchema).max(30).default([]),
	/** 每个园区/各乡镇…: the value is due from each member (the regions under the quota's), not in total; the member word. */
	members: z.string().trim().max(20).nullable().default(null),
	notes: z.array(z.enum(EXTRACTION_NOTES)).default([]),
})

export type ExtractedTarget = z.infer<typeof extractedTargetSchema>
export type TargetOp = (typeof TARGET_OPS)[number]
export type TargetPeriod = (typeof TARGET_PERIODS)[number]
