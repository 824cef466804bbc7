import { useTranslation } from 'react-i18next'
import { type MemberProgress } from '~/domain/quota/progress'
import { type RegionRanking } from '~/domain/quota/region-ranking'
import { type RegionPart } from '~/domain/region/reach'
import { useLocale, useLocalizedName } from '~/i18n/use-localized'

/** Width of a contribution bar at 100 % of the target; a part past the whole target fills it (its figure says by how much). */
const FULL = 100

/** A part of a target as a bar: `share` in per cent of the target. */
function ShareBar({ share, label }: { share: number; label: string }) {
	return (
		<svg className="region-share-bar" viewBox={`0 0 ${FULL} 10`} width={FULL} height={10} role="img" aria-label={label}>
			<rect className="ranking-track" x={0} y={1} width={FULL} height={8} />
			<rect className="ranking-bar" x={0} y={1} width={Math.min(Math.max(share, 0), 100) * (FULL / 100)} height={8} />
		</svg>
	)
}

/**
 * 分区域: a quota's counted figure over the regions directly under its region
 * (ADR 0029), each with its part of the target; the quota's own level last.
 */
export function RegionParts({ parts, target, figure }: { parts: RegionPart[]; target: number; figure: (value: number) => string }) {
	const { t } = useTranslation()
	const locale = useLocale()
	const localized = useLocalizedName()
	const percent = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 })
	return (
		<div className="table-scroll">
			<table className="data-table compact stack-table" data-testid="region-parts">
				<thead>
					<tr>
						<th scope="col">{t('quota.regions.region')}</th>
						<th scope="col" className="num">
							{t('quota.regions.actual')}
						</th>
						<th scope="col" className="num">
							{t('quota.regions.items')}
						</th>
						<th scope="col">{t('quota.regions.share')}</th>
					</tr>
				</thead>
				<tbody>
					{parts.map((part) => {
						const share = target > 0 ? (part.actual / target) * 100 : 0
						const name = part.own ? t('quota.regions.ownLevel', { region: localized(part) }) : localized(part)
						return (
							<tr key={`${part.regionId}-${part.own}`} data-region-id={part.regionId}>
								<th scope="row">{name}</th>
								<td className="num" data-actual={part.actual} data-label={t('quota.regions.actual')}>
									{figure(part.actual)}
								</td>
								<td className="num" data-label={t('quota.regions.items')}>
									{part.items}
								</td>
								<td data-label={t('quota.regions.share')}>
									<span className="region-share">
										<ShareBar share={share} label={t('quota.regions.shareLabel', { region: name, share: percent.format(share) })} />
										<span className="num">{percent.format(share)}%</span>
									</span>
								</td>
							</tr>
						)
					})}
				</tbody>
			</table>
		</div>
	)
}

/** 县区赛马: per region whose quotas split over the regions under it, those regions ranked by their mean part of the targets. */
export function RegionRankings({ rankings }: { rankings: RegionRanking[] }) {
	const { t } = useTranslation()
	const locale = useLocale()
	const localized = useLocalizedName()
	const percent = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 })
	const plain = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 })
	return (
		<>
			{rankings.map((ranking) => (
				<div key={ranking.parent.id} className="region-ranking">
					<h3>{t('quotas.regionRanking.under', { region: localized(ranking.parent), count: ranking.quotas })}</h3>
					<div className="table-scroll">
						<table className="data-table compact stack-table" data-testid="region-ranking" data-parent-id={ranking.parent.id}>
							<thead>
								<tr>
									<th scope="col">{t('quotas.regionRanking.region')}</th>
									<th scope="col">{t('quotas.regionRanking.score')}</th>
									<th scope="col" className="num">
										{t('quotas.regionRanking.items')}
									</th>
									<th scope="col">{t('quotas.regionRanking.perQuota')}</th>
								</tr>
							</thead>
							<tbody>
								{ranking.rows.map((row) => (
									<tr key={row.regionId} data-region-id={row.regionId}>
										<th scope="row">
											<span className="region-rank">{row.rank}</span> {localized(row)}
										</th>
										<td data-label={t('quotas.regionRanking.score')}>
											<span className="region-share">
												<ShareBar share={row.score} label={t('quota.regions.shareLabel', { region: localized(row), share: percent.format(row.score) })} />
												<span className="num" data-score={row.score}>
													{percent.format(row.score)}%
												</span>
											</span>
										</td>
										<td className="num" data-label={t('quotas.regionRanking.items')}>
											{row.items}
										</td>
										<td className="muted" data-label={t('quotas.regionRanking.perQuota')}>
											{row.perQuota
												.map((q) =>
													t('quotas.regionRanking.part', {
														metric: q.metric,
														actual: plain.format(q.actual),
														target: plain.format(q.target),
														share: percent.format(q.share),
													}),
												)
												.join(locale === 'en' ? '; ' : '；')}
										</td>
									</tr>
								))}
							</tbody>
						</table>
					</div>
				</div>
			))}
		</>
	)
}

/** A per-member target (ADR 0042): each member (a region under the quota's) against the value, met or not. */
export function MemberParts({ members, figure }: { members: MemberProgress[]; figure: (value: number) => string }) {
	const { t } = useTranslation()
	const localized = useLocalizedName()
	return (
		<div className="table-scroll">
			<table className="data-table compact stack-table" data-testid="member-parts">
				<thead>
					<tr>
						<th scope="col">{t('quota.members.member')}</th>
						<th scope="col" className="num">
							{t('quota.members.actual')}
						</th>
						<th scope="col">{t('quota.members.state')}</th>
					</tr>
				</thead>
				<tbody>
					{members.map((member) => (
						<tr key={member.regionId} data-region-id={member.regionId} data-met={member.met}>
							<th scope="row">{localized(member)}</th>
							<td className="num" data-label={t('quota.members.actual')}>
								{figure(member.actual)}
							</td>
							<td data-label={t('quota.members.state')}>
								<span className={member.met ? 'badge' : 'badge badge-warn'}>{member.met ? t('quota.members.met') : t('quota.members.notMet')}</span>
							</td>
						</tr>
					))}
				</tbody>
			</table>
		</div>
	)
}
