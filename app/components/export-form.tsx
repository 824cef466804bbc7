import { useTranslation } from 'react-i18next'
import { type ExportList } from '~/domain/export/table-export'

/**
 * Downloads the list as it is filtered now: a plain GET form (the browser
 * saves the streamed file), the page's filters as hidden fields, and a
 * checkbox per column.
 */
export function ExportForm({ list, query, columns }: { list: ExportList; query: URLSearchParams; columns: readonly { key: string; header: string }[] }) {
	const { t } = useTranslation()
	const filters = [...query.entries()].filter(([name]) => name !== 'page' && name !== 'columns' && name !== 'view')
	return (
		<details className="export-form no-print">
			<summary>{t('export.title')}</summary>
			<form method="get" action={`/data/export/${list}.xlsx`} data-testid={`export-${list}`}>
				{filters.map(([name, value], i) => (
					<input key={`${name}-${i}`} type="hidden" name={name} value={value} />
				))}
				<fieldset>
					<legend>{t('export.chooseColumns')}</legend>
					{columns.map((c) => (
						<label key={c.key} className="checkbox-label">
							<input type="checkbox" name="columns" value={c.key} defaultChecked /> {c.header}
						</label>
					))}
				</fieldset>
				<p className="muted">{t('export.hint')}</p>
				<button type="submit" className="button-primary">
					{t('export.download')} XLSX
				</button>{' '}
				<button type="submit" formAction={`/data/export/${list}.csv`}>
					{t('export.download')} CSV
				</button>
			</form>
		</details>
	)
}
