import { useTranslation } from 'react-i18next'
import { ScrollRegion } from '~/components/scroll-region'
import { formatQuantity } from '~/domain/chain/describe-flag'
import { type LinkBalance, largestInFamily } from '~/domain/chain/flows'
import { wrapLines } from '~/domain/chain/map-layout'
import { type DrawnStubKind, LABEL_ROOM, type PlacedBand, type PlacedNode, type PlacedReturn, SANKEY_NODE_WIDTH } from '~/domain/chain/sankey'
import { linkSeverity } from '~/domain/chain/severity'
import { FAMILY_BASE_UNIT, type UnitFamily } from '~/domain/chain/units'
import { type Locale } from '~/i18n/i18n'
import { unitLabel } from '~/i18n/units'
import { type ChainPageData } from '~/models/chain-page.server'
import { useGapText } from './use-gap-names'

const LABEL_FONT = 12
const LINE_HEIGHT = 14
/** Band kinds in the legend, in the order a reader follows material. */
const BAND_KINDS = ['local', 'import', 'outflow', 'returned', 'final', 'unallocated', 'unknown'] as const

/**
 * Where each link's material goes, one Sankey per unit family (ADR 0028): local
 * bands, imports covering shortfalls and leaks out of the county, with figures
 * on every band and node; a table says the same in words.
 */
export function SankeyView({ data, onSelect }: { data: ChainPageData; onSelect: (linkId: string) => void }) {
	const { t } = useTranslation()
	const { names, locale } = useGapText(data)
	const { sankeys, balances } = data.flows
	const units = new Map(data.chain.links.map((l) => [l.id, l.unit]))
	const qty = (value: number, linkId: string) => formatQuantity(value, names.unit(linkId), locale)
	const leaks = largestInFamily(balances, units, 'outflow')
	const imports = largestInFamily(balances, units, 'imported')
	const withFigure = new Set(balances.map((b) => b.linkId))
	const withoutFigure = data.chain.links.filter((l) => l.stage !== 'supporting' && !withFigure.has(l.id))
	const list = (items: readonly LinkBalance[], pick: (b: LinkBalance) => number) =>
		items.map((b) => `${names.link(b.linkId)} ${qty(pick(b), b.linkId)}`).join(locale === 'en' ? '; ' : '；')

	return (
		<figure className="sankey" aria-labelledby="sankey-title">
			<h2 id="sankey-title" className="sankey-title">
				{t('flows.title')}
			</h2>
			<p className="muted sankey-intro">{t('flows.intro')}</p>
			{balances.length === 0 ? <p data-testid="sankey-empty">{t('gaps.sankeyEmpty')}</p> : null}
			{leaks.length > 0 || imports.length > 0 ? (
				<ul className="flow-highlights" data-testid="flow-highlights">
					{imports.map((group) => (
						<li key={`import-${group.family}`} className="flow-highlight import">
							<strong>{t('flows.highlightImport')}</strong> {list(group.balances, (b) => b.imported)}
						</li>
					))}
					{leaks.map((group) => (
						<li key={`outflow-${group.family}`} className="flow-highlight outflow">
							<strong>{t('flows.highlightOutflow')}</strong> {list(group.balances, (b) => b.outflow)}
						</li>
					))}
				</ul>
			) : null}
			{balances.length > 0 ? (
				<ul className="legend sankey-legend" aria-label={t('flows.legend')} data-testid="sankey-legend">
					{BAND_KINDS.map((kind) => (
						<li key={kind}>
							<span className={`band-swatch band-${kind}`} aria-hidden="true" /> {t(`flows.kinds.${kind}`)}
						</li>
					))}
				</ul>
			) : null}
			{sankeys.map((sankey) => (
				<FamilyDiagram key={sankey.family} sankey={sankey} data={data} onSelect={onSelect} />
			))}
			{balances.length > 0 ? <FlowTable data={data} /> : null}
			{withoutFigure.length > 0 ? (
				<p className="muted" data-testid="flow-no-figure">
					{t('flows.noFigure', { links: withoutFigure.map((l) => names.link(l.id)).join(locale === 'en' ? ', ' : '、') })}
				</p>
			) : null}
		</figure>
	)
}

type Sankey = ChainPageData['flows']['sankeys'][number]

