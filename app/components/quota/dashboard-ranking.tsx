import { scaleLinear } from 'd3'
import { useTranslation } from 'react-i18next'
import { ScrollRegion } from '~/components/scroll-region'
import { type UnitScore } from '~/domain/quota/unit-ranking'
import { useLocale, useLocalizedName } from '~/i18n/use-localized'

/** Each unit takes a name line above its bar, so long (English) names never get cut. */
const ROW = 38
const BAR = { y: 18, height: 14 }
const SCORE_WIDTH = 48

/** 赛马比拼: the ranking table and the same scores as horizontal bars; `highlight` marks the unit filtered on. */
export function UnitRanking({ ranking, cap, highlight }: { ranking: UnitScore[]; cap: number; highlight: string | null }) {
	const { t } = useTranslation()
	const locale = useLocale()
	const localized = useLocalizedName()
	const name = (u: UnitScore) => localized({ name: u.unitName, nameEn: u.unitNameEn })
	const score = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 })

	if (ranking.length === 0) return <p className="muted">{t('quotas.ranking.empty')}</p>

	const width = 560
	const x = scaleLinear()
		.domain([0, 100 * cap])
		.range([0, width - SCORE_WIDTH])
	const chartLabel = t('quotas.ranking.chartLabel', { list: ranking.map((u) => `${u.rank}. ${name(u)} ${score.format(u.score)}`).join('; ') })
	return (
		<div className="quota-ranking">
			<div className="table-scroll">
				<table className="data-table compact" data-testid="unit-ranking">
					<thead>
						<tr>
							<th className="num">{t('quotas.ranking.rank')}</th>
							<th>{t('quotas.ranking.unit')}</th>
							<th className="num">{t('quotas.ranking.score')}</th>
							<th className="num">{t('quotas.ranking.achieved')}</th>
							<th className="num">{t('quotas.ranking.items')}</th>
						</tr>
					</thead>
					<tbody>
						{ranking.map((u) => (
							<tr key={u.unitId} className={u.unitId === highlight ? 'is-highlighted' : undefined} data-unit-id={u.unitId}>
								<td className="num">{u.rank}</td>
								<td>{name(u)}</td>
								<td className="num">{score.format(u.score)}</td>
								<td className="num">
									{u.achieved} / {u.perQuota.length}
								</td>
								<td className="num">{u.items}</td>
							</tr>
						))}
					</tbody>
				</table>
			</div>
			<ScrollRegion className="quota-chart-scroll" label={t('quotas.ranking.title')}>
				<svg className="quota-ranking-svg" viewBox={`0 0 ${width} ${ranking.length * ROW}`} role="img" aria-label={chartLabel}>
					{ranking.map((u, i) => (
						<g key={u.unitId} transform={`translate(0, ${i * ROW})`} className={u.unitId === highlight ? 'is-highlighted' : undefined}>
							<text x={0} y={12}>
								{u.rank}. {name(u)}
							</text>
							<rect className="ranking-track" x={0} width={x(100 * cap)} {...BAR} />
							<rect className="ranking-bar" x={0} width={x(u.score)} {...BAR} />
							<text x={x(u.score) + 6} y={BAR.y + BAR.height / 2} dy="0.32em">
								{score.format(u.score)}
							</text>
						</g>
					))}
				</svg>
			</ScrollRegion>
		</div>
	)
}
