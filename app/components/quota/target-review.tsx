import { Form, useNavigation } from '@remix-run/react'
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { splitUnitNames } from '~/domain/policy/document'
import { documentOutline, fieldSpans, locateSource, type SourceField } from '~/domain/policy/review-outline'
import { cardSources, mergeCards, type MergeWinners, splitCard } from '~/domain/quota/review-edit'
import {
	type CardErrors,
	DOCUMENT_FIELDS,
	type DocumentValues,
	cardConfidence,
	locateExcerpt,
	parseReviewCard,
	readReviewForm,
	type ReviewCardValues,
} from '~/domain/quota/target-review'
import { type UserMessage, userMessage } from '~/utils/user-error'
import { ErrorList } from '../forms'
import { cardId, DocumentStructure, marksByBlock, type SourceMark, type TargetRange } from './document-structure'
import { reveal, type ReviewChain, TargetReviewCard } from './target-review-card'

/** One card of the review as the page holds it: a key that lives as long as its inputs, and its values when last read. */
type Item = { uid: number; values: ReviewCardValues }
/** The selected card and the field whose source is shown (null: the whole places). */
type Selection = { uid: number; field: SourceField | null }

const NO_ERRORS: CardErrors = {}

/** The marks of a card's places in the text: every place whole, or the characters of one field in every place. */
function selectionMarks(text: string, card: ReviewCardValues, field: SourceField | null): SourceMark[] {
	const places = cardSources(card).flatMap((source) => locateSource(text, source) ?? [])
	if (places.length === 0) {
		const located = locateExcerpt(text, card)
		if (located) places.push(located)
	}
	const whole = places.map((p) => ({ ...p, field: null }))
	if (!field) return whole
	const values = { ...card, responsibleUnits: splitUnitNames(card.responsibleUnits) }
	return [...whole, ...places.flatMap((place) => fieldSpans(text, place, values).filter((span) => span.field === field))]
}

/**
 * Step 2 of /quotas/import: the document's structure beside one card per
 * target, in one form that posts everything back ("save" or "back"). Selecting
 * a card (or a field of it) marks where it was read, in every place; cards can
 * be merged and split here, and the form posts them as they stand. Before
 * saving, the accepted cards are checked with the parser the action uses, so
 * most mistakes show without a round trip. Inputs are uncontrolled: typing
 * renders nothing but the input.
 */
