import { FUNNEL_STAGES } from '~/domain/funnel/funnel'
import { investmentIntensity } from '~/domain/project/commitments'
import { type ProjectStage, PROJECT_STAGES } from '~/domain/project/stages'
import { displayUnit } from '~/domain/quota/display-unit'
import { quotaFigureFormat } from '~/domain/quota/english-unit'
import { formatTarget } from '~/domain/quota/format-target'
import { itemDetailText, quotaMessageText } from '~/domain/quota/quota-message'
import { type RegionRanking } from '~/domain/quota/region-ranking'
import { type UnitScore } from '~/domain/quota/unit-ranking'
import { type Locale } from '~/i18n/i18n'
import { formatCNY } from '~/utils/format'
import { type AnnualReport, type BrokenCommitmentRow, type MonthlyReport, type Report, type ReportFunnel } from './build-report'
import { type IssuedReportRef, type ReportCorrection, TAG_HELD } from './closed-periods'
import { periodSlug, type ReportPeriod } from './period'
import { type StageChange, type UnitStageRow } from './project-activity'
import { type QuotaRow } from './quota-rows'

/**
 * A report laid out as titled tables in the reader's language: the print page
 * and the XLSX writer both render this, so the two never disagree.
 */

type Translate = (key: string, options?: Record<string, unknown>) => string

/** text as is; number up to 2 decimals; yi: an amount already in 亿元, 2 decimals; percent: a fraction, 1 decimal; date: YYYY-MM-DD. */
export type CellFormat = 'text' | 'number' | 'yi' | 'percent' | 'date'
export type SheetCell = string | number | null
export type SheetColumn = { key: string; header: string; format: CellFormat; /** Characters, for the XLSX column width. */ width: number }
/** group: a quota line followed by its unit lines; total: 合计. */
export type SheetRow = { cells: SheetCell[]; style?: 'group' | 'total' }
export type ReportSheet = { key: string; name: string; columns: SheetColumn[]; rows: SheetRow[]; /** Lines printed under the table. */ notes: string[] }
export type ReportDocument = {
	title: string
	/** Whose report it is, in the reader's language; null: the whole installation. */
	regionName?: string | null
	period: ReportPeriod
	generatedAt: string
	/** e.g. 月调度表-2025-06.xlsx */
	filename: string
	sheets: ReportSheet[]
}

const YI = 100_000_000

type NamedPeriod = Pick<ReportPeriod, 'kind' | 'year' | 'month' | 'quarter'>

function periodLabel(period: NamedPeriod, t: Translate, locale: Locale) {
	const monthName =
		period.month === null
			? ''
			: new Intl.DateTimeFormat(locale, { month: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(period.year, period.month - 1, 1)))
	return t(`reports.periods.${period.kind}`, { year: period.year, month: period.month, quarter: period.quarter, monthName })
}

/** e.g. 2025年6月 招商引资月调度表. */
export function reportTitle(period: NamedPeriod, t: Translate, locale: Locale) {
	return t(`reports.titles.${period.kind}`, { period: periodLabel(period, t, locale) })
}

/** An issued report named for readers: its title and the day it was issued. */
export function issuedReportLabel(report: IssuedReportRef, t: Translate, locale: Locale) {
	const title = reportTitle(report, t, locale)
	if (!report.region) return t('closedPeriods.issuedLabel', { title, date: report.issuedOn })
	return t('closedPeriods.issuedLabelOfRegion', { title, date: report.issuedOn, region: locale === 'en' ? report.region.nameEn : report.region.name })
}

export function layoutReport(report: Report, t: Translate, locale: Locale): ReportDocument {
	const title = reportTitle(report.period, t, locale)
	const filename = `${t(`reports.files.${report.kind}`)}-${periodSlug(report.period)}.xlsx`
	const ctx = { t, locale }
	const sheets =
		report.kind === 'monthly'
			? [dispatchSheet(ctx, report), changesSheet(ctx, 'changes', report.changes), progressSheet(ctx, report.quotas)]
			: report.kind === 'quarterly'
				? [
						rankingSheet(ctx, report.ranking),
						progressSheet(ctx, report.quotas),
						changesSheet(ctx, 'signed', report.signed),
						funnelSheet(ctx, report),
						brokenSheet(ctx, report),
					]
				: [assessmentSheet(ctx, report), rankingSheet(ctx, report.ranking), itemsSheet(ctx, report)]
	// 县区赛马 only when the report's quotas split over regions under it (a 市's report), after the unit tables.
	if (report.regionRankings.length > 0) sheets.push(regionRankingSheet(ctx, report.regionRankings))
	// 更正 only when the period has corrections, before 说明.
	if (report.corrections.length > 0) sheets.push(correctionsSheet(ctx, report.corrections))
	sheets.push(notesSheet(ctx, report))
	return { title, regionName: report.region ? named(ctx, report.region) : null, period: report.period, generatedAt: report.generatedAt, filename, sheets }
}

