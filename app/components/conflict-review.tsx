import { Link } from '@remix-run/react'
import { useEffect, useRef } from 'react'
import { useTranslation } from 'react-i18next'
import { type ConflictValue, type ConflictView, diffConflict } from '~/domain/concurrency/conflict'
import { useLocale } from '~/i18n/use-localized'

const isBlank = (value: ConflictValue) => (Array.isArray(value) ? value.length === 0 : typeof value === 'string' && value.trim() === '')

/** A field of the compared form: its label, and how to show a value when not as written (ids → names, codes → words). */
export type ConflictField = { name: string; label: string; show?: (value: ConflictValue) => string }

/**
 * A save refused because the record changed since the form was opened (ADR
 * 0015): the stored values against the submitted ones, field by field, the
 * differing ones marked. The user's values wait in the form `formId`, which
 * carries the new version: the first button posts it, saving them knowingly over
 * what is stored now; the link reloads the page with the stored values instead.
 * A refused delete (`kind` "delete") compares the stored values with what the
 * page showed when the user chose to delete; `formId` then deletes the record as
 * stored now ("delete anyway"), the link keeps it.
 */
export function ConflictReview({
	kind = 'save',
	fields,
	subject,
	current,
	submitted,
	formId,
	discardTo,
}: {
	kind?: 'save' | 'delete'
	fields: readonly ConflictField[]
	/** Which record, where the page holds several (a chain's rows, a quota's units). */
	subject?: string
	current: ConflictView
	submitted: ConflictView
	formId: string
	discardTo: string
}) {
	const { t } = useTranslation()
	// A delete's own wording for what differs from a save's.
	const said = (key: 'title' | 'intro' | 'submitted' | 'reapply' | 'discard' | 'reapplyHint') =>
		t(kind === 'delete' ? `conflict.delete.${key}` : `conflict.${key}`)
	const locale = useLocale()
	const section = useRef<HTMLElement>(null)
	// The save button sits at the foot of a long form: bring each refusal into view (and focus) where it appears above it.
	const stored = JSON.stringify(current)
	useEffect(() => {
		section.current?.scrollIntoView({ block: 'start' })
		section.current?.focus({ preventScroll: true })
	}, [stored])
	const diff = diffConflict(
		fields.map((f) => f.name),
		current,
		submitted,
	)
	const changed = diff.filter((row) => row.changed).length
	// A field blank on both sides says nothing; leaving it out keeps the differences in view.
	const rows = diff.flatMap((row, i) => (isBlank(row.current) && isBlank(row.submitted) ? [] : [{ ...row, field: fields[i]! }]))
	const text = (field: ConflictField, value: ConflictValue) => {
		const shown = field.show
			? field.show(value)
			: Array.isArray(value)
				? value.join(locale === 'en' ? ', ' : '、')
				: typeof value === 'boolean'
					? t(value ? 'app.yes' : 'app.no')
					: String(value)
		return shown.trim() === '' ? <span className="muted">{t('conflict.empty')}</span> : shown
	}
	return (
		// Focus moves here when it appears, so a screen reader announces the region by its title rather than reading the whole table as an alert.
		<section ref={section} tabIndex={-1} className="conflict-review" aria-labelledby={`${formId}-conflict`} data-testid="conflict">
			<h2 id={`${formId}-conflict`}>{said('title')}</h2>
			{subject ? <p className="conflict-subject">{subject}</p> : null}
			<p>{said('intro')}</p>
			<p className="conflict-count">{t('conflict.count', { count: changed })}</p>
			<table className="data-table conflict-table">
				<thead>
					<tr>
						<th scope="col">{t('conflict.field')}</th>
						<th scope="col">{t('conflict.current')}</th>
						<th scope="col">{said('submitted')}</th>
					</tr>
				</thead>
				<tbody>
					{rows.map(({ field, ...row }) => (
						<tr key={field.name} className={row.changed ? 'conflict-changed' : undefined} data-field={field.name} data-changed={row.changed || undefined}>
							<th scope="row">
								{field.label}
								{row.changed ? <span className="badge badge-warn">{t('conflict.differs')}</span> : null}
							</th>
							<td data-label={t('conflict.current')} data-testid="conflict-current">
								{text(field, row.current)}
							</td>
							<td data-label={said('submitted')} data-testid="conflict-submitted">
								{text(field, row.submitted)}
							</td>
						</tr>
					))}
				</tbody>
			</table>
			{rows.length < diff.length ? <p className="muted">{t('conflict.blankOmitted')}</p> : null}
			<div className="conflict-actions">
				<button type="submit" form={formId} className={kind === 'delete' ? 'button-danger' : 'button-primary'} data-testid="conflict-reapply">
					{said('reapply')}
				</button>
				<Link to={discardTo} reloadDocument data-testid="conflict-discard">
					{said('discard')}
				</Link>
			</div>
			<p className="muted">{said('reapplyHint')}</p>
		</section>
	)
}
