import { Link } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { formatPercent, formatQuantity } from '~/domain/chain/describe-flag'
import { type GapClosed, type LinkGapClosed } from '~/domain/scenario/gap-closed'
import { useLocale, useLocalizedName } from '~/i18n/use-localized'

type NamedLink = { id: string; name: string; nameEn: string; unit: string }

/** "closing 3,200 t of the 7,440 t 钕铁硼合金 shortfall", or why there is no such figure, with its caveats. */
export function GapClosedText({ row, link }: { row: GapClosed; link: NamedLink | undefined }) {
	const { t } = useTranslation()
	const locale = useLocale()
	const localized = useLocalizedName()
	const unit = link?.unit ?? ''
	const name = localized(link)
	const qty = (v: number) => formatQuantity(v, unit, locale)
	const main =
		row.status === 'closes'
			? t('gapClosed.closes', { closes: qty(row.closes ?? 0), shortfall: qty(row.shortfall ?? 0), link: name })
			: row.status === 'no_gap'
				? t('gapClosed.noGap', { link: name })
				: t('gapClosed.demandUnknown', { link: name })
	const notes = [
		row.status === 'closes' && row.share !== null ? formatPercent(row.share, locale) : null,
		row.lowerBound && row.status === 'closes' ? t('gapClosed.lowerBound') : null,
		row.inputLimited ? t('gapClosed.inputLimited') : null,
	].filter((n): n is string => n !== null)
	return (
		<span data-testid="gap-closed-text">
			{main}
			{notes.length > 0 ? <span className="muted">{t('app.aside', { text: notes.join(locale === 'en' ? '; ' : '；') })}</span> : null}
		</span>
	)
}

/** The shared figure of several records at one link. */
export function LinkTogetherText({ link, named }: { link: LinkGapClosed; named: NamedLink | undefined }) {
	const { t } = useTranslation()
	const locale = useLocale()
	const localized = useLocalizedName()
	if (link.records < 2 || link.together === null || link.shortfall === null) return null
	const qty = (v: number) => formatQuantity(v, named?.unit ?? '', locale)
	return <>{t('gapClosed.together', { link: localized(named), count: link.records, together: qty(link.together), shortfall: qty(link.shortfall) })}</>
}

export type GapClosedRow = GapClosed & { name: string; stage: string }

/** The chain's open leads and projects ranked by gap closed (the prospect list, the targets page). */
export function GapClosedTable({
	rows,
	links,
	chainLinks,
}: {
	rows: readonly GapClosedRow[]
	links: readonly LinkGapClosed[]
	chainLinks: readonly NamedLink[]
}) {
	const { t } = useTranslation()
	const locale = useLocale()
	const localized = useLocalizedName()
	const linkById = new Map(chainLinks.map((l) => [l.id, l]))
	if (rows.length === 0) return <p className="muted">{t('gapClosed.empty')}</p>
	const together = links.filter((l) => l.records > 1 && l.together !== null && l.shortfall !== null)
	return (
		<>
			<div className="table-scroll">
				<table className="data-table" data-testid="gap-closed-table">
					<thead>
						<tr>
							<th scope="col">{t('gapClosed.columns.rank')}</th>
							<th scope="col">{t('gapClosed.columns.record')}</th>
							<th scope="col">{t('gapClosed.columns.planned')}</th>
							<th scope="col">{t('gapClosed.columns.fromYear')}</th>
							<th scope="col">{t('gapClosed.columns.closes')}</th>
						</tr>
					</thead>
					<tbody>
						{rows.map((r) => {
							const link = linkById.get(r.linkId)
							return (
								<tr key={`${r.record}:${r.id}`} data-testid={`gap-closed-${r.record}-${r.id}`}>
									<td className="num">{r.rank}</td>
									<td>
										<span className="badge">{t(`gapClosed.kinds.${r.record}`)}</span>{' '}
										<Link to={r.record === 'lead' ? `/leads/${r.id}` : `/projects/${r.id}`}>{r.name}</Link>
									</td>
									<td className="num">
										{t('planned.perYear', { amount: formatQuantity(r.planned, link?.unit ?? '', locale) })}
										<br />
										<span className="muted">{localized(link)}</span>
									</td>
									<td className="num">{r.fromYear ?? '—'}</td>
									<td>
										<GapClosedText row={r} link={link} />
									</td>
								</tr>
							)
						})}
					</tbody>
				</table>
			</div>
			{together.length > 0 ? (
				<ul className="muted" data-testid="gap-closed-together">
					{together.map((l) => (
						<li key={l.linkId}>
							<LinkTogetherText link={l} named={linkById.get(l.linkId)} />
						</li>
					))}
				</ul>
			) : null}
		</>
	)
}