type Ctx = { t: Translate; locale: Locale }

function named(ctx: Ctx, record: { name: string; nameEn: string } | null) {
	return record ? (ctx.locale === 'en' ? record.nameEn : record.name) : ctx.t('reports.unassigned')
}

function column(ctx: Ctx, key: string, format: CellFormat, width: number, header = ctx.t(`reports.columns.${key}`)): SheetColumn {
	return { key, header, format, width }
}

function sheet(ctx: Ctx, key: string, columns: SheetColumn[], rows: SheetRow[], notes: string[] = []): ReportSheet {
	return { key, name: ctx.t(`reports.sheets.${key}`), columns, rows, notes: rows.length === 0 ? [ctx.t('reports.empty'), ...notes] : notes }
}

function unitList(ctx: Ctx, q: QuotaRow) {
	return q.responsibleUnits.map((u) => named(ctx, u)).join(ctx.locale === 'en' ? '; ' : '、')
}

/** 项目调度: a count and a 亿元 column per stage, one row per unit, then 合计. */
function dispatchSheet(ctx: Ctx, report: MonthlyReport) {
	const { t } = ctx
	const stageName = (stage: ProjectStage) => t(`projects.stages.${stage}`)
	const columns = [
		column(ctx, 'unit', 'text', 22),
		...PROJECT_STAGES.flatMap((stage) => [
			column(ctx, `${stage}Count`, 'number', 10, t('reports.columns.stageCount', { stage: stageName(stage) })),
			column(ctx, `${stage}Investment`, 'yi', 14, t('reports.columns.stageInvestment', { stage: stageName(stage) })),
		]),
	]
	const row = (r: UnitStageRow, label: string, style?: SheetRow['style']): SheetRow => ({
		cells: [label, ...PROJECT_STAGES.flatMap((stage) => [r.stages[stage].count, r.stages[stage].investmentCNY / YI])],
		style,
	})
	const { rows, total } = report.dispatch
	return sheet(
		ctx,
		'dispatch',
		columns,
		[...rows.map((r) => row(r, named(ctx, r.unit))), row(total, t('app.total'), 'total')],
		[t('reports.notes.investmentText')],
	)
}

/** 项目变动 (every stage change) or 本季签约项目 (signings only, so no stage column). */
function changesSheet(ctx: Ctx, key: 'changes' | 'signed', changes: readonly StageChange[]) {
	const { t } = ctx
	const withStage = key === 'changes'
	const columns = [
		column(ctx, 'date', 'date', 12),
		column(ctx, 'project', 'text', 30),
		column(ctx, 'company', 'text', 28),
		column(ctx, 'type', 'text', 8),
		...(withStage ? [column(ctx, 'stage', 'text', 8)] : []),
		column(ctx, 'unit', 'text', 22),
		column(ctx, 'investment', 'yi', 12),
		column(ctx, 'increment', 'yi', 12),
		column(ctx, 'sample', 'text', 6),
	]
	const rows = changes.map((c) => ({
		cells: [
			c.date,
			c.title,
			c.companyName,
			t(`projects.types.${c.type}`, { defaultValue: c.type }),
			...(withStage ? [t(`projects.stages.${c.stage}`)] : []),
			named(ctx, c.unit),
			c.investmentCNY / YI,
			c.incrementCNY === null ? null : c.incrementCNY / YI,
			c.isSample ? t('app.yes') : null,
		],
	}))
	return sheet(ctx, key, columns, rows, [t('reports.notes.changesText')])
}

/** The columns 目标进度 and 年考核 share: clause, units, target and how far the quota is. */
function quotaFigureColumns(ctx: Ctx) {
	return [
		column(ctx, 'section', 'text', 10),
		column(ctx, 'metric', 'text', 30),
		column(ctx, 'responsibleUnit', 'text', 28),
		column(ctx, 'target', 'text', 14),
		column(ctx, 'measureUnit', 'text', 8),
		column(ctx, 'actual', 'number', 10),
		column(ctx, 'awaiting', 'number', 10),
		column(ctx, 'completion', 'percent', 10),
	]
}

/**
 * A quota's figures (in the unit the policy wrote) as the reader reads them: in Chinese as they are,
 * in English in English units (firms, projects, CNY bn…, quotaFigureFormat), the numbers converted to match.
 */
