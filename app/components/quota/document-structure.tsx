import { Fragment, memo, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { type OutlineBlock, type SourceField } from '~/domain/policy/review-outline'

/** A target's clause in the text (its first place), numbered as its card. */
export type TargetRange = { index: number; start: number; end: number }
/** What the selected card marks: a whole place (field null) or the characters of one field. */
export type SourceMark = { start: number; end: number; field: SourceField | null }

const NONE: never[] = []

/** Ids that tie a card to its highlight in the text (both ways). */
export const cardId = (index: number) => `target-card-${index + 1}`
export const markId = (index: number) => `target-mark-${index + 1}`

type BlockProps = {
	text: string
	block: OutlineBlock
	/** The targets whose clause starts or lies in this block (stable until cards are merged or split). */
	targets: TargetRange[]
	/** Indexes of discarded targets in this block, joined: a string, so an unchanged block does not render again. */
	discarded: string
	/** The selected card's marks in this block; the same empty list when none. */
	marks: SourceMark[]
	onShowCard: (index: number) => void
}

/**
 * The characters from start to end, cut at every target clause and every mark
 * of the selected card: a clause is a <mark> (with its card's number as a link
 * at its start), a mark of the selection a <mark> inside it.
 */
function Pieces({ text, start, end, targets, discarded, marks, onShowCard }: Omit<BlockProps, 'block'> & { start: number; end: number }) {
	const { t } = useTranslation()
	const cuts = new Set([start, end])
	for (const r of [...targets, ...marks]) {
		if (r.start > start && r.start < end) cuts.add(r.start)
		if (r.end > start && r.end < end) cuts.add(r.end)
	}
	const points = [...cuts].sort((a, b) => a - b)
	const gone = new Set(discarded ? discarded.split(',').map(Number) : [])
	const pieces: ReactNode[] = []
	for (let i = 0; i + 1 < points.length; i++) {
		const from = points[i]!
		const to = points[i + 1]!
		let node: ReactNode = text.slice(from, to)
		// A field's characters over the place they are in.
		const mark = marks.find((m) => m.field && m.start <= from && m.end >= to) ?? marks.find((m) => m.start <= from && m.end >= to)
		if (mark) {
			node = (
				<mark className={mark.field ? `source-mark is-field is-${mark.field}` : 'source-mark'} data-testid={mark.field ? 'source-field-mark' : 'source-mark'}>
					{node}
				</mark>
			)
		}
		const covering = targets.filter((r) => r.start <= from && r.end >= to)
		if (covering.length > 0) {
			const starting = covering.filter((r) => r.start === from)
			node = (
				<mark key={from} className={`target-mark${covering.every((r) => gone.has(r.index)) ? ' is-discarded' : ''}`}>
					{starting.map((r) => (
						<a
							key={r.index}
							id={markId(r.index)}
							href={`#${cardId(r.index)}`}
							className="target-ref"
							aria-label={t('policyImport.review.mark', { n: r.index + 1 })}
							onClick={(event) => {
								event.preventDefault()
								onShowCard(r.index)
							}}
						>
							{r.index + 1}
						</a>
					))}
					{node}
				</mark>
			)
		}
		pieces.push(<Fragment key={from}>{node}</Fragment>)
	}
	return <>{pieces}</>
}

/** One block of the document; renders again only when its targets, discards or marks change. */
const Block = memo(function Block({ text, block, targets, discarded, marks, onShowCard }: BlockProps) {
	const pieces = (start: number, end: number) => (
		<Pieces text={text} start={start} end={end} targets={targets} discarded={discarded} marks={marks} onShowCard={onShowCard} />
	)
	switch (block.kind) {
		case 'heading':
			return block.level === 1 ? (
				<h4 className="outline-heading">{pieces(block.start, block.end)}</h4>
			) : (
				<h5 className="outline-heading is-sub">{pieces(block.start, block.end)}</h5>
			)
		case 'table': {
			const width = Math.max(...block.rows.map((row) => row.cells.length))
			return (
				<div className="outline-table-wrap">
					<table className="outline-table">
						<tbody>
							{block.rows.map((row) => (
								<tr key={row.start}>
									{row.cells.map((cell, i) => (
										<td key={cell.start} colSpan={row.cells.length === 1 ? width : i === row.cells.length - 1 ? width - i : undefined}>
											{pieces(cell.start, cell.end)}
										</td>
									))}
								</tr>
							))}
						</tbody>
					</table>
				</div>
			)
		}
		default:
			return <p className={block.kind === 'item' ? 'outline-item' : 'outline-paragraph'}>{pieces(block.start, block.end)}</p>
	}
})

/**
 * The document as its structure reader sees it (headings, numbered items,
 * paragraphs, tables), every target's clause highlighted and numbered, and the
 * selected card's places and field characters marked. Each block is its own
 * memoized component: selecting a card renders again only the blocks it marks.
 */
export const DocumentStructure = memo(function DocumentStructure({
	text,
	outline,
	targets,
	discarded,
	marks,
	onShowCard,
}: {
	text: string
	outline: OutlineBlock[]
	/** Targets per block, by block index. */
	targets: TargetRange[][]
	discarded: string[]
	/** Marks per block, by block index. */
	marks: Map<number, SourceMark[]>
	onShowCard: (index: number) => void
}) {
	return (
		<div className="policy-text policy-outline" data-testid="policy-text">
			{outline.map((block, i) => (
				<Block
					key={block.start}
					text={text}
					block={block}
					targets={targets[i] ?? NONE}
					discarded={discarded[i] ?? ''}
					marks={marks.get(i) ?? NONE}
					onShowCard={onShowCard}
				/>
			))}
		</div>
	)
})

/** Marks by the index of the block they fall in (a mark across two blocks is in both). */
export function marksByBlock(outline: OutlineBlock[], marks: SourceMark[]): Map<number, SourceMark[]> {
	const result = new Map<number, SourceMark[]>()
	for (const mark of marks) {
		for (let i = firstBlockAtOrAfter(outline, mark.start); i < outline.length && outline[i]!.start < mark.end; i++) {
			if (outline[i]!.end <= mark.start) continue
			result.set(i, [...(result.get(i) ?? []), mark])
		}
	}
	return result
}

/** The first block that ends after `at` (blocks are in order and do not overlap). */
function firstBlockAtOrAfter(outline: OutlineBlock[], at: number) {
	let low = 0
	let high = outline.length
	while (low < high) {
		const mid = (low + high) >> 1
		if (outline[mid]!.end <= at) low = mid + 1
		else high = mid
	}
	return low
}
