import { memo, type ReactNode, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { type ConfidenceField, CONFIDENCE_FIELDS } from '~/domain/policy/confidence'
import { splitUnitNames } from '~/domain/policy/document'
import { type SourceField } from '~/domain/policy/review-outline'
import { MERGE_FIELDS, mergeDifferences, mergeFieldText, type MergeField, type MergeChoice, type MergeWinners } from '~/domain/quota/review-edit'
import {
	CARD_CHOICES,
	cardConfidence,
	type CardErrors,
	cardField,
	matchUnit,
	readSources,
	type ReviewCardValues,
	scopeChain,
	scopeLink,
} from '~/domain/quota/target-review'
import { COMPANY_TAGS } from '~/domain/seed/seed-files'
import { useLocalizedName } from '~/i18n/use-localized'
import { fieldAria, FieldError } from '../forms'
import { cardId } from './document-structure'

type Named = { name: string; nameEn: string }
type TextField = {
	[K in keyof ReviewCardValues]: ReviewCardValues[K] extends string ? K : never
}[keyof ReviewCardValues]
export type ReviewChain = Named & { slug: string; links: (Named & { key: string })[] }

/** Scrolls to an element and gives it the keyboard focus (cards and marks are focus targets). */
export function reveal(id: string) {
	const element = document.getElementById(id)
	if (!element) return
	element.scrollIntoView({ behavior: 'smooth', block: 'center' })
	element.focus({ preventScroll: true })
}

/** The part of the source a focused control shows: 目标值 and 比较 the number, 起止年份 and 分年度 the years… */
const SOURCE_OF: Partial<Record<keyof ReviewCardValues, SourceField>> = {
	metric: 'metric',
	op: 'value',
	value: 'value',
	valueMax: 'value',
	unit: 'unit',
	period: 'years',
	startYear: 'years',
	endYear: 'years',
	stages: 'years',
	responsibleUnits: 'responsibleUnits',
	members: 'members',
}
const sourceFieldOf = (name: string) => SOURCE_OF[name.split('.')[2] as keyof ReviewCardValues] ?? null

type CardProps = {
	/** The card's key in the review (stays through merges and splits of other cards). */
	uid: number
	index: number
	values: ReviewCardValues
	errors: CardErrors
	/** Whether the excerpt is highlighted in the text. */
	located: boolean
	accepted: boolean
	/** The card whose places the structure pane marks. */
	selected: boolean
	/** "目标 n：metric" of every card, for the merge picker. */
	labels: string[]
	onAcceptedChange: (uid: number, accepted: boolean) => void
	/** A control of the card got the focus: mark the source of its field (or the whole places). */
	onSelect: (uid: number, field: SourceField | null) => void
	onShowSource: (uid: number) => void
	onMerge: (uid: number, otherIndex: number, winners: MergeWinners) => void
	onSplit: (uid: number) => void
	readCard: (uid: number) => ReviewCardValues | null
	readCards: () => ReviewCardValues[]
	chains: ReviewChain[]
	units: { name: string }[]
}

/**
 * One extracted target to check: every field editable and labelled, the
 * suggested counting rule with the controls of the chosen kind, the accept
 * toggle, and merging with another card or splitting in two. Inputs are
 * uncontrolled (the posted form is the state); only what changes the card's
 * look is held here. Memoized: selecting another card or typing elsewhere does
 * not render it again.
 */
export const TargetReviewCard = memo(function TargetReviewCard({
	uid,
	index,
	values,
	errors,
	located,
	accepted,
	selected,
	labels,
	onAcceptedChange,
	onSelect,
	onShowSource,
	onMerge,
	onSplit,
	readCard,
	readCards,
	chains,
	units,
}: CardProps) {
	const { t } = useTranslation()
	const localized = useLocalizedName()
	const [kind, setKind] = useState(values.kind)
	const [unitNames, setUnitNames] = useState(values.responsibleUnits)
	const [merging, setMerging] = useState(false)
	const n = index + 1
	const name = (field: keyof ReviewCardValues) => cardField(index, field)
	const id = (field: keyof ReviewCardValues) => `c${n}-${field}`
	const error = (field: keyof ReviewCardValues) => <FieldError id={id(field)} message={errors[field]} />
	/** A control's aria wiring: invalid while its field has an error, described by its hint and its error. */
	const aria = (field: keyof ReviewCardValues, hint?: boolean) => fieldAria(id(field), errors[field], hint ? `${id(field)}-hint` : null)
	const text = (field: TextField, hint?: boolean) => ({
		id: id(field),
		name: name(field),
		defaultValue: values[field],
		...aria(field, hint),
	})
	const field = (key: keyof ReviewCardValues, control: ReactNode, hint?: string, className?: string) => (
		<div className={className ? `review-field ${className}` : 'review-field'}>
			<label htmlFor={id(key)}>{t(`policyImport.fields.${key}`)}</label>
			{control}
			{hint ? (
				<span className="muted field-hint" id={`${id(key)}-hint`}>
					{hint}
				</span>
			) : null}
			{error(key)}
		</div>
	)
	const checks = (key: 'projectTypes' | 'anyTag', options: readonly string[], label: (option: string) => string) => (
		<fieldset className="review-checks" {...aria(key)}>
			<legend>{t(`policyImport.fields.${key}`)}</legend>
			{options.map((option) => (
				<label key={option} className="checkbox-label">
					<input type="checkbox" name={name(key)} value={option} defaultChecked={values[key].includes(option)} /> {label(option)}
				</label>
			))}
			{error(key)}
		</fieldset>
	)
	const toggle = (key: 'clusterLeadingOnly' | 'newInYear') => (
		<label className="checkbox-label" htmlFor={id(key)}>
			<input type="checkbox" id={id(key)} name={name(key)} defaultChecked={values[key]} /> {t(`policyImport.fields.${key}`)}
		</label>
	)
	const select = (
		key: 'op' | 'period' | 'kind' | 'countStage' | 'measure' | 'figure',
		label: (option: string) => string,
		onChange?: (value: string) => void,
	) => (
		<select {...text(key)} onChange={onChange ? (event) => onChange(event.currentTarget.value) : undefined}>
			{CARD_CHOICES[key].map((option) => (
				<option key={option} value={option}>
					{label(option)}
				</option>
			))}
		</select>
	)
	const scope = field(
		'scope',
		<select multiple size={6} id={id('scope')} name={name('scope')} defaultValue={values.scope} {...aria('scope', true)}>
			{chains.map((chain) => (
				<optgroup key={chain.slug} label={localized(chain)}>
					<option value={scopeChain(chain.slug)}>{t('policyImport.wholeChain', { name: localized(chain) })}</option>
					{chain.links.map((link) => (
						<option key={link.key} value={scopeLink(chain.slug, link.key)}>
							{localized(link)}
						</option>
					))}
				</optgroup>
			))}
		</select>,
		t('policyImport.hints.scope'),
		'review-field-wide',
	)
	const newUnits = splitUnitNames(unitNames).filter((unitName) => !matchUnit(unitName, units))
	// As extracted (or as posted back): what the reviewer should look at first, field by field.
	const confidence = cardConfidence(values)
	const doubtOf = (key: ConfidenceField) => {
		const c = confidence[key]
		if (c.level === 'high') return null
		return (
			<span className={`field-doubt is-${c.level}`} data-testid={`doubt-${key}`}>
				{c.reasons.map((reason) => t(`policyImport.confidence.reasons.${reason}`)).join('；')}
			</span>
		)
	}
	const withDoubt = (key: ConfidenceField, node: ReactNode) => (
		<div className="review-field-with-doubt">
			{node}
			{doubtOf(key)}
		</div>
	)
	const sources = readSources(values.sources)

	return (
		<fieldset
			className={`target-card${accepted ? '' : ' is-discarded'}${confidence.level === 'high' ? '' : ` is-doubtful-${confidence.level}`}${selected ? ' is-selected' : ''}`}
			id={cardId(index)}
			tabIndex={-1}
			data-testid="target-card"
			data-confidence={confidence.level}
			onFocus={(event) => {
				const target = event.target as HTMLElement & { name?: string }
				// The merge picker's own controls show nothing new.
				if (target.closest('.merge-panel')) return
				onSelect(uid, target.name ? sourceFieldOf(target.name) : null)
			}}
		>
			<legend>
				<span className="target-number">{n}</span> {t('policyImport.review.card', { n })}
				{confidence.level === 'high' ? null : (
					<span className={`badge confidence-badge is-${confidence.level}`} data-testid="confidence-badge">
						{t(`policyImport.confidence.${confidence.level}`)}：
						{CONFIDENCE_FIELDS.filter((f) => confidence[f].level !== 'high')
							.map((f) => t(`policyImport.confidence.fields.${f}`))
							.join('、')}
					</span>
				)}
			</legend>
			<div className="target-card-head">
				<label className="checkbox-label" htmlFor={id('accepted')}>
					<input
						type="checkbox"
						id={id('accepted')}
						name={name('accepted')}
						checked={accepted}
						onChange={(event) => onAcceptedChange(uid, event.currentTarget.checked)}
						data-testid="target-accept"
					/>{' '}
					{t('policyImport.review.accept')}
				</label>
				{accepted ? null : <span className="badge">{t('policyImport.review.discarded')}</span>}
				{located ? (
					<button type="button" className="link-button" onClick={() => onShowSource(uid)} data-testid="show-source">
						{t('policyImport.review.showInText')}
					</button>
				) : (
					<span className="muted">{t('policyImport.review.notInText')}</span>
				)}
				<span className="card-tools">
					<button type="button" aria-expanded={merging} onClick={() => setMerging((open) => !open)} disabled={labels.length < 2} data-testid="merge-card">
						{t('policyImport.review.merge')}
					</button>
					<button type="button" onClick={() => onSplit(uid)} data-testid="split-card">
						{t('policyImport.review.split')}
					</button>
				</span>
			</div>
			{merging ? (
				<MergePanel
					uid={uid}
					index={index}
					labels={labels}
					readCard={readCard}
					readCards={readCards}
					onMerge={(otherIndex, winners) => {
						setMerging(false)
						onMerge(uid, otherIndex, winners)
					}}
					onCancel={() => setMerging(false)}
				/>
			) : null}
			<p className="target-excerpt">
				<span className="muted">{t('policyImport.review.excerpt')}：</span>
				{values.excerpt}
			</p>
			{sources.length > 1 ? (
				<div className="target-sources" data-testid="target-sources">
					<p className="muted">{t('policyImport.review.sources', { count: sources.length })}</p>
					<ol>
						{sources.map((source) => (
							<li key={`${source.start}-${source.excerpt}`}>
								<span className="muted">
									{source.section ? t('policyImport.review.sourceAt', { section: source.section }) : t('policyImport.review.sourceNoSection')}
								</span>{' '}
								{source.excerpt}
							</li>
						))}
					</ol>
				</div>
			) : null}
			{error('excerpt')}
			<input type="hidden" name={name('sources')} value={values.sources} />
			<input type="hidden" name={name('notes')} value={values.notes} />
			<input type="hidden" name={name('excerpt')} value={values.excerpt} />
			<input type="hidden" name={name('start')} value={values.start} />
			<input type="hidden" name={name('end')} value={values.end} />

			<div className="review-grid">
				{field('metric', withDoubt('metric', <input {...text('metric')} />), undefined, 'review-field-wide')}
				{field(
					'op',
					select('op', (o) => t(`quotas.ops.${o}`)),
				)}
				{field('value', withDoubt('value', <input {...text('value')} inputMode="decimal" />))}
				{field('valueMax', <input {...text('valueMax', true)} inputMode="decimal" />, t('policyImport.hints.valueMax'))}
				{field('unit', withDoubt('unit', <input {...text('unit')} size={6} />))}
				{field(
					'period',
					select('period', (p) => t(`quotas.periods.${p}`)),
				)}
				{field('startYear', <input {...text('startYear')} inputMode="numeric" size={6} />)}
				{field('endYear', withDoubt('period', <input {...text('endYear')} inputMode="numeric" size={6} />))}
				{field('stages', <input {...text('stages', true)} data-testid="card-stages" />, t('policyImport.hints.stages'), 'review-field-wide')}
				{field('members', <input {...text('members', true)} size={8} data-testid="card-members" />, t('policyImport.hints.members'), 'review-field-wide')}
				{field('section', <input {...text('section')} size={10} />)}
				{field(
					'responsibleUnits',
					withDoubt('responsibleUnits', <input {...text('responsibleUnits', true)} onChange={(event) => setUnitNames(event.currentTarget.value)} />),
					t('policyImport.hints.responsibleUnits'),
					'review-field-wide',
				)}
			</div>
			{splitUnitNames(unitNames).length > 0 ? (
				<p className={newUnits.length > 0 ? 'units-new' : 'muted'} role="status">
					{newUnits.length > 0 ? t('policyImport.review.unitsNew', { names: newUnits.join('、') }) : t('policyImport.review.unitsKnown')}
				</p>
			) : null}

			<fieldset className="review-subset">
				<legend>{t('policyImport.review.filters')}</legend>
				<div className="review-grid">
					{field(
						'minInvestment',
						<span className="money-input">
							<input {...text('minInvestment')} inputMode="decimal" size={8} />
							<select name={name('minInvestmentUnit')} defaultValue={values.minInvestmentUnit} aria-label={t('policyImport.fields.minInvestmentUnit')}>
								{CARD_CHOICES.minInvestmentUnit.map((unit) => (
									<option key={unit} value={unit}>
										{t(`policyImport.moneyUnits.${unit}`)}
									</option>
								))}
							</select>
						</span>,
					)}
					{field('categories', <input {...text('categories', true)} />, t('policyImport.hints.categories'), 'review-field-wide')}
				</div>
				{checks('projectTypes', CARD_CHOICES.projectTypes, (type) => t(`projects.types.${type}`))}
			</fieldset>

			<fieldset className="review-subset">
				<legend>{t('policyImport.review.rules')}</legend>
				<p className="muted field-hint">{t('policyImport.hints.rules')}</p>
				<div className="review-grid">
					{field(
						'kind',
						select('kind', (k) => t(`quotas.kinds.${k}`), setKind),
					)}
					{/* Every kind's controls stay in the form (hidden when not chosen) so switching back keeps what was set. */}
					<div className="review-kind-fields" hidden={kind !== 'projects'}>
						{field(
							'countStage',
							select('countStage', (s) => t(`policyImport.countStages.${s}`)),
						)}
						{field(
							'measure',
							select('measure', (m) => t(`policyImport.measures.${m}`)),
						)}
						{toggle('clusterLeadingOnly')}
					</div>
					<div className="review-kind-fields" hidden={kind !== 'companies_with_tag'}>
						{checks('anyTag', COMPANY_TAGS, (tag) => t(`tags.${tag}`))}
						{field('minRevenueYi', <input {...text('minRevenueYi')} inputMode="decimal" size={8} />)}
						{toggle('newInYear')}
					</div>
					<div className="review-kind-fields" hidden={kind !== 'sum'}>
						{field(
							'figure',
							select('figure', (f) => t(`policyImport.figures.${f}`)),
						)}
					</div>
				</div>
				<div hidden={kind === 'manual'}>{scope}</div>
			</fieldset>
		</fieldset>
	)
})

/**
 * Merging another card into this one: pick the card, then, for every field in
 * which the two differ, whose value stays (this card's by default; 责任单位 may
 * be both). Every place either card cites is kept.
 */
function MergePanel({
	uid,
	index,
	labels,
	readCard,
	readCards,
	onMerge,
	onCancel,
}: {
	uid: number
	index: number
	labels: string[]
	readCard: (uid: number) => ReviewCardValues | null
	readCards: () => ReviewCardValues[]
	onMerge: (otherIndex: number, winners: MergeWinners) => void
	onCancel: () => void
}) {
	const { t } = useTranslation()
	const [other, setOther] = useState<{ index: number; a: ReviewCardValues; b: ReviewCardValues } | null>(null)
	const [winners, setWinners] = useState<MergeWinners>({})
	const n = index + 1
	const pickId = `c${n}-merge-with`
	const differences = other ? mergeDifferences(other.a, other.b) : []
	// As a reviewer reads them: 达到 15 个, 到期末 2025–2027 (the raw values only for the other groups).
	const shown = (card: ReviewCardValues, field: MergeField) => {
		const text =
			field === 'value'
				? `${t(`quotas.ops.${card.op}`, { defaultValue: card.op })} ${card.value}${card.op === 'range' && card.valueMax ? `–${card.valueMax}` : ''}`
				: field === 'years'
					? [t(`quotas.periods.${card.period}`, { defaultValue: card.period }), [card.startYear, card.endYear].filter(Boolean).join('–'), card.stages]
							.filter(Boolean)
							.join(' ')
					: mergeFieldText(card, field)
		return text.trim() || t('policyImport.review.mergeEmpty')
	}
	const choice = (field: MergeField, value: MergeChoice, label: string) => (
		<label className="checkbox-label">
			<input
				type="radio"
				name={`merge.${uid}.${field}`}
				value={value}
				checked={(winners[field] ?? 'a') === value}
				onChange={() => setWinners((all) => ({ ...all, [field]: value }))}
			/>{' '}
			{label}
		</label>
	)
	return (
		<div className="merge-panel" role="group" aria-label={t('policyImport.review.mergeInto', { n })} data-testid="merge-panel">
			<div className="review-field">
				<label htmlFor={pickId}>{t('policyImport.review.mergeWith')}</label>
				<select
					id={pickId}
					value={other ? String(other.index) : ''}
					onChange={(event) => {
						const picked = Number.parseInt(event.currentTarget.value, 10)
						const a = readCard(uid)
						const b = readCards()[picked]
						setWinners({})
						setOther(Number.isInteger(picked) && a && b ? { index: picked, a, b } : null)
					}}
					data-testid="merge-with"
				>
					<option value="">{t('policyImport.review.mergeChoose')}</option>
					{labels.map((label, i) =>
						i === index ? null : (
							<option key={i} value={i}>
								{label}
							</option>
						),
					)}
				</select>
			</div>
			{other ? (
				differences.length === 0 ? (
					<p className="muted">{t('policyImport.review.mergeSame')}</p>
				) : (
					MERGE_FIELDS.filter((field) => differences.includes(field)).map((field) => (
						<fieldset key={field} className="review-checks merge-choice" data-testid={`merge-choice-${field}`}>
							<legend>{t(`policyImport.review.sourceFields.${field}`)}</legend>
							{choice(field, 'a', t('policyImport.review.mergeKeep', { n, value: shown(other.a, field) }))}
							{choice(field, 'b', t('policyImport.review.mergeKeep', { n: other.index + 1, value: shown(other.b, field) }))}
							{field === 'responsibleUnits' ? choice(field, 'both', t('policyImport.review.mergeBoth')) : null}
						</fieldset>
					))
				)
			) : null}
			<p className="form-row">
				<button type="button" className="button-primary" disabled={!other} onClick={() => other && onMerge(other.index, winners)} data-testid="merge-confirm">
					{other ? t('policyImport.review.mergeConfirm', { n, m: other.index + 1 }) : t('policyImport.review.mergeConfirmNone')}
				</button>
				<button type="button" onClick={onCancel}>
					{t('policyImport.review.cancel')}
				</button>
			</p>
		</div>
	)
}
