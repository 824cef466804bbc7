import { Link } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { SampleBadge } from '~/components/sample-badge'
import { type DashboardRow } from '~/domain/quota/dashboard'
import { type QuotaItem } from '~/domain/quota/progress'
import { itemDetailText, quotaMessageText } from '~/domain/quota/quota-message'
import { useLocale, useLocalizedName } from '~/i18n/use-localized'
import { CumulativeChart, ProgressBar, useFigureFormat } from './charts'
import { QuotaStatusBadge } from './dashboard-status'

/** Where a counted item can be opened; figures and manual entries live on the quota page only. */
function itemHref(item: QuotaItem) {
	if (item.type === 'project') return `/projects/${item.id}`
	if (item.type === 'company') return `/companies/${item.id}`
	return null
}

/** One quota on the dashboard: figures, bar (and line chart for projects introduced), units, what counts, problems. */
export function QuotaCard({ quota: q }: { quota: DashboardRow }) {
	const { t } = useTranslation()
	const locale = useLocale()
	const localized = useLocalizedName()
	const { figure, target } = useFigureFormat(q)
	const quotaHref = `/quotas/${q.quotaId}?year=${q.year}`
	const unitName = (u: { unitName: string; unitNameEn: string }) => localized({ name: u.unitName, nameEn: u.unitNameEn })
	const unitById = new Map(q.units.map((u) => [u.unitId, u]))
	const [lead, ...others] = [...q.units].sort((a, b) => a.position - b.position)
	// Only items of "projects introduced" carry a 责任单位, so only there does a per-unit figure mean anything.
	const perUnit = q.kind === 'projects'
	const unitText = (u: (typeof q.units)[number]) => (perUnit ? `${unitName(u)} ${figure(u.actual)}` : unitName(u))
	const showAmounts = q.kind === 'sum' || q.kind === 'manual' || q.items.some((item) => item.amount !== 1)
	const hidden = q.itemCount - q.items.length

	return (
		<article
			className={`quota-card status-${q.status}`}
			data-testid="quota-row"
			data-quota-id={q.quotaId}
			data-section={q.section ?? ''}
			data-status={q.status}
			data-actual={q.actual}
			aria-labelledby={`quota-${q.quotaId}`}
		>
			<header className="quota-card-head">
				{q.section ? <span className="quota-section">{q.section}</span> : null}
				<h3 id={`quota-${q.quotaId}`}>
					<Link to={quotaHref}>{q.metric}</Link>
				</h3>
				<QuotaStatusBadge status={q.status} />
				<span className="badge">{t(`quotas.kinds.${q.kind}`, { defaultValue: q.kind })}</span>
				<span className="badge">{t(`quotas.periods.${q.period}`, { defaultValue: q.period })}</span>
			</header>

			<div className="quota-card-body">
				<div className="quota-figures-block">
					<dl className="quota-figures">
						<div>
							<dt>{t('quotas.target')}</dt>
							<dd title={t(`quotas.ops.${q.op}`, { defaultValue: q.op })}>{target}</dd>
						</div>
						<div>
							<dt>{t('quotas.actual')}</dt>
							<dd className="quota-actual" data-testid="quota-actual">
								{figure(q.actual)} {q.hasSample ? <SampleBadge show /> : null}
							</dd>
						</div>
						{q.kind === 'projects' ? (
							<div>
								<dt title={t('quotas.awaitingHint')}>{t('quotas.awaiting')}</dt>
								<dd data-testid="quota-awaiting" data-awaiting={q.awaitingActual}>
									{q.awaitingCount > 0 ? (
										<Link to={`${quotaHref}#awaiting-heading`} className="awaiting-link">
											{figure(q.awaitingActual)}
										</Link>
									) : (
										figure(q.awaitingActual)
									)}
								</dd>
							</div>
						) : null}
						<div>
							<dt title={t('quotas.paceHint')}>{t('quotas.pace')}</dt>
							<dd>{figure(q.pace)}</dd>
						</div>
						<div>
							<dt title={t('quotas.forecastHint')}>{t('quotas.forecast')}</dt>
							<dd>
								{figure(q.forecast)}
								{q.pipelineCount > 0 ? <span className="muted"> · {t('quotas.pipelineCount', { count: q.pipelineCount })}</span> : null}
							</dd>
						</div>
					</dl>
					<ProgressBar progress={q} />
					{lead ? (
						<p className="quota-units">
							<span className="muted">{t('quotas.leadUnit')}</span> {unitText(lead)}
							{others.length > 0 ? (
								<>
									{' · '}
									<span className="muted">{t('quotas.otherUnits')}</span> {others.map(unitText).join(locale === 'en' ? '; ' : '、')}
								</>
							) : null}
						</p>
					) : null}
				</div>
				{q.kind === 'projects' ? <CumulativeChart progress={q} /> : null}
			</div>

			{q.problems.length > 0 ? (
				<div className="callout-warn quota-problems" role="note">
					{t('quotas.problems')}
					<ul>
						{q.problems.map((problem, i) => (
							<li key={i}>{quotaMessageText(problem, t, locale)}</li>
						))}
					</ul>
				</div>
			) : null}

			<section className="quota-items" aria-label={t('quotas.qualifying')}>
				<h4>
					{t('quotas.qualifying')} <span className="muted">({q.itemCount})</span>
				</h4>
				{q.items.length === 0 ? (
					<p className="muted">{t('quotas.noItems')}</p>
				) : (
					<ol>
						{q.items.map((item) => {
							const href = itemHref(item)
							const unit = item.unitId ? unitById.get(item.unitId) : undefined
							const detail = itemDetailText(item.detail, t, locale)
							return (
								<li key={`${item.type}-${item.id}`}>
									{href ? <Link to={href}>{item.label}</Link> : item.label}
									{item.companyName && item.companyName !== item.label ? <span className="muted"> · {item.companyName}</span> : null}
									{showAmounts ? <span className="nowrap"> · {figure(item.amount)}</span> : null}
									{item.date ? <span className="muted nowrap"> · {item.date}</span> : null}
									{unit ? (
										<span className="muted"> · {unitName(unit)}</span>
									) : item.unitName ? (
										<span className="muted"> · {unitName({ unitName: item.unitName, unitNameEn: item.unitNameEn ?? item.unitName })}</span>
									) : null}
									{detail ? <span className="muted"> {t('app.aside', { text: detail })}</span> : null} <SampleBadge show={item.isSample} />
								</li>
							)
						})}
					</ol>
				)}
				<p className="quota-more">
					{hidden > 0 ? <Link to={quotaHref}>{t('quotas.moreItems', { count: hidden })}</Link> : null}
					{q.excludedCount > 0 ? <Link to={quotaHref}>{t('quotas.excludedCount', { count: q.excludedCount })}</Link> : null}
					<Link to={quotaHref} className="quota-open">
						{t('quotas.open')} →
					</Link>
				</p>
			</section>

			<details className="quota-excerpt">
				<summary>{t('quotas.excerpt')}</summary>
				<blockquote>{q.excerpt}</blockquote>
			</details>
		</article>
	)
}
