import { useFetcher } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { type RowAction } from '~/domain/import/validate'
import { type Preview, usePreview } from './preview-parts'
import type { action } from './route'

export function DuplicatesSection() {
	const preview = usePreview()
	const { t } = useTranslation()
	if (preview.duplicates.length === 0) return null
	return (
		<section aria-labelledby="duplicates-heading">
			<h2 id="duplicates-heading">{t('importer.duplicates.title', { count: preview.summary.duplicates })}</h2>
			<p className="muted">{t('importer.duplicates.hint')}</p>
			<div className="table-scroll">
				<table className="data-table compact" data-testid="import-duplicates">
					<thead>
						<tr>
							<th>{t('importer.preview.row')}</th>
							<th>{t('importer.preview.status')}</th>
							<th>{t('importer.duplicates.action')}</th>
						</tr>
					</thead>
					<tbody>
						{preview.duplicates.map((row) => (
							<DuplicateRow key={`${row.row}:${row.action}`} row={row} />
						))}
					</tbody>
				</table>
			</div>
		</section>
	)
}

function DuplicateRow({ row }: { row: Preview['duplicates'][number] }) {
	const { t } = useTranslation()
	const fetcher = useFetcher<typeof action>()
	return (
		<tr data-testid={`duplicate-row-${row.row}`}>
			<th scope="row">{row.row}</th>
			<td>
				<strong>{row.label}</strong>{' '}
				<span className="muted">
					{row.inFileDuplicateOf !== null
						? t('importer.duplicates.inFile', { row: row.inFileDuplicateOf })
						: row.duplicate
							? t('importer.duplicates.existing', { label: row.duplicate.label, by: t(`importer.duplicates.by.${row.duplicate.by}`) })
							: null}
				</span>
			</td>
			<td>
				<fetcher.Form method="post" className="inline-form">
					<input type="hidden" name="intent" value="rowAction" />
					<input type="hidden" name="row" value={row.row} />
					<select
						name="action"
						defaultValue={row.action}
						aria-label={t('importer.duplicates.action')}
						disabled={row.allowedActions.length < 2}
						onChange={(event) => fetcher.submit(event.currentTarget.form)}
						data-testid={`duplicate-action-${row.row}`}
					>
						{row.allowedActions.map((a: RowAction) => (
							<option key={a} value={a}>
								{t(`importer.actions.${a}`)}
							</option>
						))}
					</select>{' '}
					{row.allowedActions.length > 1 ? (
						<noscript>
							<button type="submit">{t('importer.duplicates.set')}</button>
						</noscript>
					) : null}
				</fetcher.Form>
			</td>
		</tr>
	)
}
