import { Form, useNavigation } from '@remix-run/react'
import { Fragment, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import {
	type CardErrors,
	DOCUMENT_FIELDS,
	type DocumentValues,
	cardConfidence,
	highlightSegments,
	locateExcerpt,
	parseReviewCard,
	readReviewForm,
	type ReviewCardValues,
} from '~/domain/quota/target-review'
import { cardId, markId, reveal, type ReviewChain, TargetReviewCard } from './target-review-card'

export type ReviewFormError = { key: string; count?: number; params?: Record<string, string | number> }

/** The document text with every located excerpt highlighted; a target's number links to its card. */
function HighlightedText({ text, ranges, accepted }: { text: string; ranges: ({ start: number; end: number } | null)[]; accepted: boolean[] }) {
	const { t } = useTranslation()
	const segments = useMemo(() => highlightSegments(text.length, ranges), [text, ranges])
	return (
		<div className="policy-text" data-testid="policy-text">
			{segments.map((segment) => {
				const piece = text.slice(segment.start, segment.end)
				const [first] = segment.targets
				if (first === undefined) return <Fragment key={segment.start}>{piece}</Fragment>
				const discarded = segment.targets.every((index) => !accepted[index])
				return (
					// The number before each excerpt is the keyboard way to the card; a click anywhere on the mark is the mouse way.
					<mark key={segment.start} className={`target-mark${discarded ? ' is-discarded' : ''}`} onClick={() => reveal(cardId(first))}>
						{segment.starting.map((index) => (
							<a
								key={index}
								id={markId(index)}
								href={`#${cardId(index)}`}
								className="target-ref"
								aria-label={t('policyImport.review.mark', { n: index + 1 })}
								onClick={(event) => {
									event.preventDefault()
									event.stopPropagation()
									reveal(cardId(index))
								}}
							>
								{index + 1}
							</a>
						))}
						{piece}
					</mark>
				)
			})}
		</div>
	)
}

/**
 * Step 2 of /quotas/import: the text with its targets highlighted beside one
 * card per target, in one form that posts everything back ("save" or "back").
 * Before saving, the accepted cards are checked here with the parser the action
 * uses, so most mistakes show without a round trip.
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
	formError: ReviewFormError | null
	chains: ReviewChain[]
	units: { name: string }[]
}) {
	const { t } = useTranslation()
	const navigation = useNavigation()
	const [accepted, setAccepted] = useState(() => cards.map((card) => card.accepted))
	const [clientCheck, setClientCheck] = useState<{ errors: CardErrors[]; formError: ReviewFormError | null } | null>(null)
	const ranges = useMemo(() => cards.map((card) => locateExcerpt(document.text, card)), [document.text, cards])
	const acceptedCount = accepted.filter(Boolean).length
	const doubtful = useMemo(() => cards.filter((card) => cardConfidence(card).level !== 'high').length, [cards])
	const errorsOf = (index: number) => (clientCheck ? clientCheck.errors[index] : cardErrors[index]) ?? {}
	const shownFormError = clientCheck ? clientCheck.formError : formError
	const saving = navigation.state === 'submitting' && navigation.formData?.get('intent') === 'save'

	return (
		<Form
			method="post"
			className="policy-review-form"
			noValidate
			onSubmit={(event) => {
				const submitter = (event.nativeEvent as SubmitEvent).submitter
				if (submitter?.getAttribute('value') !== 'save') return
				const { cards: posted } = readReviewForm(new FormData(event.currentTarget))
				const errors = posted.map((card) => (card.accepted ? parseReviewCard(card, chains) : null)).map((p) => (p && !p.ok ? p.errors : {}))
				const invalid = errors.filter((e) => Object.keys(e).length > 0).length
				const problem =
					invalid > 0 ? { key: 'policyImport.errors.fixCards', count: invalid } : acceptedCount === 0 ? { key: 'policyImport.errors.noneAccepted' } : null
				// A passing check steps aside so the server's answer (a refusal, if any) is what shows.
				setClientCheck(problem ? { errors, formError: problem } : null)
				if (!problem) return
				event.preventDefault()
				const firstInvalid = errors.findIndex((e) => Object.keys(e).length > 0)
				if (firstInvalid !== -1) reveal(cardId(firstInvalid))
			}}
		>
			{DOCUMENT_FIELDS.map((name) => (
				<input key={name} type="hidden" name={name} value={document[name]} />
			))}
			<input type="hidden" name="cardCount" value={cards.length} />

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

			{cards.length === 0 ? (
				<p className="callout-warn" role="status" data-testid="no-targets">
					{t('policyImport.review.none')}
				</p>
			) : (
				<p className="intro" role="status" data-testid="targets-found">
					{t('policyImport.review.found', { count: cards.length })}
					{doubtful > 0 ? <> {t('policyImport.review.doubtful', { count: doubtful })}</> : null}
				</p>
			)}
			{shownFormError ? (
				<p className="form-error" role="alert" data-testid="review-error">
					{t(shownFormError.key, { count: shownFormError.count, ...shownFormError.params })}
				</p>
			) : null}

			{cards.length > 0 ? (
				<div className="policy-review">
					<section aria-labelledby="policy-text-heading" className="policy-review-text">
						<h3 id="policy-text-heading">{t('policyImport.review.documentText')}</h3>
						<HighlightedText text={document.text} ranges={ranges} accepted={accepted} />
					</section>
					<section aria-labelledby="targets-heading" className="policy-review-cards">
						<h3 id="targets-heading">{t('policyImport.review.targets')}</h3>
						{cards.map((card, index) => (
							<TargetReviewCard
								key={index}
								index={index}
								values={card}
								errors={errorsOf(index)}
								located={ranges[index] !== null}
								accepted={accepted[index] ?? false}
								onAcceptedChange={(value) => setAccepted((all) => all.map((a, i) => (i === index ? value : a)))}
								chains={chains}
								units={units}
							/>
						))}
					</section>
				</div>
			) : null}

			<p className="form-row review-actions">
				{/* Save first: Enter in a field submits with the first button. */}
				{cards.length > 0 ? (
					<button type="submit" name="intent" value="save" className="button-primary" disabled={saving} data-testid="save-targets">
						{saving ? t('policyImport.review.saving') : t('policyImport.review.save', { count: acceptedCount })}
					</button>
				) : null}
				<button type="submit" name="intent" value="back" data-testid="review-back">
					{t('policyImport.review.back')}
				</button>
			</p>
		</Form>
	)
}
