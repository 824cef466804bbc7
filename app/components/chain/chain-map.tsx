import { useMemo, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { factorSourceName } from '~/domain/chain/factor-sources'
import { type LinkAnalysis } from '~/domain/chain/gap-analysis'
import { layoutChainMap, NODE_WIDTH, packItems, wrapLines } from '~/domain/chain/map-layout'
import { linkSeverity, rankLinks, SEVERITY_LEVELS } from '~/domain/chain/severity'
import { FUNNEL_LEVELS, type FunnelLevel } from '~/domain/funnel/funnel'
import { type Locale } from '~/i18n/i18n'
import { localizedQuantity } from '~/i18n/units'
import { useLocalizedName } from '~/i18n/use-localized'
import { type ChainPageData } from '~/models/chain-page.server'
import { formatCompact, useGapText } from './use-gap-names'
import { usePanZoom } from './use-pan-zoom'

const TOOLTIP_WIDTH = 240
// A node's text: name (13 px), figures (12 px), flags (11 px), each wrapped to the box.
const PAD_TOP = 6
const NAME_LINE = 16
const FIGURE_LINE = 15
const FLAG_LINE = 14
const PAD_BOTTOM = 10

/** The map coloured by 链上转化 instead of urgency (ADR 0032): each link's level and main counts. */
type FunnelProgress = NonNullable<ChainPageData['progress']>

/** What the map draws: the chain page's data, or a scenario's analysis before or after its changes (ADR 0035). */
export type ChainMapData = Pick<ChainPageData, 'analysis' | 'companyNames' | 'year'> & {
	chain: Pick<ChainPageData['chain'], 'name' | 'nameEn' | 'links' | 'edges'>
}

/**
 * Layered chain map: React renders the SVG from the server's layout; pointer events pan and zoom it (use-pan-zoom.ts).
 * Links are coloured by urgency, or with `progress` by how far their pursuits have got.
 */
export function ChainMap({
	data,
	selectedId,
	onSelect,
	progress = null,
}: {
	data: ChainMapData
	selectedId: string | null
	onSelect: (linkId: string) => void
	progress?: FunnelProgress | null
}) {
	const { t } = useTranslation()
	const localized = useLocalizedName()
	const { locale, flagsOf } = useGapText(data)
	const svgRef = useRef<SVGSVGElement>(null)
	const [hovered, setHovered] = useState<string | null>(null)
	const { analysis, chain } = data
	const linkById = new Map(chain.links.map((l) => [l.id, l]))
	const analysisById = new Map(analysis.links.map((l) => [l.linkId, l]))
	const compact = (v: number) => formatCompact(v, locale)

	// What each node says, wrapped to its box; the layout makes each node as tall as its lines.
	const nodeText = (la: LinkAnalysis) => {
		const link = linkById.get(la.linkId)!
		const { factor, unit } = nodeUnit(la, link.unit, locale)
		const figures =
			la.localFirmCount === 0
				? t('gaps.nodeNoFirm')
				: la.demand > 0
					? t('gaps.nodeSupplyDemand', { supply: la.supply === null ? '?' : compact(la.supply * factor), demand: compact(la.demand * factor) })
					: t('gaps.nodeSupplyOnly', { supply: la.supply === null ? '?' : compact(la.supply * factor) })
		const funnel = progress?.links[la.linkId]
		const figuresLine = funnel
			? funnel.pursuits === 0
				? t('funnel.nodeNone')
				: t('funnel.nodeLine', funnel)
			: `${figures}${la.localFirmCount > 0 ? ` ${unit}` : ''}`
		const flagNames = la.flags.map((f) => t(`gaps.flags.${f.code}`))
		const name = localized(link)
		return { name, figuresLine, flagNames, lines: { name: wrapLines(name, 13), figures: wrapLines(figuresLine, 12), flags: packItems(flagNames, ' · ', 11) } }
	}
	const texts = new Map(analysis.links.map((la) => [la.linkId, nodeText(la)]))
	const heightOf = (id: string) => {
		const lines = texts.get(id)?.lines
		return lines ? PAD_TOP + lines.name.length * NAME_LINE + lines.figures.length * FIGURE_LINE + lines.flags.length * FLAG_LINE + PAD_BOTTOM : 64
	}
	const heightKey = chain.links.map((l) => heightOf(l.id)).join(',')
	const levelOf = (linkId: string): FunnelLevel | null => progress?.links[linkId]?.level ?? null
	const map = useMemo(
		() => layoutChainMap(chain.links, chain.edges, new Set(analysis.feedbackEdgeIds), heightOf),
		// The layout depends on the chain and on the nodes' heights (the language), not on each render.
		// eslint-disable-next-line react-hooks/exhaustive-deps
		[chain.links, chain.edges, analysis.feedbackEdgeIds, heightKey],
	)

	const { viewBox, transform, zoomBy, reset, reveal } = usePanZoom(svgRef, map)

	const nodeById = new Map(map.nodes.map((n) => [n.id, n]))
	const edgeById = new Map(chain.edges.map((e) => [e.id, e]))
	const factorFormat = new Intl.NumberFormat(locale, { maximumSignificantDigits: 3 })
	const ranked = rankLinks(analysis.links)
	const hoveredNode = hovered ? nodeById.get(hovered) : undefined
	const hoveredAnalysis = hovered ? analysisById.get(hovered) : undefined

	return (
		<figure className="chain-map">
			<div className="map-controls no-print">
				<button type="button" onClick={() => zoomBy(1.25)} aria-label={t('gaps.zoomIn')}>
					＋
				</button>
				<button type="button" onClick={() => zoomBy(0.8)} aria-label={t('gaps.zoomOut')}>
					－
				</button>
				<button type="button" onClick={reset}>
					{t('gaps.zoomReset')}
				</button>
				<span className="muted hint-pointer">{t('gaps.zoomHint')}</span>
				<span className="muted hint-touch">{t('gaps.zoomHintTouch')}</span>
			</div>
			{progress ? (
				<FunnelLegend ranked={ranked} levelOf={levelOf} linkName={(id) => localized(linkById.get(id))} year={data.year} asOf={progress.asOf} />
			) : (
				<SeverityLegend ranked={ranked} linkName={(id) => localized(linkById.get(id))} />
			)}
			<svg
				ref={svgRef}
				viewBox={viewBox}
				className="chain-map-svg"
				// Its natural size, which CSS scales to fit at a desk; on a phone CSS makes it a window that one finger pans.
				width={map.width}
				height={map.height}
				role="group"
				aria-label={t('gaps.mapLabel', { chain: localized(chain), count: chain.links.length })}
				data-testid="chain-map"
			>
				<defs>
					<marker id="map-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
						<path d="M0,0 L10,5 L0,10 z" className="arrow-head" />
					</marker>
				</defs>
				<g transform={transform} data-testid="map-view">
					{map.edges.map((me) => {
						const edge = edgeById.get(me.id)
						const supporting = linkById.get(me.fromLinkId)?.stage === 'supporting'
						const label = supporting ? '' : edge?.factor == null ? t('chains.factorUnknown') : `×${factorFormat.format(edge.factor)}`
						// The tooltip names the factor's source; the reference code is for whoever checks the table.
						const source = edge ? factorSourceName(edge, locale) : null
						const tooltip = [
							`${localized(linkById.get(me.fromLinkId))} → ${localized(linkById.get(me.toLinkId))}`,
							edge?.factor == null ? t('chains.factorUnknown') : `×${factorFormat.format(edge.factor)} ${edge.factorUnit ?? ''}`.trim(),
							source ? `${t('app.source')}: ${source}${edge?.referenceId ? ` (${edge.referenceId})` : ''}` : null,
						]
							.filter(Boolean)
							.join('\n')
						const active = hovered === me.fromLinkId || hovered === me.toLinkId || selectedId === me.fromLinkId || selectedId === me.toLinkId
						return (
							<g key={me.id} className={`map-edge${me.feedback ? ' feedback' : ''}${supporting ? ' supporting' : ''}${active ? ' active' : ''}`}>
								<title>{tooltip}</title>
								<path d={me.path} markerEnd="url(#map-arrow)" />
								{label ? (
									<text x={me.labelX} y={me.labelY} textAnchor="middle" className={edge?.factor == null ? 'edge-label unknown' : 'edge-label'}>
										{label}
									</text>
								) : null}
							</g>
						)
					})}
					{map.nodes.map((node) => {
						const link = linkById.get(node.id)!
						const la = analysisById.get(node.id)!
						const { name, figuresLine, flagNames, lines } = texts.get(node.id)!
						const severity = linkSeverity(la)
						const level = levelOf(node.id)
						const colour = level ? `funnel-level-${level}` : `severity-${severity}`
						const selected = selectedId === node.id
						// The name holds the node's visible lines in their order, then its health or funnel progress (WCAG 2.5.3).
						const label = t('gaps.nodeLabel', {
							text: [name, figuresLine, ...flagNames].join(t('gaps.nodeLabelJoin')),
							health: level ? t(`funnel.levels.${level}`) : t(`gaps.severity.${severity}`),
						})
						let y = PAD_TOP
						return (
							<g
								key={node.id}
								className={`map-node ${colour}${selected ? ' selected' : ''}`}
								data-level={level ?? severity}
								transform={`translate(${node.x},${node.y})`}
								tabIndex={0}
								role="button"
								aria-pressed={selected}
								aria-label={label}
								data-link-key={link.key}
								onClick={() => onSelect(node.id)}
								onKeyDown={(event) => {
									if (event.key === 'Enter' || event.key === ' ') {
										event.preventDefault()
										onSelect(node.id)
									}
								}}
								onMouseEnter={() => setHovered(node.id)}
								onMouseLeave={() => setHovered(null)}
								onFocus={(event) => {
									setHovered(node.id)
									// A link reached by the keyboard is brought into view (a click or tap reaches only what is in view).
									if (event.currentTarget.matches(':focus-visible')) reveal({ x: node.x, y: node.y, width: NODE_WIDTH, height: node.height })
								}}
								onBlur={() => setHovered(null)}
							>
								<rect width={NODE_WIDTH} height={node.height} rx={6} className="node-box" />
								{(
									[
										['node-name', NAME_LINE, lines.name],
										['node-figures', FIGURE_LINE, lines.figures],
										['node-flags', FLAG_LINE, lines.flags],
									] as const
								).flatMap(([className, step, texts]) =>
									// The last line of a block, and each line of flags (whole flags), ends with a space, so they read apart.
									texts.map((line, i) => {
										const text = (className === 'node-flags' || i === texts.length - 1) && !/\s$/u.test(line) ? `${line} ` : line
										y += step
										return (
											<text key={`${className}-${i}`} x={8} y={y - 3} className={className}>
												{text}
											</text>
										)
									}),
								)}
								{la.coverage !== null && !level ? (
									<rect x={0} y={node.height - 4} width={(NODE_WIDTH * Math.min(la.coverage, 2)) / 2} height={4} className="coverage-bar" />
								) : null}
							</g>
						)
					})}
					{hoveredNode && hoveredAnalysis ? (
						<g className="map-tooltip" transform={`translate(${hoveredNode.x},${hoveredNode.y + hoveredNode.height + 6})`} pointerEvents="none">
							{(() => {
								const { factor, unit } = nodeUnit(hoveredAnalysis, linkById.get(hoveredNode.id)?.unit ?? '', locale)
								const lines = [
									localized(linkById.get(hoveredNode.id)),
									`${t('gaps.supply')}: ${hoveredAnalysis.supply === null ? '—' : `${compact(hoveredAnalysis.supply * factor)} ${unit}`}`,
									`${t('gaps.demand')}: ${hoveredAnalysis.demand > 0 ? `${compact(hoveredAnalysis.demand * factor)} ${unit}` : '—'}${hoveredAnalysis.demandComplete ? '' : ` (${t('chains.factorUnknown')})`}`,
									`${t('gaps.coverage')}: ${hoveredAnalysis.coverage === null ? '—' : `${Math.round(hoveredAnalysis.coverage * 100)}%`}`,
									`${t('gaps.localFirmCount')}: ${hoveredAnalysis.localFirmCount}`,
									...flagsOf(hoveredAnalysis).map((f) => `• ${f.label}`),
								]
								return (
									<>
										<rect width={TOOLTIP_WIDTH} height={lines.length * 16 + 10} rx={4} />
										{lines.map((line, i) => (
											<text key={i} x={8} y={18 + i * 16} className={i === 0 ? 'tooltip-title' : undefined}>
												{line}
											</text>
										))}
									</>
								)
							})()}
						</g>
					) : null}
				</g>
			</svg>
		</figure>
	)
}

/** A node's figures share one unit: the link's, named in the reader's language (万吨 rescaled to t in English); figures × factor are in it. */
function nodeUnit(la: Pick<LinkAnalysis, 'supply' | 'demand'>, unit: string, locale: Locale) {
	const largest = Math.max(la.supply ?? 0, la.demand) || 1
	const shown = localizedQuantity(largest, unit, locale)
	return { factor: shown.value / largest, unit: shown.unit }
}

/** The funnel levels, ignored gaps first, with how many links each has; ignored gaps are named, most urgent first. */
function FunnelLegend({
	ranked,
	levelOf,
	linkName,
	year,
	asOf,
}: {
	ranked: readonly LinkAnalysis[]
	levelOf: (linkId: string) => FunnelLevel | null
	linkName: (id: string) => string
	year: number
	asOf: string
}) {
	const { t, i18n } = useTranslation()
	const separator = i18n.language === 'en' ? ', ' : '、'
	return (
		<>
			<p className="muted funnel-map-note">{t('funnel.mapNote', { year, asOf })}</p>
			<ol className="severity-legend funnel-legend" aria-label={t('funnel.legend')} data-testid="funnel-legend">
				{FUNNEL_LEVELS.map((level) => {
					const links = ranked.filter((l) => levelOf(l.linkId) === level)
					return (
						<li key={level} className={`funnel-level-${level}${links.length === 0 ? ' empty' : ''}`} data-level={level}>
							<span className="swatch" aria-hidden="true" />
							<strong>{t(`funnel.levels.${level}`)}</strong> <span className="count">{t('funnel.levelCount', { count: links.length })}</span>
							<span className="muted severity-meaning"> {t(`funnel.levelMeaning.${level}`)}</span>
							{level === 'ignored' && links.length > 0 ? (
								<span className="severity-links">{t('funnel.levelLinks', { links: links.map((l) => linkName(l.linkId)).join(separator) })}</span>
							) : null}
						</li>
					)
				})}
			</ol>
		</>
	)
}

/** The colours ranked worst first, with how many links each has; the two worst levels name their links, worst first. */
function SeverityLegend({ ranked, linkName }: { ranked: readonly LinkAnalysis[]; linkName: (id: string) => string }) {
	const { t, i18n } = useTranslation()
	const separator = i18n.language === 'en' ? ', ' : '、'
	return (
		<ol className="severity-legend" aria-label={t('gaps.severityLegend')} data-testid="severity-legend">
			{SEVERITY_LEVELS.map((level) => {
				const links = ranked.filter((l) => linkSeverity(l) === level)
				return (
					<li key={level} className={`severity-${level}${links.length === 0 ? ' empty' : ''}`} data-level={level}>
						<span className="swatch" aria-hidden="true" />
						<strong>{t(`gaps.severity.${level}`)}</strong> <span className="count">{t('gaps.severityCount', { count: links.length })}</span>
						<span className="muted severity-meaning"> {t(`gaps.severityMeaning.${level}`)}</span>
						{(level === 'critical' || level === 'serious') && links.length > 0 ? (
							<span className="severity-links">{t('gaps.severityLinks', { links: links.map((l) => linkName(l.linkId)).join(separator) })}</span>
						) : null}
					</li>
				)
			})}
		</ol>
	)
}
