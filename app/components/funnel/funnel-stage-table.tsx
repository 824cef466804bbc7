import { Link } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { type FunnelFigures } from '~/domain/funnel/funnel'
import { useLocale } from '~/i18n/use-localized'
import { FunnelCount, type FunnelScope } from './funnel-count'

/** A share as a whole percentage, '—' for none. */
export function formatShare(share: number | null, locale: string) {
	return share === null ? '—' : new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format(share)
}

/** A bar for a count against the largest one (an SVG rect: the page's CSP allows no inline styles). */
function Bar({ value, max }: { value: number; max: number }) {
	const width = max > 0 ? Math.max((value / max) * 100, value > 0 ? 1.5 : 0) : 0
	return (
		<svg className="funnel-bar" viewBox="0 0 100 8" preserveAspectRatio="none" aria-hidden="true">
			<rect width={width} height={8} />
		</svg>
	)
}

/**
 * One funnel stage by stage: the prospects first (how many of them have a lead), then each stage
 * with how many reached it, the share that went on, the median days spent in it and how many
 * stopped there; every count opens its records.
 */
export function FunnelStageTable({
	figures,
	prospects,
	prospectsHref,
	scope,
	caption,
}: {
	figures: FunnelFigures
	prospects: { proposed: number; withLead: number }
	prospectsHref: string
	scope: FunnelScope
	caption: string
}) {
	const { t } = useTranslation()
	const locale = useLocale()
	const max = Math.max(prospects.proposed, ...figures.stages.map((s) => s.reached))
	return (
		<table className="data-table funnel-table stack-table" data-testid="funnel-stages">
			<caption className="visually-hidden">{caption}</caption>
			<thead>
				<tr>
					<th scope="col">{t('funnel.columns.stage')}</th>
					<th scope="col" className="num">
						{t('funnel.columns.reached')}
					</th>
					<th scope="col" className="num">
						{t('funnel.columns.conversion')}
					</th>
					<th scope="col" className="num">
						{t('funnel.columns.medianDays')}
					</th>
					<th scope="col" className="num">
						{t('funnel.columns.lost')}
					</th>
				</tr>
			</thead>
			<tbody>
				<tr data-stage="prospects">
					<th scope="row">{t('funnel.stages.targets')}</th>
					<td className="num" data-label={t('funnel.columns.reached')}>
						<Bar value={prospects.proposed} max={max} />
						<Link to={prospectsHref} data-testid="funnel-prospects" title={t('funnel.targetsHint')}>
							{t('funnel.targetsLine', prospects)}
						</Link>
					</td>
					<td className="num" data-label={t('funnel.columns.conversion')}>
						{formatShare(prospects.proposed > 0 ? prospects.withLead / prospects.proposed : null, locale)}
					</td>
					<td className="num" data-label={t('funnel.columns.medianDays')}>
						—
					</td>
					<td className="num" data-label={t('funnel.columns.lost')}>
						—
					</td>
				</tr>
				{figures.stages.map((s) => (
					<tr key={s.stage} data-stage={s.stage}>
						<th scope="row">{t(`funnel.stages.${s.stage}`)}</th>
						<td className="num" data-label={t('funnel.columns.reached')}>
							<Bar value={s.reached} max={max} />
							<FunnelCount scope={scope} stage={s.stage} count={s.reached} as={s.reachedAs} />
							{s.entered > 0 ? <div className="muted funnel-note">{t('funnel.entered', { count: s.entered })}</div> : null}
							{s.skipped > 0 ? <div className="muted funnel-note">{t('funnel.skipped', { count: s.skipped })}</div> : null}
						</td>
						<td className="num" data-label={t('funnel.columns.conversion')}>
							{formatShare(s.conversion, locale)}
						</td>
						<td className="num" data-label={t('funnel.columns.medianDays')}>
							{s.medianDays === null
								? '—'
								: t('funnel.days', { count: s.medianDays, days: new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(s.medianDays) })}
							{s.timed > 0 ? <div className="muted funnel-note">{t('funnel.timed', { count: s.timed })}</div> : null}
						</td>
						<td className="num" data-label={t('funnel.columns.lost')}>
							<FunnelCount scope={scope} stage={s.stage} outcome="lost" count={s.lost} as={s.lostAs} />
						</td>
					</tr>
				))}
			</tbody>
		</table>
	)
}