function readerFigures({ locale }: Ctx, q: Pick<QuotaRow, 'unit' | 'targetText' | 'figureUnits'>) {
	if (locale !== 'en')
		return {
			unit: q.unit,
			targetText: q.targetText,
			figure: (value: number) => formatTarget({ op: '=', value, valueMax: null, unit: q.unit }),
			value: (value: number) => value,
		}
	const format = quotaFigureFormat(q.figureUnits, locale)
	const factor = displayUnit(q.figureUnits).scale / format.scale
	const value = (shown: number) => Number((shown * factor).toPrecision(12))
	return { unit: format.unitName, targetText: format.target, figure: (shown: number) => format.scaled(value(shown)), value }
}

function quotaFigureCells(ctx: Ctx, q: QuotaRow) {
	const figures = readerFigures(ctx, q)
	return [q.section, q.metric, unitList(ctx, q), figures.targetText, figures.unit, figures.value(q.actual), figures.value(q.awaiting), q.completion]
}

/** 目标进度: a line per quota, then a line per responsible unit for quotas whose items are credited to units. */
function progressSheet(ctx: Ctx, quotas: readonly QuotaRow[]) {
	const { t } = ctx
	const columns = [...quotaFigureColumns(ctx), column(ctx, 'pace', 'number', 10), column(ctx, 'status', 'text', 10)]
	const rows = quotas.flatMap((q): SheetRow[] => {
		const figures = readerFigures(ctx, q)
		return [
			{
				cells: [...quotaFigureCells(ctx, q), figures.value(q.pace), t(`reports.status.${q.status}`)],
				style: q.units.length > 0 ? 'group' : undefined,
			},
			...q.units.map((u) => ({
				cells: [
					q.section,
					q.metric,
					named(ctx, { name: u.unitName, nameEn: u.unitNameEn }),
					figures.figure(u.target),
					figures.unit,
					figures.value(u.actual),
					null,
					u.completion,
					null,
					null,
				],
			})),
		]
	})
	return sheet(ctx, 'progress', columns, rows, [t('reports.notes.progressText')])
}

/** 链上转化 (ADR 0032): per chain its total, then a line per responsible unit, each stage's count and the losses. */
function funnelSheet(ctx: Ctx, report: { funnels: readonly ReportFunnel[]; period: ReportPeriod }) {
	const { t } = ctx
	const columns = [
		column(ctx, 'chain', 'text', 26),
		column(ctx, 'unit', 'text', 22),
		column(ctx, 'pursuits', 'number', 10),
		...FUNNEL_STAGES.map((stage) => column(ctx, `funnel_${stage}`, 'number', 8, t(`funnel.stages.${stage}`))),
		column(ctx, 'funnelLost', 'number', 10),
	]
	const cells = (figures: ReportFunnel['total']) => [
		figures.pursuits,
		...figures.stages.map((s) => s.reached),
		figures.stages.reduce((sum, s) => sum + s.lost, 0),
	]
	const rows = report.funnels
		.filter((f) => f.total.pursuits > 0)
		.flatMap((f): SheetRow[] => [
			{ cells: [named(ctx, f.chain), t('funnel.wholeChain'), ...cells(f.total)], style: 'group' },
			...f.units.map((u) => ({ cells: [named(ctx, f.chain), u.unit ? named(ctx, u.unit) : t('funnel.noUnit'), ...cells(u.figures)] })),
		])
	return sheet(ctx, 'funnel', columns, rows, [t('reports.notes.funnelText', { asOf: report.period.asOf })])
}

/** 履约预警 (ADR 0039): each deadline passed at the asOf, most overdue first. */
function brokenSheet(ctx: Ctx, report: { broken: readonly BrokenCommitmentRow[]; period: ReportPeriod }) {
	const { t } = ctx
	const columns = [
		column(ctx, 'project', 'text', 30),
		column(ctx, 'company', 'text', 28),
		column(ctx, 'unit', 'text', 22),
		column(ctx, 'signedDate', 'date', 12),
		column(ctx, 'brokenKind', 'text', 16),
		column(ctx, 'deadline', 'date', 12),
		column(ctx, 'daysOverdue', 'number', 10),
		column(ctx, 'investment', 'yi', 12),
		column(ctx, 'intensity', 'number', 14),
		column(ctx, 'sample', 'text', 6),
	]
	const rows = report.broken.map((b) => ({
		cells: [
			b.title,
			b.companyName,
			named(ctx, b.unit),
			b.signedDate,
			t(`commitments.warnings.${b.kind}`),
			b.deadline,
			b.daysOverdue,
			b.investmentCNY / YI,
			investmentIntensity(b.investmentCNY, b.landMu),
			b.isSample ? t('app.sample') : '',
		],
	}))
	return sheet(ctx, 'broken', columns, rows, [t('reports.notes.brokenText', { asOf: report.period.asOf })])
}

