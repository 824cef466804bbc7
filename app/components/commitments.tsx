import { Link } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { type CommitmentWarning, investmentIntensity } from '~/domain/project/commitments'
import { useLocale } from '~/i18n/use-localized'
import { formatCNY, formatDate, formatNumber } from '~/utils/format'
import { SampleBadge } from './sample-badge'

/** One warning as a short badge: 签约未开工 in red when passed, 开工期限临近 in amber when coming up. */
export function CommitmentBadge({ warning }: { warning: Pick<CommitmentWarning, 'kind' | 'overdue' | 'date' | 'days' | 'deadline'> }) {
	const { t } = useTranslation()
	return (
		<span
			className={`badge ${warning.overdue ? 'badge-overdue' : 'badge-stalled'}`}
			title={commitmentDetail(t, warning)}
			data-testid="commitment-badge"
			data-kind={warning.kind}
		>
			{t(`commitments.warnings.${warning.kind}`)}
		</span>
	)
}

type Translate = ReturnType<typeof useTranslation>['t']

/** "开工期限 2026-09-30 已过，逾期 12 天". */
export function commitmentDetail(t: Translate, warning: Pick<CommitmentWarning, 'overdue' | 'date' | 'days' | 'deadline'>) {
	const deadline = t(`commitments.deadlines.${warning.deadline}`)
	if (warning.overdue) return t('commitments.detail.overdue', { deadline, date: warning.date, count: -warning.days })
	if (warning.days === 0) return t('commitments.detail.dueToday', { deadline, date: warning.date })
	return t('commitments.detail.due', { deadline, date: warning.date, count: warning.days })
}

/** The project page's call-out: each warning with its deadline and days. */
export function CommitmentWarningList({ warnings }: { warnings: readonly CommitmentWarning[] }) {
	const { t } = useTranslation()
	if (warnings.length === 0) return null
	const overdue = warnings.some((w) => w.overdue)
	return (
		<div className={overdue ? 'callout-danger' : 'callout-warn'} role="note" data-testid="commitment-warnings">
			<strong>{t('commitments.warningsTitle')}</strong>
			<ul className="plain-list">
				{warnings.map((w) => (
					<li key={w.kind}>
						<CommitmentBadge warning={w} /> {commitmentDetail(t, w)}
					</li>
				))}
			</ul>
		</div>
	)
}

type CommitmentProject = {
	investmentCNY: number
	commitStartBy: Date | string | null
	commitProduceBy: Date | string | null
	commitLandMu: number | null
	commitOutputCNY: number | null
	commitTaxCNY: number | null
}

/** The project page's 履约 facts; the intensity is worked out from the investment and the land. */
export function CommitmentFacts({ project }: { project: CommitmentProject }) {
	const { t } = useTranslation()
	const locale = useLocale()
	const none = <span className="muted">{t('commitments.none')}</span>
	const intensity = investmentIntensity(project.investmentCNY, project.commitLandMu)
	return (
		<dl className="figures project-facts" data-testid="commitment-facts">
			<dt>{t('commitments.startBy')}</dt>
			<dd>{project.commitStartBy ? formatDate(project.commitStartBy) : none}</dd>
			<dt>{t('commitments.produceBy')}</dt>
			<dd>{project.commitProduceBy ? formatDate(project.commitProduceBy) : none}</dd>
			<dt>{t('commitments.land')}</dt>
			<dd>{project.commitLandMu === null ? none : t('commitments.landValue', { value: formatNumber(project.commitLandMu, locale) })}</dd>
			<dt>{t('commitments.intensity')}</dt>
			<dd data-testid="commitment-intensity">{intensity === null ? none : t('commitments.intensityValue', { value: formatNumber(intensity, locale) })}</dd>
			<dt>{t('commitments.output')}</dt>
			<dd>{project.commitOutputCNY === null ? none : formatCNY(project.commitOutputCNY, locale)}</dd>
			<dt>{t('commitments.tax')}</dt>
			<dd>{project.commitTaxCNY === null ? none : formatCNY(project.commitTaxCNY, locale)}</dd>
		</dl>
	)
}

type CommitmentFigure = { count: number; href: string; rows: { id: string; title: string; isSample: boolean; warnings: CommitmentWarning[] }[] }

/** The 工作台's 履约预警 panel: the nearest deadlines, each project with its warnings; the link opens the filtered list. */
export function CommitmentPanel({ figure }: { figure: CommitmentFigure }) {
	const { t } = useTranslation()
	return (
		<section className="home-panel" aria-labelledby="home-commitments" data-testid="home-commitments">
			<h2 id="home-commitments">
				{t('commitments.homeTitle')} <span className="muted">({figure.count})</span>
			</h2>
			{figure.rows.length === 0 ? (
				<p className="muted">{t('commitments.homeNone')}</p>
			) : (
				<ul className="home-list">
					{figure.rows.map((row) => (
						<li key={row.id}>
							<Link to={`/projects/${row.id}`}>{row.title}</Link> <SampleBadge show={row.isSample} />
							<div>
								{row.warnings.map((w) => (
									<span key={w.kind}>
										<CommitmentBadge warning={w} /> <span className="muted">{commitmentDetail(t, w)}</span>{' '}
									</span>
								))}
							</div>
						</li>
					))}
				</ul>
			)}
			<p className="home-more">
				<Link to={figure.href}>{t('home.viewAllCount', { count: figure.count })} →</Link>
			</p>
		</section>
	)
}