export function TargetReview({
	document,
	cards,
	cardErrors,
	formError,
	chains,
	units,
}: {
	document: DocumentValues
	cards: ReviewCardValues[]
	cardErrors: CardErrors[]
	/** A refused save's message about the whole review (ADR 0045). */
	formError: UserMessage | null
	chains: ReviewChain[]
	units: { name: string }[]
}) {
	const { t } = useTranslation()
	const navigation = useNavigation()
	const formRef = useRef<HTMLFormElement>(null)
	const paneRef = useRef<HTMLDivElement>(null)
	const nextUid = useRef(cards.length)
	// Items change only when cards are merged or split; the accept boxes have their own state.
	const [items, setItems] = useState<Item[]>(() => cards.map((values, uid) => ({ uid, values })))
	const [accepted, setAcceptedState] = useState<Record<number, boolean>>(() => Object.fromEntries(cards.map((card, uid) => [uid, card.accepted])))
	const itemsRef = useRef(items)
	itemsRef.current = items
	// Cards merged or split: the server's answers, by position, no longer fit.
	const [edited, setEdited] = useState(false)
	const [announcement, setAnnouncement] = useState('')
	const [selection, setSelection] = useState<Selection | null>(null)
	const [view, setView] = useState<'cards' | 'document'>('cards')
	const [pendingReveal, setPendingReveal] = useState<string | null>(null)
	const [clientCheck, setClientCheck] = useState<{ errors: CardErrors[]; formError: UserMessage | null } | null>(null)

	const text = document.text
	const outline = useMemo(() => documentOutline(text), [text])
	const ranges = useMemo(() => items.map((item) => locateExcerpt(text, item.values)), [text, items])
	// Each block's targets, as stable lists: a block renders again only when its own change.
	const targetsByBlock = useMemo(() => {
		const byBlock: TargetRange[][] = outline.map(() => [])
		ranges.forEach((range, index) => {
			if (!range) return
			outline.forEach((block, i) => {
				if (block.start < range.end && block.end > range.start) byBlock[i]!.push({ index, ...range })
			})
		})
		return byBlock
	}, [outline, ranges])
	const discardedByBlock = useMemo(
		() =>
			targetsByBlock.map((targets) =>
				targets
					.filter((r) => !accepted[items[r.index]?.uid ?? -1])
					.map((r) => r.index)
					.join(','),
			),
		[targetsByBlock, items, accepted],
	)
	const selectedIndex = selection ? items.findIndex((item) => item.uid === selection.uid) : -1
	const selected = selectedIndex === -1 ? null : items[selectedIndex]!
	const [selectedValues, setSelectedValues] = useState<ReviewCardValues | null>(null)
	const marks = useMemo(
		() =>
			selected && selectedValues ? marksByBlock(outline, selectionMarks(text, selectedValues, selection?.field ?? null)) : new Map<number, SourceMark[]>(),
		[outline, text, selected, selectedValues, selection?.field],
	)

	// The structure pane follows the selection: its first mark in the middle of the pane.
	useEffect(() => {
		const pane = paneRef.current
		if (!pane || marks.size === 0) return
		const first = pane.querySelector<HTMLElement>('[data-testid="source-field-mark"]') ?? pane.querySelector<HTMLElement>('[data-testid="source-mark"]')
		if (!first) return
		const top = first.getBoundingClientRect().top - pane.getBoundingClientRect().top + pane.scrollTop
		pane.scrollTo({ top: Math.max(0, top - pane.clientHeight / 3), behavior: 'smooth' })
	}, [marks, view])
	useEffect(() => {
		if (!pendingReveal) return
		reveal(pendingReveal)
		setPendingReveal(null)
	}, [pendingReveal])

	/** Every card as the form holds it now (what the reviewer typed included). */
	const readCards = useCallback(() => (formRef.current ? readReviewForm(new FormData(formRef.current)).cards : itemsRef.current.map((i) => i.values)), [])
	const readCard = useCallback((uid: number) => readCards()[itemsRef.current.findIndex((item) => item.uid === uid)] ?? null, [readCards])

	const select = useCallback(
		(uid: number, field: SourceField | null) => {
			setSelection((current) => (current?.uid === uid && current.field === field ? current : { uid, field }))
			// Read now, from the form: what the reviewer typed is where the marks look (unchanged values keep the marks as they are).
			const values = readCard(uid)
			setSelectedValues((current) => (values && current && JSON.stringify(values) === JSON.stringify(current) ? current : values))
		},
		[readCard],
	)
	const showSource = useCallback(
		(uid: number) => {
			select(uid, null)
			setView('document')
		},
		[select],
	)
	const showCard = useCallback((index: number) => {
		const item = itemsRef.current[index]
		if (!item) return
		setSelection((current) => (current?.uid === item.uid ? current : { uid: item.uid, field: null }))
		setSelectedValues(item.values)
		setView('cards')
		setPendingReveal(cardId(index))
	}, [])
	const setAccepted = useCallback((uid: number, value: boolean) => setAcceptedState((all) => ({ ...all, [uid]: value })), [])
	/** New cards in place of old ones: their accept boxes as their values say. */
	const replaceItems = useCallback((next: Item[]) => {
		setItems(next)
		setAcceptedState(Object.fromEntries(next.map((item) => [item.uid, item.values.accepted])))
		setEdited(true)
		setClientCheck(null)
	}, [])
	/** The cards as the form holds them, each keeping its key (its inputs stay as they are). */
	const current = useCallback(() => {
		const read = readCards()
		return itemsRef.current.map((item, i) => ({ uid: item.uid, values: read[i] ?? item.values }))
	}, [readCards])
	const merge = useCallback(
		(uid: number, otherIndex: number, winners: MergeWinners) => {
			const all = current()
			const index = all.findIndex((item) => item.uid === uid)
			const other = all[otherIndex]
			if (index === -1 || !other || otherIndex === index) return
			const merged = mergeCards(all[index]!.values, other.values, winners)
			const next = all.flatMap((item, i) => (i === otherIndex ? [] : i === index ? [{ uid: nextUid.current++, values: merged }] : [item]))
			const at = next.findIndex((item) => item.values === merged)
			replaceItems(next)
			setSelection({ uid: next[at]!.uid, field: null })
			setSelectedValues(merged)
			setAnnouncement(t('policyImport.review.merged', { a: index + 1, b: otherIndex + 1, n: at + 1, count: cardSources(merged).length }))
			setPendingReveal(cardId(at))
		},
		[t, current, replaceItems],
	)
	const split = useCallback(
		(uid: number) => {
			const all = current()
			const index = all.findIndex((item) => item.uid === uid)
			if (index === -1) return
			const { cards: parts, how } = splitCard(all[index]!.values)
			const next = [...all.slice(0, index), ...parts.map((values) => ({ uid: nextUid.current++, values })), ...all.slice(index + 1)]
			replaceItems(next)
			setSelection({ uid: next[index]!.uid, field: null })
			setSelectedValues(parts[0])
			setAnnouncement(t(`policyImport.review.splitDone.${how}`, { n: index + 1, m: index + 2 }))
			setPendingReveal(cardId(index))
		},
		[t, current, replaceItems],
	)

	const labels = useMemo(() => items.map((item, i) => t('policyImport.review.cardLabel', { n: i + 1, metric: item.values.metric })), [items, t])
	const acceptedCount = items.filter((item) => accepted[item.uid]).length
	const doubtful = useMemo(() => items.filter((item) => cardConfidence(item.values).level !== 'high').length, [items])
	const errorsOf = (index: number) => (clientCheck ? clientCheck.errors[index] : edited ? undefined : cardErrors[index]) ?? NO_ERRORS
	const shownFormError = clientCheck ? clientCheck.formError : edited ? null : formError
	const saving = navigation.state === 'submitting' && navigation.formData?.get('intent') === 'save'
	const selectedNumber = selectedIndex === -1 ? null : selectedIndex + 1

	return (
		<Form
			method="post"
			ref={formRef}
			className="policy-review-form"
			noValidate
			onSubmit={(event) => {
				const submitter = (event.nativeEvent as SubmitEvent).submitter
				if (submitter?.getAttribute('value') !== 'save') return
				const { cards: posted } = readReviewForm(new FormData(event.currentTarget))
				const errors = posted.map((card) => (card.accepted ? parseReviewCard(card, chains) : null)).map((p) => (p && !p.ok ? p.errors : {}))
				const invalid = errors.filter((e) => Object.keys(e).length > 0).length
				const problem =
					invalid > 0
						? userMessage('policyImport.errors.fixCards', { count: invalid })
						: acceptedCount === 0
							? userMessage('policyImport.errors.noneAccepted')
							: null
				// A passing check steps aside so the server's answer (a refusal, if any) is what shows.
				setClientCheck(problem ? { errors, formError: problem } : null)
				if (!problem) return
				event.preventDefault()
				const firstInvalid = errors.findIndex((e) => Object.keys(e).length > 0)
				if (firstInvalid !== -1) {
					setView('cards')
					setPendingReveal(cardId(firstInvalid))
				}
			}}
		>
			{DOCUMENT_FIELDS.map((name) => (
				<input key={name} type="hidden" name={name} value={document[name]} />
			))}
			<input type="hidden" name="cardCount" value={items.length} />

			<h2>{t('policyImport.review.heading')}</h2>
			<dl className="figures policy-summary">
				<dt>{t('policyImport.fields.title')}</dt>
				<dd>{document.title}</dd>
				{document.docNumber ? (
					<>
						<dt>{t('policyImport.fields.docNumber')}</dt>
						<dd>{document.docNumber}</dd>
					</>
				) : null}
				{document.issuer ? (
					<>
						<dt>{t('policyImport.fields.issuer')}</dt>
						<dd>{document.issuer}</dd>
					</>
				) : null}
				{document.issuedDate ? (
					<>
						<dt>{t('policyImport.fields.issuedDate')}</dt>
						<dd>{document.issuedDate}</dd>
					</>
				) : null}
			</dl>

			{items.length === 0 ? (
				<p className="callout-warn" role="status" data-testid="no-targets">
					{t('policyImport.review.none')}
				</p>
			) : (
				<p className="intro" data-testid="targets-found">
					{t('policyImport.review.found', { count: items.length })}
					{doubtful > 0 ? <> {t('policyImport.review.doubtful', { count: doubtful })}</> : null}
				</p>
			)}
			<p className="visually-hidden" role="status" data-testid="review-announcement">
				{announcement}
			</p>
			{shownFormError ? (
				<div data-testid="review-error">
					<ErrorList messages={[shownFormError]} />
				</div>
			) : null}

			{items.length > 0 ? (
				<>
					<div className="policy-review" data-view={view}>
						<section aria-labelledby="policy-text-heading" className="policy-review-text">
							<div className="policy-pane-head">
								<h3 id="policy-text-heading">{t('policyImport.review.structure')}</h3>
								{selectedNumber !== null ? (
									<button type="button" className="button-small back-to-card" onClick={() => showCard(selectedNumber - 1)} data-testid="back-to-card">
										{t('policyImport.review.backToCard', { n: selectedNumber })}
									</button>
								) : null}
							</div>
							<p className="muted field-hint">
								{selectedNumber === null
									? t('policyImport.review.structureHint')
									: selection?.field
										? t('policyImport.review.showingField', { n: selectedNumber, field: t(`policyImport.review.sourceFields.${selection.field}`) })
										: t('policyImport.review.showingCard', { n: selectedNumber })}
							</p>
							<div className="policy-pane" ref={paneRef}>
								<DocumentStructure text={text} outline={outline} targets={targetsByBlock} discarded={discardedByBlock} marks={marks} onShowCard={showCard} />
							</div>
						</section>
						<section aria-labelledby="targets-heading" className="policy-review-cards">
							<h3 id="targets-heading">{t('policyImport.review.targets')}</h3>
							<div className="policy-pane">
								{items.map((item, index) => (
									<TargetReviewCard
										key={item.uid}
										uid={item.uid}
										index={index}
										values={item.values}
										errors={errorsOf(index)}
										located={ranges[index] !== null}
										accepted={accepted[item.uid] ?? false}
										selected={selection?.uid === item.uid}
										labels={labels}
										onAcceptedChange={setAccepted}
										onSelect={select}
										onShowSource={showSource}
										onMerge={merge}
										onSplit={split}
										readCard={readCard}
										readCards={readCards}
										chains={chains}
										units={units}
									/>
								))}
							</div>
						</section>
					</div>
				</>
			) : null}

			<div className="form-row review-actions">
				{/* Under 64rem the two panes take turns; the switch sits in the bar at the bottom, at the thumb's reach. Type button: Enter still saves. */}
				{items.length > 0 ? (
					<div className="review-view-switch" role="group" aria-label={t('policyImport.review.viewSwitch')}>
						<button type="button" aria-pressed={view === 'document'} onClick={() => setView('document')} data-testid="view-document">
							{t('policyImport.review.viewDocument')}
						</button>
						<button type="button" aria-pressed={view === 'cards'} onClick={() => setView('cards')} data-testid="view-cards">
							{t('policyImport.review.viewCards', { count: items.length })}
						</button>
					</div>
				) : null}
				{/* Save first: Enter in a field submits with the first button. */}
				{items.length > 0 ? (
					<button type="submit" name="intent" value="save" className="button-primary" disabled={saving} data-testid="save-targets">
						{saving ? t('policyImport.review.saving') : t('policyImport.review.save', { count: acceptedCount })}
					</button>
				) : null}
				<button type="submit" name="intent" value="back" data-testid="review-back">
					{t('policyImport.review.back')}
				</button>
			</div>
		</Form>
	)
}