/** 单位排名 (赛马比拼). */
function rankingSheet(ctx: Ctx, ranking: readonly UnitScore[]) {
	const { t } = ctx
	const columns = [
		column(ctx, 'rank', 'number', 6),
		column(ctx, 'unit', 'text', 22),
		column(ctx, 'score', 'number', 8),
		column(ctx, 'achieved', 'number', 10),
		column(ctx, 'items', 'number', 10),
		column(ctx, 'perQuota', 'text', 60),
	]
	const rows = ranking.map((u) => ({
		cells: [
			u.rank,
			named(ctx, { name: u.unitName, nameEn: u.unitNameEn }),
			u.score,
			u.achieved,
			u.items,
			u.perQuota
				.map((q) => t('reports.perQuota', { metric: q.metric, actual: plain(q.actual), target: plain(q.target), score: q.score }))
				.join(ctx.locale === 'en' ? '; ' : '；'),
		],
	}))
	return sheet(ctx, 'ranking', columns, rows, [t('reports.notes.scoringText')])
}

/**
 * 县区赛马: for each region whose quotas split over the regions under it, each
 * of those regions ranked by its mean part of the targets; a line per region
 * with its part of each quota.
 */
function regionRankingSheet(ctx: Ctx, rankings: readonly RegionRanking[]) {
	const { t } = ctx
	const columns = [
		column(ctx, 'parentRegion', 'text', 14),
		column(ctx, 'rank', 'number', 6),
		column(ctx, 'region', 'text', 16),
		column(ctx, 'share', 'number', 10),
		column(ctx, 'items', 'number', 10),
		column(ctx, 'perQuota', 'text', 60),
	]
	const rows = rankings.flatMap((ranking) =>
		ranking.rows.map((r) => ({
			cells: [
				named(ctx, ranking.parent),
				r.rank,
				named(ctx, r),
				r.score,
				r.items,
				r.perQuota
					.map((q) => t('reports.perQuotaShare', { metric: q.metric, actual: plain(q.actual), target: plain(q.target), share: q.share }))
					.join(ctx.locale === 'en' ? '; ' : '；'),
			],
		})),
	)
	return sheet(ctx, 'regionRanking', columns, rows, [t('reports.notes.regionScoringText')])
}

/** 年考核: final figures per quota and whether each was achieved. */
function assessmentSheet(ctx: Ctx, report: AnnualReport) {
	const { t } = ctx
	const columns = [...quotaFigureColumns(ctx), column(ctx, 'achievedFlag', 'text', 8), column(ctx, 'status', 'text', 10)]
	const rows = report.quotas.map((q) => ({
		cells: [...quotaFigureCells(ctx, q), q.achieved ? t('app.yes') : t('app.no'), t(`reports.status.${q.status}`)],
	}))
	return sheet(ctx, 'assessment', columns, rows)
}

/** 计入明细: what each quota's actual is made of. */
function itemsSheet(ctx: Ctx, report: AnnualReport) {
	const { t } = ctx
	const columns = [
		column(ctx, 'section', 'text', 10),
		column(ctx, 'metric', 'text', 26),
		column(ctx, 'itemType', 'text', 8),
		column(ctx, 'item', 'text', 30),
		column(ctx, 'company', 'text', 26),
		column(ctx, 'countedOn', 'date', 12),
		column(ctx, 'amount', 'number', 10),
		column(ctx, 'measureUnit', 'text', 8),
		column(ctx, 'unit', 'text', 22),
		column(ctx, 'detail', 'text', 30),
		column(ctx, 'sample', 'text', 6),
	]
	const rows = report.items.map((i) => {
		const figures = readerFigures(ctx, { unit: i.unit, targetText: '', figureUnits: i.figureUnits })
		return {
			cells: [
				i.section,
				i.metric,
				t(`reports.itemTypes.${i.type}`),
				i.label,
				i.companyName,
				i.date,
				figures.value(i.amount),
				figures.unit,
				i.unitName === null ? null : named(ctx, { name: i.unitName, nameEn: i.unitNameEn ?? i.unitName }),
				itemDetailText(i.detail, t, ctx.locale),
				i.isSample ? t('app.yes') : null,
			],
		}
	})
	return sheet(ctx, 'items', columns, rows)
}

