import { Link } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { type FunnelOutcome, type FunnelStage, type RecordCounts } from '~/domain/funnel/funnel'
import { type FunnelFilter, funnelFilterParams } from '~/domain/funnel/query'

/** What every number of one funnel shares: its chain, period and, when it is one, its link, unit or owner. */
export type FunnelScope = Omit<FunnelFilter, 'funnelStage' | 'funnelOutcome'>

/** The lead or project list limited to the records behind one funnel number. */
export function drillHref(list: 'leads' | 'projects', scope: FunnelScope, stage: FunnelStage, outcome: FunnelOutcome) {
	return `/${list}?${funnelFilterParams({ ...scope, funnelStage: stage, funnelOutcome: outcome })}`
}

/**
 * A funnel number that opens its records: the lead list, the project list, or both when the
 * number holds leads still in talks and projects (洽谈); nothing to open for a zero.
 */
export function FunnelCount({
	scope,
	stage,
	outcome = 'reached',
	count,
	as,
	compact = false,
}: {
	scope: FunnelScope
	stage: FunnelStage
	outcome?: FunnelOutcome
	count: number
	as: RecordCounts
	/** In a table cell: the two parts under the number, short. */
	compact?: boolean
}) {
	const { t } = useTranslation()
	const testId = `funnel-${outcome}-${stage}`
	if (count === 0) {
		return (
			<span className="muted" data-testid={testId}>
				0
			</span>
		)
	}
	if (as.projects === 0 || as.leads === 0) {
		const list = as.projects === 0 ? 'leads' : 'projects'
		return (
			<Link
				to={drillHref(list, scope, stage, outcome)}
				data-testid={testId}
				title={t(list === 'leads' ? 'funnel.splitLeads' : 'funnel.splitProjects', { count })}
			>
				{count}
			</Link>
		)
	}
	const parts = (
		<>
			<Link to={drillHref('leads', scope, stage, outcome)} data-testid={`${testId}-leads`} title={t('funnel.splitLeads', { count: as.leads })}>
				{t(compact ? 'funnel.splitLeadsShort' : 'funnel.splitLeads', { count: as.leads })}
			</Link>
			{' · '}
			<Link to={drillHref('projects', scope, stage, outcome)} data-testid={`${testId}-projects`} title={t('funnel.splitProjects', { count: as.projects })}>
				{t(compact ? 'funnel.splitProjectsShort' : 'funnel.splitProjects', { count: as.projects })}
			</Link>
		</>
	)
	return compact ? (
		<span className="funnel-split" data-testid={testId}>
			<strong>{count}</strong>
			<span className="funnel-note">{parts}</span>
		</span>
	) : (
		<span className="funnel-split" data-testid={testId}>
			<strong>{count}</strong> <span className="muted">({parts})</span>
		</span>
	)
}
