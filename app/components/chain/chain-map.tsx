import { select, zoom, zoomIdentity, type ZoomBehavior } from 'd3'
import { useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { NODE_HEIGHT, NODE_WIDTH, squeezedLength } from '~/domain/chain/map-layout'
import { useLocalizedName } from '~/i18n/use-localized'
import { type ChainPageData } from '~/routes/chains.$slug._index'
import { formatCompact, useGapText } from './use-gap-names'

const TOOLTIP_WIDTH = 240

/** Layered chain map: d3-zoom handles wheel/drag, React renders the SVG from the server's layout. */
export function ChainMap({ data, selectedId, onSelect }: { data: ChainPageData; selectedId: string | null; onSelect: (linkId: string) => void }) {
	const { t } = useTranslation()
	const localized = useLocalizedName()
	const { locale, flagsOf } = useGapText(data)
	const svgRef = useRef<SVGSVGElement>(null)
	const zoomRef = useRef<ZoomBehavior<SVGSVGElement, unknown> | null>(null)
	const [transform, setTransform] = useState('')
	const [hovered, setHovered] = useState<string | null>(null)
	const { map, analysis, chain } = data

	useEffect(() => {
		const svg = svgRef.current
		if (!svg) return
		const behaviour = zoom<SVGSVGElement, unknown>()
			.scaleExtent([0.4, 4])
			// One finger scrolls the page and the map's box (a tap still opens a link); two fingers pinch and pan the map.
			.filter((event: MouseEvent | WheelEvent | TouchEvent) => ('touches' in event ? event.touches.length > 1 : (!event.ctrlKey || event.type === 'wheel') && !event.button))
			.on('zoom', (event: { transform: { toString(): string } }) => setTransform(event.transform.toString()))
		select(svg).call(behaviour).on('dblclick.zoom', null)
		zoomRef.current = behaviour
		return () => {
			select(svg).on('.zoom', null)
		}
	}, [])
	const zoomBy = (k: number) => svgRef.current && zoomRef.current && select(svgRef.current).call(zoomRef.current.scaleBy, k)
	const resetZoom = () => svgRef.current && zoomRef.current && select(svgRef.current).call(zoomRef.current.transform, zoomIdentity)

	const linkById = new Map(chain.links.map((l) => [l.id, l]))
	const analysisById = new Map(analysis.links.map((l) => [l.linkId, l]))
	const nodeById = new Map(map.nodes.map((n) => [n.id, n]))
	const edgeById = new Map(chain.edges.map((e) => [e.id, e]))
	const factorFormat = new Intl.NumberFormat(locale, { maximumSignificantDigits: 3 })
	const compact = (v: number) => formatCompact(v, locale)
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
				<button type="button" onClick={resetZoom}>
					{t('gaps.zoomReset')}
				</button>
				<span className="muted hint-pointer">{t('gaps.zoomHint')}</span>
				<span className="muted hint-touch">{t('gaps.zoomHintTouch')}</span>
				<ul className="legend" aria-label="legend">
					{(['red', 'amber', 'green', 'idle'] as const).map((h) => (
						<li key={h}>
							<span className={`swatch health-${h}`} /> {t(`gaps.health.${h}`)}
						</li>
					))}
				</ul>
			</div>
			<svg
				ref={svgRef}
				viewBox={`0 0 ${map.width} ${map.height}`}
				className="chain-map-svg"
				// Its natural size, which CSS keeps on a phone (the box scrolls) and scales to fit on wider screens.
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
				<g transform={transform}>
					{map.edges.map((me) => {
						const edge = edgeById.get(me.id)
						const supporting = linkById.get(me.fromLinkId)?.stage === 'supporting'
						const label = supporting ? '' : edge?.factor == null ? t('chains.factorUnknown') : `×${factorFormat.format(edge.factor)}${edge.referenceId ? ` ${edge.referenceId}` : ''}`
						const active = hovered === me.fromLinkId || hovered === me.toLinkId || selectedId === me.fromLinkId || selectedId === me.toLinkId
						return (
							<g key={me.id} className={`map-edge${me.feedback ? ' feedback' : ''}${supporting ? ' supporting' : ''}${active ? ' active' : ''}`}>
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
						const name = localized(link)
						const figures =
							la.localFirmCount === 0
								? t('gaps.nodeNoFirm')
								: la.demand > 0
									? t('gaps.nodeSupplyDemand', { supply: la.supply === null ? '?' : compact(la.supply), demand: compact(la.demand) })
									: t('gaps.nodeSupplyOnly', { supply: la.supply === null ? '?' : compact(la.supply) })
						const figuresLine = `${figures}${la.localFirmCount > 0 ? ` ${link.unit}` : ''}`
						const flagText = la.flags.map((f) => t(`gaps.flags.${f.code}`)).join(' · ')
						const selected = selectedId === node.id
						// The name holds the node's visible lines in their order, then its health (WCAG 2.5.3).
						const label = t('gaps.nodeLabel', { text: [name, figuresLine, flagText].filter(Boolean).join(t('gaps.nodeLabelJoin')), health: t(`gaps.health.${la.health}`) })
						return (
							<g
								key={node.id}
								className={`map-node health-${la.health}${selected ? ' selected' : ''}`}
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
								onFocus={() => setHovered(node.id)}
								onBlur={() => setHovered(null)}
							>
								<rect width={NODE_WIDTH} height={NODE_HEIGHT} rx={6} className="node-box" />
								{/* Each line ends in a space (collapsed on screen): read together, English words of two lines stay apart, so the visible text is part of the name (WCAG 2.5.3). */}
								<text x={8} y={18} className="node-name" textLength={squeezedLength(name, 13)} lengthAdjust="spacingAndGlyphs">
									{name}{' '}
								</text>
								<text x={8} y={36} className="node-figures" textLength={squeezedLength(figuresLine, 12)} lengthAdjust="spacingAndGlyphs">
									{figuresLine}{' '}
								</text>
								<text x={8} y={53} className="node-flags" textLength={squeezedLength(flagText, 11)} lengthAdjust="spacingAndGlyphs">
									{flagText}
								</text>
								{la.coverage !== null ? <rect x={0} y={NODE_HEIGHT - 4} width={(NODE_WIDTH * Math.min(la.coverage, 2)) / 2} height={4} className="coverage-bar" /> : null}
							</g>
						)
					})}
					{hoveredNode && hoveredAnalysis ? (
						<g className="map-tooltip" transform={`translate(${hoveredNode.x},${hoveredNode.y + NODE_HEIGHT + 6})`} pointerEvents="none">
							{(() => {
								const unit = linkById.get(hoveredNode.id)?.unit ?? ''
								const lines = [
									localized(linkById.get(hoveredNode.id)),
									`${t('gaps.supply')}: ${hoveredAnalysis.supply === null ? '—' : `${compact(hoveredAnalysis.supply)} ${unit}`}`,
									`${t('gaps.demand')}: ${hoveredAnalysis.demand > 0 ? `${compact(hoveredAnalysis.demand)} ${unit}` : '—'}${hoveredAnalysis.demandComplete ? '' : ` (${t('chains.factorUnknown')})`}`,
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
