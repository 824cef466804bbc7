import { useTranslation } from 'react-i18next'
import { ScrollRegion } from '~/components/scroll-region'
import { cumulativeChartGeometry, progressBarGeometry } from '~/domain/quota/chart-geometry'
import { type FigureUnits, quotaFigureFormat } from '~/domain/quota/english-unit'
import { type QuotaProgress } from '~/domain/quota/progress'
import { useLocale } from '~/i18n/use-localized'

/**
 * The quota charts: geometry from app/domain/quota/chart-geometry.ts (d3 scales
 * and shapes), SVG rendered by React. Each chart is one role="img" with its
 * figures in the label, and the same figures are printed as text beside it.
 */

/**
 * Formats a quota's normalized figures and its target: in Chinese in the unit the policy wrote
 * (亿元, 万吨, 个…), in English in English units (CNY bn, t, firms, projects).
 */
export function useFigureFormat(progress: FigureUnits) {
	return quotaFigureFormat(progress, useLocale())
}

type BarProgress = FigureUnits &
	Pick<QuotaProgress, 'metric' | 'op' | 'value' | 'valueMax' | 'status' | 'target' | 'targetMax' | 'actual' | 'pace' | 'forecast'>

/** Horizontal bar: actual (solid) and forecast (pale) against the target line, the band of a range target and the pace tick. */
export function ProgressBar({ progress, width = 320, height = 20 }: { progress: BarProgress; width?: number; height?: number }) {
	const { t } = useTranslation()
	const { figure, target } = useFigureFormat(progress)
	const g = progressBarGeometry(progress, width)
	const label = t('quotas.chart.barLabel', {
		metric: progress.metric,
		actual: figure(progress.actual),
		target,
		pace: figure(progress.pace),
		forecast: figure(progress.forecast),
	})
	const bar = { y: height * 0.2, height: height * 0.6 }
	return (
		<svg className={`quota-bar status-${progress.status}`} viewBox={`0 0 ${width} ${height}`} preserveAspectRatio="none" role="img" aria-label={label}>
			<rect className="quota-bar-track" x={0} width={width} {...bar} />
			{g.targetMax !== null ? <rect className="quota-bar-band" x={g.target} width={g.targetMax - g.target} y={0} height={height} /> : null}
			<rect className="quota-bar-forecast" x={0} width={g.forecast} {...bar} />
			<rect className="quota-bar-actual" x={0} width={g.actual} {...bar} />
			<line className="quota-bar-pace" x1={g.pace} x2={g.pace} y1={0} y2={height} vectorEffect="non-scaling-stroke" />
			<line className="quota-bar-target" x1={g.target} x2={g.target} y1={0} y2={height} vectorEffect="non-scaling-stroke" />
		</svg>
	)
}

type CumulativeProgress = FigureUnits &
	Pick<
		QuotaProgress,
		'metric' | 'op' | 'value' | 'valueMax' | 'period' | 'startYear' | 'endYear' | 'year' | 'asOf' | 'target' | 'targetMax' | 'actual' | 'pace' | 'cumulative'
	>

