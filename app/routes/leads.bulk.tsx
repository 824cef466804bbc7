import { type ActionFunctionArgs } from '@remix-run/node'
import { prisma } from '~/db.server'
import { actorOf } from '~/domain/auth/record-access'
import { type BulkLeadResult, parseBulkLeadForm } from '~/domain/lead/bulk'
import { bulkChangeLeads, BulkLeadRefused, LeadError } from '~/models/lead.server'
import { requirePermission } from '~/utils/auth.server'
import { resourceJson } from '~/utils/resource-json'

/** Nothing to show: the lead list posts here. */
export function loader() {
	return new Response('Method Not Allowed', { status: 405, headers: { Allow: 'POST' } })
}

/** The lead list's bulk actions (move to a stage, 放弃, hand over): all the ticked leads or none. */
export async function action({ request }: ActionFunctionArgs) {
	const user = await requirePermission(request, 'write:crm')
	const parsed = parseBulkLeadForm(await request.formData())
	if (!parsed.success) return resourceJson<BulkLeadResult>({ ok: false, error: parsed.error.issues[0]?.message ?? 'errors.badRequest', refused: [] }, 400)
	try {
		const result = await bulkChangeLeads(prisma, parsed.data, actorOf(user))
		return resourceJson<BulkLeadResult>({ ok: true, ...result })
	} catch (error) {
		if (error instanceof BulkLeadRefused) {
			// Refused only because they are not the user's to change: forbidden; only because none exists for the user
			// (deleted, or another county's, ADR 0026): not found; otherwise a conflict with their state.
			const forbidden = error.refused.every((r) => r.reason.startsWith('access.'))
			const missing = error.refused.every((r) => r.reason === 'leads.errors.notFound')
			return resourceJson<BulkLeadResult>({ ok: false, error: 'leads.bulk.refused', refused: error.refused }, forbidden ? 403 : missing ? 404 : 409)
		}
		if (error instanceof LeadError) return resourceJson<BulkLeadResult>({ ok: false, error: error.messageKey, refused: [] }, error.status)
		throw error
	}
}
