import { type ChainEditIntent } from '~/domain/chain/edit-schemas'
import { type Conflict } from '~/domain/concurrency/conflict'
import { type ActionResult } from '~/utils/forms'

/** What the chain editor's action answers, and how a posted form maps to the row it belongs to (read by the action and the row forms). */
export type FormValues = Record<string, string>

/**
 * Every answer names the form it is for (the intent and the row). A refusal carries what was submitted, so the
 * form shows it again (also without JavaScript), and `conflict` when the row changed since the page was loaded
 * (ADR 0015): `values` are then the submitted ones at its new version; for a delete, `submitted` is what the row
 * showed and `current` the delete of the row as stored now. `gone`: a delete found the row deleted already.
 */
export type ChainEditActionResult = ActionResult<
	{ intent: ChainEditIntent; rowKey: string; id: string; changed: boolean; gone?: true },
	{ intent: ChainEditIntent; rowKey: string; values: FormValues; conflict: Conflict<FormValues> | null }
>

export function formValues(formData: FormData): FormValues {
	const values: FormValues = {}
	for (const [name, value] of formData) if (typeof value === 'string') values[name] = value
	return values
}

/** Which row of the page a submission belongs to: the edited record's id, or "new" for the add rows. */
export function rowKeyOf(values: FormValues) {
	switch (values.intent) {
		case 'updateLink':
		case 'deleteLink':
			return values.linkId ?? ''
		case 'updateEdge':
		case 'deleteEdge':
			return values.edgeId ?? ''
		case 'upsertFigure':
		case 'deleteFigure':
			return values.figureId || 'new'
		default:
			return 'new'
	}
}
