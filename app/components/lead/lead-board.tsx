import { Link, useFetchers, useSubmit } from '@remix-run/react'
import { type DragEvent, type RefObject, useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { SampleBadge } from '~/components/sample-badge'
import { canMoveLead, isOpenStage, type LeadStage } from '~/domain/lead/stages'
import { formatDate } from '~/utils/format'
import { LeadMarkers } from './lead-markers'
import { LEAD_MOVE_ACTION, LEAD_MOVE_FETCHER_PREFIX, leadMoveFetcherKey, LeadMoveForm } from './lead-move-form'

type BoardCard = {
	id: string
	stage: string
	priority: string
	nextActionDate: Date | null
	isSample: boolean
	overdue: boolean
	stalled: boolean
	company: { name: string; isSample: boolean }
	owner: { name: string }
	/** The signed-in user may move it (ADR 0010); others' cards are shown without the controls. */
	canChange: boolean
}
type BoardColumn = { stage: LeadStage; total: number; cards: BoardCard[] }

/**
 * Which sides of a horizontally scrolling element hide columns, kept up to date
 * as it scrolls or resizes: the board marks those edges, so a cut-off column
 * never looks like the last one.
 */
function useHiddenSides(ref: RefObject<HTMLElement>) {
	const [sides, setSides] = useState({ left: false, right: false })
	useEffect(() => {
		const element = ref.current
		if (!element) return
		const measure = () => {
			const left = element.scrollLeft > 1
			const right = element.scrollLeft + element.clientWidth < element.scrollWidth - 1
			setSides((was) => (was.left === left && was.right === right ? was : { left, right }))
		}
		measure()
		element.addEventListener('scroll', measure, { passive: true })
		const resized = new ResizeObserver(measure)
		resized.observe(element)
		return () => {
			element.removeEventListener('scroll', measure)
			resized.disconnect()
		}
	}, [ref])
	return sides
}

/** Moves still in flight (lead id → target stage), shown as done until the server answers. */
function usePendingMoves() {
	const pending = new Map<string, string>()
	for (const fetcher of useFetchers()) {
		if (!fetcher.key.startsWith(LEAD_MOVE_FETCHER_PREFIX) || !fetcher.formData) continue
		const leadId = fetcher.formData.get('leadId')
		const toStage = fetcher.formData.get('toStage')
		if (typeof leadId === 'string' && typeof toStage === 'string') pending.set(leadId, toStage)
	}
	return pending
}

/** Columns with pending moves applied: moved cards leave their column and head the target one. */
function withPendingMoves(columns: BoardColumn[], pending: Map<string, string>) {
	const moved = columns
		.flatMap((column) => column.cards)
		.flatMap((card) => {
			const to = pending.get(card.id)
			return to && canMoveLead(card.stage, to) ? [{ ...card, stage: to }] : []
		})
	const movedIds = new Set(moved.map((card) => card.id))
	return columns.map((column) => {
		const staying = column.cards.filter((card) => !movedIds.has(card.id))
		const incoming = moved.filter((card) => card.stage === column.stage)
		const total = column.total - (column.cards.length - staying.length) + incoming.length
		return { ...column, total, cards: [...incoming, ...staying], hidden: column.total - column.cards.length }
	})
}

/**
 * Kanban of leads, one column per stage. Cards move by HTML5 drag and drop or
 * by their "Move to…" form; both post to the /leads action through the
 * card's fetcher, so the card shows where it goes at once.
 */
export function LeadBoard({ columns, moreHref }: { columns: BoardColumn[]; moreHref: (stage: LeadStage) => string }) {
	const { t } = useTranslation()
	const submit = useSubmit()
	const [dragged, setDragged] = useState<{ id: string; stage: string } | null>(null)
	const shown = withPendingMoves(columns, usePendingMoves())
	const boardRef = useRef<HTMLDivElement>(null)
	const hidden = useHiddenSides(boardRef)

	const dropAllowed = (stage: string) => dragged !== null && canMoveLead(dragged.stage, stage)
	const onDragOver = (stage: string) => (event: DragEvent) => {
		if (!dropAllowed(stage)) return
		event.preventDefault()
		event.dataTransfer.dropEffect = 'move'
	}
	const onDrop = (stage: string) => (event: DragEvent) => {
		event.preventDefault()
		if (dragged && dropAllowed(stage)) {
			submit({ leadId: dragged.id, toStage: stage }, { method: 'post', action: LEAD_MOVE_ACTION, navigate: false, fetcherKey: leadMoveFetcherKey(dragged.id) })
		}
		setDragged(null)
	}

	return (
		<>
			<p className="muted no-print">
				<span className="hint-pointer">{t('leads.board.hint')}</span>
				<span className="hint-touch">{t('leads.board.hintTouch')}</span>
			</p>
			{hidden.left || hidden.right ? (
				<p className="board-scroll-hint no-print" data-testid="board-scroll-hint">
					{t('leads.board.scrollHint')}
				</p>
			) : null}
			<div className="lead-board-frame" data-hidden-left={hidden.left || undefined} data-hidden-right={hidden.right || undefined}>
				<div ref={boardRef} className="lead-board" role="region" aria-label={t('leads.board.label')} data-testid="lead-board" tabIndex={0}>
					{shown.map((column) => (
						<section
							key={column.stage}
							className={`board-column${dropAllowed(column.stage) ? ' drop-ok' : ''}`}
							aria-labelledby={`column-${column.stage}`}
							data-stage={column.stage}
							onDragOver={onDragOver(column.stage)}
							onDrop={onDrop(column.stage)}
						>
							<h2 id={`column-${column.stage}`}>
								{t(`leads.stages.${column.stage}`)} <span className="badge">{t('leads.board.count', { count: column.total })}</span>
							</h2>
							{column.cards.length === 0 ? <p className="muted">{t('leads.board.emptyColumn')}</p> : null}
							<ul className="board-cards">
								{column.cards.map((card) => (
									<li
										key={card.id}
										className={`lead-card${card.overdue ? ' is-overdue' : card.stalled ? ' is-stalled' : ''}`}
										draggable={card.canChange && isOpenStage(card.stage)}
										onDragStart={(event) => {
											event.dataTransfer.setData('text/plain', card.id)
											event.dataTransfer.effectAllowed = 'move'
											setDragged({ id: card.id, stage: card.stage })
										}}
										onDragEnd={() => setDragged(null)}
									>
										<div>
											<Link to={`/leads/${card.id}`}>{card.company.name}</Link> <SampleBadge show={card.isSample || card.company.isSample} />
										</div>
										<div className="muted">
											{card.owner.name} · {t('leads.priority')} {t(`leads.priorities.${card.priority}`, { defaultValue: card.priority })}
										</div>
										{card.nextActionDate || card.overdue || card.stalled ? (
											<div>
												{card.nextActionDate ? `${t('leads.nextAction')} ${formatDate(card.nextActionDate)} ` : null}
												<LeadMarkers overdue={card.overdue} stalled={card.stalled} />
											</div>
										) : null}
										{card.canChange ? <LeadMoveForm lead={card} /> : null}
									</li>
								))}
							</ul>
							{column.hidden > 0 ? <Link to={moreHref(column.stage)}>{t('leads.board.more', { count: column.hidden })}</Link> : null}
						</section>
					))}
				</div>
			</div>
		</>
	)
}