/** Cumulative actual (step line) over the year against the straight pace line, the target and the as-of date. */
export function CumulativeChart({ progress, width = 560, height = 220 }: { progress: CumulativeProgress; width?: number; height?: number }) {
	const { t } = useTranslation()
	const locale = useLocale()
	const { number, figure, target } = useFigureFormat(progress)
	const g = cumulativeChartGeometry(progress, { width, height })
	const monthName = new Intl.DateTimeFormat(locale, { month: 'short', timeZone: 'UTC' })
	const asOf = progress.asOf.slice(5)
	const asOfOnRight = g.asOfX > (g.plot.left + g.plot.right) / 2
	const figures = {
		metric: progress.metric,
		year: progress.year,
		asOf: progress.asOf,
		actual: figure(progress.actual),
		pace: figure(progress.pace),
		target,
	}
	return (
		<figure className="quota-cumulative">
			<ScrollRegion className="quota-chart-scroll" label={t('quotas.chart.scrollLabel', { metric: progress.metric })}>
				<svg className="quota-cumulative-svg" viewBox={`0 0 ${width} ${height}`} role="img" aria-label={t('quotas.chart.cumulativeLabel', figures)}>
					<g className="chart-axis">
						{g.yTicks.map((tick) => (
							<g key={tick.value}>
								<line className="chart-grid" x1={g.plot.left} x2={g.plot.right} y1={tick.y} y2={tick.y} />
								<text x={g.plot.left - 6} y={tick.y} dy="0.32em" textAnchor="end">
									{number(tick.value)}
								</text>
							</g>
						))}
						<line x1={g.plot.left} x2={g.plot.right} y1={g.plot.bottom} y2={g.plot.bottom} />
						{g.xTicks.map((tick) => (
							<g key={tick.month}>
								<line x1={tick.x} x2={tick.x} y1={g.plot.bottom} y2={g.plot.bottom + 4} />
								<text x={tick.x} y={g.plot.bottom + 16} textAnchor="start">
									{monthName.format(new Date(Date.UTC(progress.year, tick.month - 1, 1)))}
								</text>
							</g>
						))}
					</g>
					{g.targetMaxY !== null ? (
						<rect className="chart-target-band" x={g.plot.left} width={g.plot.right - g.plot.left} y={g.targetMaxY} height={g.targetY - g.targetMaxY} />
					) : null}
					<line className="chart-target" x1={g.plot.left} x2={g.plot.right} y1={g.targetY} y2={g.targetY} />
					<text className="chart-note" x={g.plot.left + 4} y={g.targetY - 4}>
						{t('quotas.chart.targetLine')} {target}
					</text>
					<line className="chart-pace" x1={g.paceLine.x1} y1={g.paceLine.y1} x2={g.paceLine.x2} y2={g.paceLine.y2} />
					<line className="chart-as-of" x1={g.asOfX} x2={g.asOfX} y1={g.plot.top} y2={g.plot.bottom} />
					{/* The label sits on the side of the marker with more room, so it never runs off the chart. */}
					<text className="chart-note" x={asOfOnRight ? g.asOfX - 4 : g.asOfX + 4} y={g.plot.top + 10} textAnchor={asOfOnRight ? 'end' : 'start'}>
						{t('quotas.chart.asOf', { date: asOf })}
					</text>
					<path className="chart-actual" d={g.actualPath} />
					<circle className="chart-pace-marker" cx={g.paceMarker.x} cy={g.paceMarker.y} r={3.5} />
					<circle className="chart-actual-marker" cx={g.actualEnd.x} cy={g.actualEnd.y} r={4} />
				</svg>
			</ScrollRegion>
			<figcaption>
				<ul className="chart-legend">
					<li>
						<span className="legend-swatch legend-actual" aria-hidden="true" /> {t('quotas.chart.actualLine')} {figure(progress.actual)}
					</li>
					<li>
						<span className="legend-swatch legend-pace" aria-hidden="true" /> {t('quotas.chart.paceLine')} {figure(progress.pace)}
					</li>
					<li>
						<span className="legend-swatch legend-target" aria-hidden="true" /> {t('quotas.chart.targetLine')} {target}
					</li>
					<li>{t('quotas.chart.asOf', { date: progress.asOf })}</li>
				</ul>
				{progress.cumulative.length > 0 ? (
					<details className="chart-data">
						<summary>{t('quotas.chart.data')}</summary>
						<table className="data-table compact">
							<thead>
								<tr>
									<th>{t('quotas.chart.date')}</th>
									<th className="num">{t('quotas.chart.cumulative')}</th>
								</tr>
							</thead>
							<tbody>
								{progress.cumulative.map((point) => (
									<tr key={point.date}>
										<td className="nowrap">{point.date}</td>
										<td className="num">{figure(point.actual)}</td>
									</tr>
								))}
							</tbody>
						</table>
					</details>
				) : null}
			</figcaption>
		</figure>
	)
}