function familyName(family: UnitFamily, t: (key: string, options?: Record<string, unknown>) => string, locale: Locale) {
	const unit = family.startsWith('other:') ? family.slice('other:'.length) : FAMILY_BASE_UNIT[family as keyof typeof FAMILY_BASE_UNIT]
	return t(family.startsWith('other:') ? 'flows.families.other' : `flows.families.${family}`, { unit: unitLabel(unit, locale) })
}

function FamilyDiagram({ sankey, data, onSelect }: { sankey: Sankey; data: ChainPageData; onSelect: (linkId: string) => void }) {
	const { t } = useTranslation()
	const { names, locale } = useGapText(data)
	const { layout } = sankey
	const balanceOf = new Map(data.flows.balances.map((b) => [b.linkId, b]))
	const unknownOf = (linkId: string) => balanceOf.get(linkId)?.unknownFactorLinks ?? []
	// Names wrap within about half the gap to the next column; the band figures arriving there take the rest.
	const labelMax = Math.min(LABEL_ROOM, layout.columnWidth) * 0.62
	const qty = (value: number, linkId: string) => formatQuantity(value, names.unit(linkId), locale)
	const title = familyName(sankey.family, t, locale)
	const hatchId = `band-hatch-${sankey.family.replace(/[^a-z0-9]/gi, '')}`
	const analysisOf = new Map(data.analysis.links.map((l) => [l.linkId, l]))
	const severityOf = (linkId: string) => {
		const la = analysisOf.get(linkId)
		return la ? linkSeverity(la) : 'idle'
	}

	function nodeLines(node: PlacedNode): { text: string; className?: string }[] {
		const name = (text: string, className?: string) => wrapLines(text, LABEL_FONT, labelMax).map((line) => ({ text: line, className }))
		// Figures stay on one line: a number is not split from its unit.
		const figure = (text: string) => (text ? [{ text, className: 'sankey-figure' }] : [])
		if (node.stub)
			return stubLines({ ...node, stub: node.stub }).flatMap(([text, className]) => (className === 'sankey-figure' ? figure(text) : name(text, className)))
		const balance = balanceOf.get(node.linkId)
		const produced = balance?.produced ?? data.analysis.links.find((l) => l.linkId === node.linkId)?.supply ?? 0
		return [
			...name(names.link(node.linkId), 'sankey-name'),
			...figure(produced > 0 ? t('flows.produced', { amount: qty(produced, node.linkId) }) : t('flows.noLocalOutput')),
		]
	}

	function stubLines(node: PlacedNode & { stub: DrawnStubKind }): [string, string][] {
		const band = layout.bands.find((b) => b.source === node.id || b.target === node.id)
		const amount = band ? qty(band.value ?? 0, band.materialLinkId) : ''
		const linkId = node.linkId
		const stub = node.stub
		switch (stub) {
			case 'import':
				return [
					[t('flows.stub.import'), 'sankey-stub-title'],
					[amount, 'sankey-figure'],
				]
			case 'outflow':
				return [
					[t('flows.stub.outflow'), 'sankey-stub-title'],
					[amount, 'sankey-figure'],
				]
			case 'final':
				return [
					[t('flows.stub.final'), 'sankey-stub-title'],
					[amount, 'sankey-figure'],
				]
			case 'unallocated':
				return [
					[t('flows.stub.unallocated'), 'sankey-stub-title'],
					[amount, 'sankey-figure'],
					[
						t('flows.stub.unallocatedWhy', {
							links: unknownOf(linkId)
								.map(names.link)
								.join(locale === 'en' ? ', ' : '、'),
						}),
						'sankey-note',
					],
				]
		}
	}

	const bandTitle = (band: PlacedBand) => {
		const from = band.kind === 'import' ? t('flows.outside') : names.link(band.materialLinkId)
		const to = band.kind === 'local' || band.kind === 'unknown' ? names.link(band.target) : t(`flows.kinds.${band.kind}`)
		const amount = band.value === null ? t('chains.factorUnknown') : qty(band.value, band.materialLinkId)
		return `${from} → ${to}: ${amount}`
	}

	return (
		<section className="sankey-family" aria-label={title} data-testid={`sankey-${sankey.family}`}>
			<h3>{title}</h3>
			<ScrollRegion label={title} className="sankey-scroll">
				<svg
					viewBox={`0 0 ${layout.width} ${layout.height}`}
					width={layout.width}
					height={layout.height}
					className="sankey-svg"
					role="group"
					aria-label={t('flows.diagramLabel', { family: title })}
					data-testid="sankey"
				>
					<defs>
						<pattern id={hatchId} width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
							<rect width="6" height="6" className="hatch-back" />
							<line x1="0" y1="0" x2="0" y2="6" className="hatch-line" />
						</pattern>
					</defs>
					{layout.bands.map((band) => (
						<path
							key={band.id}
							d={band.path}
							strokeWidth={Math.max(band.kind === 'unknown' ? 1.5 : 2, band.width)}
							className={`sankey-band band-${band.kind}`}
							stroke={band.kind === 'unallocated' ? `url(#${hatchId})` : undefined}
							data-kind={band.kind}
						>
							<title>{bandTitle(band)}</title>
						</path>
					))}
					{layout.returns.map((arc) => (
						<ReturnArc key={arc.id} arc={arc} from={names.link(arc.fromLinkId)} to={names.link(arc.toLinkId)} amount={qty(arc.value, arc.fromLinkId)} />
					))}
					{layout.bands
						.filter((band) => band.kind === 'local' || band.kind === 'unknown')
						.map((band) => (
							<BandFigure key={band.id} band={band} text={band.value === null ? t('chains.factorUnknown') : qty(band.value, band.materialLinkId)} />
						))}
					{layout.nodes.map((node) => {
						// A space where one part of the label ends and the next begins, so the parts read apart.
						const lines = nodeLines(node).map((line, i, all) =>
							all[i + 1] && all[i + 1]!.className !== line.className && !/\s$/u.test(line.text) ? { ...line, text: `${line.text} ` } : line,
						)
						const x = node.x1 + 6
						const top = (node.y0 + node.y1) / 2 - ((lines.length - 1) * LINE_HEIGHT) / 2
						const label = (
							<text x={x} y={top} className="sankey-label">
								{lines.map((line, i) => (
									<tspan key={i} x={x} dy={i === 0 ? '0.35em' : LINE_HEIGHT} className={line.className}>
										{line.text}
									</tspan>
								))}
							</text>
						)
						const height = Math.max(3, node.y1 - node.y0)
						if (node.stub) {
							return (
								<g key={node.id} className={`sankey-stub stub-${node.stub}`} data-testid="sankey-stub" data-link-id={node.linkId}>
									<rect x={node.x0} y={node.y0} width={SANKEY_NODE_WIDTH / 2} height={height} />
									{label}
								</g>
							)
						}
						const activate = () => onSelect(node.linkId)
						return (
							<g
								key={node.id}
								className={`sankey-node severity-${severityOf(node.linkId)}`}
								tabIndex={0}
								role="button"
								// Its visible text, unwrapped (a name broken into lines is still one name).
								aria-label={`${names.link(node.linkId)} ${lines
									.filter((l) => l.className === 'sankey-figure')
									.map((l) => l.text)
									.join(' ')}`}
								data-link-key={data.chain.links.find((l) => l.id === node.linkId)?.key}
								onClick={activate}
								onKeyDown={(event) => {
									if (event.key === 'Enter' || event.key === ' ') {
										event.preventDefault()
										activate()
									}
								}}
							>
								<rect x={node.x0} y={node.y0} width={node.x1 - node.x0} height={height} />
								{label}
							</g>
						)
					})}
				</svg>
			</ScrollRegion>
		</section>
	)
}

