// A scenario's changes and results in the reader's language: shared by the page, the XLSX
// comparison and the CLI, so they say the same thing.
import { formatPercent, formatQuantity } from '~/domain/chain/describe-flag'
import { type Locale } from '~/i18n/i18n'
import { type ChangeProblem, NEW_CAPACITY_ID, plannedProducerOf } from './scenario'
import { type ScenarioChange } from './scenario-schema'

type Translate = (key: string, options?: Record<string, unknown>) => string
export type ScenarioNames = {
	link: (id: string) => string
	unit: (linkId: string) => string
	company: (id: string) => string
	edge: (id: string) => { from: string; to: string; unit: string | null; factor: number | null } | null
	/** A lead or project a planned change names, with its planned capacity (ADR 0040); null when unknown. */
	planned: (record: 'lead' | 'project', id: string) => { name: string; linkId: string | null; output: number | null; fromYear: number | null } | null
}

export function describeChange(change: ScenarioChange, t: Translate, names: ScenarioNames, locale: Locale): string {
	switch (change.kind) {
		case 'company': {
			const where = change.linkId === null ? t('scenarios.change.everyLink') : names.link(change.linkId)
			return change.cutPercent >= 100
				? t('scenarios.change.companyStops', { company: names.company(change.companyId), link: where })
				: t('scenarios.change.companyCuts', { company: names.company(change.companyId), link: where, share: formatPercent(change.cutPercent / 100, locale) })
		}
		case 'capacity':
			return t(change.delta > 0 ? 'scenarios.change.capacityUp' : 'scenarios.change.capacityDown', {
				link: names.link(change.linkId),
				amount: formatQuantity(Math.abs(change.delta), names.unit(change.linkId), locale),
			})
		case 'factor': {
			const edge = names.edge(change.edgeId)
			const format = new Intl.NumberFormat(locale, { maximumSignificantDigits: 4 })
			return t('scenarios.change.factor', {
				from: edge?.from ?? '?',
				to: edge?.to ?? '?',
				before: edge?.factor === null || edge === null ? t('chains.factorUnknown') : format.format(edge.factor),
				after: format.format(change.value),
				unit: edge?.unit ?? '',
			}).trim()
		}
		case 'external':
			return t('scenarios.change.external', { link: names.link(change.linkId), share: formatPercent(change.cutPercent / 100, locale) })
		case 'planned': {
			const planned = names.planned(change.record, change.recordId)
			const record = t(`scenarios.change.plannedRecord.${change.record}`, { name: planned?.name ?? change.recordId })
			const year = change.fromYear ?? planned?.fromYear
			const from = year === null || year === undefined ? t('scenarios.change.plannedFromExpected') : t('scenarios.change.plannedFrom', { year })
			if (!planned || planned.linkId === null || planned.output === null) return t('scenarios.change.plannedUnknown', { record, from })
			return t('scenarios.change.planned', {
				record,
				link: names.link(planned.linkId),
				amount: formatQuantity(planned.output, names.unit(planned.linkId), locale),
				from,
			})
		}
	}
}

export function describeProblem(problem: ChangeProblem, t: Translate) {
	return t(`scenarios.problems.${problem}`)
}

type PlannedNames = Record<string, { name: string; linkId: string | null; output: number | null; fromYear: number | null }>

/** A producer's name: a company, the scenario's new capacity, or a lead's or project's planned capacity (ADR 0040). */
export function producerName(id: string, t: Translate, companyNames: Record<string, string>, planned: PlannedNames) {
	if (id === NEW_CAPACITY_ID) return t('scenarios.newCapacity')
	const of = plannedProducerOf(id)
	if (of)
		return t('scenarios.plannedProducer', {
			record: t(`scenarios.change.plannedRecord.${of.record}`, { name: planned[`${of.record}:${of.id}`]?.name ?? of.id }),
		})
	return companyNames[id] ?? id
}

/** ScenarioNames.planned over a run's `planned` names. */
export function plannedLookup(planned: PlannedNames): ScenarioNames['planned'] {
	return (record, id) => planned[`${record}:${id}`] ?? null
}
