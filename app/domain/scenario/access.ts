// Who may do what with a saved scenario (ADR 0035, on top of ADR 0010 and ADR 0026).
import { type Actor, isManager } from '~/domain/auth/record-access'
import { roleHasPermission } from '~/domain/auth/roles'
import { inScope } from '~/domain/region/scope'

/** Managers and staff (and admins) make scenarios: a 招商专员 prepares one for the 链长. */
export function canCreateScenario(actor: Pick<Actor, 'role'>) {
	return roleHasPermission(actor.role, 'write:crm')
}

/** A scenario is seen by colleagues whose scope holds its region. */
export function canSeeScenario(actor: Pick<Actor, 'scope'>, scenario: { regionId: string | null }) {
	return inScope(actor.scope, scenario.regionId)
}

/** Only its author or a manager changes or deletes a scenario others can see. */
export function scenarioAccessProblem(
	actor: Pick<Actor, 'id' | 'role' | 'scope'>,
	scenario: { authorId: string; regionId: string | null },
): 'access.notYours' | null {
	if (!canSeeScenario(actor, scenario)) return 'access.notYours'
	return scenario.authorId === actor.id || isManager(actor) ? null : 'access.notYours'
}