/** A counted fact's value as readers know it: names for codes and ids, 亿元/万元 for amounts. */
function factValue(ctx: Ctx, field: string, value: string | null, names: ReportCorrection['names']) {
	const { t, locale } = ctx
	if (value === null || value === '') return t('closedPeriods.none')
	switch (field) {
		case 'stage':
			return t(`projects.stages.${value}`, { defaultValue: value })
		case 'type':
			return t(`projects.types.${value}`, { defaultValue: value })
		case 'investmentCNY':
		case 'incrementCNY':
		case 'revenueCNY':
			return formatCNY(Number(value), locale)
		case 'isClusterLeading':
			return value === 'true' ? t('app.yes') : t('app.no')
		case 'verification.signed':
		case 'verification.started':
		case 'verification.producing':
			return t(`evidence.states.${value}`, { defaultValue: value })
		case 'responsibleUnitId':
		case 'linkIds':
			return value
				.split(',')
				.map((id) => named(ctx, names[id] ?? { name: id, nameEn: id }))
				.join(locale === 'en' ? '; ' : '、')
		default:
			if (field.startsWith('tags.')) return value === TAG_HELD ? t('closedPeriods.tagHeld') : t('closedPeriods.tagGranted', { year: value })
			return value
	}
}

/** A counted fact's name; a company's tag by the tag's name. */
function factLabel({ t }: Ctx, field: string) {
	return field.startsWith('tags.') ? t('closedPeriods.fields.tag', { tag: t(`tags.${field.slice('tags.'.length)}`) }) : t(`closedPeriods.fields.${field}`)
}

/** 更正: each change made to issued figures during the period, against the reports it changed. */
function correctionsSheet(ctx: Ctx, corrections: readonly ReportCorrection[]) {
	const { t, locale } = ctx
	const columns = [
		column(ctx, 'correctedAt', 'text', 16),
		column(ctx, 'subject', 'text', 28),
		column(ctx, 'correction', 'text', 48),
		column(ctx, 'reason', 'text', 30),
		column(ctx, 'correctedBy', 'text', 10),
		column(ctx, 'issuedReports', 'text', 40),
	]
	const separator = locale === 'en' ? '; ' : '；'
	const rows = corrections.map((c) => ({
		cells: [
			c.at,
			c.subject,
			c.changes
				.map((change) =>
					t('closedPeriods.change', {
						field: factLabel(ctx, change.field),
						before: factValue(ctx, change.field, change.before, c.names),
						after: factValue(ctx, change.field, change.after, c.names),
					}),
				)
				.join(separator),
			c.reason,
			c.userName,
			c.reports.map((r) => issuedReportLabel(r, t, locale)).join(separator),
		],
	}))
	return sheet(ctx, 'corrections', columns, rows, [t('reports.notes.correctionsText')])
}

/** 说明: period, asOf, when generated, the counting rule, and the sample-data notice. */
function notesSheet(ctx: Ctx, report: Report) {
	const { t } = ctx
	const { period } = report
	const columns = [column(ctx, 'noteLabel', 'text', 16), column(ctx, 'noteText', 'text', 90)]
	const line = (key: string, text: string): SheetRow => ({ cells: [t(`reports.notes.${key}`), text] })
	const rows = [
		line('period', t('reports.notes.periodText', { period: periodLabel(period, t, ctx.locale), start: period.start, end: period.end })),
		line('region', report.region ? named(ctx, report.region) : t('reports.notes.wholeInstallation')),
		line('asOf', period.asOf),
		line('generatedAt', report.generatedAt),
		line('countingRule', t('reports.notes.countingRuleText')),
		line(report.kind === 'monthly' ? 'investment' : 'scoring', t(report.kind === 'monthly' ? 'reports.notes.investmentText' : 'reports.notes.scoringText')),
		...(report.hasSample ? [line('sample', t('reports.notes.sampleText'))] : []),
		...report.problems.map((p) =>
			line(
				'problem',
				t('reports.notes.problemText', { quota: [p.section, p.metric].filter(Boolean).join(' '), problem: quotaMessageText(p.problem, t, ctx.locale) }),
			),
		),
	]
	return sheet(ctx, 'notes', columns, rows)
}

/** A cell as the print page shows it; the XLSX file gets the number and a number format instead. */
export function formatSheetCell(value: SheetCell, format: CellFormat, locale: Locale) {
	if (value === null) return ''
	if (typeof value === 'string') return value
	switch (format) {
		case 'yi':
			return new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(value)
		case 'percent':
			return new Intl.NumberFormat(locale, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(value)
		default:
			return new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(value)
	}
}

/** A figure without float noise: 0.30000000000000004 → "0.3". */
function plain(value: number) {
	return String(Number(value.toPrecision(12)))
}
