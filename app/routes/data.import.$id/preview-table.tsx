import { useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { IssueText, useFieldLabel, usePreview } from './preview-parts'
import type { loader } from './route'

export function WarningsSection() {
	const preview = usePreview()
	const { t } = useTranslation()
	if (preview.warnings.length === 0) return null
	return (
		<details className="import-warnings">
			<summary>{t('importer.warnings.title', { count: preview.warnings.length })}</summary>
			<ul>
				{preview.warnings.map((w) => (
					<li key={`${w.row}:${w.column}:${w.messageKey}`}>
						{t('importer.preview.row')} {w.row} · {w.column}: <IssueText issue={w} />
					</li>
				))}
			</ul>
		</details>
	)
}

export function PreviewTable() {
	const { session } = useLoaderData<typeof loader>()
	const preview = usePreview()
	const { t } = useTranslation()
	const label = useFieldLabel()
	return (
		<section aria-labelledby="preview-heading">
			<h2 id="preview-heading">{t('importer.preview.firstRows', { count: preview.preview.length })}</h2>
			<div className="table-scroll">
				<table className="data-table compact" data-testid="import-preview">
					<thead>
						<tr>
							<th>{t('importer.preview.row')}</th>
							<th>{t('importer.preview.status')}</th>
							{session.headers.map((header) => (
								<th key={header} className={session.mapping[header] ? undefined : 'muted'}>
									{header}
									<span className="field-hint">{session.mapping[header] ? `→ ${label(session.mapping[header])}` : t('importer.mapping.ignore')}</span>
								</th>
							))}
						</tr>
					</thead>
					<tbody>
						{preview.preview.map((row) => (
							<tr key={row.row} className={`import-status-${row.status}`}>
								<th scope="row">{row.row}</th>
								<td className="nowrap">{t(`importer.preview.statuses.${row.status}`)}</td>
								{session.headers.map((header, i) => (
									<td key={header} className={row.errorColumns.includes(header) ? 'cell-error' : undefined}>
										{row.cells[i]}
									</td>
								))}
							</tr>
						))}
					</tbody>
				</table>
			</div>
		</section>
	)
}
