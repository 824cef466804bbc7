import { useTranslation } from 'react-i18next'
import { useLocalizedName } from '~/i18n/use-localized'
import { type ChainPageData } from '~/routes/chains.$slug._index'
import { formatCompact, useGapText } from './use-gap-names'

/** Material flow between local links (d3-sankey layout from the server), React-rendered. */
export function SankeyView({ data, onSelect, width, height }: { data: ChainPageData; onSelect: (linkId: string) => void; width: number; height: number }) {
	const { t } = useTranslation()
	const localized = useLocalizedName()
	const { names, locale } = useGapText(data)
	const health = new Map(data.analysis.links.map((l) => [l.linkId, l.health]))
	const linkById = new Map(data.chain.links.map((l) => [l.id, l]))
	const { nodes, bands } = data.sankey

	return (
		<figure className="sankey">
			<figcaption className="muted">{t('gaps.sankeyIntro')}</figcaption>
			{nodes.length === 0 ? (
				<p>{t('gaps.sankeyEmpty')}</p>
			) : (
				<svg viewBox={`0 0 ${width} ${height}`} width={width} height={height} className="sankey-svg" role="group" aria-label={t('gaps.viewSankey')} data-testid="sankey">
					{bands.map((b) => (
						<path key={b.edgeId} d={b.path} strokeWidth={b.width} className="sankey-band">
							<title>
								{names.link(b.fromLinkId)} → {names.link(b.toLinkId)}: {formatCompact(b.value, locale)} {names.unit(b.fromLinkId)}
							</title>
						</path>
					))}
					{nodes.map((n) => {
						const link = linkById.get(n.id)
						// Labels sit right of their bar, except in the last column.
						const left = n.x1 < width - 2
						return (
							<g
								key={n.id}
								className={`sankey-node health-${health.get(n.id) ?? 'idle'}`}
								tabIndex={0}
								role="button"
								aria-label={localized(link)}
								onClick={() => onSelect(n.id)}
								onKeyDown={(event) => {
									if (event.key === 'Enter' || event.key === ' ') {
										event.preventDefault()
										onSelect(n.id)
									}
								}}
							>
								<rect x={n.x0} y={n.y0} width={n.x1 - n.x0} height={Math.max(2, n.y1 - n.y0)} />
								<text x={left ? n.x1 + 6 : n.x0 - 6} y={(n.y0 + n.y1) / 2} dy="0.35em" textAnchor={left ? 'start' : 'end'}>
									{localized(link)}
								</text>
							</g>
						)
					})}
				</svg>
			)}
		</figure>
	)
}
