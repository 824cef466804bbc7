import { Link } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { formatQuantity } from '~/domain/chain/describe-flag'
import { type GapClosed, type LinkGapClosed } from '~/domain/scenario/gap-closed'
import { useLocale, useLocalizedName } from '~/i18n/use-localized'
import { GapClosedText, LinkTogetherText } from './gap-closed'

type Planned = {
	plannedOutput: number | null
	plannedFromYear: number | null
	plannedLink: { id: string; name: string; nameEn: string; unit: string; chain: { slug: string; name: string; nameEn: string } } | null
}
type GapClosedOf = {
	chain: { slug: string; name: string; nameEn: string }
	year: number
	row: GapClosed | null
	total: number
	link: LinkGapClosed | null
	links: { id: string; name: string; nameEn: string; unit: string }[]
} | null

/** 规划产能 and 可补缺口 as rows of a record page's figures (<dl>), ADR 0040. */
export function PlannedCapacityFigures({ planned, gapClosed }: { planned: Planned; gapClosed: GapClosedOf }) {
	const { t } = useTranslation()
	const locale = useLocale()
	const localized = useLocalizedName()
	const link = planned.plannedLink
	return (
		<>
			<dt>{t('planned.title')}</dt>
			<dd data-testid="planned-capacity-shown">
				{link && planned.plannedOutput !== null
					? t('planned.shown', {
							link: `${localized(link.chain)} · ${localized(link)}`,
							amount: formatQuantity(planned.plannedOutput, link.unit, locale),
							year: planned.plannedFromYear ?? '—',
						})
					: t('planned.none')}
			</dd>
			{gapClosed ? (
				<>
					<dt>{t('gapClosed.onRecord')}</dt>
					<dd data-testid="gap-closed-on-record">
						{gapClosed.row ? (
							<>
								<GapClosedText row={gapClosed.row} link={gapClosed.links.find((l) => l.id === gapClosed.row!.linkId)} />
								<br />
								<Link to={`/chains/${gapClosed.chain.slug}/targets?year=${gapClosed.year}`}>
									{t('gapClosed.rankOf', { rank: gapClosed.row.rank, total: gapClosed.total, chain: localized(gapClosed.chain) })}
								</Link>
								{gapClosed.link && gapClosed.link.records > 1 ? (
									<>
										<br />
										<span className="muted">
											<LinkTogetherText link={gapClosed.link} named={gapClosed.links.find((l) => l.id === gapClosed.link!.linkId)} />
										</span>
									</>
								) : null}
							</>
						) : (
							<span className="muted">{t('gapClosed.notRanked')}</span>
						)}
					</dd>
				</>
			) : null}
		</>
	)
}
