import { PROJECT_STAGES } from '~/domain/project/stages'
import { type RegionScope } from '~/domain/region/scope'
import { type Role } from './roles'

/**
 * Who may change which record (ADR 0010). Pure rules over the facts of the
 * record and the signed-in user; the models call them inside the write's
 * transaction, the pages call them to show only what would be allowed.
 *
 * Staff read everything but change only leads, activities and projects that
 * they own or that belong to their unit. The records that assessments count
 * (a project at 签约/开工/投产, a company's tags and revenue) and handing work
 * to someone else (lead owner or unit) are for managers; admins have the
 * manager's rights plus account management.
 */
export type Actor = { id: string; role: Role; unitId: string | null; regionId: string | null; scope: RegionScope }

/** The actor of a signed-in user as loaders and actions get it (requireUser). */
export function actorOf(user: { id: string; role: Role; unit: { id: string } | null; regionId: string | null; scope: RegionScope }): Actor {
	return { id: user.id, role: user.role, unitId: user.unit?.id ?? null, regionId: user.regionId, scope: user.scope }
}

/** Refusal reasons, as i18n keys under `access.`. */
export type AccessProblem =
	| 'access.notYours'
	| 'access.reassignIsManagers'
	| 'access.countedStageIsManagers'
	| 'access.countedProjectIsManagers'
	| 'access.countedCompanyFactsAreManagers'
	| 'access.verifyIsManagers'

export const isManager = (actor: Pick<Actor, 'role'>) => actor.role === 'manager' || actor.role === 'admin'

/** Stages that quotas count: moving into them, or changing a project in them, is a manager's act. */
export const COUNTED_PROJECT_STAGES: readonly string[] = ['signed', 'started', 'producing']

type Owned = { ownerId: string | null; unitId: string | null }

/** The record is the actor's own, or belongs to the actor's unit. */
function ownsOrSameUnit(actor: Actor, record: Owned) {
	return record.ownerId === actor.id || (actor.unitId !== null && record.unitId === actor.unitId)
}

export function leadAccessProblem(actor: Actor, lead: Owned): AccessProblem | null {
	if (isManager(actor) || ownsOrSameUnit(actor, lead)) return null
	return 'access.notYours'
}

/**
 * A lead's owner and unit as set by the form: staff keep them (a new lead is
 * their own, in their unit or none); only a manager hands a lead to someone else.
 */
export function leadAssignmentProblem(actor: Actor, next: Owned, current: Owned | null): AccessProblem | null {
	if (isManager(actor)) return null
	const expected = current ?? { ownerId: actor.id, unitId: next.unitId === null ? null : actor.unitId }
	return next.ownerId === expected.ownerId && next.unitId === expected.unitId ? null : 'access.reassignIsManagers'
}

type ProjectFacts = { ownerId: string | null; responsibleUnitId: string | null; stage: string }

/** May the actor edit the project (its form fields) as it stands? */
export function projectAccessProblem(actor: Actor, project: ProjectFacts): AccessProblem | null {
	if (isManager(actor)) return null
	if (!ownsOrSameUnit(actor, { ownerId: project.ownerId, unitId: project.responsibleUnitId })) return 'access.notYours'
	// A terminated project that had reached 签约 may have counted in a closed period.
	if (project.stage !== 'negotiating') return 'access.countedProjectIsManagers'
	return null
}

/** Saving a project form that puts the project in `stage` (new or edited): staff keep it in 洽谈 or end it. */
export function projectStageProblem(actor: Actor, stage: string): AccessProblem | null {
	return isManager(actor) || !COUNTED_PROJECT_STAGES.includes(stage) ? null : 'access.countedStageIsManagers'
}

/** The stages a project form offers the actor. */
export function allowedProjectStages(actor: Actor) {
	return PROJECT_STAGES.filter((stage) => projectStageProblem(actor, stage) === null)
}

/** Moving a project to its next stage, or to 终止. */
export function projectAdvanceProblem(actor: Actor, project: ProjectFacts, toStage: string): AccessProblem | null {
	if (isManager(actor)) return null
	if (COUNTED_PROJECT_STAGES.includes(toStage)) return 'access.countedStageIsManagers'
	return projectAccessProblem(actor, project)
}

/**
 * Attaching evidence (文号, file) to a reached 签约/开工/投产: whoever answers for
 * the project may, since evidence alone counts nothing until a manager verifies it.
 */
export function evidenceSubmitProblem(actor: Actor, project: Pick<ProjectFacts, 'ownerId' | 'responsibleUnitId'>): AccessProblem | null {
	if (isManager(actor) || ownsOrSameUnit(actor, { ownerId: project.ownerId, unitId: project.responsibleUnitId })) return null
	return 'access.notYours'
}

/** Verifying or rejecting evidence (核验): what makes a stage count, so a manager's act. */
export function evidenceReviewProblem(actor: Actor): AccessProblem | null {
	return isManager(actor) ? null : 'access.verifyIsManagers'
}

/** Company facts that quotas count (新增高新技术企业, 营收超10亿元企业…). */
export type CountedCompanyFacts = { tags: readonly { tag: string; grantedYear: number | null }[]; revenueCNY: number | null }

function sameCountedFacts(a: CountedCompanyFacts, b: CountedCompanyFacts) {
	const key = (f: CountedCompanyFacts) => JSON.stringify([[...f.tags].map((t) => `${t.tag}:${t.grantedYear ?? ''}`).sort(), f.revenueCNY])
	return key(a) === key(b)
}

/**
 * Staff may create and edit companies, but not set or change the facts that
 * quotas count; `before` is null for a new company.
 */
export function companyFactsProblem(actor: Actor, next: CountedCompanyFacts, before: CountedCompanyFacts | null): AccessProblem | null {
	if (isManager(actor)) return null
	const baseline = before ?? { tags: [], revenueCNY: null }
	return sameCountedFacts(next, baseline) ? null : 'access.countedCompanyFactsAreManagers'
}

/** Undoing an import: its importer or a manager. */
export function importUndoProblem(actor: Actor, batch: { userId: string | null }): AccessProblem | null {
	return isManager(actor) || batch.userId === actor.id ? null : 'access.notYours'
}
