// Merging two records of one company (#13 §6): what the kept company takes over from the removed
// one, and the forms of merge, undo and delete. Pure; the model applies it in one transaction.
import { z } from 'zod'
import { versionField } from '~/domain/concurrency/conflict'
import { CORRECTION_REASON_MAX, correctionReasonField } from '~/domain/report/closed-periods'
import { COMPANY_TAGS } from '~/domain/seed/seed-files'
import { userText } from '~/domain/text/text-field'

/** A company's own values, as merge reads and restores them. */
export type MergeableCompany = {
	name: string
	uscc: string | null
	regionId: string | null
	revenueCNY: number | null
	registeredCapitalCNY: number | null
	employees: number | null
	industry: string | null
	contactName: string | null
	contactPhone: string | null
	address: string | null
	description: string | null
	source: string | null
	aliases: { kind: string; name: string }[]
	tags: { tag: string; grantedYear: number | null }[]
}

/** Values the kept company takes from the removed one where it has none. Its name, kind and 本地/外地 stay its own. */
export const FILLED_FIELDS = [
	'uscc',
	'regionId',
	'revenueCNY',
	'registeredCapitalCNY',
	'employees',
	'industry',
	'contactName',
	'contactPhone',
	'address',
	'description',
	'source',
] as const satisfies readonly (keyof MergeableCompany)[]
export type FilledField = (typeof FILLED_FIELDS)[number]

export type MergedCompany = {
	/** The kept company's values after the merge (FILLED_FIELDS). */
	fields: Pick<MergeableCompany, FilledField>
	/** The fields it takes from the removed company. */
	filled: FilledField[]
	aliases: { kind: string; name: string }[]
	/** Aliases it gains: the removed company's name (as 曾用名) and its aliases. */
	newAliases: { kind: string; name: string }[]
	tags: { tag: string; grantedYear: number | null }[]
	/** Tags it gains; a tag both hold keeps the kept company's 认定 year. */
	newTags: { tag: string; grantedYear: number | null }[]
}

/**
 * What `kept` becomes when `removed` is merged into it: blank values filled from the removed one,
 * its tags joined, and the removed company's name and aliases added as aliases. A company has one
 * 简称: the removed one's becomes a 曾用名 when the kept one has another.
 */
export function mergedCompany(kept: MergeableCompany, removed: MergeableCompany): MergedCompany {
	const filled = FILLED_FIELDS.filter((field) => kept[field] === null && removed[field] !== null)
	const fields = Object.fromEntries(FILLED_FIELDS.map((field) => [field, filled.includes(field) ? removed[field] : kept[field]])) as MergedCompany['fields']
	const has = (list: { kind: string; name: string }[], alias: { kind: string; name: string }) =>
		list.some((a) => a.kind === alias.kind && a.name === alias.name)
	const keptShort = kept.aliases.find((a) => a.kind === 'short')
	const newAliases: { kind: string; name: string }[] = []
	for (const alias of [{ kind: 'former', name: removed.name }, ...removed.aliases]) {
		const candidate = alias.kind === 'short' && keptShort && keptShort.name !== alias.name ? { kind: 'former', name: alias.name } : alias
		if (candidate.name === kept.name || has(kept.aliases, candidate) || has(newAliases, candidate)) continue
		newAliases.push(candidate)
	}
	const newTags = removed.tags.filter((t) => !kept.tags.some((k) => k.tag === t.tag))
	const tags = COMPANY_TAGS.flatMap((tag) => [...kept.tags, ...newTags].filter((t) => t.tag === tag))
	return { fields, filled, aliases: [...kept.aliases, ...newAliases], newAliases, tags, newTags }
}

/** A chain figure as merge moves it: the kept company's figure at the same link and year wins. */
export type MergedFigure = { id: string; linkId: string; year: number | null }

/** The removed company's figures that move to the kept one, and those dropped for one the kept company has at the same link and year. */
export function splitFigures<F extends MergedFigure>(kept: readonly MergedFigure[], removed: readonly F[]) {
	const taken = new Set(kept.map((f) => `${f.linkId}|${f.year ?? ''}`))
	return {
		moved: removed.filter((f) => !taken.has(`${f.linkId}|${f.year ?? ''}`)),
		dropped: removed.filter((f) => taken.has(`${f.linkId}|${f.year ?? ''}`)),
	}
}

const id = userText('validation.required').trim().min(1, 'validation.required').max(40, 'validation.invalidChoice')

/** The merge form (/companies/:id/merge): which company stays, which goes, both at the versions the page showed. */
export const mergeFormSchema = z
	.object({
		keptId: id,
		removedId: id,
		keptVersion: versionField,
		removedVersion: versionField,
		/** 更正原因: required when the merge changes counted facts of issued reports (ADR 0011). */
		closedReason: correctionReasonField,
	})
	.refine((v) => v.keptId !== v.removedId, { path: ['removedId'], message: 'companyMerge.errors.same' })
export type MergeFormData = z.output<typeof mergeFormSchema>

/** Undoing a merge: the reason, when the undo changes counted facts of issued reports. */
export const undoMergeFormSchema = z.object({ closedReason: correctionReasonField })

/** Deleting a company: why (kept in the audit log, and the correction's reason when issued reports counted it). */
export const deleteCompanyFormSchema = z.object({
	reason: userText('companyMerge.errors.reasonRequired')
		.trim()
		.min(1, 'companyMerge.errors.reasonRequired')
		.max(CORRECTION_REASON_MAX, 'closedPeriods.reasonTooLong'),
	version: versionField,
})
