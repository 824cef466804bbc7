// The scenario's comparison as sheets (the XLSX download): every link before and after, the
// changes, the quotas. Text goes into string cells, which spreadsheet apps never evaluate
// (report-xlsx.server.ts), so a name such as "=1+1" stays text, as in every export.
import { describeLinkFlags } from '~/domain/chain/describe-flag'
import { type LinkAnalysis } from '~/domain/chain/gap-analysis'
import { type ReportSheet } from '~/domain/report/layout'
import { type Locale } from '~/i18n/i18n'
import { describeChange, describeProblem, type ScenarioNames } from './describe'
import { type ScenarioQuota, type ScenarioResult } from './scenario'

type Translate = (key: string, options?: Record<string, unknown>) => string

export function comparisonSheets(input: {
	result: ScenarioResult
	quotas: readonly ScenarioQuota[]
	names: ScenarioNames
	t: Translate
	locale: Locale
	notes: string[]
}): ReportSheet[] {
	const { result, t, names, locale } = input
	const afterById = new Map(result.after.links.map((l) => [l.linkId, l]))
	const flagText = (la: LinkAnalysis) =>
		describeLinkFlags(la, t, { link: names.link, company: names.company, unit: names.unit }, locale)
			.map((f) => `${f.label}: ${f.reason}`)
			.join('\n')
	const num = (v: number | null) => (v === null ? null : Math.round(v * 1000) / 1000)
	const links: ReportSheet = {
		key: 'links',
		name: t('scenarios.sheets.links'),
		columns: [
			{ key: 'link', header: t('gaps.link'), format: 'text', width: 22 },
			{ key: 'unit', header: t('scenarios.columns.unit'), format: 'text', width: 8 },
			{ key: 'supplyBefore', header: t('scenarios.columns.supplyBefore'), format: 'number', width: 14 },
			{ key: 'supplyAfter', header: t('scenarios.columns.supplyAfter'), format: 'number', width: 14 },
			{ key: 'outputAfter', header: t('scenarios.columns.outputAfter'), format: 'number', width: 14 },
			{ key: 'inputRatio', header: t('scenarios.columns.inputRatio'), format: 'percent', width: 10 },
			{ key: 'demandBefore', header: t('scenarios.columns.demandBefore'), format: 'number', width: 14 },
			{ key: 'demandAfter', header: t('scenarios.columns.demandAfter'), format: 'number', width: 14 },
			{ key: 'coverageBefore', header: t('scenarios.columns.coverageBefore'), format: 'percent', width: 10 },
			{ key: 'coverageAfter', header: t('scenarios.columns.coverageAfter'), format: 'percent', width: 10 },
			{ key: 'severityBefore', header: t('scenarios.columns.severityBefore'), format: 'text', width: 12 },
			{ key: 'severityAfter', header: t('scenarios.columns.severityAfter'), format: 'text', width: 12 },
			{ key: 'turned', header: t('scenarios.columns.turned'), format: 'text', width: 10 },
			{ key: 'flagsAfter', header: t('scenarios.columns.flagsAfter'), format: 'text', width: 60 },
		],
		rows: result.links.map((l) => ({
			cells: [
				names.link(l.linkId),
				names.unit(l.linkId),
				num(l.before.supply),
				num(l.after.supply),
				num(l.output),
				l.inputRatio,
				num(l.before.demand),
				num(l.after.demand),
				l.before.coverage,
				l.after.coverage,
				t(`gaps.severity.${l.before.severity}`),
				t(`gaps.severity.${l.after.severity}`),
				l.turnedRed ? t('scenarios.turnedRed') : l.turnedGreen ? t('scenarios.turnedGreen') : '',
				flagText(afterById.get(l.linkId)!),
			],
		})),
		notes: input.notes,
	}
	const changes: ReportSheet = {
		key: 'changes',
		name: t('scenarios.sheets.changes'),
		columns: [
			{ key: 'n', header: '#', format: 'number', width: 5 },
			{ key: 'change', header: t('scenarios.columns.change'), format: 'text', width: 60 },
			{ key: 'problem', header: t('scenarios.columns.problem'), format: 'text', width: 40 },
		],
		rows: result.changes.map((c, i) => ({ cells: [i + 1, describeChange(c.change, t, names, locale), c.problem ? describeProblem(c.problem, t) : ''] })),
		notes: [],
	}
	const quotas: ReportSheet = {
		key: 'quotas',
		name: t('scenarios.sheets.quotas'),
		columns: [
			{ key: 'metric', header: t('scenarios.columns.quota'), format: 'text', width: 30 },
			{ key: 'target', header: t('scenarios.columns.target'), format: 'number', width: 12 },
			{ key: 'unit', header: t('scenarios.columns.unit'), format: 'text', width: 8 },
			{ key: 'before', header: t('scenarios.columns.quotaBefore'), format: 'number', width: 14 },
			{ key: 'after', header: t('scenarios.columns.quotaAfter'), format: 'number', width: 14 },
			{ key: 'status', header: t('scenarios.columns.quotaStatus'), format: 'text', width: 20 },
		],
		rows: input.quotas.map((q) => ({
			cells: [`${q.section ? `${q.section} ` : ''}${q.metric}`, q.target, q.normalizedUnit, num(q.before), num(q.after), t(quotaStatusKey(q))],
		})),
		notes: input.quotas.length === 0 ? [t('scenarios.quotasNone')] : [],
	}
	return [links, changes, quotas]
}

export function quotaStatusKey(q: Pick<ScenarioQuota, 'metBefore' | 'metAfter' | 'hit' | 'delta'>) {
	if (q.metBefore && !q.metAfter) return 'scenarios.quotaStatus.missed'
	if (q.hit) return 'scenarios.quotaStatus.further'
	if (!q.metBefore && q.metAfter) return 'scenarios.quotaStatus.reached'
	return q.delta === 0 ? 'scenarios.quotaStatus.unchanged' : 'scenarios.quotaStatus.moved'
}
