import { Form, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { type ImportKind } from '~/domain/import/fields'
import { useFieldLabel, usePreview } from './preview-parts'
import type { loader } from './route'

export function MappingSection() {
	const { session, fields, savedMappings } = useLoaderData<typeof loader>()
	const preview = usePreview()
	const { t } = useTranslation()
	const label = useFieldLabel()
	const firstRow = preview.preview[0]?.cells ?? []
	return (
		<section aria-labelledby="mapping-heading">
			<h2 id="mapping-heading">{t('importer.mapping.title')}</h2>
			<p className="muted">{t('importer.mapping.hint')}</p>
			{preview.missingFields.length > 0 ? (
				<p className="form-error" role="alert" data-testid="import-missing-fields">
					{t('importer.mapping.missing', { fields: preview.missingFields.map(label).join('、') })}
				</p>
			) : null}
			<Form method="post" key={JSON.stringify(session.mapping)}>
				<input type="hidden" name="intent" value="mapping" />
				<div className="table-scroll">
					<table className="data-table compact import-mapping">
						<thead>
							<tr>
								<th>{t('importer.mapping.column')}</th>
								<th>{t('importer.mapping.sample')}</th>
								<th>{t('importer.mapping.field')}</th>
							</tr>
						</thead>
						<tbody>
							{session.headers.map((header, i) => (
								<tr key={header}>
									<th scope="row">{header}</th>
									<td className="muted">{firstRow[i]}</td>
									<td>
										<select name={`map.${i}`} defaultValue={session.mapping[header] ?? ''} aria-label={header} data-testid={`import-map-${i}`}>
											<option value="">{t('importer.mapping.ignore')}</option>
											{fields.map((field) => (
												<option key={field} value={field}>
													{label(field)}
												</option>
											))}
										</select>
									</td>
								</tr>
							))}
						</tbody>
					</table>
				</div>
				<p>
					<button type="submit">{t('importer.mapping.apply')}</button>
				</p>
			</Form>
			<div className="form-row">
				{savedMappings.length > 0 ? (
					<Form method="post" className="form-row">
						<input type="hidden" name="intent" value="applyMapping" />
						<label>
							{t('importer.mapping.load')}{' '}
							<select name="mappingId">
								{savedMappings.map((m) => (
									<option key={m.id} value={m.id}>
										{m.name}
									</option>
								))}
							</select>
						</label>
						<button type="submit">{t('importer.mapping.use')}</button>
					</Form>
				) : null}
				<Form method="post" className="form-row">
					<input type="hidden" name="intent" value="saveMapping" />
					<label>
						{t('importer.mapping.saveName')} <input name="name" required maxLength={64} />
					</label>
					<button type="submit">{t('importer.mapping.save')}</button>
				</Form>
			</div>
		</section>
	)
}

export function OptionsSection() {
	const { session } = useLoaderData<typeof loader>()
	const { t } = useTranslation()
	const kind: ImportKind = session.kind
	return (
		<Form method="post" className="form-row import-options" key={`${session.duplicateAction}:${session.createMissingCompanies}`}>
			<input type="hidden" name="intent" value="options" />
			<label>
				{t('importer.duplicates.bulk')}{' '}
				<select name="duplicateAction" defaultValue={session.duplicateAction} data-testid="import-bulk-action">
					<option value="skip">{t('importer.actions.skip')}</option>
					<option value="update">{t('importer.actions.update')}</option>
				</select>
			</label>
			{kind !== 'companies' ? (
				<label>
					<input type="checkbox" name="createMissingCompanies" defaultChecked={session.createMissingCompanies} /> {t('importer.options.createMissingCompanies')}
				</label>
			) : null}
			<button type="submit">{t('importer.options.save')}</button>
		</Form>
	)
}
