import { zodResolver } from '@hookform/resolvers/zod'
import { useEffect } from 'react'
import { useTranslation } from 'react-i18next'
import { asPosted, type ChainEditInput, createLinkSchema, deleteFormValues, updateLinkSchema } from '~/domain/chain/edit-schemas'
import { DeleteForm, SaveForm, StageSelect, useRowForm } from './row-form'

export function LinkRow({
	linkKey,
	linkName,
	defaults,
	usage,
	confirmDelete,
}: {
	linkKey: string
	linkName: string
	defaults: ChainEditInput<'updateLink'>
	usage: { edges: number; figures: number; projects: number }
	confirmDelete: string
}) {
	const { t } = useTranslation()
	const row = useRowForm(zodResolver(updateLinkSchema), 'updateLink', defaults.linkId, (failed) =>
		failed ? { ...defaults, ...failed, intent: 'updateLink' as const, stage: failed.stage as typeof defaults.stage } : defaults,
	)
	return (
		<tr>
			{/* Staff know a link by its name; the key (used in links and templates) is in the tooltip. */}
			<th scope="row" className="link-name-cell" title={`${t('chainEdit.fields.key')}: ${linkKey}`}>
				{linkName}
			</th>
			<td>{row.field('name', t('chainEdit.fields.name'))}</td>
			<td>{row.field('nameEn', t('chainEdit.fields.nameEn'))}</td>
			<td>
				<StageSelect formId={row.formId} label={t('chainEdit.fields.stage')} aria={row.aria('stage')} register={row.bind('stage')} />
				{row.errorFor('stage')}
			</td>
			<td>{row.field('unit', t('chainEdit.fields.unit'), { className: 'input-narrow' })}</td>
			<td>{row.field('source', t('chainEdit.fields.source'), { className: 'input-wide' })}</td>
			<td className="muted">{t('chainEdit.usage', usage)}</td>
			<td className="row-actions">
				<SaveForm formId={row.formId} onSubmit={row.onSubmit} pending={row.pending} label={t('chainEdit.save')}>
					<input type="hidden" {...row.bind('intent')} />
					<input type="hidden" {...row.bind('linkId')} />
					<input type="hidden" {...row.bind('version')} />
				</SaveForm>
				{usage.projects > 0 ? (
					<span className="muted field-hint">{t('chainEdit.linkHasProjectsHint')}</span>
				) : (
					<DeleteForm
						values={deleteFormValues('deleteLink', { ...asPosted(defaults), edges: String(usage.edges), figures: String(usage.figures) })}
						confirmText={confirmDelete}
					/>
				)}
			</td>
		</tr>
	)
}

const BLANK_LINK: ChainEditInput<'createLink'> = { intent: 'createLink', key: '', name: '', nameEn: '', stage: 'material', unit: '', source: '' }

export function NewLinkRow() {
	const { t } = useTranslation()
	const blank = BLANK_LINK
	const row = useRowForm(zodResolver(createLinkSchema), 'createLink', 'new', (failed) =>
		failed ? { ...blank, ...failed, intent: 'createLink' as const, stage: failed.stage as typeof blank.stage } : blank,
	)
	const { succeeded, form } = row
	useEffect(() => {
		// Empty the add row once per successful add (a refused one keeps the input). `form` is the same object
		// on every render, so this runs when a new answer arrives only.
		if (succeeded) form.reset(BLANK_LINK)
	}, [succeeded, form])
	return (
		<tr>
			<td>{row.field('key', t('chainEdit.fields.key'), { className: 'input-narrow', placeholder: 'motor_ev', title: t('chainEdit.hints.key') })}</td>
			<td>{row.field('name', t('chainEdit.fields.name'))}</td>
			<td>{row.field('nameEn', t('chainEdit.fields.nameEn'))}</td>
			<td>
				<StageSelect formId={row.formId} label={t('chainEdit.fields.stage')} aria={row.aria('stage')} register={row.bind('stage')} />
				{row.errorFor('stage')}
			</td>
			<td>{row.field('unit', t('chainEdit.fields.unit'), { className: 'input-narrow' })}</td>
			<td>{row.field('source', t('chainEdit.fields.source'), { className: 'input-wide' })}</td>
			<td className="muted">{t('chainEdit.newRow')}</td>
			<td className="row-actions">
				<SaveForm formId={row.formId} onSubmit={row.onSubmit} pending={row.pending} label={t('chainEdit.add')}>
					<input type="hidden" {...row.bind('intent')} />
				</SaveForm>
			</td>
		</tr>
	)
}