/**
 * Recycled material going back upstream: an arc as wide as its band from the recycling link down, back
 * along a lane under the diagram and up into the link it returns to, a chevron on the lane pointing the way
 * it goes, and its figure under the lane. Named for screen readers with both links and the figure.
 */
function ReturnArc({ arc, from, to, amount }: { arc: PlacedReturn; from: string; to: string; amount: string }) {
	const { t } = useTranslation()
	const label = t('flows.returnArc', { from, to, amount })
	return (
		<g className="sankey-return" data-testid="sankey-return">
			<path d={arc.path} strokeWidth={arc.width} className="sankey-band band-returned return-arc" data-kind="returned" role="img" aria-label={label}>
				<title>{label}</title>
			</path>
			<path d={arc.arrow} className="return-arrow" aria-hidden="true" />
			<text x={arc.label.x} y={arc.label.y} className="return-figure" aria-hidden="true">
				{/* Three short lines, not one long one: an English link name alone is as wide as a phone's box. */}
				<tspan x={arc.label.x}>{t('flows.returnLead')} </tspan>
				<tspan x={arc.label.x} dy={LINE_HEIGHT}>
					{to}{' '}
				</tspan>
				<tspan x={arc.label.x} dy={LINE_HEIGHT}>
					{amount}
				</tspan>
			</text>
		</g>
	)
}

