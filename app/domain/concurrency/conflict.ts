import { z } from 'zod'

/**
 * Optimistic concurrency (ADR 0015). Every edit form posts, in a hidden
 * `version` field, the version of the record it was opened at; the model writes
 * only where the stored version is still that one. A stale save is refused with
 * what is stored now, so the user compares it with what they submitted and
 * either saves their values again (knowingly, at the new version) or drops them.
 */

/**
 * The hidden `version` field. Missing or not a whole number gives null, which no
 * stored version equals: a form that cannot say what it saw is treated as stale,
 * never as a licence to overwrite.
 */
export const versionField = z
	.string()
	.optional()
	.transform((raw) => {
		const text = (raw ?? '').trim()
		const version = Number(text)
		return /^\d+$/.test(text) && Number.isSafeInteger(version) ? version : null
	})

/**
 * A stale save, thrown inside the write's transaction so nothing is written. It
 * carries nothing: the caller reads the record again once the transaction has
 * rolled back, so the comparison shows it as it stands then.
 */
export class VersionConflict extends Error {
	constructor() {
		super('stale version: the record changed since the form was opened')
		this.name = 'VersionConflict'
	}
}

/**
 * What a refused stale save answers (HTTP 409): the stored values and the
 * submitted ones, both as form values carrying the stored version, so posting
 * `submitted` again saves the user's values knowingly over what is stored now.
 */
export type Conflict<V> = { current: V; submitted: V }

/** One field of a form as the comparison shows it: text, a checkbox, or a set of choices. */
export type ConflictValue = string | boolean | readonly string[]
/** Form values by field name; an absent field reads as blank. */
export type ConflictView = Readonly<Record<string, ConflictValue | undefined>>

const sortedSet = (values: readonly string[]) => [...new Set(values)].sort()

/**
 * Whether two form values mean the same: text up to surrounding blanks (the
 * schemas trim it), choices as sets (their order on the form means nothing).
 */
export function sameConflictValue(a: ConflictValue | undefined, b: ConflictValue | undefined): boolean {
	if (Array.isArray(a) || Array.isArray(b)) {
		if (!Array.isArray(a) || !Array.isArray(b)) return false
		return JSON.stringify(sortedSet(a as readonly string[])) === JSON.stringify(sortedSet(b as readonly string[]))
	}
	if (typeof a === 'string' && typeof b === 'string') return a.trim() === b.trim()
	return a === b
}

export type FieldDiff = { field: string; current: ConflictValue; submitted: ConflictValue; changed: boolean }

/** Field by field, in the order given: the stored value, the submitted one, and whether they differ. */
export function diffConflict(fields: readonly string[], current: ConflictView, submitted: ConflictView): FieldDiff[] {
	return fields.map((field) => {
		const now = current[field] ?? ''
		const mine = submitted[field] ?? ''
		return { field, current: now, submitted: mine, changed: !sameConflictValue(now, mine) }
	})
}

/**
 * Whether a delete was decided on a record that has changed since (ADR 0015).
 * The delete form carries the version it was opened at and the values the row
 * showed; a different version is stale unless every compared value still
 * reads as shown (changed and changed back: what the user decided on is what
 * is stored, so there is nothing to lose). A form without a version (null) is
 * stale whenever its values are missing or differ. `unversioned` fields (what a
 * delete takes with it, e.g. a count of child rows) move no version, so they
 * are compared whatever the version.
 */
export function staleDelete(
	fields: readonly string[],
	stored: { version: number; values: ConflictView },
	seen: { version: number | null; values: ConflictView },
	unversioned: readonly string[] = [],
): boolean {
	const differs = (names: readonly string[]) => diffConflict(names, stored.values, seen.values).some((row) => row.changed)
	if (differs(unversioned)) return true
	return seen.version !== stored.version && differs(fields)
}
