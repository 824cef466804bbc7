import { type ActionFunctionArgs } from '@remix-run/node'
import { prisma } from '~/db.server'
import { savedViewActionSchema, type SavedViewResult } from '~/domain/saved-view/saved-view-schema'
import { createSavedView, deleteSavedView } from '~/models/saved-view.server'
import { requirePermission } from '~/utils/auth.server'
import { fieldErrors, refusal, refusalOf } from '~/utils/forms'
import { resourceJson } from '~/utils/resource-json'
import { UserError } from '~/utils/user-error'

/** Nothing to show: views are listed by each list page's own loader. */
export function loader() {
	return new Response('Method Not Allowed', { status: 405, headers: { Allow: 'POST' } })
}

/**
 * Resource route of the SavedViews component: save (intent=save, page, name, query)
 * or delete (intent=delete, id) one of the signed-in user's own views.
 * A refused name is answered under `errors.name`, anything else in `formError`.
 */
export async function action({ request }: ActionFunctionArgs) {
	const user = await requirePermission(request, 'read:any')
	const parsed = savedViewActionSchema.safeParse(Object.fromEntries(await request.formData()))
	if (!parsed.success) {
		// The name is the only field the user types; the others are the page's own (a tampered form).
		const { name, ...others } = fieldErrors(parsed.error)
		return resourceJson<SavedViewResult>(name ? refusal({ name }) : refusal({}, Object.values(others)[0] ?? 'errors.badRequest'), 400)
	}
	if (parsed.data.intent === 'delete') {
		if (await deleteSavedView(prisma, user.id, parsed.data.id)) return resourceJson<SavedViewResult>({ ok: true, intent: 'delete' })
		return resourceJson<SavedViewResult>(refusal({}, 'savedViews.errors.notFound'), 404)
	}
	try {
		const view = await createSavedView(prisma, user.id, parsed.data)
		return resourceJson<SavedViewResult>({ ok: true, intent: 'save', id: view.id, name: view.name })
	} catch (error) {
		if (!(error instanceof UserError)) throw error
		return resourceJson<SavedViewResult>(refusalOf(error), error.status)
	}
}