/** A band's figure at its downstream end, on a white halo so it reads over other bands. */
function BandFigure({ band, text }: { band: PlacedBand; text: string }) {
	return (
		// In a wide band the figure sits near its top edge, clear of the label centred on the node before it.
		<text
			x={band.x1 - 6}
			y={band.width > 28 ? band.y1 - band.width / 2 + 10 : band.y1}
			dy="0.35em"
			textAnchor="end"
			className={`band-figure band-figure-${band.kind}`}
		>
			{text}
		</text>
	)
}

/** The same flows in words: per link, what it makes, what comes in from outside, where it goes, what leaks. */
function FlowTable({ data }: { data: ChainPageData }) {
	const { t } = useTranslation()
	const { names, locale } = useGapText(data)
	const join = locale === 'en' ? '; ' : '；'
	const qty = (value: number, linkId: string) => formatQuantity(value, names.unit(linkId), locale)
	const flowsOf = (linkId: string) => data.flows.flows.filter((f) => f.materialLinkId === linkId)
	return (
		<details className="flow-details" open>
			<summary>{t('flows.tableTitle')}</summary>
			<table className="data-table stack-table flow-table" data-testid="flow-table">
				<caption className="visually-hidden">{t('flows.tableTitle')}</caption>
				<thead>
					<tr>
						<th scope="col">{t('gaps.link')}</th>
						<th scope="col" className="num">
							{t('flows.columns.produced')}
						</th>
						<th scope="col" className="num">
							{t('flows.columns.imported')}
						</th>
						<th scope="col">{t('flows.columns.goesTo')}</th>
						<th scope="col" className="num">
							{t('flows.columns.outflow')}
						</th>
					</tr>
				</thead>
				<tbody>
					{data.flows.balances.map((b) => {
						const destinations = flowsOf(b.linkId).flatMap((f) => {
							switch (f.kind) {
								case 'local':
									return [t('flows.to', { link: names.link(f.toLinkId!), amount: qty(f.value!, b.linkId) })]
								case 'unknown':
									return [t('flows.toUnknown', { link: names.link(f.toLinkId!) })]
								case 'returned':
									return [t('flows.toReturned', { link: names.link(f.toLinkId!), amount: qty(f.value!, b.linkId) })]
								case 'final':
									return [t('flows.toFinal', { amount: qty(f.value!, b.linkId) })]
								case 'unallocated':
									return [t('flows.toUnallocated', { amount: qty(f.value!, b.linkId) })]
								default:
									return []
							}
						})
						return (
							<tr key={b.linkId} data-link-id={b.linkId}>
								<th scope="row">{names.link(b.linkId)}</th>
								<td className="num" data-label={t('flows.columns.produced')}>
									{b.produced > 0 ? qty(b.produced, b.linkId) : t('flows.noLocalOutput')}
									{b.producedComplete ? null : <span className="muted"> {t('gaps.unknownSupply')}</span>}
								</td>
								<td className={`num${b.imported > 0 ? ' leak-cell import' : ''}`} data-label={t('flows.columns.imported')}>
									{b.imported > 0 ? qty(b.imported, b.linkId) : '—'}
								</td>
								<td data-label={t('flows.columns.goesTo')}>{destinations.join(join) || '—'}</td>
								<td className={`num${b.outflow > 0 ? ' leak-cell outflow' : ''}`} data-label={t('flows.columns.outflow')}>
									{b.outflow > 0 ? qty(b.outflow, b.linkId) : '—'}
								</td>
							</tr>
						)
					})}
				</tbody>
			</table>
		</details>
	)
}
