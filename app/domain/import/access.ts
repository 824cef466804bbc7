import { type Actor, COUNTED_PROJECT_STAGES, isManager, leadAccessProblem, projectAccessProblem } from '~/domain/auth/record-access'
import { type ImportKind } from './fields'

type Issue = { field: string; messageKey: string }

type RowValues = {
	companies: { tags?: readonly string[]; revenueCNY?: number }
	leads: { ownerId?: string; unitId?: string }
	projects: { stage?: string; signedDate?: Date; startedDate?: Date; producingDate?: Date }
}

/** The record an update row would change, with the facts the access rules need. */
export type ExistingForAccess =
	| { kind: 'leads'; ownerId: string; unitId: string | null }
	| { kind: 'projects'; ownerId: string | null; responsibleUnitId: string | null; stage: string }
	| null

/**
 * What a staff member's import row may not do (ADR 0010): the same rules as
 * the forms. Creating rows: no counted company facts (tags, revenue), leads
 * only for themselves in their unit, projects only before 签约. Updating rows:
 * only records they may change. Managers and the CLI (no importer) pass.
 */
export function importRowAccess<K extends ImportKind>(
	kind: K,
	values: RowValues[K],
	existing: ExistingForAccess,
	importer: Actor | null,
): { issues: Issue[]; updateRefused: boolean } {
	if (!importer || isManager(importer)) return { issues: [], updateRefused: false }
	const issues: Issue[] = []
	if (kind === 'companies') {
		const v = values as RowValues['companies']
		if (v.tags && v.tags.length > 0) issues.push({ field: 'tags', messageKey: 'access.countedCompanyFactsAreManagers' })
		if (v.revenueCNY !== undefined) issues.push({ field: 'revenue', messageKey: 'access.countedCompanyFactsAreManagers' })
	} else if (kind === 'leads') {
		const v = values as RowValues['leads']
		if (v.ownerId !== undefined && v.ownerId !== importer.id) issues.push({ field: 'owner', messageKey: 'access.reassignIsManagers' })
		if (v.unitId !== undefined && v.unitId !== importer.unitId) issues.push({ field: 'unit', messageKey: 'access.reassignIsManagers' })
	} else {
		const v = values as RowValues['projects']
		const counted = (v.stage !== undefined && COUNTED_PROJECT_STAGES.includes(v.stage)) || v.signedDate || v.startedDate || v.producingDate
		if (counted) issues.push({ field: 'stage', messageKey: 'access.countedStageIsManagers' })
	}
	let updateRefused = false
	if (existing?.kind === 'leads') updateRefused = leadAccessProblem(importer, existing) !== null
	if (existing?.kind === 'projects') updateRefused = projectAccessProblem(importer, existing) !== null
	return { issues, updateRefused }
}
