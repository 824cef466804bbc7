import { zodResolver } from '@hookform/resolvers/zod'
import { type InputHTMLAttributes, type ReactNode, useEffect } from 'react'
import { useTranslation } from 'react-i18next'
import { asPosted, type ChainEditInput, createEdgeSchema, deleteFormValues, updateEdgeSchema } from '~/domain/chain/edit-schemas'
import { DeleteForm, SaveForm, useRowForm } from './row-form'

function EdgeCells({
	field,
	t,
}: {
	field: (
		name: 'factor' | 'factorLow' | 'factorHigh' | 'factorUnit' | 'referenceId' | 'confidence' | 'source',
		label: string,
		props?: InputHTMLAttributes<HTMLInputElement>,
	) => ReactNode
	t: (key: string) => string
}) {
	return (
		<>
			<td>{field('factor', t('chainEdit.fields.factor'), { inputMode: 'decimal', className: 'input-narrow', placeholder: t('app.unknown') })}</td>
			<td>{field('factorLow', t('chainEdit.fields.factorLow'), { inputMode: 'decimal', className: 'input-narrow' })}</td>
			<td>{field('factorHigh', t('chainEdit.fields.factorHigh'), { inputMode: 'decimal', className: 'input-narrow' })}</td>
			<td>{field('factorUnit', t('chainEdit.fields.factorUnit'), { className: 'input-wide' })}</td>
			<td>{field('referenceId', t('chainEdit.fields.referenceId'), { className: 'input-narrow' })}</td>
			<td>
				{field('confidence', t('chainEdit.fields.confidence'), {
					className: 'input-narrow',
					list: 'confidence-grades',
					title: t('chainEdit.hints.confidence'),
				})}
			</td>
			<td>{field('source', t('chainEdit.fields.source'), { className: 'input-wide' })}</td>
		</>
	)
}

export function EdgeRow({ from, to, defaults, confirmDelete }: { from: string; to: string; defaults: ChainEditInput<'updateEdge'>; confirmDelete: string }) {
	const { t } = useTranslation()
	const row = useRowForm(zodResolver(updateEdgeSchema), 'updateEdge', defaults.edgeId, (failed) =>
		failed ? { ...defaults, ...failed, intent: 'updateEdge' as const } : defaults,
	)
	return (
		<tr>
			<td>{from}</td>
			<td>{to}</td>
			<EdgeCells field={row.field} t={t} />
			<td className="row-actions">
				<SaveForm formId={row.formId} onSubmit={row.onSubmit} pending={row.pending} label={t('chainEdit.save')}>
					<input type="hidden" {...row.bind('intent')} />
					<input type="hidden" {...row.bind('edgeId')} />
					<input type="hidden" {...row.bind('version')} />
				</SaveForm>
				<DeleteForm values={deleteFormValues('deleteEdge', asPosted(defaults))} confirmText={confirmDelete} />
			</td>
		</tr>
	)
}

const BLANK_EDGE: ChainEditInput<'createEdge'> = {
	intent: 'createEdge',
	fromLinkId: '',
	toLinkId: '',
	factor: '',
	factorLow: '',
	factorHigh: '',
	factorUnit: '',
	referenceId: '',
	confidence: '',
	source: '',
}

export function NewEdgeRow({ linkOptions }: { linkOptions: ReactNode }) {
	const { t } = useTranslation()
	const blank = BLANK_EDGE
	const row = useRowForm(zodResolver(createEdgeSchema), 'createEdge', 'new', (failed) =>
		failed ? { ...blank, ...failed, intent: 'createEdge' as const } : blank,
	)
	const { succeeded, form } = row
	useEffect(() => {
		// Empty the add row once per successful add (a refused one keeps the input). `form` is the same object
		// on every render, so this runs when a new answer arrives only.
		if (succeeded) form.reset(BLANK_EDGE)
	}, [succeeded, form])
	const linkSelect = (name: 'fromLinkId' | 'toLinkId', label: string) => (
		<>
			<select form={row.formId} aria-label={label} {...row.aria(name)} {...row.bind(name)}>
				<option value="">{t('chainEdit.choose')}</option>
				{linkOptions}
			</select>
			{row.errorFor(name)}
		</>
	)
	return (
		<tr>
			<td>{linkSelect('fromLinkId', t('chainEdit.fields.from'))}</td>
			<td>{linkSelect('toLinkId', t('chainEdit.fields.to'))}</td>
			<EdgeCells field={row.field} t={t} />
			<td className="row-actions">
				<SaveForm formId={row.formId} onSubmit={row.onSubmit} pending={row.pending} label={t('chainEdit.add')}>
					<input type="hidden" {...row.bind('intent')} />
				</SaveForm>
			</td>
		</tr>
	)
}
