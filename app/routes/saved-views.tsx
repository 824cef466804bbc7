import { type ActionFunctionArgs } from '@remix-run/node'
import { prisma } from '~/db.server'
import { savedViewActionSchema, type SavedViewResult } from '~/domain/saved-view/saved-view-schema'
import { createSavedView, deleteSavedView, SavedViewNameTakenError } from '~/models/saved-view.server'
import { requirePermission } from '~/utils/auth.server'
import { resourceJson } from '~/utils/resource-json'

/** Nothing to show: views are listed by each list page's own loader. */
export function loader() {
	return new Response('Method Not Allowed', { status: 405, headers: { Allow: 'POST' } })
}

/**
 * Resource route of the SavedViews component: save (intent=save, page, name, query)
 * or delete (intent=delete, id) one of the signed-in user's own views.
 * Errors are i18n keys.
 */
export async function action({ request }: ActionFunctionArgs) {
	const user = await requirePermission(request, 'read:any')
	const parsed = savedViewActionSchema.safeParse(Object.fromEntries(await request.formData()))
	if (!parsed.success) {
		return resourceJson<SavedViewResult>({ ok: false, error: parsed.error.issues[0]?.message ?? 'errors.badRequest' }, 400)
	}
	if (parsed.data.intent === 'delete') {
		if (await deleteSavedView(prisma, user.id, parsed.data.id)) return resourceJson<SavedViewResult>({ ok: true, intent: 'delete' })
		return resourceJson<SavedViewResult>({ ok: false, error: 'savedViews.errors.notFound' }, 404)
	}
	try {
		const view = await createSavedView(prisma, user.id, parsed.data)
		return resourceJson<SavedViewResult>({ ok: true, intent: 'save', id: view.id, name: view.name })
	} catch (error) {
		if (!(error instanceof SavedViewNameTakenError)) throw error
		return resourceJson<SavedViewResult>({ ok: false, error: 'savedViews.errors.duplicate' }, 409)
	}
}
