import { useFetcher, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { IssueText, type Preview, usePreview } from './preview-parts'
import type { action, loader } from './route'

/** Rows with errors: the mapped cells as inputs, saved as fixes (overrides) and checked again. */
export function InvalidSection() {
	const { session } = useLoaderData<typeof loader>()
	const preview = usePreview()
	const { t } = useTranslation()
	const columns = session.headers.flatMap((header, i) => (session.mapping[header] ? [{ header, index: i }] : []))
	if (preview.invalid.length === 0) return null
	return (
		<section aria-labelledby="invalid-heading">
			<h2 id="invalid-heading">{t('importer.invalid.title', { count: preview.summary.invalid })}</h2>
			<p className="muted">{t('importer.invalid.hint')}</p>
			<div className="table-scroll">
				<table className="data-table compact edit-table import-fix" data-testid="import-invalid">
					<thead>
						<tr>
							<th>{t('importer.preview.row')}</th>
							{columns.map((c) => (
								<th key={c.header}>{c.header}</th>
							))}
							<th>{t('app.actions')}</th>
						</tr>
					</thead>
					<tbody>
						{preview.invalid.map((row) => (
							<InvalidRow key={`${row.row}:${row.cells.join('\u0000')}`} row={row} columns={columns} />
						))}
					</tbody>
				</table>
			</div>
			{preview.summary.invalid > preview.invalid.length ? <p className="muted">{t('importer.invalid.more', { shown: preview.invalid.length })}</p> : null}
		</section>
	)
}

function InvalidRow({ row, columns }: { row: Preview['invalid'][number]; columns: { header: string; index: number }[] }) {
	const { t } = useTranslation()
	const fixer = useFetcher<typeof action>()
	const skipper = useFetcher<typeof action>()
	const formId = `fix-row-${row.row}`
	const skipped = row.action === 'skip'
	const rowIssues = row.issues.filter((issue) => issue.column === null || !columns.some((c) => c.header === issue.column))
	return (
		<tr data-testid={`invalid-row-${row.row}`} className={skipped ? 'row-skipped' : undefined}>
			<th scope="row">{row.row}</th>
			{columns.map(({ header, index }) => {
				const issues = row.issues.filter((issue) => issue.column === header)
				const invalid = issues.some((issue) => issue.level === 'error')
				return (
					<td key={header} className={invalid ? 'cell-error' : undefined}>
						<input
							form={formId}
							name={`cell.${index}`}
							defaultValue={row.cells[index]}
							aria-label={`${header}（${row.row}）`}
							aria-invalid={invalid || undefined}
						/>
						{issues.map((issue) => (
							<span key={issue.messageKey} className={issue.level === 'error' ? 'field-error' : 'field-hint muted'}>
								<IssueText issue={issue} />
							</span>
						))}
					</td>
				)
			})}
			<td className="row-actions">
				{rowIssues.map((issue) => (
					<span key={issue.messageKey} className="field-error">
						<IssueText issue={issue} />
					</span>
				))}
				<fixer.Form method="post" id={formId} className="inline-form">
					<input type="hidden" name="intent" value="fix" />
					<input type="hidden" name="row" value={row.row} />
					<button type="submit" className="button-primary" disabled={fixer.state !== 'idle'} data-testid={`fix-row-${row.row}`}>
						{t('importer.invalid.fix')}
					</button>
				</fixer.Form>
				<skipper.Form method="post" className="inline-form">
					<input type="hidden" name="intent" value="rowAction" />
					<input type="hidden" name="row" value={row.row} />
					<input type="hidden" name="action" value={skipped ? 'create' : 'skip'} />
					<button type="submit" disabled={skipper.state !== 'idle'} data-testid={`skip-row-${row.row}`}>
						{skipped ? t('importer.invalid.unskip') : t('importer.invalid.skip')}
					</button>
				</skipper.Form>
				{skipped ? <span className="badge">{t('importer.invalid.skipped')}</span> : null}
			</td>
		</tr>
	)
}
