import { zodResolver } from '@hookform/resolvers/zod'
import { type InputHTMLAttributes, type ReactNode, useEffect } from 'react'
import { useTranslation } from 'react-i18next'
import { SampleBadge } from '~/components/sample-badge'
import { asPosted, type ChainEditInput, deleteFormValues, upsertFigureSchema } from '~/domain/chain/edit-schemas'
import { unitLabel } from '~/i18n/units'
import { useLocale, useLocalizedName } from '~/i18n/use-localized'
import { DeleteForm, SaveForm, useRowForm } from './row-form'

function FigureCells({
	field,
	checkbox,
	formId,
	aria,
	errorFor,
	unit,
	t,
}: {
	field: (name: 'year' | 'capacity' | 'output' | 'source', label: string, props?: InputHTMLAttributes<HTMLInputElement>) => ReactNode
	checkbox: object
	formId: string
	aria: object
	errorFor: (name: 'isSample') => ReactNode
	unit: string | null
	t: (key: string) => string
}) {
	// Figures are typed in the link's unit: named in the reader's language, not rescaled.
	const locale = useLocale()
	const unitNote = unit ? <span className="muted field-hint">{unitLabel(unit, locale)}</span> : null
	return (
		<>
			<td>{field('year', t('chainEdit.fields.year'), { inputMode: 'numeric', className: 'input-narrow' })}</td>
			<td>
				{field('capacity', t('chainEdit.fields.capacity'), { inputMode: 'decimal', className: 'input-narrow' })}
				{unitNote}
			</td>
			<td>
				{field('output', t('chainEdit.fields.output'), { inputMode: 'decimal', className: 'input-narrow' })}
				{unitNote}
			</td>
			<td>{field('source', t('chainEdit.fields.source'), { className: 'input-wide' })}</td>
			<td>
				<input type="checkbox" form={formId} aria-label={t('chainEdit.fields.isSample')} {...aria} {...checkbox} />
				{errorFor('isSample')}
			</td>
		</>
	)
}

export function FigureRow({
	company,
	link,
	defaults,
	confirmDelete,
}: {
	company: { name: string; isSample: boolean }
	link: { name: string; nameEn: string; unit: string }
	defaults: ChainEditInput<'upsertFigure'>
	confirmDelete: string
}) {
	const { t } = useTranslation()
	const localized = useLocalizedName()
	const figureId = defaults.figureId ?? ''
	const row = useRowForm(zodResolver(upsertFigureSchema), 'upsertFigure', figureId, (failed) =>
		failed ? { ...defaults, ...failed, intent: 'upsertFigure' as const, isSample: failed.isSample === 'on' } : defaults,
	)
	return (
		<tr>
			<td>
				{company.name} <SampleBadge show={company.isSample} />
			</td>
			<td>{localized(link)}</td>
			<FigureCells
				field={row.field}
				checkbox={row.bindCheckbox('isSample')}
				formId={row.formId}
				aria={row.aria('isSample')}
				errorFor={row.errorFor}
				unit={link.unit}
				t={t}
			/>
			<td className="row-actions">
				<SaveForm formId={row.formId} onSubmit={row.onSubmit} pending={row.pending} label={t('chainEdit.save')}>
					<input type="hidden" {...row.bind('intent')} />
					<input type="hidden" {...row.bind('figureId')} />
					<input type="hidden" {...row.bind('companyId')} />
					<input type="hidden" {...row.bind('linkId')} />
					<input type="hidden" {...row.bind('version')} />
				</SaveForm>
				<DeleteForm values={deleteFormValues('deleteFigure', asPosted(defaults))} confirmText={confirmDelete} />
			</td>
		</tr>
	)
}

/** An empty add row: this year's figures by default. */
function blankFigure(): ChainEditInput<'upsertFigure'> {
	return {
		intent: 'upsertFigure',
		figureId: '',
		companyId: '',
		linkId: '',
		year: String(new Date().getFullYear()),
		capacity: '',
		output: '',
		source: '',
		isSample: false,
	}
}

export function NewFigureRow({
	linkOptions,
	companies,
}: {
	linkOptions: ReactNode
	companies: { id: string; name: string; isLocal: boolean; isSample: boolean }[]
}) {
	const { t } = useTranslation()
	const blank = blankFigure()
	const row = useRowForm(zodResolver(upsertFigureSchema), 'upsertFigure', 'new', (failed) =>
		failed ? { ...blank, ...failed, intent: 'upsertFigure' as const, isSample: failed.isSample === 'on' } : blank,
	)
	const { succeeded, form } = row
	useEffect(() => {
		// Empty the add row once per successful add (a refused one keeps the input). `form` is the same object
		// on every render, so this runs when a new answer arrives only.
		if (succeeded) form.reset(blankFigure())
	}, [succeeded, form])
	return (
		<tr>
			<td>
				<select form={row.formId} aria-label={t('chainEdit.fields.company')} {...row.aria('companyId')} {...row.bind('companyId')}>
					<option value="">{t('chainEdit.choose')}</option>
					{companies.map((company) => (
						<option key={company.id} value={company.id}>
							{company.name}
							{company.isSample ? ` (${t('app.sample')})` : ''}
						</option>
					))}
				</select>
				{row.errorFor('companyId')}
			</td>
			<td>
				<select form={row.formId} aria-label={t('chainEdit.fields.link')} {...row.aria('linkId')} {...row.bind('linkId')}>
					<option value="">{t('chainEdit.choose')}</option>
					{linkOptions}
				</select>
				{row.errorFor('linkId')}
			</td>
			<FigureCells
				field={row.field}
				checkbox={row.bindCheckbox('isSample')}
				formId={row.formId}
				aria={row.aria('isSample')}
				errorFor={row.errorFor}
				unit={null}
				t={t}
			/>
			<td className="row-actions">
				<SaveForm formId={row.formId} onSubmit={row.onSubmit} pending={row.pending} label={t('chainEdit.add')}>
					<input type="hidden" {...row.bind('intent')} />
				</SaveForm>
			</td>
		</tr>
	)
}
